/* Unit tests for exec/value: ss_cast over every pair of types the analyzer
 * lets CAST take (with the exact result of each), ranges and rounding at the
 * edges, text parsing, the text forms of values, and the total order used by
 * comparisons, MIN/MAX and DISTINCT. */
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

#include "exec/value.h"

static ss_arena arena;

static int setup(void **state)
{
    (void)state;
    ss_arena_init(&arena, 4096);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ss_arena_free(&arena);
    return 0;
}

static ss_type T(ss_type_kind k) { return ss_type_make(k); }
static ss_type DEC(int p, int s)
{
    ss_type t = ss_type_make(SS_T_DECIMAL);
    t.precision = (uint16_t)p;
    t.scale = (uint8_t)s;
    return t;
}
static ss_type STR(ss_type_kind k, uint32_t n)
{
    ss_type t = ss_type_make(k);
    t.length = n;
    return t;
}

static ss_value S(const char *s) { return ss_str(s, (uint32_t)strlen(s)); }

/* The text form of v as type t ("NULL" for NULL). */
static const char *text(ss_value v, ss_type t, char *out)
{
    if (v.null) {
        strcpy(out, "NULL");
        return out;
    }
    char buf[SS_VALUE_TEXT_MAX];
    const char *s;
    uint32_t n = ss_value_text(v, t, buf, &s);
    snprintf(out, 256, "%.*s", (int)n, s);
    return out;
}

/* Casts v (type from) to `to`; "ERR" when it fails, the result's text
 * otherwise, with " (cut)" when a string was truncated. */
static const char *cast_text(ss_value v, ss_type from, ss_type to, char *out)
{
    ss_value r;
    char msg[160] = "";
    ss_cast_status st = ss_cast(v, from, to, &arena, &r, msg);
    if (st == SS_CAST_FAILED) {
        if (!msg[0])
            fail_msg("a failed cast left no message");
        strcpy(out, "ERR");
        return out;
    }
    char t[256];
    snprintf(out, 300, "%s%s", text(r, to, t), st == SS_CAST_TRUNCATED ? " (cut)" : "");
    return out;
}

static void check_cast(ss_value v, ss_type from, ss_type to, const char *want, int line)
{
    char got[300], a[64], b[64], vt[256];
    cast_text(v, from, to, got);
    if (strcmp(got, want) != 0)
        fail_msg("line %d: CAST(%s AS %s) from %s gave %s, want %s", line, text(v, from, vt),
                 ss_type_name(to, b, sizeof b), ss_type_name(from, a, sizeof a), got, want);
}
#define CAST_IS(v, from, to, want) check_cast((v), (from), (to), (want), __LINE__)

/* ---- the matrix ------------------------------------------------------------- */

#define TS_2026 1795341601123LL /* 2026-11-22 10:00:01.123 */
#define DATE_2026 20779LL       /* 2026-11-22 */

enum { K_BOOL, K_TINY, K_SMALL, K_INT, K_BIG, K_DEC, K_REAL, K_DBL, K_CHAR, K_VARCHAR, K_TS, K_DATE, K_TIME, K_IDS,
       K_IYM, NK };

static ss_type matrix_type(int k)
{
    switch (k) {
    case K_BOOL: return T(SS_T_BOOLEAN);
    case K_TINY: return T(SS_T_TINYINT);
    case K_SMALL: return T(SS_T_SMALLINT);
    case K_INT: return T(SS_T_INTEGER);
    case K_BIG: return T(SS_T_BIGINT);
    case K_DEC: return DEC(10, 2);
    case K_REAL: return T(SS_T_REAL);
    case K_DBL: return T(SS_T_DOUBLE);
    case K_CHAR: return STR(SS_T_CHAR, 5);
    case K_VARCHAR: return STR(SS_T_VARCHAR, 40);
    case K_TS: return T(SS_T_TIMESTAMP);
    case K_DATE: return T(SS_T_DATE);
    case K_TIME: return T(SS_T_TIME);
    case K_IDS: return T(SS_T_INTERVAL_DS);
    default: return T(SS_T_INTERVAL_YM);
    }
}

/* One value per source type (strings are tested apart, value by value). */
static ss_value matrix_value(int k)
{
    switch (k) {
    case K_BOOL: return ss_int(1);
    case K_TINY: return ss_int(-7);
    case K_SMALL: return ss_int(300);
    case K_INT: return ss_int(70000);
    case K_BIG: return ss_int(5000000000LL);
    case K_DEC: return ss_int(1234); /* 12.34 */
    case K_REAL: return ss_dbl(2.5);
    case K_DBL: return ss_dbl(-3.75);
    case K_TS: return ss_int(TS_2026);
    case K_DATE: return ss_int(DATE_2026);
    case K_TIME: return ss_int(36001123); /* 10:00:01.123 */
    case K_IDS: return ss_int(90061001);  /* 1 day 01:01:01.001 */
    case K_IYM: return ss_int(13);        /* 1 year 1 month */
    default: return S("?");
    }
}

/* Expected CAST results: NULL where the analyzer refuses the cast. Columns in
 * the order of the enum above. */
static const char *const expected[NK][NK] = {
    [K_BOOL] = {"TRUE", "1", "1", "1", "1", NULL, NULL, NULL, "TRUE", "TRUE", NULL, NULL, NULL, NULL, NULL},
    [K_TINY] = {"TRUE", "-7", "-7", "-7", "-7", "-7.00", "-7", "-7", "-7", "-7", "1969-12-31 23:59:59.993", NULL,
                NULL, "-0 00:00:00.007", "-0-7"},
    [K_SMALL] = {"TRUE", "ERR", "300", "300", "300", "300.00", "300", "300", "300", "300",
                 "1970-01-01 00:00:00.300", NULL, NULL, "+0 00:00:00.300", "+25-0"},
    [K_INT] = {"TRUE", "ERR", "ERR", "70000", "70000", "70000.00", "70000", "70000", "70000", "70000",
               "1970-01-01 00:01:10.000", NULL, NULL, "+0 00:01:10.000", "+5833-4"},
    [K_BIG] = {"TRUE", "ERR", "ERR", "ERR", "5000000000", "ERR", "5000000000", "5000000000", "50000 (cut)",
               "5000000000", "1970-02-27 20:53:20.000", NULL, NULL, "+57 20:53:20.000", "+416666666-8"},
    [K_DEC] = {NULL, "12", "12", "12", "12", "12.34", "12.34", "12.34", "12.34", "12.34", NULL, NULL, NULL, NULL,
               NULL},
    [K_REAL] = {NULL, "2", "2", "2", "2", "2.50", "2.5", "2.5", "2.5", "2.5", NULL, NULL, NULL, NULL, NULL},
    [K_DBL] = {NULL, "-3", "-3", "-3", "-3", "-3.75", "-3.75", "-3.75", "-3.75", "-3.75", NULL, NULL, NULL, NULL,
               NULL},
    [K_TS] = {NULL, NULL, NULL, NULL, "1795341601123", NULL, NULL, NULL, "2026- (cut)", "2026-11-22 10:00:01.123",
              "2026-11-22 10:00:01.123", "2026-11-22", "10:00:01.123", NULL, NULL},
    [K_DATE] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "2026- (cut)", "2026-11-22",
                "2026-11-22 00:00:00.000", "2026-11-22", NULL, NULL, NULL},
    [K_TIME] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "10:00 (cut)", "10:00:01.123",
                "1970-01-01 10:00:01.123", NULL, "10:00:01.123", NULL, NULL},
    [K_IDS] = {NULL, "ERR", "ERR", "90061001", "90061001", "90061001.00", "90061000", "90061001", "+1 01 (cut)",
               "+1 01:01:01.001", NULL, NULL, NULL, "+1 01:01:01.001", NULL},
    [K_IYM] = {NULL, "13", "13", "13", "13", "13.00", "13", "13", "+1-1", "+1-1", NULL, NULL, NULL, NULL, "+1-1"},
};

static void test_cast_matrix(void **state)
{
    (void)state;
    int checked = 0;
    for (int f = 0; f < NK; f++) {
        if (f == K_CHAR || f == K_VARCHAR)
            continue;
        for (int t = 0; t < NK; t++) {
            ss_type from = matrix_type(f), to = matrix_type(t);
            char a[64], b[64];
            bool allowed = ss_type_castable(from, to);
            const char *want = expected[f][t];
            if (allowed != (want != NULL))
                fail_msg("CAST(%s AS %s) is %s by the analyzer, the test expects otherwise",
                         ss_type_name(from, a, sizeof a), ss_type_name(to, b, sizeof b),
                         allowed ? "allowed" : "refused");
            if (!allowed)
                continue;
            check_cast(matrix_value(f), from, to, want, __LINE__);
            /* NULL casts to NULL, whatever the types. */
            check_cast(ss_null(), from, to, "NULL", __LINE__);
            checked++;
        }
    }
    /* Text goes everywhere (and can fail everywhere). */
    for (int t = 0; t < NK; t++) {
        assert_true(ss_type_castable(matrix_type(K_VARCHAR), matrix_type(t)));
        assert_true(ss_type_castable(matrix_type(K_CHAR), matrix_type(t)));
        assert_true(ss_type_castable(T(SS_T_NULL), matrix_type(t)));
        check_cast(ss_null(), T(SS_T_NULL), matrix_type(t), "NULL", __LINE__);
    }
    assert_int_equal(checked, 120);
}

/* ---- ranges and truncation -------------------------------------------------- */

static void test_integer_ranges(void **state)
{
    (void)state;
    ss_type I32 = T(SS_T_INTEGER), I64 = T(SS_T_BIGINT);
    CAST_IS(ss_int(127), I32, T(SS_T_TINYINT), "127");
    CAST_IS(ss_int(128), I32, T(SS_T_TINYINT), "ERR");
    CAST_IS(ss_int(-128), I32, T(SS_T_TINYINT), "-128");
    CAST_IS(ss_int(-129), I32, T(SS_T_TINYINT), "ERR");
    CAST_IS(ss_int(32767), I32, T(SS_T_SMALLINT), "32767");
    CAST_IS(ss_int(32768), I32, T(SS_T_SMALLINT), "ERR");
    CAST_IS(ss_int(-32768), I32, T(SS_T_SMALLINT), "-32768");
    CAST_IS(ss_int(-32769), I32, T(SS_T_SMALLINT), "ERR");
    CAST_IS(ss_int(INT32_MAX), I64, I32, "2147483647");
    CAST_IS(ss_int(2147483648LL), I64, I32, "ERR");
    CAST_IS(ss_int(INT32_MIN), I64, I32, "-2147483648");
    CAST_IS(ss_int(-2147483649LL), I64, I32, "ERR");
    CAST_IS(ss_int(INT64_MIN), I64, I64, "-9223372036854775808");
    CAST_IS(ss_int(0), I32, T(SS_T_BOOLEAN), "FALSE");
    CAST_IS(ss_int(-5), I32, T(SS_T_BOOLEAN), "TRUE");
    CAST_IS(ss_int(0), T(SS_T_BOOLEAN), T(SS_T_TINYINT), "0");
    /* Integers to DECIMAL: the integer digits must fit p - s. */
    CAST_IS(ss_int(99), I32, DEC(4, 2), "99.00");
    CAST_IS(ss_int(-99), I32, DEC(4, 2), "-99.00");
    CAST_IS(ss_int(100), I32, DEC(4, 2), "ERR");
    CAST_IS(ss_int(999999999999999999LL), I64, DEC(18, 0), "999999999999999999");
    CAST_IS(ss_int(1000000000000000000LL), I64, DEC(18, 0), "ERR");
    CAST_IS(ss_int(INT64_MAX), I64, DEC(18, 2), "ERR");
    CAST_IS(ss_int(INT64_MIN), I64, DEC(18, 2), "ERR");
    CAST_IS(ss_int(INT64_MAX), I64, T(SS_T_DOUBLE), "9223372036854776000");
}

static void test_double_to_integer_truncates_toward_zero(void **state)
{
    (void)state;
    ss_type D = T(SS_T_DOUBLE), I32 = T(SS_T_INTEGER), I64 = T(SS_T_BIGINT);
    CAST_IS(ss_dbl(2.9), D, I32, "2");
    CAST_IS(ss_dbl(-2.9), D, I32, "-2");
    CAST_IS(ss_dbl(-0.5), D, I32, "0");
    CAST_IS(ss_dbl(0.999999), D, I32, "0");
    CAST_IS(ss_dbl(-0.0), D, I32, "0");
    CAST_IS(ss_dbl(2147483647.9), D, I32, "2147483647");
    CAST_IS(ss_dbl(2147483648.0), D, I32, "ERR");
    CAST_IS(ss_dbl(-2147483648.9), D, I32, "-2147483648");
    CAST_IS(ss_dbl(-2147483649.0), D, I32, "ERR");
    CAST_IS(ss_dbl(127.99), D, T(SS_T_TINYINT), "127");
    CAST_IS(ss_dbl(128.0), D, T(SS_T_TINYINT), "ERR");
    CAST_IS(ss_dbl(-128.99), D, T(SS_T_TINYINT), "-128");
    CAST_IS(ss_dbl(9223372036854774784.0), D, I64, "9223372036854774784"); /* the largest double below 2^63 */
    CAST_IS(ss_dbl(9223372036854775808.0), D, I64, "ERR");                 /* 2^63 */
    CAST_IS(ss_dbl(-9223372036854775808.0), D, I64, "-9223372036854775808");
    CAST_IS(ss_dbl(-9223372036854777856.0), D, I64, "ERR");
    CAST_IS(ss_dbl(NAN), D, I64, "ERR");
    CAST_IS(ss_dbl(INFINITY), D, I32, "ERR");
    CAST_IS(ss_dbl(-INFINITY), D, I32, "ERR");
    CAST_IS(ss_dbl(2.5), T(SS_T_REAL), I32, "2");
    CAST_IS(ss_dbl(-2.5), T(SS_T_REAL), T(SS_T_SMALLINT), "-2");
    /* DECIMAL to integers truncates too. */
    CAST_IS(ss_int(-299), DEC(10, 2), I32, "-2");
    CAST_IS(ss_int(299), DEC(10, 2), T(SS_T_TINYINT), "2");
    CAST_IS(ss_int(-99), DEC(10, 2), I32, "0");
    CAST_IS(ss_int(3000000000LL), DEC(18, 0), I32, "ERR");
    CAST_IS(ss_int(12799), DEC(10, 2), T(SS_T_TINYINT), "127");
    CAST_IS(ss_int(12800), DEC(10, 2), T(SS_T_TINYINT), "ERR");
}

static void test_decimal_rescale_rounds(void **state)
{
    (void)state;
    CAST_IS(ss_int(1005), DEC(10, 3), DEC(10, 2), "1.01");
    CAST_IS(ss_int(-1005), DEC(10, 3), DEC(10, 2), "-1.01");
    CAST_IS(ss_int(1004), DEC(10, 3), DEC(10, 2), "1.00");
    CAST_IS(ss_int(10049), DEC(10, 4), DEC(10, 2), "1.00");
    CAST_IS(ss_int(10050), DEC(10, 4), DEC(10, 2), "1.01");
    CAST_IS(ss_int(-10050), DEC(10, 4), DEC(10, 2), "-1.01");
    CAST_IS(ss_int(15), DEC(10, 1), DEC(10, 3), "1.500");
    CAST_IS(ss_int(5), DEC(10, 1), DEC(10, 0), "1");
    CAST_IS(ss_int(-5), DEC(10, 1), DEC(10, 0), "-1");
    CAST_IS(ss_int(4), DEC(10, 1), DEC(10, 0), "0");
    CAST_IS(ss_int(99999), DEC(5, 2), DEC(4, 2), "ERR");
    CAST_IS(ss_int(99995), DEC(5, 3), DEC(4, 2), "ERR"); /* rounds up to 100.00: five digits */
    CAST_IS(ss_int(99994), DEC(5, 3), DEC(4, 2), "99.99");
    CAST_IS(ss_int(1), DEC(18, 18), DEC(18, 0), "0");
    CAST_IS(ss_int(500000000000000000LL), DEC(18, 18), DEC(18, 0), "1");
    CAST_IS(ss_int(1), DEC(1, 0), DEC(18, 17), "1.00000000000000000");
    CAST_IS(ss_int(10), DEC(2, 0), DEC(18, 17), "ERR");
    /* Doubles to DECIMAL: their shortest decimal text, then half away from zero. */
    CAST_IS(ss_dbl(2.675), T(SS_T_DOUBLE), DEC(10, 2), "2.68");
    CAST_IS(ss_dbl(0.125), T(SS_T_DOUBLE), DEC(10, 2), "0.13");
    CAST_IS(ss_dbl(-0.125), T(SS_T_DOUBLE), DEC(10, 2), "-0.13");
    CAST_IS(ss_dbl(1e-10), T(SS_T_DOUBLE), DEC(10, 2), "0.00");
    CAST_IS(ss_dbl(1e10), T(SS_T_DOUBLE), DEC(10, 2), "ERR");
    CAST_IS(ss_dbl(99999999.995), T(SS_T_DOUBLE), DEC(10, 2), "ERR");
    CAST_IS(ss_dbl(NAN), T(SS_T_DOUBLE), DEC(10, 2), "ERR");
    CAST_IS(ss_dbl(INFINITY), T(SS_T_DOUBLE), DEC(10, 2), "ERR");
    /* DECIMAL to floats. */
    CAST_IS(ss_int(1), DEC(10, 1), T(SS_T_DOUBLE), "0.1");
    CAST_IS(ss_int(1), DEC(10, 1), T(SS_T_REAL), "0.1");
    CAST_IS(ss_int(-123456789012345678LL), DEC(18, 9), T(SS_T_DOUBLE), "-123456789.01234567");
}

static void test_float_casts(void **state)
{
    (void)state;
    ss_value r;
    char msg[160];
    assert_int_equal(ss_cast(ss_dbl(0.1), T(SS_T_DOUBLE), T(SS_T_REAL), &arena, &r, msg), SS_CAST_OK);
    assert_true(r.d == (double)0.1f);
    assert_int_equal(ss_cast(ss_dbl(1e39), T(SS_T_DOUBLE), T(SS_T_REAL), &arena, &r, msg), SS_CAST_FAILED);
    assert_int_equal(ss_cast(ss_dbl(-1e39), T(SS_T_DOUBLE), T(SS_T_REAL), &arena, &r, msg), SS_CAST_FAILED);
    assert_int_equal(ss_cast(ss_dbl(1e-50), T(SS_T_DOUBLE), T(SS_T_REAL), &arena, &r, msg), SS_CAST_OK);
    assert_true(r.d == 0.0);
    assert_int_equal(ss_cast(ss_int(16777217), T(SS_T_INTEGER), T(SS_T_REAL), &arena, &r, msg), SS_CAST_OK);
    assert_true(r.d == 16777216.0);
    assert_int_equal(ss_cast(ss_int(9007199254740993LL), T(SS_T_BIGINT), T(SS_T_DOUBLE), &arena, &r, msg),
                     SS_CAST_OK);
    assert_true(r.d == 9007199254740992.0);
}

/* ---- text parsing ------------------------------------------------------------- */

static void test_text_to_numbers(void **state)
{
    (void)state;
    ss_type V = STR(SS_T_VARCHAR, 100), I32 = T(SS_T_INTEGER), I64 = T(SS_T_BIGINT);
    CAST_IS(S("42"), V, I32, "42");
    CAST_IS(S(" 42 "), V, I32, "42");
    CAST_IS(S("\t-7\t"), V, I32, "-7");
    CAST_IS(S("+5"), V, I32, "5");
    CAST_IS(S("007"), V, I32, "7");
    CAST_IS(S("4 2"), V, I32, "ERR");
    CAST_IS(S(""), V, I32, "ERR");
    CAST_IS(S("   "), V, I32, "ERR");
    CAST_IS(S("-"), V, I32, "ERR");
    CAST_IS(S("1.0"), V, I32, "ERR");
    CAST_IS(S("1e3"), V, I32, "ERR");
    CAST_IS(S("0x10"), V, I32, "ERR");
    CAST_IS(S("12abc"), V, I32, "ERR");
    CAST_IS(S("2147483647"), V, I32, "2147483647");
    CAST_IS(S("2147483648"), V, I32, "ERR");
    CAST_IS(S("-2147483648"), V, I32, "-2147483648");
    CAST_IS(S("128"), V, T(SS_T_TINYINT), "ERR");
    CAST_IS(S("-128"), V, T(SS_T_TINYINT), "-128");
    CAST_IS(S("9223372036854775807"), V, I64, "9223372036854775807");
    CAST_IS(S("9223372036854775808"), V, I64, "ERR");
    CAST_IS(S("-9223372036854775808"), V, I64, "-9223372036854775808");
    CAST_IS(S("99999999999999999999999"), V, I64, "ERR");

    CAST_IS(S(" 1.5 "), V, DEC(5, 2), "1.50");
    CAST_IS(S("1.005"), V, DEC(5, 2), "1.01");
    CAST_IS(S("-1.005"), V, DEC(5, 2), "-1.01");
    CAST_IS(S(".5"), V, DEC(5, 2), "0.50");
    CAST_IS(S("1e2"), V, DEC(5, 2), "100.00");
    CAST_IS(S("999.99"), V, DEC(5, 2), "999.99");
    CAST_IS(S("999.995"), V, DEC(5, 2), "ERR");
    CAST_IS(S("1000"), V, DEC(5, 2), "ERR");
    CAST_IS(S("abc"), V, DEC(5, 2), "ERR");
    CAST_IS(S("nan"), V, DEC(5, 2), "ERR");

    CAST_IS(S(" 1e3 "), V, T(SS_T_DOUBLE), "1000");
    CAST_IS(S(".5"), V, T(SS_T_DOUBLE), "0.5");
    CAST_IS(S("5."), V, T(SS_T_DOUBLE), "5");
    CAST_IS(S("-0"), V, T(SS_T_DOUBLE), "-0");
    CAST_IS(S("1.7976931348623157e308"), V, T(SS_T_DOUBLE), "1.7976931348623157e+308");
    CAST_IS(S("1e309"), V, T(SS_T_DOUBLE), "ERR");
    CAST_IS(S("1e-400"), V, T(SS_T_DOUBLE), "0");
    CAST_IS(S("NaN"), V, T(SS_T_DOUBLE), "NaN");
    CAST_IS(S("-Infinity"), V, T(SS_T_DOUBLE), "-Infinity");
    CAST_IS(S("1,5"), V, T(SS_T_DOUBLE), "ERR");
    CAST_IS(S("0x1p3"), V, T(SS_T_DOUBLE), "ERR");
    CAST_IS(S("1e"), V, T(SS_T_DOUBLE), "ERR");
    CAST_IS(S("0.1"), V, T(SS_T_REAL), "0.1");
    CAST_IS(S("3.5e38"), V, T(SS_T_REAL), "ERR");
    ss_value r;
    char msg[160];
    assert_int_equal(ss_cast(S("0.1"), V, T(SS_T_REAL), &arena, &r, msg), SS_CAST_OK);
    assert_true(r.d == (double)0.1f);
    /* The failure message quotes the text. */
    assert_int_equal(ss_cast(S("twelve"), V, I32, &arena, &r, msg), SS_CAST_FAILED);
    assert_string_equal(msg, "cannot convert 'twelve' to INTEGER");
}

static void test_text_to_boolean_and_time(void **state)
{
    (void)state;
    ss_type V = STR(SS_T_VARCHAR, 100), B = T(SS_T_BOOLEAN);
    CAST_IS(S("true"), V, B, "TRUE");
    CAST_IS(S("TRUE"), V, B, "TRUE");
    CAST_IS(S("tRuE"), V, B, "TRUE");
    CAST_IS(S(" False "), V, B, "FALSE");
    CAST_IS(S("\tfalse"), V, B, "FALSE");
    CAST_IS(S("yes"), V, B, "ERR");
    CAST_IS(S("1"), V, B, "ERR");
    CAST_IS(S("t"), V, B, "ERR");
    CAST_IS(S(""), V, B, "ERR");
    CAST_IS(S("truee"), V, B, "ERR");

    ss_type TS = T(SS_T_TIMESTAMP);
    CAST_IS(S("2026-11-22 10:00:01.123"), V, TS, "2026-11-22 10:00:01.123");
    CAST_IS(S("2026-11-22T10:00:01.123Z"), V, TS, "2026-11-22 10:00:01.123");
    CAST_IS(S("2026-11-22T10:00:01+01:00"), V, TS, "2026-11-22 09:00:01.000");
    CAST_IS(S(" 2026-11-22 "), V, TS, "2026-11-22 00:00:00.000");
    CAST_IS(S("2026-11-22 24:00:00"), V, TS, "ERR");
    CAST_IS(S("2026-02-29"), V, TS, "ERR");
    CAST_IS(S("2024-02-29"), V, TS, "2024-02-29 00:00:00.000");
    CAST_IS(S("1969-12-31 23:59:59.999"), V, TS, "1969-12-31 23:59:59.999");
    CAST_IS(S("yesterday"), V, TS, "ERR");
    CAST_IS(S("2024-02-29"), V, T(SS_T_DATE), "2024-02-29");
    CAST_IS(S("2023-02-29"), V, T(SS_T_DATE), "ERR");
    CAST_IS(S("23:59:59.999"), V, T(SS_T_TIME), "23:59:59.999");
    CAST_IS(S("24:00"), V, T(SS_T_TIME), "ERR");
    /* The other way: TIMESTAMP <-> BIGINT is epoch milliseconds; dates floor. */
    CAST_IS(ss_int(-1), T(SS_T_TIMESTAMP), T(SS_T_BIGINT), "-1");
    CAST_IS(ss_int(-1), T(SS_T_BIGINT), TS, "1969-12-31 23:59:59.999");
    CAST_IS(ss_int(-1), TS, T(SS_T_DATE), "1969-12-31");
    CAST_IS(ss_int(-1), TS, T(SS_T_TIME), "23:59:59.999");
    CAST_IS(ss_int(-1), T(SS_T_DATE), TS, "1969-12-31 00:00:00.000");
}

static void test_text_truncation(void **state)
{
    (void)state;
    ss_type V = STR(SS_T_VARCHAR, 100);
    CAST_IS(S("h\xc3\xa9llo"), V, STR(SS_T_VARCHAR, 3), "h\xc3\xa9l (cut)"); /* characters, not bytes */
    CAST_IS(S("h\xc3\xa9llo"), V, STR(SS_T_VARCHAR, 5), "h\xc3\xa9llo");
    CAST_IS(S("h\xc3\xa9llo"), V, STR(SS_T_CHAR, 2), "h\xc3\xa9 (cut)");
    CAST_IS(S("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), V, STR(SS_T_VARCHAR, 1), "\xf0\x9f\x98\x80 (cut)");
    CAST_IS(S("abc"), V, STR(SS_T_VARCHAR, 0), "abc"); /* no length: no limit */
    CAST_IS(S(""), V, STR(SS_T_VARCHAR, 1), "");
    CAST_IS(ss_int(-12345), T(SS_T_INTEGER), STR(SS_T_VARCHAR, 3), "-12 (cut)");
    CAST_IS(ss_int(1), T(SS_T_BOOLEAN), STR(SS_T_CHAR, 1), "T (cut)");
    /* A cut string points into the original: same bytes, shorter. */
    ss_value r;
    char msg[160];
    ss_value in = S("abcdef");
    assert_int_equal(ss_cast(in, V, STR(SS_T_VARCHAR, 2), &arena, &r, msg), SS_CAST_TRUNCATED);
    assert_int_equal(r.len, 2);
    assert_memory_equal(r.s, "ab", 2);
}

/* ---- text forms --------------------------------------------------------------- */

static void check_text_form(ss_value v, ss_type t, const char *want, int line)
{
    char got[256];
    text(v, t, got);
    if (strcmp(got, want) != 0)
        fail_msg("line %d: text form %s, want %s", line, got, want);
}
#define TEXT_IS(v, t, want) check_text_form((v), (t), (want), __LINE__)

static void test_value_text_forms(void **state)
{
    (void)state;
    ss_type D = T(SS_T_DOUBLE), R = T(SS_T_REAL);
    TEXT_IS(ss_dbl(5), D, "5");
    TEXT_IS(ss_dbl(0.1), D, "0.1");
    TEXT_IS(ss_dbl(-2.5), D, "-2.5");
    TEXT_IS(ss_dbl(1e21), D, "1e+21");
    TEXT_IS(ss_dbl(123456789012345680000.0), D, "123456789012345680000");
    TEXT_IS(ss_dbl(1.5e-7), D, "1.5e-7");
    TEXT_IS(ss_dbl(0.000001), D, "0.000001");
    TEXT_IS(ss_dbl(5e-324), D, "5e-324");
    TEXT_IS(ss_dbl(-0.0), D, "-0");
    TEXT_IS(ss_dbl(NAN), D, "NaN");
    TEXT_IS(ss_dbl(INFINITY), D, "Infinity");
    TEXT_IS(ss_dbl(-INFINITY), D, "-Infinity");
    TEXT_IS(ss_dbl((double)0.1f), R, "0.1");
    TEXT_IS(ss_dbl((double)16777216.0f), R, "16777216");
    TEXT_IS(ss_dbl((double)3.4028235e38f), R, "3.4028235e+38");
    TEXT_IS(ss_int(-50), DEC(5, 2), "-0.50");
    TEXT_IS(ss_int(-5), DEC(5, 3), "-0.005");
    TEXT_IS(ss_int(1990), DEC(10, 2), "19.90");
    TEXT_IS(ss_int(0), DEC(10, 2), "0.00");
    TEXT_IS(ss_int(12), DEC(10, 0), "12");
    TEXT_IS(ss_int(1), DEC(18, 18), "0.000000000000000001");
    TEXT_IS(ss_int(-999999999999999999LL), DEC(18, 18), "-0.999999999999999999");
    TEXT_IS(ss_int(INT64_MIN), T(SS_T_BIGINT), "-9223372036854775808");
    TEXT_IS(ss_int(1), T(SS_T_BOOLEAN), "TRUE");
    TEXT_IS(ss_int(0), T(SS_T_BOOLEAN), "FALSE");
    TEXT_IS(ss_null(), T(SS_T_INTEGER), "NULL");
    TEXT_IS(ss_int(TS_2026), T(SS_T_TIMESTAMP), "2026-11-22 10:00:01.123");
    TEXT_IS(ss_int(0), T(SS_T_TIMESTAMP), "1970-01-01 00:00:00.000");
    TEXT_IS(ss_int(-1), T(SS_T_DATE), "1969-12-31");
    TEXT_IS(ss_int(0), T(SS_T_TIME), "00:00:00.000");
    TEXT_IS(ss_int(86399999), T(SS_T_TIME), "23:59:59.999");
    TEXT_IS(ss_int(-1), T(SS_T_INTERVAL_DS), "-0 00:00:00.001");
    TEXT_IS(ss_int(86400000LL * 400), T(SS_T_INTERVAL_DS), "+400 00:00:00.000");
    TEXT_IS(ss_int(-13), T(SS_T_INTERVAL_YM), "-1-1");
    TEXT_IS(ss_int(0), T(SS_T_INTERVAL_YM), "+0-0");
    /* Strings come back as they are, without a copy. */
    const char *s = "ab\0c";
    char buf[SS_VALUE_TEXT_MAX];
    const char *out;
    assert_int_equal(ss_value_text(ss_str(s, 4), STR(SS_T_VARCHAR, 10), buf, &out), 4);
    assert_ptr_equal(out, s);
    /* The widest forms fit the buffer. */
    assert_true(ss_value_text(ss_int(INT64_MIN), T(SS_T_TIMESTAMP), buf, &out) < SS_VALUE_TEXT_MAX);
    assert_true(ss_value_text(ss_dbl(-1.2345678901234567e-308), D, buf, &out) < SS_VALUE_TEXT_MAX);
    assert_true(ss_value_text(ss_int(INT64_MIN), T(SS_T_INTERVAL_DS), buf, &out) < SS_VALUE_TEXT_MAX);
    assert_true(ss_value_text(ss_int(INT64_MIN), T(SS_T_INTERVAL_YM), buf, &out) < SS_VALUE_TEXT_MAX);
}

/* ---- ordering --------------------------------------------------------------- */

static int sign(int x) { return (x > 0) - (x < 0); }

static void test_value_cmp(void **state)
{
    (void)state;
    ss_type D = T(SS_T_DOUBLE), R = T(SS_T_REAL), V = STR(SS_T_VARCHAR, 0);
    /* Doubles: NaN above everything (and equal to itself), -0 == 0. */
    assert_int_equal(sign(ss_value_cmp(ss_dbl(NAN), ss_dbl(INFINITY), D)), 1);
    assert_int_equal(sign(ss_value_cmp(ss_dbl(INFINITY), ss_dbl(NAN), D)), -1);
    assert_int_equal(ss_value_cmp(ss_dbl(NAN), ss_dbl(-NAN), D), 0);
    assert_int_equal(ss_value_cmp(ss_dbl(-0.0), ss_dbl(0.0), D), 0);
    assert_true(ss_value_eq(ss_dbl(-0.0), ss_dbl(0.0), D));
    assert_int_equal(sign(ss_value_cmp(ss_dbl(-INFINITY), ss_dbl(-1e308), D)), -1);
    assert_int_equal(sign(ss_value_cmp(ss_dbl(1), ss_dbl(2), D)), -1);
    assert_int_equal(sign(ss_value_cmp(ss_dbl(5e-324), ss_dbl(0), D)), 1);
    assert_int_equal(sign(ss_value_cmp(ss_dbl(NAN), ss_dbl(1), R)), 1);
    assert_int_equal(ss_value_cmp(ss_dbl(-0.0), ss_dbl(0.0), R), 0);
    /* Integers: no overflow at the extremes. */
    ss_type I = T(SS_T_BIGINT);
    assert_int_equal(sign(ss_value_cmp(ss_int(INT64_MIN), ss_int(INT64_MAX), I)), -1);
    assert_int_equal(sign(ss_value_cmp(ss_int(INT64_MAX), ss_int(INT64_MIN), I)), 1);
    assert_int_equal(sign(ss_value_cmp(ss_int(-1), ss_int(0), T(SS_T_TIMESTAMP))), -1);
    assert_int_equal(sign(ss_value_cmp(ss_int(-150), ss_int(-149), DEC(10, 2))), -1);
    assert_int_equal(ss_value_cmp(ss_int(7), ss_int(7), T(SS_T_INTEGER)), 0);
    /* Strings: bytes, unsigned, then length. */
    struct { const char *a; uint32_t alen; const char *b; uint32_t blen; int want; } sc[] = {
        {"a", 1, "b", 1, -1},
        {"a", 1, "ab", 2, -1},
        {"", 0, "a", 1, -1},
        {"", 0, "", 0, 0},
        {"Z", 1, "a", 1, -1},
        {"\xc3\xa9", 2, "z", 1, 1},
        {"a\0", 2, "a", 1, 1},
        {"\xff", 1, "\x7f", 1, 1},
        {"abc", 3, "abd", 3, -1},
        {"same", 4, "same", 4, 0},
        {"\xef\xbf\xbd", 3, "\xf0\x9f\x98\x80", 4, -1}, /* U+FFFD < U+1F600: code point order */
    };
    for (size_t k = 0; k < sizeof sc / sizeof sc[0]; k++) {
        ss_value a = ss_str(sc[k].a, sc[k].alen), b = ss_str(sc[k].b, sc[k].blen);
        if (sign(ss_value_cmp(a, b, V)) != sc[k].want || sign(ss_value_cmp(b, a, V)) != -sc[k].want)
            fail_msg("string case %zu compares wrongly", k);
        assert_true(ss_value_eq(a, b, V) == (sc[k].want == 0));
    }
    /* An empty string may have any pointer. */
    assert_int_equal(ss_value_cmp(ss_str(NULL, 0), ss_str("", 0), V), 0);
}

/* Sorting with ss_value_cmp gives a total order: check transitivity and
 * antisymmetry over a mix of special doubles. */
static void test_value_cmp_total_order(void **state)
{
    (void)state;
    double vals[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324, 1e308, -1e308, 0.5};
    size_t n = sizeof vals / sizeof vals[0];
    ss_type D = T(SS_T_DOUBLE);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int ij = sign(ss_value_cmp(ss_dbl(vals[i]), ss_dbl(vals[j]), D));
            int ji = sign(ss_value_cmp(ss_dbl(vals[j]), ss_dbl(vals[i]), D));
            assert_int_equal(ij, -ji);
            for (size_t k = 0; k < n; k++) {
                int jk = sign(ss_value_cmp(ss_dbl(vals[j]), ss_dbl(vals[k]), D));
                int ik = sign(ss_value_cmp(ss_dbl(vals[i]), ss_dbl(vals[k]), D));
                if (ij <= 0 && jk <= 0)
                    assert_true(ik <= 0);
            }
        }
}

int main(void)
{
#define TST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        TST(test_cast_matrix),
        TST(test_integer_ranges),
        TST(test_double_to_integer_truncates_toward_zero),
        TST(test_decimal_rescale_rounds),
        TST(test_float_casts),
        TST(test_text_to_numbers),
        TST(test_text_to_boolean_and_time),
        TST(test_text_truncation),
        TST(test_value_text_forms),
        TST(test_value_cmp),
        TST(test_value_cmp_total_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
