/* Unit tests for exec/sliding: agg(x) OVER (PARTITION BY ... RANGE/ROWS ...
 * PRECEDING), fed directly with ss_sliding_add. Small hand-checked cases for
 * the frame bounds, ties and partitions, then every aggregate against a
 * brute-force recomputation of each row's frame over 10,000 random rows. */
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

#include "exec/sliding.h"
#include "sql/analyze.h"

#include "compile_app.h"

/* Columns: 0 k, 1 x, 2 b, 3 d, 4 s. */
enum { COL_K, COL_X, COL_B, COL_D, COL_S, NCOLS };
#define STREAM_S                                                                                   \
    "CREATE STREAM S (k VARCHAR(64), x INTEGER, b BIGINT, d DOUBLE, s VARCHAR(64)) WITH (FILE = '-');\n"

typedef struct fixture {
    compiled *c;
    const ss_query *q;
    ss_sliding *sl;
    ss_value res[16];
    char msg[256];
} fixture;

static void fix_register(fixture *f);

/* "SELECT STREAM k, <select> FROM S WINDOW w AS (<window>);" */
static fixture *fix_new(const char *select, const char *window)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    char sql[2048];
    snprintf(sql, sizeof sql, "%sSELECT STREAM k, %s FROM S WINDOW w AS (%s);", STREAM_S, select, window);
    f->c = compile_app(sql);
    f->q = f->c->app->pumps[0]->q;
    assert_int_equal(f->q->novers, 1);
    assert_true(f->q->naggs <= 16);
    for (uint32_t a = 0; a < f->q->naggs; a++) {
        assert_int_equal(f->q->aggs[a].over, 0);
        /* Arguments are plain columns here: args[a] is that column's value. */
        if (f->q->aggs[a].arg)
            assert_int_equal(f->q->aggs[a].arg->kind, SS_E_SLOT);
    }
    f->sl = ss_sliding_new(f->q, 0);
    assert_non_null(f->sl);
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
    ss_sliding_free(f->sl);
    compiled_free(f->c);
    free(f);
}

/* Adds an input row: partition values and aggregate arguments come from it. */
static bool add_row(fixture *f, int64_t t, const ss_value *row)
{
    const ss_over *o = &f->q->overs[0];
    ss_value parts[4], args[16];
    assert_true(o->npartition <= 4);
    for (uint32_t k = 0; k < o->npartition; k++) {
        assert_int_equal(o->partition[k]->kind, SS_E_SLOT);
        parts[k] = row[o->partition[k]->slot];
    }
    for (uint32_t a = 0; a < f->q->naggs; a++)
        args[a] = f->q->aggs[a].arg ? row[f->q->aggs[a].arg->slot] : ss_int(0);
    return ss_sliding_add(f->sl, t, parts, args, ss_origin_none(), f->res, f->msg);
}

static ss_value I(int64_t i) { return ss_int(i); }
static ss_value D(double d) { return ss_dbl(d); }
static ss_value N(void) { return ss_null(); }
static ss_value S(const char *s) { return ss_str(s, (uint32_t)strlen(s)); }

/* A row of S: k, x, b, d, s. */
#define ROW(k, x, b, d, s) ((ss_value[]){k, x, b, d, s})
#define ADD(f, t, row) assert_true(add_row((f), (t), (row)))

#define assert_int_value(v, want)                                                                  \
    do {                                                                                           \
        ss_value v_ = (v);                                                                         \
        assert_false(v_.null);                                                                     \
        assert_int_equal(v_.i, (want));                                                            \
    } while (0)

#define assert_str_value(v, want)                                                                  \
    do {                                                                                           \
        ss_value v_ = (v);                                                                         \
        const char *w_ = (want);                                                                   \
        assert_false(v_.null);                                                                     \
        assert_int_equal(v_.len, strlen(w_));                                                      \
        assert_memory_equal(v_.s, w_, v_.len);                                                     \
    } while (0)

/* ---- frame bounds ---------------------------------------------------------- */

static void test_range_bounds_inclusive(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, SUM(x) OVER w", "RANGE INTERVAL '10' SECOND PRECEDING");
    assert_int_equal(f->q->overs[0].frame, SS_FRAME_RANGE);
    assert_int_equal(f->q->overs[0].range_ms, 10000);
    ADD(f, 0, ROW(N(), I(1), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 1);
    ADD(f, 10000, ROW(N(), I(2), N(), N(), N())); /* exactly n ms older: in */
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 3);
    ADD(f, 10001, ROW(N(), I(4), N(), N(), N())); /* n + 1 ms older: out */
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 6);
    ADD(f, 30001, ROW(N(), I(8), N(), N(), N())); /* everything else is out */
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 8);
    fix_free(f);

    /* The same before 1970. */
    f = fix_new("COUNT(*) OVER w, SUM(x) OVER w", "RANGE INTERVAL '1' SECOND PRECEDING");
    ADD(f, -2001, ROW(N(), I(1), N(), N(), N()));
    ADD(f, -1001, ROW(N(), I(2), N(), N(), N()));
    assert_int_value(f->res[1], 3);
    ADD(f, -1, ROW(N(), I(4), N(), N(), N()));
    assert_int_value(f->res[1], 6);
    ADD(f, 0, ROW(N(), I(8), N(), N(), N()));
    assert_int_value(f->res[1], 12);
    fix_free(f);

    /* A sub-second range. */
    f = fix_new("COUNT(*) OVER w", "RANGE INTERVAL '0.250' SECOND PRECEDING");
    assert_int_equal(f->q->overs[0].range_ms, 250);
    ADD(f, 1000, ROW(N(), I(1), N(), N(), N()));
    ADD(f, 1250, ROW(N(), I(1), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    ADD(f, 1251, ROW(N(), I(1), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    fix_free(f);
}

static void test_ties_later_row_not_in_earlier_result(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, SUM(x) OVER w, FIRST_VALUE(x) OVER w, LAST_VALUE(x) OVER w, MAX(x) OVER w",
                         "RANGE INTERVAL '1' SECOND PRECEDING");
    ADD(f, 5, ROW(N(), I(1), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 1);
    assert_int_value(f->res[4], 1);
    ADD(f, 5, ROW(N(), I(2), N(), N(), N())); /* sees the earlier peer, not later ones */
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 3);
    assert_int_value(f->res[2], 1);
    assert_int_value(f->res[3], 2);
    assert_int_value(f->res[4], 2);
    ADD(f, 5, ROW(N(), I(4), N(), N(), N()));
    assert_int_value(f->res[0], 3);
    assert_int_value(f->res[1], 7);
    assert_int_value(f->res[3], 4);
    ADD(f, 1005, ROW(N(), I(8), N(), N(), N())); /* all three peers are exactly 1 s older: in */
    assert_int_value(f->res[0], 4);
    assert_int_value(f->res[1], 15);
    assert_int_value(f->res[2], 1);
    ADD(f, 1006, ROW(N(), I(16), N(), N(), N())); /* all three leave at once */
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 24);
    assert_int_value(f->res[2], 8);
    fix_free(f);
}

static void test_rows_zero_is_the_row(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, SUM(x) OVER w, MIN(x) OVER w, MAX(s) OVER w, FIRST_VALUE(x) OVER w, "
                         "VAR_POP(d) OVER w, VAR_SAMP(d) OVER w",
                         "ROWS 0 PRECEDING");
    assert_int_equal(f->q->overs[0].frame, SS_FRAME_ROWS);
    assert_int_equal(f->q->overs[0].rows, 0);
    int64_t xs[] = {5, -3, 7, 7, 0};
    const char *ss[] = {"e", "a", "z", "b", ""};
    for (int i = 0; i < 5; i++) {
        ADD(f, i / 2, ROW(N(), I(xs[i]), N(), D((double)xs[i] * 1.5), S(ss[i])));
        assert_int_value(f->res[0], 1);
        assert_int_value(f->res[1], xs[i]);
        assert_int_value(f->res[2], xs[i]);
        assert_str_value(f->res[3], ss[i]);
        assert_int_value(f->res[4], xs[i]);
        assert_false(f->res[5].null);
        assert_true(f->res[5].d == 0.0);
        assert_true(f->res[6].null); /* a sample of one */
    }
    ADD(f, 10, ROW(N(), N(), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_true(f->res[1].null);
    assert_true(f->res[2].null);
    assert_true(f->res[3].null);
    assert_true(f->res[4].null);
    assert_true(f->res[5].null);
    fix_free(f);
}

static void test_rows_n(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, SUM(x) OVER w, MIN(x) OVER w, FIRST_VALUE(x) OVER w", "ROWS 2 PRECEDING");
    int64_t xs[] = {1, 2, 4, 8, 16, 32};
    int64_t sums[] = {1, 3, 7, 14, 28, 56};
    int64_t counts[] = {1, 2, 3, 3, 3, 3};
    int64_t firsts[] = {1, 1, 1, 2, 4, 8};
    for (int i = 0; i < 6; i++) {
        /* Time plays no part in a ROWS frame: rows far apart still count. */
        ADD(f, (int64_t)i * 1000000000LL, ROW(N(), I(xs[i]), N(), N(), N()));
        assert_int_value(f->res[0], counts[i]);
        assert_int_value(f->res[1], sums[i]);
        assert_int_value(f->res[2], firsts[i]);
        assert_int_value(f->res[3], firsts[i]);
    }
    fix_free(f);
}

static void test_partitions_independent(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, SUM(x) OVER w, FIRST_VALUE(x) OVER w",
                         "PARTITION BY k RANGE INTERVAL '10' SECOND PRECEDING");
    ADD(f, 0, ROW(S("a"), I(1), N(), N(), N()));
    ADD(f, 1000, ROW(S("b"), I(10), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 10);
    ADD(f, 2000, ROW(N(), I(100), N(), N(), N())); /* NULL is a partition of its own */
    assert_int_value(f->res[1], 100);
    ADD(f, 3000, ROW(S("a"), I(2), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 3);
    ADD(f, 4000, ROW(N(), I(200), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 300);
    ADD(f, 10500, ROW(S("b"), I(20), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 30);
    ADD(f, 12500, ROW(S("a"), I(4), N(), N(), N())); /* a's row at 0 has left, b's rows stay */
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 6);
    assert_int_value(f->res[2], 2);
    assert_int_equal(ss_sliding_partitions(f->sl), 3);
    fix_free(f);

    /* Two partition columns. */
    f = fix_new("COUNT(*) OVER w", "PARTITION BY k, x ROWS 10 PRECEDING");
    ADD(f, 0, ROW(S("a"), I(1), N(), N(), N()));
    ADD(f, 0, ROW(S("a"), I(2), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    ADD(f, 0, ROW(S("a"), I(1), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    ADD(f, 0, ROW(S("a"), N(), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_equal(ss_sliding_partitions(f->sl), 3);
    fix_free(f);
}

static void test_nulls_and_empty_aggregates(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, COUNT(x) OVER w, SUM(x) OVER w, AVG(d) OVER w, MIN(s) OVER w, "
                         "STDDEV_SAMP(d) OVER w, COUNT(DISTINCT x) OVER w, LAST_VALUE(x) OVER w",
                         "RANGE INTERVAL '1' SECOND PRECEDING");
    ADD(f, 0, ROW(N(), N(), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 0);
    assert_true(f->res[2].null);
    assert_true(f->res[3].null);
    assert_true(f->res[4].null);
    assert_true(f->res[5].null);
    assert_int_value(f->res[6], 0);
    assert_true(f->res[7].null);
    ADD(f, 1, ROW(N(), I(3), N(), D(2.0), S("q")));
    assert_int_value(f->res[1], 1);
    assert_int_value(f->res[2], 3);
    assert_true(f->res[3].d == 2.0);
    assert_str_value(f->res[4], "q");
    assert_true(f->res[5].null);
    ADD(f, 2, ROW(N(), N(), N(), D(4.0), N()));
    assert_int_value(f->res[0], 3);
    assert_int_value(f->res[1], 1);
    assert_int_value(f->res[2], 3);
    assert_true(f->res[3].d == 3.0);
    assert_str_value(f->res[4], "q");
    assert_false(f->res[5].null);
    assert_true(fabs(f->res[5].d - sqrt(2.0)) < 1e-15);
    assert_true(f->res[7].null); /* LAST_VALUE is the current row's, NULL included */
    /* The non-NULL values leave: back to NULL sums. */
    ADD(f, 1003, ROW(N(), N(), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 0);
    assert_true(f->res[2].null);
    assert_true(f->res[3].null);
    assert_true(f->res[4].null);
    assert_int_value(f->res[6], 0);
    fix_free(f);
}

static void test_first_last_value(void **state)
{
    (void)state;
    fixture *f = fix_new("FIRST_VALUE(x) OVER w, LAST_VALUE(x) OVER w, FIRST_VALUE(s) OVER w, LAST_VALUE(s) OVER w",
                         "ROWS 2 PRECEDING");
    ADD(f, 0, ROW(N(), N(), N(), N(), N()));
    assert_true(f->res[0].null);
    assert_true(f->res[1].null);
    ADD(f, 1, ROW(N(), I(1), N(), N(), S("one")));
    assert_true(f->res[0].null); /* RESPECT NULLS: the first row's NULL */
    assert_int_value(f->res[1], 1);
    assert_true(f->res[2].null);
    assert_str_value(f->res[3], "one");
    ADD(f, 2, ROW(N(), I(2), N(), N(), N()));
    assert_true(f->res[0].null);
    assert_int_value(f->res[1], 2);
    assert_true(f->res[3].null);
    ADD(f, 3, ROW(N(), I(3), N(), N(), S("three")));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 3);
    assert_str_value(f->res[2], "one");
    assert_str_value(f->res[3], "three");
    ADD(f, 4, ROW(N(), N(), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    assert_true(f->res[1].null);
    assert_true(f->res[2].null);
    assert_true(f->res[3].null);
    fix_free(f);
}

static void test_strings_survive_input_mutation(void **state)
{
    (void)state;
    fixture *f = fix_new("MIN(s) OVER w, MAX(s) OVER w, FIRST_VALUE(s) OVER w, COUNT(DISTINCT s) OVER w",
                         "PARTITION BY k RANGE INTERVAL '1' MINUTE PRECEDING");
    const char *vals[] = {"mango", "apple", "zucchini-with-a-longer-name-than-most", "banana", "apple", "\xc3\xa9t\xc3\xa9"};
    char key[16], *buf = malloc(4096);
    assert_non_null(buf);
    for (int i = 0; i < 6; i++) {
        strcpy(key, "part");
        strcpy(buf, vals[i]);
        ADD(f, i, ROW(S(key), N(), N(), N(), S(buf)));
        memset(buf, 'A', 4095); /* the input buffer is reused for the next row */
        memset(key, 'K', 15);
    }
    free(buf);
    assert_str_value(f->res[0], "apple");
    assert_str_value(f->res[1], "\xc3\xa9t\xc3\xa9");
    assert_str_value(f->res[2], "mango");
    assert_int_value(f->res[3], 5);
    /* Many more rows through the same partition: string chunks come and go. */
    char big[5000];
    for (int i = 0; i < 3000; i++) {
        int len = i % 7 == 0 ? 4500 : 1 + i % 50;
        for (int j = 0; j < len; j++)
            big[j] = (char)('a' + (i + j) % 26);
        strcpy(key, "part");
        ADD(f, 100000 + (int64_t)i * 100, ROW(S(key), N(), N(), N(), ss_str(big, (uint32_t)len)));
        memset(big, '#', (size_t)len);
        memset(key, 'K', 15);
        /* FIRST_VALUE is the row 600 rows back (60 s at 100 ms), or the first. */
        int first = i >= 600 ? i - 600 : 0;
        int flen = first % 7 == 0 ? 4500 : 1 + first % 50;
        assert_int_equal(f->res[2].len, (uint32_t)flen);
        for (int j = 0; j < flen; j++)
            assert_int_equal(f->res[2].s[j], (char)('a' + (first + j) % 26));
    }
    fix_free(f);
}

static void test_advance_drops_idle_range_partitions(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, SUM(x) OVER w", "PARTITION BY k RANGE INTERVAL '10' SECOND PRECEDING");
    ADD(f, 0, ROW(S("a"), I(1), N(), N(), N()));
    ADD(f, 5000, ROW(S("b"), I(2), N(), N(), N()));
    ADD(f, 20000, ROW(S("c"), I(4), N(), N(), N()));
    assert_int_equal(ss_sliding_partitions(f->sl), 3);
    ss_sliding_advance(f->sl, 10000); /* a's newest (0) is still in the frame of a row at 10000 */
    assert_int_equal(ss_sliding_partitions(f->sl), 3);
    ss_sliding_advance(f->sl, 15000); /* a: 0 < 15000 - 10000; b: 5000 is not */
    assert_int_equal(ss_sliding_partitions(f->sl), 2);
    ss_sliding_advance(f->sl, 15001);
    assert_int_equal(ss_sliding_partitions(f->sl), 1);
    /* A later row of a dropped partition starts afresh, correctly. */
    ADD(f, 25000, ROW(S("a"), I(8), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 8);
    ADD(f, 25000, ROW(S("b"), I(16), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 16);
    ADD(f, 26000, ROW(S("c"), I(32), N(), N(), N())); /* c was kept: its row at 20000 is in */
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 36);
    assert_int_equal(ss_sliding_partitions(f->sl), 3);
    fix_free(f);

    /* ROWS frames never empty by time: advance keeps them. */
    f = fix_new("COUNT(*) OVER w, SUM(x) OVER w", "PARTITION BY k ROWS 3 PRECEDING");
    ADD(f, 0, ROW(S("a"), I(1), N(), N(), N()));
    ADD(f, 1, ROW(S("b"), I(2), N(), N(), N()));
    ss_sliding_advance(f->sl, 1000000000);
    assert_int_equal(ss_sliding_partitions(f->sl), 2);
    ADD(f, 1000000000, ROW(S("a"), I(4), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 5);
    fix_free(f);

    /* Many idle partitions go, busy ones stay and keep their rows. */
    f = fix_new("COUNT(*) OVER w, SUM(x) OVER w", "PARTITION BY x RANGE INTERVAL '1' SECOND PRECEDING");
    for (int i = 0; i < 10000; i++)
        ADD(f, i, ROW(N(), I(i), N(), N(), N()));
    assert_int_equal(ss_sliding_partitions(f->sl), 10000);
    ss_sliding_advance(f->sl, 10500); /* keeps the partitions with newest >= 9500 */
    assert_int_equal(ss_sliding_partitions(f->sl), 500);
    ADD(f, 10500, ROW(N(), I(9600), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], 19200);
    ADD(f, 10500, ROW(N(), I(5), N(), N(), N()));
    assert_int_value(f->res[0], 1);
    assert_int_value(f->res[1], 5);
    fix_free(f);
}

/* INT64_MIN is the watermark before any row: nothing may be dropped by it
 * (wm - range must not wrap around to a huge value). */
static void test_advance_with_minimal_watermark(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w", "PARTITION BY k RANGE INTERVAL '1' SECOND PRECEDING");
    ADD(f, 0, ROW(S("a"), N(), N(), N(), N()));
    ss_sliding_advance(f->sl, INT64_MIN);
    ss_sliding_advance(f->sl, INT64_MIN + 999);
    assert_int_equal(ss_sliding_partitions(f->sl), 1);
    ADD(f, 500, ROW(S("a"), N(), N(), N(), N()));
    assert_int_value(f->res[0], 2);
    fix_free(f);
}

/* ---- overflow -------------------------------------------------------------- */

static void test_sum_overflow_reported(void **state)
{
    (void)state;
    fixture *f = fix_new("SUM(b) OVER w", "ROWS 1 PRECEDING");
    ADD(f, 0, ROW(N(), N(), I(INT64_MAX), N(), N()));
    f->msg[0] = 0;
    assert_false(add_row(f, 1, ROW(N(), N(), I(1), N(), N())));
    assert_string_equal(f->msg, "SUM overflows BIGINT");
    fix_free(f);

    f = fix_new("SUM(b) OVER w", "ROWS 1 PRECEDING");
    ADD(f, 0, ROW(N(), N(), I(INT64_MIN), N(), N()));
    assert_false(add_row(f, 1, ROW(N(), N(), I(-1), N(), N())));
    assert_string_equal(f->msg, "SUM overflows BIGINT");
    fix_free(f);

    /* Partial sums never overflow while the frame's sum fits. */
    f = fix_new("SUM(b) OVER w", "ROWS 1 PRECEDING");
    ADD(f, 0, ROW(N(), N(), I(INT64_MAX), N(), N()));
    ADD(f, 1, ROW(N(), N(), I(INT64_MIN), N(), N()));
    assert_int_value(f->res[0], -1);
    ADD(f, 2, ROW(N(), N(), I(INT64_MAX), N(), N()));
    assert_int_value(f->res[0], -1);
    fix_free(f);
    f = fix_new("SUM(b) OVER w", "RANGE INTERVAL '1' SECOND PRECEDING");
    ADD(f, 0, ROW(N(), N(), I(INT64_MAX), N(), N()));
    ADD(f, 1000, ROW(N(), N(), I(0), N(), N()));
    assert_int_value(f->res[0], INT64_MAX);
    ADD(f, 1001, ROW(N(), N(), I(INT64_MAX), N(), N())); /* the first row has left */
    assert_int_value(f->res[0], INT64_MAX);
    fix_free(f);
}

/* In a ROWS frame the row that leaves must not count towards an overflow:
 * the frame {0, MAX} sums to MAX. */
static void test_rows_sum_near_int64_max_no_spurious_overflow(void **state)
{
    (void)state;
    fixture *f = fix_new("SUM(b) OVER w", "ROWS 1 PRECEDING");
    ADD(f, 0, ROW(N(), N(), I(INT64_MAX), N(), N()));
    ADD(f, 1, ROW(N(), N(), I(0), N(), N()));
    assert_int_value(f->res[0], INT64_MAX);
    f->msg[0] = 0;
    bool ok = add_row(f, 2, ROW(N(), N(), I(INT64_MAX), N(), N()));
    if (!ok)
        fail_msg("frame {0, INT64_MAX} reported: %s", f->msg);
    assert_int_value(f->res[0], INT64_MAX);
    fix_free(f);
}

/* A row whose SUM overflows is dropped by the pump (it goes to the error
 * stream), so it must not stay in the frame of the rows after it. */
static void test_sum_overflow_row_leaves_no_trace(void **state)
{
    (void)state;
    fixture *f = fix_new("COUNT(*) OVER w, SUM(b) OVER w, MAX(s) OVER w", "ROWS 2 PRECEDING");
    ADD(f, 0, ROW(N(), N(), I(INT64_MAX), N(), S("m")));
    assert_false(add_row(f, 1, ROW(N(), N(), I(1), N(), S("z"))));
    ADD(f, 2, ROW(N(), N(), I(-1), N(), S("a")));
    assert_int_value(f->res[0], 2);
    assert_int_value(f->res[1], INT64_MAX - 1);
    assert_str_value(f->res[2], "m");
    ADD(f, 3, ROW(N(), N(), I(-2), N(), S("b")));
    ADD(f, 4, ROW(N(), N(), I(-4), N(), S("c")));
    assert_int_value(f->res[0], 3);
    assert_int_value(f->res[1], -7);
    assert_str_value(f->res[2], "c");
    fix_free(f);
}

/* An incremental float sum must recover once a NaN has left the frame: the
 * result is what summing the frame's rows gives. */
static void test_double_sum_after_nan_leaves_frame(void **state)
{
    (void)state;
    fixture *f = fix_new("SUM(d) OVER w, AVG(d) OVER w, MAX(d) OVER w", "ROWS 1 PRECEDING");
    ADD(f, 0, ROW(N(), N(), N(), D(NAN), N()));
    assert_true(isnan(f->res[0].d));
    ADD(f, 1, ROW(N(), N(), N(), D(1.0), N()));
    assert_true(isnan(f->res[0].d));
    assert_true(isnan(f->res[2].d)); /* NaN is above everything */
    ADD(f, 2, ROW(N(), N(), N(), D(2.0), N()));
    assert_false(f->res[0].null);
    assert_true(f->res[2].d == 2.0);
    assert_true(f->res[0].d == 3.0);
    assert_true(f->res[1].d == 1.5);
    fix_free(f);

    f = fix_new("SUM(d) OVER w", "ROWS 1 PRECEDING");
    ADD(f, 0, ROW(N(), N(), N(), D(INFINITY), N()));
    ADD(f, 1, ROW(N(), N(), N(), D(1.0), N()));
    assert_true(f->res[0].d == INFINITY);
    ADD(f, 2, ROW(N(), N(), N(), D(2.0), N()));
    assert_true(f->res[0].d == 3.0);
    fix_free(f);
}

/* Variance of the frame's rows, whatever rows left before: {1, 2} has
 * VAR_POP 0.25 even after 1e8 has passed through the frame, and {3, 3} has 0. */
static void test_variance_after_a_large_value_leaves(void **state)
{
    (void)state;
    fixture *f = fix_new("VAR_POP(d) OVER w, STDDEV_SAMP(d) OVER w", "ROWS 1 PRECEDING");
    double vals[] = {1e8, 1, 2, 3, 3};
    double var_pop[] = {0, 2499999950000000.0, 0.25, 0.25, 0};
    for (int i = 0; i < 5; i++) {
        ADD(f, i, ROW(N(), N(), N(), D(vals[i]), N()));
        assert_false(f->res[0].null);
        double want_sd = i == 0 ? 0 : sqrt(var_pop[i] * 2);
        if (fabs(f->res[0].d - var_pop[i]) > 1e-9 * var_pop[i])
            fail_msg("row %d (frame {%g, %g}): VAR_POP %.17g, want %.17g", i, i ? vals[i - 1] : vals[0], vals[i],
                     f->res[0].d, var_pop[i]);
        if (i > 0 && fabs(f->res[1].d - want_sd) > 1e-9 * want_sd)
            fail_msg("row %d: STDDEV_SAMP %.17g, want %.17g", i, f->res[1].d, want_sd);
    }
    fix_free(f);
}

/* ---- brute force ------------------------------------------------------------ */

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static double rng_unit(void) { return (double)(rng() >> 11) / 9007199254740992.0; }

enum data_mode {
    DATA_SPECIAL,  /* doubles with NaN, -0.0, 0.0, negatives: for MIN/MAX/DISTINCT */
    DATA_POSITIVE, /* finite positive doubles of many magnitudes: relative errors */
    DATA_MIXED,    /* finite doubles of both signs */
};

typedef struct inrow {
    int64_t t;
    ss_value v[NCOLS];
} inrow;

static const char *const alphabet[] = {"a", "b", "B", "z", "\xc3\xa9", "~"};

static void gen_rows(inrow *rows, int n, enum data_mode mode, int nparts)
{
    int64_t t = -5000000;
    for (int i = 0; i < n; i++) {
        inrow *r = &rows[i];
        if (rng() % 4)
            t += (int64_t)(rng() % 400);
        r->t = t;
        int p = (int)(rng() % (uint64_t)nparts);
        if (p == 0) {
            r->v[COL_K] = N();
        } else {
            char *k = malloc(16);
            assert_non_null(k);
            snprintf(k, 16, "p%d", p);
            r->v[COL_K] = S(k);
        }
        r->v[COL_X] = rng() % 10 == 0 ? N() : I((int64_t)(rng() % 201) - 100);
        r->v[COL_B] = rng() % 10 == 0 ? N() : I((int64_t)(rng() % (1ULL << 55)) - (1LL << 54));
        if (rng() % 10 == 0) {
            r->v[COL_D] = N();
        } else if (mode == DATA_SPECIAL) {
            uint64_t c = rng() % 50;
            r->v[COL_D] = c == 0 ? D(NAN) : c == 1 ? D(-0.0) : c == 2 ? D(0.0) : D(round((rng_unit() - 0.5) * 2000) / 4);
        } else if (mode == DATA_POSITIVE) {
            r->v[COL_D] = D((1.0 + rng_unit()) * pow(10.0, (double)(rng() % 7) - 3));
        } else {
            r->v[COL_D] = D((rng_unit() - 0.5) * 2000.0);
        }
        if (rng() % 10 == 0) {
            r->v[COL_S] = N();
        } else {
            char *s = malloc(64);
            assert_non_null(s);
            size_t len = 0, want = rng() % 8;
            for (size_t j = 0; j < want; j++) {
                const char *a = alphabet[rng() % 6];
                memcpy(s + len, a, strlen(a));
                len += strlen(a);
            }
            r->v[COL_S] = ss_str(s, (uint32_t)len);
        }
    }
}

static void free_rows(inrow *rows, int n)
{
    for (int i = 0; i < n; i++) {
        if (!rows[i].v[COL_K].null)
            free((void *)rows[i].v[COL_K].s);
        if (!rows[i].v[COL_S].null)
            free((void *)rows[i].v[COL_S].s);
    }
    free(rows);
}

static bool same_key(ss_value a, ss_value b)
{
    if (a.null || b.null)
        return a.null && b.null;
    return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* Total order of the test: NaN above everything, -0 == 0, strings by bytes. */
static int cmp_val(ss_value a, ss_value b, ss_type t)
{
    if (ss_type_is_string(t)) {
        uint32_t n = a.len < b.len ? a.len : b.len;
        int c = n ? memcmp(a.s, b.s, n) : 0;
        return c ? (c < 0 ? -1 : 1) : (a.len > b.len) - (a.len < b.len);
    }
    if (ss_type_is_approx(t)) {
        if (isnan(a.d) || isnan(b.d))
            return isnan(a.d) - isnan(b.d);
        return (a.d > b.d) - (a.d < b.d);
    }
    return (a.i > b.i) - (a.i < b.i);
}

static double as_dbl(ss_value v, ss_type t)
{
    return ss_type_is_approx(t) ? v.d : (double)v.i;
}

typedef struct stats {
    double max_sum_err, max_var_err;
    int zero_var_frames, zero_var_mismatches, zero_var_first_row;
    double zero_var_first_value;
    int var_frames, var_fails;
    char var_first[400];
} stats;

/* Checks the result of aggregate a for row i against its frame rows[fr[0..n)]. */
static void check_agg(const ss_agg *ag, ss_value got, const inrow *rows, const int *fr, int n, int row,
                      stats *st)
{
    ss_type t = ag->arg ? ag->arg->type : ss_type_make(SS_T_BIGINT);
    int col = ag->arg ? ag->arg->slot : -1;
    char where[128];
    snprintf(where, sizeof where, "row %d, aggregate fn %d on column %d, frame of %d", row, ag->fn, col, n);
    if (ag->fn == SS_F_FIRST_VALUE || ag->fn == SS_F_LAST_VALUE) {
        ss_value want = rows[fr[ag->fn == SS_F_FIRST_VALUE ? 0 : n - 1]].v[col];
        if (want.null != got.null || (!want.null && cmp_val(want, got, t) != 0))
            fail_msg("%s: FIRST/LAST_VALUE differs", where);
        return;
    }
    if (ag->fn == SS_F_COUNT) {
        int64_t c = 0;
        for (int j = 0; j < n; j++) {
            ss_value v = ag->star ? ss_int(0) : rows[fr[j]].v[col];
            if (v.null)
                continue;
            bool dup = false;
            for (int k = 0; k < j && ag->distinct && !dup; k++)
                dup = !rows[fr[k]].v[col].null && cmp_val(rows[fr[k]].v[col], v, t) == 0;
            c += !dup;
        }
        if (got.null || got.i != c)
            fail_msg("%s: COUNT %lld, want %lld", where, (long long)got.i, (long long)c);
        return;
    }
    /* The rest skip NULLs. */
    int m = 0;
    int *vals = malloc(sizeof(int) * (size_t)(n + 1));
    assert_non_null(vals);
    for (int j = 0; j < n; j++)
        if (!rows[fr[j]].v[col].null)
            vals[m++] = fr[j];
    bool samp = ag->fn == SS_F_VAR_SAMP || ag->fn == SS_F_STDDEV_SAMP;
    bool want_null = m == 0 || (samp && m < 2);
    if (want_null != (bool)got.null)
        fail_msg("%s: NULL is %d, want %d", where, got.null, want_null);
    if (want_null) {
        free(vals);
        return;
    }
    switch (ag->fn) {
    case SS_F_MIN:
    case SS_F_MAX: {
        ss_value best = rows[vals[0]].v[col];
        for (int j = 1; j < m; j++) {
            int c = cmp_val(rows[vals[j]].v[col], best, t);
            if (ag->fn == SS_F_MIN ? c < 0 : c > 0)
                best = rows[vals[j]].v[col];
        }
        if (cmp_val(best, got, t) != 0)
            fail_msg("%s: MIN/MAX differs", where);
        break;
    }
    case SS_F_SUM:
    case SS_F_AVG:
        if (ss_type_is_approx(t)) {
            long double sum = 0, mag = 0;
            for (int j = 0; j < m; j++) {
                sum += rows[vals[j]].v[col].d;
                mag += fabsl((long double)rows[vals[j]].v[col].d);
            }
            if (ag->fn == SS_F_AVG) {
                sum /= m;
                mag /= m;
            }
            /* Relative to the sum of magnitudes, which is the sum itself when
             * every value is positive. */
            double err = mag > 0 ? (double)(fabsl((long double)got.d - sum) / mag) : fabs(got.d);
            if (err > st->max_sum_err)
                st->max_sum_err = err;
            if (!(err <= 1e-12))
                fail_msg("%s: SUM/AVG %.17g, want %.17Lg (relative error %g)", where, got.d, sum, err);
        } else {
            __int128 sum = 0;
            for (int j = 0; j < m; j++)
                sum += rows[vals[j]].v[col].i;
            int64_t want = ag->fn == SS_F_SUM ? (int64_t)sum : (int64_t)(sum / m); /* truncation toward zero */
            if (got.i != want)
                fail_msg("%s: SUM/AVG %lld, want %lld", where, (long long)got.i, (long long)want);
        }
        break;
    default: {
        long double mean = 0, m2 = 0;
        for (int j = 0; j < m; j++)
            mean += as_dbl(rows[vals[j]].v[col], t);
        mean /= m;
        for (int j = 0; j < m; j++) {
            long double dx = as_dbl(rows[vals[j]].v[col], t) - mean;
            m2 += dx * dx;
        }
        long double var = m2 / (samp ? m - 1 : m);
        bool sd = ag->fn == SS_F_STDDEV_POP || ag->fn == SS_F_STDDEV_SAMP;
        long double want = sd ? sqrtl(var) : var;
        if (want == 0) {
            /* Every value equal (or a single one): exactly 0, counted apart
             * so that the other frames are still checked. */
            st->zero_var_frames++;
            if (got.d != 0 && st->zero_var_mismatches++ == 0) {
                st->zero_var_first_row = row;
                st->zero_var_first_value = got.d;
            }
            break;
        }
        /* Counted, not failed at once, so that a failure reports how far
         * off the results are over the whole run. */
        double err = (double)(fabsl((long double)got.d - want) / want);
        st->var_frames++;
        if (err > st->max_var_err || isnan(err))
            st->max_var_err = err;
        if (!(err <= 1e-9) && st->var_fails++ == 0)
            snprintf(st->var_first, sizeof st->var_first, "%s: %.17g, want %.17Lg (relative error %.3g)", where,
                     got.d, want, err);
        break;
    }
    }
    free(vals);
}

/* Runs nrows random rows through the window and checks every result of
 * every row against the rows of its frame, found by brute force. */
static stats brute_force(const char *select, const char *window, enum data_mode mode, int nparts, int nrows,
                         uint64_t seed)
{
    rng_state = seed;
    fixture *f = fix_new(select, window);
    const ss_over *o = &f->q->overs[0];
    inrow *rows = calloc((size_t)nrows, sizeof *rows);
    assert_non_null(rows);
    gen_rows(rows, nrows, mode, nparts);
    int *fr = malloc(sizeof(int) * (size_t)nrows);
    int *rev = malloc(sizeof(int) * (size_t)nrows);
    assert_non_null(fr), assert_non_null(rev);
    char kbuf[64], sbuf[64];
    stats st = {0};
    for (int i = 0; i < nrows; i++) {
        /* The operator reads strings from scratch buffers that are
         * overwritten after each row, as a batch's buffers are. */
        ss_value in[NCOLS];
        memcpy(in, rows[i].v, sizeof in);
        if (!in[COL_K].null) {
            memcpy(kbuf, in[COL_K].s, in[COL_K].len);
            in[COL_K].s = kbuf;
        }
        if (!in[COL_S].null) {
            memcpy(sbuf, in[COL_S].s, in[COL_S].len);
            in[COL_S].s = sbuf;
        }
        assert_true(add_row(f, rows[i].t, in));

        /* The frame: this row and the partition's earlier rows in reach. */
        int n = 0;
        for (int j = i; j >= 0; j--) {
            if (o->npartition && !same_key(rows[j].v[COL_K], rows[i].v[COL_K]))
                continue;
            if (o->frame == SS_FRAME_RANGE && rows[j].t < rows[i].t - o->range_ms)
                break;
            if (o->frame == SS_FRAME_ROWS && n == o->rows + 1)
                break;
            rev[n++] = j;
        }
        for (int j = 0; j < n; j++)
            fr[j] = rev[n - 1 - j];
        for (uint32_t a = 0; a < f->q->naggs; a++)
            check_agg(&f->q->aggs[a], f->res[a], rows, fr, n, i, &st);
        /* Only now: LAST_VALUE may return the input row's own string, which
         * lives as long as the input does; the values the window keeps
         * (FIRST_VALUE, MIN, MAX of earlier rows) must not depend on it. */
        memset(kbuf, '#', sizeof kbuf);
        memset(sbuf, '#', sizeof sbuf);
    }

    free(fr);
    free(rev);
    free_rows(rows, nrows);
    fix_free(f);
    return st;
}

static const char *const windows[] = {
    "PARTITION BY k RANGE INTERVAL '2' SECOND PRECEDING",
    "PARTITION BY k RANGE INTERVAL '0.3' SECOND PRECEDING",
    "RANGE INTERVAL '1' SECOND PRECEDING",
    "PARTITION BY k ROWS 5 PRECEDING",
    "ROWS 40 PRECEDING",
};
#define NWINDOWS (sizeof windows / sizeof windows[0])

static void test_min_max_brute_force(void **state)
{
    (void)state;
    for (size_t w = 0; w < NWINDOWS; w++)
        brute_force("MIN(x) OVER w, MAX(x) OVER w, MIN(b) OVER w, MAX(b) OVER w, MIN(d) OVER w, MAX(d) OVER w, "
                    "MIN(s) OVER w, MAX(s) OVER w",
                    windows[w], DATA_SPECIAL, 7, 10000, 0x1234567 + w);
}

static void test_sum_avg_count_brute_force(void **state)
{
    (void)state;
    const char *sel = "COUNT(*) OVER w, COUNT(x) OVER w, COUNT(d) OVER w, COUNT(s) OVER w, SUM(x) OVER w, "
                      "AVG(x) OVER w, SUM(b) OVER w, AVG(b) OVER w, SUM(d) OVER w, AVG(d) OVER w";
    for (size_t w = 0; w < NWINDOWS; w++) {
        stats a = brute_force(sel, windows[w], DATA_POSITIVE, 7, 10000, 0xABCDEF + w);
        stats b = brute_force(sel, windows[w], DATA_MIXED, 3, 10000, 0xFEDCBA + w);
        print_message("    %s: max relative SUM/AVG error %.3g (positive), %.3g (mixed signs)\n", windows[w],
                      a.max_sum_err, b.max_sum_err);
    }
}

static void test_var_stddev_brute_force(void **state)
{
    (void)state;
    const char *sel = "VAR_POP(d) OVER w, VAR_SAMP(d) OVER w, STDDEV_POP(d) OVER w, STDDEV_SAMP(d) OVER w, "
                      "VAR_POP(x) OVER w, STDDEV_SAMP(x) OVER w";
    int fails = 0, zero_fails = 0;
    for (size_t w = 0; w < NWINDOWS; w++) {
        for (int mode = 0; mode < 2; mode++) {
            stats a = brute_force(sel, windows[w], mode ? DATA_POSITIVE : DATA_MIXED, 7, 10000, 0x5151 + w + 100 * (unsigned)mode);
            print_message("    %s, %s: %d results, max relative error %.3g, %d off by more than 1e-9%s%s\n",
                          windows[w], mode ? "positive, 7 magnitudes" : "mixed signs", a.var_frames, a.max_var_err,
                          a.var_fails, a.var_fails ? "; first: " : "", a.var_first);
            if (a.zero_var_frames)
                print_message("      frames of equal values (variance 0): %d, of which %d not 0 (first: row %d, %.17g)\n",
                              a.zero_var_frames, a.zero_var_mismatches, a.zero_var_first_row, a.zero_var_first_value);
            fails += a.var_fails;
            zero_fails += a.zero_var_mismatches;
        }
    }
    if (fails || zero_fails)
        fail_msg("%d VAR/STDDEV results off by more than 1e-9 relative, %d frames of equal values with a variance "
                 "other than 0",
                 fails, zero_fails);
}

static void test_count_distinct_brute_force(void **state)
{
    (void)state;
    for (size_t w = 0; w < NWINDOWS; w++)
        brute_force("COUNT(DISTINCT x) OVER w, COUNT(DISTINCT s) OVER w, COUNT(DISTINCT d) OVER w, COUNT(x) OVER w",
                    windows[w], DATA_SPECIAL, 5, 10000, 0x777 + w);
}

static void test_first_last_value_brute_force(void **state)
{
    (void)state;
    for (size_t w = 0; w < NWINDOWS; w++)
        brute_force("FIRST_VALUE(x) OVER w, LAST_VALUE(x) OVER w, FIRST_VALUE(s) OVER w, LAST_VALUE(s) OVER w, "
                    "FIRST_VALUE(d) OVER w",
                    windows[w], DATA_SPECIAL, 7, 10000, 0x999 + w);
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
        cmocka_unit_test(test_range_bounds_inclusive),
        cmocka_unit_test(test_ties_later_row_not_in_earlier_result),
        cmocka_unit_test(test_rows_zero_is_the_row),
        cmocka_unit_test(test_rows_n),
        cmocka_unit_test(test_partitions_independent),
        cmocka_unit_test(test_nulls_and_empty_aggregates),
        cmocka_unit_test(test_first_last_value),
        cmocka_unit_test(test_strings_survive_input_mutation),
        cmocka_unit_test(test_advance_drops_idle_range_partitions),
        cmocka_unit_test(test_sum_overflow_reported),
        cmocka_unit_test(test_sum_overflow_row_leaves_no_trace),
        cmocka_unit_test(test_rows_sum_near_int64_max_no_spurious_overflow),
        cmocka_unit_test(test_double_sum_after_nan_leaves_frame),
        cmocka_unit_test(test_variance_after_a_large_value_leaves),
        cmocka_unit_test(test_min_max_brute_force),
        cmocka_unit_test(test_sum_avg_count_brute_force),
        cmocka_unit_test(test_var_stddev_brute_force),
        cmocka_unit_test(test_count_distinct_brute_force),
        cmocka_unit_test(test_first_last_value_brute_force),
        /* Last: under UBSan its signed overflow aborts the binary. */
        cmocka_unit_test(test_advance_with_minimal_watermark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
