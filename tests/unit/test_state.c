/* Unit tests for the operators' checkpoint state (exec/state.h): GROUP BY
 * windows, sliding windows and the row buffer, saved and restored. Each test
 * runs a deterministic pseudo-random input through an operator that is never
 * interrupted, then again through one that saves (one full save, then
 * incremental ones applied to an in-memory key/value map) and is replaced at
 * several points by a new operator restored from that map; every output row
 * must be the same, bit for bit. Garbled items must be refused with a
 * message, and an incremental save must write only what changed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/groupwin.h"
#include "exec/rowbuf.h"
#include "exec/sliding.h"
#include "exec/state.h"
#include "sql/analyze.h"
#include "util/buf.h"

#include "compile_app.h"

/* Columns of S. */
enum { C_K, C_X, C_B, C_D, C_S, C_M, NC };
#define STREAM_S                                                                                   \
    "CREATE STREAM S (k VARCHAR(64), x INTEGER, b BIGINT, d DOUBLE, s VARCHAR(64), "              \
    "m DECIMAL(10,2)) WITH (FILE = '-');\n"

/* ---- the in-memory namespace ---------------------------------------------- */

typedef struct item {
    unsigned char *k, *v;
    size_t kn, vn;
} item;

/* Items sorted by memcmp of their keys, as the checkpoint store returns them. */
typedef struct kvmap {
    item *it;
    size_t n, cap;
    size_t puts, dels;
} kvmap;

static int key_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

static size_t kv_find(const kvmap *m, const void *k, size_t kn, bool *found)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = key_cmp(m->it[mid].k, m->it[mid].kn, k, kn);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

static unsigned char *dup_bytes(const void *p, size_t n)
{
    unsigned char *d = malloc(n ? n : 1);
    assert_non_null(d);
    if (n)
        memcpy(d, p, n);
    return d;
}

static void kv_put(void *ctx, const void *k, size_t kn, const void *v, size_t vn)
{
    kvmap *m = ctx;
    bool found;
    size_t at = kv_find(m, k, kn, &found);
    m->puts++;
    if (found) {
        free(m->it[at].v);
    } else {
        if (m->n == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 64;
            m->it = realloc(m->it, m->cap * sizeof *m->it);
            assert_non_null(m->it);
        }
        memmove(m->it + at + 1, m->it + at, (m->n - at) * sizeof *m->it);
        m->n++;
        m->it[at].k = dup_bytes(k, kn);
        m->it[at].kn = kn;
    }
    m->it[at].v = dup_bytes(v, vn);
    m->it[at].vn = vn;
}

/* Deleting an item the namespace does not hold means the operator's
 * bookkeeping is off: a failure. */
static void kv_del(void *ctx, const void *k, size_t kn)
{
    kvmap *m = ctx;
    bool found;
    size_t at = kv_find(m, k, kn, &found);
    if (!found)
        fail_msg("delete of an item that is not there (key of %zu bytes)", kn);
    m->dels++;
    free(m->it[at].k);
    free(m->it[at].v);
    memmove(m->it + at, m->it + at + 1, (m->n - at - 1) * sizeof *m->it);
    m->n--;
}

static void kv_clear(kvmap *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->it[i].k);
        free(m->it[i].v);
    }
    m->n = 0;
    m->puts = m->dels = 0;
}

static void kv_free(kvmap *m)
{
    kv_clear(m);
    free(m->it);
    m->it = NULL;
    m->cap = 0;
}

static ss_state_out kv_out(kvmap *m)
{
    ss_state_out out = {kv_put, kv_del, m};
    return out;
}

static void assert_maps_equal(const kvmap *a, const kvmap *b, const char *what)
{
    if (a->n != b->n)
        fail_msg("%s: %zu items, a full save writes %zu", what, a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        if (key_cmp(a->it[i].k, a->it[i].kn, b->it[i].k, b->it[i].kn) != 0)
            fail_msg("%s: item %zu has another key than a full save's", what, i);
        if (a->it[i].vn != b->it[i].vn || memcmp(a->it[i].v, b->it[i].v, a->it[i].vn) != 0)
            fail_msg("%s: item %zu holds other bytes than a full save's", what, i);
    }
}

/* ---- input ------------------------------------------------------------------ */

typedef struct input {
    int64_t t;
    ss_value v[NC];
    ss_origin o;
    char kbuf[48], sbuf[40];
} input;

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const char *const KEYS[] = {
    "alpha", "beta", "gamma", "delta", "a key long enough not to fit inline in an entry", "", "zeta", "eta",
    "theta", "iota", "kappa", "lambda",
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

/* n rows: a few hot keys and rarer ones (so sessions close), ties in ROWTIME,
 * occasional quiet spells, NULLs, strings of every length, doubles of wildly
 * different magnitudes, runs of one value, and the odd NaN, infinity and -0. */
static input *make_input(size_t n, uint64_t seed)
{
    input *in = calloc(n, sizeof *in);
    assert_non_null(in);
    rng_state = seed;
    int64_t t = 1700000000000LL;
    double last_d[NKEYS] = {0};
    for (size_t r = 0; r < n; r++) {
        input *row = &in[r];
        uint64_t u = rnd();
        t += u % 100 < 8 ? 0 : (int64_t)(u % 400);
        if (u % 997 == 0)
            t += 45000;
        row->t = t;
        uint32_t key = rnd() % 100 < 70 ? (uint32_t)(rnd() % 4) : (uint32_t)(rnd() % NKEYS);
        if (rnd() % 50 == 0) {
            row->v[C_K] = ss_null();
        } else {
            snprintf(row->kbuf, sizeof row->kbuf, "%s", KEYS[key]);
            row->v[C_K] = ss_str(row->kbuf, (uint32_t)strlen(row->kbuf));
        }
        row->v[C_X] = rnd() % 20 == 0 ? ss_null() : ss_int((int64_t)(rnd() % 2001) - 1000);
        row->v[C_B] = ss_int((int64_t)(rnd() % 7));
        uint64_t dk = rnd() % 1000;
        double d = ((double)(rnd() % 2000001) - 1000000.0) / 7.0;
        if (dk < 10)
            d = 1e18 * (dk % 2 ? 1 : -1);
        else if (dk < 13)
            d = NAN;
        else if (dk < 15)
            d = INFINITY;
        else if (dk < 20)
            d = -0.0;
        if (dk >= 700 && dk < 850)
            d = last_d[key]; /* runs of equal values: a variance of exactly 0 */
        last_d[key] = d;
        row->v[C_D] = dk >= 990 ? ss_null() : ss_dbl(d);
        if (rnd() % 25 == 0) {
            row->v[C_S] = ss_null();
        } else {
            uint32_t len = (uint32_t)(rnd() % 31);
            for (uint32_t i = 0; i < len; i++)
                row->sbuf[i] = (char)('a' + rnd() % 6);
            row->v[C_S] = ss_str(row->sbuf, len);
        }
        row->v[C_M] = rnd() % 20 == 0 ? ss_null() : ss_int((int64_t)(rnd() % 200001) - 100000);
        row->o = ss_origin_none();
        row->o.source = 0;
        row->o.part = key % 3;
        row->o.offset = r + 1;
    }
    return in;
}

/* The row's values with their strings in a scratch buffer that is scribbled
 * over once the operator has had them: nothing may keep pointing into it. */
typedef struct scratch {
    ss_value v[NC];
    char buf[128];
} scratch;

static void scratch_fill(scratch *sc, const input *row)
{
    size_t at = 0;
    for (int c = 0; c < NC; c++) {
        sc->v[c] = row->v[c];
        if ((c == C_K || c == C_S) && !row->v[c].null) {
            memcpy(sc->buf + at, row->v[c].s, row->v[c].len);
            sc->v[c].s = sc->buf + at;
            at += row->v[c].len;
        }
    }
}

static void scratch_scribble(scratch *sc)
{
    memset(sc->buf, 0x5A, sizeof sc->buf);
}

/* ---- output logs: every value as bytes, doubles by their bits ---------------- */

static void log_bytes(ss_buf *log, const void *p, size_t n)
{
    ss_buf_append(log, n ? p : "", n);
}

static void log_value(ss_buf *log, ss_value v, ss_type t)
{
    ss_buf_putc(log, v.null ? 'N' : 'V');
    if (v.null)
        return;
    if (ss_type_is_string(t)) {
        log_bytes(log, &v.len, sizeof v.len);
        log_bytes(log, v.s, v.len);
    } else {
        log_bytes(log, &v.i, sizeof v.i);
    }
}

/* ---- operators under test, behind one interface ---------------------------- */

typedef struct run run;

/* The watermark trails the rows, so that windows that are over but not yet
 * emitted (a session a later row did not fit) are part of what is saved. */
#define WM_LAG 3000

typedef struct opkind {
    const char *name;
    void *(*make)(const ss_query *q);
    void (*destroy)(void *op);
    void (*feed)(run *r, const input *row);
    void (*finish)(run *r);
    void (*drop)(void *op, uint16_t source, uint32_t part);
    void (*save)(void *op, const ss_state_out *out, bool full);
    bool (*restore)(void *op, const void *k, size_t kn, const void *v, size_t vn, char *msg, size_t msglen);
    bool (*restored)(void *op, char *msg, size_t msglen);
} opkind;

struct run {
    const opkind *kind;
    const ss_query *q;
    void *op;
    ss_buf log;
    scratch sc;
};

static void gw_emit(void *ctx, ss_value *row, int64_t start, int64_t end, ss_origin origin)
{
    run *r = ctx;
    const ss_query *q = r->q;
    log_bytes(&r->log, &start, 8);
    log_bytes(&r->log, &end, 8);
    log_bytes(&r->log, &origin.source, sizeof origin.source);
    log_bytes(&r->log, &origin.part, sizeof origin.part);
    for (uint32_t k = 0; k < q->nkeys; k++)
        log_value(&r->log, row[k], q->keys[k]->type);
    for (uint32_t a = 0; a < q->naggs; a++)
        log_value(&r->log, row[q->nkeys + a], q->aggs[a].type);
}

static void *gw_make(const ss_query *q)
{
    return ss_groupwin_new(q);
}

static void gw_destroy(void *op)
{
    ss_groupwin_free(op);
}

static void gw_feed(run *r, const input *row)
{
    const ss_query *q = r->q;
    ss_value keys[8], args[32];
    assert_true(q->nkeys <= 8 && q->naggs <= 32);
    scratch_fill(&r->sc, row);
    for (uint32_t k = 0; k < q->nkeys; k++)
        keys[k] = (int)k == q->window_key ? ss_null() : r->sc.v[q->keys[k]->slot];
    for (uint32_t a = 0; a < q->naggs; a++)
        args[a] = q->aggs[a].arg ? r->sc.v[q->aggs[a].arg->slot] : ss_int(0);
    char msg[160];
    if (!ss_groupwin_add(r->op, row->t, keys, args, row->o, msg))
        fail_msg("add: %s", msg);
    scratch_scribble(&r->sc);
    ss_groupwin_advance(r->op, row->t - WM_LAG, gw_emit, r);
}

static void gw_finish(run *r)
{
    ss_groupwin_advance(r->op, INT64_MAX, gw_emit, r);
}

static void gw_drop(void *op, uint16_t source, uint32_t part)
{
    ss_groupwin_drop_origin(op, source, part);
}

static void gw_save(void *op, const ss_state_out *out, bool full)
{
    ss_groupwin_save(op, out, full);
}

static bool gw_restore(void *op, const void *k, size_t kn, const void *v, size_t vn, char *msg, size_t msglen)
{
    return ss_groupwin_restore(op, k, kn, v, vn, msg, msglen);
}

static bool gw_restored(void *op, char *msg, size_t msglen)
{
    return ss_groupwin_restored(op, msg, msglen);
}

static const opkind GROUPWIN = {"groupwin", gw_make,    gw_destroy, gw_feed,    gw_finish,
                                gw_drop,    gw_save,    gw_restore, gw_restored};

static void *sl_make(const ss_query *q)
{
    return ss_sliding_new(q, 0);
}

static void sl_destroy(void *op)
{
    ss_sliding_free(op);
}

static void sl_feed(run *r, const input *row)
{
    const ss_query *q = r->q;
    const ss_over *o = &q->overs[0];
    ss_value parts[4], args[32], res[32];
    assert_true(o->npartition <= 4 && q->naggs <= 32);
    scratch_fill(&r->sc, row);
    for (uint32_t k = 0; k < o->npartition; k++)
        parts[k] = r->sc.v[o->partition[k]->slot];
    for (uint32_t a = 0; a < q->naggs; a++)
        args[a] = q->aggs[a].arg ? r->sc.v[q->aggs[a].arg->slot] : ss_int(0);
    char msg[160];
    if (!ss_sliding_add(r->op, row->t, parts, args, row->o, res, msg))
        fail_msg("add: %s", msg);
    scratch_scribble(&r->sc);
    for (uint32_t a = 0; a < q->naggs; a++)
        log_value(&r->log, res[a], q->aggs[a].type);
    ss_sliding_advance(r->op, row->t - WM_LAG);
}

static void sl_finish(run *r)
{
    (void)r;
}

static void sl_drop(void *op, uint16_t source, uint32_t part)
{
    ss_sliding_drop_origin(op, source, part);
}

static void sl_save(void *op, const ss_state_out *out, bool full)
{
    ss_sliding_save(op, out, full);
}

static bool sl_restore(void *op, const void *k, size_t kn, const void *v, size_t vn, char *msg, size_t msglen)
{
    return ss_sliding_restore(op, k, kn, v, vn, msg, msglen);
}

static bool sl_restored(void *op, char *msg, size_t msglen)
{
    return ss_sliding_restored(op, msg, msglen);
}

static const opkind SLIDING = {"sliding", sl_make,    sl_destroy, sl_feed,    sl_finish,
                               sl_drop,   sl_save,    sl_restore, sl_restored};

/* ---- fixtures (freed by the teardown when an assertion jumps out) ----------- */

typedef struct fixture {
    compiled *c;
    const ss_query *q;
    input *in;
    run a, b;
    kvmap map, full;
} fixture;

static fixture *open_fixture;

static fixture *fix_new(const char *select, const opkind *kind, size_t nrows, uint64_t seed)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    size_t n = strlen(STREAM_S) + strlen(select) + 1;
    char *sql = malloc(n);
    assert_non_null(sql);
    snprintf(sql, n, "%s%s", STREAM_S, select);
    f->c = compile_app(sql);
    free(sql);
    f->q = f->c->app->pumps[0]->q;
    /* Arguments and keys are plain columns: the feeders read them from the row. */
    for (uint32_t a = 0; a < f->q->naggs; a++)
        if (f->q->aggs[a].arg)
            assert_int_equal(f->q->aggs[a].arg->kind, SS_E_SLOT);
    if (kind == &GROUPWIN) {
        assert_int_not_equal(f->q->window, SS_WIN_NONE);
        for (uint32_t k = 0; k < f->q->nkeys; k++)
            if ((int)k != f->q->window_key)
                assert_int_equal(f->q->keys[k]->kind, SS_E_SLOT);
    } else {
        assert_int_equal(f->q->novers, 1);
        for (uint32_t k = 0; k < f->q->overs[0].npartition; k++)
            assert_int_equal(f->q->overs[0].partition[k]->kind, SS_E_SLOT);
    }
    f->in = nrows ? make_input(nrows, seed) : NULL;
    f->a.kind = f->b.kind = kind;
    f->a.q = f->b.q = f->q;
    f->a.op = kind->make(f->q);
    f->b.op = kind->make(f->q);
    open_fixture = f;
    return f;
}

static void fix_free(fixture *f)
{
    open_fixture = NULL;
    f->a.kind->destroy(f->a.op);
    f->b.kind->destroy(f->b.op);
    ss_buf_free(&f->a.log);
    ss_buf_free(&f->b.log);
    kv_free(&f->map);
    kv_free(&f->full);
    free(f->in);
    compiled_free(f->c);
    free(f);
}

static int teardown(void **state)
{
    (void)state;
    if (open_fixture)
        fix_free(open_fixture);
    return 0;
}

/* A new operator restored from the map, replacing r's. */
static void restore_into(run *r, const kvmap *m)
{
    void *op = r->kind->make(r->q);
    char msg[200] = "";
    for (size_t i = 0; i < m->n; i++)
        if (!r->kind->restore(op, m->it[i].k, m->it[i].kn, m->it[i].v, m->it[i].vn, msg, sizeof msg)) {
            r->kind->destroy(op);
            fail_msg("%s: item %zu of %zu does not restore: %s", r->kind->name, i, m->n, msg);
        }
    if (!r->kind->restored(op, msg, sizeof msg)) {
        r->kind->destroy(op);
        fail_msg("%s: restored: %s", r->kind->name, msg);
    }
    r->kind->destroy(r->op);
    r->op = op;
}

static void assert_logs_equal(const ss_buf *a, const ss_buf *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    for (size_t i = 0; i < n; i++)
        if (a->data[i] != b->data[i])
            fail_msg("outputs differ at byte %zu of %zu", i, a->len);
    if (a->len != b->len)
        fail_msg("outputs of %zu and %zu bytes", a->len, b->len);
}

#define NROWS 3000
#define SAVE_EVERY 250
#define DROP_AT (NROWS / 2)

/* Open groups or partitions: the same in both runs at every save. */
static uint64_t op_size(const run *r)
{
    if (r->kind == &SLIDING)
        return ss_sliding_partitions(r->op);
    ss_groupwin_stats st;
    ss_groupwin_stats_get(r->op, &st);
    return st.groups;
}

/* The input through f->a uninterrupted and, in step, through f->b with a
 * full save, then incremental ones into the same map; every third save the
 * operator is replaced by one restored from the map, and every other one
 * the map is checked against what a full save writes. */
static void check_restore_matches_uninterrupted(fixture *f)
{
    const opkind *kind = f->a.kind;
    ss_state_out out = kv_out(&f->map), full = kv_out(&f->full);
    int saves = 0, restores = 0;
    size_t most_bytes = 0;
    for (size_t r = 0; r < NROWS; r++) {
        kind->feed(&f->a, &f->in[r]);
        kind->feed(&f->b, &f->in[r]);
        if (r == DROP_AT) {
            kind->drop(f->a.op, 0, 1);
            kind->drop(f->b.op, 0, 1);
        }
        if (r % SAVE_EVERY != SAVE_EVERY - 1)
            continue;
        kind->save(f->b.op, &out, saves == 0);
        size_t bytes = 0;
        for (size_t i = 0; i < f->map.n; i++)
            bytes += f->map.it[i].vn;
        if (bytes > most_bytes)
            most_bytes = bytes;
        if (saves % 2 == 1) {
            kv_clear(&f->full);
            kind->save(f->b.op, &full, true);
            assert_maps_equal(&f->map, &f->full, "after an incremental save");
        }
        if (saves % 3 == 1) {
            restore_into(&f->b, &f->map);
            assert_int_equal(op_size(&f->b), op_size(&f->a));
            restores++;
        }
        saves++;
    }
    kind->finish(&f->a);
    kind->finish(&f->b);
    assert_true(restores >= 3);
    assert_true(most_bytes > 1000); /* there was state worth saving */
    assert_true(f->a.log.len > 0);
    assert_logs_equal(&f->a.log, &f->b.log);
}

/* ---- GROUP BY windows ------------------------------------------------------- */

#define GW_AGGS                                                                                    \
    "COUNT(*), SUM(x), AVG(x), SUM(d), AVG(d), AVG(m), SUM(m), MIN(d), MAX(d), MIN(x), MAX(m), "   \
    "MIN(s), MAX(s), FIRST_VALUE(s), LAST_VALUE(s), FIRST_VALUE(d), LAST_VALUE(x), "               \
    "COUNT(DISTINCT s), COUNT(DISTINCT x), STDDEV_POP(d), VAR_SAMP(x), COUNT(x)"

static void test_tumble_step_restored_matches_uninterrupted(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND) AS w, " GW_AGGS
                         " FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);",
                         &GROUPWIN, NROWS, 11);
    assert_int_equal(f->q->window, SS_WIN_TUMBLE);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_tumble_floor_restored_matches_uninterrupted(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM FLOOR(S.ROWTIME TO MINUTE) AS w, k, b, " GW_AGGS
                         " FROM S GROUP BY FLOOR(S.ROWTIME TO MINUTE), k, b;",
                         &GROUPWIN, NROWS, 12);
    assert_int_equal(f->q->window, SS_WIN_TUMBLE);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_hop_restored_matches_uninterrupted(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '20' SECOND) AS w, " GW_AGGS
                         " FROM S GROUP BY k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '20' SECOND);",
                         &GROUPWIN, NROWS, 13);
    assert_int_equal(f->q->window, SS_WIN_HOP);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_session_restored_matches_uninterrupted(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, SESSION(S.ROWTIME, INTERVAL '4' SECOND) AS w, " GW_AGGS
                         " FROM S GROUP BY k, SESSION(S.ROWTIME, INTERVAL '4' SECOND);",
                         &GROUPWIN, NROWS, 14);
    assert_int_equal(f->q->window, SS_WIN_SESSION);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_stagger_restored_matches_uninterrupted(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, " GW_AGGS
                         " FROM S WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '8' SECOND);",
                         &GROUPWIN, NROWS, 15);
    assert_int_equal(f->q->window, SS_WIN_STAGGER);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

/* ---- sliding windows ------------------------------------------------------- */

#define SL_AGGS                                                                                    \
    "COUNT(*) OVER w, SUM(x) OVER w, AVG(x) OVER w, SUM(d) OVER w, AVG(d) OVER w, AVG(m) OVER w, " \
    "SUM(m) OVER w, MIN(d) OVER w, MAX(d) OVER w, MIN(x) OVER w, MAX(m) OVER w, MIN(s) OVER w, "   \
    "MAX(s) OVER w, FIRST_VALUE(s) OVER w, LAST_VALUE(s) OVER w, FIRST_VALUE(d) OVER w, "          \
    "COUNT(DISTINCT s) OVER w, COUNT(DISTINCT x) OVER w, STDDEV_SAMP(d) OVER w, VAR_POP(x) OVER w, " \
    "VAR_SAMP(d) OVER w, STDDEV_POP(m) OVER w, COUNT(x) OVER w"

static void test_sliding_range_restored_matches_uninterrupted(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, " SL_AGGS
                         " FROM S WINDOW w AS (PARTITION BY k RANGE INTERVAL '6' SECOND PRECEDING);",
                         &SLIDING, NROWS, 21);
    assert_int_equal(f->q->overs[0].frame, SS_FRAME_RANGE);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_sliding_range_two_partition_keys_restored(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, " SL_AGGS
                         " FROM S WINDOW w AS (PARTITION BY k, b RANGE INTERVAL '3' SECOND PRECEDING);",
                         &SLIDING, NROWS, 22);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_sliding_rows_restored_matches_uninterrupted(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, " SL_AGGS " FROM S WINDOW w AS (PARTITION BY k ROWS 25 PRECEDING);",
                         &SLIDING, NROWS, 23);
    assert_int_equal(f->q->overs[0].frame, SS_FRAME_ROWS);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_sliding_short_rows_frame_restored(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, VAR_POP(d) OVER w, STDDEV_SAMP(d) OVER w, SUM(d) OVER w, MIN(s) OVER w "
                         "FROM S WINDOW w AS (PARTITION BY k ROWS 2 PRECEDING);",
                         &SLIDING, NROWS, 25);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

static void test_sliding_rows_without_partition_restored(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, " SL_AGGS " FROM S WINDOW w AS (ROWS 40 PRECEDING);", &SLIDING, NROWS, 24);
    check_restore_matches_uninterrupted(f);
    fix_free(f);
}

/* ---- incremental saves write what changed, and only that ------------------- */

static input one_row(int64_t t, const char *key, char *kbuf, int64_t x)
{
    input row;
    memset(&row, 0, sizeof row);
    row.t = t;
    snprintf(kbuf, 48, "%s", key);
    row.v[C_K] = ss_str(kbuf, (uint32_t)strlen(kbuf));
    row.v[C_X] = ss_int(x);
    row.v[C_B] = ss_int(1);
    row.v[C_D] = ss_dbl((double)x / 3);
    row.v[C_S] = ss_str(kbuf, (uint32_t)strlen(kbuf));
    row.v[C_M] = ss_int(x * 100);
    row.o = ss_origin_none();
    return row;
}

#define MANY 2000

static void feed_keys(fixture *f, int64_t t, int from, int to)
{
    char key[48], kbuf[48];
    for (int i = from; i < to; i++) {
        snprintf(key, sizeof key, "key%d", i);
        input row = one_row(t, key, kbuf, i);
        f->b.kind->feed(&f->b, &row);
    }
}

static void test_groupwin_incremental_save_puts_only_changed_groups(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '1' HOUR), COUNT(*), SUM(x), MIN(s), "
                         "COUNT(DISTINCT x) FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '1' HOUR);",
                         &GROUPWIN, 0, 0);
    ss_state_out out = kv_out(&f->map);
    const int64_t t0 = 3600000LL * 1000;
    feed_keys(f, t0, 0, MANY);
    f->b.kind->save(f->b.op, &out, true);
    assert_int_equal(f->map.n, MANY + 1); /* the groups and the meta item */

    f->map.puts = f->map.dels = 0;
    feed_keys(f, t0 + 1, 5, 6);
    f->b.kind->save(f->b.op, &out, false);
    assert_int_equal(f->map.puts, 1);
    assert_int_equal(f->map.dels, 0);

    f->map.puts = f->map.dels = 0;
    f->b.kind->save(f->b.op, &out, false);
    assert_int_equal(f->map.puts + f->map.dels, 0); /* nothing changed */

    /* A new group: it, and the meta item for the new peak. */
    f->map.puts = f->map.dels = 0;
    feed_keys(f, t0 + 2, MANY, MANY + 1);
    f->b.kind->save(f->b.op, &out, false);
    assert_in_range(f->map.puts, 1, 2);
    assert_int_equal(f->map.dels, 0);

    /* The window closes: every group goes. */
    f->map.puts = f->map.dels = 0;
    char kbuf[48];
    input late = one_row(t0 + 3600000 + WM_LAG, "key0", kbuf, 1);
    f->b.kind->feed(&f->b, &late);
    f->b.kind->save(f->b.op, &out, false);
    assert_int_equal(f->map.dels, MANY + 1);
    assert_in_range(f->map.puts, 1, 2);
    kvmap *full = &f->full;
    ss_state_out fo = kv_out(full);
    f->b.kind->save(f->b.op, &fo, true);
    assert_maps_equal(&f->map, full, "after the window closed");
    fix_free(f);
}

static void test_session_growth_renumbers_one_group(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, SESSION(S.ROWTIME, INTERVAL '1' MINUTE), COUNT(*), MAX(s) "
                         "FROM S GROUP BY k, SESSION(S.ROWTIME, INTERVAL '1' MINUTE);",
                         &GROUPWIN, 0, 0);
    ss_state_out out = kv_out(&f->map);
    const int64_t t0 = 1000000;
    feed_keys(f, t0, 0, MANY);
    f->b.kind->save(f->b.op, &out, true);
    f->map.puts = f->map.dels = 0;
    /* The session grows: it moves to the list's tail under a new key. */
    feed_keys(f, t0 + 10, 7, 8);
    f->b.kind->save(f->b.op, &out, false);
    assert_int_equal(f->map.puts, 1);
    assert_int_equal(f->map.dels, 1);
    /* A row at the same time adds to it without moving it. */
    f->map.puts = f->map.dels = 0;
    feed_keys(f, t0 + 10, 7, 8);
    f->b.kind->save(f->b.op, &out, false);
    assert_int_equal(f->map.puts, 1);
    assert_int_equal(f->map.dels, 0);
    kvmap *full = &f->full;
    ss_state_out fo = kv_out(full);
    f->b.kind->save(f->b.op, &fo, true);
    assert_maps_equal(&f->map, full, "after the session grew");
    fix_free(f);
}

static void test_sliding_incremental_save_puts_only_changed_partitions(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, COUNT(*) OVER w, SUM(d) OVER w, MIN(s) OVER w FROM S "
                         "WINDOW w AS (PARTITION BY k RANGE INTERVAL '1' MINUTE PRECEDING);",
                         &SLIDING, 0, 0);
    ss_state_out out = kv_out(&f->map);
    const int64_t t0 = 1000000;
    feed_keys(f, t0, 0, MANY);
    f->b.kind->save(f->b.op, &out, true);
    assert_int_equal(f->map.n, MANY + 1);

    f->map.puts = f->map.dels = 0;
    feed_keys(f, t0 + 5, 42, 43);
    f->b.kind->save(f->b.op, &out, false);
    assert_int_equal(f->map.puts, 1);
    assert_int_equal(f->map.dels, 0);

    /* Past the frame, every other partition goes quiet and is dropped. */
    f->map.puts = f->map.dels = 0;
    feed_keys(f, t0 + 60000 + 6 + WM_LAG, 42, 43);
    f->b.kind->save(f->b.op, &out, false);
    assert_int_equal(f->map.puts, 1);
    assert_int_equal(f->map.dels, MANY - 1);
    assert_int_equal(f->map.n, 2);
    fix_free(f);
}

/* Rows of one key at the given times and values of d, through f->a, and
 * through f->b saved (incrementally) and replaced by a restored operator
 * after every row. */
static void check_restore_after_every_row(fixture *f, const int64_t *ts, const double *ds, size_t n)
{
    ss_state_out out = kv_out(&f->map), full = kv_out(&f->full);
    for (size_t i = 0; i < n; i++) {
        char kbuf[48];
        input row = one_row(ts[i], "only", kbuf, (int64_t)i);
        row.v[C_D] = ss_dbl(ds[i]);
        f->a.kind->feed(&f->a, &row);
        f->b.kind->feed(&f->b, &row);
        f->b.kind->save(f->b.op, &out, i == 0);
        kv_clear(&f->full);
        f->b.kind->save(f->b.op, &full, true);
        assert_maps_equal(&f->map, &f->full, "after a row");
        restore_into(&f->b, &f->map);
    }
    f->a.kind->finish(&f->a);
    f->b.kind->finish(&f->b);
    assert_true(f->a.log.len > 0);
    assert_logs_equal(&f->a.log, &f->b.log);
}

/* A session a later row did not fit is over but not yet emitted: it must be
 * saved as no longer its key's open window, or the restored operator would
 * have two open windows for one key. */
static void test_closed_window_awaiting_emission_restored(void **state)
{
    (void)state;
    const char *queries[] = {
        "SELECT STREAM k, SESSION(S.ROWTIME, INTERVAL '10' SECOND), COUNT(*), SUM(x) FROM S "
        "GROUP BY k, SESSION(S.ROWTIME, INTERVAL '10' SECOND);",
        "SELECT STREAM k, COUNT(*), SUM(x) FROM S WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '10' SECOND);",
    };
    const int64_t ts[] = {0, 5000, 16000, 17000, 30000, 41000};
    const double ds[] = {1, 2, 3, 4, 5, 6};
    for (size_t q = 0; q < 2; q++) {
        fixture *f = fix_new(queries[q], &GROUPWIN, 0, 0);
        check_restore_after_every_row(f, ts, ds, 6);
        fix_free(f);
    }
}

/* Variance over a short frame: the run of equal newest values, and sums
 * that kept a residue of a larger value that left, come back exactly. */
static void test_sliding_variance_state_restored_after_every_row(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, VAR_POP(d) OVER w, VAR_SAMP(d) OVER w, STDDEV_POP(d) OVER w, "
                         "AVG(d) OVER w, MIN(d) OVER w, MAX(d) OVER w FROM S "
                         "WINDOW w AS (PARTITION BY k ROWS 2 PRECEDING);",
                         &SLIDING, 0, 0);
    enum { N = 400 };
    double ds[N];
    int64_t ts[N];
    rng_state = 81;
    /* A larger value, then a run of one smaller one. */
    for (size_t i = 0; i < N; i += 5) {
        ds[i] = (double)(rnd() % 100000000) / 3.0;
        double x = (double)(rnd() % 1000) / 7.0;
        for (size_t j = 1; j < 5; j++)
            ds[i + j] = x;
    }
    for (size_t i = 0; i < N; i++)
        ts[i] = (int64_t)i * 1000;
    check_restore_after_every_row(f, ts, ds, N);
    fix_free(f);
}

/* ---- garbled items ------------------------------------------------------------ */

/* Restores the map with item j's value replaced by (v, vn), or its key by
 * (k, kn); true when every item went in. A refused item must say why. When
 * all went in, the rest of the input is run through the operator: what was
 * accepted must at least be safe to go on from. */
static bool restore_modified(fixture *f, size_t j, const void *k, size_t kn, const void *v, size_t vn,
                             size_t from_row, size_t to_row)
{
    const opkind *kind = f->a.kind;
    void *op = kind->make(f->q);
    char msg[200];
    bool ok = true;
    for (size_t i = 0; ok && i < f->map.n; i++) {
        const item *it = &f->map.it[i];
        msg[0] = '\0';
        ok = i == j ? kind->restore(op, k, kn, v, vn, msg, sizeof msg)
                    : kind->restore(op, it->k, it->kn, it->v, it->vn, msg, sizeof msg);
        if (!ok && !msg[0])
            fail_msg("item %zu refused without a message", i);
    }
    if (ok && kind->restored(op, msg, sizeof msg)) {
        run r;
        memset(&r, 0, sizeof r);
        r.kind = kind;
        r.q = f->q;
        r.op = op;
        for (size_t row = from_row; row < to_row; row++)
            kind->feed(&r, &f->in[row]);
        kind->finish(&r);
        ss_buf_free(&r.log);
        op = r.op;
    }
    kind->destroy(op);
    return ok;
}

static void check_garbled_items_refused(fixture *f)
{
    const opkind *kind = f->a.kind;
    const size_t at = 1200, upto = 1500;
    for (size_t r = 0; r < at; r++)
        kind->feed(&f->b, &f->in[r]);
    ss_state_out out = kv_out(&f->map);
    kind->save(f->b.op, &out, true);
    assert_true(f->map.n > 3);
    /* Unmodified, it restores. */
    assert_true(restore_modified(f, SIZE_MAX, NULL, 0, NULL, 0, at, upto));
    unsigned char *buf = malloc(1 << 16);
    assert_non_null(buf);
    rng_state = 99;
    for (size_t j = 0; j < f->map.n; j++) {
        const item *it = &f->map.it[j];
        assert_true(it->vn < (1 << 16));
        /* Any strict prefix of a value is refused (copied, so ASan sees a
         * read past its end). */
        for (size_t len = 0; len < it->vn; len += len < 48 ? 1 : 1 + len / 16) {
            unsigned char *v = dup_bytes(it->v, len);
            bool ok = restore_modified(f, j, it->k, it->kn, v, len, at, at);
            free(v);
            if (ok)
                fail_msg("%s: item %zu cut to %zu of %zu bytes restores", kind->name, j, len, it->vn);
        }
        /* A key cut short is refused. */
        assert_false(restore_modified(f, j, it->k, it->kn - 1, it->v, it->vn, at, at));
        /* Flipped bytes: refused, or accepted and safe to go on from. */
        for (int flip = 0; flip < 12; flip++) {
            memcpy(buf, it->v, it->vn);
            size_t pos = rnd() % it->vn;
            buf[pos] ^= (unsigned char)(1 + rnd() % 255);
            restore_modified(f, j, it->k, it->kn, buf, it->vn, at, upto);
        }
    }
    free(buf);
}

static void test_groupwin_garbled_items_refused(void **state)
{
    (void)state;
    const char *queries[] = {
        "SELECT STREAM k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '10' SECOND) AS w, COUNT(*), SUM(x), AVG(d), "
        "MIN(s), LAST_VALUE(s), COUNT(DISTINCT s), VAR_POP(d) "
        "FROM S GROUP BY k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '10' SECOND);",
        "SELECT STREAM k, SESSION(S.ROWTIME, INTERVAL '3' SECOND) AS w, COUNT(*), SUM(m), MAX(s), COUNT(DISTINCT x) "
        "FROM S GROUP BY k, SESSION(S.ROWTIME, INTERVAL '3' SECOND);",
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        fixture *f = fix_new(queries[i], &GROUPWIN, NROWS, 31 + i);
        check_garbled_items_refused(f);
        fix_free(f);
    }
}

static void test_sliding_garbled_items_refused(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, COUNT(*) OVER w, SUM(x) OVER w, AVG(d) OVER w, MIN(s) OVER w, "
                         "MAX(d) OVER w, COUNT(DISTINCT s) OVER w, STDDEV_SAMP(d) OVER w, FIRST_VALUE(s) OVER w "
                         "FROM S WINDOW w AS (PARTITION BY k RANGE INTERVAL '2' SECOND PRECEDING);",
                         &SLIDING, NROWS, 41);
    check_garbled_items_refused(f);
    fix_free(f);
}

/* Nothing saved, nothing restored: the operator starts empty and a later
 * save writes everything. */
static void test_restored_without_items_starts_empty(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), COUNT(*) FROM S "
                         "GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);",
                         &GROUPWIN, 100, 51);
    restore_into(&f->b, &f->map);
    for (size_t r = 0; r < 100; r++)
        f->b.kind->feed(&f->b, &f->in[r]);
    ss_state_out out = kv_out(&f->map);
    f->b.kind->save(f->b.op, &out, false);
    ss_state_out fo = kv_out(&f->full);
    f->b.kind->save(f->b.op, &fo, true);
    assert_true(f->map.n > 1);
    assert_maps_equal(&f->map, &f->full, "first save after an empty restore");
    fix_free(f);
}

/* Tens of thousands of groups: a restored operator builds its tables in
 * bulk once the last item is in, and its pool outgrows what malloc serves
 * (release builds then map it on its own and grow it by mremap). Rows after
 * each restore must find the restored groups, and new groups must join. */
static void check_many_groups_restored(const char *select, uint64_t seed)
{
    enum { GROUPS = 40000, ROWS = 3 * GROUPS };
    fixture *f = fix_new(select, &GROUPWIN, 0, seed);
    f->in = calloc(ROWS, sizeof *f->in);
    assert_non_null(f->in);
    rng_state = seed;
    int64_t t = 1700000000000LL;
    for (size_t r = 0; r < ROWS; r++) {
        input *row = &f->in[r];
        row->t = t;
        t += r % 8 == 0; /* slowly: a window holds tens of thousands of groups */
        /* Every key once, then known and new ones at random. */
        uint32_t key = r < GROUPS ? (uint32_t)r : (uint32_t)(rnd() % (GROUPS + GROUPS / 2));
        snprintf(row->kbuf, sizeof row->kbuf, "key %u", key);
        row->v[C_K] = ss_str(row->kbuf, (uint32_t)strlen(row->kbuf));
        row->v[C_X] = ss_int((int64_t)(rnd() % 2001) - 1000);
        row->v[C_B] = ss_int((int64_t)(rnd() % 7));
        row->v[C_D] = ss_dbl(((double)(rnd() % 2000001) - 1000000.0) / 7.0);
        snprintf(row->sbuf, sizeof row->sbuf, "s%u", (unsigned)(rnd() % 50));
        row->v[C_S] = ss_str(row->sbuf, (uint32_t)strlen(row->sbuf));
        row->v[C_M] = ss_int((int64_t)(rnd() % 200001) - 100000);
        row->o = ss_origin_none();
        row->o.part = key % 3;
        row->o.offset = r + 1;
    }
    ss_state_out out = kv_out(&f->map);
    uint64_t most = 0;
    for (size_t r = 0; r < ROWS; r++) {
        f->a.kind->feed(&f->a, &f->in[r]);
        f->b.kind->feed(&f->b, &f->in[r]);
        if (r == ROWS / 3 || r == ROWS * 2 / 3) {
            kv_clear(&f->map);
            f->b.kind->save(f->b.op, &out, true);
            restore_into(&f->b, &f->map);
            assert_int_equal(op_size(&f->b), op_size(&f->a));
            if (op_size(&f->b) > most)
                most = op_size(&f->b);
        }
    }
    f->a.kind->finish(&f->a);
    f->b.kind->finish(&f->b);
    assert_true(most >= GROUPS / 2);
    assert_logs_equal(&f->a.log, &f->b.log);
    fix_free(f);
}

static void test_tumble_many_groups_restored_matches_uninterrupted(void **state)
{
    (void)state;
    check_many_groups_restored("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND) AS w, COUNT(*), SUM(x), "
                               "AVG(d), MIN(s), MAX(x), COUNT(DISTINCT b) FROM S "
                               "GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);",
                               61);
}

static void test_session_many_groups_restored_matches_uninterrupted(void **state)
{
    (void)state;
    check_many_groups_restored("SELECT STREAM k, SESSION(S.ROWTIME, INTERVAL '2' SECOND) AS w, COUNT(*), SUM(m), "
                               "LAST_VALUE(s), STDDEV_POP(d) FROM S "
                               "GROUP BY k, SESSION(S.ROWTIME, INTERVAL '2' SECOND);",
                               62);
}

/* A group item copied under a later key: two groups of one window and one
 * key, which no save writes, refused (each item decodes, so it is the
 * tables, built once all are in, that see it). */
static void check_group_twice_refused(const char *select, uint64_t seed)
{
    fixture *f = fix_new(select, &GROUPWIN, 400, seed);
    for (size_t r = 0; r < 400; r++)
        f->b.kind->feed(&f->b, &f->in[r]);
    ss_state_out out = kv_out(&f->map);
    f->b.kind->save(f->b.op, &out, true);
    /* The first group still in its key's table (first value byte: in_table),
     * and the last item, whose key the copy goes above. */
    const item *open = NULL, *last = &f->map.it[f->map.n - 1];
    for (size_t i = 0; i < f->map.n && !open; i++)
        if (f->map.it[i].kn == 9 && f->map.it[i].vn && f->map.it[i].v[0] == 1)
            open = &f->map.it[i];
    assert_non_null(open);
    assert_int_equal(last->kn, 9);
    unsigned char key[9];
    memcpy(key, last->k, 9);
    key[8]++; /* the seqs of this small run stay below 255 */
    assert_int_not_equal(key[8], 0);
    unsigned char *v = dup_bytes(open->v, open->vn);
    kv_put(&f->map, key, 9, v, open->vn);
    free(v);
    void *op = f->b.kind->make(f->q);
    char msg[200] = "";
    bool ok = true;
    for (size_t i = 0; ok && i < f->map.n; i++)
        ok = f->b.kind->restore(op, f->map.it[i].k, f->map.it[i].kn, f->map.it[i].v, f->map.it[i].vn, msg,
                                sizeof msg);
    ok = ok && f->b.kind->restored(op, msg, sizeof msg);
    f->b.kind->destroy(op);
    assert_false(ok);
    assert_non_null(strstr(msg, "twice"));
    fix_free(f);
}

static void test_groupwin_same_window_and_key_twice_refused(void **state)
{
    (void)state;
    check_group_twice_refused("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), COUNT(*) FROM S "
                              "GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);",
                              63);
    check_group_twice_refused("SELECT STREAM k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '10' SECOND), COUNT(*) "
                              "FROM S GROUP BY k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '10' SECOND);",
                              64);
    check_group_twice_refused("SELECT STREAM k, SESSION(S.ROWTIME, INTERVAL '3' SECOND), COUNT(*) FROM S "
                              "GROUP BY k, SESSION(S.ROWTIME, INTERVAL '3' SECOND);",
                              65);
}

/* ---- the row buffer ------------------------------------------------------------ */

enum { RB_ID, RB_TEXT, RB_NUM, RB_NCOLS };
static const bool rb_string_cols[RB_NCOLS] = {false, true, false};

typedef struct rbout {
    ss_rows rows;
    uint32_t cap;
} rbout;

static void rbout_init(rbout *o, uint32_t cap)
{
    o->cap = cap;
    o->rows.ncols = RB_NCOLS;
    o->rows.rowtime = calloc(cap, sizeof(int64_t));
    o->rows.vals = calloc((size_t)cap * RB_NCOLS, sizeof(ss_value));
    o->rows.origin = calloc(cap, sizeof(ss_origin));
    assert_non_null(o->rows.rowtime), assert_non_null(o->rows.vals), assert_non_null(o->rows.origin);
}

static void rbout_free(rbout *o)
{
    free(o->rows.rowtime);
    free(o->rows.vals);
    free(o->rows.origin);
}

/* Row id at t from one of a few origins; a row in ten arrives late within
 * its origin, and its text lives in a buffer scribbled over right after. */
static void rb_add(ss_rowbuf *b, uint64_t id, int64_t t)
{
    char buf[64];
    uint32_t len = (uint32_t)snprintf(buf, sizeof buf, "row %llu %.*s", (unsigned long long)id, (int)(id % 23),
                                      "abcdefghijklmnopqrstuvw");
    ss_value v[RB_NCOLS] = {ss_int((int64_t)id), ss_str(buf, len), ss_dbl((double)id / 7)};
    if (id % 11 == 3)
        v[RB_TEXT] = ss_null();
    if (id % 13 == 4)
        v[RB_TEXT] = ss_str(buf, 0);
    if (id % 17 == 5)
        v[RB_NUM] = ss_null();
    ss_origin o = {id * 3, (uint32_t)(id % 5), (uint16_t)(id % 2), (uint8_t)(id % 19 == 0)};
    ss_rowbuf_add(b, t, v, o);
    memset(buf, 0x5A, sizeof buf);
}

/* Takes every row up to wm into the log, bytes of everything. */
static void rb_take(ss_rowbuf *b, int64_t wm, rbout *o, ss_buf *log)
{
    const ss_type types[RB_NCOLS] = {ss_type_make(SS_T_BIGINT), ss_type_make(SS_T_VARCHAR),
                                     ss_type_make(SS_T_DOUBLE)};
    uint32_t n;
    while ((n = ss_rowbuf_take(b, wm, &o->rows, o->cap)) > 0) {
        for (uint32_t r = 0; r < n; r++) {
            log_bytes(log, &o->rows.rowtime[r], 8);
            log_bytes(log, &o->rows.origin[r].offset, 8);
            log_bytes(log, &o->rows.origin[r].part, 4);
            log_bytes(log, &o->rows.origin[r].source, 2);
            log_bytes(log, &o->rows.origin[r].replay, 1);
            for (uint32_t c = 0; c < RB_NCOLS; c++)
                log_value(log, ss_rows_row(&o->rows, r)[c], types[c]);
        }
        ss_rowbuf_done(b);
    }
}

static ss_rowbuf *rowbuf_open[3];

static int rb_teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        ss_rowbuf_free(rowbuf_open[i]);
        rowbuf_open[i] = NULL;
    }
    return 0;
}

static void test_rowbuf_restored_gives_same_rows_in_same_order(void **state)
{
    (void)state;
    rbout o;
    rbout_init(&o, 37);
    ss_buf log_a = {0}, log_b = {0}, saved = {0};
    ss_rowbuf *a = rowbuf_open[0] = ss_rowbuf_new(RB_NCOLS, rb_string_cols);
    ss_rowbuf *b = rowbuf_open[1] = ss_rowbuf_new(RB_NCOLS, rb_string_cols);
    rng_state = 61;
    int restores = 0;
    int64_t t = 1000;
    for (uint64_t id = 1; id <= 5000; id++) {
        t += (int64_t)(rnd() % 5);
        /* Late rows, ties, and bursts far ahead of the watermark. */
        int64_t rt = id % 10 == 0 ? t - (int64_t)(rnd() % 400) : t;
        rb_add(a, id, rt);
        rb_add(b, id, rt);
        if (id % 50 == 0) {
            rb_take(a, t - 300, &o, &log_a);
            rb_take(b, t - 300, &o, &log_b);
        }
        if (id % 700 == 350) {
            ss_buf_clear(&saved);
            ss_rowbuf_save(b, &saved);
            ss_rowbuf *c = rowbuf_open[2] = ss_rowbuf_new(RB_NCOLS, rb_string_cols);
            assert_true(ss_rowbuf_restore(c, saved.data, saved.len));
            assert_int_equal(ss_rowbuf_count(c), ss_rowbuf_count(b));
            ss_rowbuf_free(b);
            rowbuf_open[1] = b = c;
            rowbuf_open[2] = NULL;
            restores++;
        }
    }
    rb_take(a, INT64_MAX, &o, &log_a);
    rb_take(b, INT64_MAX, &o, &log_b);
    assert_int_equal(restores, 7);
    assert_true(log_a.len > 0);
    assert_logs_equal(&log_a, &log_b);
    ss_buf_free(&log_a);
    ss_buf_free(&log_b);
    ss_buf_free(&saved);
    rbout_free(&o);
}

static void test_rowbuf_garbled_refused(void **state)
{
    (void)state;
    ss_rowbuf *b = rowbuf_open[0] = ss_rowbuf_new(RB_NCOLS, rb_string_cols);
    for (uint64_t id = 1; id <= 300; id++)
        rb_add(b, id, (int64_t)(id * 3 - (id % 10 == 0 ? 20 : 0)));
    ss_buf saved = {0};
    ss_rowbuf_save(b, &saved);
    rbout o;
    rbout_init(&o, 64);
    ss_buf log = {0};
    rng_state = 71;
    for (size_t len = 0; len < saved.len; len += len < 64 ? 1 : 1 + len / 32) {
        unsigned char *cut = dup_bytes(saved.data, len);
        ss_rowbuf *c = rowbuf_open[1] = ss_rowbuf_new(RB_NCOLS, rb_string_cols);
        if (ss_rowbuf_restore(c, cut, len))
            fail_msg("a buffer cut to %zu of %zu bytes restores", len, saved.len);
        free(cut);
        ss_rowbuf_free(c);
        rowbuf_open[1] = NULL;
    }
    unsigned char *flipped = dup_bytes(saved.data, saved.len);
    for (int i = 0; i < 300; i++) {
        memcpy(flipped, saved.data, saved.len);
        flipped[rnd() % saved.len] ^= (unsigned char)(1 + rnd() % 255);
        ss_rowbuf *c = rowbuf_open[1] = ss_rowbuf_new(RB_NCOLS, rb_string_cols);
        if (ss_rowbuf_restore(c, flipped, saved.len))
            rb_take(c, INT64_MAX, &o, &log); /* accepted: safe to go on from */
        ss_rowbuf_free(c);
        rowbuf_open[1] = NULL;
    }
    /* Not into a buffer already in use. */
    assert_false(ss_rowbuf_restore(b, saved.data, saved.len));
    free(flipped);
    ss_buf_free(&log);
    ss_buf_free(&saved);
    rbout_free(&o);
}

int main(void)
{
#undef cmocka_unit_test
#define cmocka_unit_test(f) cmocka_unit_test_teardown(f, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tumble_step_restored_matches_uninterrupted),
        cmocka_unit_test(test_tumble_floor_restored_matches_uninterrupted),
        cmocka_unit_test(test_hop_restored_matches_uninterrupted),
        cmocka_unit_test(test_session_restored_matches_uninterrupted),
        cmocka_unit_test(test_stagger_restored_matches_uninterrupted),
        cmocka_unit_test(test_sliding_range_restored_matches_uninterrupted),
        cmocka_unit_test(test_sliding_range_two_partition_keys_restored),
        cmocka_unit_test(test_sliding_rows_restored_matches_uninterrupted),
        cmocka_unit_test(test_sliding_short_rows_frame_restored),
        cmocka_unit_test(test_sliding_rows_without_partition_restored),
        cmocka_unit_test(test_groupwin_incremental_save_puts_only_changed_groups),
        cmocka_unit_test(test_session_growth_renumbers_one_group),
        cmocka_unit_test(test_sliding_incremental_save_puts_only_changed_partitions),
        cmocka_unit_test(test_closed_window_awaiting_emission_restored),
        cmocka_unit_test(test_sliding_variance_state_restored_after_every_row),
        cmocka_unit_test(test_groupwin_garbled_items_refused),
        cmocka_unit_test(test_sliding_garbled_items_refused),
        cmocka_unit_test(test_restored_without_items_starts_empty),
        cmocka_unit_test(test_tumble_many_groups_restored_matches_uninterrupted),
        cmocka_unit_test(test_session_many_groups_restored_matches_uninterrupted),
        cmocka_unit_test(test_groupwin_same_window_and_key_twice_refused),
        cmocka_unit_test_teardown(test_rowbuf_restored_gives_same_rows_in_same_order, rb_teardown),
        cmocka_unit_test_teardown(test_rowbuf_garbled_refused, rb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
