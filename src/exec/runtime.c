/* Running an application: wiring the runtime graph from the analyzed one,
 * the event loop over sources, the live progress line and the summary. */
#include "exec/metrics.h"
#include "exec/rt.h"
#include "sql/bindings.h"
#include "sql/explain.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IDLE_WAIT_MS 50
#define PROGRESS_EVERY_MS 500
#define FLUSH_EVERY_MS 200

static ss_rt_stream *rt_stream(ss_rt *rt, const ss_stream *s)
{
    for (uint32_t i = 0; i < rt->nstreams; i++)
        if (rt->streams[i].def == s)
            return &rt->streams[i];
    return NULL;
}

const char *ss_rt_output_path(const ss_run_options *o, const ss_stream *s)
{
    for (uint32_t i = 0; i < o->noutputs; i++)
        if (strcmp(o->outputs[i].stream, s->name) == 0)
            return o->outputs[i].path;
    return NULL;
}

static int setup(ss_rt *rt, char *err, size_t errlen)
{
    const ss_app *app = rt->app;
    rt->nstreams = app->nstreams;
    rt->streams = ss_xcalloc(app->nstreams + 1, sizeof(ss_rt_stream));
    for (uint32_t i = 0; i < app->nstreams; i++) {
        ss_rt_stream *s = &rt->streams[i];
        s->def = app->streams[i];
        s->id = i;
        s->wm = INT64_MIN;
    }
    for (uint32_t i = 0; i < rt->opts.noutputs; i++) {
        const ss_stream *s = ss_app_find_stream(app, rt->opts.outputs[i].stream);
        if (!s || (s->role != SS_ROLE_SINK && s->role != SS_ROLE_STDOUT && s->role != SS_ROLE_INAPP)) {
            snprintf(err, errlen, "--output %s: no stream of that name is written by the application",
                     rt->opts.outputs[i].stream);
            return -1;
        }
    }

    /* Sinks: bound sinks, unbound terminal streams (stdout), --output. */
    rt->sinks = ss_xcalloc(app->nstreams + 1, sizeof(ss_rt_sink));
    for (uint32_t i = 0; i < app->nstreams; i++) {
        ss_rt_stream *s = &rt->streams[i];
        const char *path = ss_rt_output_path(&rt->opts, s->def);
        if (!path && s->def->role == SS_ROLE_STDOUT)
            path = "-";
        bool bound = !path && s->def->role == SS_ROLE_SINK;
        if (!path && !bound)
            continue;
        ss_rt_sink *k = &rt->sinks[rt->nsinks];
        rt->nsinks++; /* counted before opening, so that teardown closes what opened */
        bool to_caller = rt->opts.on_record && strcmp(path ? path : "", "-") == 0;
        if (to_caller ? ss_rt_sink_open_records(k, s->def, rt->opts.on_record, rt->opts.record_ctx, err, errlen)
                      : ss_rt_sink_open(k, path, s->def, rt->ckpt != NULL, rt->ckpt && rt->ckpt_resuming, err,
                                        errlen))
            return -1;
        k->output_id = rt->ckpt ? ss_rt_ckpt_output_id(rt)
                                : (uint64_t)ss_rt_clock_ms() * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid() << 32;
        s->sink = k;
    }

    /* Pumps, in an order where writers come before readers. */
    rt->npumps = app->norder;
    rt->pumps = ss_xcalloc(app->norder + 1, sizeof(ss_rt_pump));
    for (uint32_t i = 0; i < app->norder; i++) {
        const ss_pump *def = app->order[i];
        ss_rt_stream *into = rt_stream(rt, def->into);
        uint32_t writer = into->nwriters++;
        if (ss_rt_pump_init(rt, &rt->pumps[i], def, into, writer, err, errlen))
            return -1;
    }
    for (uint32_t i = 0; i < rt->nstreams; i++) {
        ss_rt_stream *s = &rt->streams[i];
        s->readers = ss_xcalloc(s->def->nreaders + 1, sizeof(ss_rt_pump *));
        if (s->nwriters > 1) {
            bool *strings = ss_xcalloc(s->def->ncols + 1, sizeof(bool));
            for (uint32_t c = 0; c < s->def->ncols; c++)
                strings[c] = ss_type_is_string(s->def->cols[c].type);
            s->merge = ss_rowbuf_new(s->def->ncols, strings);
            free(strings);
            s->writer_wm = ss_xcalloc(s->nwriters, sizeof(int64_t));
            for (uint32_t w = 0; w < s->nwriters; w++)
                s->writer_wm[w] = INT64_MIN;
            s->merged.ncols = s->def->ncols;
            s->merged.rowtime = ss_xcalloc(SS_BATCH, sizeof(int64_t));
            s->merged.vals = ss_xcalloc((size_t)SS_BATCH * (s->def->ncols ? s->def->ncols : 1), sizeof(ss_value));
            s->merged.origin = ss_xcalloc(SS_BATCH, sizeof(ss_origin));
        }
    }
    for (uint32_t i = 0; i < rt->npumps; i++) {
        ss_rt_stream *from = rt_stream(rt, rt->pumps[i].def->from);
        from->readers[from->nreaders++] = &rt->pumps[i];
    }

    /* Sources. */
    rt->sources = ss_xcalloc(app->nstreams + 1, sizeof(ss_rt_source));
    for (uint32_t i = 0; i < app->nstreams; i++) {
        const ss_stream *def = app->streams[i];
        if (def->role != SS_ROLE_SOURCE)
            continue;
        ss_rt_source *s = &rt->sources[rt->nsources];
        s->def = def;
        s->stream = rt_stream(rt, def);
        s->id = (uint16_t)rt->nsources;
        rt->nsources++;
        if (ss_rt_source_open(rt, s, err, errlen))
            return -1;
    }
    return 0;
}

static void teardown(ss_rt *rt)
{
    for (uint32_t i = 0; i < rt->nsources; i++)
        ss_rt_source_close(&rt->sources[i]);
    for (uint32_t i = 0; i < rt->npumps; i++)
        if (rt->pumps[i].q)
            ss_rt_pump_free(&rt->pumps[i]);
    for (uint32_t i = 0; i < rt->nstreams; i++) {
        ss_rt_stream *s = &rt->streams[i];
        free(s->readers);
        free(s->writer_wm);
        ss_rowbuf_free(s->merge);
        free(s->merged.rowtime);
        free(s->merged.vals);
        free(s->merged.origin);
    }
    for (uint32_t i = 0; i < rt->nsinks; i++)
        ss_rt_sink_close(&rt->sinks[i]);
    free(rt->sources);
    free(rt->pumps);
    free(rt->streams);
    free(rt->sinks);
    ss_buf_free(&rt->err_buf);
    ss_arena_free(&rt->arena);
}

static bool sinks_ok(ss_rt *rt)
{
    for (uint32_t i = 0; i < rt->nsinks; i++) {
        ss_rt_sink *k = &rt->sinks[i];
        if (k->failed) {
            if (!rt->failed)
                snprintf(rt->failure, sizeof rt->failure, "%s", k->failure);
            rt->failed = true;
            return false;
        }
    }
    return true;
}

static void flush_all(ss_rt *rt)
{
    for (uint32_t i = 0; i < rt->nsinks; i++)
        ss_rt_sink_flush(&rt->sinks[i]);
    ss_rt_flush_errors(rt);
    sinks_ok(rt);
}

int ss_rt_drain_sinks(ss_rt *rt, int timeout_ms)
{
    int rc = 0;
    for (uint32_t i = 0; i < rt->nsinks; i++)
        if (ss_rt_sink_drain(&rt->sinks[i], timeout_ms) != 0)
            rc = 1;
    return rc;
}

/* Whether every sink has delivered what it was given: sources commit their
 * positions only then. */
static bool all_delivered(ss_rt *rt, int timeout_ms)
{
    return ss_rt_drain_sinks(rt, timeout_ms) == 0;
}

void ss_rt_drop_origin(ss_rt *rt, uint16_t source, uint32_t part)
{
    for (uint32_t i = 0; i < rt->npumps; i++)
        ss_rt_pump_drop_origin(&rt->pumps[i], source, part);
    for (uint32_t i = 0; i < rt->nstreams; i++)
        if (rt->streams[i].merge)
            ss_rowbuf_drop_origin(rt->streams[i].merge, source, part);
}

static uint64_t total_in(const ss_rt *rt)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < rt->nsources; i++)
        n += rt->sources[i].records;
    return n;
}

static uint64_t total_errors(const ss_rt *rt)
{
    uint64_t n = 0;
    for (int k = 0; k < SS_ERR__COUNT; k++)
        n += rt->errors[k];
    return n;
}

static uint64_t total_out(const ss_rt *rt)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < rt->nsinks; i++)
        n += rt->sinks[i].rows;
    return n;
}

static void progress(ss_rt *rt, FILE *out)
{
    double secs = (double)(rt->now_ms - rt->started_ms) / 1000.0;
    uint64_t in = total_in(rt);
    fprintf(out, "\r\033[K  %.1fs  in %llu  out %llu  errors %llu  %.0f rows/s", secs, (unsigned long long)in,
            (unsigned long long)total_out(rt), (unsigned long long)total_errors(rt),
            secs > 0 ? (double)in / secs : 0.0);
    fflush(out);
}

/* A store that cannot take a checkpoint stops the application: running on
 * without one would break the promise a restart relies on. */
static void fail_checkpoint(ss_rt *rt, const char *why)
{
    if (!rt->failed)
        snprintf(rt->failure, sizeof rt->failure, "checkpoint failed, the last good one is kept: %s", why);
    rt->failed = true;
}

static void summary(ss_rt *rt, FILE *out, double secs)
{
    uint64_t in = total_in(rt);
    fprintf(out, "streamsql: %llu rows in, %llu rows out, %llu errors (%llu late) in %.3f s, %.0f rows/s\n",
            (unsigned long long)in, (unsigned long long)total_out(rt), (unsigned long long)total_errors(rt),
            (unsigned long long)rt->errors[SS_ERR_LATE], secs, secs > 0 ? (double)in / secs : 0.0);
    for (uint32_t i = 0; i < rt->nsources; i++) {
        const ss_rt_source *s = &rt->sources[i];
        fprintf(out, "  source %-24s in %-10llu accepted %-10llu", s->def->name, (unsigned long long)s->records,
                (unsigned long long)s->accepted);
        for (int k = 0; k < SS_ERR__COUNT; k++)
            if (s->errors[k])
                fprintf(out, " %s %llu", ss_err_kind_name((ss_err_kind)k), (unsigned long long)s->errors[k]);
        if (s->truncations)
            fprintf(out, " truncated %llu", (unsigned long long)s->truncations);
        fputc('\n', out);
    }
    for (uint32_t i = 0; i < rt->nstreams; i++) {
        const ss_rt_stream *s = &rt->streams[i];
        if (s->def->role == SS_ROLE_SOURCE)
            continue;
        if (s->def->role == SS_ROLE_UNUSED)
            continue;
        fprintf(out, "  stream %-24s rows %-10llu", s->def->name, (unsigned long long)s->rows);
        /* Rows rebuilt from re-read input, that an earlier owner wrote. */
        if (s->sink && s->sink->rows < s->rows)
            fprintf(out, " replayed %-7llu", (unsigned long long)(s->rows - s->sink->rows));
        if (s->sink && s->sink->path)
            fprintf(out, " -> %s", strcmp(s->sink->path, "-") == 0 ? "stdout" : s->sink->path);
        else if (s->sink)
            fprintf(out, " -> %s %s", s->def->binding.connector == SS_CONN_KINESIS ? "kinesis stream" : "kafka topic",
                    s->def->binding.target);
        fputc('\n', out);
    }
    uint64_t eval_errors = rt->errors[SS_ERR_EVAL];
    uint64_t pump_convert = rt->errors[SS_ERR_CONVERT];
    for (uint32_t i = 0; i < rt->nsources; i++)
        pump_convert -= rt->sources[i].errors[SS_ERR_CONVERT];
    if (eval_errors || pump_convert)
        fprintf(out, "  pumps: eval errors %llu, convert errors %llu\n", (unsigned long long)eval_errors,
                (unsigned long long)pump_convert);
    uint64_t trunc = 0;
    for (uint32_t i = 0; i < rt->npumps; i++)
        trunc += rt->pumps[i].ctx.truncations;
    if (trunc)
        fprintf(out, "  strings cut to their column length in pumps: %llu\n", (unsigned long long)trunc);
    char line[512];
    ss_rt_ckpt_summary(rt, line, sizeof line);
    fputs(line, out);
}

/* Records the largest operator state seen; cheap enough to do per chunk. */
static void sample_state(ss_rt *rt)
{
    uint64_t groups = 0, bytes = 0;
    for (uint32_t i = 0; i < rt->npumps; i++) {
        ss_rt_pump *p = &rt->pumps[i];
        if (p->gw) {
            ss_groupwin_stats st;
            ss_groupwin_stats_get(p->gw, &st);
            groups += st.groups;
            bytes += st.bytes;
        }
        for (uint32_t w = 0; p->sl && w < p->q->novers; w++) {
            groups += ss_sliding_partitions(p->sl[w]);
            bytes += ss_sliding_bytes(p->sl[w]);
        }
    }
    if (groups > rt->peak_groups) {
        rt->peak_groups = groups;
        rt->state_bytes = bytes;
    }
}

uint64_t ss_run_stats_percentile(const ss_run_stats *st, double p)
{
    uint64_t total = 0, seen = 0;
    for (int b = 0; b < 40; b++)
        total += st->chunk_us_hist[b];
    if (!total)
        return 0;
    uint64_t want = (uint64_t)((double)total * p / 100.0 + 0.5);
    if (want < 1)
        want = 1;
    for (int b = 0; b < 40; b++) {
        seen += st->chunk_us_hist[b];
        if (seen >= want)
            return (uint64_t)1 << (b + 1);
    }
    return (uint64_t)1 << 40;
}

static void idle_wait(ss_rt *rt)
{
    struct pollfd fds[64];
    uint32_t n = 0;
    int timeout = IDLE_WAIT_MS;
    for (uint32_t i = 0; i < rt->nsources; i++)
        if (!rt->sources[i].done)
            rt->sources[i].drv->wait(&rt->sources[i], fds, &n, 64, &timeout);
    poll(fds, n, timeout);
}

int ss_run_app(const struct ss_app *app, const ss_run_options *opts, ss_run_stats *stats)
{
    ss_rt rt;
    memset(&rt, 0, sizeof rt);
    rt.app = app;
    rt.opts = *opts;
    if (!rt.opts.max_record_bytes)
        rt.opts.max_record_bytes = 1u << 20;
    if (rt.opts.checkpoint_interval_ms <= 0)
        rt.opts.checkpoint_interval_ms = 10000;
    FILE *report = opts->summary ? opts->summary : stderr;
    ss_arena_init(&rt.arena, 1u << 16);
    rt.now_ms = rt.started_ms = ss_rt_clock_ms();
    rt.err_fd = 2;
    char err[512] = "";
    int rc = 0;
    if (opts->checkpoint_path && ss_rt_ckpt_open(&rt, opts->checkpoint_path, &rt.ckpt_resuming, err, sizeof err)) {
        fprintf(stderr, "streamsql: error: %s\n", err);
        ss_arena_free(&rt.arena);
        return 1;
    }
    if (opts->errors_path && strcmp(opts->errors_path, "-") != 0) {
        /* Resuming, the checkpoint says how much of the file to keep. */
        rt.err_fd = open(opts->errors_path, O_WRONLY | O_CREAT | (rt.ckpt_resuming ? 0 : O_TRUNC) | O_CLOEXEC, 0644);
        if (rt.err_fd < 0) {
            fprintf(stderr, "streamsql: error: cannot open %s for the error stream: %s\n", opts->errors_path,
                    strerror(errno));
            rt.err_fd = -1;
            ss_rt_ckpt_close(&rt);
            ss_arena_free(&rt.arena);
            return 1;
        }
        rt.own_err_fd = true;
    }
    if (setup(&rt, err, sizeof err) || (rt.ckpt && ss_rt_ckpt_restore(&rt, err, sizeof err))) {
        fprintf(stderr, "streamsql: error: %s\n", err);
        rc = 1;
        goto out;
    }

    rt.metrics = ss_metrics_new(&rt);
    int64_t last_progress = rt.now_ms, last_flush = rt.now_ms;
    bool showed_progress = false;
    for (;;) {
        if (opts->stop && *opts->stop)
            break;
        rt.now_ms = ss_rt_clock_ms();
        bool progressed = false;
        uint32_t active = 0;
        for (uint32_t i = 0; i < rt.nsources; i++) {
            ss_rt_source *s = &rt.sources[i];
            if (s->done)
                continue;
            active++;
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            size_t did = ss_rt_source_step(s);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            if (did) {
                progressed = true;
                uint64_t us = (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000);
                int b = 0;
                while (b < 39 && (us >> (b + 1)))
                    b++;
                rt.chunk_us_hist[b]++;
                sample_state(&rt);
            }
            ss_arena_reset(&rt.arena);
        }
        if (!active || rt.failed || !sinks_ok(&rt))
            break;
        /* Arrival time and idle partitions move watermarks without input. */
        for (uint32_t i = 0; i < rt.nsources; i++)
            ss_rt_source_tick(&rt.sources[i]);
        ss_arena_reset(&rt.arena);
        if (rt.now_ms - last_flush >= FLUSH_EVERY_MS || !progressed) {
            flush_all(&rt);
            last_flush = rt.now_ms;
            if (!rt.failed && all_delivered(&rt, 0))
                for (uint32_t i = 0; i < rt.nsources; i++)
                    rt.sources[i].drv->delivered(&rt.sources[i], SS_DELIVERED_SO_FAR);
        }
        if (ss_rt_ckpt_due(&rt) && !rt.failed && ss_rt_ckpt_take(&rt, err, sizeof err)) {
            fail_checkpoint(&rt, err);
            break;
        }
        if (opts->progress && !opts->quiet && rt.now_ms - last_progress >= PROGRESS_EVERY_MS) {
            progress(&rt, report);
            showed_progress = true;
            last_progress = rt.now_ms;
        }
        ss_metrics_tick(rt.metrics, &rt);
        if (!progressed)
            idle_wait(&rt);
    }
    /* Finished, or stopped with a source that cannot resume: whatever is
     * still held flushes, as at end of input. Stopped with only resumable
     * sources: open windows stay open, and the next run rebuilds them from
     * the positions committed for the results that are out. */
    rt.now_ms = ss_rt_clock_ms();
    bool keep_open = opts->stop && *opts->stop && !rt.failed;
    for (uint32_t i = 0; i < rt.nsources; i++)
        keep_open = keep_open && (rt.sources[i].done || rt.sources[i].drv->resumable || rt.ckpt);
    if (!keep_open)
        for (uint32_t i = 0; i < rt.nsources; i++)
            ss_rt_source_finish(&rt.sources[i]);
    flush_all(&rt);
    /* At the end of the input, or stopped: the last checkpoint, which a
     * next run resumes from (or, the input done, finds nothing left to do). */
    if (rt.ckpt && !rt.failed && sinks_ok(&rt) && ss_rt_ckpt_take(&rt, err, sizeof err))
        fail_checkpoint(&rt, err);
    for (uint32_t i = 0; i < rt.nsinks; i++)
        ss_rt_sink_close(&rt.sinks[i]);
    /* Positions are committed only once every result is out. */
    if (sinks_ok(&rt) && !rt.failed)
        for (uint32_t i = 0; i < rt.nsources; i++)
            rt.sources[i].drv->delivered(&rt.sources[i], keep_open ? SS_DELIVERED_AT_STOP : SS_DELIVERED_ALL);
    if (showed_progress)
        fputs("\r\033[K", report);
    if (keep_open && rt.ckpt && !rt.failed && !opts->quiet)
        fprintf(report, "streamsql: stopped; windows still open are in the checkpoint: the next run with "
                        "--checkpoint %s goes on from here\n",
                opts->checkpoint_path);
    else if (keep_open && !opts->quiet)
        fputs("streamsql: stopped; windows still open were not emitted: the next run resumes from the "
              "committed positions and completes them\n",
              report);
    if (rt.failed) {
        fprintf(stderr, "streamsql: error: %s\n", rt.failure);
        rc = 1;
    }
out:;
    double secs = (double)(ss_rt_clock_ms() - rt.started_ms) / 1000.0;
    if (!opts->quiet && rc == 0)
        summary(&rt, report, secs);
    if (stats) {
        stats->rows_in = total_in(&rt);
        stats->rows_out = total_out(&rt);
        stats->errors = total_errors(&rt);
        stats->late = rt.errors[SS_ERR_LATE];
        stats->seconds = secs;
        stats->peak_groups = rt.peak_groups;
        stats->state_bytes = rt.state_bytes;
        memcpy(stats->chunk_us_hist, rt.chunk_us_hist, sizeof rt.chunk_us_hist);
    }
    /* After the sinks closed and the sources committed: the counts are final. */
    ss_metrics_final(rt.metrics, &rt);
    ss_metrics_free(rt.metrics);
    if (rt.own_err_fd)
        close(rt.err_fd);
    teardown(&rt);
    ss_rt_ckpt_close(&rt);
    return rc;
}
