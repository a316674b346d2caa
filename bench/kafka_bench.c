/* streamsql-kafka-bench: the Kafka benchmark (not a test; issue 4).
 *
 * Throughput: pre-fills a topic (4 partitions unless --partitions) with N JSON
 * records (the engine benchmark's records: 100 keys, event time ascending,
 * 10,000 rows per second of event time), keyed by the group key, then runs the
 * tumbling 1-minute COUNT/AVG/MIN/MAX GROUP BY from that topic to a sink topic
 * with STOP_AT_END = TRUE, and reports rows / CPU time of the engine's
 * process. The input must still be whole when the run starts (the mock broker
 * keeps 5 MiB a partition, see prefill), and the sink topic is read back and
 * every window's count checked against what was produced: a wrong result
 * fails the benchmark.
 *
 * Latency: the application runs live over 1-second windows (watermark delay
 * 0) while a producer sends records at a steady rate with event time = wall
 * clock; for each window it measures the time from producing the record that
 * closes the window (on the last partition to get one: the watermark is the
 * minimum over partitions) to receiving the window's results from the sink.
 *
 * The broker is `streamsql broker --port 0` (librdkafka's mock cluster) in
 * its own process, and the application runs through ss_run_app in a child
 * process forked before this process starts any librdkafka thread, so the
 * CPU time reported for the engine is its own: not the broker's, not the
 * benchmark's producer or consumer.
 *
 *   streamsql-kafka-bench [--rows N] [--partitions N] [--compression none|lz4|...] [--rate EV/S]
 *       [--seconds S] [--window-s S] [--linger-ms MS] [--sink-linger-ms MS] [--fetch-wait-ms MS] [--trip]
 *       [--source-prop KEY=VALUE]...
 *       [--streamsql PATH] [throughput] [latency]
 */
#include "compiled.h"
#include "streamsql/streamsql.h"

#include <errno.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PARTS 4
#define NKEYS 100
#define T0_MS 1767225600000LL /* 2026-01-01 00:00:00 UTC, a minute boundary */

typedef struct options {
    long rows;
    int partitions; /* of the throughput topic */
    const char *compression;
    double rate;
    int seconds, window_s, warmup_s;
    const char *linger_ms;      /* the input producer's */
    const char *sink_linger_ms; /* the application's sink's */
    const char *fetch_wait_ms;  /* the application's source's and the result reader's */
    char streamsql[4096];
    bool throughput, latency;
    bool trip; /* also time the closing records' own trip through the broker */
    char source_props[2048]; /* --source-prop K=V...: ", 'kafka.K' = 'V'" for the application's source */
} options;

/* ---- clocks ---- */

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* CPU seconds (user, system) of another process so far, from /proc: the
 * broker's, whose time is not in our rusage until it exits. */
static void proc_cpu(pid_t pid, double *user, double *sys)
{
    *user = *sys = 0;
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    const char *p = strrchr(line, ')'); /* the command name may hold spaces */
    unsigned long ut, st;
    if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2) {
        double hz = (double)sysconf(_SC_CLK_TCK);
        *user = (double)ut / hz;
        *sys = (double)st / hz;
    }
}

/* ---- the broker: `streamsql broker --port 0`, its own process ---- */

typedef struct broker {
    pid_t pid;
    int ctl; /* its stdin: control commands */
    FILE *out;
    char addr[256];
} broker;

static int broker_start(broker *b, const char *exe, int tp_parts)
{
    char tp_in[32];
    snprintf(tp_in, sizeof tp_in, "tp-in:%d", tp_parts);
    int in[2], out[2];
    if (pipe(in) || pipe(out))
        return -1;
    pid_t parent = getpid();
    b->pid = fork();
    if (b->pid < 0)
        return -1;
    if (b->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* no broker left behind if we die */
        if (getppid() != parent)
            _exit(1);
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        execl(exe, exe, "broker", "--port", "0", "--topic", tp_in, "--topic", "tp-out:4", "--topic",
              "lat-in:4", "--topic", "lat-out:4", (char *)NULL);
        fprintf(stderr, "kafka-bench: cannot run %s: %s\n", exe, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    b->ctl = in[1];
    b->out = fdopen(out[0], "r");
    char line[512];
    while (b->out && fgets(line, sizeof line, b->out)) {
        if (strncmp(line, "brokers: ", 9) == 0) {
            snprintf(b->addr, sizeof b->addr, "%.255s", line + 9);
            b->addr[strcspn(b->addr, "\r\n")] = 0;
            return 0;
        }
    }
    fprintf(stderr, "kafka-bench: the broker (%s) did not start\n", exe);
    return -1;
}

static void broker_stop(broker *b)
{
    if (b->pid <= 0)
        return;
    if (write(b->ctl, "quit\n", 5) != 5)
        kill(b->pid, SIGTERM);
    close(b->ctl);
    waitpid(b->pid, NULL, 0);
    if (b->out)
        fclose(b->out);
    b->pid = 0;
}

/* ---- the application: ss_run_app in a child process ---- */

typedef struct app_result {
    int rc;
    double wall, user, sys;
    ss_run_stats st;
} app_result;

typedef struct app_child {
    pid_t pid;
    int go;  /* one byte: start; closed unwritten: exit */
    int res; /* the app_result */
} app_child;

static volatile int app_stop;

static void on_stop(int sig)
{
    (void)sig;
    app_stop = 1;
}

static void app_main(const char *name, const char *sql, int go, int res)
{
    char c;
    if (read(go, &c, 1) != 1)
        _exit(0);
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGINT, &sa, NULL);
    app_result r = {0};
    compiled comp;
    ss_app *app = compile_app(&comp, name, sql);
    if (!app) {
        r.rc = 2;
    } else {
        ss_run_options o = {.quiet = true, .stop = &app_stop};
        struct rusage a, b;
        getrusage(RUSAGE_SELF, &a); /* every thread's, librdkafka's included */
        int64_t t = mono_ns();
        r.rc = ss_run_app(app, &o, &r.st);
        r.wall = (double)(mono_ns() - t) / 1e9;
        getrusage(RUSAGE_SELF, &b);
        r.user = tv_s(b.ru_utime) - tv_s(a.ru_utime);
        r.sys = tv_s(b.ru_stime) - tv_s(a.ru_stime);
    }
    if (write(res, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
    _exit(0);
}

/* Forked now, while this process has no librdkafka thread (a fork copies
 * only the calling thread, and a lock another thread held would stay held);
 * waits for app_go. */
static int app_fork(app_child *a, const char *name, const char *sql)
{
    int go[2], res[2];
    if (pipe(go) || pipe(res))
        return -1;
    pid_t parent = getpid();
    a->pid = fork();
    if (a->pid < 0)
        return -1;
    if (a->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(1);
        close(go[1]);
        close(res[0]);
        app_main(name, sql, go[0], res[1]);
    }
    close(go[0]);
    close(res[1]);
    a->go = go[1];
    a->res = res[0];
    return 0;
}

static int app_go(app_child *a)
{
    int rc = write(a->go, "g", 1) == 1 ? 0 : -1;
    close(a->go);
    a->go = -1;
    return rc;
}

static int app_wait(app_child *a, app_result *r)
{
    ssize_t got = read(a->res, r, sizeof *r);
    close(a->res);
    int status;
    waitpid(a->pid, &status, 0);
    a->pid = 0;
    if (got != (ssize_t)sizeof *r) {
        fprintf(stderr, "kafka-bench: the application process died (status %d)\n", status);
        return -1;
    }
    if (r->rc) {
        fprintf(stderr, "kafka-bench: the application failed (rc %d)\n", r->rc);
        return -1;
    }
    return 0;
}

/* Killed, started or not: a child forked later holds a copy of this one's
 * go pipe, so closing ours would not end its wait. */
static void app_abandon(app_child *a)
{
    if (a->pid <= 0)
        return;
    if (a->go >= 0)
        close(a->go);
    kill(a->pid, SIGKILL);
    waitpid(a->pid, NULL, 0);
    a->pid = 0;
}

/* ---- librdkafka clients of the benchmark itself ---- */

static atomic_long delivery_errors;

/* A message produced with an opaque gets the time of its acknowledgement
 * written there: the broker has appended it by then. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk, (void)opaque;
    if (m->err && atomic_fetch_add(&delivery_errors, 1) == 0)
        fprintf(stderr, "kafka-bench: delivery failed: %s\n", rd_kafka_err2str(m->err));
    if (!m->err && m->_private)
        *(int64_t *)m->_private = mono_ns();
}

/* props: key, value, ..., NULL. */
static rd_kafka_t *client(rd_kafka_type_t type, const char *brokers, const char *const *props)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[512];
    if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, err, sizeof err) != RD_KAFKA_CONF_OK)
        goto bad;
    for (; props && props[0]; props += 2)
        if (rd_kafka_conf_set(conf, props[0], props[1], err, sizeof err) != RD_KAFKA_CONF_OK)
            goto bad;
    if (type == RD_KAFKA_PRODUCER)
        rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(type, conf, err, sizeof err);
    if (rk)
        return rk;
bad:
    fprintf(stderr, "kafka-bench: client configuration: %s\n", err);
    rd_kafka_conf_destroy(conf);
    return NULL;
}

static int produce(rd_kafka_t *rk, const char *topic, int part, unsigned key, const char *val, size_t len,
                   int64_t *acked_ns)
{
    char kbuf[16];
    int klen = snprintf(kbuf, sizeof kbuf, "key%02u", key);
    for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(part), RD_KAFKA_V_KEY(kbuf, (size_t)klen),
            RD_KAFKA_V_VALUE((void *)val, len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(acked_ns),
            RD_KAFKA_V_END);
        if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_poll(rk, 10);
            continue;
        }
        if (e)
            fprintf(stderr, "kafka-bench: produce: %s\n", rd_kafka_err2str(e));
        return e ? -1 : 0;
    }
}

/* A consumer of every partition of `topic` from its beginning, outside any
 * group's management (assign, no commits). */
static rd_kafka_t *reader(const char *brokers, const char *topic, const char *also, const char *fetch_wait_ms)
{
    char group[64];
    snprintf(group, sizeof group, "kafka-bench-reader-%d", (int)getpid());
    const char *props[] = {"group.id", group, "enable.auto.commit", "false", "fetch.wait.max.ms", fetch_wait_ms,
                           "enable.partition.eof", "false", NULL};
    rd_kafka_t *rk = client(RD_KAFKA_CONSUMER, brokers, props);
    if (!rk)
        return NULL;
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(PARTS);
    for (int p = 0; p < PARTS; p++) {
        rd_kafka_topic_partition_list_add(l, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        if (also)
            rd_kafka_topic_partition_list_add(l, also, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_resp_err_t e = rd_kafka_assign(rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (e) {
        fprintf(stderr, "kafka-bench: assign %s: %s\n", topic, rd_kafka_err2str(e));
        rd_kafka_destroy(rk);
        return NULL;
    }
    return rk;
}

/* A result message of the GROUP BY: its key number, window start (epoch ms)
 * and count; -1 when it is not one. */
static int parse_result(const rd_kafka_message_t *m, unsigned *key, int64_t *win, int64_t *n)
{
    json_error_t je;
    json_t *o = json_loadb(m->payload, m->len, 0, &je);
    int rc = -1;
    const char *k = json_string_value(json_object_get(o, "K"));
    json_t *w = json_object_get(o, "W"), *c = json_object_get(o, "N");
    if (k && strncmp(k, "key", 3) == 0 && json_is_integer(w) && json_is_integer(c)) {
        *key = (unsigned)atoi(k + 3);
        *win = json_integer_value(w);
        *n = json_integer_value(c);
        rc = *key < NKEYS ? 0 : -1;
    }
    json_decref(o);
    return rc;
}

/* ---- throughput ---- */

/* The engine benchmark's record (bench/bench.c): row i of a deterministic
 * sequence; `key` is its group key. */
static int record(char *buf, size_t cap, long i, uint64_t *x, unsigned *key)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *key = (unsigned)(*x % NKEYS);
    long user = (long)((i * 7919L) % 1000000L);
    return snprintf(buf, cap, "{\"ts\":%lld,\"k\":\"key%02u\",\"u\":\"user%06ld\",\"v\":%u.%02u}", T0_MS + i / 10,
                    *key, user, (unsigned)((*x >> 8) % 1000), (unsigned)((*x >> 20) % 100));
}

static const char tp_sql[] =
    "CREATE STREAM S (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)\n"
    "  WITH (KAFKA_TOPIC = 'tp-in', KAFKA_BROKERS = '%s', KAFKA_GROUP_ID = 'tp-app', ROWTIME = 'TS',\n"
    "        STOP_AT_END = TRUE%s);\n"
    "CREATE STREAM OUT (K VARCHAR(16), W BIGINT, N BIGINT, A DOUBLE, LO DOUBLE, HI DOUBLE)\n"
    "  WITH (KAFKA_TOPIC = 'tp-out', KAFKA_BROKERS = '%s', KAFKA_KEY = 'K');\n"
    "CREATE PUMP P AS INSERT INTO OUT\n"
    "SELECT STREAM K, STEP(S.ROWTIME BY INTERVAL '1' MINUTE), COUNT(*), AVG(V), MIN(V), MAX(V)\n"
    "FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '1' MINUTE);\n";

typedef struct fill_result {
    double wall, cpu;
} fill_result;

/* Produces the rows, partition = key mod partitions (each key in one
 * partition, event time ascending in each), in batches of up to 10,000 (the
 * mock broker returns one batch a partition per fetch);
 * counts[minute * NKEYS + key] is what each window must report. */
static int prefill(const options *o, const char *brokers, uint32_t *counts, fill_result *fr)
{
    const char *props[] = {"linger.ms", "50", "batch.num.messages", "10000", "batch.size", "1000000",
                           "queue.buffering.max.messages", "1000000", "compression.type", o->compression, NULL};
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, brokers, props);
    if (!rk)
        return -1;
    struct rusage a, b;
    getrusage(RUSAGE_SELF, &a);
    int64_t t = mono_ns();
    uint64_t x = 88172645463325252ull;
    char buf[256];
    int rc = 0;
    for (long i = 0; i < o->rows && !rc; i++) {
        unsigned key;
        int n = record(buf, sizeof buf, i, &x, &key);
        counts[(i / 10 / 60000) * NKEYS + key]++;
        rc = produce(rk, "tp-in", (int)(key % (unsigned)o->partitions), key, buf, (size_t)n, NULL);
        if ((i & 1023) == 0)
            rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 120000) != RD_KAFKA_RESP_ERR_NO_ERROR || atomic_load(&delivery_errors)) {
        fprintf(stderr, "kafka-bench: pre-fill: %d message(s) not delivered\n", rd_kafka_outq_len(rk));
        rc = -1;
    }
    fr->wall = (double)(mono_ns() - t) / 1e9;
    getrusage(RUSAGE_SELF, &b);
    fr->cpu = tv_s(b.ru_utime) - tv_s(a.ru_utime) + tv_s(b.ru_stime) - tv_s(a.ru_stime);
    /* librdkafka's mock keeps at most 5 MiB of message sets a partition and
     * drops the oldest beyond that: the topic must still start at offset 0. */
    int64_t held = 0;
    for (int p = 0; p < o->partitions && !rc; p++) {
        int64_t lo, hi;
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(rk, "tp-in", p, &lo, &hi, 10000);
        if (e) {
            fprintf(stderr, "kafka-bench: offsets of tp-in [%d]: %s\n", p, rd_kafka_err2str(e));
            rc = -1;
        } else if (lo != 0) {
            fprintf(stderr,
                    "kafka-bench: the broker dropped the first %lld records of tp-in [%d]: librdkafka's mock "
                    "cluster keeps 5 MiB a partition; use fewer --rows, more --partitions or --compression\n",
                    (long long)lo, p);
            rc = -1;
        }
        held += hi;
    }
    if (!rc && held != o->rows) {
        fprintf(stderr, "kafka-bench: tp-in holds %lld records, want %ld\n", (long long)held, o->rows);
        rc = -1;
    }
    rd_kafka_destroy(rk);
    return rc;
}

/* Reads the sink topic to its end and checks each result against the
 * counts: one message per window that has rows, with its count. */
static int check_sink(const char *brokers, const uint32_t *counts, long nmin, long *messages, long *windows)
{
    rd_kafka_t *rk = reader(brokers, "tp-out", NULL, "100");
    if (!rk)
        return -1;
    int64_t end[PARTS], total = 0;
    for (int p = 0; p < PARTS; p++) {
        int64_t lo;
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(rk, "tp-out", p, &lo, &end[p], 10000);
        if (e) {
            fprintf(stderr, "kafka-bench: end of tp-out [%d]: %s\n", p, rd_kafka_err2str(e));
            rd_kafka_destroy(rk);
            return -1;
        }
        total += end[p];
    }
    uint8_t *seen = calloc((size_t)nmin * NKEYS, 1);
    long got = 0, wrong = 0, expected = 0;
    int64_t deadline = mono_ns() + 60 * 1000000000LL;
    while (got < total && mono_ns() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (!m)
            continue;
        if (!m->err) {
            got++;
            unsigned key;
            int64_t win, n;
            long minute = -1;
            if (parse_result(m, &key, &win, &n) == 0 && win >= T0_MS && (win - T0_MS) % 60000 == 0)
                minute = (long)((win - T0_MS) / 60000);
            if (minute < 0 || minute >= nmin || seen[minute * NKEYS + key]++ ||
                counts[minute * NKEYS + key] != (uint64_t)n) {
                if (wrong++ < 5)
                    fprintf(stderr, "kafka-bench: unexpected result %.*s\n", (int)m->len, (const char *)m->payload);
            }
        }
        rd_kafka_message_destroy(m);
    }
    for (long i = 0; i < nmin * NKEYS; i++) {
        expected += counts[i] != 0;
        if (counts[i] && !seen[i] && wrong++ < 5)
            fprintf(stderr, "kafka-bench: no result for key%02ld minute %ld\n", i % NKEYS, i / NKEYS);
    }
    free(seen);
    rd_kafka_destroy(rk);
    *messages = got;
    *windows = expected;
    if (got != total || got != expected || wrong) {
        fprintf(stderr, "kafka-bench: sink topic: %ld messages read of %lld, %ld windows expected, %ld wrong\n", got,
                (long long)total, expected, wrong);
        return -1;
    }
    return 0;
}

static int throughput(const options *o, const broker *b, app_child *app)
{
    long nmin = o->rows / 10 / 60000 + 1;
    uint32_t *counts = calloc((size_t)nmin * NKEYS, sizeof *counts);
    fill_result fr;
    if (prefill(o, b->addr, counts, &fr)) {
        free(counts);
        return -1;
    }
    double bu0, bs0, bu1, bs1;
    proc_cpu(b->pid, &bu0, &bs0);
    app_result r;
    if (app_go(app) || app_wait(app, &r)) {
        free(counts);
        return -1;
    }
    proc_cpu(b->pid, &bu1, &bs1);
    /* A figure for a wrong result is worthless: the input read in full, and
     * every window's count on the sink topic, or no figure. */
    if (r.st.rows_in != (uint64_t)o->rows || r.st.late || r.st.errors) {
        fprintf(stderr, "kafka-bench: the application read %llu rows (%llu late, %llu errors), want %ld\n",
                (unsigned long long)r.st.rows_in, (unsigned long long)r.st.late, (unsigned long long)r.st.errors,
                o->rows);
        free(counts);
        return -1;
    }
    long messages = 0, windows = 0;
    int rc = check_sink(b->addr, counts, nmin, &messages, &windows);
    free(counts);
    if (rc)
        return -1;
    double cpu = r.user + r.sys;
    printf("\nThroughput: %ld records pre-filled into tp-in (%d partitions, compression %s) at %.2fM/s "
           "(producer %.2f s wall, %.2f s CPU)\n\n",
           o->rows, o->partitions, o->compression, (double)o->rows / fr.wall / 1e6, fr.wall, fr.cpu);
    printf("| tp-in -> tumbling 1-minute GROUP BY -> tp-out | rows in | results on tp-out (checked) | "
           "events/s per core | CPU user + sys | wall | broker CPU meanwhile |\n");
    printf("| --- | --- | --- | --- | --- | --- | --- |\n");
    printf("| streamsql (ss_run_app, own process) | %llu | %ld = %ld windows | **%.2fM** | %.2f + %.2f s | "
           "%.2f s | %.2f + %.2f s |\n",
           (unsigned long long)r.st.rows_in, messages, windows, (double)r.st.rows_in / cpu / 1e6, r.user, r.sys,
           r.wall, bu1 - bu0, bs1 - bs0);
    return 0;
}

/* ---- latency ---- */

static const char lat_sql[] =
    "CREATE STREAM S (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)\n"
    "  WITH (KAFKA_TOPIC = 'lat-in', KAFKA_BROKERS = '%s', KAFKA_GROUP_ID = 'lat-app', ROWTIME = 'TS',\n"
    "        WATERMARK_DELAY = INTERVAL '0' SECOND, 'kafka.fetch.wait.max.ms' = '%s'%s);\n"
    "CREATE STREAM OUT (K VARCHAR(16), W BIGINT, N BIGINT, A DOUBLE, LO DOUBLE, HI DOUBLE)\n"
    "  WITH (KAFKA_TOPIC = 'lat-out', KAFKA_BROKERS = '%s', KAFKA_KEY = 'K', 'kafka.linger.ms' = '%s');\n"
    "CREATE PUMP P AS INSERT INTO OUT\n"
    "SELECT STREAM K, STEP(S.ROWTIME BY INTERVAL '%d' SECOND), COUNT(*), AVG(V), MIN(V), MAX(V)\n"
    "FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '%d' SECOND);\n";

/* One window of event time. The producer thread writes the first part, the
 * result reader the second; they are read together only after both end. */
typedef struct lat_window {
    int64_t closed_ns[PARTS]; /* producing the partition's first record past the end; 0: not yet */
    int64_t acked_ns[PARTS];  /* the broker acknowledging that record */
    uint32_t sent[NKEYS];
    int64_t first_ns, last_ns; /* receiving the window's first and last result */
    int64_t got[NKEYS];        /* the count each key's result reported */
    int64_t arrived_ns[PARTS]; /* --trip: the closing record read back from the input topic */
    uint32_t results, wrong;   /* a key twice, or a count that is not a count */
} lat_window;

typedef struct lat_run {
    const options *o;
    const char *brokers;
    int64_t win_ms, base; /* base: the first window's number */
    long nwin;
    lat_window *w;
    atomic_int reading;
    atomic_long first_result_ns;
    long produced;
    atomic_int rc; /* set by either thread on failure */
} lat_run;

static void *lat_produce(void *arg)
{
    lat_run *L = arg;
    const options *o = L->o;
    const char *props[] = {"linger.ms", o->linger_ms, "compression.type", o->compression, NULL};
    rd_kafka_t *rk = client(RD_KAFKA_PRODUCER, L->brokers, props);
    if (!rk) {
        L->rc = -1;
        return NULL;
    }
    int64_t cur[PARTS]; /* each partition's window so far */
    int64_t t0 = mono_ns(), tick = 1000000;
    for (int p = 0; p < PARTS; p++)
        cur[p] = real_ms() / L->win_ms - L->base;
    double carry = 0;
    char buf[256];
    uint64_t x = 88172645463325252ull;
    /* One burst a millisecond, rate/1000 records, keys in turn so that every
     * partition gets some each millisecond and none holds the watermark. */
    for (int64_t k = 1; (k - 1) * tick < (int64_t)o->seconds * 1000000000 && !L->rc; k++) {
        struct timespec at = {(time_t)((t0 + k * tick) / 1000000000), (long)((t0 + k * tick) % 1000000000)};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
        carry += o->rate / 1000.0;
        for (; carry >= 1; carry -= 1, L->produced++) {
            unsigned key = (unsigned)(L->produced % NKEYS);
            int p = (int)(key % PARTS);
            int64_t ts = real_ms(), now = mono_ns();
            int64_t w = ts / L->win_ms - L->base;
            if (w < 0 || w >= L->nwin)
                break;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            int n = snprintf(buf, sizeof buf, "{\"ts\":%lld,\"k\":\"key%02u\",\"u\":\"user%06ld\",\"v\":%u.%02u}",
                             (long long)ts, key, L->produced % 1000000, (unsigned)((x >> 8) % 1000),
                             (unsigned)((x >> 20) % 100));
            /* This record moves the partition past every window before its own. */
            int64_t *acked = w > 0 && cur[p] < w ? &L->w[w - 1].acked_ns[p] : NULL;
            for (int64_t c = cur[p] < 0 ? 0 : cur[p]; c < w; c++)
                L->w[c].closed_ns[p] = now;
            cur[p] = w;
            L->w[w].sent[key]++;
            if (produce(rk, "lat-in", p, key, buf, (size_t)n, acked))
                L->rc = -1;
        }
        rd_kafka_poll(rk, 0);
    }
    if (rd_kafka_flush(rk, 30000) != RD_KAFKA_RESP_ERR_NO_ERROR || atomic_load(&delivery_errors))
        L->rc = -1;
    rd_kafka_destroy(rk);
    return NULL;
}

static void *lat_read(void *arg)
{
    lat_run *L = arg;
    rd_kafka_t *rk = reader(L->brokers, "lat-out", L->o->trip ? "lat-in" : NULL, L->o->fetch_wait_ms);
    if (!rk) {
        L->rc = -1;
        return NULL;
    }
    int64_t cur[PARTS]; /* --trip: each input partition's window so far */
    for (int p = 0; p < PARTS; p++)
        cur[p] = -1;
    while (atomic_load(&L->reading)) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 50);
        if (!m)
            continue;
        int64_t now = mono_ns();
        unsigned key;
        int64_t win, n;
        if (!m->err && strcmp(rd_kafka_topic_name(m->rkt), "lat-in") == 0) {
            /* An input record ({"ts":...): the first of its partition past a
             * window's end is that window's closing record arriving. */
            int64_t w = m->len > 6 ? strtoll((const char *)m->payload + 6, NULL, 10) / L->win_ms - L->base : -1;
            int p = m->partition;
            for (int64_t c = cur[p]; cur[p] >= 0 && c < w && c < L->nwin; c++)
                L->w[c].arrived_ns[p] = now;
            if (w > cur[p])
                cur[p] = w;
        } else if (!m->err) {
            long expected = 0;
            atomic_compare_exchange_strong(&L->first_result_ns, &expected, (long)now);
            if (parse_result(m, &key, &win, &n) == 0 && win % L->win_ms == 0 && win / L->win_ms >= L->base &&
                win / L->win_ms - L->base < L->nwin) {
                lat_window *w = &L->w[win / L->win_ms - L->base];
                if (!w->results)
                    w->first_ns = now;
                w->last_ns = now;
                w->results++;
                w->wrong += w->got[key] || n <= 0;
                w->got[key] = n;
            } else {
                fprintf(stderr, "kafka-bench: unexpected result %.*s\n", (int)m->len, (const char *)m->payload);
            }
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_destroy(rk);
    return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array, in ms. */
static double pct_ms(const int64_t *v, long n, double p)
{
    long i = (long)((double)n * p / 100.0 + 0.999999) - 1;
    if (i < 0)
        i = 0;
    if (i >= n)
        i = n - 1;
    return (double)v[i] / 1e6;
}

static int latency(const options *o, const broker *b, app_child *app)
{
    lat_run L = {.o = o, .brokers = b->addr, .win_ms = (int64_t)o->window_s * 1000};
    L.base = real_ms() / L.win_ms;
    L.nwin = (long)(o->seconds / o->window_s) + 3;
    L.w = calloc((size_t)L.nwin, sizeof *L.w);
    atomic_store(&L.reading, 1);
    double bu0, bs0, bu1, bs1;
    proc_cpu(b->pid, &bu0, &bs0);
    int64_t bt = mono_ns();
    if (app_go(app)) {
        free(L.w);
        return -1;
    }
    pthread_t prod, rd;
    pthread_create(&rd, NULL, lat_read, &L);
    pthread_create(&prod, NULL, lat_produce, &L);
    pthread_join(prod, NULL);
    /* The last windows' results: every window closed by then is out within
     * a few milliseconds; two seconds is plenty. */
    struct timespec grace = {2, 0};
    nanosleep(&grace, NULL);
    atomic_store(&L.reading, 0);
    pthread_join(rd, NULL);
    proc_cpu(b->pid, &bu1, &bs1);
    double bwall = (double)(mono_ns() - bt) / 1e9;
    kill(app->pid, SIGINT);
    app_result r = {0};
    int rc = app_wait(app, &r) || atomic_load(&L.rc) ? -1 : 0;

    /* Measured: windows closed on every partition, at least warmup after the
     * first result came back (the group join and the backlog it leaves are
     * behind us by then). */
    int64_t *first = malloc(sizeof(int64_t) * (size_t)L.nwin), *last = malloc(sizeof(int64_t) * (size_t)L.nwin);
    int64_t *trip = malloc(sizeof(int64_t) * (size_t)L.nwin), *stored = malloc(sizeof(int64_t) * (size_t)L.nwin);
    long ntrip = 0, nstored = 0;
    long n = 0, skipped = 0, incomplete = 0, wrong = 0;
    int64_t warm = atomic_load(&L.first_result_ns) + (int64_t)o->warmup_s * 1000000000;
    for (long i = 0; i < L.nwin; i++) {
        lat_window *w = &L.w[i];
        int64_t closed = 0; /* the watermark passes the end with the last partition's closing record */
        int last_p = 0;
        bool all = true;
        for (int p = 0; p < PARTS; p++) {
            all = all && w->closed_ns[p];
            if (w->closed_ns[p] > closed)
                closed = w->closed_ns[p], last_p = p;
        }
        if (!all)
            continue; /* not closed before the producer stopped */
        if (!atomic_load(&L.first_result_ns) || closed < warm) {
            skipped++;
            continue;
        }
        uint32_t bad = w->wrong;
        for (int k = 0; k < NKEYS; k++)
            bad += w->got[k] != (int64_t)w->sent[k];
        if (w->results != NKEYS) {
            incomplete++;
            continue;
        }
        if (bad) {
            wrong++;
            continue;
        }
        first[n] = w->first_ns - closed;
        last[n] = w->last_ns - closed;
        n++;
        if (w->arrived_ns[last_p])
            trip[ntrip++] = w->arrived_ns[last_p] - closed;
        if (w->acked_ns[last_p])
            stored[nstored++] = w->last_ns - w->acked_ns[last_p];
    }
    qsort(first, (size_t)n, sizeof *first, cmp_i64);
    qsort(last, (size_t)n, sizeof *last, cmp_i64);
    qsort(trip, (size_t)ntrip, sizeof *trip, cmp_i64);
    qsort(stored, (size_t)nstored, sizeof *stored, cmp_i64);
    if (!n || wrong || incomplete) {
        fprintf(stderr, "kafka-bench: latency: %ld windows measured, %ld with wrong counts, %ld incomplete\n", n,
                wrong, incomplete);
        rc = -1;
    }
    if (n) {
        printf("\nLatency: %.0f records/s for %d s, %d-second windows, watermark delay 0, %ld windows measured "
               "(%ld skipped as warm-up), all %d keys' counts checked in each\n",
               o->rate, o->seconds, o->window_s, n, skipped, NKEYS);
        printf("Clients: producer linger.ms=%s compression %s; application source kafka.fetch.wait.max.ms=%s, "
               "sink kafka.linger.ms=%s; result reader fetch.wait.max.ms=%s\n\n",
               o->linger_ms, o->compression, o->fetch_wait_ms, o->sink_linger_ms, o->fetch_wait_ms);
        printf("| produce closing record -> | p50 | p99 | max | app CPU (user + sys, %% of a core) | "
               "broker CPU |\n");
        printf("| --- | --- | --- | --- | --- | --- |\n");
        printf("| first result of the window received | %.1f ms | %.1f ms | %.1f ms | %.2f + %.2f s (%.0f%%) | "
               "%.2f + %.2f s (%.0f%%) |\n",
               pct_ms(first, n, 50), pct_ms(first, n, 99), pct_ms(first, n, 100), r.user, r.sys,
               100 * (r.user + r.sys) / r.wall, bu1 - bu0, bs1 - bs0, 100 * (bu1 - bu0 + bs1 - bs0) / bwall);
        printf("| all %d results received | **%.1f ms** | **%.1f ms** | %.1f ms | | |\n", NKEYS,
               pct_ms(last, n, 50), pct_ms(last, n, 99), pct_ms(last, n, 100));
        /* From the closing record's acknowledgement: without the producer's
         * linger and its trip to the broker, which are the writer's and not
         * the engine's; the watermark cannot pass before this point. */
        if (nstored)
            printf("| (from the broker's acknowledgement of the closing record) all %d results received | %.1f ms | "
                   "%.1f ms | %.1f ms | | |\n",
                   NKEYS, pct_ms(stored, nstored, 50), pct_ms(stored, nstored, 99), pct_ms(stored, nstored, 100));
        /* The engine's share: one step of the source (consume a batch,
         * decode, every pump, hand results to the sink), log2 buckets. */
        printf("| (engine) one source step, whole run, bucket upper bound | %.3f ms | %.3f ms | %.3f ms | | |\n",
               (double)ss_run_stats_percentile(&r.st, 50) / 1e3, (double)ss_run_stats_percentile(&r.st, 99) / 1e3,
               (double)ss_run_stats_percentile(&r.st, 100) / 1e3);
        if (ntrip)
            printf("| (--trip) the closing record itself read back from lat-in | %.1f ms | %.1f ms | %.1f ms | | |\n",
                   pct_ms(trip, ntrip, 50), pct_ms(trip, ntrip, 99), pct_ms(trip, ntrip, 100));
    }
    free(trip);
    free(stored);
    free(first);
    free(last);
    free(L.w);
    return rc;
}

/* ---- main ---- */

static void default_streamsql(char *out, size_t len)
{
    /* build/VARIANT/bench/streamsql-kafka-bench -> build/VARIANT/streamsql */
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = 0;
    snprintf(out, len, "%.4000s/../streamsql", self);
}

int main(int argc, char **argv)
{
    /* 200,000 rows of about 80 bytes a message fill 4 partitions to ~4 MB each,
     * under the mock broker's 5 MiB; 2 ms of producer linger is the least
     * that keeps the mock's message sets few enough (see BENCHMARKS.md). */
    options o = {.rows = 200000, .partitions = PARTS, .compression = "none", .rate = 20000, .seconds = 60,
                 .window_s = 1, .warmup_s = 2, .linger_ms = "2", .sink_linger_ms = "1", .fetch_wait_ms = "1"};
    default_streamsql(o.streamsql, sizeof o.streamsql);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--rows") == 0 && v)
            o.rows = atol(v), i++;
        else if (strcmp(a, "--partitions") == 0 && v)
            o.partitions = atoi(v), i++;
        else if (strcmp(a, "--compression") == 0 && v)
            o.compression = v, i++;
        else if (strcmp(a, "--rate") == 0 && v)
            o.rate = atof(v), i++;
        else if (strcmp(a, "--seconds") == 0 && v)
            o.seconds = atoi(v), i++;
        else if (strcmp(a, "--window-s") == 0 && v)
            o.window_s = atoi(v), i++;
        else if (strcmp(a, "--linger-ms") == 0 && v)
            o.linger_ms = v, i++;
        else if (strcmp(a, "--sink-linger-ms") == 0 && v)
            o.sink_linger_ms = v, i++;
        else if (strcmp(a, "--fetch-wait-ms") == 0 && v)
            o.fetch_wait_ms = v, i++;
        else if (strcmp(a, "--streamsql") == 0 && v)
            snprintf(o.streamsql, sizeof o.streamsql, "%s", v), i++;
        else if (strcmp(a, "--source-prop") == 0 && v && strchr(v, '=') && !strchr(v, '\'')) {
            size_t len = strlen(o.source_props);
            snprintf(o.source_props + len, sizeof o.source_props - len, ", 'kafka.%.*s' = '%s'",
                     (int)(strchr(v, '=') - v), v, strchr(v, '=') + 1);
            i++;
        } else if (strcmp(a, "--trip") == 0)
            o.trip = true;
        else if (strcmp(a, "throughput") == 0)
            o.throughput = true;
        else if (strcmp(a, "latency") == 0)
            o.latency = true;
        else {
            fprintf(stderr, "usage: streamsql-kafka-bench [--rows N] [--partitions N] [--compression none|lz4] "
                            "[--rate EV/S] [--seconds S] [--window-s S]\n"
                            "         [--linger-ms MS] [--sink-linger-ms MS] [--fetch-wait-ms MS] [--trip] "
                            "[--source-prop KEY=VALUE]...\n"
                            "         [--streamsql PATH] [throughput] [latency]\n");
            return 2;
        }
    }
    if (!o.throughput && !o.latency)
        o.throughput = o.latency = true;
    if (o.rows <= 0 || o.partitions <= 0 || o.rate <= 0 || o.seconds <= 0 || o.window_s <= 0) {
        fprintf(stderr, "kafka-bench: --rows, --partitions, --rate, --seconds and --window-s must be positive\n");
        return 2;
    }

    broker b = {0};
    if (broker_start(&b, o.streamsql, o.partitions)) {
        broker_stop(&b);
        return 1;
    }
    fprintf(stderr, "kafka-bench: broker %s (pid %d)\n", b.addr, (int)b.pid);
    char tp[8192], lat[8192];
    snprintf(tp, sizeof tp, tp_sql, b.addr, o.source_props, b.addr);
    snprintf(lat, sizeof lat, lat_sql, b.addr, o.fetch_wait_ms, o.source_props, b.addr, o.sink_linger_ms, o.window_s,
             o.window_s);
    app_child tpa = {0}, lata = {0};
    int rc = 0;
    if ((o.throughput && app_fork(&tpa, "throughput.sql", tp)) || (o.latency && app_fork(&lata, "latency.sql", lat)))
        rc = -1;
    if (!rc && o.throughput)
        rc = throughput(&o, &b, &tpa);
    if (!rc && o.latency)
        rc = latency(&o, &b, &lata);
    app_abandon(&tpa);
    app_abandon(&lata);
    broker_stop(&b);
    return rc ? 1 : 0;
}
