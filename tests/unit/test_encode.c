/* Unit tests for the output encoders (src/io/encode.c): the exact JSON and
 * CSV bytes of every type, NULL, escaping, UTF-8 repair, CSV quoting rules,
 * hidden columns, and random bytes that must always give valid JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/encode.h"

static ss_column col(const char *name, ss_type_kind k)
{
    ss_column c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.type = ss_type_make(k);
    return c;
}

static ss_column col_t(const char *name, ss_type t)
{
    ss_column c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.type = t;
    return c;
}

static ss_type dec(int p, int s)
{
    ss_type t = ss_type_make(SS_T_DECIMAL);
    t.precision = (uint16_t)p;
    t.scale = (uint8_t)s;
    return t;
}

/* The record for one row, as a NUL-terminated string (static buffer). */
static const char *enc(ss_format f, char delim, const ss_column *cols, uint32_t n, const ss_value *row)
{
    static ss_buf b;
    ss_buf_clear(&b);
    ss_encoder e = {f, delim, cols, n};
    ss_encode_row(&e, row, &b);
    return ss_buf_cstr(&b);
}

/* One JSON value alone. */
static const char *jv(ss_value v, ss_type t)
{
    static ss_buf b;
    ss_buf_clear(&b);
    ss_encode_json_value(&b, v, t);
    return ss_buf_cstr(&b);
}

/* A JSON string of raw bytes (length given). */
static const char *js(const char *s, size_t len)
{
    static ss_buf b;
    ss_buf_clear(&b);
    ss_encode_json_string(&b, s, len);
    return ss_buf_cstr(&b);
}

/* One CSV field of a one-column row. */
static const char *cf(ss_value v, ss_type t, char delim)
{
    ss_column c = col_t("C", t);
    const char *s = enc(SS_FMT_CSV, delim, &c, 1, &v);
    return s;
}

#define STR(lit) ss_str((lit), (uint32_t)(sizeof(lit) - 1))

static void test_json_row_of_every_type_exact_bytes(void **state)
{
    (void)state;
    ss_column cols[] = {
        col("B", SS_T_BOOLEAN),      col("TI", SS_T_TINYINT),        col("I", SS_T_INTEGER),
        col("BI", SS_T_BIGINT),      col_t("D", dec(10, 2)),         col("R", SS_T_REAL),
        col("DB", SS_T_DOUBLE),      col("S", SS_T_VARCHAR),         col("TS", SS_T_TIMESTAMP),
        col("DT", SS_T_DATE),        col("TM", SS_T_TIME),           col("IDS", SS_T_INTERVAL_DS),
        col("IYM", SS_T_INTERVAL_YM), col("C", SS_T_CHAR),
    };
    ss_value row[] = {
        ss_int(1),
        ss_int(-128),
        ss_int(2147483647),
        ss_int(INT64_MIN),
        ss_int(1990), /* 19.90 */
        ss_dbl(ss_real(0.1)),
        ss_dbl(0.1),
        STR("x"),
        ss_int(1795341601123LL), /* 2026-11-22 10:00:01.123 */
        ss_int(20414),           /* 2025-11-22 */
        ss_int(36001123),        /* 10:00:01.123 */
        ss_int(93784005),        /* 1 day 02:03:04.005 */
        ss_int(-14),             /* -1 year 2 months */
        STR(""),
    };
    assert_string_equal(enc(SS_FMT_JSON, 0, cols, 14, row),
                        "{\"B\":true,\"TI\":-128,\"I\":2147483647,\"BI\":-9223372036854775808,\"D\":19.90,"
                        "\"R\":0.1,\"DB\":0.1,\"S\":\"x\",\"TS\":\"2026-11-22 10:00:01.123\",\"DT\":\"2025-11-22\","
                        "\"TM\":\"10:00:01.123\",\"IDS\":\"+1 02:03:04.005\",\"IYM\":\"-1-2\",\"C\":\"\"}\n");
}

static void test_json_nulls_of_every_type_are_null(void **state)
{
    (void)state;
    for (int k = SS_T_NULL; k < SS_T__COUNT; k++)
        assert_string_equal(jv(ss_null(), ss_type_make((ss_type_kind)k)), "null");
    ss_column cols[] = {col("A", SS_T_VARCHAR), col("B", SS_T_INTEGER)};
    ss_value row[] = {ss_null(), ss_null()};
    assert_string_equal(enc(SS_FMT_JSON, 0, cols, 2, row), "{\"A\":null,\"B\":null}\n");
}

static void test_json_booleans_false_and_timestamps_keep_three_fraction_digits(void **state)
{
    (void)state;
    assert_string_equal(jv(ss_int(0), ss_type_make(SS_T_BOOLEAN)), "false");
    assert_string_equal(jv(ss_int(1795341600000LL), ss_type_make(SS_T_TIMESTAMP)), "\"2026-11-22 10:00:00.000\"");
    assert_string_equal(jv(ss_int(0), ss_type_make(SS_T_TIMESTAMP)), "\"1970-01-01 00:00:00.000\"");
    assert_string_equal(jv(ss_int(-1), ss_type_make(SS_T_TIMESTAMP)), "\"1969-12-31 23:59:59.999\"");
    assert_string_equal(jv(ss_int(0), ss_type_make(SS_T_TIME)), "\"00:00:00.000\"");
}

static void test_json_decimal_prints_every_scale_digit(void **state)
{
    (void)state;
    assert_string_equal(jv(ss_int(1990), dec(10, 2)), "19.90");
    assert_string_equal(jv(ss_int(-50), dec(10, 2)), "-0.50");
    assert_string_equal(jv(ss_int(0), dec(10, 3)), "0.000");
    assert_string_equal(jv(ss_int(12), dec(5, 0)), "12");
    assert_string_equal(jv(ss_int(1), dec(18, 18)), "0.000000000000000001");
}

static void test_json_floats_shortest_and_non_finite_null(void **state)
{
    (void)state;
    ss_type r = ss_type_make(SS_T_REAL), d = ss_type_make(SS_T_DOUBLE);
    assert_string_equal(jv(ss_dbl(5.0), d), "5");
    assert_string_equal(jv(ss_dbl(-0.0), d), "-0");
    assert_string_equal(jv(ss_dbl(123.456), d), "123.456");
    assert_string_equal(jv(ss_dbl(1e21), d), "1e+21");
    assert_string_equal(jv(ss_dbl(1.5e-7), d), "1.5e-7");
    assert_string_equal(jv(ss_dbl(0.1 + 0.2), d), "0.30000000000000004");
    assert_string_equal(jv(ss_dbl(ss_real(84.51)), r), "84.51");
    assert_string_equal(jv(ss_dbl(84.51), r), "84.51");
    assert_string_equal(jv(ss_dbl(NAN), d), "null");
    assert_string_equal(jv(ss_dbl(INFINITY), d), "null");
    assert_string_equal(jv(ss_dbl(-INFINITY), d), "null");
    assert_string_equal(jv(ss_dbl(NAN), r), "null");
    assert_string_equal(jv(ss_dbl(1e300), r), "null"); /* infinite as a float */
}

static void test_json_string_escapes(void **state)
{
    (void)state;
    assert_string_equal(js("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
    assert_string_equal(js("\b\f\n\r\t", 5), "\"\\b\\f\\n\\r\\t\"");
    assert_string_equal(js("\x01\x1f", 2), "\"\\u0001\\u001f\"");
    assert_string_equal(js("a\0b", 3), "\"a\\u0000b\"");
    assert_string_equal(js("\x7f/<", 3), "\"\x7f/<\""); /* DEL and '/' need no escape */
    assert_string_equal(js("", 0), "\"\"");
}

static void test_json_string_keeps_valid_utf8(void **state)
{
    (void)state;
    const char *s = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xef\xbf\xbd";
    char want[128];
    snprintf(want, sizeof want, "\"%s\"", s);
    assert_string_equal(js(s, strlen(s)), want);
}

static void test_json_string_replaces_each_maximal_bad_subpart(void **state)
{
    (void)state;
    /* Expected values are what Python's bytes.decode('utf-8', 'replace') gives. */
#define FFFD "\xef\xbf\xbd"
    assert_string_equal(js("\x80", 1), "\"" FFFD "\"");
    assert_string_equal(js("a\xc0\xaf" "b", 4), "\"a" FFFD FFFD "b\"");             /* overlong lead C0 */
    assert_string_equal(js("\xed\xa0\x80", 3), "\"" FFFD FFFD FFFD "\"");           /* surrogate */
    assert_string_equal(js("x\xe2\x82", 3), "\"x" FFFD "\"");                       /* cut at the end */
    assert_string_equal(js("\xf4\x90\x80\x80", 4), "\"" FFFD FFFD FFFD FFFD "\"");  /* above U+10FFFF */
    assert_string_equal(js("\xf0\x9f\x98" "A", 4), "\"" FFFD "A\"");                /* 3 of 4, then ASCII */
    assert_string_equal(js("\xe0\x80\xaf", 3), "\"" FFFD FFFD FFFD "\"");           /* overlong 3-byte */
    assert_string_equal(js("\xf8\x88\x80\x80\x80", 5), "\"" FFFD FFFD FFFD FFFD FFFD "\"");
    assert_string_equal(js("\xff\"", 2), "\"" FFFD "\\\"\"");
    assert_string_equal(js("\xc3", 1), "\"" FFFD "\"");
    assert_string_equal(js("\xc3\x00", 2), "\"" FFFD "\\u0000\"");
}

static void test_json_keys_are_escaped_and_hidden_columns_skipped(void **state)
{
    (void)state;
    ss_column cols[] = {col("a\"b\\", SS_T_INTEGER), col("APPROXIMATE_ARRIVAL_TIME", SS_T_TIMESTAMP),
                        col("low", SS_T_INTEGER), col("\xff", SS_T_INTEGER)};
    cols[1].hidden = true;
    ss_value row[] = {ss_int(1), ss_int(5), ss_int(2), ss_int(3)};
    assert_string_equal(enc(SS_FMT_JSON, 0, cols, 4, row), "{\"a\\\"b\\\\\":1,\"low\":2,\"" FFFD "\":3}\n");
    cols[0].hidden = true;
    cols[2].hidden = true;
    cols[3].hidden = true;
    assert_string_equal(enc(SS_FMT_JSON, 0, cols, 4, row), "{}\n");
}

static void test_encode_appends_to_existing_buffer(void **state)
{
    (void)state;
    ss_buf b = {0};
    ss_buf_puts(&b, "prefix|");
    ss_column c = col("A", SS_T_INTEGER);
    ss_encoder e = {SS_FMT_JSON, 0, &c, 1};
    ss_value v = ss_int(7);
    ss_encode_row(&e, &v, &b);
    ss_encode_row(&e, &v, &b);
    assert_string_equal(ss_buf_cstr(&b), "prefix|{\"A\":7}\n{\"A\":7}\n");
    ss_buf_free(&b);
}

/* Reference escaping for long strings: byte by byte, valid input only. */
static void ref_escape(ss_buf *b, const unsigned char *s, size_t n)
{
    ss_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == '"' || c == '\\') {
            ss_buf_putc(b, '\\');
            ss_buf_putc(b, (char)c);
        } else if (c == '\n') {
            ss_buf_puts(b, "\\n");
        } else if (c < 0x20 && c != '\b' && c != '\f' && c != '\r' && c != '\t') {
            ss_buf_printf(b, "\\u%04x", c);
        } else if (c == '\b') {
            ss_buf_puts(b, "\\b");
        } else if (c == '\f') {
            ss_buf_puts(b, "\\f");
        } else if (c == '\r') {
            ss_buf_puts(b, "\\r");
        } else if (c == '\t') {
            ss_buf_puts(b, "\\t");
        } else {
            ss_buf_putc(b, (char)c);
        }
    }
    ss_buf_putc(b, '"');
}

static void test_json_long_strings_across_chunks_match_reference(void **state)
{
    (void)state;
    /* 100 KB of escapes, ASCII and multi-byte characters, so that chunk
     * boundaries fall inside escapes and inside multi-byte characters. */
    size_t n = 100000;
    unsigned char *s = malloc(n);
    const char *pieces[] = {"\"", "\\", "\n", "\x01", "a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "zz"};
    size_t len = 0;
    uint32_t x = 12345;
    while (1) {
        x = x * 1103515245u + 12345u;
        const char *p = pieces[(x >> 16) % 9];
        size_t pl = strlen(p);
        if (len + pl > n)
            break;
        memcpy(s + len, p, pl);
        len += pl;
    }
    ss_buf got = {0}, want = {0};
    ss_encode_json_string(&got, (const char *)s, len);
    ref_escape(&want, s, len);
    assert_int_equal(got.len, want.len);
    assert_memory_equal(got.data, want.data, got.len);
    ss_buf_free(&got);
    ss_buf_free(&want);
    free(s);
}

static void test_json_random_bytes_always_give_valid_json(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    ss_buf b = {0};
    unsigned char s[300];
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = iter % 300;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* Bias towards interesting bytes. */
            unsigned v = (unsigned)(x >> 32);
            s[i] = (v & 3) == 0 ? (unsigned char)(0x80 + (v >> 8) % 0x80) : (unsigned char)(v >> 16);
        }
        ss_buf_clear(&b);
        ss_encode_json_string(&b, (const char *)s, n);
        json_error_t err;
        json_t *j = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
        if (!j)
            fail_msg("iteration %d: jansson rejects output: %s", iter, err.text);
        assert_true(json_is_string(j));
        json_decref(j);
    }
    ss_buf_free(&b);
}

static void test_json_valid_utf8_round_trips_through_jansson(void **state)
{
    (void)state;
    const char s[] = "nul\0 quote\" bs\\ ctl\x01\x1f tab\t \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    size_t n = sizeof s - 1;
    ss_buf b = {0};
    ss_encode_json_string(&b, s, n);
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    assert_non_null(j);
    assert_int_equal(json_string_length(j), n);
    assert_memory_equal(json_string_value(j), s, n);
    json_decref(j);
    ss_buf_free(&b);
}

static void test_json_string_max_stops_at_character_boundary(void **state)
{
    (void)state;
    ss_buf b = {0};
    /* "ab€c": € is bytes 2..4 */
    assert_int_equal(ss_encode_json_string_max(&b, "ab\xe2\x82\xac" "c", 6, 3), 2);
    assert_string_equal(ss_buf_cstr(&b), "\"ab\"");
    ss_buf_clear(&b);
    assert_int_equal(ss_encode_json_string_max(&b, "ab\xe2\x82\xac" "c", 6, 5), 5);
    assert_string_equal(ss_buf_cstr(&b), "\"ab\xe2\x82\xac\"");
    ss_buf_clear(&b);
    assert_int_equal(ss_encode_json_string_max(&b, "ab\xe2\x82\xac" "c", 6, 100), 6);
    ss_buf_clear(&b);
    /* A bad subpart (E2 82, then 'x') is one unit, not split either. */
    assert_int_equal(ss_encode_json_string_max(&b, "a\xe2\x82x", 4, 2), 1);
    assert_string_equal(ss_buf_cstr(&b), "\"a\"");
    ss_buf_clear(&b);
    assert_int_equal(ss_encode_json_string_max(&b, "a\xe2\x82x", 4, 3), 3);
    assert_string_equal(ss_buf_cstr(&b), "\"a" FFFD "\"");
    ss_buf_free(&b);
}

/* ---- CSV ------------------------------------------------------------------ */

static void test_csv_row_of_every_type_exact_bytes(void **state)
{
    (void)state;
    ss_column cols[] = {
        col("B", SS_T_BOOLEAN),  col("I", SS_T_INTEGER),  col_t("D", dec(10, 2)),    col("R", SS_T_REAL),
        col("DB", SS_T_DOUBLE),  col("S", SS_T_VARCHAR),  col("TS", SS_T_TIMESTAMP), col("DT", SS_T_DATE),
        col("TM", SS_T_TIME),    col("IDS", SS_T_INTERVAL_DS), col("N", SS_T_INTEGER), col("E", SS_T_VARCHAR),
        col("NAN", SS_T_DOUBLE), col("F", SS_T_BOOLEAN),
    };
    ss_value row[] = {
        ss_int(1),   ss_int(-42),        ss_int(1990),          ss_dbl(ss_real(0.1)), ss_dbl(1e21),
        STR("abc"),  ss_int(1795341601123LL), ss_int(20414),    ss_int(36001123),     ss_int(-93784005),
        ss_null(),   STR(""),            ss_dbl(NAN),           ss_int(0),
    };
    assert_string_equal(enc(SS_FMT_CSV, ',', cols, 14, row),
                        "TRUE,-42,19.90,0.1,1e+21,abc,2026-11-22 10:00:01.123,2025-11-22,10:00:01.123,"
                        "-1 02:03:04.005,,\"\",NaN,FALSE\n");
}

static void test_csv_quotes_only_when_needed(void **state)
{
    (void)state;
    ss_type vc = ss_type_make(SS_T_VARCHAR);
    assert_string_equal(cf(STR("plain text"), vc, ','), "plain text\n");
    assert_string_equal(cf(STR("a,b"), vc, ','), "\"a,b\"\n");
    assert_string_equal(cf(STR("say \"hi\""), vc, ','), "\"say \"\"hi\"\"\"\n");
    assert_string_equal(cf(STR("line1\nline2"), vc, ','), "\"line1\nline2\"\n");
    assert_string_equal(cf(STR("cr\r"), vc, ','), "\"cr\r\"\n");
    assert_string_equal(cf(STR(""), vc, ','), "\"\"\n");
    assert_string_equal(cf(ss_null(), vc, ','), "\n");
    assert_string_equal(cf(STR("a;b"), vc, ','), "a;b\n");
    assert_string_equal(cf(STR("a;b"), vc, ';'), "\"a;b\"\n");
    assert_string_equal(cf(STR("a,b"), vc, ';'), "a,b\n");
    assert_string_equal(cf(STR("a\tb"), vc, '\t'), "\"a\tb\"\n");
    assert_string_equal(cf(STR(" lead"), vc, ','), " lead\n"); /* spaces are data, not quoted */
}

static void test_csv_non_strings_are_quoted_when_they_hold_the_delimiter(void **state)
{
    (void)state;
    ss_type ts = ss_type_make(SS_T_TIMESTAMP);
    assert_string_equal(cf(ss_int(1795341601123LL), ts, ' '), "\"2026-11-22 10:00:01.123\"\n");
    assert_string_equal(cf(ss_int(1795341601123LL), ts, ':'), "\"2026-11-22 10:00:01.123\"\n");
    assert_string_equal(cf(ss_int(1795341601123LL), ts, ','), "2026-11-22 10:00:01.123\n");
    assert_string_equal(cf(ss_int(1990), dec(10, 2), '.'), "\"19.90\"\n");
    assert_string_equal(cf(ss_int(-5), ss_type_make(SS_T_INTEGER), '-'), "\"-5\"\n");
}

static void test_csv_repairs_invalid_utf8(void **state)
{
    (void)state;
    ss_type vc = ss_type_make(SS_T_VARCHAR);
    assert_string_equal(cf(STR("a\xff" "b"), vc, ','), "a" FFFD "b\n");
    assert_string_equal(cf(STR("\xe2\x82\xac,\xc3"), vc, ','), "\"\xe2\x82\xac," FFFD "\"\n");
    assert_string_equal(cf(STR("caf\xc3\xa9"), vc, ','), "caf\xc3\xa9\n");
}

static void test_csv_header_and_hidden_columns(void **state)
{
    (void)state;
    ss_column cols[] = {col("TICKER_SYMBOL", SS_T_VARCHAR), col("HIDDEN", SS_T_TIMESTAMP),
                        col("my,col", SS_T_INTEGER), col("price", SS_T_DOUBLE)};
    cols[1].hidden = true;
    ss_encoder e = {SS_FMT_CSV, ',', cols, 4};
    ss_buf b = {0};
    ss_encode_header(&e, &b);
    assert_string_equal(ss_buf_cstr(&b), "TICKER_SYMBOL,\"my,col\",price\n");
    ss_buf_clear(&b);
    ss_value row[] = {STR("ABCD"), ss_int(1), ss_int(3), ss_dbl(2.5)};
    ss_encode_row(&e, row, &b);
    assert_string_equal(ss_buf_cstr(&b), "ABCD,3,2.5\n");
    /* Delimiter 0 means ','. */
    ss_buf_clear(&b);
    e.delimiter = 0;
    ss_encode_row(&e, row, &b);
    assert_string_equal(ss_buf_cstr(&b), "ABCD,3,2.5\n");
    /* JSON has no header. */
    ss_buf_clear(&b);
    e.format = SS_FMT_JSON;
    ss_encode_header(&e, &b);
    assert_int_equal(b.len, 0);
    ss_buf_free(&b);
}

static void test_json_encode_speed(void **state)
{
    (void)state;
    ss_column cols[] = {col("TICKER_SYMBOL", SS_T_VARCHAR), col("SECTOR", SS_T_VARCHAR), col("CHANGE", SS_T_REAL),
                        col("PRICE", SS_T_REAL), col("EVENT_TIME", SS_T_TIMESTAMP)};
    ss_value row[] = {STR("ABCD"), STR("TECHNOLOGY"), ss_dbl(ss_real(-0.23)), ss_dbl(ss_real(120.12)),
                      ss_int(1795341601123LL)};
    ss_encoder e = {SS_FMT_JSON, 0, cols, 5};
    ss_buf b = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t total = 0;
    for (int i = 0; i < 1000000; i++) {
        row[4].i++;
        ss_encode_row(&e, row, &b);
        if (b.len > (1u << 20)) {
            total += b.len;
            ss_buf_clear(&b);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("[ info ] JSON encode: 1M ticker rows in %.3f s (%.1f M rows/s, %.0f MB/s)\n", secs, 1.0 / secs,
           (double)(total + b.len) / secs / 1e6);
    ss_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_row_of_every_type_exact_bytes),
        cmocka_unit_test(test_json_nulls_of_every_type_are_null),
        cmocka_unit_test(test_json_booleans_false_and_timestamps_keep_three_fraction_digits),
        cmocka_unit_test(test_json_decimal_prints_every_scale_digit),
        cmocka_unit_test(test_json_floats_shortest_and_non_finite_null),
        cmocka_unit_test(test_json_string_escapes),
        cmocka_unit_test(test_json_string_keeps_valid_utf8),
        cmocka_unit_test(test_json_string_replaces_each_maximal_bad_subpart),
        cmocka_unit_test(test_json_keys_are_escaped_and_hidden_columns_skipped),
        cmocka_unit_test(test_encode_appends_to_existing_buffer),
        cmocka_unit_test(test_json_long_strings_across_chunks_match_reference),
        cmocka_unit_test(test_json_random_bytes_always_give_valid_json),
        cmocka_unit_test(test_json_valid_utf8_round_trips_through_jansson),
        cmocka_unit_test(test_json_string_max_stops_at_character_boundary),
        cmocka_unit_test(test_csv_row_of_every_type_exact_bytes),
        cmocka_unit_test(test_csv_quotes_only_when_needed),
        cmocka_unit_test(test_csv_non_strings_are_quoted_when_they_hold_the_delimiter),
        cmocka_unit_test(test_csv_repairs_invalid_utf8),
        cmocka_unit_test(test_csv_header_and_hidden_columns),
        cmocka_unit_test(test_json_encode_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
