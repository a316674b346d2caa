/* The ordered row buffer; see rowbuf.h. */
#include "exec/rowbuf.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

typedef struct rec {
    int64_t rowtime;
    uint64_t seq;
    ss_origin origin;
    uint32_t gen;
    uint32_t pad;
    /* ncols values follow */
} rec;

struct ss_rowbuf {
    uint32_t ncols;
    bool *string_cols;
    bool any_strings;
    size_t rec_size;
    uint64_t seq;
    /* FIFO ring of records in arrival order, each >= the one before */
    char *ring;
    uint32_t rhead, rn, rcap;
    /* heap of the rest, by (rowtime, seq) */
    char *heap;
    uint32_t hn, hcap;
    /* strings: generation g lives in arena[g & 1] */
    ss_arena arena[2];
    uint64_t live[2];    /* rows holding strings in each arena */
    uint64_t pending[2]; /* taken, not yet done */
    uint32_t gen;
};

static inline rec *ring_rec(const ss_rowbuf *b, uint32_t i)
{
    return (rec *)(b->ring + (size_t)((b->rhead + i) & (b->rcap - 1)) * b->rec_size);
}

static inline rec *heap_rec(const ss_rowbuf *b, uint32_t i)
{
    return (rec *)(b->heap + (size_t)i * b->rec_size);
}

static inline ss_value *rec_vals(rec *r)
{
    return (ss_value *)(r + 1);
}

ss_rowbuf *ss_rowbuf_new(uint32_t ncols, const bool *string_cols)
{
    ss_rowbuf *b = ss_xcalloc(1, sizeof *b);
    b->ncols = ncols;
    b->string_cols = ss_xcalloc(ncols + 1, sizeof(bool));
    for (uint32_t i = 0; i < ncols; i++) {
        b->string_cols[i] = string_cols && string_cols[i];
        b->any_strings |= b->string_cols[i];
    }
    b->rec_size = sizeof(rec) + sizeof(ss_value) * ncols;
    ss_arena_init(&b->arena[0], 65536);
    ss_arena_init(&b->arena[1], 65536);
    return b;
}

void ss_rowbuf_free(ss_rowbuf *b)
{
    if (!b)
        return;
    free(b->ring);
    free(b->heap);
    free(b->string_cols);
    ss_arena_free(&b->arena[0]);
    ss_arena_free(&b->arena[1]);
    free(b);
}

static bool before(const rec *a, const rec *b)
{
    return a->rowtime < b->rowtime || (a->rowtime == b->rowtime && a->seq < b->seq);
}

static void heap_swap(ss_rowbuf *b, uint32_t i, uint32_t j)
{
    char tmp[512];
    char *t = b->rec_size <= sizeof tmp ? tmp : ss_xmalloc(b->rec_size);
    memcpy(t, heap_rec(b, i), b->rec_size);
    memcpy(heap_rec(b, i), heap_rec(b, j), b->rec_size);
    memcpy(heap_rec(b, j), t, b->rec_size);
    if (t != tmp)
        free(t);
}

static void heap_push(ss_rowbuf *b, const rec *r)
{
    if (b->hn == b->hcap) {
        b->hcap = b->hcap ? b->hcap * 2 : 64;
        b->heap = ss_xrealloc(b->heap, b->rec_size * b->hcap);
    }
    uint32_t i = b->hn++;
    memcpy(heap_rec(b, i), r, b->rec_size);
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!before(heap_rec(b, i), heap_rec(b, parent)))
            break;
        heap_swap(b, i, parent);
        i = parent;
    }
}

static void heap_pop(ss_rowbuf *b)
{
    b->hn--;
    if (b->hn == 0)
        return;
    memcpy(heap_rec(b, 0), heap_rec(b, b->hn), b->rec_size);
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < b->hn && before(heap_rec(b, l), heap_rec(b, m)))
            m = l;
        if (r < b->hn && before(heap_rec(b, r), heap_rec(b, m)))
            m = r;
        if (m == i)
            break;
        heap_swap(b, i, m);
        i = m;
    }
}

void ss_rowbuf_add(ss_rowbuf *b, int64_t rowtime, const ss_value *vals, ss_origin origin)
{
    char tmp[512];
    rec *r = (rec *)(b->rec_size <= sizeof tmp ? tmp : ss_xmalloc(b->rec_size));
    r->rowtime = rowtime;
    r->seq = b->seq++;
    r->origin = origin;
    r->gen = b->gen;
    ss_value *v = rec_vals(r);
    memcpy(v, vals, sizeof(ss_value) * b->ncols);
    if (b->any_strings) {
        /* Switch arenas when the other one has emptied, so neither grows forever. */
        uint32_t other = (b->gen + 1) & 1;
        if (b->live[other] == 0 && b->pending[other] == 0 && b->arena[b->gen & 1].total > (1u << 20)) {
            ss_arena_reset(&b->arena[other]);
            b->gen++;
            r->gen = b->gen;
        }
        ss_arena *a = &b->arena[b->gen & 1];
        for (uint32_t i = 0; i < b->ncols; i++)
            if (b->string_cols[i] && !v[i].null && v[i].len)
                v[i].s = ss_arena_strndup(a, v[i].s, v[i].len);
        b->live[b->gen & 1]++;
    }
    if (b->rn == 0 || !before(r, ring_rec(b, b->rn - 1))) {
        if (b->rn == b->rcap) {
            uint32_t cap = b->rcap ? b->rcap * 2 : 256;
            char *ring = ss_xmalloc(b->rec_size * cap);
            for (uint32_t i = 0; i < b->rn; i++)
                memcpy(ring + (size_t)i * b->rec_size, ring_rec(b, i), b->rec_size);
            free(b->ring);
            b->ring = ring;
            b->rcap = cap;
            b->rhead = 0;
        }
        memcpy(ring_rec(b, b->rn), r, b->rec_size);
        b->rn++;
    } else {
        heap_push(b, r);
    }
    if ((char *)r != tmp)
        free(r);
}

uint32_t ss_rowbuf_take(ss_rowbuf *b, int64_t wm, ss_rows *out, uint32_t max)
{
    uint32_t n = 0;
    while (n < max) {
        rec *f = b->rn ? ring_rec(b, 0) : NULL, *h = b->hn ? heap_rec(b, 0) : NULL;
        rec *r = (f && (!h || before(f, h))) ? f : h;
        if (!r || r->rowtime > wm)
            break;
        out->rowtime[n] = r->rowtime;
        if (out->origin)
            out->origin[n] = r->origin;
        memcpy(out->vals + (size_t)n * b->ncols, rec_vals(r), sizeof(ss_value) * b->ncols);
        if (b->any_strings) {
            b->live[r->gen & 1]--;
            b->pending[r->gen & 1]++;
        }
        if (r == f) {
            b->rhead = (b->rhead + 1) & (b->rcap - 1);
            b->rn--;
        } else {
            heap_pop(b);
        }
        n++;
    }
    out->n = n;
    return n;
}

void ss_rowbuf_done(ss_rowbuf *b)
{
    for (int g = 0; g < 2; g++) {
        b->pending[g] = 0;
        if (b->live[g] == 0 && (uint32_t)g != (b->gen & 1))
            ss_arena_reset(&b->arena[g]);
    }
}

static bool from(const rec *r, uint16_t source, uint32_t part)
{
    return r->origin.source == source && r->origin.part == part;
}

void ss_rowbuf_drop_origin(ss_rowbuf *b, uint16_t source, uint32_t part)
{
    /* The FIFO keeps its order when compacted; the heap is rebuilt. */
    uint32_t kept = 0;
    for (uint32_t i = 0; i < b->rn; i++) {
        rec *r = ring_rec(b, i);
        if (from(r, source, part)) {
            if (b->any_strings)
                b->live[r->gen & 1]--;
            continue;
        }
        if (kept != i)
            memcpy(ring_rec(b, kept), r, b->rec_size);
        kept++;
    }
    b->rn = kept;
    uint32_t hn = b->hn;
    b->hn = 0;
    char *old = ss_xmalloc(b->rec_size * (hn ? hn : 1));
    memcpy(old, b->heap, b->rec_size * hn);
    for (uint32_t i = 0; i < hn; i++) {
        rec *r = (rec *)(old + (size_t)i * b->rec_size);
        if (from(r, source, part)) {
            if (b->any_strings)
                b->live[r->gen & 1]--;
            continue;
        }
        heap_push(b, r);
    }
    free(old);
}

uint64_t ss_rowbuf_count(const ss_rowbuf *b)
{
    return (uint64_t)b->rn + b->hn;
}

uint64_t ss_rowbuf_bytes(const ss_rowbuf *b)
{
    return (uint64_t)(b->rcap + b->hcap) * b->rec_size + b->arena[0].total + b->arena[1].total;
}
