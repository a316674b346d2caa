/* GROUP BY windows; see groupwin.h.
 *
 * Input arrives in ROWTIME order (sources reorder within the watermark delay),
 * which is what keeps this simple:
 *  - tumbling/hopping windows open in start order, so open windows form a
 *    list sorted by start, each with its groups chained in arrival order;
 *  - session and stagger windows are kept in one list sorted by end: a new
 *    window always ends after every open one, and a session that grows is
 *    moved to the tail, where its new end belongs. */
#include "exec/groupwin.h"
#include "exec/agg.h"
#include "util/codec.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/timeconv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define INLINE_KEY 24
#define NIL 0u

typedef struct entry {
    uint64_t hash;
    int64_t start; /* window start; session: first row; stagger: t0 */
    /* The entry's checkpoint key. Numbered when the entry joins the tail of
     * its list (tumble/hop: its window's chain, on creation; session and
     * stagger: the list by end, again when a session grows), so that items
     * restored in key order rebuild every list as it was. */
    uint64_t seq;
    uint32_t lnext, lprev; /* window list (tumble/hop: the slot's chain) */
    uint32_t keylen;
    uint8_t in_table;      /* session/stagger: still the key's open window */
    uint8_t ckpt;          /* CK_DIRTY, CK_SAVED */
    uint16_t osrc;         /* origin of the group's first row */
    uint32_t opart;
    union {
        unsigned char inl[INLINE_KEY];
        unsigned char *ptr;
    } key;
    /* session: the latest row (int64_t); then the accumulators, each at its
     * own alignment. Only sessions pay for `last`. */
} entry;

/* CK_DIRTY: changed since the last save (or never saved, or nobody saves);
 * CK_SAVED: the last save wrote the entry under its current seq, so the
 * next one deletes that item when the entry goes or is renumbered. */
enum { CK_DIRTY = 1, CK_SAVED = 2 };

/* Open addressing with linear probing. A bucket holds the entry's index in
 * its low half and the top of its hash in the high half, so a probe touches
 * the entry itself only when the tags match. */
typedef struct htab {
    uint64_t *b;
    uint32_t mask;
    uint32_t n; /* entries in it; while restoring (b NULL), those waiting for it */
} htab;

typedef struct slot { /* one tumbling/hopping window, with its own table */
    int64_t start, end;
    uint32_t head, tail;
    htab ht;
} slot;

struct ss_groupwin {
    const ss_query *q;
    ss_window_kind kind;
    uint32_t nkeys, naggs;
    uint32_t *acc_off;
    ss_agg_adder *adders;
    uint32_t rec_size;
    /* entry pool; index 0 is never used, so 0 can mean "none" */
    char *pool;
    uint32_t pool_cap, pool_used, free_head;
    /* session/stagger: key -> the key's open window */
    htab ht;
    uint64_t ngroups, peak;
    uint64_t table_bytes;
    /* tumble/hop windows, sorted by start */
    slot *slots;
    uint32_t nslots, slots_cap, slot_first;
    /* session/stagger: list sorted by end */
    uint32_t lhead, ltail;
    /* Checkpoints. Until the first save nobody tracks changes: entries stay
     * CK_DIRTY, so the per-row test never lets one into `dirty`. */
    uint64_t next_seq;
    bool tracking;
    uint32_t *dirty; /* entries marked since the last save; stale ones are skipped */
    size_t ndirty, dirty_cap;
    uint64_t *gone;  /* seqs of saved entries released or renumbered since */
    size_t ngone, gone_cap;
    uint64_t saved_peak;
    uint64_t restored_seq; /* the last entry restored, for the key order */
    bool restored_meta;
    ss_buf ckbuf;
    /* scratch, kept between batches */
    size_t *boff;
    uint64_t *bhash;
    uint32_t bcap;
    unsigned char *keybuf;
    size_t keybuf_cap;
    ss_value *row;
};

static inline entry *E(const ss_groupwin *g, uint32_t i)
{
    return (entry *)(g->pool + (size_t)i * g->rec_size);
}

static inline void *ACC(const ss_groupwin *g, entry *e, uint32_t a)
{
    return (char *)e + g->acc_off[a];
}

static inline const unsigned char *key_of(const entry *e)
{
    return e->keylen <= INLINE_KEY ? e->key.inl : e->key.ptr;
}

static inline int64_t *session_last(entry *e)
{
    return (int64_t *)(e + 1);
}

/* ---- memory for big blocks ----
 * The pool and the tables of a million groups are hundreds of MiB, written
 * right after they are allocated. On 4 KiB pages every first touch is a
 * fault, ~20 us in the VMs we run on: a second for a 200 MiB pool, more
 * than all the rest of building it. So a block of BIG_MIN bytes or more is
 * a mapping of its own, a whole number of 2 MiB pages, advised for
 * transparent huge pages (enabled=madvise on our hosts): 512 times fewer
 * faults, and fewer TLB misses. The kernel puts such mappings on 2 MiB
 * boundaries, also when mremap moves one to grow it, so a growing pool
 * keeps its huge pages and is never copied (a realloc'd block, a few bytes
 * off the boundary, was split back into small pages by each move). Under
 * ASan, malloc as before, so that ASan still sees the blocks' bounds. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(MADV_HUGEPAGE) && defined(MREMAP_MAYMOVE) && !defined(UNDER_ASAN)
#define BIG_MAP 1
#endif
#define HUGE_PAGE ((size_t)2 << 20)
#define BIG_MIN (2 * HUGE_PAGE)

#ifdef BIG_MAP
static size_t big_len(size_t n)
{
    return (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static void *big_map(void *p, size_t old, size_t n)
{
    void *q = p ? mremap(p, big_len(old), big_len(n), MREMAP_MAYMOVE)
                : mmap(NULL, big_len(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (q == MAP_FAILED) {
        fprintf(stderr, "streamsql: error: out of memory (mapping %zu bytes)\n", big_len(n));
        abort(); /* as ss_xmalloc does */
    }
    (void)madvise(q, big_len(n), MADV_HUGEPAGE); /* advice: refused or not, the memory works */
    return q;
}
#endif

/* n bytes of zeros; freed by big_free(p, n). */
static void *big_calloc(size_t n)
{
#ifdef BIG_MAP
    if (n >= BIG_MIN)
        return big_map(NULL, 0, n);
#endif
    return ss_xcalloc(1, n);
}

/* The block p of `old` bytes as one of n >= old, contents kept. */
static void *big_grow(void *p, size_t old, size_t n)
{
#ifdef BIG_MAP
    if (n >= BIG_MIN && old >= BIG_MIN)
        return big_len(n) == big_len(old) ? p : big_map(p, old, n);
    if (n >= BIG_MIN) {
        void *q = big_map(NULL, 0, n);
        memcpy(q, p, old);
        free(p);
        return q;
    }
#endif
    (void)old;
    return ss_xrealloc(p, n);
}

static void big_free(void *p, size_t n)
{
#ifdef BIG_MAP
    if (n >= BIG_MIN) {
        if (p)
            munmap(p, big_len(n));
        return;
    }
#endif
    (void)n;
    free(p);
}

static void push_gone(ss_groupwin *g, uint64_t seq)
{
    SS_GROW(g->gone, g->gone_cap, g->ngone + 1);
    g->gone[g->ngone++] = seq;
}

static void mark_dirty(ss_groupwin *g, uint32_t i)
{
    E(g, i)->ckpt |= CK_DIRTY;
    if (g->tracking) {
        SS_GROW(g->dirty, g->dirty_cap, g->ndirty + 1);
        g->dirty[g->ndirty++] = i;
    }
}

/* The entry moves to its list's tail under a new seq. */
static void renumber(ss_groupwin *g, uint32_t i)
{
    entry *e = E(g, i);
    if (e->ckpt & CK_SAVED)
        push_gone(g, e->seq);
    e->ckpt &= (uint8_t)~CK_SAVED;
    e->seq = g->next_seq++;
    if (!(e->ckpt & CK_DIRTY))
        mark_dirty(g, i);
}

ss_groupwin *ss_groupwin_new(const ss_query *q)
{
    ss_groupwin *g = ss_xcalloc(1, sizeof *g);
    g->q = q;
    g->kind = q->window;
    g->nkeys = q->nkeys;
    g->naggs = q->naggs;
    g->acc_off = ss_xcalloc(q->naggs + 1, sizeof(uint32_t));
    uint32_t off = (uint32_t)sizeof(entry) + (g->kind == SS_WIN_SESSION ? (uint32_t)sizeof(int64_t) : 0);
    uint32_t align = 8;
    g->adders = ss_xcalloc(q->naggs + 1, sizeof(ss_agg_adder));
    for (uint32_t i = 0; i < q->naggs; i++) {
        uint32_t al = ss_agg_state_align(&q->aggs[i]);
        if (al > align)
            align = al;
        off = (off + al - 1) & ~(al - 1);
        g->acc_off[i] = off;
        g->adders[i] = ss_agg_adder_for(&q->aggs[i]);
        off += ss_agg_state_size(&q->aggs[i]);
    }
    /* Records stay aligned for their strictest state in the malloc'd pool. */
    g->rec_size = (off + align - 1) & ~(align - 1);
    g->pool_cap = 64;
    g->pool = ss_xmalloc((size_t)g->pool_cap * g->rec_size);
    g->pool_used = 1;
    g->row = ss_xcalloc(q->nkeys + q->naggs + 1, sizeof(ss_value));
    g->keybuf_cap = 256; /* never NULL, even for a GROUP BY with no key but the window */
    g->keybuf = ss_xmalloc(g->keybuf_cap);
    g->next_seq = 1;
    return g;
}

static void release_entry(ss_groupwin *g, uint32_t i)
{
    entry *e = E(g, i);
    if (e->ckpt & CK_SAVED)
        push_gone(g, e->seq);
    e->ckpt = 0; /* a stale index in `dirty` is skipped */
    for (uint32_t a = 0; a < g->naggs; a++)
        ss_agg_release(&g->q->aggs[a], ACC(g, e, a));
    if (e->keylen > INLINE_KEY)
        free(e->key.ptr);
    e->lnext = g->free_head;
    g->free_head = i;
    g->ngroups--;
}

void ss_groupwin_free(ss_groupwin *g)
{
    if (!g)
        return;
    /* Open windows still own strings and sets. */
    for (uint32_t s = g->slot_first; s < g->nslots; s++)
        for (uint32_t i = g->slots[s].head; i;) {
            uint32_t next = E(g, i)->lnext;
            release_entry(g, i);
            i = next;
        }
    for (uint32_t i = g->lhead; i;) {
        uint32_t next = E(g, i)->lnext;
        release_entry(g, i);
        i = next;
    }
    for (uint32_t s = g->slot_first; s < g->nslots; s++)
        big_free(g->slots[s].ht.b, (size_t)(g->slots[s].ht.mask + 1) * sizeof(uint64_t));
    big_free(g->ht.b, (size_t)(g->ht.mask + 1) * sizeof(uint64_t));
    big_free(g->pool, (size_t)g->pool_cap * g->rec_size);
    free(g->slots);
    free(g->acc_off);
    free(g->adders);
    free(g->boff);
    free(g->bhash);
    free(g->keybuf);
    free(g->row);
    free(g->dirty);
    free(g->gone);
    ss_buf_free(&g->ckbuf);
    free(g);
}

static uint32_t alloc_entry(ss_groupwin *g)
{
    uint32_t i;
    if (g->free_head) {
        i = g->free_head;
        g->free_head = E(g, i)->lnext;
    } else {
        if (g->pool_used == g->pool_cap) {
            size_t old = (size_t)g->pool_cap * g->rec_size;
            g->pool_cap *= 2;
            g->pool = big_grow(g->pool, old, (size_t)g->pool_cap * g->rec_size);
        }
        i = g->pool_used++;
    }
    if (++g->ngroups > g->peak)
        g->peak = g->ngroups;
    return i;
}

static inline uint64_t tag_of(uint64_t h)
{
    return (h >> 32) << 32;
}

static uint64_t *ht_buckets(ss_groupwin *g, uint32_t cap)
{
    uint64_t *b = big_calloc((size_t)cap * sizeof(uint64_t));
    g->table_bytes += (uint64_t)cap * sizeof(uint64_t);
    return b;
}

#define REHASH_AHEAD 8

static void ht_grow(ss_groupwin *g, htab *t)
{
    uint32_t cap = t->b ? (t->mask + 1) * 2 : 16;
    uint64_t *b = ht_buckets(g, cap);
    for (uint32_t i = 0; t->b && i <= t->mask; i++) {
        /* Moving a bucket reads its entry's hash: fetch a few ahead. */
        if (i + REHASH_AHEAD <= t->mask && t->b[i + REHASH_AHEAD])
            __builtin_prefetch(E(g, (uint32_t)t->b[i + REHASH_AHEAD]));
        if (!t->b[i])
            continue;
        uint32_t j = (uint32_t)E(g, (uint32_t)t->b[i])->hash & (cap - 1);
        while (b[j])
            j = (j + 1) & (cap - 1);
        b[j] = t->b[i];
    }
    if (t->b)
        g->table_bytes -= (uint64_t)(t->mask + 1) * sizeof(uint64_t);
    big_free(t->b, (size_t)(t->mask + 1) * sizeof(uint64_t));
    t->b = b;
    t->mask = cap - 1;
}

static void ht_free(ss_groupwin *g, htab *t)
{
    if (t->b)
        g->table_bytes -= (uint64_t)(t->mask + 1) * sizeof(uint64_t);
    big_free(t->b, (size_t)(t->mask + 1) * sizeof(uint64_t));
    t->b = NULL;
    t->mask = t->n = 0;
}

/* Removes entry i, shifting later members of its probe run back into the gap. */
static void ht_remove(ss_groupwin *g, htab *t, uint32_t i)
{
    uint32_t j = (uint32_t)E(g, i)->hash & t->mask;
    while ((uint32_t)t->b[j] != i)
        j = (j + 1) & t->mask;
    t->b[j] = 0;
    t->n--;
    for (uint32_t k = (j + 1) & t->mask; t->b[k]; k = (k + 1) & t->mask) {
        uint32_t home = (uint32_t)E(g, (uint32_t)t->b[k])->hash & t->mask;
        /* Move k back into the gap j unless its home lies cyclically in (j, k]. */
        bool stays = j <= k ? (home > j && home <= k) : (home > j || home <= k);
        if (!stays) {
            t->b[j] = t->b[k];
            t->b[k] = 0;
            j = k;
        }
    }
}

/* A new entry, in no table or list yet, numbered as the newest. */
static uint32_t new_entry(ss_groupwin *g, int64_t start, const unsigned char *key, uint32_t keylen, uint64_t h,
                          ss_origin origin)
{
    uint32_t i = alloc_entry(g);
    entry *e = E(g, i);
    memset(e, 0, sizeof *e);
    e->hash = h;
    e->start = start;
    e->seq = g->next_seq++;
    e->keylen = keylen;
    e->osrc = origin.source;
    e->opart = origin.part;
    if (g->kind == SS_WIN_SESSION)
        *session_last(e) = start;
    if (keylen <= INLINE_KEY) {
        if (keylen)
            memcpy(e->key.inl, key, keylen);
    } else {
        e->key.ptr = ss_xmalloc(keylen);
        memcpy(e->key.ptr, key, keylen);
    }
    for (uint32_t a = 0; a < g->naggs; a++)
        ss_agg_init(&g->q->aggs[a], ACC(g, e, a));
    mark_dirty(g, i);
    return i;
}

static inline bool same_key(const entry *e, const unsigned char *key, uint32_t keylen)
{
    return e->keylen == keylen && (!keylen || memcmp(key_of(e), key, keylen) == 0);
}

/* The entry for `key` in table t; created when absent. */
static uint32_t find_or_add(ss_groupwin *g, htab *t, int64_t start, const unsigned char *key, uint32_t keylen,
                            uint64_t h, ss_origin origin, bool *created)
{
    if (!t->b || (t->n + 1) * 2 > t->mask + 1)
        ht_grow(g, t);
    uint64_t tag = tag_of(h);
    uint32_t j = (uint32_t)h & t->mask;
    for (uint64_t b; (b = t->b[j]) != 0; j = (j + 1) & t->mask) {
        if (tag_of(b) != tag)
            continue;
        if (same_key(E(g, (uint32_t)b), key, keylen)) {
            *created = false;
            return (uint32_t)b;
        }
    }
    uint32_t i = new_entry(g, start, key, keylen, h, origin);
    E(g, i)->in_table = 1;
    t->b[j] = tag | i;
    t->n++;
    *created = true;
    return i;
}

static bool accumulate(ss_groupwin *g, uint32_t i, const ss_value *args, char *msg)
{
    entry *e = E(g, i);
    if (!(e->ckpt & CK_DIRTY))
        mark_dirty(g, i);
    /* A row whose sum would overflow is refused before any aggregate counts it. */
    for (uint32_t a = 0; a < g->naggs; a++)
        if (ss_agg_would_overflow(&g->q->aggs[a], ACC(g, e, a), args[a])) {
            snprintf(msg, 128, "SUM overflows BIGINT");
            return false;
        }
    for (uint32_t a = 0; a < g->naggs; a++)
        if (!g->adders[a](&g->q->aggs[a], ACC(g, e, a), args[a], msg))
            return false;
    return true;
}

static slot *slot_for(ss_groupwin *g, int64_t start, int64_t end)
{
    /* Usually the newest window; search from the back. */
    for (uint32_t s = g->nslots; s > g->slot_first; s--)
        if (g->slots[s - 1].start == start)
            return &g->slots[s - 1];
    if (g->slot_first > 0 && g->slot_first == g->nslots) {
        g->slot_first = g->nslots = 0;
    }
    if (g->nslots == g->slots_cap) {
        /* Reclaim the emitted prefix before growing. */
        if (g->slot_first) {
            memmove(g->slots, g->slots + g->slot_first, sizeof(slot) * (g->nslots - g->slot_first));
            g->nslots -= g->slot_first;
            g->slot_first = 0;
        }
        if (g->nslots == g->slots_cap) {
            g->slots_cap = g->slots_cap ? g->slots_cap * 2 : 8;
            g->slots = ss_xrealloc(g->slots, sizeof(slot) * g->slots_cap);
        }
    }
    /* Keep the list sorted by start (hop windows of one row come in order). */
    uint32_t at = g->nslots;
    while (at > g->slot_first && g->slots[at - 1].start > start)
        at--;
    memmove(g->slots + at + 1, g->slots + at, sizeof(slot) * (g->nslots - at));
    g->slots[at] = (slot){start, end, NIL, NIL, {NULL, 0, 0}};
    g->nslots++;
    return &g->slots[at];
}

static void slot_append(ss_groupwin *g, slot *s, uint32_t i)
{
    E(g, i)->lnext = NIL;
    if (s->tail)
        E(g, s->tail)->lnext = i;
    else
        s->head = i;
    s->tail = i;
}

static void list_unlink(ss_groupwin *g, uint32_t i)
{
    entry *e = E(g, i);
    if (e->lprev)
        E(g, e->lprev)->lnext = e->lnext;
    else
        g->lhead = e->lnext;
    if (e->lnext)
        E(g, e->lnext)->lprev = e->lprev;
    else
        g->ltail = e->lprev;
    e->lnext = e->lprev = NIL;
}

static void list_append(ss_groupwin *g, uint32_t i)
{
    entry *e = E(g, i);
    e->lprev = g->ltail;
    e->lnext = NIL;
    if (g->ltail)
        E(g, g->ltail)->lnext = i;
    else
        g->lhead = i;
    g->ltail = i;
}

static int64_t window_end(const ss_groupwin *g, entry *e)
{
    switch (g->kind) {
    case SS_WIN_SESSION: return *session_last(e) + g->q->gap_ms;
    case SS_WIN_STAGGER: return e->start + g->q->size_ms;
    default: return 0; /* slots carry their own end */
    }
}

/* Encodes a row's non-window keys at g->keybuf + at; returns the length. */
static size_t encode_keys(ss_groupwin *g, const ss_value *keys, size_t at)
{
    const ss_query *q = g->q;
    size_t need = at;
    for (uint32_t k = 0; k < g->nkeys; k++)
        if ((int)k != q->window_key)
            need += ss_key_size(keys[k]);
    if (need > g->keybuf_cap) {
        g->keybuf_cap = need * 2;
        g->keybuf = ss_xrealloc(g->keybuf, g->keybuf_cap);
    }
    size_t len = 0;
    for (uint32_t k = 0; k < g->nkeys; k++)
        if ((int)k != q->window_key)
            len += ss_key_encode(keys[k], q->keys[k]->type, g->keybuf + at + len);
    return len;
}

static bool add_encoded(ss_groupwin *g, int64_t t, const unsigned char *key, size_t len, uint64_t kh,
                        const ss_value *args, ss_origin origin, char *msg);

bool ss_groupwin_add(ss_groupwin *g, int64_t t, const ss_value *keys, const ss_value *args, ss_origin origin,
                     char *msg)
{
    size_t len = encode_keys(g, keys, 0);
    return add_encoded(g, t, g->keybuf, len, ss_hash_bytes(g->keybuf, len, 0), args, origin, msg);
}

static int64_t tumble_start(const ss_query *q, int64_t t, int64_t *end)
{
    int64_t start;
    if (q->calendar) {
        ss_time_unit u = q->calendar == SS_UNIT_YEAR ? SS_TIME_YEAR : SS_TIME_MONTH;
        start = ss_time_floor(t, u);
        if (ss_time_add_months(start, q->calendar == SS_UNIT_YEAR ? 12 : 1, end))
            *end = INT64_MAX;
    } else {
        start = q->align_ms + ss_time_floor_ms(t - q->align_ms, q->size_ms);
        *end = start + q->size_ms;
    }
    return start;
}

#define PREFETCH_AHEAD 8

void ss_groupwin_add_many(ss_groupwin *g, uint32_t n, const int64_t *t, const ss_value *keys,
                          const ss_value *args, const ss_origin *origins,
                          void (*on_error)(void *ctx, uint32_t row, const char *msg), void *ctx)
{
    if (n > g->bcap) {
        g->bcap = n;
        g->boff = ss_xrealloc(g->boff, sizeof(size_t) * (n + 1) * 2);
        g->bhash = ss_xrealloc(g->bhash, sizeof(uint64_t) * (n + 1));
    }
    size_t *off = g->boff, *len = g->boff + n + 1;
    uint64_t *hash = g->bhash;
    size_t at = 0;
    for (uint32_t r = 0; r < n; r++) {
        off[r] = at;
        len[r] = encode_keys(g, keys + (size_t)r * g->nkeys, at);
        at += len[r];
    }
    for (uint32_t r = 0; r < n; r++)
        hash[r] = ss_hash_bytes(g->keybuf + off[r], len[r], 0);
    char msg[160];
    for (uint32_t r = 0; r < n; r++) {
        /* Touch the bucket a few rows ahead, and the entry it names a bit
         * later, so the lookups below find both in cache. */
        if (r + PREFETCH_AHEAD < n || r + PREFETCH_AHEAD / 2 < n) {
            htab *ht = &g->ht;
            if (g->kind == SS_WIN_TUMBLE && g->nslots > g->slot_first)
                ht = &g->slots[g->nslots - 1].ht;
            if (ht->b) {
                if (r + PREFETCH_AHEAD < n)
                    __builtin_prefetch(&ht->b[(uint32_t)hash[r + PREFETCH_AHEAD] & ht->mask]);
                uint64_t b = ht->b[(uint32_t)hash[r + PREFETCH_AHEAD / 2] & ht->mask];
                if (b && (uint32_t)b < g->pool_used)
                    __builtin_prefetch(E(g, (uint32_t)b));
            }
        }
        if (!add_encoded(g, t[r], g->keybuf + off[r], len[r], hash[r], args + (size_t)r * g->naggs,
                         origins ? origins[r] : ss_origin_none(), msg))
            on_error(ctx, r, msg);
    }
}

static bool add_encoded(ss_groupwin *g, int64_t t, const unsigned char *key, size_t len, uint64_t kh,
                        const ss_value *args, ss_origin origin, char *msg)
{
    const ss_query *q = g->q;
    bool created;

    switch (g->kind) {
    case SS_WIN_TUMBLE: {
        int64_t end;
        int64_t start = tumble_start(q, t, &end);
        slot *sl = slot_for(g, start, end);
        uint32_t i = find_or_add(g, &sl->ht, start, key, (uint32_t)len, kh, origin, &created);
        if (created)
            slot_append(g, sl, i);
        return accumulate(g, i, args, msg);
    }
    case SS_WIN_HOP: {
        /* Every window [k*slide, k*slide + size) that contains t, oldest first. */
        int64_t slide = q->slide_ms, size = q->size_ms;
        int64_t last = ss_time_floor_ms(t, slide);
        int64_t first = last;
        while (first - slide > t - size)
            first -= slide;
        for (int64_t start = first; start <= last; start += slide) {
            if (start + size <= t)
                continue;
            slot *sl = slot_for(g, start, start + size);
            uint32_t i = find_or_add(g, &sl->ht, start, key, (uint32_t)len, kh, origin, &created);
            if (created)
                slot_append(g, sl, i);
            if (!accumulate(g, i, args, msg))
                return false;
        }
        return true;
    }
    case SS_WIN_SESSION:
    case SS_WIN_STAGGER: {
        uint32_t i = find_or_add(g, &g->ht, t, key, (uint32_t)len, kh, origin, &created);
        entry *e = E(g, i);
        bool fits = g->kind == SS_WIN_SESSION ? t - *session_last(e) < q->gap_ms : t < e->start + q->size_ms;
        if (!created && !fits) {
            /* The key's window is over: it stays in the list until the
             * watermark emits it, and a new one opens at t. */
            ht_remove(g, &g->ht, i);
            e->in_table = 0;
            if (!(e->ckpt & CK_DIRTY))
                mark_dirty(g, i);
            i = find_or_add(g, &g->ht, t, key, (uint32_t)len, kh, origin, &created);
            e = E(g, i);
        }
        if (created) {
            list_append(g, i);
        } else if (g->kind == SS_WIN_SESSION && t > *session_last(e)) {
            *session_last(e) = t;
            list_unlink(g, i);
            list_append(g, i);
            renumber(g, i);
        }
        return accumulate(g, i, args, msg);
    }
    default:
        return true;
    }
}

static void emit_entry(ss_groupwin *g, uint32_t i, int64_t start, int64_t end, ss_groupwin_emit emit,
                       void *ctx)
{
    entry *e = E(g, i);
    const unsigned char *p = key_of(e);
    for (uint32_t k = 0; k < g->nkeys; k++) {
        if ((int)k == g->q->window_key)
            g->row[k] = ss_int(start);
        else
            p += ss_key_decode(p, g->q->keys[k]->type, &g->row[k]);
    }
    for (uint32_t a = 0; a < g->naggs; a++)
        ss_agg_result(&g->q->aggs[a], ACC(g, e, a), &g->row[g->nkeys + a]);
    ss_origin o = ss_origin_none();
    o.source = e->osrc;
    o.part = e->opart;
    emit(ctx, g->row, start, end, o);
}

void ss_groupwin_advance(ss_groupwin *g, int64_t wm, ss_groupwin_emit emit, void *ctx)
{
    if (g->kind == SS_WIN_TUMBLE || g->kind == SS_WIN_HOP) {
        while (g->slot_first < g->nslots && g->slots[g->slot_first].end <= wm) {
            slot s = g->slots[g->slot_first++];
            for (uint32_t i = s.head; i;) {
                uint32_t next = E(g, i)->lnext;
                emit_entry(g, i, s.start, s.end, emit, ctx);
                release_entry(g, i);
                i = next;
            }
            ht_free(g, &s.ht); /* the window's whole table goes at once */
        }
        return;
    }
    while (g->lhead) {
        uint32_t i = g->lhead;
        entry *e = E(g, i);
        int64_t end = window_end(g, e);
        if (end > wm)
            break;
        list_unlink(g, i);
        emit_entry(g, i, e->start, end, emit, ctx);
        if (e->in_table)
            ht_remove(g, &g->ht, i);
        release_entry(g, i);
    }
}

void ss_groupwin_drop_origin(ss_groupwin *g, uint16_t source, uint32_t part)
{
    for (uint32_t sl = g->slot_first; sl < g->nslots; sl++) {
        slot *w = &g->slots[sl];
        uint32_t prev = NIL;
        for (uint32_t i = w->head; i;) {
            entry *e = E(g, i);
            uint32_t next = e->lnext;
            if (e->osrc == source && e->opart == part) {
                if (prev)
                    E(g, prev)->lnext = next;
                else
                    w->head = next;
                if (w->tail == i)
                    w->tail = prev;
                ht_remove(g, &w->ht, i);
                release_entry(g, i);
            } else {
                prev = i;
            }
            i = next;
        }
    }
    for (uint32_t i = g->lhead; i;) {
        entry *e = E(g, i);
        uint32_t next = e->lnext;
        if (e->osrc == source && e->opart == part) {
            list_unlink(g, i);
            if (e->in_table)
                ht_remove(g, &g->ht, i);
            release_entry(g, i);
        }
        i = next;
    }
}

void ss_groupwin_stats_get(const ss_groupwin *g, ss_groupwin_stats *st)
{
    st->groups = g->ngroups;
    st->windows = g->kind == SS_WIN_TUMBLE || g->kind == SS_WIN_HOP ? g->nslots - g->slot_first : g->ngroups;
    st->peak_groups = g->peak;
    st->bytes = (uint64_t)g->pool_cap * g->rec_size + g->table_bytes + (uint64_t)g->slots_cap * sizeof(slot);
}

/* ---- checkpoints ----
 *
 * Item keys: ITEM_META alone, then ITEM_ENTRY + the entry's seq as 8 bytes
 * big-endian, so that entries come back in seq order: tumbling and hopping
 * groups each appended to its window's chain in order of creation, session
 * and stagger windows to the list by end in the order it was built.
 *
 * Meta value: format, window kind, nkeys, naggs, peak groups (varints).
 * Entry value: in_table, start, session's last row, origin source and
 * partition, the key's bytes, then each aggregate's state (ss_agg_save).
 * A tumbling or hopping window's end follows from its start. */

enum { ITEM_META = 0, ITEM_ENTRY = 1, GROUPWIN_FORMAT = 1 };

/* Beyond any TIMESTAMP: a garbled time is refused before arithmetic on it
 * could overflow. */
#define TIME_LIMIT ((int64_t)1 << 62)

static void put_meta(ss_groupwin *g, const ss_state_out *out)
{
    ss_buf *b = &g->ckbuf;
    ss_buf_clear(b);
    ss_put_u64(b, GROUPWIN_FORMAT);
    ss_put_u64(b, (uint64_t)g->kind);
    ss_put_u64(b, g->nkeys);
    ss_put_u64(b, g->naggs);
    ss_put_u64(b, g->peak);
    unsigned char key = ITEM_META;
    out->put(out->ctx, &key, 1, b->data, b->len);
    g->saved_peak = g->peak;
}

static void entry_key(unsigned char key[9], uint64_t seq)
{
    key[0] = ITEM_ENTRY;
    for (int i = 0; i < 8; i++)
        key[1 + i] = (unsigned char)(seq >> (56 - 8 * i));
}

static void put_entry(ss_groupwin *g, uint32_t i, const ss_state_out *out)
{
    entry *e = E(g, i);
    ss_buf *b = &g->ckbuf;
    ss_buf_clear(b);
    ss_put_u64(b, e->in_table);
    ss_put_i64(b, e->start);
    if (g->kind == SS_WIN_SESSION)
        ss_put_i64(b, *session_last(e));
    ss_put_u64(b, e->osrc);
    ss_put_u64(b, e->opart);
    ss_put_bytes(b, key_of(e), e->keylen);
    for (uint32_t a = 0; a < g->naggs; a++)
        ss_agg_save(&g->q->aggs[a], ACC(g, e, a), b);
    unsigned char key[9];
    entry_key(key, e->seq);
    out->put(out->ctx, key, sizeof key, b->data, b->len);
    e->ckpt = CK_SAVED;
}

void ss_groupwin_save(ss_groupwin *g, const ss_state_out *out, bool full)
{
    if (full || !g->tracking) {
        for (uint32_t s = g->slot_first; s < g->nslots; s++)
            for (uint32_t i = g->slots[s].head; i; i = E(g, i)->lnext)
                put_entry(g, i, out);
        for (uint32_t i = g->lhead; i; i = E(g, i)->lnext)
            put_entry(g, i, out);
        put_meta(g, out);
    } else {
        unsigned char key[9];
        for (size_t k = 0; k < g->ngone; k++) {
            entry_key(key, g->gone[k]);
            out->del(out->ctx, key, sizeof key);
        }
        for (size_t k = 0; k < g->ndirty; k++)
            if (E(g, g->dirty[k])->ckpt & CK_DIRTY)
                put_entry(g, g->dirty[k], out);
        if (g->peak != g->saved_peak)
            put_meta(g, out);
    }
    g->ngone = g->ndirty = 0;
    g->tracking = true;
}

static bool fail(char *msg, size_t msglen, const char *fmt, uint64_t n)
{
    snprintf(msg, msglen, fmt, (unsigned long long)n);
    return false;
}

static bool restore_meta(ss_groupwin *g, const void *val, size_t vlen, char *msg, size_t msglen)
{
    ss_reader r = ss_reader_of(val, vlen);
    uint64_t format = ss_get_u64(&r), kind = ss_get_u64(&r), nkeys = ss_get_u64(&r), naggs = ss_get_u64(&r);
    uint64_t peak = ss_get_u64(&r);
    if (!ss_reader_done(&r))
        return fail(msg, msglen, "garbled group window meta item (%llu bytes)", vlen);
    if (format != GROUPWIN_FORMAT)
        return fail(msg, msglen, "group window state of format %llu, not this version's", format);
    if (kind != (uint64_t)g->kind || nkeys != g->nkeys || naggs != g->naggs)
        return fail(msg, msglen, "group window state of another query (%llu keys)", nkeys);
    if (g->restored_meta || g->pool_used > 1 || g->tracking)
        return fail(msg, msglen, "group window state restored into a used operator (%llu groups)", g->ngroups);
    g->restored_meta = true;
    g->saved_peak = peak;
    return true;
}

/* Whether key bytes are the encodings of the group's keys, and nothing else. */
static bool keys_valid(const ss_groupwin *g, const unsigned char *p, size_t n)
{
    for (uint32_t k = 0; k < g->nkeys; k++) {
        if ((int)k == g->q->window_key)
            continue;
        size_t used = ss_key_check(p, n, g->q->keys[k]->type);
        if (!used)
            return false;
        p += used;
        n -= used;
    }
    return n == 0;
}

bool ss_groupwin_restore(ss_groupwin *g, const void *key, size_t klen, const void *val, size_t vlen, char *msg,
                         size_t msglen)
{
    const unsigned char *k = key;
    if (klen == 1 && k[0] == ITEM_META)
        return restore_meta(g, val, vlen, msg, msglen);
    if (klen != 9 || k[0] != ITEM_ENTRY)
        return fail(msg, msglen, "unknown group window item (key of %llu bytes)", klen);
    if (!g->restored_meta)
        return fail(msg, msglen, "group before the group window meta item (%llu groups)", g->ngroups);
    uint64_t seq = 0;
    for (int i = 0; i < 8; i++)
        seq = seq << 8 | k[1 + i];
    if (seq <= g->restored_seq || seq == UINT64_MAX)
        return fail(msg, msglen, "group %llu out of order", seq);
    g->restored_seq = seq;

    const ss_query *q = g->q;
    ss_reader r = ss_reader_of(val, vlen);
    uint64_t in_table = ss_get_u64(&r);
    int64_t start = ss_get_i64(&r);
    int64_t last = g->kind == SS_WIN_SESSION ? ss_get_i64(&r) : start;
    uint64_t osrc = ss_get_u64(&r), opart = ss_get_u64(&r);
    size_t keylen;
    const unsigned char *kb = ss_get_bytes(&r, &keylen);
    bool listed = g->kind == SS_WIN_SESSION || g->kind == SS_WIN_STAGGER;
    if (r.bad || in_table > 1 || (!listed && !in_table) || osrc > UINT16_MAX || opart > UINT32_MAX ||
        keylen > UINT32_MAX || start < -TIME_LIMIT || start > TIME_LIMIT || last < start || last > TIME_LIMIT)
        return fail(msg, msglen, "garbled group %llu", seq);
    if (!keys_valid(g, kb, keylen))
        return fail(msg, msglen, "garbled key of group %llu", seq);

    /* The entry joins its list now and its table in ss_groupwin_restored,
     * all at once: probing a table of a million entries item by item costs
     * a cache miss each, which a bulk build hides by prefetching. */
    uint64_t h = ss_hash_bytes(kb, keylen, 0);
    ss_origin origin = ss_origin_none();
    origin.source = (uint16_t)osrc;
    origin.part = (uint32_t)opart;
    uint32_t i;
    if (listed) {
        i = new_entry(g, start, kb, (uint32_t)keylen, h, origin);
        list_append(g, i);
        g->ht.n += (uint32_t)in_table;
    } else {
        int64_t end = start + q->size_ms;
        bool aligned = g->kind == SS_WIN_TUMBLE ? tumble_start(q, start, &end) == start
                                                : ss_time_floor_ms(start, q->slide_ms) == start;
        if (!aligned)
            return fail(msg, msglen, "group %llu: its start is no window's", seq);
        slot *sl = slot_for(g, start, end);
        i = new_entry(g, start, kb, (uint32_t)keylen, h, origin);
        slot_append(g, sl, i);
        sl->ht.n++;
    }
    entry *e = E(g, i);
    e->seq = seq;
    e->in_table = (uint8_t)in_table;
    if (g->kind == SS_WIN_SESSION)
        *session_last(e) = last;
    for (uint32_t a = 0; a < g->naggs; a++)
        if (!ss_agg_load(&q->aggs[a], ACC(g, e, a), &r))
            return fail(msg, msglen, "garbled aggregate of group %llu", seq);
    if (!ss_reader_done(&r))
        return fail(msg, msglen, "garbled group %llu (bytes left over)", seq);
    e->ckpt = CK_SAVED;
    return true;
}

/* Allocates a table for the t->n entries waiting for it, as large as
 * adding them one by one would have made it. */
static void ht_presize(ss_groupwin *g, htab *t)
{
    uint32_t n = t->n, cap = 16;
    if (!n)
        return;
    while ((uint64_t)n * 2 > cap)
        cap *= 2;
    t->b = ht_buckets(g, cap);
    t->mask = cap - 1;
    t->n = 0;
}

/* The table a restored entry belongs in, or NULL; *hint caches the slot
 * found last (the entries of a window come in runs). */
static htab *table_of(ss_groupwin *g, const entry *e, uint32_t *hint)
{
    if (g->kind == SS_WIN_SESSION || g->kind == SS_WIN_STAGGER)
        return e->in_table ? &g->ht : NULL;
    for (uint32_t s = g->slot_first; g->slots[*hint].start != e->start && s < g->nslots; s++)
        *hint = s; /* every restored entry made its slot, so one matches */
    return &g->slots[*hint].ht;
}

#define FILL_AHEAD 16

/* Puts every restored entry into its table. Restoring filled the pool in
 * order from index 1 (into a fresh operator: nothing was ever freed), so it
 * is read in order, entries and their random buckets fetched ahead by hand;
 * item by item, each insert had waited for a cache miss or two. Returns the
 * first entry whose window and key are there already (a garbled
 * checkpoint), else NIL. */
static uint32_t ht_fill_restored(ss_groupwin *g)
{
    uint32_t hint = g->slot_first, ahint = g->slot_first;
    for (uint32_t i = 1; i < g->pool_used; i++) {
        if (i + 2 * FILL_AHEAD < g->pool_used)
            __builtin_prefetch(E(g, i + 2 * FILL_AHEAD));
        if (i + FILL_AHEAD < g->pool_used) {
            const entry *a = E(g, i + FILL_AHEAD);
            const htab *at = table_of(g, a, &ahint);
            if (at)
                __builtin_prefetch(&at->b[(uint32_t)a->hash & at->mask], 1);
        }
        entry *e = E(g, i);
        htab *t = table_of(g, e, &hint);
        if (!t)
            continue;
        uint64_t tag = tag_of(e->hash);
        uint32_t j = (uint32_t)e->hash & t->mask;
        for (uint64_t b; (b = t->b[j]) != 0; j = (j + 1) & t->mask)
            if (tag_of(b) == tag && same_key(E(g, (uint32_t)b), key_of(e), e->keylen))
                return i;
        t->b[j] = tag | i;
        t->n++;
    }
    return NIL;
}

bool ss_groupwin_restored(ss_groupwin *g, char *msg, size_t msglen)
{
    if (!g->restored_meta)
        return true; /* nothing was saved: the operator starts empty */
    for (uint32_t s = g->slot_first; s < g->nslots; s++)
        ht_presize(g, &g->slots[s].ht);
    ht_presize(g, &g->ht);
    uint32_t twice = ht_fill_restored(g);
    if (twice)
        return fail(msg, msglen, "group %llu: its window and key twice", E(g, twice)->seq);
    /* Saved seqs are all that the namespace holds: new ones go above them. */
    g->next_seq = g->restored_seq + 1;
    if (g->saved_peak > g->peak)
        g->peak = g->saved_peak;
    g->tracking = true;
    return true;
}
