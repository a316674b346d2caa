/* Unit tests for the JSON record scanner (src/io/jsonscan.c): value kinds, escapes,
 * field matching, and every class of record jansson rejects — each checked against
 * jansson itself as well as against the expected status. */
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

#include "io/jsonscan.h"

typedef struct fx {
    ss_json_spec *sp;
    ss_json_scratch sc;
    ss_json_value out[16];
    ss_json_error err;
} fx;

static fx *fx_new(const char *const *names)
{
    fx *f = calloc(1, sizeof *f);
    f->sp = ss_json_spec_new();
    ss_json_scratch_init(&f->sc);
    char eb[128];
    for (int i = 0; names && names[i]; i++)
        assert_int_equal(ss_json_spec_add(f->sp, names[i], eb, sizeof eb), i);
    return f;
}

static void fx_free(fx *f)
{
    ss_json_spec_free(f->sp);
    ss_json_scratch_free(&f->sc);
    free(f);
}

/* Scans rec[0..len) and checks that jansson agrees on validity and object-ness. */
static ss_json_status scanb(fx *f, const char *rec, size_t len)
{
    ss_json_status st = ss_json_scan(f->sp, rec, len, f->out, &f->sc, &f->err);
    json_error_t je;
    json_t *j = json_loadb(rec, len, JSON_DECODE_ANY, &je);
    ss_json_status want = !j ? SS_JSON_INVALID : json_is_object(j) ? SS_JSON_OK : SS_JSON_NOT_OBJECT;
    if (st != want)
        fail_msg("record '%.*s' (%zu bytes): scanner %d, jansson %d (%s)", (int)(len < 200 ? len : 200),
                 rec, len, st, want, j ? "valid" : je.text);
    json_decref(j);
    return st;
}

static ss_json_status scan(fx *f, const char *rec) { return scanb(f, rec, strlen(rec)); }

static void assert_str(const ss_json_value *v, const char *s, size_t n)
{
    assert_int_equal(v->kind, SS_JV_STRING);
    assert_int_equal(v->len, n);
    assert_memory_equal(v->s, s, n);
}

static void assert_rejected(const char *rec, size_t len, const char *msg_prefix)
{
    fx *f = fx_new(NULL);
    assert_int_equal(scanb(f, rec, len), SS_JSON_INVALID);
    if (msg_prefix && strncmp(f->err.message, msg_prefix, strlen(msg_prefix)) != 0)
        fail_msg("message '%s' does not start with '%s'", f->err.message, msg_prefix);
    assert_true(f->err.offset <= len);
    fx_free(f);
}

static void assert_accepted(const char *rec, size_t len)
{
    fx *f = fx_new(NULL);
    assert_int_not_equal(scanb(f, rec, len), SS_JSON_INVALID);
    fx_free(f);
}

#define REJECT(lit, msg) assert_rejected(lit, sizeof(lit) - 1, msg)
#define ACCEPT(lit) assert_accepted(lit, sizeof(lit) - 1)

/* ---- value kinds ---- */

static void test_every_value_kind_is_extracted(void **state)
{
    (void)state;
    static const char *const names[] = {"n", "t", "f", "i", "r", "s", "o", "a", "gone", NULL};
    fx *f = fx_new(names);
    const char *rec = "{\"n\":null,\"t\":true,\"f\":false,\"i\":-42,\"r\":2.5,\"s\":\"hi\","
                      "\"o\":{\"x\":[1,{}]},\"a\":[1, \"two\" ,[]]}";
    assert_int_equal(scan(f, rec), SS_JSON_OK);
    assert_int_equal(f->out[0].kind, SS_JV_NULL);
    assert_int_equal(f->out[1].kind, SS_JV_TRUE);
    assert_int_equal(f->out[2].kind, SS_JV_FALSE);
    assert_int_equal(f->out[3].kind, SS_JV_INT);
    assert_int_equal(f->out[3].i, -42);
    assert_int_equal(f->out[4].kind, SS_JV_REAL);
    assert_true(f->out[4].d == 2.5);
    assert_str(&f->out[5], "hi", 2);
    assert_ptr_equal(f->out[5].s, strstr(rec, "hi\"")); /* no escapes: points into the record */
    assert_int_equal(f->out[6].kind, SS_JV_OBJECT);
    assert_int_equal(f->out[6].len, strlen("{\"x\":[1,{}]}"));
    assert_memory_equal(f->out[6].s, "{\"x\":[1,{}]}", f->out[6].len);
    assert_int_equal(f->out[7].kind, SS_JV_ARRAY);
    assert_int_equal(f->out[7].len, strlen("[1, \"two\" ,[]]"));
    assert_memory_equal(f->out[7].s, "[1, \"two\" ,[]]", f->out[7].len);
    assert_int_equal(f->out[8].kind, SS_JV_MISSING);
    fx_free(f);
}

static void test_top_level_non_objects_are_not_object(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "$.a", NULL};
    static const char *const recs[] = {"1", "-0", "2.5", "\"a\"", "true", "false", "null", "[]",
                                       "[{\"a\":1}]", " 7 "};
    fx *f = fx_new(names);
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        assert_int_equal(scan(f, recs[i]), SS_JSON_NOT_OBJECT);
        assert_string_equal(f->err.message, "record is not a JSON object");
        assert_int_equal(f->out[0].kind, SS_JV_MISSING);
        assert_int_equal(f->out[1].kind, SS_JV_MISSING);
    }
    assert_int_equal(f->err.offset, 1); /* " 7 ": where the value starts */
    fx_free(f);
}

static void test_empty_object_and_whitespace_everywhere(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b", NULL};
    fx *f = fx_new(names);
    assert_int_equal(scan(f, "{}"), SS_JSON_OK);
    assert_int_equal(f->out[0].kind, SS_JV_MISSING);
    assert_int_equal(scan(f, " \t\r\n{ \"a\" \n:\t1 ,\r\"b\" : [ 1 , 2 ] }\r\n "), SS_JSON_OK);
    assert_int_equal(f->out[0].i, 1);
    assert_int_equal(f->out[1].kind, SS_JV_ARRAY);
    assert_int_equal(f->out[1].len, strlen("[ 1 , 2 ]"));
    fx_free(f);
}

/* ---- strings ---- */

static void test_escapes_are_decoded_into_scratch(void **state)
{
    (void)state;
    static const char *const names[] = {"s", "u", "pair", "k", NULL};
    fx *f = fx_new(names);
    const char *rec = "{\"s\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\","
                      "\"u\":\"\\u0041\\u00e9\\u20AC\\uFFFF\","
                      "\"pair\":\"x\\ud83d\\ude00y\\uDBFF\\uDFFF\","
                      "\"\\u006b\":\"escaped key\"}";
    assert_int_equal(scan(f, rec), SS_JSON_OK);
    assert_str(&f->out[0], "a\"b\\c/d\be\ff\ng\rh\ti", 17);
    assert_str(&f->out[1], "A\xc3\xa9\xe2\x82\xac\xef\xbf\xbf", 9);
    assert_str(&f->out[2], "x\xf0\x9f\x98\x80y\xf4\x8f\xbf\xbf", 10);
    assert_str(&f->out[3], "escaped key", 11);
    /* The decoded strings live in the scratch, not in the record. */
    assert_true(f->out[0].s < rec || f->out[0].s >= rec + strlen(rec));
    fx_free(f);
}

static void test_raw_utf8_is_accepted_and_kept(void **state)
{
    (void)state;
    static const char *const names[] = {"\xc3\xa9t\xc3\xa9", NULL};
    fx *f = fx_new(names);
    assert_int_equal(scan(f, "{\"\xc3\xa9t\xc3\xa9\":\"\xe2\x82\xac \xf0\x9f\x98\x80 \x7f\"}"),
                     SS_JSON_OK);
    assert_str(&f->out[0], "\xe2\x82\xac \xf0\x9f\x98\x80 \x7f", 10);
    fx_free(f);
}

static void test_invalid_utf8_is_rejected(void **state)
{
    (void)state;
    REJECT("\"\x80\"", "unable to decode byte 0x80");       /* lone continuation */
    REJECT("\"\xc3\"", "unable to decode byte 0xc3");       /* truncated */
    REJECT("\"\xc3", "unable to decode byte 0xc3");         /* truncated at end */
    REJECT("\"\xc0\x80\"", "unable to decode byte 0xc0");   /* overlong NUL */
    REJECT("\"\xc1\xbf\"", "unable to decode byte 0xc1");   /* overlong */
    REJECT("\"\xe0\x80\xaf\"", "unable to decode byte 0xe0"); /* overlong 3-byte */
    REJECT("\"\xf0\x80\x80\xaf\"", "unable to decode byte 0xf0");
    REJECT("\"\xed\xa0\x80\"", "unable to decode byte 0xed"); /* UTF-8 surrogate D800 */
    REJECT("\"\xed\xbf\xbf\"", "unable to decode byte 0xed"); /* DFFF */
    REJECT("\"\xf4\x90\x80\x80\"", "unable to decode byte 0xf4"); /* U+110000 */
    REJECT("\"\xf5\x80\x80\x80\"", "unable to decode byte 0xf5");
    REJECT("\"\xff\"", "unable to decode byte 0xff");
    REJECT("\"\xe2\x82\"", "unable to decode byte 0xe2");
    REJECT("{\"k\xfe\":1}", "unable to decode byte 0xfe");
    REJECT("\xc3\xa9", "invalid token"); /* valid UTF-8, but not a token */
    REJECT("\xef\xbb\xbf{}", "invalid token"); /* a BOM is not whitespace to jansson */
    ACCEPT("\"\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"");
}

static void test_bad_escapes_and_surrogates_are_rejected(void **state)
{
    (void)state;
    REJECT("\"\\x\"", "invalid escape");
    REJECT("\"\\u12\"", "invalid escape");
    REJECT("\"\\u12G4\"", "invalid escape");
    REJECT("\"\\", "invalid escape");
    REJECT("\"\\u00", "invalid escape");
    REJECT("\"\\ud800\"", "invalid Unicode '\\uD800'");
    REJECT("\"\\udc00\"", "invalid Unicode '\\uDC00'");
    REJECT("\"\\ud800\\u0041\"", "invalid Unicode '\\uD800\\u0041'");
    REJECT("\"\\ud800\\ud800\"", "invalid Unicode '\\uD800\\uD800'");
    REJECT("\"\\ud800x\\udc00\"", "invalid Unicode");
    REJECT("\"\\u0000\"", "\\u0000 is not allowed without JSON_ALLOW_NUL");
    REJECT("{\"a\\u0000b\":1}", "NUL byte in object key not supported");
    REJECT("{\"a\":\"x\\u0000\"}", "\\u0000 is not allowed");
    /* Syntax errors anywhere in the string win over surrogate errors (jansson's two
     * passes). */
    REJECT("\"\\ud800\\q\"", "invalid escape");
}

static void test_control_characters_in_strings_are_rejected(void **state)
{
    (void)state;
    for (int c = 0; c < 0x20; c++) {
        char rec[8] = {'"', 'a', (char)c, 'b', '"'};
        assert_rejected(rec, 5, c == '\n' ? "unexpected newline" : "control character 0x");
    }
    ACCEPT("\"a\x7f\"");
    REJECT("\"abc", "premature end of input");
}

/* ---- NUL bytes ---- */

static void test_nul_bytes(void **state)
{
    (void)state;
    assert_rejected("", 0, "unexpected token near end of file");
    assert_rejected("\0", 1, "invalid token");
    assert_rejected("{}\0", 3, "end of file expected");
    assert_rejected("\"a\0\"", 4, "control character 0x0");
    assert_rejected("{\"a\":\"x\"\0}", 10, NULL);
    /* jansson's quirk: one NUL right after a number or a literal is swallowed. */
    ACCEPT("1\0");
    ACCEPT("[1\0]");
    ACCEPT("[1.5\0,2e3\0,-0\0]");
    ACCEPT("[true\0,false\0,null\0]");
    ACCEPT("{\"a\":1\0}");
    REJECT("1\0\0", "end of file expected");
    REJECT("1 \0", "end of file expected");
    REJECT("1.\0", "invalid token");
    REJECT("[\"a\"\0]", "']' expected");

    static const char *const names[] = {"a", "b", NULL};
    fx *f = fx_new(names);
    static const char rec[] = "{\"a\":12\0,\"b\":true\0}";
    assert_int_equal(scanb(f, rec, sizeof rec - 1), SS_JSON_OK);
    assert_int_equal(f->out[0].i, 12);
    assert_int_equal(f->out[1].kind, SS_JV_TRUE);
    fx_free(f);
}

/* ---- syntax ---- */

static void test_syntax_errors_are_rejected(void **state)
{
    (void)state;
    REJECT(" ", "unexpected token near end of file");
    REJECT("{", "string or '}' expected near end of file");
    REJECT("{\"a\"", "':' expected near end of file");
    REJECT("{\"a\":", "unexpected token near end of file");
    REJECT("{\"a\":1", "'}' expected near end of file");
    REJECT("{\"a\":1,}", "string or '}' expected near '}'");
    REJECT("{\"a\" 1}", "':' expected near '1'");
    REJECT("{1:2}", "string or '}' expected near '1'");
    REJECT("{\"a\":1 \"b\":2}", "'}' expected near '\"b\"'");
    REJECT("[1,]", "unexpected token near ']'");
    REJECT("[1 2]", "']' expected near '2'");
    REJECT("[", "unexpected token near end of file");
    REJECT("{} {}", "end of file expected near '{'");
    REJECT("{}x", "end of file expected near 'x'");
    REJECT("tru", "invalid token near 'tru'");
    REJECT("truex", "invalid token near 'truex'");
    REJECT("True", "invalid token");
    REJECT("nul", "invalid token");
    REJECT("'a'", "invalid token");
    REJECT("01", "invalid token");
    REJECT("-", "invalid token");
    REJECT("-a", "invalid token");
    REJECT("1.", "invalid token");
    REJECT("1.e5", "invalid token");
    REJECT(".5", "invalid token");
    REJECT("1e", "invalid token");
    REJECT("1e+", "invalid token");
    REJECT("+1", "invalid token");
    REJECT("0x10", "end of file expected");
    REJECT("1.5.", "end of file expected");
    REJECT("\f{}", "invalid token");      /* form feed is not JSON whitespace */
    REJECT("\v1", "invalid token");
    REJECT("\xc2\xa0{}", "invalid token"); /* neither is NBSP */
    REJECT("[1}", "']' expected near '}'");
    REJECT("{\"a\":1]", "'}' expected near ']'");
    /* The next token's own error wins over the parser's complaint, as in jansson. */
    REJECT("[1 \"\x01\"]", "control character 0x1");
    REJECT("[1 99999999999999999999]", "too big integer");
    ACCEPT("[1,[2,{\"a\":[]}],{}]");
}

static void test_depth_limit_matches_jansson(void **state)
{
    (void)state;
    size_t n = SS_JSON_MAX_DEPTH + 2;
    char *buf = malloc(6 * n + 16);
    /* 2048 nested empty arrays: ok; around a scalar: one level too deep. */
    for (size_t depth = SS_JSON_MAX_DEPTH - 1; depth <= SS_JSON_MAX_DEPTH + 1; depth++) {
        for (int scalar = 0; scalar < 2; scalar++) {
            size_t o = 0;
            for (size_t i = 0; i < depth; i++)
                buf[o++] = '[';
            if (scalar)
                buf[o++] = '1';
            for (size_t i = 0; i < depth; i++)
                buf[o++] = ']';
            fx *f = fx_new(NULL);
            ss_json_status st = scanb(f, buf, o);
            int ok = depth + (size_t)scalar <= SS_JSON_MAX_DEPTH;
            assert_int_equal(st, ok ? SS_JSON_NOT_OBJECT : SS_JSON_INVALID);
            if (!ok)
                assert_string_equal(f->err.message,
                                    depth == SS_JSON_MAX_DEPTH
                                        ? "maximum parsing depth reached near '1'"
                                        : "maximum parsing depth reached near '['");
            fx_free(f);
        }
    }
    /* Objects, with a wanted path that goes all the way down. */
    size_t o = 0;
    for (size_t i = 0; i < SS_JSON_MAX_DEPTH - 1; i++)
        o += (size_t)sprintf(buf + o, "{\"a\":");
    buf[o++] = '7';
    for (size_t i = 0; i < SS_JSON_MAX_DEPTH - 1; i++)
        buf[o++] = '}';
    char *path = malloc(3 * SS_JSON_MAX_DEPTH + 4);
    size_t po = 0;
    path[po++] = '$';
    for (size_t i = 0; i < SS_JSON_MAX_DEPTH - 1; i++) {
        path[po++] = '.';
        path[po++] = 'a';
    }
    path[po] = 0;
    fx *f = fx_new(NULL);
    assert_int_equal(ss_json_spec_add(f->sp, path, NULL, 0), 0);
    assert_int_equal(scanb(f, buf, o), SS_JSON_OK);
    assert_int_equal(f->out[0].kind, SS_JV_INT);
    assert_int_equal(f->out[0].i, 7);
    fx_free(f);
    /* One more level: the innermost scalar is at depth 2049. */
    memmove(buf + 5, buf, o);
    memcpy(buf, "{\"a\":", 5);
    buf[o + 5] = '}';
    f = fx_new(NULL);
    assert_int_equal(ss_json_spec_add(f->sp, path, NULL, 0), 0);
    assert_int_equal(scanb(f, buf, o + 6), SS_JSON_INVALID);
    assert_string_equal(f->err.message, "maximum parsing depth reached near '7'");
    /* A path one step longer could only reach a value jansson rejects. */
    path[po++] = '.';
    path[po++] = 'a';
    path[po] = 0;
    assert_int_equal(ss_json_spec_add(f->sp, path, NULL, 0), -1);
    fx_free(f);
    free(path);
    free(buf);
}

/* ---- numbers ---- */

static void test_int64_edges(void **state)
{
    (void)state;
    static const char *const names[] = {"v", NULL};
    fx *f = fx_new(names);
    assert_int_equal(scan(f, "{\"v\":9223372036854775807}"), SS_JSON_OK);
    assert_true(f->out[0].kind == SS_JV_INT && f->out[0].i == INT64_MAX);
    assert_int_equal(scan(f, "{\"v\":-9223372036854775808}"), SS_JSON_OK);
    assert_true(f->out[0].kind == SS_JV_INT && f->out[0].i == INT64_MIN);
    assert_int_equal(scan(f, "{\"v\":-0}"), SS_JSON_OK);
    assert_true(f->out[0].kind == SS_JV_INT && f->out[0].i == 0);
    assert_int_equal(scan(f, "{\"v\":999999999999999999}"), SS_JSON_OK);
    assert_true(f->out[0].i == 999999999999999999LL);
    assert_int_equal(scan(f, "{\"v\":1000000000000000000}"), SS_JSON_OK);
    assert_true(f->out[0].i == 1000000000000000000LL);
    assert_int_equal(scan(f, "{\"v\":9223372036854775808}"), SS_JSON_INVALID);
    assert_string_equal(f->err.message, "too big integer near '9223372036854775808'");
    assert_int_equal(f->err.offset, 5);
    assert_int_equal(f->out[0].kind, SS_JV_MISSING);
    assert_int_equal(scan(f, "{\"v\":-9223372036854775809}"), SS_JSON_INVALID);
    assert_string_equal(f->err.message, "too big negative integer near '-9223372036854775809'");
    assert_int_equal(scan(f, "{\"v\":18446744073709551616}"), SS_JSON_INVALID);
    assert_int_equal(scan(f, "{\"v\":99999999999999999999999999}"), SS_JSON_INVALID);
    assert_string_equal(f->err.message, "too big integer");
    /* Unwanted members are range-checked too. */
    assert_int_equal(scan(f, "{\"w\":9223372036854775808}"), SS_JSON_INVALID);
    fx_free(f);
}

static double scan_real(fx *f, const char *num)
{
    char rec[512];
    snprintf(rec, sizeof rec, "{\"v\":%s}", num);
    assert_int_equal(scan(f, rec), SS_JSON_OK);
    assert_int_equal(f->out[0].kind, SS_JV_REAL);
    double want = strtod(num, NULL);
    if (memcmp(&want, &f->out[0].d, sizeof want) != 0)
        fail_msg("%s: scanner %.17g, strtod %.17g", num, f->out[0].d, want);
    return f->out[0].d;
}

static void test_real_edges(void **state)
{
    (void)state;
    static const char *const names[] = {"v", NULL};
    fx *f = fx_new(names);
    assert_true(scan_real(f, "0.1") == 0.1);
    assert_true(scan_real(f, "-0.0") == 0 && signbit(f->out[0].d));
    assert_true(scan_real(f, "0e0") == 0 && !signbit(f->out[0].d));
    assert_true(scan_real(f, "-0e-5") == 0 && signbit(f->out[0].d));
    scan_real(f, "1e308");
    scan_real(f, "1.7976931348623157e308");   /* DBL_MAX */
    scan_real(f, "1.7976931348623158e308");   /* rounds down to DBL_MAX */
    scan_real(f, "-1.7976931348623157e308");
    scan_real(f, "4.9e-324");                 /* smallest denormal */
    scan_real(f, "2.4703282292062328e-324");  /* rounds up to it */
    scan_real(f, "2.2250738585072011e-308");  /* largest denormal */
    scan_real(f, "2.2250738585072014e-308");  /* DBL_MIN */
    assert_true(scan_real(f, "1e-400") == 0); /* underflow is not an error */
    assert_true(scan_real(f, "2.4703282292062327e-324") == 0);
    scan_real(f, "9007199254740993.0");       /* 2^53 + 1: not exact, rounds to even */
    scan_real(f, "9007199254740993e0");
    scan_real(f, "123456789012345678901234567890.123456789e-10");
    scan_real(f, "0.000000000000000000000000000000000000001");
    scan_real(f, "3.141592653589793238462643383279502884197169399375105820974944");
    scan_real(f, "1E22");
    scan_real(f, "1e23");
    scan_real(f, "8.5e-23");
    scan_real(f, "1.5E+2");
    scan_real(f, "1e0000000000000000000000000000000000000000001");
    scan_real(f, "1e-99999999999999999999999999999");
    scan_real(f, "0.00000000000000000000000000000000000000000000000000000000e99999999999");
    assert_int_equal(scan(f, "{\"v\":1e309}"), SS_JSON_INVALID);
    assert_string_equal(f->err.message, "real number overflow near '1e309'");
    assert_int_equal(scan(f, "{\"v\":-1e309}"), SS_JSON_INVALID);
    assert_int_equal(scan(f, "{\"v\":1.7976931348623159e308}"), SS_JSON_INVALID);
    /* The same, spelled out with 309 integer digits: the k == 309 case, where only the
     * full conversion can tell. */
    char big[400];
    int o = sprintf(big, "{\"v\":17976931348623159");
    memset(big + o, '0', 292);
    strcpy(big + o + 292, ".0}");
    assert_int_equal(scan(f, big), SS_JSON_INVALID);
    big[o - 1] = '7'; /* ...157e308 = DBL_MAX: fine */
    assert_int_equal(scan(f, big), SS_JSON_OK);
    assert_true(f->out[0].d == 1.7976931348623157e308);
    assert_int_equal(scan(f, "{\"v\":1e99999999999999999999}"), SS_JSON_INVALID);
    assert_int_equal(scan(f, "{\"w\":1e400}"), SS_JSON_INVALID); /* unwanted too */
    fx_free(f);
}

/* Reals in the shapes the fast paths take, and around them, against strtod. */
static void test_many_random_reals_match_strtod(void **state)
{
    (void)state;
    static const char *const names[] = {"v", NULL};
    fx *f = fx_new(names);
    uint64_t x = 88172645463325252ULL;
    char num[64], rec[128];
    for (int i = 0; i < 300000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        switch (i % 5) {
        case 0: { /* a random double, round-tripped */
            double d;
            uint64_t bits = x & ~(0x7ffULL << 52);
            bits |= (uint64_t)((x >> 11) % 2046 + 1) << 52;
            memcpy(&d, &bits, sizeof d);
            snprintf(num, sizeof num, "%.17g", d);
            break;
        }
        case 1: /* prices */
            snprintf(num, sizeof num, "%s%llu.%02llu", x & 1 ? "-" : "",
                     (unsigned long long)(x >> 8) % 100000, (unsigned long long)(x >> 40) % 100);
            break;
        case 2: /* up to 19 significant digits with a short exponent */
            snprintf(num, sizeof num, "%llu.%llue%d", (unsigned long long)(x % 1000000000ULL),
                     (unsigned long long)((x >> 30) % 10000000000ULL), (int)((x >> 50) % 60) - 30);
            break;
        case 3: /* many digits, past the exact range */
            snprintf(num, sizeof num, "0.%llu%llu", (unsigned long long)x,
                     (unsigned long long)(x * 0x9E3779B97F4A7C15ULL));
            break;
        default: /* %.*g of random magnitudes */
            snprintf(num, sizeof num, "%.*e", (int)(x % 20),
                     (double)(x >> 11) * pow(10.0, (double)((int)((x >> 3) % 580) - 300)));
            break;
        }
        if (!strpbrk(num, ".eE"))
            strcat(num, ".0");
        snprintf(rec, sizeof rec, "{\"v\":%s}", num);
        ss_json_status st = ss_json_scan(f->sp, rec, strlen(rec), f->out, &f->sc, &f->err);
        double want = strtod(num, NULL);
        if (isinf(want)) {
            assert_int_equal(st, SS_JSON_INVALID);
            continue;
        }
        if (st != SS_JSON_OK || f->out[0].kind != SS_JV_REAL ||
            memcmp(&want, &f->out[0].d, sizeof want) != 0)
            fail_msg("%s: status %d, scanner %.17g, strtod %.17g", num, st, f->out[0].d, want);
    }
    fx_free(f);
}

/* ---- field matching ---- */

static void test_top_level_names_match_case_insensitively(void **state)
{
    (void)state;
    static const char *const names[] = {"ticker_symbol", "Price", "ROWTIME", "a_very_long_column_name_x",
                                        "\xc3\x89t\xc3\xa9", NULL};
    fx *f = fx_new(names);
    assert_int_equal(scan(f, "{\"TICKER_SYMBOL\":\"AAPL\",\"pRiCe\":84.51,\"RowTime\":1,"
                             "\"A_VERY_LONG_COLUMN_NAME_X\":true,\"\xc3\xa9t\xc3\xa9\":1}"),
                     SS_JSON_OK);
    assert_str(&f->out[0], "AAPL", 4);
    assert_true(f->out[1].kind == SS_JV_REAL && f->out[1].d == 84.51);
    assert_int_equal(f->out[2].i, 1);
    assert_int_equal(f->out[3].kind, SS_JV_TRUE);
    /* Only ASCII letters fold: "É" and "é" are different keys. */
    assert_int_equal(f->out[4].kind, SS_JV_MISSING);
    /* A longer or shorter key with the same prefix is not a match. */
    assert_int_equal(scan(f, "{\"PRICEX\":1,\"PRIC\":2,\"a_very_long_column_name_\":3}"), SS_JSON_OK);
    assert_int_equal(f->out[1].kind, SS_JV_MISSING);
    assert_int_equal(f->out[3].kind, SS_JV_MISSING);
    /* '@' (0x40) and '[' (0x5B) sit next to the letters: they must not fold. */
    static const char *const odd[] = {"`a{", NULL};
    fx *g = fx_new(odd);
    assert_int_equal(scan(g, "{\"@A[\":1}"), SS_JSON_OK);
    assert_int_equal(g->out[0].kind, SS_JV_MISSING);
    assert_int_equal(scan(g, "{\"`A{\":1}"), SS_JSON_OK);
    assert_int_equal(g->out[0].kind, SS_JV_INT);
    fx_free(g);
    fx_free(f);
}

static void test_duplicate_keys_last_member_wins(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "$.a", "$.A", "same", "SAME", NULL};
    fx *f = fx_new(names);
    assert_int_equal(scan(f, "{\"a\":1,\"A\":\"two\",\"a\":3,\"A\":4,\"same\":5}"), SS_JSON_OK);
    assert_int_equal(f->out[0].i, 4);  /* last member whose key folds to "a" */
    assert_int_equal(f->out[1].i, 3);  /* exact "a": jansson's last "a" */
    assert_int_equal(f->out[2].i, 4);
    assert_int_equal(f->out[3].i, 5);  /* one name added twice: both get the value */
    assert_int_equal(f->out[4].i, 5);
    fx_free(f);
}

static void test_mapping_paths(void **state)
{
    (void)state;
    static const char *const names[] = {"$.a.b",     "$.a[0]",    "$.l[1].x",     "$.l[2]",
                                        "$['odd key'].v", "$[\"q\\\"\"]", "$.a",     "$.l[0]",
                                        "$.nope.x",  "$.s.x",     "$.l.x",        "$.a[0]",
                                        "$['e\\\\']", NULL};
    fx *f = fx_new(names);
    const char *rec = "{\"a\":{\"b\":\"B\",\"c\":1},\"l\":[10,{\"x\":2.5},[1]],"
                      "\"odd key\":{\"v\":null},\"q\\\"\":true,\"s\":\"str\",\"e\\\\\":1}";
    assert_int_equal(scan(f, rec), SS_JSON_OK);
    assert_str(&f->out[0], "B", 1);
    assert_int_equal(f->out[1].kind, SS_JV_MISSING); /* a is an object, not an array */
    assert_true(f->out[2].kind == SS_JV_REAL && f->out[2].d == 2.5);
    assert_int_equal(f->out[3].kind, SS_JV_ARRAY);
    assert_int_equal(f->out[4].kind, SS_JV_NULL);
    assert_int_equal(f->out[5].kind, SS_JV_TRUE);
    assert_int_equal(f->out[6].kind, SS_JV_OBJECT);
    assert_int_equal(f->out[6].len, strlen("{\"b\":\"B\",\"c\":1}"));
    assert_int_equal(f->out[7].i, 10);
    assert_int_equal(f->out[8].kind, SS_JV_MISSING);
    assert_int_equal(f->out[9].kind, SS_JV_MISSING); /* through a string */
    assert_int_equal(f->out[10].kind, SS_JV_MISSING); /* key step on an array */
    assert_int_equal(f->out[11].kind, SS_JV_MISSING);
    assert_int_equal(f->out[12].i, 1);
    /* Paths are case-sensitive. */
    assert_int_equal(scan(f, "{\"A\":{\"B\":1}}"), SS_JSON_OK);
    assert_int_equal(f->out[0].kind, SS_JV_MISSING);
    fx_free(f);
}

static void test_duplicate_parent_resets_nested_fields(void **state)
{
    (void)state;
    static const char *const names[] = {"$.a.b", "$.a.c", "$.a", "$.l[0]", NULL};
    fx *f = fx_new(names);
    /* jansson keeps only the last "a": "$.a.b" must not survive from the first. */
    assert_int_equal(scan(f, "{\"a\":{\"b\":1,\"c\":2},\"a\":{\"c\":3},\"l\":[1],\"l\":[]}"),
                     SS_JSON_OK);
    assert_int_equal(f->out[0].kind, SS_JV_MISSING);
    assert_int_equal(f->out[1].i, 3);
    assert_int_equal(f->out[2].kind, SS_JV_OBJECT);
    assert_int_equal(f->out[3].kind, SS_JV_MISSING);
    assert_int_equal(scan(f, "{\"a\":{\"b\":1},\"a\":5}"), SS_JSON_OK);
    assert_int_equal(f->out[0].kind, SS_JV_MISSING);
    assert_int_equal(f->out[2].i, 5);
    /* Duplicate keys inside a nested object: the last wins there too. */
    assert_int_equal(scan(f, "{\"a\":{\"b\":1,\"b\":\"x\\n\"}}"), SS_JSON_OK);
    assert_str(&f->out[0], "x\n", 2);
    fx_free(f);
}

static void test_bad_names_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "$", "$.", "$..a", "$.a.", "$[", "$[1", "$[x]",
                                      "$['a'", "$['a]", "$[-1]", "$a", "$.a[99999999999999999999999]",
                                      "$[0]", "$[0].a"};
    ss_json_spec *sp = ss_json_spec_new();
    char eb[160];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        eb[0] = 0;
        if (ss_json_spec_add(sp, bad[i], eb, sizeof eb) != -1)
            fail_msg("name '%s' accepted", bad[i]);
        assert_true(eb[0] != 0);
    }
    assert_int_equal(ss_json_spec_count(sp), 0);
    assert_int_equal(ss_json_spec_add(sp, "$.ok", eb, sizeof eb), 0);
    assert_int_equal(ss_json_spec_add(sp, "x", NULL, 0), 1);
    assert_int_equal(ss_json_spec_count(sp), 2);
    ss_json_spec_free(sp);
}

/* ---- big records, scratch reuse ---- */

static void test_ten_megabyte_line(void **state)
{
    (void)state;
    static const char *const names[] = {"big", "esc", "last", "$.arr[99999]", NULL};
    fx *f = fx_new(names);
    size_t n = 10u << 20, o = 0;
    char *rec = malloc(n + 1024);
    o += (size_t)sprintf(rec + o, "{\"big\":\"");
    for (size_t i = 0; i < n / 4; i++)
        rec[o++] = (char)('a' + i % 26);
    o += (size_t)sprintf(rec + o, "\",\"esc\":\"");
    for (size_t i = 0; i < n / 8; i++) {
        rec[o++] = '\\';
        rec[o++] = 'n';
    }
    o += (size_t)sprintf(rec + o, "\",\"arr\":[");
    for (int i = 0; i < 100000; i++)
        o += (size_t)sprintf(rec + o, "%d,", i);
    o--;
    o += (size_t)sprintf(rec + o, "],\"filler\":\"");
    while (o < n)
        rec[o++] = 'z';
    o += (size_t)sprintf(rec + o, "\",\"last\":1}");
    assert_int_equal(scanb(f, rec, o), SS_JSON_OK);
    assert_int_equal(f->out[0].len, n / 4);
    assert_ptr_equal(f->out[0].s, rec + 8);
    assert_int_equal(f->out[1].len, n / 8);
    assert_true(f->out[1].s[0] == '\n' && f->out[1].s[n / 8 - 1] == '\n');
    assert_int_equal(f->out[2].i, 1);
    assert_int_equal(f->out[3].i, 99999);
    /* The same scratch serves a small record next. */
    assert_int_equal(scan(f, "{\"esc\":\"\\t\"}"), SS_JSON_OK);
    assert_str(&f->out[1], "\t", 1);
    rec[o - 1] = ']';
    assert_int_equal(scanb(f, rec, o), SS_JSON_INVALID);
    free(rec);
    fx_free(f);
}

static void test_long_numbers_use_the_scratch(void **state)
{
    (void)state;
    static const char *const names[] = {"v", "w", NULL};
    fx *f = fx_new(names);
    size_t nd = 100000;
    char *rec = malloc(nd + 64);
    size_t o = (size_t)sprintf(rec, "{\"w\":\"a\\tb\",\"v\":0.");
    memset(rec + o, '3', nd);
    o += nd;
    o += (size_t)sprintf(rec + o, "e1}");
    assert_int_equal(scanb(f, rec, o), SS_JSON_OK);
    assert_true(f->out[0].kind == SS_JV_REAL && f->out[0].d == 3.3333333333333335);
    assert_str(&f->out[1], "a\tb", 3);
    free(rec);
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_value_kind_is_extracted),
        cmocka_unit_test(test_top_level_non_objects_are_not_object),
        cmocka_unit_test(test_empty_object_and_whitespace_everywhere),
        cmocka_unit_test(test_escapes_are_decoded_into_scratch),
        cmocka_unit_test(test_raw_utf8_is_accepted_and_kept),
        cmocka_unit_test(test_invalid_utf8_is_rejected),
        cmocka_unit_test(test_bad_escapes_and_surrogates_are_rejected),
        cmocka_unit_test(test_control_characters_in_strings_are_rejected),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_syntax_errors_are_rejected),
        cmocka_unit_test(test_depth_limit_matches_jansson),
        cmocka_unit_test(test_int64_edges),
        cmocka_unit_test(test_real_edges),
        cmocka_unit_test(test_many_random_reals_match_strtod),
        cmocka_unit_test(test_top_level_names_match_case_insensitively),
        cmocka_unit_test(test_duplicate_keys_last_member_wins),
        cmocka_unit_test(test_mapping_paths),
        cmocka_unit_test(test_duplicate_parent_resets_nested_fields),
        cmocka_unit_test(test_bad_names_are_rejected),
        cmocka_unit_test(test_ten_megabyte_line),
        cmocka_unit_test(test_long_numbers_use_the_scratch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
