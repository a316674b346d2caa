/* Test driver for src/io/kinesis_client: each command makes the calls a
 * source or sink would and prints what came back, so that the integration
 * tests can compare it with what the AWS SDK wrote or reads.
 *
 * kinesis_probe [--endpoint URL] [--page N] [--limit N] [--retries N] [--base64] [--arrival] COMMAND ...
 *   shards STREAM [AFTER]           "ID PARENT ADJACENT START END SEQSTART SEQEND",
 *                                   only ids after AFTER if given
 *   read STREAM                     every shard, TRIM_HORIZON to its end, shards in
 *                                   id order: "SHARD<TAB>SEQ<TAB>KEY<TAB>DATA"
 *                                   (--arrival: then <TAB>ARRIVAL_MS)
 *   read-from STREAM SHARD TYPE [SEQ|MS]  one shard from a position to its end
 *   put STREAM FILE                 lines "KEY<TAB>DATA" as records, in batches of at
 *                                   most 500 records / 5 MB, failed records resent;
 *                                   prints "SHARD<TAB>SEQ<TAB>KEY<TAB>DATA" per record
 *   create STREAM SHARDS | status STREAM | split STREAM SHARD HASH | merge STREAM A B
 * --endpoint: default $KINESIS_ENDPOINT. --page: ListShards page size. --limit:
 * GetRecords limit. --retries: how often a RETRY (or EXPIRED) failure is retried
 * (default 0: the first failure ends the run). --base64: DATA is base64, both ways.
 * A failure prints the error's message and then "class=CLASS type=TYPE http=N"
 * on stderr, and exits 3 (retry), 4 (expired) or 5 (fatal). A summary of the
 * calls, retries and records goes to stderr. */
#include "io/kinesis_client.h"
#include "util/base64.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static ss_kinesis *k;
static int page_size, limit, max_retries, base64, arrival;
static long calls, retries, expired_iterators;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static const char *class_name(ss_kinesis_rc rc)
{
    return rc == SS_KINESIS_RETRY ? "retry" : rc == SS_KINESIS_EXPIRED ? "expired" : "fatal";
}

static void die(const ss_kinesis_error *err)
{
    fprintf(stderr, "kinesis_probe: %s\nclass=%s type=%s http=%ld\n", err->msg, class_name(err->rc),
            err->type[0] ? err->type : "-", err->http_status);
    exit(err->rc == SS_KINESIS_RETRY ? 3 : err->rc == SS_KINESIS_EXPIRED ? 4 : 5);
}

/* Whether to try a failed call again: RETRY (and EXPIRED, which the caller
 * mends first) within --retries, after a short exponential backoff. */
static int again(const ss_kinesis_error *err, int *attempt)
{
    calls++;
    if (err->rc == SS_KINESIS_OK)
        return 0;
    if (err->rc == SS_KINESIS_FATAL || *attempt >= max_retries)
        die(err);
    retries++;
    long ms = 5L << (*attempt < 6 ? *attempt : 6);
    ++*attempt;
    sleep_ms(ms);
    return 1;
}

#define CALL(expr)                                                                                                     \
    do {                                                                                                               \
        int attempt_ = 0;                                                                                              \
        do                                                                                                             \
            err.rc = (expr);                                                                                           \
        while (again(&err, &attempt_));                                                                                \
    } while (0)

static void print_data(const char *data, size_t len)
{
    if (!base64) {
        fwrite(data, 1, len, stdout);
        return;
    }
    char *enc = ss_xmalloc(ss_base64_encoded_len(len) + 1);
    fwrite(enc, 1, ss_base64_encode(data, len, enc), stdout);
    free(enc);
}

static void list(const char *stream, const char *after, ss_kinesis_shards *shards)
{
    ss_kinesis_error err;
    CALL(ss_kinesis_list_shards(k, stream, after, page_size, shards, &err));
}

static void cmd_shards(const char *stream, const char *after)
{
    ss_kinesis_shards shards = {0};
    list(stream, after, &shards);
    for (size_t i = 0; i < shards.n; i++) {
        const ss_kinesis_shard *s = &shards.items[i];
        printf("%s %s %s %s %s %s %s\n", s->id, s->parent[0] ? s->parent : "-",
               s->adjacent_parent[0] ? s->adjacent_parent : "-", s->hash_start, s->hash_end, s->seq_start,
               ss_kinesis_shard_closed(s) ? s->seq_end : "-");
    }
    ss_kinesis_shards_free(&shards);
}

/* One shard from `pos` to its end: a closed shard until GetRecords says so,
 * an open one until an answer brings nothing and nothing is behind. An
 * expired iterator is replaced by one after the last record printed. */
static long read_shard(const char *stream, const char *shard, ss_kinesis_position pos, ss_kinesis_records *recs)
{
    ss_kinesis_error err;
    char last[SS_KINESIS_SEQ_SIZE] = "";
    long n = 0;
    CALL(ss_kinesis_get_shard_iterator(k, stream, shard, &pos, recs->next_iterator, &err));
    for (;;) {
        int attempt = 0;
        for (;;) {
            err.rc = ss_kinesis_get_records(k, recs->next_iterator, limit, recs, &err);
            if (!again(&err, &attempt))
                break;
            if (err.rc == SS_KINESIS_EXPIRED) {
                expired_iterators++;
                ss_kinesis_position after = {SS_KINESIS_AFTER_SEQUENCE_NUMBER, last, 0};
                CALL(ss_kinesis_get_shard_iterator(k, stream, shard, last[0] ? &after : &pos, recs->next_iterator,
                                                   &err));
            }
        }
        for (size_t i = 0; i < recs->n; i++) {
            const ss_kinesis_record *r = &recs->items[i];
            printf("%s\t%s\t%s\t", shard, r->sequence, r->partition_key);
            print_data(r->data, r->len);
            if (arrival)
                printf("\t%lld", (long long)r->arrival_ms);
            putchar('\n');
            snprintf(last, sizeof last, "%s", r->sequence);
        }
        n += (long)recs->n;
        if (recs->shard_end || (recs->n == 0 && recs->millis_behind == 0))
            return n;
    }
}

static void cmd_read(const char *stream)
{
    ss_kinesis_shards shards = {0};
    ss_kinesis_records recs = {0};
    long n = 0;
    list(stream, NULL, &shards);
    for (size_t i = 0; i < shards.n; i++)
        n += read_shard(stream, shards.items[i].id, (ss_kinesis_position){SS_KINESIS_TRIM_HORIZON, NULL, 0}, &recs);
    fprintf(stderr, "read %ld records from %zu shards\n", n, shards.n);
    ss_kinesis_shards_free(&shards);
    ss_kinesis_records_free(&recs);
}

static void cmd_read_from(const char *stream, const char *shard, const char *type, const char *arg)
{
    ss_kinesis_position pos = {SS_KINESIS_TRIM_HORIZON, NULL, 0};
    static const ss_kinesis_start types[] = {SS_KINESIS_TRIM_HORIZON, SS_KINESIS_LATEST, SS_KINESIS_AT_TIMESTAMP,
                                             SS_KINESIS_AT_SEQUENCE_NUMBER, SS_KINESIS_AFTER_SEQUENCE_NUMBER};
    size_t i = 0;
    while (i < 5 && strcmp(type, ss_kinesis_start_name(types[i])) != 0)
        i++;
    if (i == 5) {
        fprintf(stderr, "kinesis_probe: unknown iterator type %s\n", type);
        exit(2);
    }
    pos.type = types[i];
    pos.sequence = arg;
    pos.timestamp_ms = arg ? strtoll(arg, NULL, 10) : 0;
    ss_kinesis_records recs = {0};
    long n = read_shard(stream, shard, pos, &recs);
    fprintf(stderr, "read %ld records\n", n);
    ss_kinesis_records_free(&recs);
}

typedef struct line {
    char *key, *text; /* text: DATA as given, for the placements */
    char *data;
    size_t len;
} line;

/* Sends lines[0..n) as one PutRecords batch, then the failed ones again
 * (and again), in order; prints where each record landed. */
static void put_batch(const char *stream, line *lines, size_t n, ss_kinesis_put_entry *entries,
                      ss_kinesis_put_result *results)
{
    size_t *todo = ss_xmalloc(n * sizeof *todo), m = n;
    for (size_t i = 0; i < n; i++)
        todo[i] = i;
    for (int attempt = 0; m > 0; attempt++) {
        for (size_t j = 0; j < m; j++) {
            line *l = &lines[todo[j]];
            entries[j] = (ss_kinesis_put_entry){l->data, l->len, l->key, NULL};
        }
        ss_kinesis_error err;
        size_t failed = 0;
        CALL(ss_kinesis_put_records(k, stream, entries, m, results, &failed, &err));
        size_t still = 0;
        for (size_t j = 0; j < m; j++) {
            line *l = &lines[todo[j]];
            if (results[j].rc == SS_KINESIS_OK) {
                printf("%s\t%s\t%s\t%s\n", results[j].shard_id, results[j].sequence, l->key, l->text);
                continue;
            }
            if (results[j].rc == SS_KINESIS_FATAL || attempt >= max_retries) {
                fprintf(stderr, "kinesis_probe: record %s failed for good: %s: %s\n", l->key, results[j].error_code,
                        results[j].error_message);
                exit(results[j].rc == SS_KINESIS_FATAL ? 5 : 3);
            }
            todo[still++] = todo[j];
        }
        retries += (long)still;
        m = still;
    }
    free(todo);
}

static void cmd_put(const char *stream, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    line *lines = NULL;
    size_t n = 0, cap = 0, bufcap = 0;
    char *buf = NULL;
    ssize_t len;
    while ((len = getline(&buf, &bufcap, f)) > 0) {
        if (buf[len - 1] == '\n')
            buf[--len] = 0;
        char *tab = strchr(buf, '\t');
        if (!tab) {
            fprintf(stderr, "kinesis_probe: %s: a line without KEY<TAB>DATA\n", path);
            exit(1);
        }
        SS_GROW(lines, cap, n + 1);
        line *l = &lines[n++];
        l->key = ss_xstrndup(buf, (size_t)(tab - buf));
        l->text = ss_xstrdup(tab + 1);
        size_t tlen = strlen(l->text);
        if (base64) {
            l->data = ss_xmalloc(ss_base64_decoded_max(tlen) + 1);
            if (!ss_base64_decode(l->text, tlen, l->data, &l->len)) {
                fprintf(stderr, "kinesis_probe: %s: line %zu: DATA is not base64\n", path, n);
                exit(1);
            }
        } else {
            l->data = ss_xstrdup(l->text);
            l->len = tlen;
        }
    }
    free(buf);
    fclose(f);

    ss_kinesis_put_entry *entries = ss_xmalloc(SS_KINESIS_PUT_MAX_RECORDS * sizeof *entries);
    ss_kinesis_put_result *results = ss_xmalloc(SS_KINESIS_PUT_MAX_RECORDS * sizeof *results);
    long batches = 0;
    for (size_t start = 0; start < n;) {
        size_t end = start, bytes = 0;
        while (end < n && end - start < SS_KINESIS_PUT_MAX_RECORDS) {
            ss_kinesis_put_entry e = {lines[end].data, lines[end].len, lines[end].key, NULL};
            size_t size = ss_kinesis_put_entry_size(&e);
            if (end > start && bytes + size > SS_KINESIS_PUT_MAX_BYTES)
                break;
            bytes += size;
            end++;
        }
        put_batch(stream, lines + start, end - start, entries, results);
        batches++;
        start = end;
    }
    fprintf(stderr, "put %zu records in %ld batches\n", n, batches);
    for (size_t i = 0; i < n; i++) {
        free(lines[i].key);
        free(lines[i].text);
        free(lines[i].data);
    }
    free(lines);
    free(entries);
    free(results);
}

static void usage(void)
{
    fprintf(stderr, "usage: kinesis_probe [--endpoint URL] [--page N] [--limit N] [--retries N] [--base64] [--arrival] "
                    "shards|read|read-from|put|create|status|split|merge STREAM ...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *endpoint = getenv("KINESIS_ENDPOINT");
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--base64") == 0)
            base64 = 1;
        else if (strcmp(argv[i], "--arrival") == 0)
            arrival = 1;
        else if (i + 1 >= argc)
            usage();
        else if (strcmp(argv[i], "--endpoint") == 0)
            endpoint = argv[++i];
        else if (strcmp(argv[i], "--page") == 0)
            page_size = atoi(argv[++i]);
        else if (strcmp(argv[i], "--limit") == 0)
            limit = atoi(argv[++i]);
        else if (strcmp(argv[i], "--retries") == 0)
            max_retries = atoi(argv[++i]);
        else
            usage();
    }
    if (argc - i < 2)
        usage();
    const char *cmd = argv[i], *stream = argv[i + 1];
    char **rest = argv + i + 2;
    int nrest = argc - i - 2;

    ss_kinesis_error err;
    /* Minutes, not the default 30 s: 5 MB batches through kinesalite on a
     * machine busy with parallel tests are slow. */
    ss_kinesis_config cfg = {.endpoint = endpoint, .timeout_ms = 120000};
    k = ss_kinesis_new(&cfg, &err);
    if (!k)
        die(&err);
    if (strcmp(cmd, "shards") == 0 && nrest <= 1) {
        cmd_shards(stream, nrest ? rest[0] : NULL);
    } else if (strcmp(cmd, "read") == 0) {
        cmd_read(stream);
    } else if (strcmp(cmd, "read-from") == 0 && nrest >= 2) {
        cmd_read_from(stream, rest[0], rest[1], nrest > 2 ? rest[2] : NULL);
    } else if (strcmp(cmd, "put") == 0 && nrest == 1) {
        cmd_put(stream, rest[0]);
    } else if (strcmp(cmd, "create") == 0 && nrest == 1) {
        CALL(ss_kinesis_create_stream(k, stream, atoi(rest[0]), &err));
    } else if (strcmp(cmd, "status") == 0) {
        char status[32];
        int open = 0;
        CALL(ss_kinesis_describe_stream_summary(k, stream, status, &open, &err));
        printf("%s %d\n", status, open);
    } else if (strcmp(cmd, "split") == 0 && nrest == 2) {
        CALL(ss_kinesis_split_shard(k, stream, rest[0], rest[1], &err));
    } else if (strcmp(cmd, "merge") == 0 && nrest == 2) {
        CALL(ss_kinesis_merge_shards(k, stream, rest[0], rest[1], &err));
    } else {
        usage();
    }
    fprintf(stderr, "calls %ld retries %ld expired %ld\n", calls, retries, expired_iterators);
    ss_kinesis_free(k);
    return 0;
}
