/* streamsql's embedding API: compile a KDA SQL application and run it. The
 * command-line tool is a client of exactly this. */
#ifndef STREAMSQL_H
#define STREAMSQL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ss_output_override {
    const char *stream; /* stream name as folded: DESTINATION_SQL_STREAM */
    const char *path;   /* file path, "-" for stdout */
} ss_output_override;

typedef struct ss_run_options {
    const char *errors_path;             /* error stream file; NULL: stderr */
    const ss_output_override *outputs;   /* --output STREAM=PATH */
    uint32_t noutputs;
    bool quiet;                          /* no progress, no summary */
    bool progress;                       /* a live progress line (a terminal) */
    uint64_t max_record_bytes;           /* longer records are errors; 0: 1 MiB */
    int64_t checkpoint_interval_ms;      /* how often positions are committed; 0: 10 s */
    const char *checkpoint_path;         /* SQLite checkpoint store; NULL: none */
    volatile int *stop;                  /* set non-zero (from a signal) to stop */
    FILE *summary;                       /* where the summary goes; NULL: stderr */
    /* Metrics (serve, run --metrics): every metrics_interval_ms (0: 1 s) and
     * once at the end, on_metrics gets the run's counters and gauges in the
     * Prometheus text format, each sample labelled app="app_name" (names:
     * docs/METRICS.md). Called from the thread that runs the application,
     * from the first pass of its loop on (not when set-up fails); text is
     * valid only during the call. NULL: no metrics are made. */
    void (*on_metrics)(void *ctx, const char *text, size_t len);
    void *metrics_ctx;
    const char *app_name;
    int64_t metrics_interval_ms;
    /* The REPL: rows of streams that would go to stdout come here instead,
     * one record (a JSON object, no line end) at a time. NULL: stdout. */
    void (*on_record)(void *ctx, const char *stream, const char *record, size_t len);
    void *record_ctx;
} ss_run_options;

typedef struct ss_run_stats {
    uint64_t rows_in, rows_out, errors, late, truncations;
    double seconds;
    /* Operator state at its largest: GROUP BY groups (or sliding partitions)
     * and the bytes their entries and hash tables took. */
    uint64_t peak_groups, state_bytes;
    /* Time to process one source chunk (read, decode, every pump, sinks), in
     * microseconds: log2 buckets, bucket i holding [2^i, 2^(i+1)). */
    uint64_t chunk_us_hist[40];
} ss_run_stats;

/* The p-th percentile (0..100) of a chunk latency histogram, in microseconds
 * (the upper bound of the bucket it falls in). */
uint64_t ss_run_stats_percentile(const ss_run_stats *st, double p);

struct ss_app;
/* Runs a compiled application to completion (bounded sources) or until *stop.
 * Returns 0, or 1 after a runtime failure (message printed). */
int ss_run_app(const struct ss_app *app, const ss_run_options *opts, ss_run_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
