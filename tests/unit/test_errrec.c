/* Unit tests for error-stream records (src/io/errrec.c): exact bytes, every
 * position form, and nasty data (invalid UTF-8, NUL bytes, quotes, a 10 MB
 * record, a cut inside a multi-byte character) that must still parse with
 * jansson and carry the right fields. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "io/errrec.h"

#define FFFD "\xef\xbf\xbd"
#define T0 1795341601123LL /* 2026-11-22 10:00:01.123 */

static ss_buf out;

static const char *encode(const ss_err_record *r)
{
    ss_buf_clear(&out);
    ss_errrec_encode(r, &out);
    return ss_buf_cstr(&out);
}

/* Parses the last encoded record: exactly one line, one JSON object. */
static json_t *parsed(void)
{
    assert_true(out.len > 0);
    assert_int_equal(out.data[out.len - 1], '\n');
    assert_null(memchr(out.data, '\n', out.len - 1));
    json_error_t err;
    json_t *j = json_loadb(out.data, out.len, JSON_ALLOW_NUL, &err);
    if (!j)
        fail_msg("jansson rejects the record: %s (at %d)", err.text, err.position);
    assert_true(json_is_object(j));
    return j;
}

static const char *sget(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_non_null(v);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static json_int_t iget(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_non_null(v);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static ss_err_record rec(ss_err_kind kind, const char *data, size_t len)
{
    ss_err_record r = {
        .error_time = T0,
        .kind = kind,
        .message = "record is not a JSON object",
        .stream = "SOURCE_SQL_STREAM_001",
        .position = {.kind = SS_POS_FILE, .name = "x.jsonl", .line = 17},
        .data = data,
        .data_len = len,
    };
    return r;
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(ss_err_kind_name(SS_ERR_PARSE), "parse");
    assert_string_equal(ss_err_kind_name(SS_ERR_CONVERT), "convert");
    assert_string_equal(ss_err_kind_name(SS_ERR_ROWTIME), "rowtime");
    assert_string_equal(ss_err_kind_name(SS_ERR_LATE), "late");
    assert_string_equal(ss_err_kind_name(SS_ERR_EVAL), "eval");
    assert_string_equal(ss_err_kind_name(SS_ERR__COUNT), "?");
}

static void test_file_record_exact_bytes(void **state)
{
    (void)state;
    ss_err_record r = rec(SS_ERR_PARSE, "[1, 2]", 6);
    assert_string_equal(encode(&r), "{\"error_time\":\"2026-11-22 10:00:01.123\",\"kind\":\"parse\","
                                    "\"message\":\"record is not a JSON object\",\"stream\":\"SOURCE_SQL_STREAM_001\","
                                    "\"position\":{\"file\":\"x.jsonl\",\"line\":17},\"data\":\"[1, 2]\"}\n");
}

static void test_every_position_form(void **state)
{
    (void)state;
    ss_err_record r = rec(SS_ERR_CONVERT, "x", 1);
    r.position = (ss_err_position){.kind = SS_POS_KAFKA, .name = "trades", .partition = 3, .offset = 42};
    assert_non_null(strstr(encode(&r), ",\"position\":{\"topic\":\"trades\",\"partition\":3,\"offset\":42},"));
    r.position = (ss_err_position){.kind = SS_POS_KINESIS, .name = "k", .shard = "shardId-000000000001",
                                   .sequence = "49590338271490256608559692538361571095921575989136588898"};
    assert_non_null(strstr(encode(&r), ",\"position\":{\"stream\":\"k\",\"shard\":\"shardId-000000000001\","
                                       "\"sequence\":\"49590338271490256608559692538361571095921575989136588898\"},"));
    r.position = (ss_err_position){.kind = SS_POS_GENERATOR, .name = "ticker", .line = 7};
    assert_non_null(strstr(encode(&r), ",\"position\":{\"generator\":\"ticker\",\"row\":7},"));
    r.position = (ss_err_position){.kind = SS_POS_NONE};
    assert_non_null(strstr(encode(&r), ",\"position\":null,"));
    r.position = (ss_err_position){.kind = SS_POS_FILE, .name = "-", .line = UINT64_MAX};
    assert_non_null(strstr(encode(&r), ",\"position\":{\"file\":\"-\",\"line\":18446744073709551615},"));
    r.position = (ss_err_position){.kind = SS_POS_KAFKA, .name = NULL, .partition = -1, .offset = INT64_MIN};
    assert_non_null(
        strstr(encode(&r), ",\"position\":{\"topic\":null,\"partition\":-1,\"offset\":-9223372036854775808},"));
    json_decref(parsed());
}

static void test_fields_parse_back_with_jansson(void **state)
{
    (void)state;
    ss_err_record r = rec(SS_ERR_LATE, "{\"a\": 1}", 8);
    r.message = "row is 15000 ms behind the watermark \"10:00:20\"";
    r.stream = "My \"Stream\"";
    r.position = (ss_err_position){.kind = SS_POS_KAFKA, .name = "t", .partition = 3, .offset = 42};
    encode(&r);
    json_t *j = parsed();
    assert_int_equal(json_object_size(j), 6);
    assert_string_equal(sget(j, "error_time"), "2026-11-22 10:00:01.123");
    assert_string_equal(sget(j, "kind"), "late");
    assert_string_equal(sget(j, "message"), r.message);
    assert_string_equal(sget(j, "stream"), "My \"Stream\"");
    assert_string_equal(sget(j, "data"), "{\"a\": 1}");
    json_t *p = json_object_get(j, "position");
    assert_true(json_is_object(p));
    assert_string_equal(sget(p, "topic"), "t");
    assert_int_equal(iget(p, "partition"), 3);
    assert_int_equal(iget(p, "offset"), 42);
    assert_null(json_object_get(j, "data_truncated"));
    json_decref(j);
}

static void test_null_strings_are_json_null(void **state)
{
    (void)state;
    ss_err_record r = rec(SS_ERR_EVAL, NULL, 0);
    r.message = NULL;
    r.stream = NULL;
    r.position.name = NULL;
    encode(&r);
    json_t *j = parsed();
    assert_true(json_is_null(json_object_get(j, "message")));
    assert_true(json_is_null(json_object_get(j, "stream")));
    assert_true(json_is_null(json_object_get(json_object_get(j, "position"), "file")));
    assert_string_equal(sget(j, "data"), "");
    json_decref(j);
}

static void test_nasty_data_is_valid_json_and_utf8(void **state)
{
    (void)state;
    const char data[] = "q\"b\\\0nul\n\r\t\x01\x7f \xff\xfe bad \xc3\xa9 ok \xed\xa0\x80 \xf0\x9f\x98\x80 \xe2\x82";
    size_t n = sizeof data - 1;
    ss_err_record r = rec(SS_ERR_PARSE, data, n);
    r.message = "bad \xff message";
    encode(&r);
    json_t *j = parsed();
    json_t *d = json_object_get(j, "data");
    const char want[] = "q\"b\\\0nul\n\r\t\x01\x7f " FFFD FFFD " bad \xc3\xa9 ok " FFFD FFFD FFFD
                        " \xf0\x9f\x98\x80 " FFFD;
    assert_int_equal(json_string_length(d), sizeof want - 1);
    assert_memory_equal(json_string_value(d), want, sizeof want - 1);
    assert_string_equal(sget(j, "message"), "bad " FFFD " message");
    assert_null(json_object_get(j, "data_truncated"));
    json_decref(j);
    /* NUL goes out escaped, never as a raw byte. */
    assert_null(memchr(out.data, 0, out.len));
    assert_non_null(strstr(out.data, "\\u0000nul\\n\\r\\t\\u0001"));
}

static void test_huge_record_is_cut_at_64k(void **state)
{
    (void)state;
    size_t n = 10u << 20;
    char *data = malloc(n);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 26);
    data[100] = '"'; /* an escape before the cut: the limit counts input bytes */
    ss_err_record r = rec(SS_ERR_PARSE, data, n);
    r.message = "record longer than 1048576 bytes";
    encode(&r);
    assert_true(out.len < 70000);
    json_t *j = parsed();
    json_t *d = json_object_get(j, "data");
    assert_int_equal(json_string_length(d), SS_ERRREC_DATA_MAX);
    assert_memory_equal(json_string_value(d), data, SS_ERRREC_DATA_MAX);
    assert_true(json_is_true(json_object_get(j, "data_truncated")));
    json_decref(j);
    /* data_truncated comes last, after data. */
    assert_non_null(strstr(out.data, "\",\"data_truncated\":true}\n"));
    free(data);
}

static void test_cut_never_splits_a_character(void **state)
{
    (void)state;
    size_t n = SS_ERRREC_DATA_MAX + 8;
    char *data = malloc(n);
    memset(data, 'a', n);
    /* A 3-byte character at bytes 65535..65537 crosses the limit. */
    memcpy(data + SS_ERRREC_DATA_MAX - 1, "\xe2\x82\xac", 3);
    ss_err_record r = rec(SS_ERR_PARSE, data, n);
    encode(&r);
    json_t *j = parsed();
    json_t *d = json_object_get(j, "data");
    assert_int_equal(json_string_length(d), SS_ERRREC_DATA_MAX - 1);
    assert_true(json_is_true(json_object_get(j, "data_truncated")));
    json_decref(j);

    /* A 4-byte character ending exactly at the limit is kept whole. */
    memset(data, 'a', n);
    memcpy(data + SS_ERRREC_DATA_MAX - 4, "\xf0\x9f\x98\x80", 4);
    r = rec(SS_ERR_PARSE, data, n);
    encode(&r);
    j = parsed();
    d = json_object_get(j, "data");
    assert_int_equal(json_string_length(d), SS_ERRREC_DATA_MAX);
    assert_memory_equal(json_string_value(d) + SS_ERRREC_DATA_MAX - 4, "\xf0\x9f\x98\x80", 4);
    json_decref(j);

    /* Bad bytes at the limit are replaced, one U+FFFD per byte. */
    memset(data, 'a', n);
    memset(data + SS_ERRREC_DATA_MAX - 2, 0xff, 4);
    r = rec(SS_ERR_PARSE, data, n);
    encode(&r);
    j = parsed();
    d = json_object_get(j, "data");
    assert_int_equal(json_string_length(d), SS_ERRREC_DATA_MAX - 2 + 6);
    assert_memory_equal(json_string_value(d) + SS_ERRREC_DATA_MAX - 2, FFFD FFFD, 6);
    json_decref(j);
    free(data);
}

static void test_exactly_64k_is_not_truncated(void **state)
{
    (void)state;
    char *data = malloc(SS_ERRREC_DATA_MAX + 1);
    memset(data, 'z', SS_ERRREC_DATA_MAX + 1);
    ss_err_record r = rec(SS_ERR_PARSE, data, SS_ERRREC_DATA_MAX);
    encode(&r);
    json_t *j = parsed();
    assert_int_equal(json_string_length(json_object_get(j, "data")), SS_ERRREC_DATA_MAX);
    assert_null(json_object_get(j, "data_truncated"));
    json_decref(j);
    r.data_len = SS_ERRREC_DATA_MAX + 1;
    encode(&r);
    j = parsed();
    assert_int_equal(json_string_length(json_object_get(j, "data")), SS_ERRREC_DATA_MAX);
    assert_true(json_is_true(json_object_get(j, "data_truncated")));
    json_decref(j);
    free(data);
}

static void test_records_append_one_line_each(void **state)
{
    (void)state;
    ss_buf b = {0};
    ss_err_record r = rec(SS_ERR_ROWTIME, "line\nbreak", 10);
    ss_errrec_encode(&r, &b);
    ss_errrec_encode(&r, &b);
    size_t lines = 0;
    for (size_t i = 0; i < b.len; i++)
        lines += b.data[i] == '\n';
    assert_int_equal(lines, 2);
    ss_buf_free(&b);
}

static void test_random_bytes_always_parse(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ULL;
    char data[512];
    for (int iter = 0; iter < 5000; iter++) {
        size_t n = (size_t)iter % sizeof data;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            data[i] = (char)(x >> 40);
        }
        ss_err_record r = rec(SS_ERR_PARSE, data, n);
        r.message = data; /* NUL-terminated somewhere or at the end */
        data[n < sizeof data ? n : sizeof data - 1] = 0;
        r.data_len = n;
        encode(&r);
        json_t *j = parsed();
        json_decref(j);
    }
}

static int teardown(void **state)
{
    (void)state;
    ss_buf_free(&out);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_file_record_exact_bytes),
        cmocka_unit_test(test_every_position_form),
        cmocka_unit_test(test_fields_parse_back_with_jansson),
        cmocka_unit_test(test_null_strings_are_json_null),
        cmocka_unit_test(test_nasty_data_is_valid_json_and_utf8),
        cmocka_unit_test(test_huge_record_is_cut_at_64k),
        cmocka_unit_test(test_cut_never_splits_a_character),
        cmocka_unit_test(test_exactly_64k_is_not_truncated),
        cmocka_unit_test(test_records_append_one_line_each),
        cmocka_unit_test(test_random_bytes_always_parse),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
