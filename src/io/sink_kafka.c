/* The Kafka sink: an idempotent producer; the message value is the row as a
 * JSON object or CSV record, the key the KAFKA_KEY column's text. Every
 * delivery report is checked: one that fails for good (after librdkafka's
 * retries, which ride out broker outages for message.timeout.ms) fails the
 * application with exit 1. A full local queue is back-pressure: producing
 * waits, and so does the pipeline behind it.
 *
 * With --checkpoint, where each row goes is decided here, the same way in
 * every run (keyed rows by librdkafka's consistent partitioner, as without
 * checkpoints; rows without a key round-robin), and a checkpoint notes each
 * partition's end once everything is delivered. A restored run asks each
 * partition's end again: the difference is what the killed run wrote after
 * the checkpoint, and the restored run, producing the same rows in the same
 * order, skips that many of each partition's. That needs this application
 * to be the topic's only writer (docs/CHECKPOINTS.md). */
#include "exec/rt.h"
#include "io/kafka.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What close waits for the last deliveries before calling them lost. */
#define CLOSE_DRAIN_MS 60000

/* How long a checkpoint waits for deliveries before it is postponed. */
#define MARK_DRAIN_MS 5000

typedef struct kafka_sink {
    rd_kafka_t *rk;
    ss_kafka_trouble trouble;
    int key_col;
    ss_buf rec;
    uint64_t produced, delivered;
    /* checkpointed */
    rd_kafka_topic_t *rkt;
    int32_t nparts;     /* 0: not known yet */
    uint64_t keyless;   /* rows without a key so far: the round-robin */
    uint64_t *skip;     /* per partition: rows the killed run already wrote */
} kafka_sink;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    ss_rt_sink *k = ((ss_kafka_trouble *)opaque)->owner;
    kafka_sink *ks = k->impl;
    if (m->err) {
        ss_rt_sink_fail(k, "stream %s: a record could not be delivered to kafka topic %s: %s", k->def->name,
                        k->def->binding.target, rd_kafka_err2str(m->err));
        return;
    }
    ks->delivered++;
}

static int kafka_open(ss_rt_sink *k, char *err, size_t errlen)
{
    kafka_sink *ks = ss_xcalloc(1, sizeof *ks);
    k->impl = ks;
    ks->key_col = -1;
    for (uint32_t i = 0; k->def->binding.kafka_key && i < k->def->ncols; i++)
        if (strcmp(k->def->cols[i].name, k->def->binding.kafka_key) == 0)
            ks->key_col = (int)i;
    rd_kafka_conf_t *conf = ss_kafka_conf(k->def, "producer", &ks->trouble, err, errlen);
    if (!conf)
        return -1;
    ks->trouble.owner = k;
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    ks->rk = ss_kafka_new(RD_KAFKA_PRODUCER, conf, k->def, err, errlen);
    if (!ks->rk)
        return -1;
    return 0;
}

/* The topic's partition count, waiting for the brokers as producing does. */
static int32_t partitions(ss_rt_sink *k)
{
    kafka_sink *ks = k->impl;
    rd_kafka_resp_err_t why;
    for (int tries = 0; !ks->nparts && tries < 60 && !k->failed; tries++)
        ks->nparts = ss_kafka_partitions(ks->rk, k->def->binding.target, 1000, &why);
    if (ks->nparts && !ks->skip) {
        ks->rkt = rd_kafka_topic_new(ks->rk, k->def->binding.target, NULL); /* for the partitioner */
        ks->skip = ss_xcalloc((size_t)ks->nparts, sizeof *ks->skip);
    }
    if (!ks->nparts)
        ss_rt_sink_fail(k, "stream %s: cannot learn the partitions of kafka topic %s (brokers %s)", k->def->name,
                        k->def->binding.target, ks->trouble.brokers);
    return ks->nparts;
}

static void kafka_write(ss_rt_sink *k, const ss_rows *rows)
{
    kafka_sink *ks = k->impl;
    if (k->checkpointed && !partitions(k))
        return;
    for (uint32_t r = 0; r < rows->n && !k->failed; r++) {
        const ss_value *row = ss_rows_row(rows, r);
        ss_buf_clear(&ks->rec);
        ss_encode_row(&k->enc, row, &ks->rec);
        size_t len = ks->rec.len;
        if (len && ks->rec.data[len - 1] == '\n')
            len--; /* a message is one record, without the line end */
        char keybuf[SS_VALUE_TEXT_MAX];
        const char *key = NULL;
        uint32_t klen = 0;
        if (ks->key_col >= 0 && !row[ks->key_col].null)
            klen = ss_value_text(row[ks->key_col], k->def->cols[ks->key_col].type, keybuf, &key);
        int32_t part = RD_KAFKA_PARTITION_UA;
        if (k->checkpointed) {
            part = key ? rd_kafka_msg_partitioner_consistent_random(ks->rkt, key, klen, ks->nparts, NULL, NULL)
                       : (int32_t)(ks->keyless++ % (uint64_t)ks->nparts);
            if (ks->skip[part]) {
                ks->skip[part]--; /* written by the run that was killed */
                continue;
            }
        }
        for (;;) {
            rd_kafka_resp_err_t e =
                rd_kafka_producev(ks->rk, RD_KAFKA_V_TOPIC(k->def->binding.target), RD_KAFKA_V_PARTITION(part),
                                  RD_KAFKA_V_VALUE(ks->rec.data, len), RD_KAFKA_V_KEY(key, key ? klen : 0),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(ks->rk, 100); /* wait for room: brokers are slow or away */
                continue;
            }
            if (e)
                ss_rt_sink_fail(k, "stream %s: cannot produce to kafka topic %s: %s", k->def->name,
                                k->def->binding.target, rd_kafka_err2str(e));
            else
                ks->produced++;
            break;
        }
    }
    rd_kafka_poll(ks->rk, 0);
}

static int kafka_flush(ss_rt_sink *k)
{
    kafka_sink *ks = k->impl;
    rd_kafka_poll(ks->rk, 0);
    return k->failed ? -1 : 0;
}

static int kafka_drain(ss_rt_sink *k, int timeout_ms)
{
    kafka_sink *ks = k->impl;
    rd_kafka_resp_err_t e = rd_kafka_flush(ks->rk, timeout_ms);
    if (k->failed)
        return -1;
    return e == RD_KAFKA_RESP_ERR_NO_ERROR && ks->delivered == ks->produced ? 0 : 1;
}

static void kafka_close(ss_rt_sink *k)
{
    kafka_sink *ks = k->impl;
    if (!ks)
        return;
    if (ks->rk) {
        rd_kafka_flush(ks->rk, CLOSE_DRAIN_MS);
        int left = rd_kafka_outq_len(ks->rk);
        if (left > 0 && !k->failed)
            ss_rt_sink_fail(k, "stream %s: %d record(s) not delivered to kafka topic %s (brokers %s)", k->def->name,
                            left, k->def->binding.target, ks->trouble.brokers);
        if (ks->rkt)
            rd_kafka_topic_destroy(ks->rkt);
        rd_kafka_destroy(ks->rk);
    }
    ss_buf_free(&ks->rec);
    free(ks->skip);
    free(ks);
    k->impl = NULL;
}

/* The end of every partition; -1 when one cannot be had. */
static int partition_ends(ss_rt_sink *k, int64_t *ends, char *err, size_t errlen)
{
    kafka_sink *ks = k->impl;
    for (int32_t p = 0; p < ks->nparts; p++) {
        int64_t lo, hi;
        rd_kafka_resp_err_t e =
            rd_kafka_query_watermark_offsets(ks->rk, k->def->binding.target, p, &lo, &hi, MARK_DRAIN_MS);
        if (e) {
            snprintf(err, errlen, "stream %s: the end of kafka topic %s [%d]: %s", k->def->name,
                     k->def->binding.target, p, rd_kafka_err2str(e));
            return -1;
        }
        ends[p] = hi;
    }
    return 0;
}

static int kafka_mark(ss_rt_sink *k, ss_buf *pos, char *err, size_t errlen)
{
    kafka_sink *ks = k->impl;
    if (!partitions(k)) {
        snprintf(err, errlen, "%s", k->failure);
        return -1;
    }
    if (kafka_drain(k, MARK_DRAIN_MS) != 0) {
        if (k->failed) {
            snprintf(err, errlen, "%s", k->failure);
            return -1;
        }
        snprintf(err, errlen, "stream %s: results not all delivered to kafka topic %s within %d ms",
                 k->def->name, k->def->binding.target, MARK_DRAIN_MS);
        return 1;
    }
    int64_t *ends = ss_xcalloc((size_t)ks->nparts, sizeof *ends);
    int rc = partition_ends(k, ends, err, errlen);
    if (rc == 0) {
        ss_put_u64(pos, ks->keyless);
        ss_put_u64(pos, (uint64_t)ks->nparts);
        for (int32_t p = 0; p < ks->nparts; p++)
            ss_put_i64(pos, ends[p] - (int64_t)ks->skip[p]); /* skips pending: not reached yet */
    }
    free(ends);
    return rc ? 1 : 0;
}

static int kafka_rewind(ss_rt_sink *k, ss_reader *pos, char *err, size_t errlen)
{
    kafka_sink *ks = k->impl;
    ks->keyless = ss_get_u64(pos);
    uint64_t n = ss_get_u64(pos);
    if (pos->bad || n > (uint64_t)(pos->end - pos->p))
        return 0; /* reported as damage by the caller */
    if (!partitions(k)) {
        snprintf(err, errlen, "%s", k->failure);
        return -1;
    }
    if (n != (uint64_t)ks->nparts) {
        snprintf(err, errlen, "stream %s: kafka topic %s has %d partitions, %llu at the checkpoint", k->def->name,
                 k->def->binding.target, ks->nparts, (unsigned long long)n);
        return -1;
    }
    int64_t *ends = ss_xcalloc((size_t)n + 1, sizeof *ends);
    int rc = partition_ends(k, ends, err, errlen);
    uint64_t total = 0;
    for (uint32_t p = 0; rc == 0 && p < n; p++) {
        int64_t then = ss_get_i64(pos);
        if (ends[p] < then) {
            snprintf(err, errlen,
                     "stream %s: kafka topic %s [%u] ends at %lld, before the checkpoint's %lld: it was deleted or "
                     "truncated",
                     k->def->name, k->def->binding.target, p, (long long)ends[p], (long long)then);
            rc = -1;
        } else {
            ks->skip[p] = (uint64_t)(ends[p] - then);
            total += ks->skip[p];
        }
    }
    free(ends);
    if (rc == 0 && total)
        fprintf(stderr, "streamsql: stream %s: %llu result(s) the stopped run wrote to kafka topic %s after the "
                        "checkpoint are not written again\n",
                k->def->name, (unsigned long long)total, k->def->binding.target);
    return rc;
}

const ss_sink_driver ss_kafka_sink = {kafka_open, kafka_write, kafka_flush, kafka_drain, kafka_close, kafka_mark,
                                      kafka_rewind};
