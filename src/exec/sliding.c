/* Sliding windows; see sliding.h.
 *
 * A partition keeps the rows of its frame in a ring indexed by a running
 * sequence number, with each aggregate's argument value. Strings are copied
 * into a per-partition FIFO of chunks: rows leave in the order they came, so
 * a chunk is freed once its last string has left. Partitions are kept in an
 * LRU list by their newest row so that the watermark can drop the ones that
 * went quiet (RANGE frames only: a ROWS frame never empties by time). */
#include "exec/sliding.h"
#include "util/codec.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/numconv.h"
#include "exec/agg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct chunk {
    struct chunk *next;
    uint32_t used, cap, live;
    char data[];
} chunk;

typedef struct deque { /* of row sequence numbers */
    uint64_t *seq;
    uint32_t head, n, cap;
} deque;

/* A double-double: hi + lo carries about 106 bits. Sums that values both
 * enter and leave are kept this way, so that a large value passing through
 * the frame leaves no rounding residue behind (SUM, AVG, VAR, STDDEV). */
typedef struct dd {
    double hi, lo;
} dd;

typedef struct aggstate {
    int64_t n;        /* non-NULL values (rows, for COUNT(*)) */
    __int128 isum;    /* integer and DECIMAL sums, exact */
    dd s1, s2;        /* sums of the finite double values and of their squares */
    uint32_t nan, pinf, ninf; /* non-finite values in the frame, kept out of s1/s2 */
    double last;      /* VAR/STDDEV: the newest value, and how many of the newest */
    int64_t run;      /* values equal it: covering the frame means variance 0 exactly */
    deque dq;         /* MIN/MAX */
    /* COUNT(DISTINCT): value encoding -> multiplicity */
    uint64_t *dh;
    uint32_t *dcount, *doff;
    uint32_t dcap, dn;
    unsigned char *dbytes;
    size_t dblen, dbcap;
} aggstate;

typedef struct part {
    uint64_t hash;
    struct part *hnext;
    struct part *lru_prev, *lru_next;
    unsigned char *key;
    uint32_t keylen;
    uint16_t osrc;    /* origin of the partition's first row */
    uint32_t opart;
    char *recs;       /* ring of rows: see ss_sliding's record layout */
    uint64_t first;   /* sequence number of the oldest row held */
    uint32_t n, cap;  /* rows held, ring capacity (power of two) */
    chunk *chunks, *last_chunk;
    aggstate *st;
    /* Checkpoints: the item key (order of creation, never reused), the LRU
     * order (a stamp taken each time the partition becomes the tail), and
     * 1 + its index in the dirty list, 0 when clean, UNTRACKED when nobody
     * saves (so that the per-row test stays false). */
    uint64_t ckseq, stamp;
    uint32_t dirty_at;
    bool saved;       /* the namespace holds the partition's item */
} part;

#define UNTRACKED UINT32_MAX

/* A row is one record: its ROWTIME, a bitmap of NULL arguments, then the
 * argument values that leaving the frame needs (none for COUNT(*) and
 * LAST_VALUE, 8 bytes for a number, a whole ss_value for a string). One
 * record per row keeps the ring a single stream in memory at each end. */
struct ss_sliding {
    const ss_query *q;
    const ss_over *over;
    uint32_t *aggs;   /* the query's aggregate indexes that use this window */
    uint32_t nargs;
    bool has_strings;
    uint32_t rec_size;
    int32_t *voff;    /* offset of each argument's value in a record, -1: not kept */
    bool *is_str;
    ss_value *scratch; /* this row's arguments */
    part **buckets;
    uint32_t nbuckets;
    uint64_t nparts;
    part *lru_head, *lru_tail;
    unsigned char *keybuf;
    size_t keybuf_cap;
    uint64_t bytes;
    /* checkpoints */
    uint64_t next_seq, stamp;
    bool tracking;    /* saved or restored once: changes are being tracked */
    part **dirty;     /* partitions changed since the last save; NULL: removed */
    size_t ndirty, dirty_cap;
    uint64_t *gone;   /* ckseqs of saved partitions removed since */
    size_t ngone, gone_cap;
    uint64_t restored_seq;
    bool restored_meta;
    ss_buf ckbuf;
};

ss_sliding *ss_sliding_new(const ss_query *q, uint32_t over)
{
    ss_sliding *s = ss_xcalloc(1, sizeof *s);
    s->q = q;
    s->over = &q->overs[over];
    s->aggs = ss_xcalloc(q->naggs + 1, sizeof(uint32_t));
    for (uint32_t a = 0; a < q->naggs; a++) {
        if (q->aggs[a].over != (int)over)
            continue;
        s->aggs[s->nargs++] = a;
        if (q->aggs[a].arg && ss_type_is_string(q->aggs[a].arg->type))
            s->has_strings = true;
    }
    s->voff = ss_xcalloc(s->nargs + 1, sizeof(int32_t));
    s->scratch = ss_xcalloc(s->nargs + 1, sizeof(ss_value));
    s->is_str = ss_xcalloc(s->nargs + 1, sizeof(bool));
    uint32_t off = 16; /* ROWTIME, NULL bitmap */
    for (uint32_t i = 0; i < s->nargs; i++) {
        const ss_agg *ag = &q->aggs[s->aggs[i]];
        s->is_str[i] = ag->arg && ss_type_is_string(ag->arg->type);
        if (ag->star || ag->fn == SS_F_LAST_VALUE || (ag->fn == SS_F_COUNT && !ag->distinct)) {
            s->voff[i] = -1;
            continue;
        }
        s->voff[i] = (int32_t)off;
        off += s->is_str[i] ? (uint32_t)sizeof(ss_value) : 8u;
    }
    s->rec_size = off;
    s->nbuckets = 64;
    s->buckets = ss_xcalloc(s->nbuckets, sizeof(part *));
    s->keybuf_cap = 256; /* never NULL, even without PARTITION BY */
    s->keybuf = ss_xmalloc(s->keybuf_cap);
    s->next_seq = 1;
    return s;
}

static void deque_free(deque *d)
{
    free(d->seq);
}

static void part_free(ss_sliding *s, part *p)
{
    for (uint32_t i = 0; i < s->nargs; i++) {
        deque_free(&p->st[i].dq);
        free(p->st[i].dh);
        free(p->st[i].dcount);
        free(p->st[i].doff);
        free(p->st[i].dbytes);
    }
    for (chunk *c = p->chunks; c;) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(p->st);
    free(p->recs);
    free(p->key);
    free(p);
}

void ss_sliding_free(ss_sliding *s)
{
    if (!s)
        return;
    for (part *p = s->lru_head; p;) {
        part *next = p->lru_next;
        part_free(s, p);
        p = next;
    }
    free(s->buckets);
    free(s->aggs);
    free(s->voff);
    free(s->is_str);
    free(s->scratch);
    free(s->keybuf);
    free(s->dirty);
    free(s->gone);
    ss_buf_free(&s->ckbuf);
    free(s);
}

/* ---- string FIFO ---- */

static const char *keep_string(part *p, const char *str, uint32_t len)
{
    chunk *c = p->last_chunk;
    if (!c || c->cap - c->used < len) {
        uint32_t cap = len > 4000 ? len : 4000;
        chunk *n = ss_xmalloc(sizeof(chunk) + cap);
        n->next = NULL;
        n->used = n->live = 0;
        n->cap = cap;
        if (c)
            c->next = n;
        else
            p->chunks = n;
        p->last_chunk = c = n;
    }
    char *dst = c->data + c->used;
    memcpy(dst, str, len);
    c->used += len;
    c->live++;
    return dst;
}

/* The oldest strings leave first: release one from the first chunk. */
static void drop_string(part *p)
{
    chunk *c = p->chunks;
    if (--c->live == 0 && c->next) {
        p->chunks = c->next;
        free(c);
    } else if (c->live == 0) {
        c->used = 0; /* the only chunk: reuse it */
    }
}

/* ---- deque ---- */

static void dq_push_back(deque *d, uint64_t seq)
{
    if (d->n == d->cap) {
        uint32_t cap = d->cap ? d->cap * 2 : 8;
        uint64_t *n = ss_xmalloc(sizeof(uint64_t) * cap);
        for (uint32_t i = 0; i < d->n; i++)
            n[i] = d->seq[(d->head + i) & (d->cap - 1)];
        free(d->seq);
        d->seq = n;
        d->cap = cap;
        d->head = 0;
    }
    d->seq[(d->head + d->n++) & (d->cap - 1)] = seq;
}

static inline uint64_t dq_back(const deque *d)
{
    return d->seq[(d->head + d->n - 1) & (d->cap - 1)];
}

static inline uint64_t dq_front(const deque *d)
{
    return d->seq[d->head];
}

/* ---- DISTINCT multiset ---- */

static uint32_t dist_find(aggstate *a, const unsigned char *enc, size_t n, uint64_t h, bool *found)
{
    uint32_t j = (uint32_t)h & (a->dcap - 1);
    while (a->dh[j]) {
        if (a->dh[j] == h) {
            uint32_t len;
            memcpy(&len, a->dbytes + a->doff[j], 4);
            if (len == n && memcmp(a->dbytes + a->doff[j] + 4, enc, n) == 0) {
                *found = true;
                return j;
            }
        }
        j = (j + 1) & (a->dcap - 1);
    }
    *found = false;
    return j;
}

/* Rebuilds the multiset with only the values still in the frame: values
 * that left keep a zero count (a tombstone) until here, so the table and its
 * bytes follow the frame, not every value ever seen. */
static void dist_grow(aggstate *a)
{
    uint32_t live = 0;
    for (uint32_t i = 0; i < a->dcap; i++)
        live += a->dh[i] && a->dcount[i];
    uint32_t cap = a->dcap ? a->dcap : 16;
    while ((live + 1) * 2 > cap)
        cap *= 2;
    if (cap == a->dcap && (live + 1) * 4 > cap)
        cap *= 2; /* mostly live: grow rather than rebuild again soon */
    uint64_t *dh = ss_xcalloc(cap, sizeof *dh);
    uint32_t *dc = ss_xcalloc(cap, sizeof *dc), *doff = ss_xcalloc(cap, sizeof *doff);
    unsigned char *bytes = NULL;
    size_t blen = 0, bcap = 0;
    for (uint32_t i = 0; i < a->dcap; i++) {
        if (!a->dh[i] || !a->dcount[i])
            continue;
        uint32_t len;
        memcpy(&len, a->dbytes + a->doff[i], 4);
        SS_GROW(bytes, bcap, blen + 4 + len);
        memcpy(bytes + blen, a->dbytes + a->doff[i], 4 + (size_t)len);
        uint32_t j = (uint32_t)a->dh[i] & (cap - 1);
        while (dh[j])
            j = (j + 1) & (cap - 1);
        dh[j] = a->dh[i];
        dc[j] = a->dcount[i];
        doff[j] = (uint32_t)blen;
        blen += 4 + len;
    }
    free(a->dh);
    free(a->dcount);
    free(a->doff);
    free(a->dbytes);
    a->dh = dh;
    a->dcount = dc;
    a->doff = doff;
    a->dcap = cap;
    a->dn = live;
    a->dbytes = bytes;
    a->dblen = blen;
    a->dbcap = bcap;
}

/* Adds (+1) or removes (-1) one occurrence; returns the distinct-count change. */
static int dist_update(aggstate *a, ss_value v, ss_type t, int delta)
{
    unsigned char buf[64];
    size_t need = ss_key_size(v);
    unsigned char *enc = need <= sizeof buf ? buf : ss_xmalloc(need);
    size_t n = ss_key_encode(v, t, enc);
    uint64_t h = ss_hash_bytes(enc, n, 3) | 1;
    if (delta > 0 && (a->dn + 1) * 2 > a->dcap)
        dist_grow(a);
    bool found;
    uint32_t j = a->dcap ? dist_find(a, enc, n, h, &found) : (found = false, 0);
    int change = 0;
    if (delta > 0) {
        if (!found) {
            SS_GROW(a->dbytes, a->dbcap, a->dblen + 4 + n);
            uint32_t len = (uint32_t)n;
            memcpy(a->dbytes + a->dblen, &len, 4);
            memcpy(a->dbytes + a->dblen + 4, enc, n);
            a->dh[j] = h;
            a->doff[j] = (uint32_t)a->dblen;
            a->dcount[j] = 0;
            a->dblen += 4 + n;
            a->dn++;
        }
        if (a->dcount[j]++ == 0)
            change = 1;
    } else if (found && a->dcount[j] > 0) {
        /* A zero count keeps its slot (a tombstone) until the next growth. */
        if (--a->dcount[j] == 0)
            change = -1;
    }
    if (enc != buf)
        free(enc);
    return change;
}

/* ---- partitions ---- */

static void lru_unlink(ss_sliding *s, part *p)
{
    if (p->lru_prev)
        p->lru_prev->lru_next = p->lru_next;
    else
        s->lru_head = p->lru_next;
    if (p->lru_next)
        p->lru_next->lru_prev = p->lru_prev;
    else
        s->lru_tail = p->lru_prev;
    p->lru_prev = p->lru_next = NULL;
}

static void lru_append(ss_sliding *s, part *p)
{
    p->lru_prev = s->lru_tail;
    p->lru_next = NULL;
    if (s->lru_tail)
        s->lru_tail->lru_next = p;
    else
        s->lru_head = p;
    s->lru_tail = p;
}

static void mark_dirty(ss_sliding *s, part *p)
{
    if (!s->tracking) {
        p->dirty_at = UNTRACKED;
        return;
    }
    SS_GROW(s->dirty, s->dirty_cap, s->ndirty + 1);
    s->dirty[s->ndirty++] = p;
    p->dirty_at = (uint32_t)s->ndirty;
}

/* A new partition (its key in s->keybuf), the newest in the LRU. */
static part *new_part(ss_sliding *s, size_t len, uint64_t h, ss_origin origin)
{
    part **b = &s->buckets[h & (s->nbuckets - 1)];
    if (s->nparts + 1 > s->nbuckets) {
        uint32_t nb = s->nbuckets * 2;
        part **nbk = ss_xcalloc(nb, sizeof(part *));
        for (uint32_t i = 0; i < s->nbuckets; i++)
            for (part *p = s->buckets[i]; p;) {
                part *next = p->hnext;
                p->hnext = nbk[p->hash & (nb - 1)];
                nbk[p->hash & (nb - 1)] = p;
                p = next;
            }
        free(s->buckets);
        s->buckets = nbk;
        s->nbuckets = nb;
        b = &s->buckets[h & (s->nbuckets - 1)];
    }
    part *p = ss_xcalloc(1, sizeof *p);
    p->hash = h;
    p->osrc = origin.source;
    p->opart = origin.part;
    p->keylen = (uint32_t)len;
    p->key = ss_xmalloc(len ? len : 1);
    if (len)
        memcpy(p->key, s->keybuf, len);
    p->st = ss_xcalloc(s->nargs ? s->nargs : 1, sizeof(aggstate));
    p->hnext = *b;
    *b = p;
    s->nparts++;
    s->bytes += sizeof(part) + len + sizeof(aggstate) * (s->nargs ? s->nargs : 1);
    lru_append(s, p);
    p->ckseq = s->next_seq++;
    p->stamp = ++s->stamp;
    mark_dirty(s, p);
    return p;
}

static part *find_part(ss_sliding *s, const ss_value *parts, ss_origin origin)
{
    const ss_over *o = s->over;
    size_t need = 0;
    for (uint32_t k = 0; k < o->npartition; k++)
        need += ss_key_size(parts[k]);
    if (need > s->keybuf_cap) {
        s->keybuf_cap = need * 2 + 16;
        s->keybuf = ss_xrealloc(s->keybuf, s->keybuf_cap);
    }
    size_t len = 0;
    for (uint32_t k = 0; k < o->npartition; k++)
        len += ss_key_encode(parts[k], o->partition[k]->type, s->keybuf + len);
    uint64_t h = ss_hash_bytes(s->keybuf, len, 11);
    for (part *p = s->buckets[h & (s->nbuckets - 1)]; p; p = p->hnext)
        if (p->hash == h && p->keylen == len && (!len || memcmp(p->key, s->keybuf, len) == 0))
            return p;
    return new_part(s, len, h, origin);
}

static void remove_part(ss_sliding *s, part *p)
{
    part **b = &s->buckets[p->hash & (s->nbuckets - 1)];
    while (*b != p)
        b = &(*b)->hnext;
    *b = p->hnext;
    lru_unlink(s, p);
    if (p->dirty_at && p->dirty_at != UNTRACKED)
        s->dirty[p->dirty_at - 1] = NULL;
    if (p->saved) {
        SS_GROW(s->gone, s->gone_cap, s->ngone + 1);
        s->gone[s->ngone++] = p->ckseq;
    }
    s->nparts--;
    s->bytes -= sizeof(part) + p->keylen + sizeof(aggstate) * (s->nargs ? s->nargs : 1) +
                (uint64_t)p->cap * s->rec_size;
    part_free(s, p);
}

static inline uint32_t ring_at(const part *p, uint64_t seq)
{
    return (uint32_t)(seq & (p->cap - 1));
}

static inline char *rec_at(const ss_sliding *s, const part *p, uint64_t seq)
{
    return p->recs + (size_t)ring_at(p, seq) * s->rec_size;
}

static inline int64_t rec_time(const ss_sliding *s, const part *p, uint64_t seq)
{
    int64_t t;
    memcpy(&t, rec_at(s, p, seq), 8);
    return t;
}

/* Argument i of row seq (only for arguments whose value is kept). */
static inline ss_value rec_value(const ss_sliding *s, const part *p, uint64_t seq, uint32_t i)
{
    const char *r = rec_at(s, p, seq);
    uint64_t nulls;
    memcpy(&nulls, r + 8, 8);
    if (nulls >> i & 1)
        return ss_null();
    ss_value v = ss_int(0);
    if (s->is_str[i])
        memcpy(&v, r + s->voff[i], sizeof v);
    else
        memcpy(&v.i, r + s->voff[i], 8);
    return v;
}

static inline bool rec_null(const ss_sliding *s, const part *p, uint64_t seq, uint32_t i)
{
    uint64_t nulls;
    memcpy(&nulls, rec_at(s, p, seq) + 8, 8);
    return nulls >> i & 1;
}

static void ring_grow(ss_sliding *s, part *p)
{
    uint32_t cap = p->cap ? p->cap * 2 : 8;
    char *recs = ss_xmalloc((size_t)s->rec_size * cap);
    for (uint64_t seq = p->first; seq < p->first + p->n; seq++)
        memcpy(recs + (size_t)(seq & (cap - 1)) * s->rec_size, rec_at(s, p, seq), s->rec_size);
    free(p->recs);
    s->bytes += (uint64_t)(cap - p->cap) * s->rec_size;
    p->recs = recs;
    p->cap = cap;
}

static bool is_minmax(ss_func_id f)
{
    return f == SS_F_MIN || f == SS_F_MAX;
}

static double as_double(ss_value v, ss_type t)
{
    if (ss_type_is_approx(t))
        return v.d;
    if (t.kind == SS_T_DECIMAL)
        return ss_num_dec_to_double(v.i, t.scale);
    return (double)v.i;
}

static inline dd fast_two_sum(double a, double b)
{
    double s = a + b;
    return (dd){s, b - (s - a)};
}

static inline dd two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return (dd){s, (a - (s - bb)) + (b - bb)};
}

static inline dd dd_add(dd a, dd b)
{
    dd s = two_sum(a.hi, b.hi);
    s.lo += a.lo + b.lo;
    return fast_two_sum(s.hi, s.lo);
}

static inline dd dd_neg(dd a)
{
    return (dd){-a.hi, -a.lo};
}

static inline dd two_prod(double a, double b)
{
    double p = a * b;
    return (dd){p, fma(a, b, -p)};
}

static inline dd dd_mul(dd a, dd b)
{
    dd p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(p.hi, p.lo);
}

static inline dd dd_div(dd a, double b)
{
    double q1 = a.hi / b;
    dd r = dd_add(a, dd_neg(two_prod(q1, b)));
    return fast_two_sum(q1, (r.hi + r.lo) / b);
}

/* Adds (sign +1) or removes (-1) a double from the frame's sums. */
static void sum_update(aggstate *a, double x, int sign, bool squares)
{
    if (isnan(x)) {
        a->nan += (uint32_t)sign;
        return;
    }
    if (isinf(x)) {
        if (x > 0)
            a->pinf += (uint32_t)sign;
        else
            a->ninf += (uint32_t)sign;
        return;
    }
    dd v = {sign > 0 ? x : -x, 0};
    a->s1 = dd_add(a->s1, v);
    if (squares) {
        dd sq = two_prod(x, x);
        a->s2 = dd_add(a->s2, sign > 0 ? sq : dd_neg(sq));
    }
}

/* The sum, with IEEE's rules for the non-finite values in the frame. */
static double sum_value(const aggstate *a)
{
    if (a->nan || (a->pinf && a->ninf))
        return NAN;
    if (a->pinf)
        return INFINITY;
    if (a->ninf)
        return -INFINITY;
    return a->s1.hi + a->s1.lo;
}

/* Population (samp = false) or sample variance of the frame's n values. */
static double variance(const aggstate *a, bool samp)
{
    if (a->nan || a->pinf || a->ninf)
        return NAN;
    if (a->run >= a->n) /* the frame keeps the newest rows: all equal */
        return 0;
    double n = (double)a->n;
    dd m2 = dd_add(a->s2, dd_neg(dd_div(dd_mul(a->s1, a->s1), n)));
    double v = (m2.hi + m2.lo) / (samp ? n - 1 : n);
    /* Below what doubles can tell apart at this magnitude, the values are equal. */
    double scale = (a->s2.hi + a->s2.lo) / n;
    if (v < 0 || v <= scale * 1e-27)
        v = 0;
    return v;
}

static bool is_var(ss_func_id f)
{
    return f >= SS_F_STDDEV_POP && f <= SS_F_VAR_SAMP;
}

/* Recomputes argument i's sums from the rows still in the frame. Double-double
 * sums keep a residue of about 2^-106 of every value they ever held; when a
 * value that dominated the frame leaves, that residue can be larger than
 * what remains, so the sums start over from the rows themselves. */
static void rebuild_sums(ss_sliding *s, part *p, uint32_t i, bool squares)
{
    aggstate *a = &p->st[i];
    ss_type t = s->q->aggs[s->aggs[i]].arg->type;
    a->s1 = a->s2 = (dd){0, 0};
    a->nan = a->pinf = a->ninf = 0;
    for (uint64_t seq = p->first; seq < p->first + p->n; seq++)
        if (!rec_null(s, p, seq, i))
            sum_update(a, as_double(rec_value(s, p, seq, i), t), +1, squares);
}

/* Whether x dwarfed what is left, so that its leaving needs a rebuild. */
static bool dominated(const aggstate *a, double x, bool squares)
{
    if (!isfinite(x) || a->n == 0)
        return false;
    double left = squares ? fabs(a->s2.hi) : fabs(a->s1.hi);
    double mine = squares ? x * x : fabs(x);
    return mine > left * 1e15;
}

static void evict_oldest(ss_sliding *s, part *p)
{
    uint64_t seq = p->first;
    uint64_t rebuild = 0; /* bit i: argument i's sums start over */
    for (uint32_t i = 0; i < s->nargs; i++) {
        const ss_agg *ag = &s->q->aggs[s->aggs[i]];
        aggstate *a = &p->st[i];
        if (ag->star) {
            a->n--;
            continue;
        }
        if (rec_null(s, p, seq, i)) {
            continue;
        }
        ss_type t = ag->arg->type;
        if (s->voff[i] < 0) { /* COUNT(x), LAST_VALUE: only the count matters */
            a->n--;
            continue;
        }
        ss_value v = rec_value(s, p, seq, i);
        if (ag->distinct) {
            a->n += dist_update(a, v, t, -1);
        } else {
            a->n--;
            if (ag->fn == SS_F_SUM || ag->fn == SS_F_AVG) {
                if (ss_type_is_approx(t)) {
                    sum_update(a, v.d, -1, false);
                    if (dominated(a, v.d, false))
                        rebuild |= 1ull << i;
                } else {
                    a->isum -= v.i;
                }
            } else if (is_var(ag->fn)) {
                double x = as_double(v, t);
                sum_update(a, x, -1, true);
                if (dominated(a, x, true))
                    rebuild |= 1ull << i;
            }
            if (a->n == 0) /* an empty frame starts clean */
                a->s1 = a->s2 = (dd){0, 0};
        }
        if (s->is_str[i])
            drop_string(p);
        if (is_minmax(ag->fn) && a->dq.n && dq_front(&a->dq) == seq) {
            a->dq.head = (a->dq.head + 1) & (a->dq.cap - 1);
            a->dq.n--;
        }
    }
    p->first++;
    p->n--;
    for (uint32_t i = 0; rebuild && i < s->nargs; i++)
        if (rebuild >> i & 1)
            rebuild_sums(s, p, i, is_var(s->q->aggs[s->aggs[i]].fn));
}

bool ss_sliding_add(ss_sliding *s, int64_t t, const ss_value *parts, const ss_value *args, ss_origin origin,
                    ss_value *results, char *msg)
{
    const ss_over *o = s->over;
    part *p = find_part(s, parts, origin);
    if (p != s->lru_tail) {
        lru_unlink(s, p);
        lru_append(s, p);
        p->stamp = ++s->stamp;
    }
    if (!p->dirty_at)
        mark_dirty(s, p);
    /* RANGE: rows with ROWTIME in [t - range, t] stay. */
    if (o->frame == SS_FRAME_RANGE) {
        int64_t oldest;
        if (__builtin_sub_overflow(t, o->range_ms, &oldest))
            oldest = INT64_MIN;
        while (p->n && rec_time(s, p, p->first) < oldest)
            evict_oldest(s, p);
    } else {
        /* ROWS n: make room first, so a sum is checked over the new frame. */
        while (p->n > (uint64_t)o->rows)
            evict_oldest(s, p);
    }
    /* Nothing changes for a row whose exact sum would overflow: it is reported
     * and leaves no trace in the frame. */
    for (uint32_t i = 0; i < s->nargs; i++) {
        const ss_agg *ag = &s->q->aggs[s->aggs[i]];
        ss_value x = ag->star ? ss_null() : args[s->aggs[i]];
        if (ag->fn == SS_F_SUM && !x.null && !ag->distinct && !ss_type_is_approx(ag->arg->type)) {
            __int128 next = p->st[i].isum + x.i;
            if (next > INT64_MAX || next < INT64_MIN) {
                snprintf(msg, 128, "SUM overflows BIGINT");
                return false;
            }
        }
    }
    if (p->n == p->cap)
        ring_grow(s, p);
    uint64_t seq = p->first + p->n;
    char *rec = rec_at(s, p, seq);
    uint64_t nulls = 0;
    memcpy(rec, &t, 8);
    p->n++;
    ss_value *v = s->scratch;
    for (uint32_t i = 0; i < s->nargs; i++) {
        const ss_agg *ag = &s->q->aggs[s->aggs[i]];
        aggstate *a = &p->st[i];
        ss_type ty = ag->arg ? ag->arg->type : ss_type_make(SS_T_BIGINT);
        v[i] = ag->star ? ss_int(0) : args[s->aggs[i]];
        if (ag->star) {
            a->n++;
            continue;
        }
        if (v[i].null) {
            nulls |= 1ull << i; /* at most 64 aggregates a window: the analyzer says so */
            continue;
        }
        if (s->is_str[i] && s->voff[i] >= 0)
            v[i].s = keep_string(p, v[i].s, v[i].len);
        if (s->voff[i] >= 0) {
            if (s->is_str[i])
                memcpy(rec + s->voff[i], &v[i], sizeof(ss_value));
            else
                memcpy(rec + s->voff[i], &v[i].i, 8);
        }
        if (ag->distinct) {
            a->n += dist_update(a, v[i], ty, +1);
            continue;
        }
        a->n++;
        if (ag->fn == SS_F_SUM || ag->fn == SS_F_AVG) {
            if (ss_type_is_approx(ty))
                sum_update(a, v[i].d, +1, false);
            else
                a->isum += v[i].i;
        } else if (is_var(ag->fn)) {
            double x = as_double(v[i], ty);
            sum_update(a, x, +1, true);
            a->run = a->n > 1 && x == a->last ? a->run + 1 : 1;
            a->last = x;
        } else if (is_minmax(ag->fn)) {
            /* Keep the deque monotonic: a newer value at least as good
             * replaces older ones, which would leave the frame first. */
            while (a->dq.n) {
                ss_value b = rec_value(s, p, dq_back(&a->dq), i);
                int c = ss_value_cmp(b, v[i], ty);
                if (ag->fn == SS_F_MIN ? c < 0 : c > 0)
                    break;
                a->dq.n--;
            }
            dq_push_back(&a->dq, seq);
        }
    }
    memcpy(rec + 8, &nulls, 8);

    for (uint32_t i = 0; i < s->nargs; i++) {
        const ss_agg *ag = &s->q->aggs[s->aggs[i]];
        aggstate *a = &p->st[i];
        ss_type ty = ag->arg ? ag->arg->type : ss_type_make(SS_T_BIGINT);
        ss_value *r = &results[s->aggs[i]];
        switch (ag->fn) {
        case SS_F_COUNT: *r = ss_int(a->n); break;
        case SS_F_SUM:
        case SS_F_AVG:
            if (!a->n) {
                *r = ss_null();
            } else if (ss_type_is_approx(ty)) {
                double sum = sum_value(a);
                double x = ag->fn == SS_F_SUM ? sum : sum / (double)a->n;
                *r = ss_dbl(ag->type.kind == SS_T_REAL ? ss_real(x) : x);
            } else if (ag->fn == SS_F_SUM) {
                *r = ss_int((int64_t)a->isum);
            } else {
                __int128 q = a->isum / a->n, rem = a->isum % a->n;
                if (ty.kind == SS_T_DECIMAL) {
                    if (rem * 2 >= a->n)
                        q++;
                    else if (rem * 2 <= -a->n)
                        q--;
                }
                *r = ss_int((int64_t)q);
            }
            break;
        case SS_F_MIN:
        case SS_F_MAX:
            *r = a->dq.n ? rec_value(s, p, dq_front(&a->dq), i) : ss_null();
            break;
        case SS_F_FIRST_VALUE: *r = rec_value(s, p, p->first, i); break;
        case SS_F_LAST_VALUE: *r = v[i]; break;
        default: {
            bool samp = ag->fn == SS_F_STDDEV_SAMP || ag->fn == SS_F_VAR_SAMP;
            if (a->n == 0 || (samp && a->n < 2)) {
                *r = ss_null();
                break;
            }
            double var = variance(a, samp);
            bool sd = ag->fn == SS_F_STDDEV_POP || ag->fn == SS_F_STDDEV_SAMP;
            *r = ss_dbl(sd ? sqrt(var) : var);
            break;
        }
        }
    }
    return true;
}

void ss_sliding_advance(ss_sliding *s, int64_t wm)
{
    if (s->over->frame != SS_FRAME_RANGE)
        return;
    /* Oldest newest-row first: stop at the first partition still in reach. */
    while (s->lru_head) {
        part *p = s->lru_head;
        int64_t newest = p->n ? rec_time(s, p, p->first + p->n - 1) : INT64_MIN;
        int64_t reach;
        if (wm == INT64_MAX || __builtin_sub_overflow(wm, s->over->range_ms, &reach) || newest >= reach)
            break;
        remove_part(s, p);
    }
}

void ss_sliding_drop_origin(ss_sliding *s, uint16_t source, uint32_t partition)
{
    for (part *p = s->lru_head; p;) {
        part *next = p->lru_next;
        if (p->osrc == source && p->opart == partition)
            remove_part(s, p);
        p = next;
    }
}

uint64_t ss_sliding_partitions(const ss_sliding *s)
{
    return s->nparts;
}

uint64_t ss_sliding_bytes(const ss_sliding *s)
{
    return s->bytes + (uint64_t)s->nbuckets * sizeof(part *);
}

/* ---- checkpoints ----
 *
 * Item keys: ITEM_META alone, then ITEM_PART + the partition's ckseq as 8
 * bytes big-endian. The meta value (format, frame kind, aggregates,
 * partition terms) never changes, so only a full save writes it.
 *
 * A partition's value: origin source and partition, key bytes, LRU stamp,
 * the sequence number of its oldest row and the row count, then each row:
 * ROWTIME as the difference from the row before, the NULL bitmap, and the
 * non-NULL kept argument values (strings as bytes, the rest as 8 raw bytes).
 * Then each argument's aggregate state as it is: count, exact sum, the
 * double-double sums word for word (recomputing them would round
 * differently), the non-finite counts, the variance's run, and the MIN/MAX
 * deque as row offsets. A DISTINCT multiset holds exactly the frame's
 * non-NULL values, so it is rebuilt from the rows. */

enum { ITEM_META = 0, ITEM_PART = 1, SLIDING_FORMAT = 1 };

/* Counts beyond any real stream: a garbled one is refused before it can
 * overflow. */
#define COUNT_LIMIT ((uint64_t)1 << 62)

static void part_item_key(unsigned char key[9], uint64_t seq)
{
    key[0] = ITEM_PART;
    for (int i = 0; i < 8; i++)
        key[1 + i] = (unsigned char)(seq >> (56 - 8 * i));
}

static void put_part(ss_sliding *s, part *p, const ss_state_out *out)
{
    ss_buf *b = &s->ckbuf;
    ss_buf_clear(b);
    ss_put_u64(b, p->osrc);
    ss_put_u64(b, p->opart);
    ss_put_bytes(b, p->key, p->keylen);
    ss_put_u64(b, p->stamp);
    ss_put_u64(b, p->first);
    ss_put_u64(b, p->n);
    int64_t prev = 0;
    for (uint64_t seq = p->first; seq < p->first + p->n; seq++) {
        const char *r = rec_at(s, p, seq);
        int64_t t;
        uint64_t nulls;
        memcpy(&t, r, 8);
        memcpy(&nulls, r + 8, 8);
        ss_put_i64(b, (int64_t)((uint64_t)t - (uint64_t)prev));
        prev = t;
        ss_put_u64(b, nulls);
        for (uint32_t i = 0; i < s->nargs; i++) {
            if (s->voff[i] < 0 || (nulls >> i & 1))
                continue;
            if (s->is_str[i]) {
                ss_value v;
                memcpy(&v, r + s->voff[i], sizeof v);
                ss_put_bytes(b, v.s, v.len);
            } else {
                uint64_t w;
                memcpy(&w, r + s->voff[i], 8);
                ss_put_word(b, w);
            }
        }
    }
    for (uint32_t i = 0; i < s->nargs; i++) {
        const aggstate *a = &p->st[i];
        ss_put_i64(b, a->n);
        ss_put_i64(b, (int64_t)(uint64_t)a->isum);
        ss_put_i64(b, (int64_t)(a->isum >> 64));
        ss_put_double(b, a->s1.hi);
        ss_put_double(b, a->s1.lo);
        ss_put_double(b, a->s2.hi);
        ss_put_double(b, a->s2.lo);
        ss_put_u64(b, a->nan);
        ss_put_u64(b, a->pinf);
        ss_put_u64(b, a->ninf);
        ss_put_double(b, a->last);
        ss_put_i64(b, a->run);
        ss_put_u64(b, a->dq.n);
        uint64_t at = p->first;
        for (uint32_t k = 0; k < a->dq.n; k++) {
            uint64_t seq = a->dq.seq[(a->dq.head + k) & (a->dq.cap - 1)];
            ss_put_u64(b, seq - at); /* increasing: the gap from the one before */
            at = seq + 1;
        }
    }
    unsigned char key[9];
    part_item_key(key, p->ckseq);
    out->put(out->ctx, key, sizeof key, b->data, b->len);
    p->dirty_at = 0;
    p->saved = true;
}

void ss_sliding_save(ss_sliding *s, const ss_state_out *out, bool full)
{
    if (full || !s->tracking) {
        for (part *p = s->lru_head; p; p = p->lru_next)
            put_part(s, p, out);
        ss_buf *b = &s->ckbuf;
        ss_buf_clear(b);
        ss_put_u64(b, SLIDING_FORMAT);
        ss_put_u64(b, (uint64_t)s->over->frame);
        ss_put_u64(b, s->nargs);
        ss_put_u64(b, s->over->npartition);
        unsigned char key = ITEM_META;
        out->put(out->ctx, &key, 1, b->data, b->len);
    } else {
        unsigned char key[9];
        for (size_t k = 0; k < s->ngone; k++) {
            part_item_key(key, s->gone[k]);
            out->del(out->ctx, key, sizeof key);
        }
        for (size_t k = 0; k < s->ndirty; k++)
            if (s->dirty[k])
                put_part(s, s->dirty[k], out);
    }
    s->ndirty = s->ngone = 0;
    s->tracking = true;
}

static bool fail(char *msg, size_t msglen, const char *fmt, uint64_t n)
{
    snprintf(msg, msglen, fmt, (unsigned long long)n);
    return false;
}

static bool restore_meta(ss_sliding *s, const void *val, size_t vlen, char *msg, size_t msglen)
{
    ss_reader r = ss_reader_of(val, vlen);
    uint64_t format = ss_get_u64(&r), frame = ss_get_u64(&r), nargs = ss_get_u64(&r), nparts = ss_get_u64(&r);
    if (!ss_reader_done(&r))
        return fail(msg, msglen, "garbled sliding window meta item (%llu bytes)", vlen);
    if (format != SLIDING_FORMAT)
        return fail(msg, msglen, "sliding window state of format %llu, not this version's", format);
    if (frame != (uint64_t)s->over->frame || nargs != s->nargs || nparts != s->over->npartition)
        return fail(msg, msglen, "sliding window state of another query (%llu aggregates)", nargs);
    if (s->restored_meta || s->nparts || s->tracking)
        return fail(msg, msglen, "sliding window state restored into a used operator (%llu partitions)",
                    s->nparts);
    s->restored_meta = true;
    return true;
}

static bool part_key_valid(const ss_sliding *s, const unsigned char *p, size_t n)
{
    for (uint32_t k = 0; k < s->over->npartition; k++) {
        size_t used = ss_key_check(p, n, s->over->partition[k]->type);
        if (!used)
            return false;
        p += used;
        n -= used;
    }
    return n == 0;
}

/* The rows of a partition being restored, into its ring. */
static bool load_rows(ss_sliding *s, part *p, uint64_t n, ss_reader *r)
{
    uint32_t cap = 8;
    while (cap < n)
        cap *= 2;
    p->recs = ss_xmalloc((size_t)s->rec_size * cap);
    p->cap = cap;
    s->bytes += (uint64_t)cap * s->rec_size;
    uint64_t allowed = s->nargs < 64 ? (1ull << s->nargs) - 1 : ~0ull;
    int64_t t = 0;
    for (uint64_t k = 0; k < n; k++) {
        char *rec = rec_at(s, p, p->first + k);
        t = (int64_t)((uint64_t)t + (uint64_t)ss_get_i64(r));
        uint64_t nulls = ss_get_u64(r);
        if (r->bad || (nulls & ~allowed))
            return false;
        memset(rec, 0, s->rec_size);
        memcpy(rec, &t, 8);
        memcpy(rec + 8, &nulls, 8);
        for (uint32_t i = 0; i < s->nargs; i++) {
            if (s->voff[i] < 0 || (nulls >> i & 1))
                continue;
            if (s->is_str[i]) {
                size_t len;
                const char *str = ss_get_bytes(r, &len);
                if (!str || len > UINT32_MAX)
                    return false;
                ss_value v = ss_str(keep_string(p, str, (uint32_t)len), (uint32_t)len);
                memcpy(rec + s->voff[i], &v, sizeof v);
            } else {
                uint64_t w = ss_get_word(r);
                memcpy(rec + s->voff[i], &w, 8);
            }
        }
        if (r->bad)
            return false;
        p->n++; /* now the partition owns the row's strings */
    }
    return true;
}

static bool load_aggstate(ss_sliding *s, part *p, uint32_t i, ss_reader *r)
{
    const ss_agg *ag = &s->q->aggs[s->aggs[i]];
    aggstate *a = &p->st[i];
    a->n = ss_get_i64(r);
    uint64_t lo = (uint64_t)ss_get_i64(r);
    int64_t hi = ss_get_i64(r);
    a->isum = (__int128)((unsigned __int128)(uint64_t)hi << 64 | lo);
    a->s1.hi = ss_get_double(r);
    a->s1.lo = ss_get_double(r);
    a->s2.hi = ss_get_double(r);
    a->s2.lo = ss_get_double(r);
    uint64_t nan = ss_get_u64(r), pinf = ss_get_u64(r), ninf = ss_get_u64(r);
    a->last = ss_get_double(r);
    a->run = ss_get_i64(r);
    uint64_t dn = ss_get_u64(r);
    /* What the frame could hold: counts within its rows, a sum that adding
     * an int64 cannot overflow. */
    __int128 sum_limit = (__int128)1 << 126;
    if (r->bad || a->n < 0 || (uint64_t)a->n > p->n || a->isum > sum_limit || a->isum < -sum_limit ||
        nan > p->n || pinf > p->n || ninf > p->n || a->run < 0 || (uint64_t)a->run >= COUNT_LIMIT ||
        dn > p->n || (dn && !is_minmax(ag->fn)))
        return false;
    a->nan = (uint32_t)nan;
    a->pinf = (uint32_t)pinf;
    a->ninf = (uint32_t)ninf;
    uint64_t at = p->first;
    for (uint64_t k = 0; k < dn; k++) {
        uint64_t gap = ss_get_u64(r);
        if (r->bad || gap >= p->first + p->n - at || rec_null(s, p, at + gap, i))
            return false;
        dq_push_back(&a->dq, at + gap);
        at += gap + 1;
    }
    if (ag->distinct) {
        ss_type t = ag->arg->type;
        int64_t distinct = 0;
        for (uint64_t seq = p->first; seq < p->first + p->n; seq++)
            if (!rec_null(s, p, seq, i))
                distinct += dist_update(a, rec_value(s, p, seq, i), t, +1);
        if (distinct != a->n)
            return false;
    }
    return true;
}

bool ss_sliding_restore(ss_sliding *s, const void *key, size_t klen, const void *val, size_t vlen, char *msg,
                        size_t msglen)
{
    const unsigned char *k = key;
    if (klen == 1 && k[0] == ITEM_META)
        return restore_meta(s, val, vlen, msg, msglen);
    if (klen != 9 || k[0] != ITEM_PART)
        return fail(msg, msglen, "unknown sliding window item (key of %llu bytes)", klen);
    if (!s->restored_meta)
        return fail(msg, msglen, "partition before the sliding window meta item (%llu partitions)", s->nparts);
    uint64_t seq = 0;
    for (int i = 0; i < 8; i++)
        seq = seq << 8 | k[1 + i];
    if (seq <= s->restored_seq || seq >= COUNT_LIMIT)
        return fail(msg, msglen, "partition %llu out of order", seq);
    s->restored_seq = seq;

    ss_reader r = ss_reader_of(val, vlen);
    uint64_t osrc = ss_get_u64(&r), opart = ss_get_u64(&r);
    size_t keylen;
    const unsigned char *kb = ss_get_bytes(&r, &keylen);
    uint64_t stamp = ss_get_u64(&r), first = ss_get_u64(&r), n = ss_get_u64(&r);
    /* Every row takes at least two bytes: a bound before allocating. */
    if (r.bad || osrc > UINT16_MAX || opart > UINT32_MAX || keylen > UINT32_MAX || stamp >= COUNT_LIMIT ||
        first >= COUNT_LIMIT || n > (uint64_t)(r.end - r.p) / 2 || n > UINT32_MAX / 2)
        return fail(msg, msglen, "garbled partition %llu", seq);
    if (!part_key_valid(s, kb, keylen))
        return fail(msg, msglen, "garbled key of partition %llu", seq);
    uint64_t h = ss_hash_bytes(kb, keylen, 11);
    for (part *p = s->buckets[h & (s->nbuckets - 1)]; p; p = p->hnext)
        if (p->hash == h && p->keylen == keylen && (!keylen || memcmp(p->key, kb, keylen) == 0))
            return fail(msg, msglen, "partition %llu: its key twice", seq);
    if (keylen > s->keybuf_cap) {
        s->keybuf_cap = keylen;
        s->keybuf = ss_xrealloc(s->keybuf, s->keybuf_cap);
    }
    if (keylen)
        memcpy(s->keybuf, kb, keylen);
    ss_origin origin = ss_origin_none();
    origin.source = (uint16_t)osrc;
    origin.part = (uint32_t)opart;
    part *p = new_part(s, keylen, h, origin);
    p->ckseq = seq;
    p->stamp = stamp;
    p->dirty_at = 0;
    p->first = first;
    if (n && !load_rows(s, p, n, &r))
        return fail(msg, msglen, "garbled rows of partition %llu", seq);
    for (uint32_t i = 0; i < s->nargs; i++)
        if (!load_aggstate(s, p, i, &r))
            return fail(msg, msglen, "garbled aggregate state of partition %llu", seq);
    if (!ss_reader_done(&r))
        return fail(msg, msglen, "garbled partition %llu (bytes left over)", seq);
    p->saved = true;
    return true;
}

static int by_stamp(const void *x, const void *y)
{
    const part *a = *(part *const *)x, *b = *(part *const *)y;
    if (a->stamp != b->stamp)
        return a->stamp < b->stamp ? -1 : 1;
    return a->ckseq < b->ckseq ? -1 : a->ckseq > b->ckseq;
}

bool ss_sliding_restored(ss_sliding *s, char *msg, size_t msglen)
{
    (void)msg, (void)msglen;
    if (!s->restored_meta)
        return true; /* nothing was saved: the operator starts empty */
    /* Partitions came back in order of creation; the LRU wants the order in
     * which each last got a row. */
    part **all = ss_xmalloc(sizeof(part *) * (s->nparts ? s->nparts : 1));
    size_t n = 0;
    for (part *p = s->lru_head; p; p = p->lru_next)
        all[n++] = p;
    qsort(all, n, sizeof *all, by_stamp);
    s->lru_head = s->lru_tail = NULL;
    for (size_t i = 0; i < n; i++)
        lru_append(s, all[i]);
    s->stamp = n ? all[n - 1]->stamp : 0;
    free(all);
    s->next_seq = s->restored_seq + 1;
    s->tracking = true;
    return true;
}
