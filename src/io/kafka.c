/* librdkafka configuration and broker-trouble reporting; see kafka.h. */
#include "io/kafka.h"
#include "sql/explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *ss_kafka_brokers(const ss_binding *b)
{
    if (b->kafka_brokers && *b->kafka_brokers)
        return b->kafka_brokers;
    const char *env = getenv("STREAMSQL_KAFKA_BROKERS");
    return env && *env ? env : "localhost:9092";
}

int ss_kafka_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err, size_t errlen)
{
    char why[256];
    if (rd_kafka_conf_set(conf, key, value, why, sizeof why) != RD_KAFKA_CONF_OK) {
        /* librdkafka's message may quote the value; a secret must not be echoed. */
        if (ss_is_secret_key(key))
            snprintf(err, errlen, "kafka property '%s' is not accepted", key);
        else
            snprintf(err, errlen, "kafka property '%s': %s", key, why);
        return -1;
    }
    return 0;
}

/* Errors librdkafka cannot get past on its own (it retries the rest). */
static void on_error(rd_kafka_t *rk, int code, const char *reason, void *opaque)
{
    (void)rk;
    ss_kafka_trouble *t = opaque;
    long now = (long)time(NULL);
    /* Reconnects are librdkafka's business (with backoff); people get one
     * line every ten seconds while brokers stay away. */
    if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || code == RD_KAFKA_RESP_ERR__TRANSPORT ||
        code == RD_KAFKA_RESP_ERR__RESOLVE) {
        t->broker_down = 1;
        if (now - t->last_warning < 10)
            return;
        t->last_warning = now;
        fprintf(stderr, "streamsql: warning: stream %s: kafka brokers %s unreachable (%s); retrying\n",
                t->stream, t->brokers, rd_kafka_err2str((rd_kafka_resp_err_t)code));
        return;
    }
    fprintf(stderr, "streamsql: warning: stream %s: kafka: %s: %s\n", t->stream,
            rd_kafka_err2name((rd_kafka_resp_err_t)code), reason);
}

/* Warnings and worse by default; $STREAMSQL_KAFKA_LOG_LEVEL (syslog levels,
 * 7 with 'kafka.debug' = '...') shows more when a connection misbehaves. */
static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    static int threshold = -1;
    if (threshold < 0) {
        const char *env = getenv("STREAMSQL_KAFKA_LOG_LEVEL");
        threshold = env && *env ? atoi(env) : 4;
    }
    /* A refused connection is logged by librdkafka on every retry; the error
     * callback already says, once per outage, which brokers are unreachable. */
    if (level <= threshold && (threshold >= 6 || strcmp(fac, "FAIL") != 0))
        fprintf(stderr, "streamsql: kafka %s: %s\n", fac, buf);
}

rd_kafka_conf_t *ss_kafka_conf(const ss_stream *s, const char *role, ss_kafka_trouble *t, char *err,
                               size_t errlen)
{
    const ss_binding *b = &s->binding;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    snprintf(t->brokers, sizeof t->brokers, "%s", ss_kafka_brokers(b));
    snprintf(t->stream, sizeof t->stream, "%s", s->name);
    rd_kafka_conf_set_opaque(conf, t);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_log_cb(conf, on_log);
    int rc = ss_kafka_set(conf, "bootstrap.servers", ss_kafka_brokers(b), err, errlen);
    rc = rc ? rc : ss_kafka_set(conf, "client.id", "streamsql", err, errlen);
    /* Back within 2 s of the brokers, rather than librdkafka's 10: an outage
     * shorter than the session timeout then costs the group no rebalance. */
    rc = rc ? rc : ss_kafka_set(conf, "reconnect.backoff.max.ms", "2000", err, errlen);
    if (strcmp(role, "consumer") == 0) {
        rc = rc ? rc : ss_kafka_set(conf, "enable.auto.commit", "false", err, errlen);
        rc = rc ? rc : ss_kafka_set(conf, "enable.auto.offset.store", "false", err, errlen);
        rc = rc ? rc : ss_kafka_set(conf, "enable.partition.eof", "true", err, errlen);
        /* Incremental rebalancing: members keep their partitions while the
         * group rebalances, and give up only the ones that move, after the
         * group is stable again, when their hand-off commit is accepted. */
        rc = rc ? rc : ss_kafka_set(conf, "partition.assignment.strategy", "cooperative-sticky", err, errlen);
        /* librdkafka 2.0 counts this against the whole consumer queue and,
         * once reached, stops fetching for fetch.error.backoff.ms: a busy
         * engine then runs dry. The byte bound (queued.max.messages.kbytes,
         * 64 MB) still caps the memory. */
        rc = rc ? rc : ss_kafka_set(conf, "queued.min.messages", "1000000", err, errlen);
        /* A member that dies is noticed in 10 s rather than librdkafka's 45. */
        rc = rc ? rc : ss_kafka_set(conf, "session.timeout.ms", "10000", err, errlen);
        rc = rc ? rc : ss_kafka_set(conf, "auto.offset.reset", b->start == SS_START_LATEST ? "latest" : "earliest",
                                    err, errlen);
    } else {
        /* Exactly one copy of every result per produce, whatever the retries. */
        rc = rc ? rc : ss_kafka_set(conf, "enable.idempotence", "true", err, errlen);
        rc = rc ? rc : ss_kafka_set(conf, "linger.ms", "5", err, errlen);
        /* Outages are waited out for ten minutes before a result counts as lost. */
        rc = rc ? rc : ss_kafka_set(conf, "message.timeout.ms", "600000", err, errlen);
    }
    for (uint32_t i = 0; i < b->nkafka_props && !rc; i++)
        rc = ss_kafka_set(conf, b->kafka_props[i].key, b->kafka_props[i].value, err, errlen);
    if (rc) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    return conf;
}

rd_kafka_t *ss_kafka_new(rd_kafka_type_t type, rd_kafka_conf_t *conf, const ss_stream *s, char *err, size_t errlen)
{
    char why[512];
    rd_kafka_t *rk = rd_kafka_new(type, conf, why, sizeof why);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        snprintf(err, errlen, "stream %s: cannot create a Kafka %s: %s", s->name,
                 type == RD_KAFKA_CONSUMER ? "consumer" : "producer", why);
    }
    return rk;
}

int32_t ss_kafka_partitions(rd_kafka_t *rk, const char *topic, int timeout_ms, rd_kafka_resp_err_t *why)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    const rd_kafka_metadata_t *md = NULL;
    rd_kafka_resp_err_t e = rkt ? rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms) : rd_kafka_last_error();
    int32_t n = 0;
    if (!e && md->topic_cnt != 1)
        e = RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC;
    else if (!e && md->topics[0].err)
        e = md->topics[0].err;
    else if (!e)
        n = md->topics[0].partition_cnt;
    if (md)
        rd_kafka_metadata_destroy(md);
    if (rkt)
        rd_kafka_topic_destroy(rkt);
    *why = n > 0 ? RD_KAFKA_RESP_ERR_NO_ERROR : e ? e : RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;
    return n > 0 ? n : 0;
}
