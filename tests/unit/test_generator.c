/* Unit tests for the built-in generators (src/io/generator.c): determinism
 * per seed, COUNT, RATE pacing, declared column subsets and casts, error
 * texts, the shape of ticker and Nexmark data, and generation speed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/generator.h"

#define START 1767225600000LL /* 2026-01-01 00:00:00 */
#define MAXCOLS 32

typedef struct decl {
    ss_column cols[MAXCOLS];
    uint32_t n;
} decl;

static void add(decl *d, const char *name, ss_type t)
{
    memset(&d->cols[d->n], 0, sizeof d->cols[d->n]);
    d->cols[d->n].name = name;
    d->cols[d->n].type = t;
    d->n++;
}

/* Every column of a generator, with its own types. */
static decl all_of(const char *kind)
{
    decl d = {0};
    const ss_gen_column *gc;
    int n = ss_generator_schema(kind, &gc);
    assert_true(n > 0);
    for (int i = 0; i < n; i++)
        add(&d, gc[i].name, gc[i].type);
    return d;
}

static ss_type ty(ss_type_kind k)
{
    return ss_type_make(k);
}

static ss_generator *gen(const char *kind, uint64_t seed, double rate, int64_t count, const decl *d)
{
    char err[512];
    ss_generator *g = ss_generator_new(kind, seed, rate, count, START, d->cols, d->n, err, sizeof err);
    if (!g)
        fail_msg("ss_generator_new: %s", err);
    return g;
}

/* Rows collected from a generator, strings copied out. */
typedef struct rows {
    uint32_t n, ncols;
    ss_value *v;
    int64_t *t;
    char **strs;
    size_t nstrs;
} rows;

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->nstrs; i++)
        free(r->strs[i]);
    free(r->strs);
    free(r->v);
    free(r->t);
    memset(r, 0, sizeof *r);
}

/* Pulls `n` rows (rate 0) in calls of `batch` rows, copying strings. */
static rows pull(ss_generator *g, const decl *d, uint32_t n, uint32_t batch)
{
    rows r = {0};
    r.ncols = d->n;
    r.v = calloc((size_t)n * d->n + 1, sizeof(ss_value));
    r.t = calloc(n + 1, sizeof(int64_t));
    r.strs = calloc((size_t)n * d->n + 1, sizeof(char *));
    ss_value *vals = calloc((size_t)batch * d->n + 1, sizeof(ss_value));
    int64_t *ev = calloc(batch, sizeof(int64_t));
    while (r.n < n) {
        uint32_t want = n - r.n < batch ? n - r.n : batch;
        uint32_t k = ss_generator_next(g, 0, vals, ev, want);
        if (k == 0)
            break;
        for (uint32_t i = 0; i < k; i++) {
            for (uint32_t c = 0; c < d->n; c++) {
                ss_value v = vals[(size_t)i * d->n + c];
                if (!v.null && ss_type_is_string(d->cols[c].type)) {
                    char *s = malloc(v.len + 1);
                    memcpy(s, v.s, v.len);
                    s[v.len] = 0;
                    r.strs[r.nstrs++] = s;
                    v.s = s;
                }
                r.v[(size_t)r.n * d->n + c] = v;
            }
            r.t[r.n++] = ev[i];
        }
    }
    free(vals);
    free(ev);
    return r;
}

static const ss_value *row_of(const rows *r, uint32_t i)
{
    return r->v + (size_t)i * r->ncols;
}

static bool same_value(ss_value a, ss_value b, ss_type t)
{
    if (a.null || b.null)
        return a.null == b.null;
    if (ss_type_is_string(t))
        return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
    if (ss_type_is_approx(t))
        return memcmp(&a.d, &b.d, sizeof a.d) == 0;
    return a.i == b.i;
}

static bool same_rows(const rows *a, const rows *b, const decl *d)
{
    if (a->n != b->n)
        return false;
    for (uint32_t i = 0; i < a->n; i++) {
        if (a->t[i] != b->t[i])
            return false;
        for (uint32_t c = 0; c < d->n; c++)
            if (!same_value(row_of(a, i)[c], row_of(b, i)[c], d->cols[c].type))
                return false;
    }
    return true;
}

static int col_index(const decl *d, const char *name)
{
    for (uint32_t i = 0; i < d->n; i++)
        if (strcmp(d->cols[i].name, name) == 0)
            return (int)i;
    fail_msg("no column %s", name);
    return -1;
}

/* ---- schema and errors ---------------------------------------------------- */

static void test_schemas(void **state)
{
    (void)state;
    const ss_gen_column *gc;
    assert_int_equal(ss_generator_schema("ticker", &gc), 5);
    const char *tk[] = {"TICKER_SYMBOL", "SECTOR", "CHANGE", "PRICE", "EVENT_TIME"};
    ss_type_kind tt[] = {SS_T_VARCHAR, SS_T_VARCHAR, SS_T_REAL, SS_T_REAL, SS_T_TIMESTAMP};
    for (int i = 0; i < 5; i++) {
        assert_string_equal(gc[i].name, tk[i]);
        assert_int_equal(gc[i].type.kind, tt[i]);
    }
    assert_int_equal(gc[0].type.length, 4);
    assert_int_equal(gc[1].type.length, 16);
    assert_null(gc[5].name);
    assert_int_equal(ss_generator_schema("nexmark", &gc), 22);
    assert_string_equal(gc[0].name, "EVENT_TYPE");
    assert_string_equal(gc[20].name, "DATE_TIME");
    assert_string_equal(gc[21].name, "EXTRA");
    assert_null(gc[22].name);
    assert_int_equal(ss_generator_schema("TICKER", &gc), 5);
    assert_int_equal(ss_generator_schema("tickr", &gc), -1);
    assert_int_equal(ss_generator_schema(NULL, &gc), -1);
}

static void test_errors_at_creation(void **state)
{
    (void)state;
    char err[512];
    decl d = {0};
    add(&d, "TICKER_SYMBOL", ty(SS_T_VARCHAR));
    add(&d, "VOLUME", ty(SS_T_BIGINT));
    assert_null(ss_generator_new("ticker", 1, 0, 10, START, d.cols, d.n, err, sizeof err));
    assert_string_equal(err, "generator 'ticker' has no column VOLUME (its columns: TICKER_SYMBOL, SECTOR, CHANGE, "
                             "PRICE, EVENT_TIME)");

    assert_null(ss_generator_new("stocks", 1, 0, 10, START, d.cols, 1, err, sizeof err));
    assert_string_equal(err, "unknown generator 'stocks' (known: ticker, nexmark)");

    decl e = {0};
    add(&e, "PRICE", ty(SS_T_DATE));
    assert_null(ss_generator_new("ticker", 1, 0, 10, START, e.cols, e.n, err, sizeof err));
    assert_string_equal(err, "column PRICE: generator 'ticker' makes REAL, which cannot be cast to DATE");

    assert_null(ss_generator_new("ticker", 1, -1, 10, START, d.cols, 1, err, sizeof err));
    assert_string_equal(err, "generator 'ticker': RATE must be a number of rows per second >= 0");
    assert_null(ss_generator_new("ticker", 1, NAN, 10, START, d.cols, 1, err, sizeof err));
    assert_null(ss_generator_new("ticker", 1, INFINITY, 10, START, d.cols, 1, err, sizeof err));
    assert_null(ss_generator_new("ticker", 1, 0, -2, START, d.cols, 1, err, sizeof err));
    assert_string_equal(err, "generator 'ticker': COUNT must be >= 0 (or -1 for unbounded)");
}

/* ---- determinism ---------------------------------------------------------- */

static void check_determinism(const char *kind)
{
    decl d = all_of(kind);
    ss_generator *a = gen(kind, 42, 0, -1, &d), *b = gen(kind, 42, 0, -1, &d), *c = gen(kind, 43, 0, -1, &d);
    /* Different call sizes must not change the rows. */
    rows ra = pull(a, &d, 5000, 1024), rb = pull(b, &d, 5000, 7), rc = pull(c, &d, 5000, 1024);
    assert_int_equal(ra.n, 5000);
    assert_true(same_rows(&ra, &rb, &d));
    assert_false(same_rows(&ra, &rc, &d));
    /* Different seeds differ in most rows, not just somewhere. */
    uint32_t differ = 0;
    for (uint32_t i = 0; i < ra.n; i++)
        for (uint32_t k = 0; k < d.n; k++)
            if (!same_value(row_of(&ra, i)[k], row_of(&rc, i)[k], d.cols[k].type)) {
                differ++;
                break;
            }
    assert_true(differ > ra.n / 2);
    rows_free(&ra);
    rows_free(&rb);
    rows_free(&rc);
    ss_generator_free(a);
    ss_generator_free(b);
    ss_generator_free(c);
}

static void test_ticker_same_seed_same_rows_other_seed_other_rows(void **state)
{
    (void)state;
    check_determinism("ticker");
}

static void test_nexmark_same_seed_same_rows_other_seed_other_rows(void **state)
{
    (void)state;
    check_determinism("nexmark");
}

static void test_ticker_first_rows_are_pinned(void **state)
{
    (void)state;
    /* Pins the stream for seed 42 so an accidental change to the generator
     * (which changes every query's output) is noticed. */
    decl d = all_of("ticker");
    ss_generator *g = gen("ticker", 42, 0, 3, &d);
    rows r = pull(g, &d, 3, 16);
    assert_int_equal(r.n, 3);
    const char *sym[] = {"ABCD", "NVX", "WHL"};
    const char *sec[] = {"TECHNOLOGY", "TECHNOLOGY", "AUTOMOBILE"};
    double chg[] = {-0.07, -0.01, -0.01}, px[] = {119.93, 309.99, 9.74};
    for (uint32_t i = 0; i < 3; i++) {
        const ss_value *v = row_of(&r, i);
        assert_string_equal(v[0].s, sym[i]);
        assert_string_equal(v[1].s, sec[i]);
        assert_true(v[2].d == ss_real(chg[i]));
        assert_true(v[3].d == ss_real(px[i]));
        assert_int_equal(v[4].i, START + 10 * i);
        assert_int_equal(r.t[i], START + 10 * i);
    }
    rows_free(&r);
    ss_generator_free(g);
}

/* ---- count and pacing ----------------------------------------------------- */

static void test_count_is_honoured(void **state)
{
    (void)state;
    decl d = all_of("ticker");
    ss_generator *g = gen("ticker", 7, 0, 1000, &d);
    ss_value vals[256 * 5];
    int64_t ev[256];
    uint32_t total = 0, k;
    assert_false(ss_generator_done(g));
    while ((k = ss_generator_next(g, 0, vals, ev, 256)) > 0)
        total += k;
    assert_int_equal(total, 1000);
    assert_int_equal(ss_generator_produced(g), 1000);
    assert_true(ss_generator_done(g));
    assert_int_equal(ss_generator_next(g, INT64_MAX, vals, ev, 256), 0);
    assert_int_equal(ss_generator_next_due(g), INT64_MAX);
    ss_generator_free(g);

    decl none = {0};
    g = gen("nexmark", 7, 0, 0, &none);
    assert_true(ss_generator_done(g));
    assert_int_equal(ss_generator_next(g, 0, vals, ev, 256), 0);
    ss_generator_free(g);
}

static void test_rate_zero_times_are_ten_ms_apart_and_ignore_now(void **state)
{
    (void)state;
    decl d = all_of("ticker");
    ss_generator *g = gen("ticker", 1, 0, -1, &d);
    ss_value vals[100 * 5];
    int64_t ev[100];
    assert_int_equal(ss_generator_next_due(g), START);
    assert_int_equal(ss_generator_next(g, INT64_MIN, vals, ev, 100), 100);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(ev[i], START + 10 * i);
        assert_int_equal(vals[i * 5 + 4].i, ev[i]); /* EVENT_TIME is the event time */
    }
    assert_int_equal(ss_generator_next_due(g), START + 1000);
    assert_false(ss_generator_done(g));
    ss_generator_free(g);
}

static void test_rate_produces_exactly_the_rows_due(void **state)
{
    (void)state;
    decl d = all_of("ticker");
    /* rate 3: row i at START + floor(i * 1000 / 3) = +0, +333, +666, +1000, +1333, ... */
    ss_generator *g = gen("ticker", 1, 3, 10, &d);
    ss_value vals[64 * 5];
    int64_t ev[64];
    assert_int_equal(ss_generator_next_due(g), START);
    assert_int_equal(ss_generator_next(g, START - 1, vals, ev, 64), 0);
    assert_int_equal(ss_generator_next(g, START, vals, ev, 64), 1);
    assert_int_equal(ev[0], START);
    assert_int_equal(ss_generator_next_due(g), START + 333);
    assert_int_equal(ss_generator_next(g, START + 332, vals, ev, 64), 0);
    assert_int_equal(ss_generator_next(g, START + 1000, vals, ev, 64), 3);
    assert_int_equal(ev[0], START + 333);
    assert_int_equal(ev[1], START + 666);
    assert_int_equal(ev[2], START + 1000);
    /* max limits a call; the rest stays due. */
    assert_int_equal(ss_generator_next(g, START + 2400, vals, ev, 2), 2);
    assert_int_equal(ev[0], START + 1333);
    assert_int_equal(ev[1], START + 1666);
    assert_int_equal(ss_generator_next(g, START + 2400, vals, ev, 64), 2);
    assert_int_equal(ev[0], START + 2000);
    assert_int_equal(ev[1], START + 2333);
    /* Far in the future: only COUNT rows in all. */
    assert_int_equal(ss_generator_next(g, START + 1000000, vals, ev, 64), 2);
    assert_int_equal(ev[0], START + 2666);
    assert_int_equal(ev[1], START + 3000);
    assert_true(ss_generator_done(g));
    ss_generator_free(g);

    /* rate 5000 (query 02): 5 rows per ms, floor(i / 5). */
    g = gen("ticker", 1, 5000, -1, &d);
    assert_int_equal(ss_generator_next(g, START + 10, vals, ev, 64), 55);
    assert_int_equal(ev[54], START + 10);
    assert_int_equal(ev[4], START);
    assert_int_equal(ev[5], START + 1);
    ss_generator_free(g);

    /* A fractional rate: 0.5 rows/s is one row every 2 s. */
    g = gen("ticker", 1, 0.5, -1, &d);
    assert_int_equal(ss_generator_next(g, START + 5999, vals, ev, 64), 3);
    assert_int_equal(ev[2], START + 4000);
    assert_int_equal(ss_generator_next_due(g), START + 6000);
    ss_generator_free(g);
}

/* ---- declared columns and casts ------------------------------------------ */

static void test_declared_subset_in_any_order_gets_the_same_values(void **state)
{
    (void)state;
    decl full = all_of("ticker");
    decl sub = {0};
    add(&sub, "price", ty(SS_T_REAL)); /* names match case-insensitively */
    add(&sub, "TICKER_SYMBOL", ty(SS_T_VARCHAR));
    ss_generator *a = gen("ticker", 9, 0, -1, &full), *b = gen("ticker", 9, 0, -1, &sub);
    rows ra = pull(a, &full, 2000, 100), rb = pull(b, &sub, 2000, 333);
    for (uint32_t i = 0; i < 2000; i++) {
        assert_true(row_of(&rb, i)[0].d == row_of(&ra, i)[3].d);
        assert_string_equal(row_of(&rb, i)[1].s, row_of(&ra, i)[0].s);
        assert_int_equal(rb.t[i], ra.t[i]);
    }
    rows_free(&ra);
    rows_free(&rb);
    ss_generator_free(a);
    ss_generator_free(b);
}

static void test_price_declared_double_decimal_varchar_integer(void **state)
{
    (void)state;
    decl full = all_of("ticker");
    ss_type dec = ty(SS_T_DECIMAL);
    dec.precision = 10;
    dec.scale = 2;
    decl d = {0};
    add(&d, "PRICE", ty(SS_T_DOUBLE));
    add(&d, "PRICE", dec);
    add(&d, "PRICE", ty(SS_T_VARCHAR));
    add(&d, "PRICE", ty(SS_T_INTEGER));
    add(&d, "EVENT_TIME", ty(SS_T_BIGINT));
    add(&d, "CHANGE", ty(SS_T_DOUBLE));
    ss_generator *a = gen("ticker", 5, 0, -1, &full), *b = gen("ticker", 5, 0, -1, &d);
    rows ra = pull(a, &full, 3000, 512), rb = pull(b, &d, 3000, 512);
    for (uint32_t i = 0; i < 3000; i++) {
        const ss_value *x = row_of(&ra, i), *y = row_of(&rb, i);
        double real = x[3].d;
        /* DOUBLE gets the exact cent value, not the float's widening. */
        double cents = y[0].d * 100.0;
        assert_true(fabs(cents - nearbyint(cents)) < 1e-6);
        assert_true(y[0].d == (double)(int64_t)nearbyint(cents) / 100.0);
        assert_true(ss_real(y[0].d) == real);
        assert_int_equal(y[1].i, (int64_t)nearbyint(cents));
        assert_true(fabs(strtod(y[2].s, NULL) - y[0].d) < 1e-9);
        assert_null(strchr(y[2].s, 'e'));
        assert_int_equal(y[3].i, (int64_t)y[0].d);
        assert_int_equal(y[4].i, ra.t[i]);
        double cc = y[5].d * 100.0;
        assert_true(fabs(cc - nearbyint(cc)) < 1e-6);
        assert_true(ss_real(y[5].d) == x[2].d);
    }
    assert_int_equal(ss_generator_cast_failures(b), 0);
    rows_free(&ra);
    rows_free(&rb);
    ss_generator_free(a);
    ss_generator_free(b);
}

static void test_narrow_declared_types_truncate_or_null(void **state)
{
    (void)state;
    decl d = {0};
    ss_type vc2 = ty(SS_T_VARCHAR), dec = ty(SS_T_DECIMAL);
    vc2.length = 2;
    dec.precision = 3; /* at most 9.99: most prices do not fit */
    dec.scale = 2;
    add(&d, "TICKER_SYMBOL", vc2);
    add(&d, "PRICE", dec);
    add(&d, "APPROXIMATE_ARRIVAL_TIME", ty(SS_T_TIMESTAMP));
    d.cols[2].hidden = true;
    ss_generator *g = gen("ticker", 3, 0, -1, &d);
    rows r = pull(g, &d, 1000, 1000);
    uint32_t nulls = 0;
    for (uint32_t i = 0; i < r.n; i++) {
        const ss_value *v = row_of(&r, i);
        assert_true(v[0].len <= 2);
        nulls += v[1].null;
        assert_true(v[1].null || v[1].i < 1000);
        assert_true(v[2].null);
    }
    assert_true(nulls > 900);
    assert_int_equal(ss_generator_cast_failures(g), nulls);
    assert_true(ss_generator_truncations(g) > 500);
    rows_free(&r);
    ss_generator_free(g);
}

/* ---- data shape ----------------------------------------------------------- */

static void test_ticker_walk_skew_and_sectors(void **state)
{
    (void)state;
    decl d = all_of("ticker");
    ss_generator *g = gen("ticker", 2026, 0, -1, &d);
    uint32_t n = 200000;
    rows r = pull(g, &d, n, 1024);
    struct {
        const char *sym, *sec;
        int64_t last;
        uint32_t count;
    } seen[64];
    int nseen = 0;
    bool tech = false, energy = false;
    for (uint32_t i = 0; i < n; i++) {
        const ss_value *v = row_of(&r, i);
        assert_true(v[0].len >= 3 && v[0].len <= 4);
        assert_true(v[1].len <= 16);
        tech |= strcmp(v[1].s, "TECHNOLOGY") == 0;
        energy |= strcmp(v[1].s, "ENERGY") == 0;
        assert_true(v[3].d > 0);
        int64_t cents = (int64_t)nearbyint(v[3].d * 100), change = (int64_t)nearbyint(v[2].d * 100);
        assert_true(v[3].d == ss_real((double)cents / 100.0)); /* two decimals */
        int k;
        for (k = 0; k < nseen; k++)
            if (strcmp(seen[k].sym, v[0].s) == 0)
                break;
        if (k == nseen) {
            assert_true(nseen < 64);
            seen[k].sym = v[0].s;
            seen[k].sec = v[1].s;
            seen[k].last = cents - change;
            seen[k].count = 0;
            nseen++;
        }
        assert_string_equal(seen[k].sec, v[1].s); /* a symbol keeps its sector */
        assert_int_equal(seen[k].last + change, cents); /* CHANGE is the step */
        seen[k].last = cents;
        seen[k].count++;
    }
    assert_true(tech && energy);
    assert_int_equal(nseen, 30);
    uint32_t lo = UINT32_MAX, hi = 0;
    for (int k = 0; k < nseen; k++) {
        lo = seen[k].count < lo ? seen[k].count : lo;
        hi = seen[k].count > hi ? seen[k].count : hi;
    }
    assert_true(hi > 10 * lo); /* some symbols are much busier than others */
    rows_free(&r);
    ss_generator_free(g);
}

static void test_nexmark_event_mix_ids_and_nulls(void **state)
{
    (void)state;
    decl d = all_of("nexmark");
    const ss_gen_column *gc;
    ss_generator_schema("nexmark", &gc);
    ss_generator *g = gen("nexmark", 11, 0, -1, &d);
    uint32_t n = 50000;
    rows r = pull(g, &d, n, 1000);
    int et = col_index(&d, "EVENT_TYPE"), pid = col_index(&d, "PERSON_ID"), aid = col_index(&d, "AUCTION_ID");
    int auc = col_index(&d, "AUCTION"), bidder = col_index(&d, "BIDDER"), price = col_index(&d, "PRICE");
    int ib = col_index(&d, "INITIAL_BID"), res = col_index(&d, "RESERVE"), exp = col_index(&d, "EXPIRES");
    int dt = col_index(&d, "DATE_TIME"), cat = col_index(&d, "CATEGORY"), seller = col_index(&d, "SELLER");
    int extra = col_index(&d, "EXTRA");
    /* Columns that belong to each kind (besides EVENT_TYPE, DATE_TIME, EXTRA). */
    const char *person[] = {"PERSON_ID", "NAME", "EMAIL_ADDRESS", "CREDIT_CARD", "CITY", "STATE"};
    const char *auction[] = {"AUCTION_ID", "ITEM_NAME", "DESCRIPTION", "INITIAL_BID",
                             "RESERVE",    "EXPIRES",   "SELLER",      "CATEGORY"};
    const char *bid[] = {"BIDDER", "PRICE", "CHANNEL", "URL", "AUCTION"};
    uint32_t kinds[3] = {0};
    int64_t last_person = 999, last_auction = 999;
    uint32_t hot = 0;
    for (uint32_t i = 0; i < n; i++) {
        const ss_value *v = row_of(&r, i);
        int64_t k = v[et].i;
        assert_true(k >= 0 && k <= 2);
        kinds[k]++;
        /* The 1:3:46 mix, by position in each block of 50. */
        assert_int_equal(k, i % 50 == 0 ? 0 : i % 50 < 4 ? 1 : 2);
        assert_int_equal(v[dt].i, r.t[i]);
        assert_false(v[extra].null);
        for (uint32_t c = 0; c < d.n; c++) {
            const char *name = d.cols[c].name;
            bool mine = c == (uint32_t)et || c == (uint32_t)dt || c == (uint32_t)extra;
            for (size_t j = 0; j < (k == 0 ? 6 : k == 1 ? 8 : 5); j++)
                mine |= strcmp(name, (k == 0 ? person : k == 1 ? auction : bid)[j]) == 0;
            assert_int_equal(v[c].null, !mine);
            if (!v[c].null && ss_type_is_string(gc[c].type))
                assert_true(v[c].len <= gc[c].type.length);
        }
        if (k == 0) {
            assert_int_equal(v[pid].i, last_person + 1); /* person ids increase */
            last_person = v[pid].i;
        } else if (k == 1) {
            assert_int_equal(v[aid].i, last_auction + 1); /* auction ids increase */
            last_auction = v[aid].i;
            assert_true(v[ib].i >= 100 && v[res].i > v[ib].i);
            assert_true(v[exp].i > v[dt].i);
            assert_true(v[cat].i >= 10 && v[cat].i < 15);
            assert_true(v[seller].i >= 1000 && v[seller].i <= last_person + 10);
        } else {
            assert_true(v[price].i >= 100);
            /* Bids are for recent auctions (or up to 10 ahead), by existing-ish persons. */
            assert_true(v[auc].i >= 1000 && v[auc].i <= last_auction + 10);
            assert_true(v[auc].i >= last_auction - 100 - 99);
            assert_true(v[bidder].i >= 1000 && v[bidder].i <= last_person + 10);
            hot += v[auc].i == (last_auction - 1000) / 100 * 100 + 1000;
        }
    }
    assert_int_equal(kinds[0], n / 50);
    assert_int_equal(kinds[1], n / 50 * 3);
    assert_int_equal(kinds[2], n / 50 * 46);
    /* About half the bids go to the current hot auction. */
    assert_true(hot > kinds[2] * 4 / 10 && hot < kinds[2] * 6 / 10);
    rows_free(&r);
    ss_generator_free(g);
}

static void test_nexmark_channel_urls_are_stable(void **state)
{
    (void)state;
    decl d = {0};
    add(&d, "CHANNEL", ty(SS_T_VARCHAR));
    add(&d, "URL", ty(SS_T_VARCHAR));
    ss_generator *g = gen("nexmark", 4, 0, -1, &d);
    rows r = pull(g, &d, 100000, 4096);
    /* Every channel has one URL throughout the run. */
    const char *url_of[10000 + 4] = {0};
    const char *hot[] = {"Google", "Facebook", "Baidu", "Apple"};
    uint32_t nbids = 0, nhot = 0;
    for (uint32_t i = 0; i < r.n; i++) {
        const ss_value *v = row_of(&r, i);
        if (v[0].null) {
            assert_true(v[1].null);
            continue;
        }
        nbids++;
        assert_int_equal(strncmp(v[1].s, "https://www.nexmark.com/", 24), 0);
        int slot = -1;
        for (int h = 0; h < 4; h++)
            if (strcmp(v[0].s, hot[h]) == 0)
                slot = 10000 + h;
        if (slot < 0) {
            assert_int_equal(strncmp(v[0].s, "channel-", 8), 0);
            slot = atoi(v[0].s + 8);
            assert_true(slot >= 0 && slot < 10000);
            char tail[32];
            snprintf(tail, sizeof tail, "&channel_id=%d", slot);
            assert_non_null(strstr(v[1].s, tail));
        } else {
            nhot++;
        }
        if (url_of[slot])
            assert_string_equal(url_of[slot], v[1].s);
        else
            url_of[slot] = v[1].s;
    }
    assert_true(nhot > nbids * 4 / 10 && nhot < nbids * 6 / 10);
    rows_free(&r);
    ss_generator_free(g);
}

/* ---- speed ---------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void speed(const char *kind, uint32_t n)
{
    decl d = all_of(kind);
    ss_generator *g = gen(kind, 1, 0, n, &d);
    ss_value *vals = calloc((size_t)1024 * d.n, sizeof(ss_value));
    int64_t ev[1024];
    double t0 = now_s();
    uint64_t total = 0, sum = 0;
    uint32_t k;
    while ((k = ss_generator_next(g, 0, vals, ev, 1024)) > 0) {
        total += k;
        sum += (uint64_t)vals[0].len; /* keep the work observable */
    }
    double secs = now_s() - t0;
    assert_int_equal(total, n);
    printf("[ info ] %s: %u rows in %.3f s (%.1f M rows/s) [%llu]\n", kind, n, secs, n / secs / 1e6,
           (unsigned long long)(sum & 1));
    free(vals);
    ss_generator_free(g);
}

static void test_ticker_one_million_rows_speed(void **state)
{
    (void)state;
    speed("ticker", 1000000);
}

static void test_nexmark_one_million_rows_speed(void **state)
{
    (void)state;
    speed("nexmark", 1000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schemas),
        cmocka_unit_test(test_errors_at_creation),
        cmocka_unit_test(test_ticker_same_seed_same_rows_other_seed_other_rows),
        cmocka_unit_test(test_nexmark_same_seed_same_rows_other_seed_other_rows),
        cmocka_unit_test(test_ticker_first_rows_are_pinned),
        cmocka_unit_test(test_count_is_honoured),
        cmocka_unit_test(test_rate_zero_times_are_ten_ms_apart_and_ignore_now),
        cmocka_unit_test(test_rate_produces_exactly_the_rows_due),
        cmocka_unit_test(test_declared_subset_in_any_order_gets_the_same_values),
        cmocka_unit_test(test_price_declared_double_decimal_varchar_integer),
        cmocka_unit_test(test_narrow_declared_types_truncate_or_null),
        cmocka_unit_test(test_ticker_walk_skew_and_sectors),
        cmocka_unit_test(test_nexmark_event_mix_ids_and_nulls),
        cmocka_unit_test(test_nexmark_channel_urls_are_stable),
        cmocka_unit_test(test_ticker_one_million_rows_speed),
        cmocka_unit_test(test_nexmark_one_million_rows_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
