/* The generator source: rows come typed from the ticker or nexmark generator,
 * paced by RATE against the wall clock; without RATE, as fast as the
 * pipeline takes them, with event time starting at a fixed instant. */
#include "exec/rt.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/* 2026-01-01T00:00:00Z: where an unpaced generator's event time starts, so
 * that its output does not depend on when it ran. */
#define GENERATOR_EPOCH_MS 1767225600000LL

typedef struct gen_src {
    ss_generator *gen;
    int64_t *times;
} gen_src;

static int gen_open(ss_rt_source *s, char *err, size_t errlen)
{
    const ss_binding *b = &s->def->binding;
    gen_src *g = ss_xcalloc(1, sizeof *g);
    s->impl = g;
    int64_t start = b->rate > 0 ? s->rt->now_ms : GENERATOR_EPOCH_MS;
    g->gen = ss_generator_new(b->target, b->seed, b->rate, b->count, start, s->def->cols, s->def->ncols, err,
                              errlen);
    g->times = ss_xcalloc(SS_BATCH, sizeof(int64_t));
    return g->gen ? 0 : -1;
}

static void gen_close(ss_rt_source *s)
{
    gen_src *g = s->impl;
    if (!g)
        return;
    ss_generator_free(g->gen);
    free(g->times);
    free(g);
    s->impl = NULL;
}

static size_t gen_step(ss_rt_source *s)
{
    gen_src *g = s->impl;
    /* Rows are generated into the batch and checked in place: accepted ones
     * move to the front, as if each had been decoded into its slot. */
    uint32_t n = ss_generator_next(g->gen, s->rt->now_ms, s->batch.vals, g->times, SS_BATCH);
    uint64_t first = ss_generator_produced(g->gen) - n;
    ss_rows all = s->batch;
    s->batch.n = 0;
    for (uint32_t i = 0; i < n; i++) {
        s->records++;
        ss_value *src = ss_rows_row(&all, i), *dst = ss_src_slot(s);
        if (dst != src)
            memmove(dst, src, sizeof(ss_value) * s->def->ncols);
        ss_src_row(s, 0, first + i + 1, g->times[i], "", 0);
    }
    ss_src_release(s);
    if (ss_generator_done(g->gen))
        ss_src_end(s);
    return n + (s->done ? 1 : 0);
}

static void gen_wait(ss_rt_source *s, struct pollfd *fds, uint32_t *n, uint32_t max, int *timeout)
{
    (void)fds, (void)n, (void)max;
    gen_src *g = s->impl;
    int64_t due = ss_generator_next_due(g->gen) - s->rt->now_ms;
    if (due < *timeout)
        *timeout = due > 0 ? (int)due : 0;
}

static void gen_position(const ss_rt_source *s, ss_origin o, ss_err_position *pos)
{
    pos->kind = SS_POS_GENERATOR;
    pos->name = s->def->binding.target;
    pos->line = o.offset;
}

static int gen_save(ss_rt_source *s, ss_buf *pos, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    gen_src *g = s->impl;
    ss_generator_save(g->gen, pos);
    return 0;
}

static int gen_restore(ss_rt_source *s, ss_reader *pos, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    gen_src *g = s->impl;
    if (!ss_generator_restore(g->gen, pos))
        pos->bad = true; /* reported as damage by the caller */
    return 0;
}

const ss_source_driver ss_generator_source = {
    gen_open, gen_step, gen_wait, ss_src_no_delivery, gen_close, gen_position, false, gen_save, gen_restore,
};
