/* The source core, shared by every driver (file, generator, Kafka, Kinesis): records
 * are decoded into a batch, given their ROWTIME, checked against the
 * watermark (a row below it is late), and released downstream in ROWTIME
 * order once the watermark has reached them. Every rejected record goes to
 * the error stream with its position and its bytes.
 *
 * The watermark is (largest ROWTIME accepted) - WATERMARK_DELAY. With
 * several partitions it is the minimum of the partitions' own, over those
 * that are assigned and not idle (caught up, and silent for IDLE_TIMEOUT since
 * the last record or the catching up); when every one is
 * idle, the most advanced one sets it, so that windows still close when the
 * input stops. It never moves back. */
#include "exec/rt.h"
#include "util/mem.h"
#include "util/timeconv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool needs_reorder(const ss_rt_source *s)
{
    return s->delay > 0 || s->nparts > 1;
}

void ss_src_set_parts(ss_rt_source *s, uint32_t n)
{
    if (n > s->nparts) {
        s->parts = ss_xrealloc(s->parts, sizeof(ss_src_part) * n);
        for (uint32_t i = s->nparts; i < n; i++)
            s->parts[i] = (ss_src_part){INT64_MIN, s->rt->now_ms, INT64_MIN, false, false, false};
        s->nparts = n;
    }
    if (needs_reorder(s) && !s->reorder) {
        bool *strings = ss_xcalloc(s->def->ncols + 1, sizeof(bool));
        for (uint32_t i = 0; i < s->def->ncols; i++)
            strings[i] = ss_type_is_string(s->def->cols[i].type);
        s->reorder = ss_rowbuf_new(s->def->ncols, strings);
        free(strings);
    }
}

int ss_rt_source_open(ss_rt *rt, ss_rt_source *s, char *err, size_t errlen)
{
    const ss_stream *def = s->def;
    const ss_binding *b = &def->binding;
    s->rt = rt;
    s->rowtime_col = def->rowtime_col;
    s->delay = b->watermark_delay_ms;
    s->idle_timeout = b->idle_timeout_ms;
    s->wm = INT64_MIN;
    s->batch.ncols = def->ncols;
    s->batch.rowtime = ss_xcalloc(SS_BATCH, sizeof(int64_t));
    s->batch.vals = ss_xcalloc((size_t)SS_BATCH * (def->ncols ? def->ncols : 1), sizeof(ss_value));
    s->batch.origin = ss_xcalloc(SS_BATCH, sizeof(ss_origin));
    switch (b->connector) {
    case SS_CONN_GENERATOR: s->drv = &ss_generator_source; break;
    case SS_CONN_KAFKA: s->drv = &ss_kafka_source; break;
    case SS_CONN_KINESIS: s->drv = &ss_kinesis_source; break;
    default: s->drv = &ss_file_source; break;
    }
    /* Without a ROWTIME column, files and stdin use the arrival time, as KDA
     * did; generators their event time; Kafka the message timestamp. */
    s->arrival = s->rowtime_col < 0 && s->drv == &ss_file_source;
    /* Kinesis: the record's arrival time is a column (added by the analyzer
     * when not declared), filled from the driver's time, not the data. */
    s->arrival_time_col = -1;
    for (uint32_t i = 0; b->connector == SS_CONN_KINESIS && i < def->ncols; i++)
        if (strcmp(def->cols[i].name, "APPROXIMATE_ARRIVAL_TIME") == 0)
            s->arrival_time_col = (int)i;
    if (s->drv != &ss_generator_source) {
        /* Every declared column is decoded, read by a pump or not: a value that
         * does not fit its column is an error record (SPEC section 5), as KDA
         * reported it. Undeclared JSON keys are skipped without being decoded. */
        s->dec = ss_decoder_new(def, NULL, err, errlen);
        if (!s->dec)
            return -1;
    }
    ss_src_set_parts(s, 1);
    s->parts[0].active = true;
    return s->drv->open(s, err, errlen);
}

void ss_rt_source_close(ss_rt_source *s)
{
    if (s->drv)
        s->drv->close(s);
    ss_decoder_free(s->dec);
    ss_rowbuf_free(s->reorder);
    free(s->parts);
    free(s->batch.rowtime);
    free(s->batch.vals);
    free(s->batch.origin);
}

static void push_batch(ss_rt_source *s)
{
    if (!s->batch.n)
        return;
    ss_rt_stream_push(s->stream, &s->batch, 0);
    s->batch.n = 0;
}

static bool idle(const ss_rt_source *s, const ss_src_part *p)
{
    return !p->behind && s->rt->now_ms - p->last_seen_ms >= s->idle_timeout;
}

static int64_t part_wm(const ss_rt_source *s, const ss_src_part *p)
{
    int64_t wm;
    if (p->max_rowtime == INT64_MIN || __builtin_sub_overflow(p->max_rowtime, s->delay, &wm))
        return INT64_MIN;
    return wm;
}

/* The multi-partition watermark (see the top of the file). */
static int64_t compute_wm(const ss_rt_source *s)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    bool any_busy = false;
    for (uint32_t i = 0; i < s->nparts; i++) {
        const ss_src_part *p = &s->parts[i];
        if (!p->active)
            continue;
        int64_t w = part_wm(s, p);
        if (w > hi)
            hi = w;
        if (!idle(s, p)) {
            any_busy = true;
            if (w < lo)
                lo = w;
        }
    }
    return any_busy ? lo : hi;
}

void ss_src_release(ss_rt_source *s)
{
    if (s->nparts > 1) {
        int64_t wm = compute_wm(s);
        if (wm > s->wm)
            s->wm = wm;
    }
    push_batch(s);
    if (s->reorder) {
        while (ss_rowbuf_take(s->reorder, s->wm, &s->batch, SS_BATCH)) {
            ss_rt_stream_push(s->stream, &s->batch, 0);
            s->batch.n = 0;
        }
        ss_rowbuf_done(s->reorder);
    }
    ss_rt_stream_advance(s->stream, 0, s->wm);
}

void ss_src_error(ss_rt_source *s, ss_err_kind kind, uint32_t part, uint64_t offset, const char *msg,
                  const char *data, size_t len)
{
    s->errors[kind]++;
    ss_origin o = {offset, part, s->id, 0};
    /* The record goes whole: the error record cuts it and says so. */
    ss_rt_error(s->rt, kind, s->def->name, o, msg, data, len);
}

ss_value *ss_src_slot(ss_rt_source *s)
{
    return ss_rows_row(&s->batch, s->batch.n);
}

void ss_src_row(ss_rt_source *s, uint32_t part, uint64_t offset, int64_t time, const char *raw, size_t rawlen)
{
    ss_value *vals = ss_src_slot(s);
    ss_src_part *p = &s->parts[part];
    int64_t t;
    char msg[200];
    if (s->rowtime_col < 0) {
        t = time;
        if (s->arrival && t < p->max_rowtime)
            t = p->max_rowtime; /* the wall clock stepped back: keep ROWTIME ordered */
    } else {
        ss_value v = vals[s->rowtime_col];
        if (v.null) {
            snprintf(msg, sizeof msg, "ROWTIME column %s is missing or NULL", s->def->cols[s->rowtime_col].name);
            ss_src_error(s, SS_ERR_ROWTIME, part, offset, msg, raw, rawlen);
            return;
        }
        t = v.i; /* TIMESTAMP, or BIGINT epoch milliseconds */
    }
    p->last_seen_ms = s->rt->now_ms;
    /* A replay is never late: it is the earlier owner's input, read again to
     * rebuild state, and its results are already out. */
    bool replay = t <= p->replay_wm;
    /* A partition taken over from a slower owner is not late for being behind
     * this process: its rows count as late only below its own watermark, and
     * its windows, already closed here for other keys, emit at once. */
    int64_t bound = s->wm;
    if (p->catching_up) {
        int64_t own = part_wm(s, p);
        if (own >= s->wm)
            p->catching_up = false;
        else
            bound = own;
    }
    if (t < bound && !replay) {
        char a[SS_TIME_BUFSZ], b[SS_TIME_BUFSZ];
        ss_time_format_timestamp(t, a);
        ss_time_format_timestamp(s->wm, b);
        snprintf(msg, sizeof msg, "late row: ROWTIME %s is below the watermark %s", a, b);
        ss_src_error(s, SS_ERR_LATE, part, offset, msg, raw, rawlen);
        return;
    }
    s->accepted++;
    if (t > p->max_rowtime) {
        p->max_rowtime = t;
        /* One partition: the watermark moves with every row, so lateness is
         * judged at each arrival. Several: once per batch (ss_src_release). */
        if (s->nparts == 1) {
            int64_t wm = part_wm(s, p);
            if (wm > s->wm)
                s->wm = wm;
        }
    }
    ss_origin o = {offset, part, s->id, replay};
    if (s->reorder) {
        ss_rowbuf_add(s->reorder, t, vals, o);
        return;
    }
    s->batch.rowtime[s->batch.n] = t;
    s->batch.origin[s->batch.n] = o;
    if (++s->batch.n == SS_BATCH)
        push_batch(s);
}

static bool blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

void ss_src_record(ss_rt_source *s, uint32_t part, uint64_t offset, const char *rec, size_t len, int64_t time)
{
    /* Blank lines separate nothing in JSON lines; they are not records. */
    if (blank(rec, len))
        return;
    s->records++;
    if (len > s->rt->opts.max_record_bytes) {
        char msg[128];
        snprintf(msg, sizeof msg, "record longer than %llu bytes", (unsigned long long)s->rt->opts.max_record_bytes);
        ss_src_error(s, SS_ERR_PARSE, part, offset, msg, rec, len);
        return;
    }
    ss_decode_error de;
    ss_decode_status st = ss_decode(s->dec, rec, len, ss_src_slot(s), &s->rt->arena, &s->truncations, &de);
    switch (st) {
    case SS_DECODE_HEADER:
        s->records--;
        return;
    case SS_DECODE_PARSE:
        ss_src_error(s, SS_ERR_PARSE, part, offset, de.message, rec, len);
        return;
    case SS_DECODE_CONVERT:
        ss_src_error(s, de.column >= 0 && de.column == s->rowtime_col ? SS_ERR_ROWTIME : SS_ERR_CONVERT, part,
                     offset, de.message, rec, len);
        return;
    case SS_DECODE_OK:
        if (s->arrival_time_col >= 0)
            ss_src_slot(s)[s->arrival_time_col] = ss_int(time);
        ss_src_row(s, part, offset, time, rec, len);
        return;
    }
}

size_t ss_rt_source_step(ss_rt_source *s)
{
    if (s->done)
        return 0;
    return s->drv->step(s);
}

void ss_rt_source_tick(ss_rt_source *s)
{
    if (s->done)
        return;
    if (s->arrival) {
        /* Later rows get ROWTIME >= now, so none of them can be late. */
        int64_t wm = s->rt->now_ms - s->delay;
        if (wm > s->wm) {
            s->wm = wm;
            ss_src_release(s);
        }
    } else if (s->nparts > 1 || s->idle_timeout > 0) {
        int64_t before = s->wm;
        if (s->nparts > 1) {
            int64_t wm = compute_wm(s);
            if (wm > s->wm)
                s->wm = wm;
        }
        if (s->wm > before)
            ss_src_release(s);
    }
}

void ss_src_end(ss_rt_source *s)
{
    if (s->done)
        return;
    s->done = true;
    s->wm = INT64_MAX;
    ss_src_release(s);
}

void ss_rt_source_finish(ss_rt_source *s)
{
    ss_src_end(s);
}

void ss_src_take_part(ss_rt_source *s, uint32_t part, int64_t replay_wm)
{
    if (part >= s->nparts)
        ss_src_set_parts(s, part + 1);
    ss_src_part *p = &s->parts[part];
    p->active = true;
    s->rt->parts_moved++;
    p->last_seen_ms = s->rt->now_ms; /* a fresh partition holds the watermark until it idles */
    p->replay_wm = replay_wm;
    p->catching_up = true;
    p->behind = true;
    if (replay_wm != INT64_MIN && (p->max_rowtime == INT64_MIN || p->max_rowtime < replay_wm)) {
        int64_t max;
        p->max_rowtime = __builtin_add_overflow(replay_wm, s->delay, &max) ? INT64_MAX : max;
    }
}

void ss_src_give_up_part(ss_rt_source *s, uint32_t part)
{
    if (part >= s->nparts)
        return;
    if (s->reorder)
        ss_rowbuf_drop_origin(s->reorder, s->id, part);
    ss_rt_drop_origin(s->rt, s->id, part);
    s->rt->parts_moved++;
    s->parts[part] = (ss_src_part){INT64_MIN, s->rt->now_ms, INT64_MIN, false, false, false};
}

void ss_src_set_behind(ss_rt_source *s, uint32_t part, bool behind)
{
    ss_src_part *p = &s->parts[part];
    if (p->behind && !behind)
        p->last_seen_ms = s->rt->now_ms;
    p->behind = behind;
}

void ss_src_no_delivery(ss_rt_source *s, ss_delivery how)
{
    (void)s, (void)how;
}
