/* Unit tests for util/numconv: shortest round-trip float output (checked
 * against strtod/strtof and an independent shortest-length oracle), strict
 * integer and float parsing, and DECIMAL(p,s) arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/numconv.h"

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const char *fmt_d(double d)
{
    static char buf[SS_NUM_DOUBLE_BUFSZ];
    size_t len = 0;
    ss_num_format_double(d, buf, &len);
    assert_int_equal(len, strlen(buf));
    return buf;
}

static const char *fmt_f(float f)
{
    static char buf[SS_NUM_DOUBLE_BUFSZ];
    size_t len = 0;
    ss_num_format_float(f, buf, &len);
    assert_int_equal(len, strlen(buf));
    return buf;
}

/* ---- shortest round trip: known values -------------------------------------- */

static void test_format_double_known_values_in_ecmascript_layout(void **state)
{
    (void)state;
    static const struct {
        double d;
        const char *want;
    } cases[] = {
        {0.0, "0"},
        {5.0, "5"},
        {-5.0, "-5"},
        {0.1, "0.1"},
        {-0.1, "-0.1"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
        {123.456, "123.456"},
        {100.5, "100.5"},
        {4.35, "4.35"},
        {1e21, "1e+21"},
        {1e20, "100000000000000000000"},
        {123456789012345680000.0, "123456789012345680000"},
        {1.5e21, "1.5e+21"},
        {1e23, "1e+23"},
        {1e100, "1e+100"},
        {1e-6, "0.000001"},
        {1.5e-6, "0.0000015"},
        {1e-7, "1e-7"},
        {1.5e-7, "1.5e-7"},
        {123e-20, "1.23e-18"},
        {5e-324, "5e-324"},
        {-5e-324, "-5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {2.2250738585072014e-308, "2.2250738585072014e-308"}, /* DBL_MIN */
        {2.225073858507201e-308, "2.225073858507201e-308"},   /* largest subnormal */
        {9007199254740992.0, "9007199254740992"},             /* 2^53 */
        {9007199254740994.0, "9007199254740994"},
        {18014398509481984.0, "18014398509481984"}, /* 2^54 */
        {9.5367431640625e-7, "9.5367431640625e-7"}, /* 2^-20 */
        {1e15 + 0.3, "1000000000000000.2"},
        {0.000001234567890123457, "0.000001234567890123457"},
        {-1.2345678901234568e-300, "-1.2345678901234568e-300"},
        {299792458.0, "299792458"},
        {1.0e-5, "0.00001"},
        {12345678.9, "12345678.9"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = fmt_d(cases[i].d);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%.17g: got %s, want %s", cases[i].d, got, cases[i].want);
    }
}

static void test_format_double_negative_zero_and_non_finite(void **state)
{
    (void)state;
    char buf[SS_NUM_DOUBLE_BUFSZ];
    size_t len;
    assert_int_equal(ss_num_format_double(-0.0, buf, &len), SS_NUM_OK);
    assert_string_equal(buf, "-0");
    assert_true(signbit(strtod(buf, NULL)));
    assert_int_equal(ss_num_format_double(NAN, buf, &len), SS_NUM_ENONFINITE);
    assert_string_equal(buf, "NaN");
    assert_int_equal(len, 3);
    assert_int_equal(ss_num_format_double(INFINITY, buf, &len), SS_NUM_ENONFINITE);
    assert_string_equal(buf, "Infinity");
    assert_int_equal(ss_num_format_double(-INFINITY, buf, NULL), SS_NUM_ENONFINITE);
    assert_string_equal(buf, "-Infinity");
    assert_int_equal(ss_num_format_float(NAN, buf, &len), SS_NUM_ENONFINITE);
    assert_string_equal(buf, "NaN");
    assert_int_equal(ss_num_format_float(-INFINITY, buf, &len), SS_NUM_ENONFINITE);
    assert_string_equal(buf, "-Infinity");
    assert_int_equal(ss_num_format_float(-0.0f, buf, &len), SS_NUM_OK);
    assert_string_equal(buf, "-0");
}

static void test_format_float_known_values(void **state)
{
    (void)state;
    static const struct {
        float f;
        const char *want;
    } cases[] = {
        {0.1f, "0.1"},
        {1.0f / 3.0f, "0.33333334"},
        {3.14159f, "3.14159"},
        {16777216.0f, "16777216"},
        {16777218.0f, "16777218"},
        {33554436.0f, "33554436"},
        {1e10f, "10000000000"},
        {FLT_MAX, "3.4028235e+38"},
        {FLT_MIN, "1.1754944e-38"},
        {1.4e-45f, "1e-45"},
        {-2.5f, "-2.5"},
        {1e-7f, "1e-7"},
        {123456.79f, "123456.79"},
        {0.3f, "0.3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = fmt_f(cases[i].f);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%.9g: got %s, want %s", (double)cases[i].f, got, cases[i].want);
    }
}

/* ---- shortest round trip: random bit patterns ------------------------------- */

/* The significant digits of our output (no leading/trailing zeros). */
static int sig_digits(const char *s, uint64_t *mant)
{
    int n = 0, zeros = 0;
    uint64_t m = 0;
    bool started = false;
    for (const char *p = s; *p && *p != 'e'; p++) {
        if (*p < '0' || *p > '9')
            continue;
        if (*p == '0' && !started)
            continue;
        started = true;
        if (*p == '0') {
            zeros++;
            continue;
        }
        for (; zeros; zeros--, n++)
            m *= 10;
        m = m * 10 + (uint64_t)(*p - '0');
        n++;
    }
    *mant = m;
    return n;
}

static bool reads_back(const char *s, double d, bool is_float)
{
    if (is_float)
        return strtof(s, NULL) == (float)d;
    return strtod(s, NULL) == d;
}

/* Whether any n-digit decimal reads back as |d|. The n-digit decimals nearest
 * to |d| from below and above are within one unit of printf's correctly
 * rounded n digits, and the values that read back as |d| form an interval
 * around it, so checking those neighbours is exhaustive. */
static bool some_n_digit_decimal_reads_back(double d, int n, bool is_float)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*e", n - 1, fabs(d));
    uint64_t r = 0;
    const char *p = buf;
    for (; *p != 'e'; p++)
        if (*p != '.')
            r = r * 10 + (uint64_t)(*p - '0');
    int e = atoi(p + 1) - (n - 1);
    uint64_t lo10 = 1;
    for (int i = 1; i < n; i++)
        lo10 *= 10;
    uint64_t cand[3] = {r, r + 1, r - 1};
    int ce[3] = {e, e, e};
    if (r == lo10) { /* below 10^k the grid is ten times finer */
        cand[2] = lo10 * 10 - 1;
        ce[2] = e - 1;
    }
    for (int i = 0; i < 3; i++) {
        snprintf(buf, sizeof buf, "%llue%d", (unsigned long long)cand[i], ce[i]);
        if (reads_back(buf, fabs(d), is_float))
            return true;
    }
    return false;
}

static void check_shortest(double d, bool is_float)
{
    const char *s = is_float ? fmt_f((float)d) : fmt_d(d);
    if (!reads_back(s, d, is_float))
        fail_msg("%a printed as %s, which does not read back", d, s);
    uint64_t m;
    int n = sig_digits(s, &m);
    if (n > 1 && some_n_digit_decimal_reads_back(d, n - 1, is_float))
        fail_msg("%a printed as %s: a %d-digit form exists", d, s, n - 1);
    /* Of several shortest forms, the nearest is printed: when printf's
     * correctly rounded n digits read back, they must be ours. */
    char buf[64];
    snprintf(buf, sizeof buf, "%.*e", n - 1, fabs(d));
    if (reads_back(buf, fabs(d), is_float)) {
        uint64_t r = 0;
        for (const char *p = buf; *p != 'e'; p++)
            if (*p != '.')
                r = r * 10 + (uint64_t)(*p - '0');
        while (r && r % 10 == 0)
            r /= 10;
        if (r != m)
            fail_msg("%a printed as %s, nearest is %s", d, s, buf);
    }
}

static void test_format_double_random_bits_are_shortest_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < 200000; i++) {
        uint64_t bits = rng();
        double d;
        memcpy(&d, &bits, sizeof d);
        if (isfinite(d) && d != 0)
            check_shortest(d, false);
    }
}

static void test_format_double_random_decimals_are_shortest_round_trip(void **state)
{
    (void)state;
    /* Bit patterns rarely look like data: also decimals of 1..17 digits with
     * moderate exponents, the kind of numbers that come out of JSON. */
    for (int i = 0; i < 100000; i++) {
        uint64_t x = rng();
        int digits = (int)(x % 17) + 1;
        uint64_t lim = 1;
        for (int k = 0; k < digits; k++)
            lim *= 10;
        char in[48];
        snprintf(in, sizeof in, "%llue%d", (unsigned long long)(rng() % lim),
                 (int)(x >> 8) % 40 - 20);
        double d = strtod(in, NULL);
        if (d != 0)
            check_shortest(d, false);
    }
}

static void test_format_double_powers_of_two_and_ten(void **state)
{
    (void)state;
    /* Powers of two have an asymmetric rounding interval; powers of ten are
     * where digit counts change. */
    for (int e = -1074; e <= 1023; e++)
        check_shortest(ldexp(1.0, e), false);
    for (int e = -323; e <= 308; e++) {
        char in[16];
        snprintf(in, sizeof in, "1e%d", e);
        double d = strtod(in, NULL);
        check_shortest(d, false);
        check_shortest(nextafter(d, 0), false);
        check_shortest(nextafter(d, INFINITY), false);
        char want[24];
        if (e >= 21)
            snprintf(want, sizeof want, "1e+%d", e);
        else if (e >= 0 || e > -7)
            want[0] = 0;
        else
            snprintf(want, sizeof want, "1e%d", e);
        if (want[0])
            assert_string_equal(fmt_d(d), want);
    }
}

static void test_format_float_random_bits_are_shortest_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < 200000; i++) {
        uint32_t bits = (uint32_t)rng();
        float f;
        memcpy(&f, &bits, sizeof f);
        if (isfinite(f) && f != 0)
            check_shortest(f, true);
    }
    for (int e = -149; e <= 127; e++)
        check_shortest(ldexpf(1.0f, e), true);
}

static void test_double_digits_have_no_trailing_zeros(void **state)
{
    (void)state;
    uint64_t digits;
    int e;
    ss_num_double_digits(100.0, &digits, &e);
    assert_int_equal(digits, 1);
    assert_int_equal(e, 2);
    ss_num_double_digits(0.1, &digits, &e);
    assert_int_equal(digits, 1);
    assert_int_equal(e, -1);
    ss_num_double_digits(-2.675, &digits, &e);
    assert_int_equal(digits, 2675);
    assert_int_equal(e, -3);
    ss_num_double_digits(1.7976931348623157e308, &digits, &e);
    assert_int_equal(digits, 17976931348623157ULL);
    assert_int_equal(e, 292);
}

/* ---- integers --------------------------------------------------------------- */

static void test_format_int64_extremes(void **state)
{
    (void)state;
    char buf[SS_NUM_INT64_BUFSZ];
    static const struct {
        int64_t v;
        const char *want;
    } cases[] = {
        {0, "0"},
        {-1, "-1"},
        {9, "9"},
        {10, "10"},
        {99, "99"},
        {100, "100"},
        {-1000, "-1000"},
        {1234567890123LL, "1234567890123"},
        {INT64_MAX, "9223372036854775807"},
        {INT64_MIN, "-9223372036854775808"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = ss_num_format_int64(cases[i].v, buf);
        assert_string_equal(buf, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
    }
    assert_int_equal(ss_num_format_uint64(UINT64_MAX, buf), 20);
    assert_string_equal(buf, "18446744073709551615");
    for (int i = 0; i < 100000; i++) {
        int64_t v = (int64_t)rng() >> (rng() % 64);
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)v);
        ss_num_format_int64(v, buf);
        assert_string_equal(buf, want);
    }
}

static int p64(const char *s, int64_t *v) { return ss_num_parse_int64(s, strlen(s), v); }

static void test_parse_int64_strict_with_overflow(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(p64("0", &v), SS_NUM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(p64("-0", &v), SS_NUM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(p64("+5", &v), SS_NUM_OK);
    assert_int_equal(v, 5);
    assert_int_equal(p64(" 42 ", &v), SS_NUM_OK);
    assert_int_equal(v, 42);
    assert_int_equal(p64("\t-7\t", &v), SS_NUM_OK);
    assert_int_equal(v, -7);
    assert_int_equal(p64("007", &v), SS_NUM_OK);
    assert_int_equal(v, 7);
    assert_int_equal(p64("9223372036854775807", &v), SS_NUM_OK);
    assert_int_equal(v, INT64_MAX);
    assert_int_equal(p64("-9223372036854775808", &v), SS_NUM_OK);
    assert_int_equal(v, INT64_MIN);
    assert_int_equal(p64("9223372036854775808", &v), SS_NUM_ERANGE);
    assert_int_equal(p64("-9223372036854775809", &v), SS_NUM_ERANGE);
    assert_int_equal(p64("99999999999999999999999", &v), SS_NUM_ERANGE);
    static const char *const bad[] = {"", " ", "-", "+", "1.0", "1e3", "0x10", "12a", "1 2",
                                      "--1", "+-1", "99999999999999999999x", "\n1", "1\n",
                                      "١"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (p64(bad[i], &v) != SS_NUM_ESYNTAX)
            fail_msg("accepted \"%s\"", bad[i]);
    /* input need not be NUL-terminated */
    assert_int_equal(ss_num_parse_int64("123456", 3, &v), SS_NUM_OK);
    assert_int_equal(v, 123);
}

/* ---- text to double --------------------------------------------------------- */

static int pd(const char *s, double *v) { return ss_num_parse_double(s, strlen(s), v); }

static void test_parse_double_accepts_sql_number_forms(void **state)
{
    (void)state;
    double v;
    assert_int_equal(pd("1.5", &v), SS_NUM_OK);
    assert_true(v == 1.5);
    assert_int_equal(pd(".5", &v), SS_NUM_OK);
    assert_true(v == 0.5);
    assert_int_equal(pd("5.", &v), SS_NUM_OK);
    assert_true(v == 5.0);
    assert_int_equal(pd("-0", &v), SS_NUM_OK);
    assert_true(v == 0 && signbit(v));
    assert_int_equal(pd("+1e3", &v), SS_NUM_OK);
    assert_true(v == 1000.0);
    assert_int_equal(pd("1E-3", &v), SS_NUM_OK);
    assert_true(v == 0.001);
    assert_int_equal(pd("  2.5\t", &v), SS_NUM_OK);
    assert_true(v == 2.5);
    assert_int_equal(pd("0.1", &v), SS_NUM_OK);
    assert_true(v == 0.1);
    assert_int_equal(pd("4.9e-324", &v), SS_NUM_OK);
    assert_true(v == 5e-324);
    assert_int_equal(pd("1e-400", &v), SS_NUM_OK);
    assert_true(v == 0);
    assert_int_equal(pd("0e999999999999", &v), SS_NUM_OK);
    assert_true(v == 0);
    assert_int_equal(pd("1.7976931348623157e308", &v), SS_NUM_OK);
    assert_true(v == DBL_MAX);
    assert_int_equal(pd("2.2250738585072011e-308", &v), SS_NUM_OK);
    assert_true(v == strtod("2.2250738585072011e-308", NULL));
    /* ties round to even, and one more digit far away breaks the tie */
    assert_int_equal(pd("9007199254740993", &v), SS_NUM_OK);
    assert_true(v == 9007199254740992.0);
    assert_int_equal(pd("9007199254740993.000000000000000000000001", &v), SS_NUM_OK);
    assert_true(v == 9007199254740994.0);
    assert_int_equal(pd("nan", &v), SS_NUM_OK);
    assert_true(isnan(v));
    assert_int_equal(pd("-Infinity", &v), SS_NUM_OK);
    assert_true(isinf(v) && v < 0);
    assert_int_equal(pd("INF", &v), SS_NUM_OK);
    assert_true(isinf(v) && v > 0);
}

static void test_parse_double_rejects_garbage_and_overflow(void **state)
{
    (void)state;
    double v;
    assert_int_equal(pd("1e400", &v), SS_NUM_ERANGE);
    assert_int_equal(pd("-1e400", &v), SS_NUM_ERANGE);
    assert_int_equal(pd("1.8e308", &v), SS_NUM_ERANGE);
    static const char *const bad[] = {"", " ", ".", "e5", "1e", "1e+", "--1", "1.2.3", "0x1p3",
                                      "1,5", "1.5x", "1 5", "infinit", "nanx", "+", "1e5.5",
                                      "\xef\xbc\x91"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (pd(bad[i], &v) != SS_NUM_ESYNTAX)
            fail_msg("accepted \"%s\"", bad[i]);
}

static void test_parse_double_long_inputs_match_strtod(void **state)
{
    (void)state;
    /* more digits than any buffer: the canonical form keeps 800 and a sticky
     * digit, which must not change the rounding */
    char s[3000];
    double v;
    memset(s, '0', sizeof s);
    s[0] = '0';
    s[1] = '.';
    s[2500] = '1';
    s[2501] = 0;
    assert_int_equal(pd(s, &v), SS_NUM_OK);
    assert_true(v == 0); /* 1e-2499 */
    memcpy(s, "1.", 2);
    s[2501] = 'e';
    s[2502] = '5';
    s[2503] = 0;
    assert_int_equal(pd(s, &v), SS_NUM_OK);
    assert_true(v == strtod(s, NULL));
    /* exactly halfway between 1 and 1 + 2^-52, then a 1 at digit 1200 */
    char h[1300];
    const char *half = "1.00000000000000011102230246251565404236316680908203125";
    size_t hl = strlen(half);
    memcpy(h, half, hl);
    memset(h + hl, '0', 1200 - hl);
    h[1200] = 0;
    assert_int_equal(pd(h, &v), SS_NUM_OK);
    assert_true(v == 1.0);
    h[1199] = '1';
    assert_int_equal(pd(h, &v), SS_NUM_OK);
    assert_true(v == nextafter(1.0, 2.0));
    for (int i = 0; i < 50000; i++) {
        char in[64];
        int nd = (int)(rng() % 25) + 1;
        int k = 0;
        bool point = false;
        if (rng() & 1)
            in[k++] = '-';
        for (int j = 0; j < nd; j++) {
            if (j == (int)(rng() % (uint64_t)nd) && !point) {
                in[k++] = '.';
                point = true;
            }
            in[k++] = (char)('0' + rng() % 10);
        }
        k += snprintf(in + k, sizeof in - (size_t)k, "e%d", (int)(rng() % 660) - 330);
        in[k] = 0;
        double want = strtod(in, NULL);
        int rc = pd(in, &v);
        if (isinf(want)) {
            assert_int_equal(rc, SS_NUM_ERANGE);
        } else {
            assert_int_equal(rc, SS_NUM_OK);
            if (memcmp(&v, &want, sizeof v) != 0)
                fail_msg("%s: got %a want %a", in, v, want);
        }
        float fw = strtof(in, NULL), fv;
        rc = ss_num_parse_float(in, strlen(in), &fv);
        if (isinf(fw)) {
            assert_int_equal(rc, SS_NUM_ERANGE);
        } else {
            assert_int_equal(rc, SS_NUM_OK);
            if (memcmp(&fv, &fw, sizeof fv) != 0)
                fail_msg("%s: got %a want %a (float)", in, (double)fv, (double)fw);
        }
    }
}

static void test_parse_float_rounds_once(void **state)
{
    (void)state;
    float f;
    assert_int_equal(ss_num_parse_float("0.1", 3, &f), SS_NUM_OK);
    assert_true(f == 0.1f);
    assert_int_equal(ss_num_parse_float("3.4028235e38", 12, &f), SS_NUM_OK);
    assert_true(f == FLT_MAX);
    assert_int_equal(ss_num_parse_float("3.5e38", 6, &f), SS_NUM_ERANGE);
    assert_int_equal(ss_num_parse_float("1e-46", 5, &f), SS_NUM_OK);
    assert_true(f == 0);
    assert_int_equal(ss_num_parse_float("16777217", 8, &f), SS_NUM_OK);
    assert_true(f == 16777216.0f);
    /* just above the midpoint of 1 and 1 + 2^-23: via double it would round
     * to the midpoint first and then to even (1.0) */
    const char *s = "1.000000059604644775390625000000001";
    assert_int_equal(ss_num_parse_float(s, strlen(s), &f), SS_NUM_OK);
    assert_true(f == nextafterf(1.0f, 2.0f));
    assert_int_equal(ss_num_parse_float("-nan", 4, &f), SS_NUM_OK);
    assert_true(isnan(f));
    assert_int_equal(ss_num_parse_float("1f", 2, &f), SS_NUM_ESYNTAX);
}

static void test_parse_double_ignores_process_locale(void **state)
{
    (void)state;
    const char *locs[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "C.UTF-8"};
    const char *set = NULL;
    for (size_t i = 0; i < sizeof locs / sizeof locs[0] && !set; i++)
        set = setlocale(LC_NUMERIC, locs[i]);
    double v;
    assert_int_equal(pd("1234.5678901234567", &v), SS_NUM_OK);
    assert_true(v == 1234.5678901234567);
    assert_int_equal(pd("1,5", &v), SS_NUM_ESYNTAX);
    int64_t dv;
    assert_int_equal(ss_num_dec_from_double(0.5, 3, 2, &dv), SS_NUM_OK);
    assert_true(ss_num_dec_to_double(999999999999999999LL, 18) == 0.999999999999999999);
    char buf[SS_NUM_DOUBLE_BUFSZ];
    ss_num_format_double(1.5, buf, NULL);
    assert_string_equal(buf, "1.5");
    setlocale(LC_NUMERIC, "C");
}

static void test_format_then_parse_is_identity(void **state)
{
    (void)state;
    for (int i = 0; i < 100000; i++) {
        uint64_t bits = rng();
        double d, back;
        memcpy(&d, &bits, sizeof d);
        char buf[SS_NUM_DOUBLE_BUFSZ];
        size_t n;
        if (ss_num_format_double(d, buf, &n) != SS_NUM_OK)
            continue;
        assert_int_equal(ss_num_parse_double(buf, n, &back), SS_NUM_OK);
        assert_memory_equal(&d, &back, sizeof d);
        float f, fb;
        uint32_t fbits = (uint32_t)bits;
        memcpy(&f, &fbits, sizeof f);
        if (ss_num_format_float(f, buf, &n) != SS_NUM_OK)
            continue;
        assert_int_equal(ss_num_parse_float(buf, n, &fb), SS_NUM_OK);
        assert_memory_equal(&f, &fb, sizeof f);
    }
}

/* ---- DECIMAL ---------------------------------------------------------------- */

static int dp(const char *s, int p, int sc, int64_t *v) { return ss_num_dec_parse(s, strlen(s), p, sc, v); }

static void test_dec_parse_rounds_half_away_from_zero(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int p, sc;
        int64_t want;
    } ok[] = {
        {"123.45", 5, 2, 12345},
        {"1.005", 5, 2, 101},
        {"-1.005", 5, 2, -101},
        {"1.004", 5, 2, 100},
        {"1.0049999999", 5, 2, 100},
        {"999.994", 5, 2, 99999},
        {"1e2", 5, 2, 10000},
        {"1.5E-1", 5, 2, 15},
        {"0.000000001", 5, 2, 0},
        {"-0.004", 5, 2, 0},
        {"0.005", 5, 2, 1},
        {"12", 5, 0, 12},
        {"12.5", 5, 0, 13},
        {"-12.5", 5, 0, -13},
        {"12.4999", 5, 0, 12},
        {"0.5", 1, 0, 1},
        {" 7 ", 3, 1, 70},
        {".5", 2, 1, 5},
        {"5.", 2, 1, 50},
        {"+3.25", 3, 2, 325},
        {"00000000000000000000001.5", 3, 1, 15},
        {"999999999999999999", 18, 0, 999999999999999999LL},
        {"-999999999999999999", 18, 0, -999999999999999999LL},
        {"0.999999999999999999", 18, 18, 999999999999999999LL},
        {"0.0000000000000000005", 18, 18, 1},
        {"0e1000000", 18, 0, 0},
        {"1e-1000000", 18, 18, 0},
        {"12345e-2", 5, 2, 12345},
        {"0.12345e3", 5, 2, 12345},
        {"5e-1", 1, 0, 1},
        {"4.5e-1", 1, 0, 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v = -12345678;
        int rc = dp(ok[i].s, ok[i].p, ok[i].sc, &v);
        if (rc != SS_NUM_OK || v != ok[i].want)
            fail_msg("\"%s\" DECIMAL(%d,%d): rc %d value %lld, want %lld", ok[i].s, ok[i].p,
                     ok[i].sc, rc, (long long)v, (long long)ok[i].want);
    }
    int64_t v;
    assert_int_equal(dp("999.995", 5, 2, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("-999.995", 5, 2, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("1000", 5, 2, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("1000000000000000000", 18, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("1e1000000", 18, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("99999999999999999999999999", 18, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("0.95", 1, 1, &v), SS_NUM_ERANGE);
    static const char *const bad[] = {"", "abc", "1.2.3", "1e", ".", "-", "1,5", "nan", "inf",
                                      "1 0", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (dp(bad[i], 10, 2, &v) != SS_NUM_ESYNTAX)
            fail_msg("accepted \"%s\"", bad[i]);
}

static void test_dec_format_exact_scale(void **state)
{
    (void)state;
    char buf[SS_NUM_DEC_BUFSZ];
    static const struct {
        int64_t v;
        int sc;
        const char *want;
    } cases[] = {
        {12345, 2, "123.45"},
        {-5, 2, "-0.05"},
        {0, 2, "0.00"},
        {12, 0, "12"},
        {-12, 0, "-12"},
        {100, 3, "0.100"},
        {1000, 3, "1.000"},
        {-1, 18, "-0.000000000000000001"},
        {999999999999999999LL, 18, "0.999999999999999999"},
        {-999999999999999999LL, 18, "-0.999999999999999999"},
        {INT64_MIN, 18, "-9.223372036854775808"},
        {INT64_MAX, 0, "9223372036854775807"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = ss_num_dec_format(cases[i].v, cases[i].sc, buf);
        assert_string_equal(buf, cases[i].want);
        assert_int_equal(n, strlen(buf));
    }
    /* text -> DECIMAL -> text is the identity for canonical texts */
    for (int i = 0; i < 50000; i++) {
        int p = (int)(rng() % 18) + 1, sc = (int)(rng() % (uint64_t)(p + 1));
        int64_t v = (int64_t)(rng() % (uint64_t)ss_num_pow10(p));
        if (rng() & 1)
            v = -v;
        size_t n = ss_num_dec_format(v, sc, buf);
        int64_t back;
        assert_int_equal(ss_num_dec_parse(buf, n, p, sc, &back), SS_NUM_OK);
        assert_int_equal(back, v);
    }
}

static void test_dec_rescale_rounds_and_checks_precision(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(ss_num_dec_rescale(12345, 2, 1, 18, &v), SS_NUM_OK);
    assert_int_equal(v, 1235);
    assert_int_equal(ss_num_dec_rescale(-12345, 2, 1, 18, &v), SS_NUM_OK);
    assert_int_equal(v, -1235);
    assert_int_equal(ss_num_dec_rescale(12344, 2, 1, 18, &v), SS_NUM_OK);
    assert_int_equal(v, 1234);
    assert_int_equal(ss_num_dec_rescale(15, 1, 0, 18, &v), SS_NUM_OK);
    assert_int_equal(v, 2);
    assert_int_equal(ss_num_dec_rescale(-15, 1, 0, 18, &v), SS_NUM_OK);
    assert_int_equal(v, -2);
    assert_int_equal(ss_num_dec_rescale(14, 1, 0, 18, &v), SS_NUM_OK);
    assert_int_equal(v, 1);
    assert_int_equal(ss_num_dec_rescale(5, 0, 3, 4, &v), SS_NUM_OK);
    assert_int_equal(v, 5000);
    assert_int_equal(ss_num_dec_rescale(99999, 2, 4, 6, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_rescale(999999999999999999LL, 0, 18, 18, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_rescale(999999999999999999LL, 18, 0, 18, &v), SS_NUM_OK);
    assert_int_equal(v, 1);
    assert_int_equal(ss_num_dec_rescale(499999999999999999LL, 18, 0, 1, &v), SS_NUM_OK);
    assert_int_equal(v, 0);
    /* precision and scale outside DECIMAL's limits are refused, not read past */
    assert_int_equal(dp("1", 19, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("1", 0, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(dp("1", 5, -1, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_rescale(1, 19, 0, 18, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_mul(1, 0, 1, 0, 18, 40, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_div(1, -1, 1, 0, 18, 0, &v), SS_NUM_ERANGE);
    assert_true(ss_num_dec_fits(99999, 5));
    assert_false(ss_num_dec_fits(100000, 5));
    assert_false(ss_num_dec_fits(-100000, 5));
    assert_true(ss_num_dec_fits(-99999, 5));
}

static void test_dec_arithmetic_rounds_once(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(ss_num_dec_add(125, 2, 25, 1, 18, 2, &v), SS_NUM_OK); /* 1.25 + 2.5 */
    assert_int_equal(v, 375);
    assert_int_equal(ss_num_dec_sub(125, 2, 25, 1, 18, 2, &v), SS_NUM_OK);
    assert_int_equal(v, -125);
    assert_int_equal(ss_num_dec_add(5, 1, 5, 2, 18, 1, &v), SS_NUM_OK); /* 0.5 + 0.05 */
    assert_int_equal(v, 6);
    assert_int_equal(ss_num_dec_add(999, 0, 1, 0, 3, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_add(999999999999999999LL, 0, 999999999999999999LL, 0, 18, 0, &v),
                     SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_mul(125, 2, 25, 1, 18, 2, &v), SS_NUM_OK); /* 3.125 */
    assert_int_equal(v, 313);
    assert_int_equal(ss_num_dec_mul(-125, 2, 25, 1, 18, 2, &v), SS_NUM_OK);
    assert_int_equal(v, -313);
    assert_int_equal(ss_num_dec_mul(125, 2, 25, 1, 18, 3, &v), SS_NUM_OK);
    assert_int_equal(v, 3125);
    assert_int_equal(ss_num_dec_mul(999999999999999999LL, 9, 999999999999999999LL, 9, 18, 9, &v),
                     SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_mul(999999999999999999LL, 18, 999999999999999999LL, 18, 18, 18, &v),
                     SS_NUM_OK);
    assert_int_equal(v, 999999999999999998LL); /* 0.999...998000...001 rounded */
    assert_int_equal(ss_num_dec_div(1, 0, 3, 0, 18, 6, &v), SS_NUM_OK);
    assert_int_equal(v, 333333);
    assert_int_equal(ss_num_dec_div(2, 0, 3, 0, 18, 6, &v), SS_NUM_OK);
    assert_int_equal(v, 666667);
    assert_int_equal(ss_num_dec_div(-2, 0, 3, 0, 18, 6, &v), SS_NUM_OK);
    assert_int_equal(v, -666667);
    assert_int_equal(ss_num_dec_div(2, 0, -3, 0, 18, 6, &v), SS_NUM_OK);
    assert_int_equal(v, -666667);
    assert_int_equal(ss_num_dec_div(10, 0, 4, 0, 18, 0, &v), SS_NUM_OK);
    assert_int_equal(v, 3);
    assert_int_equal(ss_num_dec_div(-10, 0, 4, 0, 18, 0, &v), SS_NUM_OK);
    assert_int_equal(v, -3);
    assert_int_equal(ss_num_dec_div(-10, 0, -4, 0, 18, 0, &v), SS_NUM_OK);
    assert_int_equal(v, 3);
    assert_int_equal(ss_num_dec_div(12345, 2, 5, 1, 18, 4, &v), SS_NUM_OK); /* 123.45 / 0.5 */
    assert_int_equal(v, 2469000);
    assert_int_equal(ss_num_dec_div(1, 18, 3, 0, 18, 0, &v), SS_NUM_OK); /* tiny / 3 */
    assert_int_equal(v, 0);
    assert_int_equal(ss_num_dec_div(1, 0, 0, 0, 18, 0, &v), SS_NUM_EDIVZERO);
    assert_int_equal(ss_num_dec_div(INT64_MAX, 0, 1, 18, 18, 18, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_div(INT64_MIN, 0, -1, 0, 18, 0, &v), SS_NUM_ERANGE);
}

static void test_dec_to_and_from_double(void **state)
{
    (void)state;
    assert_true(ss_num_dec_to_double(12345, 2) == 123.45);
    assert_true(ss_num_dec_to_double(-5, 1) == -0.5);
    assert_true(ss_num_dec_to_double(1, 18) == 1e-18);
    assert_true(ss_num_dec_to_double(999999999999999999LL, 18) == 0.999999999999999999);
    assert_true(ss_num_dec_to_double(INT64_MAX, 0) == 9223372036854775807.0);
    assert_true(ss_num_dec_to_double(-123456789012345678LL, 3) == -123456789012345.678);
    assert_true(ss_num_dec_to_double(0, 5) == 0);

    int64_t v;
    assert_int_equal(ss_num_dec_from_double(2.675, 5, 2, &v), SS_NUM_OK);
    assert_int_equal(v, 268);
    assert_int_equal(ss_num_dec_from_double(-2.675, 5, 2, &v), SS_NUM_OK);
    assert_int_equal(v, -268);
    assert_int_equal(ss_num_dec_from_double(0.1, 5, 2, &v), SS_NUM_OK);
    assert_int_equal(v, 10);
    assert_int_equal(ss_num_dec_from_double(1.5, 1, 0, &v), SS_NUM_OK);
    assert_int_equal(v, 2);
    assert_int_equal(ss_num_dec_from_double(-0.5, 1, 0, &v), SS_NUM_OK);
    assert_int_equal(v, -1);
    assert_int_equal(ss_num_dec_from_double(0.49999999999999994, 1, 0, &v), SS_NUM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(ss_num_dec_from_double(1e-30, 5, 2, &v), SS_NUM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(ss_num_dec_from_double(5e-324, 18, 18, &v), SS_NUM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(ss_num_dec_from_double(123456789.125, 18, 2, &v), SS_NUM_OK);
    assert_int_equal(v, 12345678913LL);
    assert_int_equal(ss_num_dec_from_double(1e17, 18, 0, &v), SS_NUM_OK);
    assert_int_equal(v, 100000000000000000LL);
    assert_int_equal(ss_num_dec_from_double(1e18, 18, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_from_double(1e300, 18, 0, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_from_double(99.995, 4, 2, &v), SS_NUM_ERANGE);
    assert_int_equal(ss_num_dec_from_double(NAN, 5, 2, &v), SS_NUM_ENONFINITE);
    assert_int_equal(ss_num_dec_from_double(-INFINITY, 5, 2, &v), SS_NUM_ENONFINITE);
    assert_int_equal(ss_num_dec_from_double(-0.0, 5, 2, &v), SS_NUM_OK);
    assert_int_equal(v, 0);
    /* to_double then from_double returns the decimal when it has <= 15 digits */
    for (int i = 0; i < 50000; i++) {
        int sc = (int)(rng() % 16);
        int64_t d = (int64_t)(rng() % 1000000000000000ULL);
        if (rng() & 1)
            d = -d;
        int64_t back;
        assert_int_equal(ss_num_dec_from_double(ss_num_dec_to_double(d, sc), 18, sc, &back),
                         SS_NUM_OK);
        assert_int_equal(back, d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_double_known_values_in_ecmascript_layout),
        cmocka_unit_test(test_format_double_negative_zero_and_non_finite),
        cmocka_unit_test(test_format_float_known_values),
        cmocka_unit_test(test_format_double_random_bits_are_shortest_round_trip),
        cmocka_unit_test(test_format_double_random_decimals_are_shortest_round_trip),
        cmocka_unit_test(test_format_double_powers_of_two_and_ten),
        cmocka_unit_test(test_format_float_random_bits_are_shortest_round_trip),
        cmocka_unit_test(test_double_digits_have_no_trailing_zeros),
        cmocka_unit_test(test_format_int64_extremes),
        cmocka_unit_test(test_parse_int64_strict_with_overflow),
        cmocka_unit_test(test_parse_double_accepts_sql_number_forms),
        cmocka_unit_test(test_parse_double_rejects_garbage_and_overflow),
        cmocka_unit_test(test_parse_double_long_inputs_match_strtod),
        cmocka_unit_test(test_parse_float_rounds_once),
        cmocka_unit_test(test_parse_double_ignores_process_locale),
        cmocka_unit_test(test_format_then_parse_is_identity),
        cmocka_unit_test(test_dec_parse_rounds_half_away_from_zero),
        cmocka_unit_test(test_dec_format_exact_scale),
        cmocka_unit_test(test_dec_rescale_rounds_and_checks_precision),
        cmocka_unit_test(test_dec_arithmetic_rounds_once),
        cmocka_unit_test(test_dec_to_and_from_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
