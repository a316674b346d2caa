/* Unit tests for exec/eval: expressions compiled from real SQL (a one-stream
 * application, `SELECT STREAM <expr> FROM S`) and evaluated over a hand-made
 * input row. Results are compared through their text form (what CAST to
 * VARCHAR gives), so DECIMAL scales, REAL rounding and timestamps are exact.
 * Expected epoch values were computed independently (Python's datetime). */
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

#include "exec/eval.h"
#include "sql/analyze.h"

/* ---- the stream and the row ------------------------------------------------ */

enum {
    C_I, C_J, C_B, C_C, C_TI, C_SI, C_D, C_E, C_R, C_M, C_N, C_M4, C_S, C_T, C_U, C_P, C_Q, C_TS, C_TS2, C_DT,
    C_TM, NCOLS
};

#define STREAM_S                                                                                   \
    "CREATE STREAM S (i INTEGER, j INTEGER, b BIGINT, c BIGINT, ti TINYINT, si SMALLINT, d DOUBLE, " \
    "e DOUBLE, r REAL, m DECIMAL(10,2), n DECIMAL(10,2), m4 DECIMAL(18,4), s VARCHAR(20000), "        \
    "t VARCHAR(20000), u VARCHAR(5), p BOOLEAN, q BOOLEAN, ts TIMESTAMP, ts2 TIMESTAMP, dt DATE, "    \
    "tm TIME) WITH (FILE = '-');\n"

#define TS_2026 1795341601123LL /* 2026-11-22 10:00:01.123 */

static ss_value row[NCOLS];

static void set_null_row(void)
{
    for (int i = 0; i < NCOLS; i++)
        row[i] = ss_null();
}

static void set_int(int col, int64_t v) { row[col] = ss_int(v); }
static void set_dbl(int col, double v) { row[col] = ss_dbl(v); }
static void set_str(int col, const char *s) { row[col] = ss_str(s, (uint32_t)strlen(s)); }

/* ---- compiling and evaluating --------------------------------------------- */

typedef struct compiled {
    char *text;
    ss_source src;
    ss_arena arena;
    ss_diags diags;
    ss_app *app;
    struct compiled *next;
} compiled;

/* Everything compiled or evaluated in a test lives until its teardown. */
static compiled *all_compiled;
static ss_arena eval_arena;

static int setup(void **state)
{
    (void)state;
    set_null_row();
    ss_arena_init(&eval_arena, 4096);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    while (all_compiled) {
        compiled *c = all_compiled;
        all_compiled = c->next;
        ss_diags_free(&c->diags);
        ss_arena_free(&c->arena);
        free(c->text);
        free(c);
    }
    ss_arena_free(&eval_arena);
    return 0;
}

/* The select list item `expr`, compiled and prepared. */
static const ss_expr *compile_expr(const char *expr, int line)
{
    compiled *c = calloc(1, sizeof *c);
    assert_non_null(c);
    size_t n = strlen(STREAM_S) + strlen(expr) + 64;
    c->text = malloc(n);
    assert_non_null(c->text);
    snprintf(c->text, n, "%sSELECT STREAM %s AS v FROM S;", STREAM_S, expr);
    c->src.name = "test.sql";
    c->src.text = c->text;
    c->src.len = strlen(c->text);
    ss_arena_init(&c->arena, 4096);
    ss_diags_init(&c->diags, &c->src);
    c->next = all_compiled;
    all_compiled = c;
    c->app = ss_compile(&c->src, &c->arena, &c->diags);
    if (!c->app) {
        ss_diags_print(&c->diags, stderr);
        fail_msg("line %d: %s does not compile", line, expr);
    }
    const ss_query *q = c->app->pumps[0]->q;
    assert_int_equal(q->nout, 1);
    char msg[200];
    if (ss_eval_prepare(q->out[0], &c->arena, msg, sizeof msg) != 0)
        fail_msg("line %d: %s: prepare failed: %s", line, expr, msg);
    return q->out[0];
}

typedef struct result {
    ss_eval_status st;
    ss_value v;
    ss_type type;
    uint64_t truncations;
    char msg[160];
    char text[256]; /* the value's text form, "NULL" for NULL */
} result;

static result eval_at(const char *expr, int line)
{
    const ss_expr *e = compile_expr(expr, line);
    ss_eval_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.row = row;
    ctx.in_rowtime = 1000;
    ctx.out_rowtime = 2000;
    ctx.now_ms = 3000;
    ctx.arena = &eval_arena;
    result r;
    memset(&r, 0, sizeof r);
    r.st = ss_eval(e, &ctx, &r.v);
    r.type = e->type;
    r.truncations = ctx.truncations;
    snprintf(r.msg, sizeof r.msg, "%s", ctx.msg);
    if (r.st == SS_EVAL_OK) {
        if (r.v.null) {
            strcpy(r.text, "NULL");
        } else {
            char buf[SS_VALUE_TEXT_MAX];
            const char *s;
            uint32_t n = ss_value_text(r.v, r.type, buf, &s);
            snprintf(r.text, sizeof r.text, "%.*s", (int)n, s);
        }
    }
    return r;
}

static void check_text(const char *expr, const char *want, int line)
{
    result r = eval_at(expr, line);
    if (r.st != SS_EVAL_OK)
        fail_msg("line %d: %s failed (status %d: %s), want %s", line, expr, r.st, r.msg, want);
    if (strcmp(r.text, want) != 0)
        fail_msg("line %d: %s gave %s, want %s", line, expr, r.text, want);
}

static void check_status(const char *expr, ss_eval_status want, const char *msg_part, int line)
{
    result r = eval_at(expr, line);
    if (r.st != want)
        fail_msg("line %d: %s gave status %d (%s, text %s), want %d", line, expr, r.st, r.msg,
                 r.st == SS_EVAL_OK ? r.text : "-", want);
    if (msg_part && !strstr(r.msg, msg_part))
        fail_msg("line %d: %s: message \"%s\" lacks \"%s\"", line, expr, r.msg, msg_part);
}

static void check_type(const char *expr, ss_type_kind want, int line)
{
    const ss_expr *e = compile_expr(expr, line);
    if (e->type.kind != want) {
        char b[64];
        fail_msg("line %d: %s has type %s, want kind %d", line, expr, ss_type_name(e->type, b, sizeof b), want);
    }
}

#define EXPECT(expr, want) check_text((expr), (want), __LINE__)
#define EXPECT_NULL(expr) check_text((expr), "NULL", __LINE__)
#define EXPECT_ERROR(expr, msg) check_status((expr), SS_EVAL_ERROR, (msg), __LINE__)
#define EXPECT_CONVERT(expr) check_status((expr), SS_EVAL_CONVERT, NULL, __LINE__)
#define EXPECT_TYPE(expr, kind) check_type((expr), (kind), __LINE__)

/* ---- three-valued logic ------------------------------------------------------ */

static void set_bool3(int col, int v) /* 1 TRUE, 0 FALSE, -1 NULL */
{
    row[col] = v < 0 ? ss_null() : ss_int(v);
}

static const char *tv(int v) { return v < 0 ? "NULL" : v ? "TRUE" : "FALSE"; }

static void test_and_or_not_truth_tables(void **state)
{
    (void)state;
    /* SQL's tables: FALSE AND NULL = FALSE, TRUE OR NULL = TRUE, the rest with NULL is NULL. */
    for (int a = -1; a <= 1; a++) {
        for (int b = -1; b <= 1; b++) {
            set_bool3(C_P, a);
            set_bool3(C_Q, b);
            int and = (a == 0 || b == 0) ? 0 : (a < 0 || b < 0) ? -1 : 1;
            int or = (a == 1 || b == 1) ? 1 : (a < 0 || b < 0) ? -1 : 0;
            EXPECT("p AND q", tv(and));
            EXPECT("p OR q", tv(or));
            EXPECT("NOT (p AND q)", tv(and < 0 ? -1 : !and));
        }
        set_bool3(C_P, a);
        EXPECT("NOT p", tv(a < 0 ? -1 : !a));
        EXPECT("p IS NULL", a < 0 ? "TRUE" : "FALSE");
        EXPECT("p IS NOT NULL", a < 0 ? "FALSE" : "TRUE");
        EXPECT("p IS TRUE", a == 1 ? "TRUE" : "FALSE");
        EXPECT("p IS NOT TRUE", a == 1 ? "FALSE" : "TRUE");
        EXPECT("p IS FALSE", a == 0 ? "TRUE" : "FALSE");
        EXPECT("p IS NOT FALSE", a == 0 ? "FALSE" : "TRUE");
    }
    /* A deciding left side: the right side is not evaluated. */
    set_int(C_I, 1);
    set_int(C_J, 0);
    EXPECT("FALSE AND (i / j = 1)", "FALSE");
    EXPECT("TRUE OR (i / j = 1)", "TRUE");
    EXPECT_ERROR("TRUE AND (i / j = 1)", "division by zero");
}

static void test_comparisons_with_null(void **state)
{
    (void)state;
    set_int(C_I, 5);
    EXPECT_NULL("i = j");
    EXPECT_NULL("i <> j");
    EXPECT_NULL("j < i");
    EXPECT_NULL("NOT (i = j)");
    EXPECT("i = 5", "TRUE");
    EXPECT("i <> 5", "FALSE");
    EXPECT("i >= 5 AND i <= 5", "TRUE");
}

static void test_in_with_null(void **state)
{
    (void)state;
    set_int(C_I, 1);
    EXPECT("i IN (1, 2)", "TRUE");
    EXPECT("i IN (3, 2)", "FALSE");
    EXPECT("i NOT IN (3, 2)", "TRUE");
    EXPECT("i IN (1, j)", "TRUE"); /* found: the NULL does not matter */
    EXPECT("i NOT IN (1, j)", "FALSE");
    EXPECT_NULL("i IN (2, j)");      /* not found, but a NULL could have been it */
    EXPECT_NULL("i NOT IN (2, j)");
    set_int(C_I, 2);
    EXPECT("i IN (1, 2, 3)", "TRUE");
    row[C_I] = ss_null();
    EXPECT_NULL("i IN (1, 2)");
    EXPECT_NULL("i NOT IN (1, 2)");
    set_str(C_S, "b");
    EXPECT("s IN ('a', 'b')", "TRUE");
    EXPECT("s IN ('a', 'B')", "FALSE");
}

static void test_between_with_null(void **state)
{
    (void)state;
    set_int(C_I, 10);
    EXPECT("i BETWEEN 1 AND 10", "TRUE"); /* inclusive */
    EXPECT("i BETWEEN 10 AND 20", "TRUE");
    EXPECT("i BETWEEN 11 AND 20", "FALSE");
    EXPECT("i BETWEEN 20 AND 1", "FALSE"); /* not symmetric */
    EXPECT("i NOT BETWEEN 11 AND 20", "TRUE");
    EXPECT("i BETWEEN j AND 5", "FALSE"); /* i <= 5 is FALSE: decided */
    EXPECT_NULL("i BETWEEN j AND 50");    /* i >= NULL unknown, i <= 50 TRUE */
    EXPECT("i NOT BETWEEN j AND 5", "TRUE");
    EXPECT_NULL("i NOT BETWEEN j AND 50");
    EXPECT("i BETWEEN 20 AND j", "FALSE");
    EXPECT_NULL("i BETWEEN 1 AND j");
    row[C_I] = ss_null();
    EXPECT_NULL("i BETWEEN 1 AND 10");
    EXPECT_NULL("i NOT BETWEEN 1 AND 10");
}

static void test_case(void **state)
{
    (void)state;
    set_int(C_I, 2);
    EXPECT("CASE WHEN i = 1 THEN 'one' WHEN i = 2 THEN 'two' ELSE 'many' END", "two");
    EXPECT("CASE i WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END", "two");
    EXPECT("CASE i WHEN 3 THEN 'three' END", "NULL");
    /* A NULL condition is not TRUE: the next branch or ELSE. */
    EXPECT("CASE WHEN j = 1 THEN 'a' WHEN i = 2 THEN 'b' END", "b");
    EXPECT("CASE WHEN j = 1 THEN 'a' ELSE 'z' END", "z");
    /* A NULL operand matches no WHEN, not even NULL. */
    row[C_I] = ss_null();
    EXPECT("CASE i WHEN 1 THEN 'one' ELSE 'other' END", "other");
    EXPECT("CASE i WHEN j THEN 'same' ELSE 'other' END", "other");
    /* Only the branch taken is evaluated. */
    set_int(C_I, 7);
    set_int(C_J, 0);
    EXPECT("CASE WHEN j = 0 THEN 0 ELSE i / j END", "0");
    EXPECT("CASE WHEN j <> 0 THEN i / j ELSE -1 END", "-1");
    EXPECT_ERROR("CASE WHEN j = 0 THEN i / j ELSE 0 END", "division by zero");
    /* The first TRUE branch wins. */
    EXPECT("CASE WHEN i > 1 THEN 'first' WHEN i > 2 THEN 'second' END", "first");
}

static void test_coalesce_nullif(void **state)
{
    (void)state;
    set_int(C_J, 2);
    EXPECT("COALESCE(i, j, 3)", "2");
    EXPECT("COALESCE(i, 3, j)", "3");
    EXPECT_NULL("COALESCE(i, b)");
    set_int(C_I, 1);
    EXPECT("COALESCE(i, j)", "1");
    /* Arguments after the first non-NULL one are not evaluated. */
    set_int(C_C, 0);
    EXPECT("COALESCE(i, i / 0)", "1");
    EXPECT("COALESCE(i, b / c)", "1");
    set_int(C_I, 0);
    EXPECT_NULL("NULLIF(i, 0)");
    set_int(C_I, 5);
    EXPECT("NULLIF(i, 0)", "5");
    row[C_I] = ss_null();
    EXPECT_NULL("NULLIF(i, 0)");
    set_str(C_S, "x");
    EXPECT_NULL("NULLIF(s, 'x')");
    EXPECT("NULLIF(s, 'y')", "x");
    EXPECT("COALESCE(s, 'dflt')", "x");
}

/* ---- integer arithmetic ------------------------------------------------------ */

static void test_integer_overflow(void **state)
{
    (void)state;
    set_int(C_I, INT32_MAX);
    set_int(C_J, 1);
    EXPECT_TYPE("i + j", SS_T_INTEGER);
    EXPECT_ERROR("i + j", "overflow");
    EXPECT_ERROR("i * 2", "overflow");
    EXPECT("i + 0", "2147483647");
    EXPECT("CAST(i AS BIGINT) + j", "2147483648");
    set_int(C_I, INT32_MIN);
    EXPECT_ERROR("i - j", "overflow");
    EXPECT_ERROR("i * -1", "overflow");
    EXPECT_ERROR("i / -1", "overflow");
    EXPECT("i + 1", "-2147483647");
    set_int(C_B, INT64_MAX);
    set_int(C_C, 1);
    EXPECT_ERROR("b + c", "overflow");
    EXPECT_ERROR("b * 2", "overflow");
    EXPECT("b - c", "9223372036854775806");
    set_int(C_B, INT64_MIN);
    EXPECT_ERROR("b - c", "overflow");
    EXPECT_ERROR("b / -1", "overflow");
    EXPECT_ERROR("-b", "overflow");
    EXPECT_ERROR("ABS(b)", "overflow");
    EXPECT("-c", "-1");
    EXPECT("MOD(b, -1)", "0");
    /* Narrow types overflow at their own range. */
    set_int(C_SI, 32767);
    set_int(C_TI, 127);
    EXPECT_TYPE("si + si", SS_T_SMALLINT);
    EXPECT_ERROR("si + si", "overflow");
    EXPECT_ERROR("ti + ti", "overflow");
    EXPECT("ti + i", "-2147483521");
}

/* Negation and ABS overflow narrow integer types too: -(-2147483648) does
 * not fit an INTEGER any more than -2147483648 * -1 does. */
static void test_negation_overflow_in_narrow_types(void **state)
{
    (void)state;
    set_int(C_I, INT32_MIN);
    set_int(C_SI, -32768);
    set_int(C_TI, -128);
    EXPECT_TYPE("-i", SS_T_INTEGER);
    EXPECT_TYPE("ABS(i)", SS_T_INTEGER);
    EXPECT_ERROR("-i", "overflow");
    EXPECT_ERROR("ABS(i)", "overflow");
    EXPECT_ERROR("-si", "overflow");
    EXPECT_ERROR("ABS(si)", "overflow");
    EXPECT_ERROR("-ti", "overflow");
    EXPECT_ERROR("ABS(ti)", "overflow");
    set_int(C_I, INT32_MIN + 1);
    EXPECT("-i", "2147483647");
    EXPECT("ABS(i)", "2147483647");
}

static void test_division_by_zero(void **state)
{
    (void)state;
    set_int(C_I, 7);
    set_int(C_J, 0);
    set_int(C_B, 7);
    set_int(C_C, 0);
    set_dbl(C_D, 7.5);
    set_dbl(C_E, 0.0);
    row[C_M] = ss_int(750);
    row[C_N] = ss_int(0);
    EXPECT_ERROR("i / j", "division by zero");
    EXPECT_ERROR("b / c", "division by zero");
    EXPECT_ERROR("MOD(i, j)", "division by zero");
    EXPECT_ERROR("MOD(b, c)", "division by zero");
    EXPECT_ERROR("d / e", "division by zero");
    EXPECT_ERROR("d / -e", "division by zero");
    EXPECT_ERROR("m / n", "division by zero");
    EXPECT_ERROR("MOD(m, n)", "division by zero");
    EXPECT_ERROR("i / 0", "division by zero");
    EXPECT_ERROR("i / CAST(0 AS DECIMAL(5,2))", "division by zero");
    /* NULL wins over the error: NULL / 0 is NULL. */
    row[C_I] = ss_null();
    EXPECT_NULL("i / j");
}

static void test_integer_division_truncates(void **state)
{
    (void)state;
    struct { int64_t a, b, q, r; } cases[] = {
        {7, 2, 3, 1}, {-7, 2, -3, -1}, {7, -2, -3, 1}, {-7, -2, 3, -1}, {1, 3, 0, 1}, {-1, 3, 0, -1},
        {6, -3, -2, 0}, {0, -5, 0, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char want[32];
        set_int(C_I, cases[k].a);
        set_int(C_J, cases[k].b);
        set_int(C_B, cases[k].a);
        set_int(C_C, cases[k].b);
        snprintf(want, sizeof want, "%lld", (long long)cases[k].q);
        EXPECT("i / j", want);
        EXPECT("b / c", want);
        /* MOD takes the sign of the dividend (Java's %, and so KDA's). */
        snprintf(want, sizeof want, "%lld", (long long)cases[k].r);
        EXPECT("MOD(i, j)", want);
        EXPECT("MOD(b, c)", want);
    }
    EXPECT_TYPE("i / j", SS_T_INTEGER);
    set_dbl(C_D, -7.5);
    set_dbl(C_E, 2.0);
    EXPECT("MOD(d, e)", "-1.5");
    EXPECT("d / e", "-3.75");
    row[C_M] = ss_int(-750); /* -7.50 */
    row[C_N] = ss_int(200);  /*  2.00 */
    EXPECT("MOD(m, n)", "-1.50");
}

/* ---- DECIMAL and REAL ------------------------------------------------------ */

static void test_decimal_exact(void **state)
{
    (void)state;
    EXPECT("0.1 + 0.2", "0.3");
    EXPECT("0.1 + 0.2 = 0.3", "TRUE");
    EXPECT("1.10 - 0.1", "1.00"); /* the larger scale */
    EXPECT("1.25 * 1.25", "1.5625"); /* scales add */
    EXPECT("1.00 / 3", "0.333333"); /* scale max(6, s1, s2) */
    EXPECT("2.00 / 3", "0.666667"); /* rounded half away from zero */
    EXPECT("-2.00 / 3", "-0.666667");
    EXPECT("1 / 8.0", "0.125000");
    row[C_M] = ss_int(1999);  /* 19.99 */
    row[C_N] = ss_int(-1);    /* -0.01 */
    EXPECT("m + n", "19.98");
    EXPECT("m * n", "-0.1999");
    EXPECT("m * 3", "59.97");
    EXPECT("m - m", "0.00");
    EXPECT("-n", "0.01");
    /* Sums of many cents stay exact (a double would not). */
    EXPECT("CAST(0.01 AS DECIMAL(10,2)) * 1000000 - 10000", "0.00");
    /* DECIMAL(18,4): the largest values. */
    row[C_M4] = ss_int(999999999999999999LL);
    EXPECT("m4", "99999999999999.9999");
    EXPECT_ERROR("m4 + m4", "out of range");
    EXPECT_ERROR("m4 * 10", "out of range");
}

static void test_decimal_rounding(void **state)
{
    (void)state;
    EXPECT("CAST(1.005 AS DECIMAL(10,2))", "1.01");
    EXPECT("CAST(-1.005 AS DECIMAL(10,2))", "-1.01");
    EXPECT("CAST(1.0049 AS DECIMAL(10,2))", "1.00");
    EXPECT("CAST(2.5 AS DECIMAL(10,0))", "3");
    EXPECT("CAST(-2.5 AS DECIMAL(10,0))", "-3");
    row[C_M] = ss_int(125); /* 1.25 */
    EXPECT("ROUND(m, 1)", "1.30");
    EXPECT("ROUND(-m, 1)", "-1.30");
    EXPECT("ROUND(m)", "1.00");
    EXPECT("ROUND(m, 5)", "1.25");
    row[C_M] = ss_int(15049); /* 150.49 */
    EXPECT("ROUND(m, -1)", "150.00");
    EXPECT("ROUND(m, -2)", "200.00");
    EXPECT("FLOOR(-m)", "-151.00");
    EXPECT("CEIL(-m)", "-150.00");
    EXPECT("CEIL(m)", "151.00");
    EXPECT("FLOOR(m)", "150.00");
    set_int(C_I, 125);
    EXPECT("ROUND(i, -1)", "130");
    EXPECT("ROUND(-i, -1)", "-130");
    EXPECT("ROUND(i, -3)", "0");
    /* AVG-like division of DECIMAL by an integer. */
    row[C_M] = ss_int(1);     /* 0.01 */
    EXPECT("m / 2", "0.005000");
    EXPECT("CAST(m / 2 AS DECIMAL(10,2))", "0.01");
    EXPECT("CAST(-m / 2 AS DECIMAL(10,2))", "-0.01");
}

static void test_real_rounding(void **state)
{
    (void)state;
    set_dbl(C_R, (double)(float)0.1);
    EXPECT_TYPE("r + r", SS_T_REAL);
    EXPECT("r", "0.1");
    EXPECT("CAST(r AS DOUBLE)", "0.10000000149011612");
    EXPECT("r + r", "0.2");
    result x = eval_at("r * 3", __LINE__);
    assert_int_equal(x.st, SS_EVAL_OK);
    assert_true(x.v.d == (double)(float)((double)(float)0.1 * 3.0));
    /* 2^24 + 1 is not a float: REAL arithmetic rounds it away. */
    set_dbl(C_R, 16777216.0);
    EXPECT("r + 1", "16777216");
    EXPECT("CAST(r AS DOUBLE) + 1", "16777217");
    EXPECT("CAST(0.1 AS REAL)", "0.1");
    EXPECT("CAST(CAST(0.1 AS REAL) AS DOUBLE)", "0.10000000149011612");
    EXPECT("CAST(16777217 AS REAL)", "16777216");
    set_dbl(C_D, 1e308);
    EXPECT_ERROR("d * 10", "out of range");
    set_dbl(C_D, -4.0);
    EXPECT_ERROR("SQRT(d)", NULL);
    EXPECT_ERROR("LN(d)", NULL);
    EXPECT_ERROR("LN(d + 4)", NULL);
    EXPECT("SQRT(-d)", "2");
    EXPECT("POWER(d, 2)", "16");
    EXPECT("ABS(d)", "4");
}

/* A REAL result beyond float range overflows to infinity: an eval error
 * (DIALECT: results that overflow to infinity are errors, not values). */
static void test_real_overflow_is_an_error(void **state)
{
    (void)state;
    set_dbl(C_R, (double)(float)3e38);
    EXPECT_TYPE("r * 10", SS_T_REAL);
    EXPECT_ERROR("r * 10", "out of range");
    EXPECT_ERROR("r + r", "out of range");
    EXPECT_ERROR("-r - r", "out of range");
    set_dbl(C_R, (double)(float)1e-39); /* a subnormal float: 1 / r is about 1e39 */
    EXPECT_ERROR("CAST(1 AS REAL) / r", "out of range");
}

/* ---- strings ---------------------------------------------------------------- */

static void test_utf8_string_functions(void **state)
{
    (void)state;
    set_str(C_S, "h\xc3\xa9llo w\xc3\xb6rld"); /* "héllo wörld": 11 characters, 13 bytes */
    EXPECT("CHAR_LENGTH(s)", "11");
    EXPECT("SUBSTRING(s FROM 2 FOR 3)", "\xc3\xa9ll");
    EXPECT("SUBSTRING(s FROM 8)", "\xc3\xb6rld");
    EXPECT("SUBSTRING(s FROM 11 FOR 5)", "d");
    EXPECT("SUBSTRING(s FROM 12)", "");
    EXPECT("SUBSTRING(s FROM 0 FOR 2)", "h"); /* characters [0, 2) of a 1-based string */
    EXPECT("SUBSTRING(s FROM -5 FOR 3)", "");
    EXPECT("SUBSTRING(s FROM -1)", "h\xc3\xa9llo w\xc3\xb6rld");
    EXPECT("SUBSTRING(s FROM 2 FOR 0)", "");
    EXPECT_ERROR("SUBSTRING(s FROM 2 FOR -1)", NULL);
    EXPECT("POSITION('w' IN s)", "7");
    EXPECT("POSITION('\xc3\xb6' IN s)", "8");
    EXPECT("POSITION('llo' IN s)", "3");
    EXPECT("POSITION('x' IN s)", "0");
    EXPECT("POSITION('' IN s)", "1");
    EXPECT("UPPER(s)", "H\xc3\xa9LLO W\xc3\xb6RLD"); /* ASCII letters only */
    EXPECT("LOWER('\xc3\x89T\xc3\x89 ABC')", "\xc3\x89t\xc3\x89 abc");
    set_str(C_T, "a\xf0\x9f\x98\x80" "b"); /* a, U+1F600, b */
    EXPECT("CHAR_LENGTH(t)", "3");
    EXPECT("SUBSTRING(t FROM 2 FOR 1)", "\xf0\x9f\x98\x80");
    EXPECT("POSITION('b' IN t)", "3");
    EXPECT("t || s", "a\xf0\x9f\x98\x80" "bh\xc3\xa9llo w\xc3\xb6rld");
    /* || converts its operands to text. */
    set_int(C_I, 5);
    set_dbl(C_D, 2.5);
    row[C_M] = ss_int(-1990);
    set_int(C_TS, TS_2026);
    EXPECT("i || '-' || d || '/' || m || ' ' || ts", "5-2.5/-19.90 2026-11-22 10:00:01.123");
    EXPECT("CHAR_LENGTH(t || t)", "6");
    row[C_T] = ss_null();
    EXPECT_NULL("t || s");
    EXPECT_NULL("CHAR_LENGTH(t)");
    EXPECT_NULL("SUBSTRING(s FROM j)");
}

static void test_trim(void **state)
{
    (void)state;
    set_str(C_S, "  a b  ");
    EXPECT("TRIM(s)", "a b");
    EXPECT("TRIM(LEADING FROM s)", "a b  ");
    EXPECT("TRIM(TRAILING FROM s)", "  a b");
    EXPECT("TRIM(BOTH FROM s)", "a b");
    EXPECT("CHAR_LENGTH(TRIM(s))", "3");
    set_str(C_S, "\xc3\xa9\xc3\xa9x\xc3\xa9");
    EXPECT("TRIM(BOTH '\xc3\xa9' FROM s)", "x");
    EXPECT("TRIM(LEADING '\xc3\xa9' FROM s)", "x\xc3\xa9");
    EXPECT("TRIM(TRAILING '\xc3\xa9' FROM s)", "\xc3\xa9\xc3\xa9x");
    set_str(C_S, "xxyxx");
    EXPECT("TRIM(BOTH 'x' FROM s)", "y");
    set_str(C_S, "xxxx");
    EXPECT("TRIM(BOTH 'x' FROM s)", "");
    set_str(C_S, "\xc3\xa9");
    EXPECT("TRIM(BOTH '\xc3\xa8' FROM s)", "\xc3\xa9"); /* a different character with the same first byte */
}

static void test_like(void **state)
{
    (void)state;
    struct { const char *s, *p; bool m; } cases[] = {
        {"abc", "abc", true},  {"abc", "a%", true},   {"abc", "%c", true},   {"abc", "%b%", true},
        {"abc", "a_c", true},  {"abc", "a_", false},  {"abc", "____", false}, {"", "%", true},
        {"", "_", false},      {"", "", true},        {"a", "", false},      {"ABC", "abc", false},
        {"abcabd", "%abd", true}, {"aab", "%ab", true}, {"ab", "%a%b%", true}, {"ba", "%a%b%", false},
        {"mississippi", "m%iss%pi", true}, {"mississippi", "m%iss%ppi%i", false},
        {"\xc3\xa9", "_", true}, {"\xc3\xa9" "a", "_a", true}, {"\xc3\xa9" "a", "__a", false},
        {"x\xf0\x9f\x98\x80y", "x_y", true}, {"a%b", "a%b", true}, {"a\nb", "a_b", true},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        set_str(C_S, cases[k].s);
        set_str(C_T, cases[k].p);
        if (ss_like(cases[k].s, (uint32_t)strlen(cases[k].s), cases[k].p, (uint32_t)strlen(cases[k].p), NULL, 0) !=
            cases[k].m)
            fail_msg("'%s' LIKE '%s' should be %d", cases[k].s, cases[k].p, cases[k].m);
        EXPECT("s LIKE t", cases[k].m ? "TRUE" : "FALSE");
        EXPECT("s NOT LIKE t", cases[k].m ? "FALSE" : "TRUE");
    }
    set_str(C_S, "abc");
    row[C_T] = ss_null();
    EXPECT_NULL("s LIKE t");
    EXPECT_NULL("t LIKE 'a%'");
}

static void test_like_escape(void **state)
{
    (void)state;
    set_str(C_S, "50%");
    EXPECT("s LIKE '50!%' ESCAPE '!'", "TRUE");
    EXPECT("s LIKE '%!%' ESCAPE '!'", "TRUE");
    set_str(C_S, "500");
    EXPECT("s LIKE '50!%' ESCAPE '!'", "FALSE");
    EXPECT("s LIKE '%!%' ESCAPE '!'", "FALSE");
    EXPECT("s LIKE '50%' ESCAPE '!'", "TRUE");
    set_str(C_S, "a_b");
    EXPECT("s LIKE 'a\\_b' ESCAPE '\\'", "TRUE");
    set_str(C_S, "axb");
    EXPECT("s LIKE 'a\\_b' ESCAPE '\\'", "FALSE");
    EXPECT("s LIKE 'a_b' ESCAPE '\\'", "TRUE");
    set_str(C_S, "a!b");
    EXPECT("s LIKE 'a!!b' ESCAPE '!'", "TRUE"); /* the escape character escaped */
    set_str(C_S, "x%y%z");
    EXPECT("s LIKE '%!%%!%%' ESCAPE '!'", "TRUE");
    EXPECT("s LIKE 'x!%y!%z' ESCAPE '!'", "TRUE");
    EXPECT("s LIKE 'x!%z' ESCAPE '!'", "FALSE");
    set_str(C_U, "!!");
    EXPECT_ERROR("s LIKE 'x' ESCAPE u", "single character");
    set_str(C_U, "!");
    EXPECT("s LIKE 'x!%y!%z' ESCAPE u", "TRUE");
    row[C_U] = ss_null();
    EXPECT_NULL("s LIKE 'x' ESCAPE u");
}

/* ESCAPE takes one character, and a character may be several bytes in UTF-8. */
static void test_like_multibyte_escape(void **state)
{
    (void)state;
    set_str(C_S, "50%");
    set_str(C_U, "\xc2\xa7"); /* U+00A7, the section sign: one character, two bytes */
    EXPECT("s LIKE '50\xc2\xa7%' ESCAPE u", "TRUE");
    set_str(C_S, "500");
    EXPECT("s LIKE '50\xc2\xa7%' ESCAPE u", "FALSE");
}

/* A reference matcher: recursive with memo, for small inputs. */
static int ref_like_rec(const char *s, int sn, const char *p, int pn, int i, int j, signed char *memo)
{
    signed char *m = &memo[i * (pn + 1) + j];
    if (*m >= 0)
        return *m;
    int r;
    if (j == pn)
        r = i == sn;
    else if (p[j] == '%')
        r = ref_like_rec(s, sn, p, pn, i, j + 1, memo) || (i < sn && ref_like_rec(s, sn, p, pn, i + 1, j, memo));
    else if (i < sn && (p[j] == '_' || p[j] == s[i]))
        r = ref_like_rec(s, sn, p, pn, i + 1, j + 1, memo);
    else
        r = 0;
    return *m = (signed char)r;
}

static void test_like_against_reference(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ULL;
    const char sa[] = "ab", pa[] = "ab%_";
    char s[16], p[16];
    signed char memo[17 * 17];
    for (int iter = 0; iter < 200000; iter++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int sn = (int)(x % 11), pn = (int)((x >> 8) % 8);
        for (int i = 0; i < sn; i++)
            s[i] = sa[(x >> (16 + i)) & 1];
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        for (int j = 0; j < pn; j++)
            p[j] = pa[(x >> (2 * j)) & 3];
        memset(memo, -1, sizeof memo);
        bool want = ref_like_rec(s, sn, p, pn, 0, 0, memo);
        if (ss_like(s, (uint32_t)sn, p, (uint32_t)pn, NULL, 0) != want)
            fail_msg("'%.*s' LIKE '%.*s' should be %d", sn, s, pn, p, want);
    }
}

static void test_like_pathological_patterns(void **state)
{
    (void)state;
    enum { N = 200000 };
    char *s = malloc(N + 2);
    assert_non_null(s);
    memset(s, 'a', N);
    s[N] = 0;
    row[C_S] = ss_str(s, N);
    /* Exponential for a naive backtracker; must answer quickly. */
    EXPECT("s LIKE '%a%a%a%b'", "FALSE");
    EXPECT("s LIKE '%a%a%a%a%a%a%a%a%a%a%b%'", "FALSE");
    EXPECT("s LIKE '%_%_%_%_%_%_%_%_b'", "FALSE");
    EXPECT("s LIKE '%aaaaaaaaaaaaaaaaaaaaaaaaaaaaab'", "FALSE");
    s[N] = 'b';
    s[N + 1] = 0;
    row[C_S] = ss_str(s, N + 1);
    EXPECT("s LIKE '%a%a%a%b'", "TRUE");
    EXPECT("s LIKE '%a%a%a%a%a%a%a%a%a%a%b%'", "TRUE");
    EXPECT("s LIKE '%aaaaaaaaaaaaaaaaaaaaaaaaaaaaab'", "TRUE");
    free(s);
    row[C_S] = ss_null();
}

/* ---- casts ---------------------------------------------------------------- */

static void test_cast_failures_are_convert(void **state)
{
    (void)state;
    set_str(C_S, "abc");
    EXPECT_CONVERT("CAST(s AS INTEGER)");
    EXPECT_CONVERT("CAST(s AS DOUBLE)");
    EXPECT_CONVERT("CAST(s AS TIMESTAMP)");
    EXPECT_CONVERT("CAST(s AS BOOLEAN)");
    EXPECT_CONVERT("CAST(s AS DECIMAL(5,2))");
    result r = eval_at("CAST(s AS INTEGER)", __LINE__);
    assert_string_equal(r.msg, "cannot convert 'abc' to INTEGER");
    set_str(C_S, "99999999999");
    EXPECT_CONVERT("CAST(s AS INTEGER)");
    EXPECT("CAST(s AS BIGINT)", "99999999999");
    set_str(C_S, " 42 ");
    EXPECT("CAST(s AS INTEGER) + 1", "43");
    set_dbl(C_D, 1e10);
    EXPECT_CONVERT("CAST(d AS INTEGER)");
    set_int(C_B, 2147483648LL);
    EXPECT_CONVERT("CAST(b AS INTEGER)");
    set_int(C_I, 300);
    EXPECT_CONVERT("CAST(i AS TINYINT)");
    set_int(C_I, 1000);
    EXPECT_CONVERT("CAST(i AS DECIMAL(4,2))");
    EXPECT("CAST(i AS DECIMAL(6,2))", "1000.00");
    set_dbl(C_D, 2.9);
    EXPECT("CAST(d AS INTEGER)", "2");
    set_dbl(C_D, -2.9);
    EXPECT("CAST(d AS INTEGER)", "-2");
    /* A convert error stops the evaluation, like an eval error does. */
    set_str(C_S, "x");
    EXPECT_CONVERT("CAST(s AS INTEGER) + 1");
    EXPECT_CONVERT("COALESCE(CAST(s AS INTEGER), 0)");
}

static void test_cast_truncation_is_counted(void **state)
{
    (void)state;
    set_str(C_S, "h\xc3\xa9llo");
    result r = eval_at("CAST(s AS VARCHAR(3))", __LINE__);
    assert_int_equal(r.st, SS_EVAL_OK);
    assert_string_equal(r.text, "h\xc3\xa9l"); /* three characters, four bytes */
    assert_int_equal(r.truncations, 1);
    r = eval_at("CAST(s AS VARCHAR(5))", __LINE__);
    assert_string_equal(r.text, "h\xc3\xa9llo");
    assert_int_equal(r.truncations, 0);
    r = eval_at("CAST(s AS CHAR(2))", __LINE__);
    assert_string_equal(r.text, "h\xc3\xa9");
    assert_int_equal(r.truncations, 1);
    set_int(C_I, 12345);
    r = eval_at("CAST(i AS VARCHAR(2))", __LINE__);
    assert_string_equal(r.text, "12");
    assert_int_equal(r.truncations, 1);
    r = eval_at("CAST(CAST(i AS VARCHAR(4)) AS VARCHAR(2))", __LINE__);
    assert_string_equal(r.text, "12");
    assert_int_equal(r.truncations, 2);
    /* A value that fits is not counted. */
    r = eval_at("CAST(s AS VARCHAR(100))", __LINE__);
    assert_int_equal(r.truncations, 0);
    row[C_S] = ss_null();
    r = eval_at("CAST(s AS VARCHAR(1))", __LINE__);
    assert_string_equal(r.text, "NULL");
    assert_int_equal(r.truncations, 0);
}

/* ---- time ------------------------------------------------------------------ */

static void test_timestamp_interval_arithmetic(void **state)
{
    (void)state;
    set_int(C_TS, TS_2026);
    EXPECT("ts", "2026-11-22 10:00:01.123");
    EXPECT("ts + INTERVAL '1' DAY", "2026-11-23 10:00:01.123");
    EXPECT("ts - INTERVAL '1:30' HOUR TO MINUTE", "2026-11-22 08:30:01.123");
    EXPECT("ts + INTERVAL '0.877' SECOND", "2026-11-22 10:00:02.000");
    EXPECT("ts + INTERVAL '2' MONTH", "2027-01-22 10:00:01.123");
    EXPECT("ts - INTERVAL '1-1' YEAR TO MONTH", "2025-10-22 10:00:01.123");
    /* Month arithmetic clamps the day to the end of the month. */
    set_int(C_TS, 1706702400000LL); /* 2024-01-31 12:00:00 */
    EXPECT("ts + INTERVAL '1' MONTH", "2024-02-29 12:00:00.000");
    EXPECT("ts + INTERVAL '13' MONTH", "2025-02-28 12:00:00.000");
    EXPECT("ts + INTERVAL '3' MONTH", "2024-04-30 12:00:00.000");
    EXPECT("ts - INTERVAL '2' MONTH", "2023-11-30 12:00:00.000");
    set_int(C_TS, 1709164800000LL); /* 2024-02-29 00:00:00 */
    EXPECT("ts + INTERVAL '1' YEAR", "2025-02-28 00:00:00.000");
    EXPECT("ts + INTERVAL '4' YEAR", "2028-02-29 00:00:00.000");
    EXPECT("ts - INTERVAL '1' MONTH", "2024-01-29 00:00:00.000");
    /* Before 1970. */
    set_int(C_TS, -1);
    EXPECT("ts", "1969-12-31 23:59:59.999");
    EXPECT("ts + INTERVAL '0.001' SECOND", "1970-01-01 00:00:00.000");
    EXPECT("ts + INTERVAL '1' MONTH", "1970-01-31 23:59:59.999");
    /* ts - ts is a day-to-second interval. */
    set_int(C_TS, TS_2026);
    set_int(C_TS2, TS_2026 - 90061001LL); /* 1 day 1 h 1 min 1.001 s earlier */
    EXPECT_TYPE("ts - ts2", SS_T_INTERVAL_DS);
    EXPECT("ts - ts2", "+1 01:01:01.001");
    EXPECT("ts2 - ts", "-1 01:01:01.001");
    EXPECT("ts2 + (ts - ts2) = ts", "TRUE");
    EXPECT("(ts - ts2) SECOND", "+1 01:01:01.001"); /* KDA's (a - b) unit idiom keeps the interval */
    EXPECT("ts > TIMESTAMP '2026-11-22 10:00:01.122'", "TRUE");
    EXPECT("ts > '2026-11-22 10:00:01.123'", "FALSE");
    EXPECT("ts2 < ts", "TRUE");
    /* Intervals times and over numbers. */
    EXPECT("INTERVAL '1' HOUR * 2", "+0 02:00:00.000");
    EXPECT("INTERVAL '90' MINUTE / 4", "+0 00:22:30.000");
    EXPECT("(ts - ts2) * 2", "+2 02:02:02.002");
    set_int(C_I, 0);
    EXPECT_ERROR("INTERVAL '1' HOUR / i", "division by zero");
    /* DATE arithmetic. */
    set_int(C_DT, 19813); /* 2024-03-31 */
    EXPECT("dt - INTERVAL '1' MONTH", "2024-02-29");
    EXPECT("dt + INTERVAL '1' YEAR", "2025-03-31");
    row[C_TS2] = ss_null();
    EXPECT_NULL("ts - ts2");
    EXPECT_NULL("ts2 + INTERVAL '1' DAY");
}

static void test_floor_ceil_to_unit(void **state)
{
    (void)state;
    set_int(C_TS, TS_2026);
    EXPECT("FLOOR(ts TO SECOND)", "2026-11-22 10:00:01.000");
    EXPECT("CEIL(ts TO SECOND)", "2026-11-22 10:00:02.000");
    EXPECT("FLOOR(ts TO MINUTE)", "2026-11-22 10:00:00.000");
    EXPECT("CEIL(ts TO MINUTE)", "2026-11-22 10:01:00.000");
    EXPECT("FLOOR(ts TO HOUR)", "2026-11-22 10:00:00.000");
    EXPECT("CEIL(ts TO HOUR)", "2026-11-22 11:00:00.000");
    EXPECT("FLOOR(ts TO DAY)", "2026-11-22 00:00:00.000");
    EXPECT("CEIL(ts TO DAY)", "2026-11-23 00:00:00.000");
    EXPECT("FLOOR(ts TO MONTH)", "2026-11-01 00:00:00.000");
    EXPECT("CEIL(ts TO MONTH)", "2026-12-01 00:00:00.000");
    EXPECT("FLOOR(ts TO YEAR)", "2026-01-01 00:00:00.000");
    EXPECT("CEIL(ts TO YEAR)", "2027-01-01 00:00:00.000");
    /* On a boundary, CEIL is the value itself. */
    set_int(C_TS, 1795305600000LL); /* 2026-11-22 00:00:00 */
    EXPECT("CEIL(ts TO DAY)", "2026-11-22 00:00:00.000");
    EXPECT("FLOOR(ts TO DAY)", "2026-11-22 00:00:00.000");
    /* Before 1970: toward -infinity. */
    set_int(C_TS, -500);
    EXPECT("FLOOR(ts TO SECOND)", "1969-12-31 23:59:59.000");
    EXPECT("CEIL(ts TO SECOND)", "1970-01-01 00:00:00.000");
    EXPECT("FLOOR(ts TO DAY)", "1969-12-31 00:00:00.000");
    EXPECT("FLOOR(ts TO MONTH)", "1969-12-01 00:00:00.000");
}

static void test_extract(void **state)
{
    (void)state;
    set_int(C_TS, TS_2026);
    EXPECT("EXTRACT(YEAR FROM ts)", "2026");
    EXPECT("EXTRACT(MONTH FROM ts)", "11");
    EXPECT("EXTRACT(DAY FROM ts)", "22");
    EXPECT("EXTRACT(HOUR FROM ts)", "10");
    EXPECT("EXTRACT(MINUTE FROM ts)", "0");
    EXPECT("EXTRACT(SECOND FROM ts)", "1");          /* whole seconds */
    EXPECT("EXTRACT(MILLISECOND FROM ts)", "1123");  /* seconds * 1000 + ms */
    EXPECT_TYPE("EXTRACT(SECOND FROM ts)", SS_T_BIGINT);
    set_int(C_TS, -1);
    EXPECT("EXTRACT(YEAR FROM ts)", "1969");
    EXPECT("EXTRACT(MONTH FROM ts)", "12");
    EXPECT("EXTRACT(DAY FROM ts)", "31");
    EXPECT("EXTRACT(HOUR FROM ts)", "23");
    EXPECT("EXTRACT(SECOND FROM ts)", "59");
    EXPECT("EXTRACT(MILLISECOND FROM ts)", "59999");
    set_int(C_DT, 19683); /* 2023-11-22 */
    EXPECT("EXTRACT(YEAR FROM dt)", "2023");
    EXPECT("EXTRACT(DAY FROM dt)", "22");
    row[C_TS] = ss_null();
    EXPECT_NULL("EXTRACT(YEAR FROM ts)");
}

static void test_tsdiff_and_unix_timestamp(void **state)
{
    (void)state;
    set_int(C_TS, TS_2026);
    set_int(C_TS2, TS_2026 - 61001);
    EXPECT("TSDIFF(ts, ts2)", "61001");
    EXPECT("TSDIFF(ts2, ts)", "-61001");
    EXPECT("TSDIFF(ts, ts)", "0");
    EXPECT("UNIX_TIMESTAMP(ts)", "1795341601123");
    EXPECT("CAST(ts AS BIGINT)", "1795341601123");
    row[C_TS2] = ss_null();
    EXPECT_NULL("TSDIFF(ts, ts2)");
    /* ROWTIME: the input row's when qualified, the output row's when not. */
    EXPECT("S.ROWTIME", "1970-01-01 00:00:01.000");
    EXPECT("ROWTIME", "1970-01-01 00:00:02.000");
    EXPECT("CURRENT_ROW_TIMESTAMP", "1970-01-01 00:00:03.000");
}

static void test_char_to_timestamp_and_back(void **state)
{
    (void)state;
    EXPECT("CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss', '2026-11-22 10:00:01')", "2026-11-22 10:00:01.000");
    EXPECT("CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss.SSS', '2026-11-22 10:00:01.123')", "2026-11-22 10:00:01.123");
    EXPECT("CHAR_TO_TIMESTAMP('dd/MMM/yyyy:HH:mm:ss Z', '22/Nov/2026:10:00:01 +0100')", "2026-11-22 09:00:01.000");
    EXPECT("CHAR_TO_TIMESTAMP('yyyyMMdd', '20240229')", "2024-02-29 00:00:00.000");
    set_str(C_S, "2026-02-30 10:00:00");
    EXPECT_CONVERT("CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss', s)");
    set_str(C_S, "not a date");
    EXPECT_CONVERT("CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss', s)");
    result r = eval_at("CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss', s)", __LINE__);
    assert_non_null(strstr(r.msg, "does not match"));
    row[C_S] = ss_null();
    EXPECT_NULL("CHAR_TO_TIMESTAMP('yyyy-MM-dd', s)");
    /* A pattern from a column is compiled per row. */
    set_str(C_T, "yyyy-MM-dd");
    set_str(C_S, "2026-11-22");
    EXPECT("CHAR_TO_TIMESTAMP(t, s)", "2026-11-22 00:00:00.000");
    set_str(C_T, "yyyy-QQ");
    EXPECT_ERROR("CHAR_TO_TIMESTAMP(t, s)", NULL);

    set_int(C_TS, TS_2026);
    EXPECT("TIMESTAMP_TO_CHAR('yyyy-MM-dd HH:mm:ss.SSS', ts)", "2026-11-22 10:00:01.123");
    EXPECT("TIMESTAMP_TO_CHAR('dd/MMM/yyyy:HH:mm:ss Z', ts)", "22/Nov/2026:10:00:01 +0000");
    EXPECT("TIMESTAMP_TO_CHAR('EEEE, MMMM d, yyyy h:mm a', ts)", "Sunday, November 22, 2026 10:00 AM");
    EXPECT("TIMESTAMP_TO_CHAR('yyyy-MM-dd''T''HH:mm', ts)", "2026-11-22T10:00");
    EXPECT("CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss.SSS', TIMESTAMP_TO_CHAR('yyyy-MM-dd HH:mm:ss.SSS', ts)) = ts", "TRUE");
    set_str(C_T, "HH:mm");
    EXPECT("TIMESTAMP_TO_CHAR(t, ts)", "10:00");
    set_int(C_TS, -1);
    EXPECT("TIMESTAMP_TO_CHAR('yyyy-MM-dd HH:mm:ss.SSS', ts)", "1969-12-31 23:59:59.999");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_and_or_not_truth_tables),
        T(test_comparisons_with_null),
        T(test_in_with_null),
        T(test_between_with_null),
        T(test_case),
        T(test_coalesce_nullif),
        T(test_integer_overflow),
        T(test_negation_overflow_in_narrow_types),
        T(test_division_by_zero),
        T(test_integer_division_truncates),
        T(test_decimal_exact),
        T(test_decimal_rounding),
        T(test_real_rounding),
        T(test_real_overflow_is_an_error),
        T(test_utf8_string_functions),
        T(test_trim),
        T(test_like),
        T(test_like_escape),
        T(test_like_multibyte_escape),
        T(test_like_against_reference),
        T(test_like_pathological_patterns),
        T(test_cast_failures_are_convert),
        T(test_cast_truncation_is_counted),
        T(test_timestamp_interval_arithmetic),
        T(test_floor_ceil_to_unit),
        T(test_extract),
        T(test_tsdiff_and_unix_timestamp),
        T(test_char_to_timestamp_and_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
