/* Unit tests for exec/groupwin: the GROUP BY window operator (tumbling,
 * calendar, hopping, session and stagger windows), fed directly with
 * ss_groupwin_add / ss_groupwin_add_many and drained with
 * ss_groupwin_advance. Queries come from compiling a small application, so
 * the operator sees exactly the ss_query the analyzer builds. Expected epoch
 * values were computed independently (Python's datetime). */
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
#include "sql/analyze.h"

#include "compile_app.h"

#define STREAM_S                                                                                   \
    "CREATE STREAM S (k VARCHAR(4000), x INTEGER, b BIGINT, d DOUBLE, s VARCHAR(4000), "          \
    "m DECIMAL(10,2)) WITH (FILE = '-');\n"

/* ---- collecting emitted rows -------------------------------------------- */

#define MAXW 10

typedef struct erow {
    int64_t start, end;
    ss_value v[MAXW];
} erow;

typedef struct fixture {
    compiled *c;
    const ss_query *q;
    ss_groupwin *g;
    erow *rows;
    size_t n, cap;
    uint32_t width;
    char msg[256];
} fixture;

static ss_type slot_type(const ss_query *q, uint32_t i)
{
    return i < q->nkeys ? q->keys[i]->type : q->aggs[i - q->nkeys].type;
}

/* Copies the row: its strings die with the group once emit returns. */
static void collect(void *ctx, ss_value *row, int64_t start, int64_t end, ss_origin origin)
{
    fixture *f = ctx;
    (void)origin;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->rows = realloc(f->rows, f->cap * sizeof *f->rows);
        assert_non_null(f->rows);
    }
    erow *r = &f->rows[f->n++];
    memset(r, 0, sizeof *r);
    r->start = start;
    r->end = end;
    for (uint32_t i = 0; i < f->width; i++) {
        r->v[i] = row[i];
        if (!row[i].null && ss_type_is_string(slot_type(f->q, i))) {
            char *s = malloc(row[i].len + 1);
            assert_non_null(s);
            memcpy(s, row[i].s, row[i].len);
            s[row[i].len] = 0;
            r->v[i].s = s;
        }
    }
}

static void clear_rows(fixture *f)
{
    for (size_t r = 0; r < f->n; r++)
        for (uint32_t i = 0; i < f->width; i++)
            if (!f->rows[r].v[i].null && ss_type_is_string(slot_type(f->q, i)))
                free((void *)f->rows[r].v[i].s);
    f->n = 0;
}

static void fix_register(fixture *f);

static fixture *fix_new(const char *select)
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
    assert_int_not_equal(f->q->window, SS_WIN_NONE);
    f->width = f->q->nkeys + f->q->naggs;
    assert_true(f->width <= MAXW);
    f->g = ss_groupwin_new(f->q);
    assert_non_null(f->g);
    fix_register(f);
    return f;
}

/* Fixtures still open when a test fails (an assertion jumps out of it) are
 * freed by the teardown, so that a failure is not followed by leak reports. */
#define MAX_OPEN 8
static fixture *open_fixtures[MAX_OPEN];

static void fix_register(fixture *f)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (!open_fixtures[i]) {
            open_fixtures[i] = f;
            return;
        }
    fail_msg("too many open fixtures");
}

static void fix_free(fixture *f)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_fixtures[i] == f)
            open_fixtures[i] = NULL;
    clear_rows(f);
    free(f->rows);
    ss_groupwin_free(f->g);
    compiled_free(f->c);
    free(f);
}

static void advance(fixture *f, int64_t wm)
{
    ss_groupwin_advance(f->g, wm, collect, f);
}

static ss_value I(int64_t i) { return ss_int(i); }
static ss_value D(double d) { return ss_dbl(d); }
static ss_value N(void) { return ss_null(); }
static ss_value S(const char *s) { return ss_str(s, (uint32_t)strlen(s)); }

/* Adds a row; asserts it was accepted. */
#define ADD(f, t, keys, args)                                                                      \
    assert_true(ss_groupwin_add((f)->g, (t), (ss_value[])keys, (ss_value[])args, ss_origin_none(), (f)->msg))
#define K(...) {__VA_ARGS__}
#define A(...) {__VA_ARGS__}

/* Macros, so that a failure reports the caller's line. */
#define assert_str_value(v, want)                                                                  \
    do {                                                                                           \
        ss_value v_ = (v);                                                                         \
        const char *w_ = (want);                                                                   \
        assert_false(v_.null);                                                                     \
        assert_int_equal(v_.len, strlen(w_));                                                      \
        assert_memory_equal(v_.s, w_, v_.len);                                                     \
    } while (0)

#define assert_int_value(v, want)                                                                  \
    do {                                                                                           \
        ss_value v_ = (v);                                                                         \
        assert_false(v_.null);                                                                     \
        assert_int_equal(v_.i, (want));                                                            \
    } while (0)

/* Checks an emitted row of a "key, window, COUNT(*)" query. */
static void check_kwc(const fixture *f, size_t r, const char *key, int64_t start, int64_t end, int64_t count,
                      int line)
{
    const char *file = __FILE__;
    _assert_true(r < f->n, "row index", file, line);
    const erow *e = &f->rows[r];
    if (key) {
        _assert_true(!e->v[0].null, "key not NULL", file, line);
        _assert_int_equal(e->v[0].len, strlen(key), file, line);
        _assert_true(memcmp(e->v[0].s, key, e->v[0].len) == 0, "key bytes", file, line);
    } else {
        _assert_true(e->v[0].null, "key NULL", file, line);
    }
    _assert_int_equal((uint64_t)e->start, (uint64_t)start, file, line);
    _assert_int_equal((uint64_t)e->end, (uint64_t)end, file, line);
    if (f->q->window_key >= 0)
        _assert_int_equal((uint64_t)e->v[f->q->window_key].i, (uint64_t)start, file, line);
    _assert_true(!e->v[f->q->nkeys].null, "count not NULL", file, line);
    _assert_int_equal((uint64_t)e->v[f->q->nkeys].i, (uint64_t)count, file, line);
}
#define assert_kwc(f, r, key, start, end, count) check_kwc((f), (r), (key), (start), (end), (count), __LINE__)

#define TUMBLE_10S                                                                                 \
    "SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND) AS w, COUNT(*) AS n, SUM(x) AS sx "   \
    "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);"

/* ---- tumbling windows ----------------------------------------------------- */

static void test_tumble_exact_multiples_start_a_window(void **state)
{
    (void)state;
    fixture *f = fix_new(TUMBLE_10S);
    assert_int_equal(f->q->window, SS_WIN_TUMBLE);
    assert_int_equal(f->q->window_key, 1);
    int64_t ts[] = {0, 1, 9999, 10000, 19999, 20000, 30000};
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
        ADD(f, ts[i], K(S("a"), N()), A(I(0), I((int64_t)i + 1)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 4);
    assert_kwc(f, 0, "a", 0, 10000, 3);
    assert_int_value(f->rows[0].v[3], 1 + 2 + 3);
    assert_kwc(f, 1, "a", 10000, 20000, 2);
    assert_int_value(f->rows[1].v[3], 4 + 5);
    assert_kwc(f, 2, "a", 20000, 30000, 1);
    assert_int_value(f->rows[2].v[3], 6);
    assert_kwc(f, 3, "a", 30000, 40000, 1);
    assert_int_value(f->rows[3].v[3], 7);
    fix_free(f);
}

static void test_tumble_negative_timestamps(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '1' SECOND), COUNT(*) "
                         "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '1' SECOND);");
    /* -1001 is in [-2000, -1000); -1000 and -1 in [-1000, 0); 0 in [0, 1000). */
    int64_t ts[] = {-1001, -1000, -999, -1, 0};
    for (size_t i = 0; i < 5; i++)
        ADD(f, ts[i], K(S("a"), N()), A(I(0)));
    advance(f, -1000);
    assert_int_equal(f->n, 1);
    assert_kwc(f, 0, "a", -2000, -1000, 1);
    advance(f, 0);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 1, "a", -1000, 0, 3);
    advance(f, 999);
    assert_int_equal(f->n, 2);
    advance(f, 1000);
    assert_int_equal(f->n, 3);
    assert_kwc(f, 2, "a", 0, 1000, 1);
    fix_free(f);

    /* FLOOR TO DAY before 1970: -1 ms is in 1969-12-31. */
    f = fix_new("SELECT STREAM k, FLOOR(S.ROWTIME TO DAY), COUNT(*) FROM S GROUP BY k, FLOOR(S.ROWTIME TO DAY);");
    ADD(f, -86400001, K(S("a"), N()), A(I(0)));
    ADD(f, -86400000, K(S("a"), N()), A(I(0)));
    ADD(f, -1, K(S("a"), N()), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 0, "a", -2 * 86400000LL, -86400000, 1);
    assert_kwc(f, 1, "a", -86400000, 0, 2);
    fix_free(f);
}

static void test_tumble_empty_windows_emit_nothing(void **state)
{
    (void)state;
    fixture *f = fix_new(TUMBLE_10S);
    advance(f, 1000000); /* nothing added at all */
    assert_int_equal(f->n, 0);
    ADD(f, 1000005, K(S("a"), N()), A(I(0), I(1)));
    ADD(f, 1050000, K(S("a"), N()), A(I(0), I(1)));
    advance(f, 2000000);
    /* The four empty windows between them produce no rows. */
    assert_int_equal(f->n, 2);
    assert_kwc(f, 0, "a", 1000000, 1010000, 1);
    assert_kwc(f, 1, "a", 1050000, 1060000, 1);
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    ss_groupwin_stats st;
    ss_groupwin_stats_get(f->g, &st);
    assert_int_equal(st.groups, 0);
    assert_int_equal(st.peak_groups, 2); /* the first window was still open when the second opened */
    fix_free(f);
}

static void test_tumble_emits_when_watermark_reaches_end(void **state)
{
    (void)state;
    fixture *f = fix_new(TUMBLE_10S);
    ADD(f, 5000, K(S("a"), N()), A(I(0), I(1)));
    advance(f, 5000);
    advance(f, 9999); /* end - 1 */
    assert_int_equal(f->n, 0);
    ADD(f, 9999, K(S("b"), N()), A(I(0), I(1))); /* still open: accepted into it */
    advance(f, 10000); /* end */
    assert_int_equal(f->n, 2);
    assert_kwc(f, 0, "a", 0, 10000, 1);
    assert_kwc(f, 1, "b", 0, 10000, 1);
    advance(f, 10000); /* emitted once only */
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    fix_free(f);
}

static void test_tumble_emission_order(void **state)
{
    (void)state;
    fixture *f = fix_new(TUMBLE_10S);
    /* Window 0: groups first seen in the order b, a, c. Window 1: z, b. */
    ADD(f, 1, K(S("b"), N()), A(I(0), I(1)));
    ADD(f, 2, K(S("a"), N()), A(I(0), I(1)));
    ADD(f, 3, K(S("c"), N()), A(I(0), I(1)));
    ADD(f, 4, K(S("a"), N()), A(I(0), I(1)));
    ADD(f, 5, K(S("b"), N()), A(I(0), I(1)));
    ADD(f, 10001, K(S("z"), N()), A(I(0), I(1)));
    ADD(f, 10002, K(S("b"), N()), A(I(0), I(1)));
    ADD(f, 10003, K(S("z"), N()), A(I(0), I(1)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 5);
    assert_kwc(f, 0, "b", 0, 10000, 2);
    assert_kwc(f, 1, "a", 0, 10000, 2);
    assert_kwc(f, 2, "c", 0, 10000, 1);
    assert_kwc(f, 3, "z", 10000, 20000, 2);
    assert_kwc(f, 4, "b", 10000, 20000, 1);
    fix_free(f);
}

static void test_tumble_ties_in_rowtime(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), COUNT(*), "
                         "FIRST_VALUE(x), LAST_VALUE(x) FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    /* Three rows at one instant: first/last follow arrival order. Two at the boundary. */
    ADD(f, 5000, K(S("a"), N()), A(I(0), I(1), I(1)));
    ADD(f, 5000, K(S("b"), N()), A(I(0), I(2), I(2)));
    ADD(f, 5000, K(S("a"), N()), A(I(0), I(3), I(3)));
    ADD(f, 5000, K(S("a"), N()), A(I(0), I(4), I(4)));
    ADD(f, 10000, K(S("a"), N()), A(I(0), I(5), I(5)));
    ADD(f, 10000, K(S("a"), N()), A(I(0), I(6), I(6)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_kwc(f, 0, "a", 0, 10000, 3);
    assert_int_value(f->rows[0].v[3], 1);
    assert_int_value(f->rows[0].v[4], 4);
    assert_kwc(f, 1, "b", 0, 10000, 1);
    assert_kwc(f, 2, "a", 10000, 20000, 2);
    assert_int_value(f->rows[2].v[3], 5);
    assert_int_value(f->rows[2].v[4], 6);
    fix_free(f);
}

/* KDA's FLOOR((s.ROWTIME - TIMESTAMP 'T0') SECOND / 10 TO SECOND): 10-second
 * windows aligned to T0, not to the epoch. */
static void test_tumble_aligned_to_timestamp(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, FLOOR((S.ROWTIME - TIMESTAMP '1970-01-01 00:00:03') SECOND / 10 TO SECOND), "
                         "COUNT(*) FROM S GROUP BY k, "
                         "FLOOR((S.ROWTIME - TIMESTAMP '1970-01-01 00:00:03') SECOND / 10 TO SECOND);");
    assert_int_equal(f->q->window, SS_WIN_TUMBLE);
    assert_int_equal(f->q->size_ms, 10000);
    assert_int_equal(f->q->align_ms, 3000);
    ADD(f, -7001, K(S("a"), N()), A(I(0)));
    ADD(f, -7000, K(S("a"), N()), A(I(0)));
    ADD(f, 2999, K(S("a"), N()), A(I(0)));
    ADD(f, 3000, K(S("a"), N()), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_kwc(f, 0, "a", -17000, -7000, 1);
    assert_kwc(f, 1, "a", -7000, 3000, 2);
    assert_kwc(f, 2, "a", 3000, 13000, 1);
    fix_free(f);
}

/* ---- calendar windows ----------------------------------------------------- */

static void test_floor_to_month_across_february(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, FLOOR(S.ROWTIME TO MONTH) AS mo, COUNT(*) "
                         "FROM S GROUP BY k, FLOOR(S.ROWTIME TO MONTH);");
    assert_int_equal(f->q->calendar, SS_UNIT_MONTH);
    const int64_t dec69 = -2678400000LL, jan70 = 0;
    const int64_t feb1900 = -2206310400000LL, feb1900_28 = -2203934400000LL, mar1900 = -2203891200000LL;
    const int64_t feb2000 = 949363200000LL, feb2000_29 = 951782400000LL, mar2000 = 951868800000LL;
    const int64_t feb2023 = 1675209600000LL, feb2023_end = 1677628799999LL, mar2023 = 1677628800000LL;
    const int64_t apr2023 = 1680307200000LL;
    const int64_t jan2024 = 1704067200000LL, jan2024_end = 1706745599999LL, feb2024 = 1706745600000LL;
    const int64_t feb2024_29 = 1709208000000LL, feb2024_end = 1709251199999LL, mar2024 = 1709251200000LL;
    const int64_t apr2024 = 1711929600000LL;

    ADD(f, feb1900_28, K(S("a"), N()), A(I(0))); /* 1900 is not a leap year: 28 days */
    ADD(f, -1468800000LL, K(S("a"), N()), A(I(0))); /* 1969-12-15 */
    ADD(f, feb2000_29, K(S("a"), N()), A(I(0))); /* 2000 is a leap year */
    ADD(f, feb2023_end, K(S("a"), N()), A(I(0)));
    ADD(f, mar2023, K(S("a"), N()), A(I(0)));
    ADD(f, jan2024_end, K(S("a"), N()), A(I(0)));
    ADD(f, feb2024, K(S("a"), N()), A(I(0)));
    ADD(f, feb2024_29, K(S("a"), N()), A(I(0)));
    ADD(f, feb2024_end, K(S("a"), N()), A(I(0)));
    ADD(f, mar2024, K(S("a"), N()), A(I(0)));

    advance(f, mar2024 - 1); /* February 2024 is still open */
    assert_int_equal(f->n, 6);
    assert_kwc(f, 0, "a", feb1900, mar1900, 1);
    assert_kwc(f, 1, "a", dec69, jan70, 1);
    assert_kwc(f, 2, "a", feb2000, mar2000, 1);
    assert_kwc(f, 3, "a", feb2023, mar2023, 1);
    assert_kwc(f, 4, "a", mar2023, apr2023, 1);
    assert_kwc(f, 5, "a", jan2024, feb2024, 1);
    advance(f, mar2024);
    assert_int_equal(f->n, 7);
    assert_kwc(f, 6, "a", feb2024, mar2024, 3);
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 8);
    assert_kwc(f, 7, "a", mar2024, apr2024, 1);
    fix_free(f);
}

static void test_floor_to_year(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, FLOOR(S.ROWTIME TO YEAR), COUNT(*) FROM S GROUP BY k, FLOOR(S.ROWTIME TO YEAR);");
    ADD(f, -1, K(S("a"), N()), A(I(0)));
    ADD(f, 1709208000000LL, K(S("a"), N()), A(I(0))); /* 2024-02-29 12:00 */
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 0, "a", -31536000000LL, 0, 1);             /* 1969 */
    assert_kwc(f, 1, "a", 1704067200000LL, 1735689600000LL, 1); /* 2024 (366 days) */
    fix_free(f);
}

/* ---- hopping windows ------------------------------------------------------ */

typedef struct hopwin {
    int64_t start;
    int64_t count, sum;
} hopwin;

/* Brute force: for every window start k*slide, the rows with start <= t < start + size. */
static void check_hop_against_brute_force(int64_t slide_ms, int64_t size_ms, const int64_t *ts, size_t n)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT STREAM HOP(S.ROWTIME, INTERVAL '%lld' SECOND, INTERVAL '%lld' SECOND) AS w, COUNT(*), SUM(x) "
             "FROM S GROUP BY HOP(S.ROWTIME, INTERVAL '%lld' SECOND, INTERVAL '%lld' SECOND);",
             (long long)(slide_ms / 1000), (long long)(size_ms / 1000), (long long)(slide_ms / 1000),
             (long long)(size_ms / 1000));
    fixture *f = fix_new(sql);
    assert_int_equal(f->q->window, SS_WIN_HOP);
    assert_int_equal(f->q->slide_ms, slide_ms);
    assert_int_equal(f->q->size_ms, size_ms);
    for (size_t i = 0; i < n; i++)
        ADD(f, ts[i], K(N()), A(I(0), I((int64_t)i + 1)));
    advance(f, INT64_MAX);

    /* Expected windows, in order of start (= order of end: one size). */
    int64_t lo = ts[0] - size_ms - slide_ms, hi = ts[n - 1] + slide_ms;
    int64_t first = lo - (((lo % slide_ms) + slide_ms) % slide_ms);
    size_t e = 0;
    for (int64_t start = first; start <= hi; start += slide_ms) {
        int64_t count = 0, sum = 0;
        for (size_t i = 0; i < n; i++)
            if (ts[i] >= start && ts[i] < start + size_ms) {
                count++;
                sum += (int64_t)i + 1;
            }
        if (!count)
            continue;
        assert_true(e < f->n);
        assert_int_equal(f->rows[e].start, start);
        assert_int_equal(f->rows[e].end, start + size_ms);
        assert_int_value(f->rows[e].v[0], start);
        assert_int_value(f->rows[e].v[1], count);
        assert_int_value(f->rows[e].v[2], sum);
        e++;
    }
    assert_int_equal(e, f->n);
    fix_free(f);
}

static void test_hop_size_multiple_of_slide(void **state)
{
    (void)state;
    /* slide 2 s, size 6 s: a row at 7000 is in [2000,8000), [4000,10000), [6000,12000). */
    fixture *f = fix_new("SELECT STREAM HOP(S.ROWTIME, INTERVAL '2' SECOND, INTERVAL '6' SECOND), COUNT(*) "
                         "FROM S GROUP BY HOP(S.ROWTIME, INTERVAL '2' SECOND, INTERVAL '6' SECOND);");
    ADD(f, 7000, K(N()), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    int64_t starts[] = {2000, 4000, 6000};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(f->rows[i].start, starts[i]);
        assert_int_equal(f->rows[i].end, starts[i] + 6000);
        assert_int_value(f->rows[i].v[1], 1);
    }
    fix_free(f);

    int64_t ts[] = {-7000, -6000, -1, 0, 1999, 2000, 5999, 6000, 6001, 7000, 12000, 12000, 30000};
    check_hop_against_brute_force(2000, 6000, ts, sizeof ts / sizeof ts[0]);
    check_hop_against_brute_force(1000, 1000, ts, sizeof ts / sizeof ts[0]);
}

static void test_hop_size_not_multiple_of_slide(void **state)
{
    (void)state;
    /* slide 3 s, size 5 s: 7000 is in [3000,8000) and [6000,11000); 8000 only in [6000,11000). */
    fixture *f = fix_new("SELECT STREAM HOP(S.ROWTIME, INTERVAL '3' SECOND, INTERVAL '5' SECOND), COUNT(*) "
                         "FROM S GROUP BY HOP(S.ROWTIME, INTERVAL '3' SECOND, INTERVAL '5' SECOND);");
    ADD(f, 7000, K(N()), A(I(0)));
    ADD(f, 8000, K(N()), A(I(0)));
    advance(f, 7999);
    assert_int_equal(f->n, 0);
    advance(f, 8000);
    assert_int_equal(f->n, 1);
    assert_int_equal(f->rows[0].start, 3000);
    assert_int_value(f->rows[0].v[1], 1);
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_int_equal(f->rows[1].start, 6000);
    assert_int_equal(f->rows[1].end, 11000);
    assert_int_value(f->rows[1].v[1], 2);
    fix_free(f);

    int64_t ts[] = {-9001, -4000, -1, 0, 1, 2999, 3000, 4999, 5000, 7000, 8000, 8000, 14999, 15000, 40000};
    check_hop_against_brute_force(3000, 5000, ts, sizeof ts / sizeof ts[0]);
    check_hop_against_brute_force(2000, 7000, ts, sizeof ts / sizeof ts[0]);
    check_hop_against_brute_force(4000, 10000, ts, sizeof ts / sizeof ts[0]);
}

static void test_hop_groups_and_order(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '10' SECOND), COUNT(*) "
                         "FROM S GROUP BY k, HOP(S.ROWTIME, INTERVAL '5' SECOND, INTERVAL '10' SECOND);");
    ADD(f, 1000, K(S("b"), N()), A(I(0)));  /* [-5000,5000) [0,10000) */
    ADD(f, 6000, K(S("a"), N()), A(I(0)));  /* [0,10000) [5000,15000) */
    ADD(f, 7000, K(S("b"), N()), A(I(0)));  /* [0,10000) [5000,15000) */
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 5);
    assert_kwc(f, 0, "b", -5000, 5000, 1);
    assert_kwc(f, 1, "b", 0, 10000, 2);
    assert_kwc(f, 2, "a", 0, 10000, 1);
    assert_kwc(f, 3, "a", 5000, 15000, 1);
    assert_kwc(f, 4, "b", 5000, 15000, 1);
    fix_free(f);
}

/* ---- session windows ------------------------------------------------------ */

#define SESSION_10S                                                                                \
    "SELECT STREAM k, SESSION(S.ROWTIME, INTERVAL '10' SECOND) AS w, COUNT(*) "                     \
    "FROM S GROUP BY k, SESSION(S.ROWTIME, INTERVAL '10' SECOND);"

static void test_session_gap_boundary(void **state)
{
    (void)state;
    fixture *f = fix_new(SESSION_10S);
    assert_int_equal(f->q->window, SS_WIN_SESSION);
    assert_int_equal(f->q->gap_ms, 10000);
    ADD(f, 0, K(S("a"), N()), A(I(0)));
    ADD(f, 9999, K(S("a"), N()), A(I(0)));   /* gap - 1: joins */
    ADD(f, 19999, K(S("a"), N()), A(I(0)));  /* exactly gap: a new session */
    ADD(f, 29998, K(S("a"), N()), A(I(0)));  /* gap - 1 again: joins the second */
    advance(f, 19998);
    assert_int_equal(f->n, 0);
    advance(f, 19999); /* last + gap of the first session */
    assert_int_equal(f->n, 1);
    assert_kwc(f, 0, "a", 0, 19999, 2);
    advance(f, 39997);
    assert_int_equal(f->n, 1);
    advance(f, 39998);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 1, "a", 19999, 39998, 2);
    fix_free(f);
}

static void test_session_extension_reorders_emission(void **state)
{
    (void)state;
    fixture *f = fix_new(SESSION_10S);
    ADD(f, 0, K(S("a"), N()), A(I(0)));     /* a: end 10000 */
    ADD(f, 1000, K(S("b"), N()), A(I(0)));  /* b: end 11000 */
    ADD(f, 5000, K(S("a"), N()), A(I(0)));  /* a: end 15000, now after b */
    ADD(f, 5000, K(S("c"), N()), A(I(0)));  /* c: end 15000, opened after a's extension */
    advance(f, 11000);
    assert_int_equal(f->n, 1);
    assert_kwc(f, 0, "b", 1000, 11000, 1);
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_kwc(f, 1, "a", 0, 15000, 2);
    assert_kwc(f, 2, "c", 5000, 15000, 1);
    fix_free(f);

    /* Equal ends: in the order of the last extension. */
    f = fix_new(SESSION_10S);
    ADD(f, 0, K(S("a"), N()), A(I(0)));
    ADD(f, 0, K(S("b"), N()), A(I(0)));
    ADD(f, 0, K(S("a"), N()), A(I(0)));    /* a tie: no extension, a stays first */
    ADD(f, 2000, K(S("b"), N()), A(I(0)));
    ADD(f, 2000, K(S("a"), N()), A(I(0)));  /* both end at 12000; a extended last */
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 0, "b", 0, 12000, 2);
    assert_kwc(f, 1, "a", 0, 12000, 3);
    fix_free(f);

    f = fix_new(SESSION_10S);
    ADD(f, 0, K(S("a"), N()), A(I(0)));
    ADD(f, 0, K(S("b"), N()), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 0, "a", 0, 10000, 1);
    assert_kwc(f, 1, "b", 0, 10000, 1);
    fix_free(f);
}

static void test_session_new_session_after_emission(void **state)
{
    (void)state;
    fixture *f = fix_new(SESSION_10S);
    ADD(f, 0, K(S("a"), N()), A(I(0)));
    advance(f, 10000);
    assert_int_equal(f->n, 1);
    ADD(f, 10000, K(S("a"), N()), A(I(0)));
    ADD(f, 15000, K(S("a"), N()), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 1, "a", 10000, 25000, 2);
    fix_free(f);
}

/* ---- stagger windows ------------------------------------------------------ */

static void test_stagger_windows(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, COUNT(*), SUM(x) FROM S "
                         "WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '1' MINUTE);");
    assert_int_equal(f->q->window, SS_WIN_STAGGER);
    assert_int_equal(f->q->window_key, -1);
    assert_int_equal(f->q->size_ms, 60000);
    ADD(f, 1000, K(S("a")), A(I(0), I(1)));    /* a opens [1000, 61000) */
    ADD(f, 30000, K(S("b")), A(I(0), I(10)));  /* b opens [30000, 90000) */
    ADD(f, 60999, K(S("a")), A(I(0), I(2)));   /* t0 + n - 1: in a's window */
    ADD(f, 61000, K(S("a")), A(I(0), I(4)));   /* t0 + n: opens [61000, 121000) */
    ADD(f, 62000, K(S("a")), A(I(0), I(8)));
    advance(f, 60999);
    assert_int_equal(f->n, 0);
    advance(f, 61000);
    assert_int_equal(f->n, 1);
    assert_kwc(f, 0, "a", 1000, 61000, 2);
    assert_int_value(f->rows[0].v[2], 3);
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_kwc(f, 1, "b", 30000, 90000, 1);
    assert_int_value(f->rows[1].v[2], 10);
    assert_kwc(f, 2, "a", 61000, 121000, 2);
    assert_int_value(f->rows[2].v[2], 12);
    fix_free(f);

    /* A row long after the window opens a window at its own ROWTIME, not at
     * a multiple of the size. */
    f = fix_new("SELECT STREAM k, COUNT(*) FROM S WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '10' SECOND);");
    ADD(f, 3, K(S("a")), A(I(0)));
    ADD(f, 123457, K(S("a")), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_kwc(f, 0, "a", 3, 10003, 1);
    assert_kwc(f, 1, "a", 123457, 133457, 1);
    fix_free(f);
}

/* ---- keys ----------------------------------------------------------------- */

static void test_null_keys_group_together(void **state)
{
    (void)state;
    fixture *f = fix_new(TUMBLE_10S);
    ADD(f, 1, K(N(), N()), A(I(0), I(1)));
    ADD(f, 2, K(S(""), N()), A(I(0), I(2))); /* the empty string is not NULL */
    ADD(f, 3, K(N(), N()), A(I(0), I(4)));
    ADD(f, 4, K(S("a"), N()), A(I(0), N()));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_kwc(f, 0, NULL, 0, 10000, 2);
    assert_int_value(f->rows[0].v[3], 5);
    assert_kwc(f, 1, "", 0, 10000, 1);
    assert_kwc(f, 2, "a", 0, 10000, 1);
    assert_true(f->rows[2].v[3].null); /* SUM of only NULLs */
    fix_free(f);

    /* Two keys: (NULL, 1) and (NULL, NULL) differ. */
    f = fix_new("SELECT STREAM k, x, STEP(S.ROWTIME BY INTERVAL '10' SECOND), COUNT(*) "
                "FROM S GROUP BY k, x, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    ADD(f, 1, K(N(), I(1), N()), A(I(0)));
    ADD(f, 2, K(N(), N(), N()), A(I(0)));
    ADD(f, 3, K(N(), I(1), N()), A(I(0)));
    ADD(f, 4, K(N(), N(), N()), A(I(0)));
    ADD(f, 5, K(N(), I(0), N()), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_true(f->rows[0].v[0].null);
    assert_int_value(f->rows[0].v[1], 1);
    assert_int_value(f->rows[0].v[3], 2);
    assert_true(f->rows[1].v[1].null);
    assert_int_value(f->rows[1].v[3], 2);
    assert_int_value(f->rows[2].v[1], 0);
    assert_int_value(f->rows[2].v[3], 1);
    fix_free(f);
}

static void test_negative_zero_and_nan_keys(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM d, STEP(S.ROWTIME BY INTERVAL '10' SECOND), COUNT(*) "
                         "FROM S GROUP BY d, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    ADD(f, 1, K(D(0.0), N()), A(I(0)));
    ADD(f, 2, K(D(-0.0), N()), A(I(0)));
    ADD(f, 3, K(D(1.0), N()), A(I(0)));
    ADD(f, 4, K(D(-0.0), N()), A(I(0)));
    ADD(f, 5, K(D(NAN), N()), A(I(0)));
    ADD(f, 6, K(D(-NAN), N()), A(I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_false(f->rows[0].v[0].null);
    assert_true(f->rows[0].v[0].d == 0.0);
    assert_int_value(f->rows[0].v[2], 3);
    assert_true(f->rows[1].v[0].d == 1.0);
    assert_int_value(f->rows[1].v[2], 1);
    assert_true(isnan(f->rows[2].v[0].d));
    assert_int_value(f->rows[2].v[2], 2);
    fix_free(f);
}

static void test_long_string_keys(void **state)
{
    (void)state;
    fixture *f = fix_new(TUMBLE_10S);
    /* Keys of 24, 25, 100 and 3000 bytes, some sharing a long prefix. */
    char k24[25], k25a[26], k25b[26], k100[101], k3000[3001];
    memset(k24, 'p', 24), k24[24] = 0;
    memset(k25a, 'p', 25), k25a[25] = 0;
    memcpy(k25b, k25a, 26), k25b[24] = 'q';
    memset(k100, 'p', 100), k100[100] = 0;
    for (int i = 0; i < 3000; i++)
        k3000[i] = (char)('a' + i % 26);
    k3000[3000] = 0;
    const char *keys[] = {k24, k25a, k25b, k100, k3000, k25a, k3000, k24, k100, k25b, k3000};
    char buf[3001];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        /* The key is read from a buffer that is overwritten right after. */
        strcpy(buf, keys[i]);
        ADD(f, (int64_t)i, K(S(buf), N()), A(I(0), I(1)));
        memset(buf, '#', strlen(buf));
    }
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 5);
    assert_kwc(f, 0, k24, 0, 10000, 2);
    assert_kwc(f, 1, k25a, 0, 10000, 2);
    assert_kwc(f, 2, k25b, 0, 10000, 2);
    assert_kwc(f, 3, k100, 0, 10000, 2);
    assert_kwc(f, 4, k3000, 0, 10000, 3);
    fix_free(f);
}

/* 100,000 groups, three rows each, through ss_groupwin_add_many in batches
 * (and once more through ss_groupwin_add): every group once, exact counts. */
static void on_error_fail(void *ctx, uint32_t row, const char *msg)
{
    (void)ctx;
    fail_msg("row %u rejected: %s", row, msg);
}

static void many_groups(bool batched)
{
    enum { NKEYS = 100000, ROWS = 3 * NKEYS, BATCH = 1024 };
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '1' MINUTE), COUNT(*), SUM(b) "
                         "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '1' MINUTE);");
    char (*names)[40] = malloc((size_t)NKEYS * 40);
    assert_non_null(names);
    for (int i = 0; i < NKEYS; i++)
        snprintf(names[i], 40, "group-key-number-%08d-x", i); /* 27 bytes: not inline */
    int64_t *t = malloc(sizeof(int64_t) * BATCH);
    ss_value *keys = calloc((size_t)BATCH * 2, sizeof(ss_value));
    ss_value *args = calloc((size_t)BATCH * 2, sizeof(ss_value));
    assert_non_null(t), assert_non_null(keys), assert_non_null(args);
    for (int r0 = 0; r0 < ROWS; r0 += BATCH) {
        int n = ROWS - r0 < BATCH ? ROWS - r0 : BATCH;
        for (int j = 0; j < n; j++) {
            int r = r0 + j, key = (int)(((int64_t)r * 7919) % NKEYS);
            t[j] = r / 10;
            keys[2 * j] = S(names[key]);
            keys[2 * j + 1] = N();
            args[2 * j] = I(0);
            args[2 * j + 1] = I(r);
        }
        if (batched) {
            ss_groupwin_add_many(f->g, (uint32_t)n, t, keys, args, NULL, on_error_fail, NULL);
        } else {
            for (int j = 0; j < n; j++)
                assert_true(ss_groupwin_add(f->g, t[j], keys + 2 * j, args + 2 * j, ss_origin_none(), f->msg));
        }
    }
    ss_groupwin_stats st;
    ss_groupwin_stats_get(f->g, &st);
    assert_int_equal(st.groups, NKEYS);
    assert_int_equal(st.peak_groups, NKEYS);
    advance(f, 59999);
    assert_int_equal(f->n, 0);
    advance(f, 60000);
    assert_int_equal(f->n, NKEYS);
    /* Row r goes to key r*7919 mod N; 7919 is prime to N, so the first rows
     * 0..N-1 see every key once, in the order key(0), key(1), ... */
    for (int i = 0; i < NKEYS; i++) {
        int key = (int)(((int64_t)i * 7919) % NKEYS);
        erow *e = &f->rows[i];
        assert_str_value(e->v[0], names[key]);
        assert_int_equal(e->start, 0);
        assert_int_equal(e->end, 60000);
        assert_int_value(e->v[2], 3);
        assert_int_value(e->v[3], (int64_t)i * 3 + 3 * NKEYS);
    }
    ss_groupwin_stats_get(f->g, &st);
    assert_int_equal(st.groups, 0);
    free(names);
    free(t);
    free(keys);
    free(args);
    fix_free(f);
}

static void test_many_groups_batched(void **state)
{
    (void)state;
    many_groups(true);
}

static void test_many_groups_one_by_one(void **state)
{
    (void)state;
    many_groups(false);
}

/* ---- aggregates ----------------------------------------------------------- */

static void test_count_distinct(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), COUNT(DISTINCT x), "
                         "COUNT(DISTINCT s), COUNT(DISTINCT d), COUNT(x), COUNT(*) "
                         "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    char longs[300];
    memset(longs, 'z', 299), longs[299] = 0;
    char buf[300];
    struct { ss_value x; const char *s; ss_value d; } rows[] = {
        {I(1), "a", D(0.0)}, {I(2), "b", D(-0.0)}, {I(2), "a", D(1.5)}, {N(), NULL, N()},
        {I(3), longs, D(1.5)}, {I(1), longs, D(NAN)}, {I(-1), "", D(NAN)},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ss_value s = N();
        if (rows[i].s) {
            strcpy(buf, rows[i].s);
            s = S(buf);
        }
        ADD(f, (int64_t)i, K(S("g"), N()), A(rows[i].x, s, rows[i].d, rows[i].x, I(0)));
        memset(buf, '#', sizeof buf - 1); /* the set keeps its own copies */
    }
    ADD(f, 20000, K(S("g"), N()), A(I(1), S("a"), D(0.0), I(1), I(0)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_int_value(f->rows[0].v[2], 4); /* 1, 2, 3, -1 */
    assert_int_value(f->rows[0].v[3], 4); /* a, b, long, "" */
    assert_int_value(f->rows[0].v[4], 3); /* 0 (= -0), 1.5, NaN */
    assert_int_value(f->rows[0].v[5], 6);
    assert_int_value(f->rows[0].v[6], 7);
    /* The next window starts from an empty set. */
    assert_int_value(f->rows[1].v[2], 1);
    assert_int_value(f->rows[1].v[3], 1);
    assert_int_value(f->rows[1].v[4], 1);
    fix_free(f);
}

#define SUM_QUERY                                                                                  \
    "SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), COUNT(*), SUM(b) "                   \
    "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);"

typedef struct errs {
    uint32_t rows[16];
    uint32_t n;
    char msg[160];
} errs;

static void on_error_record(void *ctx, uint32_t row, const char *msg)
{
    errs *e = ctx;
    assert_true(e->n < 16);
    e->rows[e->n++] = row;
    snprintf(e->msg, sizeof e->msg, "%s", msg);
}

static void test_sum_overflow_reported(void **state)
{
    (void)state;
    fixture *f = fix_new(SUM_QUERY);
    ADD(f, 1, K(S("a"), N()), A(I(0), I(INT64_MAX)));
    f->msg[0] = 0;
    assert_false(ss_groupwin_add(f->g, 2, (ss_value[]){S("a"), N()}, (ss_value[]){I(0), I(1)}, ss_origin_none(), f->msg));
    assert_string_equal(f->msg, "SUM overflows BIGINT");
    /* Another group is not affected. */
    ADD(f, 3, K(S("b"), N()), A(I(0), I(INT64_MIN)));
    assert_false(ss_groupwin_add(f->g, 4, (ss_value[]){S("b"), N()}, (ss_value[]){I(0), I(-1)}, ss_origin_none(), f->msg));
    ADD(f, 5, K(S("c"), N()), A(I(0), I(INT64_MAX)));
    ADD(f, 6, K(S("c"), N()), A(I(0), I(INT64_MIN))); /* -1: fine */
    ADD(f, 7, K(S("c"), N()), A(I(0), I(INT64_MAX)));
    fix_free(f);

    /* Through add_many: the failing rows are reported by index. */
    f = fix_new(SUM_QUERY);
    int64_t t[5] = {1, 2, 3, 4, 5};
    ss_value keys[10] = {S("a"), N(), S("a"), N(), S("b"), N(), S("a"), N(), S("b"), N()};
    ss_value args[10] = {I(0), I(INT64_MAX - 5), I(0), I(5), I(0), I(7), I(0), I(1), I(0), I(8)};
    errs e = {0};
    ss_groupwin_add_many(f->g, 5, t, keys, args, NULL, on_error_record, &e);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.rows[0], 3);
    assert_string_equal(e.msg, "SUM overflows BIGINT");
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_str_value(f->rows[0].v[0], "a");
    assert_str_value(f->rows[1].v[0], "b"); /* the other group is not affected */
    assert_int_value(f->rows[1].v[2], 2);
    assert_int_value(f->rows[1].v[3], 15);
    fix_free(f);
}

/* A row whose SUM overflows is reported and skipped (groupwin.h): it must
 * leave no trace in its group, neither in the sum nor in the other aggregates. */
static void test_sum_overflow_row_leaves_no_trace(void **state)
{
    (void)state;
    fixture *f = fix_new(SUM_QUERY);
    ADD(f, 1, K(S("a"), N()), A(I(0), I(INT64_MAX)));
    assert_false(ss_groupwin_add(f->g, 2, (ss_value[]){S("a"), N()}, (ss_value[]){I(0), I(1)}, ss_origin_none(), f->msg));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 1);
    assert_int_value(f->rows[0].v[2], 1);         /* COUNT(*): the skipped row is not counted */
    assert_int_value(f->rows[0].v[3], INT64_MAX); /* SUM: not wrapped to INT64_MIN */
    fix_free(f);

    f = fix_new(SUM_QUERY);
    ADD(f, 1, K(S("a"), N()), A(I(0), I(INT64_MAX)));
    assert_false(ss_groupwin_add(f->g, 2, (ss_value[]){S("a"), N()}, (ss_value[]){I(0), I(1)}, ss_origin_none(), f->msg));
    ADD(f, 3, K(S("a"), N()), A(I(0), I(-1)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 1);
    assert_int_value(f->rows[0].v[2], 2);
    assert_int_value(f->rows[0].v[3], INT64_MAX - 1);
    fix_free(f);
}

static void test_first_last_value_with_nulls(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), FIRST_VALUE(x), LAST_VALUE(x), "
                         "FIRST_VALUE(s), LAST_VALUE(s) FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    char buf[64];
    /* a: NULL first and last; b: values around a NULL; c: NULL only in the middle. */
    struct { const char *k; ss_value x; const char *s; } rows[] = {
        {"a", N(), NULL}, {"b", I(1), "one"}, {"a", I(2), "two"}, {"c", I(3), "three"},
        {"b", N(), NULL}, {"c", N(), NULL},   {"a", N(), NULL},   {"c", I(4), "four"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ss_value s = N();
        if (rows[i].s) {
            strcpy(buf, rows[i].s);
            s = S(buf);
        }
        ADD(f, (int64_t)i, K(S(rows[i].k), N()), A(rows[i].x, rows[i].x, s, s));
        memset(buf, '#', sizeof buf - 1);
    }
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_str_value(f->rows[0].v[0], "a");
    assert_true(f->rows[0].v[2].null);
    assert_true(f->rows[0].v[3].null);
    assert_true(f->rows[0].v[4].null);
    assert_true(f->rows[0].v[5].null);
    assert_str_value(f->rows[1].v[0], "b");
    assert_int_value(f->rows[1].v[2], 1);
    assert_true(f->rows[1].v[3].null);
    assert_str_value(f->rows[1].v[4], "one");
    assert_true(f->rows[1].v[5].null);
    assert_str_value(f->rows[2].v[0], "c");
    assert_int_value(f->rows[2].v[2], 3);
    assert_int_value(f->rows[2].v[3], 4);
    assert_str_value(f->rows[2].v[4], "three");
    assert_str_value(f->rows[2].v[5], "four");
    fix_free(f);
}

static void test_min_max_strings_outlive_input(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), MIN(s), MAX(s), MIN(x), MAX(d) "
                         "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    /* Byte order: "B" < "a" < "ab" < "b" < "é" (0xC3 0xA9 > 'z'). */
    const char *vals[] = {"ab", "b", "a", "\xc3\xa9", "B", "abc-a-much-longer-string-than-the-others", NULL};
    char *buf = malloc(128);
    assert_non_null(buf);
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        ss_value s = N();
        if (vals[i]) {
            strcpy(buf, vals[i]);
            s = S(buf);
        }
        ADD(f, (int64_t)i, K(S("g"), N()), A(s, s, I((int64_t)i - 3), D((double)i * 0.5)));
        memset(buf, 'Z', 127); /* mutate the input after adding */
    }
    free(buf); /* and free it: the state must hold its own copies */
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 1);
    assert_str_value(f->rows[0].v[2], "B");
    assert_str_value(f->rows[0].v[3], "\xc3\xa9");
    assert_int_value(f->rows[0].v[4], -3);
    assert_true(f->rows[0].v[5].d == 3.0);
    fix_free(f);
}

static void test_min_max_doubles_nan_and_zero(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), MIN(d), MAX(d) "
                         "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    /* NaN is above everything: MAX is NaN once one is seen, MIN ignores it. */
    double a[] = {NAN, 1.0, -INFINITY, 2.0};
    for (int i = 0; i < 4; i++)
        ADD(f, i, K(S("a"), N()), A(D(a[i]), D(a[i])));
    double b[] = {3.0, INFINITY, NAN};
    for (int i = 0; i < 3; i++)
        ADD(f, 10 + i, K(S("b"), N()), A(D(b[i]), D(b[i])));
    ADD(f, 20, K(S("c"), N()), A(D(NAN), D(NAN)));
    ADD(f, 21, K(S("c"), N()), A(N(), N()));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 3);
    assert_true(f->rows[0].v[2].d == -INFINITY);
    assert_true(isnan(f->rows[0].v[3].d));
    assert_true(f->rows[1].v[2].d == 3.0);
    assert_true(isnan(f->rows[1].v[3].d));
    assert_true(isnan(f->rows[2].v[2].d));
    assert_true(isnan(f->rows[2].v[3].d));
    fix_free(f);
}

static void test_avg_truncates_and_rounds(void **state)
{
    (void)state;
    fixture *f = fix_new("SELECT STREAM k, STEP(S.ROWTIME BY INTERVAL '10' SECOND), AVG(x), AVG(m) "
                         "FROM S GROUP BY k, STEP(S.ROWTIME BY INTERVAL '10' SECOND);");
    /* x: -1, -2 -> -1.5 truncates to -1. m: 0.01, 0.02 -> 0.015 rounds (half away) to 0.02. */
    ADD(f, 1, K(S("a"), N()), A(I(-1), I(1)));
    ADD(f, 2, K(S("a"), N()), A(I(-2), I(2)));
    /* x: 7, 8 -> 7; m: -0.01, -0.02 -> -0.015 -> -0.02 */
    ADD(f, 3, K(S("b"), N()), A(I(7), I(-1)));
    ADD(f, 4, K(S("b"), N()), A(I(8), I(-2)));
    advance(f, INT64_MAX);
    assert_int_equal(f->n, 2);
    assert_int_value(f->rows[0].v[2], -1);
    assert_int_value(f->rows[0].v[3], 2);
    assert_int_value(f->rows[1].v[2], 7);
    assert_int_value(f->rows[1].v[3], -2);
    fix_free(f);
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < MAX_OPEN; i++)
        if (open_fixtures[i])
            fix_free(open_fixtures[i]);
    return 0;
}

int main(void)
{
#undef cmocka_unit_test
#define cmocka_unit_test(f) cmocka_unit_test_teardown(f, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tumble_exact_multiples_start_a_window),
        cmocka_unit_test(test_tumble_negative_timestamps),
        cmocka_unit_test(test_tumble_empty_windows_emit_nothing),
        cmocka_unit_test(test_tumble_emits_when_watermark_reaches_end),
        cmocka_unit_test(test_tumble_emission_order),
        cmocka_unit_test(test_tumble_ties_in_rowtime),
        cmocka_unit_test(test_tumble_aligned_to_timestamp),
        cmocka_unit_test(test_floor_to_month_across_february),
        cmocka_unit_test(test_floor_to_year),
        cmocka_unit_test(test_hop_size_multiple_of_slide),
        cmocka_unit_test(test_hop_size_not_multiple_of_slide),
        cmocka_unit_test(test_hop_groups_and_order),
        cmocka_unit_test(test_session_gap_boundary),
        cmocka_unit_test(test_session_extension_reorders_emission),
        cmocka_unit_test(test_session_new_session_after_emission),
        cmocka_unit_test(test_stagger_windows),
        cmocka_unit_test(test_null_keys_group_together),
        cmocka_unit_test(test_negative_zero_and_nan_keys),
        cmocka_unit_test(test_long_string_keys),
        cmocka_unit_test(test_many_groups_batched),
        cmocka_unit_test(test_many_groups_one_by_one),
        cmocka_unit_test(test_count_distinct),
        cmocka_unit_test(test_sum_overflow_reported),
        cmocka_unit_test(test_sum_overflow_row_leaves_no_trace),
        cmocka_unit_test(test_first_last_value_with_nulls),
        cmocka_unit_test(test_min_max_strings_outlive_input),
        cmocka_unit_test(test_min_max_doubles_nan_and_zero),
        cmocka_unit_test(test_avg_truncates_and_rounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
