/* The ordered row buffer; see rowbuf.h. */
#include "exec/rowbuf.h"
#include "util/codec.h"
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

/* The rows of one origin (a partition of a source) that arrived in order: a
 * FIFO ring, each record >= the one before. */
typedef struct lane {
    uint64_t key; /* source << 32 | partition */
    char *ring;
    uint32_t head, n, cap;
} lane;

/* Beyond this many origins, rows of new ones take the heap. */
#define MAX_LANES 1024

struct ss_rowbuf {
    uint32_t ncols;
    bool *string_cols;
    bool any_strings;
    size_t rec_size;
    uint64_t seq;
    lane *lanes;
    uint32_t nlanes, lanes_cap, last_lane;
    /* the non-empty lanes, a heap by their first record */
    uint32_t *ready;
    uint32_t nready;
    /* the rows that came out of order within their origin: a heap by (rowtime, seq) */
    char *heap;
    uint32_t hn, hcap;
    char *scratch; /* one record, for building and swapping */
    /* strings: generation g lives in arena[g & 1] */
    ss_arena arena[2];
    uint64_t live[2];    /* rows holding strings in each arena */
    uint64_t pending[2]; /* taken, not yet done */
    uint32_t gen;
};

static inline rec *lane_rec(const ss_rowbuf *b, const lane *l, uint32_t i)
{
    return (rec *)(l->ring + (size_t)((l->head + i) & (l->cap - 1)) * b->rec_size);
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
    b->scratch = ss_xmalloc(b->rec_size);
    ss_arena_init(&b->arena[0], 65536);
    ss_arena_init(&b->arena[1], 65536);
    return b;
}

void ss_rowbuf_free(ss_rowbuf *b)
{
    if (!b)
        return;
    for (uint32_t i = 0; i < b->nlanes; i++)
        free(b->lanes[i].ring);
    free(b->lanes);
    free(b->ready);
    free(b->heap);
    free(b->scratch);
    free(b->string_cols);
    ss_arena_free(&b->arena[0]);
    ss_arena_free(&b->arena[1]);
    free(b);
}

/* Rows of one ROWTIME from different origins go in the order of their
 * origins, not of their arrival, which depends on the timing of fetches:
 * a run restored from a checkpoint must release them as the first run did. */
static bool before(const rec *a, const rec *b)
{
    if (a->rowtime != b->rowtime)
        return a->rowtime < b->rowtime;
    if (a->origin.source != b->origin.source)
        return a->origin.source < b->origin.source;
    if (a->origin.part != b->origin.part)
        return a->origin.part < b->origin.part;
    return a->seq < b->seq;
}

/* ---- the out-of-order heap: whole records, as late-comers are few ---- */

static void heap_swap(ss_rowbuf *b, uint32_t i, uint32_t j)
{
    memcpy(b->scratch, heap_rec(b, i), b->rec_size);
    memcpy(heap_rec(b, i), heap_rec(b, j), b->rec_size);
    memcpy(heap_rec(b, j), b->scratch, b->rec_size);
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

/* ---- the ready heap: lane numbers, ordered by each lane's first record ---- */

static inline bool lane_before(const ss_rowbuf *b, uint32_t x, uint32_t y)
{
    return before(lane_rec(b, &b->lanes[x], 0), lane_rec(b, &b->lanes[y], 0));
}

static void ready_up(ss_rowbuf *b, uint32_t i)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!lane_before(b, b->ready[i], b->ready[parent]))
            break;
        uint32_t t = b->ready[i];
        b->ready[i] = b->ready[parent];
        b->ready[parent] = t;
        i = parent;
    }
}

static void ready_down(ss_rowbuf *b, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < b->nready && lane_before(b, b->ready[l], b->ready[m]))
            m = l;
        if (r < b->nready && lane_before(b, b->ready[r], b->ready[m]))
            m = r;
        if (m == i)
            return;
        uint32_t t = b->ready[i];
        b->ready[i] = b->ready[m];
        b->ready[m] = t;
        i = m;
    }
}

/* The lane of an origin, made on first use; NULL when there are too many. */
static lane *lane_of(ss_rowbuf *b, ss_origin o)
{
    uint64_t key = (uint64_t)o.source << 32 | o.part;
    if (b->last_lane < b->nlanes && b->lanes[b->last_lane].key == key)
        return &b->lanes[b->last_lane];
    for (uint32_t i = 0; i < b->nlanes; i++)
        if (b->lanes[i].key == key) {
            b->last_lane = i;
            return &b->lanes[i];
        }
    if (b->nlanes == MAX_LANES)
        return NULL;
    if (b->nlanes == b->lanes_cap) {
        b->lanes_cap = b->lanes_cap ? b->lanes_cap * 2 : 8;
        b->lanes = ss_xrealloc(b->lanes, sizeof(lane) * b->lanes_cap);
        b->ready = ss_xrealloc(b->ready, sizeof(uint32_t) * b->lanes_cap);
    }
    b->lanes[b->nlanes] = (lane){key, NULL, 0, 0, 0};
    b->last_lane = b->nlanes;
    return &b->lanes[b->nlanes++];
}

static void lane_append(ss_rowbuf *b, lane *l, const rec *r)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 256;
        char *ring = ss_xmalloc(b->rec_size * cap);
        for (uint32_t i = 0; i < l->n; i++)
            memcpy(ring + (size_t)i * b->rec_size, lane_rec(b, l, i), b->rec_size);
        free(l->ring);
        l->ring = ring;
        l->cap = cap;
        l->head = 0;
    }
    memcpy(lane_rec(b, l, l->n), r, b->rec_size);
    /* Appending keeps a lane's first record, and its place in the ready heap. */
    if (l->n++ == 0) {
        b->ready[b->nready] = (uint32_t)(l - b->lanes);
        ready_up(b, b->nready++);
    }
}

/* Copies the strings of the record in scratch and files it. */
static void place(ss_rowbuf *b)
{
    rec *r = (rec *)b->scratch;
    r->gen = b->gen;
    ss_value *v = rec_vals(r);
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
    lane *l = lane_of(b, r->origin);
    if (l && (l->n == 0 || !before(r, lane_rec(b, l, l->n - 1))))
        lane_append(b, l, r);
    else
        heap_push(b, r); /* heap_push copies r before it swaps through scratch */
}

void ss_rowbuf_add(ss_rowbuf *b, int64_t rowtime, const ss_value *vals, ss_origin origin)
{
    rec *r = (rec *)b->scratch;
    r->rowtime = rowtime;
    r->seq = b->seq++;
    r->origin = origin;
    memcpy(rec_vals(r), vals, sizeof(ss_value) * b->ncols);
    place(b);
}

uint32_t ss_rowbuf_take(ss_rowbuf *b, int64_t wm, ss_rows *out, uint32_t max)
{
    uint32_t n = 0;
    while (n < max) {
        lane *l = b->nready ? &b->lanes[b->ready[0]] : NULL;
        rec *f = l ? lane_rec(b, l, 0) : NULL, *h = b->hn ? heap_rec(b, 0) : NULL;
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
            l->head = (l->head + 1) & (l->cap - 1);
            if (--l->n == 0)
                b->ready[0] = b->ready[--b->nready];
            if (b->nready)
                ready_down(b, 0);
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
    uint64_t key = (uint64_t)source << 32 | part;
    for (uint32_t i = 0; i < b->nlanes; i++) {
        lane *l = &b->lanes[i];
        if (l->key != key)
            continue;
        if (b->any_strings)
            for (uint32_t j = 0; j < l->n; j++)
                b->live[lane_rec(b, l, j)->gen & 1]--;
        l->n = 0;
    }
    /* The ready heap and the out-of-order heap are rebuilt without them. */
    b->nready = 0;
    for (uint32_t i = 0; i < b->nlanes; i++)
        if (b->lanes[i].n) {
            b->ready[b->nready] = i;
            ready_up(b, b->nready++);
        }
    uint32_t hn = b->hn;
    b->hn = 0;
    char *old = ss_xmalloc(b->rec_size * (hn ? hn : 1));
    if (hn)
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
    uint64_t n = b->hn;
    for (uint32_t i = 0; i < b->nlanes; i++)
        n += b->lanes[i].n;
    return n;
}

uint64_t ss_rowbuf_bytes(const ss_rowbuf *b)
{
    uint64_t recs = b->hcap;
    for (uint32_t i = 0; i < b->nlanes; i++)
        recs += b->lanes[i].cap;
    return recs * b->rec_size + b->arena[0].total + b->arena[1].total;
}

/* ---- checkpoints ----
 *
 * format, ncols, the next arrival number, the lanes' origins in their order,
 * then the rows (lanes first, then the out-of-order heap), each with its
 * ROWTIME, arrival number and origin, and its values: a NULL flag, then a
 * string's bytes or any other value's 8 raw bytes. The arrival numbers are
 * what orders rows of equal ROWTIME, so with them the rows may go back in
 * any order and still come out as they would have. */

enum { ROWBUF_FORMAT = 1 };

static void put_rec(const ss_rowbuf *b, const rec *r, ss_buf *out)
{
    ss_put_i64(out, r->rowtime);
    ss_put_u64(out, r->seq);
    ss_put_u64(out, r->origin.offset);
    ss_put_u64(out, r->origin.part);
    ss_put_u64(out, r->origin.source);
    ss_put_u64(out, r->origin.replay);
    const ss_value *v = rec_vals((rec *)r);
    for (uint32_t i = 0; i < b->ncols; i++) {
        ss_put_u64(out, v[i].null);
        if (!b->string_cols[i])
            ss_put_word(out, (uint64_t)v[i].i);
        else if (!v[i].null)
            ss_put_bytes(out, v[i].len ? v[i].s : "", v[i].len);
    }
}

void ss_rowbuf_save(const ss_rowbuf *b, ss_buf *out)
{
    ss_put_u64(out, ROWBUF_FORMAT);
    ss_put_u64(out, b->ncols);
    ss_put_u64(out, b->seq);
    ss_put_u64(out, b->nlanes);
    for (uint32_t i = 0; i < b->nlanes; i++)
        ss_put_u64(out, b->lanes[i].key);
    ss_put_u64(out, ss_rowbuf_count(b));
    for (uint32_t i = 0; i < b->nlanes; i++)
        for (uint32_t j = 0; j < b->lanes[i].n; j++)
            put_rec(b, lane_rec(b, &b->lanes[i], j), out);
    for (uint32_t i = 0; i < b->hn; i++)
        put_rec(b, heap_rec(b, i), out);
}

bool ss_rowbuf_restore(ss_rowbuf *b, const void *p, size_t n)
{
    if (b->nlanes || b->hn || b->seq)
        return false; /* only into a new buffer */
    ss_reader r = ss_reader_of(p, n);
    uint64_t format = ss_get_u64(&r), ncols = ss_get_u64(&r), seq = ss_get_u64(&r), nlanes = ss_get_u64(&r);
    if (r.bad || format != ROWBUF_FORMAT || ncols != b->ncols || nlanes > MAX_LANES)
        return false;
    for (uint64_t i = 0; i < nlanes; i++) {
        uint64_t key = ss_get_u64(&r);
        if (r.bad || key >> 32 > UINT16_MAX)
            return false;
        ss_origin o = ss_origin_none();
        o.source = (uint16_t)(key >> 32);
        o.part = (uint32_t)key;
        lane_of(b, o);
    }
    if (b->nlanes != nlanes)
        return false; /* an origin twice */
    uint64_t rows = ss_get_u64(&r);
    /* A row takes at least six bytes and one per column: a bound before placing. */
    if (r.bad || rows > (uint64_t)(r.end - r.p) / (6 + ncols))
        return false;
    for (uint64_t k = 0; k < rows; k++) {
        rec *x = (rec *)b->scratch;
        x->rowtime = ss_get_i64(&r);
        x->seq = ss_get_u64(&r);
        uint64_t offset = ss_get_u64(&r), part = ss_get_u64(&r), source = ss_get_u64(&r);
        uint64_t replay = ss_get_u64(&r);
        if (r.bad || x->seq >= seq || part > UINT32_MAX || source > UINT16_MAX || replay > UINT8_MAX)
            return false;
        x->origin = (ss_origin){offset, (uint32_t)part, (uint16_t)source, (uint8_t)replay};
        ss_value *v = rec_vals(x);
        for (uint32_t i = 0; i < b->ncols; i++) {
            uint64_t null = ss_get_u64(&r);
            if (null > 1)
                return false;
            v[i] = null ? ss_null() : ss_int(0);
            if (!b->string_cols[i]) {
                v[i].i = (int64_t)ss_get_word(&r);
            } else if (!null) {
                size_t len;
                const char *s = ss_get_bytes(&r, &len);
                if (!s || len > UINT32_MAX)
                    return false;
                /* place copies it; an empty one must not point into p either */
                v[i] = ss_str(len ? s : "", (uint32_t)len);
            }
        }
        if (r.bad)
            return false;
        place(b);
    }
    b->seq = seq;
    return ss_reader_done(&r);
}
