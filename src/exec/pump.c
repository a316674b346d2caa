/* Pump execution: WHERE, then one of row-at-a-time, GROUP BY windows or
 * sliding OVER windows, then HAVING and the projection into the target
 * stream's columns (the analyzer already put the casts there). A row whose
 * evaluation fails goes to the error stream and is dropped; the others go on. */
#include "exec/rt.h"
#include "exec/agg.h"
#include "util/hash.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void alloc_rows(ss_rows *r, uint32_t ncols)
{
    r->ncols = ncols;
    r->n = 0;
    r->rowtime = ss_xcalloc(SS_BATCH, sizeof(int64_t));
    r->vals = ss_xcalloc((size_t)SS_BATCH * (ncols ? ncols : 1), sizeof(ss_value));
    r->origin = ss_xcalloc(SS_BATCH, sizeof(ss_origin));
}

static void free_rows(ss_rows *r)
{
    free(r->rowtime);
    free(r->vals);
    free(r->origin);
}

static int prepare_all(ss_query *q, ss_arena *arena, char *err, size_t errlen)
{
    int rc = ss_eval_prepare(q->where, arena, err, errlen);
    for (uint32_t i = 0; i < q->nkeys && !rc; i++)
        rc = ss_eval_prepare(q->keys[i], arena, err, errlen);
    for (uint32_t i = 0; i < q->naggs && !rc; i++)
        rc = ss_eval_prepare(q->aggs[i].arg, arena, err, errlen);
    for (uint32_t w = 0; w < q->novers && !rc; w++)
        for (uint32_t i = 0; i < q->overs[w].npartition && !rc; i++)
            rc = ss_eval_prepare(q->overs[w].partition[i], arena, err, errlen);
    rc = rc ? rc : ss_eval_prepare(q->having, arena, err, errlen);
    for (uint32_t i = 0; i < q->nout && !rc; i++)
        rc = ss_eval_prepare(q->out[i], arena, err, errlen);
    return rc;
}

int ss_rt_pump_init(ss_rt *rt, ss_rt_pump *p, const ss_pump *def, ss_rt_stream *into, uint32_t writer,
                    char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->rt = rt;
    p->def = def;
    p->q = def->q;
    p->into = into;
    p->writer = writer;
    p->replay_floor_at = UINT64_MAX; /* not computed yet */
    /* Compiled date patterns are cached on the expressions themselves. */
    if (prepare_all((ss_query *)def->q, rt->app->arena, err, errlen))
        return -1;
    const ss_query *q = p->q;
    if (q->window != SS_WIN_NONE)
        p->gw = ss_groupwin_new(q);
    if (q->novers) {
        p->sl = ss_xcalloc(q->novers, sizeof(ss_sliding *));
        for (uint32_t w = 0; w < q->novers; w++)
            p->sl[w] = ss_sliding_new(q, w);
    }
    p->keys = ss_xcalloc(q->nkeys + 1, sizeof(ss_value));
    if (p->gw) {
        p->gkeys = ss_xcalloc((size_t)SS_BATCH * (q->nkeys + 1), sizeof(ss_value));
        p->gargs = ss_xcalloc((size_t)SS_BATCH * (q->naggs + 1), sizeof(ss_value));
        p->gtimes = ss_xcalloc(SS_BATCH, sizeof(int64_t));
        p->grows = ss_xcalloc(SS_BATCH, sizeof(uint32_t));
        p->gorigins = ss_xcalloc(SS_BATCH, sizeof(ss_origin));
    }
    p->args = ss_xcalloc(q->naggs + 1, sizeof(ss_value));
    p->orow_width = q->out_base_slots + q->naggs;
    p->orow = ss_xcalloc(p->orow_width + 1, sizeof(ss_value));
    p->outv = ss_xcalloc(q->nout + 1, sizeof(ss_value));
    p->ctx.arena = &rt->arena;
    p->distinct_end = INT64_MIN;
    alloc_rows(&p->out, into->def->ncols);
    return 0;
}

void ss_rt_pump_free(ss_rt_pump *p)
{
    ss_groupwin_free(p->gw);
    if (p->sl)
        for (uint32_t w = 0; w < p->q->novers; w++)
            ss_sliding_free(p->sl[w]);
    free(p->sl);
    free(p->keys);
    free(p->gkeys);
    free(p->gargs);
    free(p->gtimes);
    free(p->grows);
    free(p->gorigins);
    free(p->args);
    free(p->orow);
    free(p->outv);
    free_rows(&p->out);
    ss_buf_free(&p->distinct_rows);
}

static void flush(ss_rt_pump *p)
{
    if (!p->out.n)
        return;
    p->rows_out += p->out.n;
    ss_rt_stream_push(p->into, &p->out, p->writer);
    p->out.n = 0;
}

/* Reports a failed evaluation; the row is dropped. */
static void row_error(ss_rt_pump *p, ss_eval_status st, const ss_value *input, ss_origin origin)
{
    ss_err_kind kind = st == SS_EVAL_CONVERT ? SS_ERR_CONVERT : SS_ERR_EVAL;
    p->errors[kind]++;
    ss_buf data = {0};
    if (input)
        ss_rt_row_text(p->def->from, input, &data);
    ss_rt_error(p->rt, kind, p->def->into->name, origin,
                p->ctx.msg, data.data ? data.data : "", data.len);
    ss_buf_free(&data);
}

/* SELECT DISTINCT: whether this output row was already emitted in its window. */
static bool seen_before(ss_rt_pump *p, int64_t end)
{
    const ss_query *q = p->q;
    if (end != p->distinct_end) {
        ss_buf_clear(&p->distinct_rows);
        p->distinct_end = end;
    }
    unsigned char tmp[512];
    size_t need = 0;
    for (uint32_t i = 0; i < q->nout; i++)
        need += ss_key_size(p->outv[i]);
    unsigned char *enc = need <= sizeof tmp ? tmp : ss_xmalloc(need);
    size_t n = 0;
    for (uint32_t i = 0; i < q->nout; i++)
        n += ss_key_encode(p->outv[i], q->out[i]->type, enc + n);
    /* Windows are small; a linear scan of this window's rows is enough. */
    bool seen = false;
    for (size_t at = 0; at < p->distinct_rows.len && !seen;) {
        uint32_t len;
        memcpy(&len, p->distinct_rows.data + at, 4);
        seen = len == n && memcmp(p->distinct_rows.data + at + 4, enc, n) == 0;
        at += 4 + len;
    }
    if (!seen) {
        uint32_t len = (uint32_t)n;
        ss_buf_append(&p->distinct_rows, &len, 4);
        ss_buf_append(&p->distinct_rows, enc, n);
    }
    if (enc != tmp)
        free(enc);
    return seen;
}

/* Projects ctx.row into the target's columns and appends it to the batch. */
static void emit(ss_rt_pump *p, int64_t rowtime, ss_origin origin, const ss_value *input)
{
    const ss_query *q = p->q;
    ss_eval_ctx *c = &p->ctx;
    c->out_rowtime = rowtime;
    if (q->having) {
        bool keep;
        ss_eval_status st = ss_eval_cond(q->having, c, &keep);
        if (st != SS_EVAL_OK) {
            row_error(p, st, input, origin);
            return;
        }
        if (!keep)
            return;
    }
    for (uint32_t i = 0; i < q->nout; i++) {
        ss_eval_status st = ss_eval(q->out[i], c, &p->outv[i]);
        if (st != SS_EVAL_OK) {
            row_error(p, st, input, origin);
            return;
        }
    }
    if (q->distinct && seen_before(p, rowtime))
        return;
    const ss_stream *into = p->into->def;
    ss_value *dst = ss_rows_row(&p->out, p->out.n);
    for (uint32_t k = 0; k < into->ncols; k++) {
        int o = p->def->target_map[k];
        dst[k] = o >= 0 ? p->outv[o] : ss_null();
    }
    p->out.rowtime[p->out.n] = rowtime;
    p->out.origin[p->out.n] = origin;
    if (++p->out.n == SS_BATCH)
        flush(p);
}

/* For groups of rows that another pump produced, which carry no partition:
 * the lowest hand-off watermark over every partition this process reads. A
 * window ending there was complete, and emitted, before the hand-off. */
static int64_t replay_floor(ss_rt_pump *p)
{
    ss_rt *rt = p->rt;
    if (p->replay_floor_at == rt->parts_moved)
        return p->replay_floor;
    int64_t floor = INT64_MAX;
    bool any = false;
    for (uint32_t i = 0; i < rt->nsources; i++)
        for (uint32_t j = 0; j < rt->sources[i].nparts; j++)
            if (rt->sources[i].parts[j].active) {
                any = true;
                if (rt->sources[i].parts[j].replay_wm < floor)
                    floor = rt->sources[i].parts[j].replay_wm;
            }
    p->replay_floor = any ? floor : INT64_MIN;
    p->replay_floor_at = rt->parts_moved;
    return p->replay_floor;
}

static void emit_group(void *ctx, ss_value *row, int64_t start, int64_t end, ss_origin from)
{
    ss_rt_pump *p = ctx;
    const ss_query *q = p->q;
    /* The group's strings (keys, MIN/MAX/FIRST/LAST values) die with it when
     * this returns, and the output batch is flushed later: copy them. */
    for (uint32_t k = 0; k < q->nkeys; k++)
        if (!row[k].null && ss_type_is_string(q->keys[k]->type))
            row[k].s = ss_arena_strndup(&p->rt->arena, row[k].s, row[k].len);
    for (uint32_t a = 0; a < q->naggs; a++) {
        ss_value *v = &row[q->nkeys + a];
        if (!v->null && ss_type_is_string(q->aggs[a].type))
            v->s = ss_arena_strndup(&p->rt->arena, v->s, v->len);
    }
    p->ctx.row = row;
    if (q->window_key >= 0) {
        /* The window term's value: evaluated at the window's start, which is
         * the start itself for STEP/FLOOR/HOP/SESSION. */
        ss_value v;
        p->ctx.in_rowtime = start;
        if (ss_eval(q->keys[q->window_key], &p->ctx, &v) == SS_EVAL_OK)
            row[q->window_key] = v;
    }
    /* A window that ended at or before the hand-off watermark of the group's
     * partition was emitted by the previous owner: it goes on as a replay. */
    ss_origin out = ss_origin_none();
    if (from.source < p->rt->nsources)
        out.replay = from.part < p->rt->sources[from.source].nparts &&
                     end <= p->rt->sources[from.source].parts[from.part].replay_wm;
    else
        out.replay = end <= replay_floor(p);
    emit(p, end, out, NULL);
}

static void add_failed(void *ctx, uint32_t r, const char *msg)
{
    ss_rt_pump *p = ctx;
    uint32_t row = p->grows[r];
    snprintf(p->ctx.msg, sizeof p->ctx.msg, "%s", msg);
    row_error(p, SS_EVAL_ERROR, ss_rows_row(p->gin, row),
              p->gin->origin ? p->gin->origin[row] : ss_origin_none());
}

void ss_rt_pump_push(ss_rt_pump *p, const ss_rows *in)
{
    const ss_query *q = p->q;
    ss_eval_ctx *c = &p->ctx;
    char msg[160];
    c->now_ms = p->rt->now_ms;
    p->rows_in += in->n;
    for (uint32_t r = 0; r < in->n; r++) {
        const ss_value *row = ss_rows_row(in, r);
        ss_origin origin = in->origin ? in->origin[r] : ss_origin_none();
        int64_t t = in->rowtime[r];
        c->row = row;
        c->in_rowtime = c->out_rowtime = t;
        if (q->where) {
            bool keep;
            ss_eval_status st = ss_eval_cond(q->where, c, &keep);
            if (st != SS_EVAL_OK) {
                row_error(p, st, row, origin);
                continue;
            }
            if (!keep)
                continue;
        }
        if (p->gw) {
            /* Collected for the whole batch, then added at once (groupwin
             * prefetches its table with the batch's hashes). */
            uint32_t k_at = p->gn;
            ss_value *keys = p->gkeys + (size_t)k_at * q->nkeys, *args = p->gargs + (size_t)k_at * q->naggs;
            ss_eval_status st = SS_EVAL_OK;
            for (uint32_t k = 0; k < q->nkeys && st == SS_EVAL_OK; k++)
                if ((int)k != q->window_key)
                    st = ss_eval(q->keys[k], c, &keys[k]);
            for (uint32_t a = 0; a < q->naggs && st == SS_EVAL_OK; a++)
                args[a] = q->aggs[a].star ? ss_int(0) : (st = ss_eval(q->aggs[a].arg, c, &args[a]), args[a]);
            if (st != SS_EVAL_OK) {
                row_error(p, st, row, origin);
                continue;
            }
            p->gtimes[k_at] = t;
            p->grows[k_at] = r;
            p->gorigins[k_at] = origin;
            p->gn++;
            continue;
        }
        if (p->sl) {
            ss_eval_status st = SS_EVAL_OK;
            for (uint32_t a = 0; a < q->naggs && st == SS_EVAL_OK; a++)
                p->args[a] = q->aggs[a].star ? ss_int(0) : (st = ss_eval(q->aggs[a].arg, c, &p->args[a]), p->args[a]);
            memcpy(p->orow, row, sizeof(ss_value) * q->from->ncols);
            for (uint32_t w = 0; w < q->novers && st == SS_EVAL_OK; w++) {
                const ss_over *o = &q->overs[w];
                ss_value parts[16];
                ss_value *pv = o->npartition <= 16 ? parts : ss_xmalloc(sizeof(ss_value) * o->npartition);
                for (uint32_t k = 0; k < o->npartition && st == SS_EVAL_OK; k++)
                    st = ss_eval(o->partition[k], c, &pv[k]);
                if (st == SS_EVAL_OK &&
                    !ss_sliding_add(p->sl[w], t, pv, p->args, origin, p->orow + q->out_base_slots, msg)) {
                    snprintf(c->msg, sizeof c->msg, "%s", msg);
                    st = SS_EVAL_ERROR;
                }
                if (pv != parts)
                    free(pv);
            }
            if (st != SS_EVAL_OK) {
                row_error(p, st, row, origin);
                continue;
            }
            /* A string result points into the window's rows, which a later
             * row of this batch may evict before the batch is flushed. */
            for (uint32_t a = 0; a < q->naggs; a++) {
                ss_value *r = &p->orow[q->out_base_slots + a];
                if (!r->null && ss_type_is_string(q->aggs[a].type))
                    r->s = ss_arena_strndup(&p->rt->arena, r->s, r->len);
            }
            c->row = p->orow;
            emit(p, t, origin, row);
            continue;
        }
        emit(p, t, origin, row);
    }
    if (p->gw && p->gn) {
        /* Keys and kept values must outlive the batch: groupwin copies them. */
        p->gin = in;
        ss_groupwin_add_many(p->gw, p->gn, p->gtimes, p->gkeys, p->gargs, p->gorigins, add_failed, p);
        p->gn = 0;
    }
    flush(p);
}

void ss_rt_pump_drop_origin(ss_rt_pump *p, uint16_t source, uint32_t part)
{
    if (p->gw)
        ss_groupwin_drop_origin(p->gw, source, part);
    for (uint32_t w = 0; p->sl && w < p->q->novers; w++)
        ss_sliding_drop_origin(p->sl[w], source, part);
}

void ss_rt_pump_advance(ss_rt_pump *p, int64_t wm)
{
    p->ctx.now_ms = p->rt->now_ms;
    if (p->gw)
        ss_groupwin_advance(p->gw, wm, emit_group, p);
    if (p->sl)
        for (uint32_t w = 0; w < p->q->novers; w++)
            ss_sliding_advance(p->sl[w], wm);
    flush(p);
    ss_rt_stream_advance(p->into, p->writer, wm);
}
