/* GROUP BY aggregate accumulators and the canonical key encoding; see agg.h.
 * Integer and DECIMAL sums are exact (128-bit); float sums add in processing
 * order, so a result is reproducible run after run. */
#include "exec/agg.h"
#include "util/hash.h"
#include "util/mem.h"
#include "util/numconv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A kept value: strings are copied, since rows do not outlive their batch. */
typedef struct kept {
    ss_value v;
    uint8_t has;
} kept;

/* DISTINCT: the set of encoded values seen, open addressing on hashes. */
typedef struct dset {
    uint64_t *hashes; /* 0 = empty slot */
    uint32_t *offs;   /* offset of the value's encoding in bytes */
    uint32_t cap, n;
    unsigned char *bytes;
    size_t blen, bcap;
} dset;

typedef struct st_count {
    int64_t n;
} st_count;
typedef struct st_sum {
    __int128 isum; /* integers and DECIMAL, exact */
    double dsum;
    int64_t n;     /* non-NULL values */
} st_sum;
typedef struct st_var {
    double mean, m2; /* Welford */
    int64_t n;
} st_var;

/* Every state may be followed by a DISTINCT set pointer. */
static uint32_t base_size(const ss_agg *a)
{
    switch (a->fn) {
    case SS_F_COUNT: return sizeof(st_count);
    case SS_F_SUM:
    case SS_F_AVG: return sizeof(st_sum);
    case SS_F_MIN:
    case SS_F_MAX:
    case SS_F_FIRST_VALUE:
    case SS_F_LAST_VALUE: return sizeof(kept);
    default: return sizeof(st_var);
    }
}

uint32_t ss_agg_state_align(const ss_agg *a)
{
    return a->fn == SS_F_SUM || a->fn == SS_F_AVG ? 16 : 8;
}

uint32_t ss_agg_state_size(const ss_agg *a)
{
    uint32_t al = ss_agg_state_align(a);
    uint32_t n = ((base_size(a) + al - 1) & ~(al - 1)) + (a->distinct ? (uint32_t)sizeof(dset *) : 0);
    return (n + al - 1) & ~(al - 1);
}

static dset **dset_slot(const ss_agg *a, void *state)
{
    uint32_t al = ss_agg_state_align(a);
    return (dset **)((char *)state + ((base_size(a) + al - 1) & ~(al - 1)));
}

void ss_agg_init(const ss_agg *a, void *state)
{
    memset(state, 0, ss_agg_state_size(a));
}

/* Inserts the encoding of v; true when it was not there yet. */
static bool dset_insert(dset *s, ss_value v, ss_type t)
{
    unsigned char buf[64];
    size_t need = ss_key_size(v);
    unsigned char *enc = need <= sizeof buf ? buf : ss_xmalloc(need);
    size_t n = ss_key_encode(v, t, enc);
    uint64_t h = ss_hash_bytes(enc, n, 7) | 1;
    if ((s->n + 1) * 2 > s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 16;
        uint64_t *hs = ss_xcalloc(cap, sizeof *hs);
        uint32_t *os = ss_xcalloc(cap, sizeof *os);
        for (uint32_t i = 0; i < s->cap; i++) {
            if (!s->hashes[i])
                continue;
            uint32_t j = (uint32_t)s->hashes[i] & (cap - 1);
            while (hs[j])
                j = (j + 1) & (cap - 1);
            hs[j] = s->hashes[i];
            os[j] = s->offs[i];
        }
        free(s->hashes);
        free(s->offs);
        s->hashes = hs;
        s->offs = os;
        s->cap = cap;
    }
    uint32_t j = (uint32_t)h & (s->cap - 1);
    bool fresh = true;
    while (s->hashes[j]) {
        if (s->hashes[j] == h) {
            uint32_t len;
            memcpy(&len, s->bytes + s->offs[j], 4);
            if (len == n && memcmp(s->bytes + s->offs[j] + 4, enc, n) == 0) {
                fresh = false;
                break;
            }
        }
        j = (j + 1) & (s->cap - 1);
    }
    if (fresh) {
        SS_GROW(s->bytes, s->bcap, s->blen + 4 + n);
        uint32_t len = (uint32_t)n;
        memcpy(s->bytes + s->blen, &len, 4);
        memcpy(s->bytes + s->blen + 4, enc, n);
        s->hashes[j] = h;
        s->offs[j] = (uint32_t)s->blen;
        s->blen += 4 + n;
        s->n++;
    }
    if (enc != buf)
        free(enc);
    return fresh;
}

static void keep(kept *k, ss_value v, ss_type t)
{
    if (ss_type_is_string(t) && k->has && !k->v.null)
        free((void *)k->v.s);
    k->v = v;
    k->has = 1;
    if (ss_type_is_string(t) && !v.null)
        k->v.s = ss_xstrndup(v.s, v.len);
}

bool ss_agg_add(const ss_agg *a, void *state, ss_value v, char *msg)
{
    ss_type t = a->arg ? a->arg->type : ss_type_make(SS_T_BIGINT);
    if (a->star) {
        ((st_count *)state)->n++;
        return true;
    }
    if (a->fn == SS_F_FIRST_VALUE || a->fn == SS_F_LAST_VALUE) {
        kept *k = state;
        if (a->fn == SS_F_LAST_VALUE || !k->has)
            keep(k, v, t); /* NULLs count: the first/last row's value (RESPECT NULLS) */
        return true;
    }
    if (v.null)
        return true;
    if (a->distinct) {
        dset **ds = dset_slot(a, state);
        if (!*ds)
            *ds = ss_xcalloc(1, sizeof(dset));
        if (!dset_insert(*ds, v, t))
            return true;
    }
    switch (a->fn) {
    case SS_F_COUNT:
        ((st_count *)state)->n++;
        return true;
    case SS_F_SUM:
    case SS_F_AVG: {
        st_sum *s = state;
        s->n++;
        if (ss_type_is_approx(t)) {
            s->dsum += v.d;
        } else {
            s->isum += v.i;
            if (a->fn == SS_F_SUM && (s->isum > INT64_MAX || s->isum < INT64_MIN)) {
                snprintf(msg, 128, "SUM overflows BIGINT");
                return false;
            }
        }
        return true;
    }
    case SS_F_MIN:
    case SS_F_MAX: {
        kept *k = state;
        int c = k->has ? ss_value_cmp(v, k->v, t) : 0;
        if (!k->has || (a->fn == SS_F_MIN ? c < 0 : c > 0))
            keep(k, v, t);
        return true;
    }
    default: {
        st_var *s = state;
        double x = ss_type_is_approx(t) ? v.d
                   : t.kind == SS_T_DECIMAL ? ss_num_dec_to_double(v.i, t.scale)
                                            : (double)v.i;
        s->n++;
        double d = x - s->mean;
        s->mean += d / (double)s->n;
        s->m2 += d * (x - s->mean);
        return true;
    }
    }
}

bool ss_agg_would_overflow(const ss_agg *a, const void *state, ss_value v)
{
    if (a->fn != SS_F_SUM || v.null || a->distinct || ss_type_is_approx(a->arg->type))
        return false;
    __int128 next = ((const st_sum *)state)->isum + v.i;
    return next > INT64_MAX || next < INT64_MIN;
}

/* Specialised adders for the common cases; everything else takes the
 * general path above. */
static bool add_count_star(const ss_agg *a, void *state, ss_value v, char *msg)
{
    (void)a, (void)v, (void)msg;
    ((st_count *)state)->n++;
    return true;
}

static bool add_count(const ss_agg *a, void *state, ss_value v, char *msg)
{
    (void)a, (void)msg;
    ((st_count *)state)->n += !v.null;
    return true;
}

static bool add_sum_dbl(const ss_agg *a, void *state, ss_value v, char *msg)
{
    (void)a, (void)msg;
    if (!v.null) {
        st_sum *s = state;
        s->n++;
        s->dsum += v.d;
    }
    return true;
}

static bool add_min_dbl(const ss_agg *a, void *state, ss_value v, char *msg)
{
    (void)a, (void)msg;
    kept *k = state;
    if (!v.null && (!k->has || v.d < k->v.d || (isnan(k->v.d) && !isnan(v.d)))) {
        k->v = v;
        k->has = 1;
    }
    return true;
}

static bool add_max_dbl(const ss_agg *a, void *state, ss_value v, char *msg)
{
    (void)a, (void)msg;
    kept *k = state;
    if (!v.null && (!k->has || v.d > k->v.d || (isnan(v.d) && !isnan(k->v.d)))) {
        k->v = v;
        k->has = 1;
    }
    return true;
}

static bool add_min_int(const ss_agg *a, void *state, ss_value v, char *msg)
{
    (void)a, (void)msg;
    kept *k = state;
    if (!v.null && (!k->has || v.i < k->v.i)) {
        k->v = v;
        k->has = 1;
    }
    return true;
}

static bool add_max_int(const ss_agg *a, void *state, ss_value v, char *msg)
{
    (void)a, (void)msg;
    kept *k = state;
    if (!v.null && (!k->has || v.i > k->v.i)) {
        k->v = v;
        k->has = 1;
    }
    return true;
}

ss_agg_adder ss_agg_adder_for(const ss_agg *a)
{
    if (a->star)
        return add_count_star;
    if (a->distinct)
        return ss_agg_add;
    ss_type t = a->arg->type;
    bool approx = ss_type_is_approx(t);
    bool ordered_int = !approx && !ss_type_is_string(t) && t.kind != SS_T_NULL;
    switch (a->fn) {
    case SS_F_COUNT: return add_count;
    case SS_F_SUM:
    case SS_F_AVG: return approx ? add_sum_dbl : ss_agg_add;
    case SS_F_MIN: return approx ? add_min_dbl : ordered_int ? add_min_int : ss_agg_add;
    case SS_F_MAX: return approx ? add_max_dbl : ordered_int ? add_max_int : ss_agg_add;
    default: return ss_agg_add;
    }
}

void ss_agg_result(const ss_agg *a, const void *state, ss_value *out)
{
    ss_type t = a->arg ? a->arg->type : ss_type_make(SS_T_BIGINT);
    switch (a->fn) {
    case SS_F_COUNT:
        *out = ss_int(((const st_count *)state)->n);
        return;
    case SS_F_SUM:
    case SS_F_AVG: {
        const st_sum *s = state;
        if (!s->n) {
            *out = ss_null();
            return;
        }
        if (ss_type_is_approx(t)) {
            double r = a->fn == SS_F_SUM ? s->dsum : s->dsum / (double)s->n;
            *out = ss_dbl(a->type.kind == SS_T_REAL ? ss_real(r) : r);
            return;
        }
        if (a->fn == SS_F_SUM) {
            *out = ss_int((int64_t)s->isum);
            return;
        }
        /* AVG keeps the argument's type: integers truncate toward zero (KDA),
         * DECIMAL rounds half away from zero at its scale. */
        __int128 q = s->isum / s->n, r = s->isum % s->n;
        if (t.kind == SS_T_DECIMAL) {
            if (r * 2 >= s->n)
                q++;
            else if (r * 2 <= -s->n)
                q--;
        }
        *out = ss_int((int64_t)q);
        return;
    }
    case SS_F_MIN:
    case SS_F_MAX:
    case SS_F_FIRST_VALUE:
    case SS_F_LAST_VALUE: {
        const kept *k = state;
        *out = k->has ? k->v : ss_null();
        return;
    }
    default: {
        const st_var *s = state;
        bool samp = a->fn == SS_F_STDDEV_SAMP || a->fn == SS_F_VAR_SAMP;
        if (s->n == 0 || (samp && s->n < 2)) {
            *out = ss_null();
            return;
        }
        double var = s->m2 / (double)(samp ? s->n - 1 : s->n);
        if (var < 0)
            var = 0;
        bool sd = a->fn == SS_F_STDDEV_POP || a->fn == SS_F_STDDEV_SAMP;
        *out = ss_dbl(sd ? sqrt(var) : var);
        return;
    }
    }
}

void ss_agg_release(const ss_agg *a, void *state)
{
    ss_type t = a->arg ? a->arg->type : ss_type_make(SS_T_BIGINT);
    if ((a->fn == SS_F_MIN || a->fn == SS_F_MAX || a->fn == SS_F_FIRST_VALUE || a->fn == SS_F_LAST_VALUE) &&
        ss_type_is_string(t)) {
        kept *k = state;
        if (k->has && !k->v.null)
            free((void *)k->v.s);
        k->has = 0;
    }
    if (a->distinct) {
        dset **ds = dset_slot(a, state);
        if (*ds) {
            free((*ds)->hashes);
            free((*ds)->offs);
            free((*ds)->bytes);
            free(*ds);
            *ds = NULL;
        }
    }
}

static bool keeps_value(const ss_agg *a)
{
    return a->fn == SS_F_MIN || a->fn == SS_F_MAX || a->fn == SS_F_FIRST_VALUE || a->fn == SS_F_LAST_VALUE;
}

/* The low half goes as a signed word so that small negative sums stay short. */
static void put_i128(ss_buf *out, __int128 v)
{
    ss_put_i64(out, (int64_t)(uint64_t)v);
    ss_put_i64(out, (int64_t)(v >> 64));
}

static __int128 get_i128(ss_reader *r)
{
    uint64_t lo = (uint64_t)ss_get_i64(r);
    int64_t hi = ss_get_i64(r);
    return (__int128)((unsigned __int128)(uint64_t)hi << 64 | lo);
}

void ss_agg_save(const ss_agg *a, const void *state, ss_buf *out)
{
    ss_type t = a->arg ? a->arg->type : ss_type_make(SS_T_BIGINT);
    if (a->fn == SS_F_COUNT) {
        ss_put_i64(out, ((const st_count *)state)->n);
    } else if (a->fn == SS_F_SUM || a->fn == SS_F_AVG) {
        const st_sum *s = state;
        put_i128(out, s->isum);
        ss_put_double(out, s->dsum);
        ss_put_i64(out, s->n);
    } else if (keeps_value(a)) {
        const kept *k = state;
        ss_put_u64(out, (uint64_t)k->has | (uint64_t)k->v.null << 1);
        if (k->has && ss_type_is_string(t)) {
            if (!k->v.null)
                ss_put_bytes(out, k->v.s, k->v.len);
        } else if (k->has) {
            ss_put_word(out, (uint64_t)k->v.i);
        }
    } else {
        const st_var *s = state;
        ss_put_double(out, s->mean);
        ss_put_double(out, s->m2);
        ss_put_i64(out, s->n);
    }
    if (!a->distinct)
        return;
    /* The set's encodings, in the order they came (how its bytes are kept). */
    const dset *ds = *dset_slot(a, (void *)state);
    ss_put_u64(out, ds ? ds->n : 0);
    for (size_t off = 0; ds && off < ds->blen;) {
        uint32_t len;
        memcpy(&len, ds->bytes + off, 4);
        ss_put_bytes(out, ds->bytes + off + 4, len);
        off += 4 + (size_t)len;
    }
}

bool ss_agg_load(const ss_agg *a, void *state, ss_reader *r)
{
    ss_type t = a->arg ? a->arg->type : ss_type_make(SS_T_BIGINT);
    if (a->fn == SS_F_COUNT) {
        ((st_count *)state)->n = ss_get_i64(r);
    } else if (a->fn == SS_F_SUM || a->fn == SS_F_AVG) {
        st_sum *s = state;
        s->isum = get_i128(r);
        s->dsum = ss_get_double(r);
        s->n = ss_get_i64(r);
    } else if (keeps_value(a)) {
        kept *k = state;
        uint64_t flags = ss_get_u64(r);
        if (flags > 3 || flags == 2)
            return false;
        if (flags & 1) {
            k->v = (flags & 2) ? ss_null() : ss_int(0);
            if (ss_type_is_string(t)) {
                if (!k->v.null) {
                    size_t n;
                    const void *p = ss_get_bytes(r, &n);
                    if (!p || n > UINT32_MAX)
                        return false;
                    k->v = ss_str(ss_xstrndup(p, n), (uint32_t)n);
                }
            } else {
                k->v.i = (int64_t)ss_get_word(r);
            }
            k->has = 1;
        }
    } else {
        st_var *s = state;
        s->mean = ss_get_double(r);
        s->m2 = ss_get_double(r);
        s->n = ss_get_i64(r);
    }
    if (r->bad)
        return false;
    /* Counts and sums a stream can reach, so that going on from garbage
     * cannot overflow (or divide INT128_MIN by -1). */
    const int64_t count_limit = (int64_t)1 << 62;
    const __int128 sum_limit = (__int128)1 << 126;
    if (!keeps_value(a)) {
        int64_t count = a->fn == SS_F_COUNT ? ((st_count *)state)->n
                        : a->fn == SS_F_SUM || a->fn == SS_F_AVG ? ((st_sum *)state)->n
                                                                 : ((st_var *)state)->n;
        if (count < 0 || count >= count_limit)
            return false;
    }
    if ((a->fn == SS_F_SUM || a->fn == SS_F_AVG) &&
        (((st_sum *)state)->isum > sum_limit || ((st_sum *)state)->isum < -sum_limit))
        return false;
    if (!a->distinct)
        return true;
    uint64_t n = ss_get_u64(r);
    /* Each encoding takes at least two bytes: a bound before allocating. */
    if (r->bad || n > (uint64_t)(r->end - r->p) / 2)
        return false;
    dset **ds = dset_slot(a, state);
    for (uint64_t i = 0; i < n; i++) {
        size_t len;
        const unsigned char *enc = ss_get_bytes(r, &len);
        ss_value v;
        if (!enc || ss_key_check(enc, len, t) != len)
            return false;
        ss_key_decode(enc, t, &v);
        if (!*ds)
            *ds = ss_xcalloc(1, sizeof(dset));
        if (!dset_insert(*ds, v, t)) /* a value twice: not a set we wrote */
            return false;
    }
    return true;
}

size_t ss_key_check(const unsigned char *p, size_t n, ss_type t)
{
    if (n < 1 || p[0] > 1)
        return 0;
    if (p[0] == 0)
        return 1;
    if (ss_type_is_string(t)) {
        uint32_t len;
        if (n < 5)
            return 0;
        memcpy(&len, p + 1, 4);
        return n - 5 >= len ? 5 + (size_t)len : 0;
    }
    return n >= 9 ? 9 : 0;
}

size_t ss_key_encode(ss_value v, ss_type t, unsigned char *out)
{
    if (v.null) {
        out[0] = 0;
        return 1;
    }
    out[0] = 1;
    if (ss_type_is_string(t)) {
        memcpy(out + 1, &v.len, 4);
        memcpy(out + 5, v.s, v.len);
        return 5 + v.len;
    }
    uint64_t bits;
    if (ss_type_is_approx(t)) {
        double d = v.d == 0 ? 0.0 : v.d; /* -0 groups with 0 */
        if (isnan(d))
            d = NAN;
        memcpy(&bits, &d, 8);
    } else {
        memcpy(&bits, &v.i, 8);
    }
    memcpy(out + 1, &bits, 8);
    return 9;
}

size_t ss_key_decode(const unsigned char *p, ss_type t, ss_value *out)
{
    if (p[0] == 0) {
        *out = ss_null();
        return 1;
    }
    if (ss_type_is_string(t)) {
        uint32_t len;
        memcpy(&len, p + 1, 4);
        *out = ss_str((const char *)p + 5, len);
        return 5 + len;
    }
    *out = ss_int(0);
    memcpy(&out->i, p + 1, 8);
    return 9;
}
