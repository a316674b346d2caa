/* Metrics of a running application: see metrics.h and docs/METRICS.md. */
#include "exec/metrics.h"
#include "util/mem.h"

#include <stdlib.h>

struct ss_metrics {
    ss_prom prom;
    int64_t interval_ms;
    int64_t last_ms;
    bool rendered; /* once: the first tick renders at once */
};

static const ss_prom_family F_RUNNING = {"streamsql_running", "gauge",
                                         "1 while the application runs, 0 in the snapshot taken at its end"};
static const ss_prom_family F_FAILED = {"streamsql_failed", "gauge", "1 once the application has failed"};
static const ss_prom_family F_START = {"streamsql_start_time_seconds", "gauge",
                                       "When the application started, in seconds since the epoch"};
static const ss_prom_family F_SRC_RECORDS = {"streamsql_source_records_total", "counter",
                                             "Records read from the source, good or not"};
static const ss_prom_family F_SRC_ROWS = {"streamsql_source_rows_total", "counter",
                                          "Records of the source accepted as rows"};
static const ss_prom_family F_ERRORS = {"streamsql_errors_total", "counter",
                                        "Records written to the error stream, by stream and kind"};
static const ss_prom_family F_LATE = {"streamsql_late_rows_total", "counter",
                                      "Rows of the source dropped for arriving below its watermark"};
static const ss_prom_family F_TRUNC = {"streamsql_truncations_total", "counter",
                                       "Strings of the source cut to their column's length"};
static const ss_prom_family F_STREAM_ROWS = {"streamsql_stream_rows_total", "counter",
                                             "Rows pushed into the in-application stream"};
static const ss_prom_family F_SINK_ROWS = {"streamsql_sink_rows_total", "counter",
                                           "Rows written to the stream's output (file, stdout, Kafka or Kinesis)"};
static const ss_prom_family F_WM = {"streamsql_watermark_seconds", "gauge",
                                    "The source's watermark (event time), in seconds since the epoch"};
static const ss_prom_family F_WM_LAG = {"streamsql_watermark_lag_seconds", "gauge",
                                        "Wall clock minus the source's watermark"};
static const ss_prom_family F_PUMP_IN = {"streamsql_pump_rows_in_total", "counter", "Rows the pump read"};
static const ss_prom_family F_PUMP_OUT = {"streamsql_pump_rows_out_total", "counter", "Rows the pump emitted"};
static const ss_prom_family F_WINDOWS = {"streamsql_open_windows", "gauge",
                                         "Windows the pump holds open: tumbling or hopping windows, session or "
                                         "stagger groups, sliding-window partitions"};
static const ss_prom_family F_GROUPS = {"streamsql_group_keys", "gauge",
                                        "Group keys the pump holds: a GROUP BY key in an open window, or a "
                                        "sliding window's PARTITION BY key"};
static const ss_prom_family F_STATE = {"streamsql_state_bytes", "gauge",
                                       "Memory the pump's window state takes (entries and hash tables)"};
static const ss_prom_family F_CKPT = {"streamsql_checkpoints_total", "counter", "Checkpoints taken"};
static const ss_prom_family F_CKPT_LAST = {"streamsql_checkpoint_duration_seconds", "gauge",
                                           "Time the last checkpoint took"};
static const ss_prom_family F_CKPT_MAX = {"streamsql_checkpoint_duration_max_seconds", "gauge",
                                          "Time the longest checkpoint took"};
static const ss_prom_family F_CKPT_SIZE = {"streamsql_checkpoint_size_bytes", "gauge",
                                           "Size of the checkpoint store on disk (database and WAL)"};

ss_metrics *ss_metrics_new(const ss_rt *rt)
{
    if (!rt->opts.on_metrics)
        return NULL;
    ss_metrics *m = ss_xcalloc(1, sizeof *m);
    ss_prom_init(&m->prom, rt->opts.app_name);
    m->interval_ms = rt->opts.metrics_interval_ms > 0 ? rt->opts.metrics_interval_ms : 1000;
    return m;
}

void ss_metrics_free(ss_metrics *m)
{
    if (!m)
        return;
    ss_prom_free(&m->prom);
    free(m);
}

static void emit(ss_metrics *m, const ss_rt *rt, bool running)
{
    int64_t now = ss_rt_clock_ms();
    ss_prom_begin(&m->prom);
    ss_metrics_render(rt, &m->prom, now, running);
    size_t len;
    const char *text = ss_prom_text(&m->prom, &len);
    rt->opts.on_metrics(rt->opts.metrics_ctx, text, len);
    m->last_ms = now;
    m->rendered = true;
}

void ss_metrics_tick(ss_metrics *m, const ss_rt *rt)
{
    if (m && (!m->rendered || rt->now_ms - m->last_ms >= m->interval_ms))
        emit(m, rt, true);
}

void ss_metrics_final(ss_metrics *m, const ss_rt *rt)
{
    if (m)
        emit(m, rt, false);
}

static const char *const KIND_LABEL = "kind";

/* The error kinds a source can report, and those a pump can. */
static const ss_err_kind source_kinds[] = {SS_ERR_PARSE, SS_ERR_CONVERT, SS_ERR_ROWTIME, SS_ERR_LATE};
static const ss_err_kind pump_kinds[] = {SS_ERR_CONVERT, SS_ERR_EVAL};

static void render_sources(const ss_rt *rt, ss_prom *p, int64_t now_ms)
{
    for (uint32_t i = 0; i < rt->nsources; i++) {
        const ss_rt_source *s = &rt->sources[i];
        const char *l[] = {"stream", s->def->name, NULL, NULL, NULL};
        ss_prom_u64(p, &F_SRC_RECORDS, l, s->records);
        ss_prom_u64(p, &F_SRC_ROWS, l, s->accepted);
        ss_prom_u64(p, &F_LATE, l, s->errors[SS_ERR_LATE]);
        ss_prom_u64(p, &F_TRUNC, l, s->truncations);
        /* INT64_MIN: no row yet; INT64_MAX: the input ended and everything
         * flushed. Neither is a time to subtract from. */
        if (s->wm != INT64_MIN && s->wm != INT64_MAX) {
            ss_prom_f64(p, &F_WM, l, (double)s->wm / 1000.0);
            ss_prom_f64(p, &F_WM_LAG, l, ((double)now_ms - (double)s->wm) / 1000.0);
        }
        l[2] = KIND_LABEL;
        for (size_t k = 0; k < sizeof source_kinds / sizeof source_kinds[0]; k++) {
            l[3] = ss_err_kind_name(source_kinds[k]);
            ss_prom_u64(p, &F_ERRORS, l, s->errors[source_kinds[k]]);
        }
        if (s->drv && s->drv->metrics && s->impl)
            s->drv->metrics(s, p);
    }
}

static void render_streams(const ss_rt *rt, ss_prom *p)
{
    for (uint32_t i = 0; i < rt->nstreams; i++) {
        const ss_rt_stream *s = &rt->streams[i];
        if (s->def->role == SS_ROLE_UNUSED)
            continue;
        const char *l[] = {"stream", s->def->name, NULL, NULL, NULL};
        ss_prom_u64(p, &F_STREAM_ROWS, l, s->rows);
        if (s->sink)
            ss_prom_u64(p, &F_SINK_ROWS, l, s->sink->rows);
        if (s->def->role == SS_ROLE_SOURCE)
            continue;
        /* The error stream names the stream a pump writes: one series per
         * stream and kind, however many pumps write it. */
        uint64_t errors[SS_ERR__COUNT] = {0};
        for (uint32_t j = 0; j < rt->npumps; j++)
            if (rt->pumps[j].into == s)
                for (int k = 0; k < SS_ERR__COUNT; k++)
                    errors[k] += rt->pumps[j].errors[k];
        l[2] = KIND_LABEL;
        for (size_t k = 0; k < sizeof pump_kinds / sizeof pump_kinds[0]; k++) {
            l[3] = ss_err_kind_name(pump_kinds[k]);
            ss_prom_u64(p, &F_ERRORS, l, errors[pump_kinds[k]]);
        }
    }
}

static void render_pumps(const ss_rt *rt, ss_prom *p)
{
    char fallback[32];
    for (uint32_t i = 0; i < rt->npumps; i++) {
        const ss_rt_pump *pu = &rt->pumps[i];
        if (!pu->q)
            continue; /* set-up failed before it */
        const char *name = pu->def->name;
        if (!name) { /* a standalone SELECT */
            snprintf(fallback, sizeof fallback, "select%u", i + 1);
            name = fallback;
        }
        const char *l[] = {"pump", name, NULL};
        ss_prom_u64(p, &F_PUMP_IN, l, pu->rows_in);
        ss_prom_u64(p, &F_PUMP_OUT, l, pu->rows_out);
        if (!pu->gw && !pu->sl)
            continue;
        uint64_t windows = 0, groups = 0, bytes = 0;
        if (pu->gw) {
            ss_groupwin_stats st;
            ss_groupwin_stats_get(pu->gw, &st);
            windows += st.windows;
            groups += st.groups;
            bytes += st.bytes;
        }
        for (uint32_t w = 0; pu->sl && w < pu->q->novers; w++) {
            uint64_t parts = ss_sliding_partitions(pu->sl[w]);
            windows += parts;
            groups += parts;
            bytes += ss_sliding_bytes(pu->sl[w]);
        }
        ss_prom_u64(p, &F_WINDOWS, l, windows);
        ss_prom_u64(p, &F_GROUPS, l, groups);
        ss_prom_u64(p, &F_STATE, l, bytes);
    }
}

void ss_metrics_render(const ss_rt *rt, ss_prom *p, int64_t now_ms, bool running)
{
    ss_prom_u64(p, &F_RUNNING, NULL, running ? 1 : 0);
    ss_prom_u64(p, &F_FAILED, NULL, rt->failed ? 1 : 0);
    ss_prom_f64(p, &F_START, NULL, (double)rt->started_ms / 1000.0);
    render_sources(rt, p, now_ms);
    render_streams(rt, p);
    render_pumps(rt, p);
    ss_rt_ckpt_stats ck;
    if (ss_rt_ckpt_stats_get(rt, &ck)) {
        ss_prom_u64(p, &F_CKPT, NULL, ck.taken);
        ss_prom_f64(p, &F_CKPT_LAST, NULL, (double)ck.last_us / 1e6);
        ss_prom_f64(p, &F_CKPT_MAX, NULL, (double)ck.longest_us / 1e6);
        ss_prom_u64(p, &F_CKPT_SIZE, NULL, ck.bytes);
    }
}
