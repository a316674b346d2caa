/* Micro-benchmark for the JSON record scanner: ss_json_scan against jansson's json_loadb
 * on the same in-memory JSON lines (ticker-like records), one core, records/s and MB/s.
 * Usage: jsonscan_bench [nrecords] [rounds] */
#include "io/jsonscan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

typedef struct lines {
    char *text;
    size_t *off, *len;
    size_t n, bytes;
} lines;

static const char *const tickers[] = {"AAPL", "AMZN", "MSFT", "NFLX", "QXZ", "TBV", "WMT", "JNJ"};
static const char *const sectors[] = {"TECHNOLOGY", "RETAIL", "HEALTHCARE", "ENERGY", "FINANCIAL"};

/* The shape SPEC users feed KDA: a flat object with a timestamp, a few strings and reals. */
static lines make_ticker(size_t n)
{
    lines l = {0};
    size_t cap = n * 128;
    l.text = malloc(cap);
    l.off = malloc(n * sizeof *l.off);
    l.len = malloc(n * sizeof *l.len);
    size_t o = 0;
    int64_t ts = 1763805600000;
    for (size_t i = 0; i < n; i++) {
        ts += (int64_t)(next() % 50);
        int change = (int)(next() % 2001) - 1000;
        int price = (int)(next() % 100000);
        int k = snprintf(l.text + o, cap - o,
                         "{\"ROWTIME\":%lld,\"TICKER_SYMBOL\":\"%s\",\"SECTOR\":\"%s\","
                         "\"CHANGE\":%s%d.%02d,\"PRICE\":%d.%02d}",
                         (long long)ts, tickers[next() % 8], sectors[next() % 5],
                         change < 0 ? "-" : "", abs(change) / 100, abs(change) % 100, price / 100,
                         price % 100);
        l.off[i] = o;
        l.len[i] = (size_t)k;
        o += (size_t)k + 1; /* keep a '\n' between lines, as in a file */
        l.text[o - 1] = '\n';
    }
    l.n = n;
    l.bytes = o;
    return l;
}

/* A wider record: 10 members, nested object, an escaped string, ints and a bool. */
static lines make_wide(size_t n)
{
    lines l = {0};
    size_t cap = n * 320;
    l.text = malloc(cap);
    l.off = malloc(n * sizeof *l.off);
    l.len = malloc(n * sizeof *l.len);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(l.text + o, cap - o,
                         "{\"event_time\":%llu,\"user_id\":%llu,\"session\":\"s-%08llx\","
                         "\"page\":\"/p/%llu\",\"referrer\":\"https:\\/\\/example.com\\/q?x=%llu\","
                         "\"latency_ms\":%llu.%03llu,\"ok\":%s,\"bytes\":%llu,"
                         "\"geo\":{\"country\":\"DE\",\"city\":\"Berlin\"},\"tags\":[\"a\",\"b\"]}",
                         (unsigned long long)(1763805600000 + i), (unsigned long long)(next() % 1000000),
                         (unsigned long long)(next() & 0xffffffff), (unsigned long long)(next() % 1000),
                         (unsigned long long)(next() % 100), (unsigned long long)(next() % 1000),
                         (unsigned long long)(next() % 1000), next() & 1 ? "true" : "false",
                         (unsigned long long)(next() % 100000));
        l.off[i] = o;
        l.len[i] = (size_t)k;
        o += (size_t)k + 1;
        l.text[o - 1] = '\n';
    }
    l.n = n;
    l.bytes = o;
    return l;
}

static void report(const char *what, const lines *l, double secs, int rounds)
{
    double recs = (double)l->n * rounds;
    printf("  %-34s %8.2f M records/s  %8.1f MB/s  (%.1f ns/record)\n", what, recs / secs / 1e6,
           (double)l->bytes * rounds / secs / 1e6, secs / recs * 1e9);
}

static void bench(const char *title, const lines *l, const char *const *fields, int nfields,
                  int rounds)
{
    printf("%s: %zu lines, %.1f bytes/line average, %d wanted fields\n", title, l->n,
           (double)l->bytes / (double)l->n - 1, nfields);
    ss_json_spec *sp = ss_json_spec_new();
    for (int i = 0; i < nfields; i++)
        if (ss_json_spec_add(sp, fields[i], NULL, 0) < 0)
            abort();
    ss_json_scratch sc;
    ss_json_scratch_init(&sc);
    ss_json_value out[16];
    ss_json_error err;
    double sum = 0;

    double best = 1e30;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (size_t i = 0; i < l->n; i++) {
            if (ss_json_scan(sp, l->text + l->off[i], l->len[i], out, &sc, &err) != SS_JSON_OK) {
                fprintf(stderr, "bench line %zu rejected: %s\n", i, err.message);
                exit(1);
            }
            sum += out[0].kind == SS_JV_INT ? (double)out[0].i : out[0].d;
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    report("ss_json_scan (best round)", l, best, 1);

    ss_json_spec *none = ss_json_spec_new();
    best = 1e30;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (size_t i = 0; i < l->n; i++)
            if (ss_json_scan(none, l->text + l->off[i], l->len[i], out, &sc, &err) != SS_JSON_OK)
                exit(1);
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    report("ss_json_scan, validate only", l, best, 1);

    double t0 = now();
    for (size_t i = 0; i < l->n; i++) {
        json_error_t je;
        json_t *j = json_loadb(l->text + l->off[i], l->len[i], JSON_DECODE_ANY, &je);
        if (!j)
            exit(1);
        for (int f = 0; f < nfields; f++) {
            json_t *v = json_object_get(j, fields[f]);
            if (f == 0 && v)
                sum += json_number_value(v);
        }
        json_decref(j);
    }
    report("jansson json_loadb + get", l, now() - t0, 1);
    printf("  (checksum %g)\n", sum);
    ss_json_spec_free(sp);
    ss_json_spec_free(none);
    ss_json_scratch_free(&sc);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    lines t = make_ticker(n);
    static const char *const tf[] = {"ROWTIME", "TICKER_SYMBOL", "PRICE", "CHANGE"};
    bench("ticker", &t, tf, 4, rounds);
    lines w = make_wide(n / 2);
    static const char *const wf[] = {"event_time", "user_id", "referrer", "latency_ms",
                                     "$.geo.city"};
    bench("wide", &w, wf, 5, rounds);
    free(t.text);
    free(t.off);
    free(t.len);
    free(w.text);
    free(w.off);
    free(w.len);
    return 0;
}
