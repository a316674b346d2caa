/* Unit tests for the CSV record splitter (src/io/csvscan.c): record boundaries with
 * quoted newlines and CRLF, field splitting and unescaping, NULL versus empty string,
 * and every error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io/csvscan.h"

static size_t rec_end(const char *s, int *complete)
{
    return ss_csv_record_end(s, strlen(s), ',', complete);
}

typedef struct split {
    ss_csv_scratch sc;
    ss_csv_field f[8];
    ss_csv_error err;
    int n;
} split;

static split *do_split(const char *rec, char delim, int maxfields)
{
    static split sp;
    ss_csv_scratch_free(&sp.sc);
    memset(&sp, 0, sizeof sp);
    ss_csv_scratch_init(&sp.sc);
    sp.n = ss_csv_split(rec, strlen(rec), delim, sp.f, maxfields, &sp.sc, &sp.err);
    return &sp;
}

static void assert_field(const ss_csv_field *f, const char *s, bool quoted)
{
    assert_int_equal(f->len, strlen(s));
    assert_memory_equal(f->s, s, f->len);
    assert_int_equal(f->quoted, quoted);
}

static void test_record_end_plain_lines_lf_and_crlf(void **state)
{
    (void)state;
    int c;
    assert_int_equal(rec_end("a,b\nc,d\n", &c), 4);
    assert_int_equal(c, 1);
    assert_int_equal(rec_end("a,b\r\nc,d\r\n", &c), 5);
    assert_int_equal(c, 1);
    assert_int_equal(rec_end("\n", &c), 1);
    assert_int_equal(c, 1);
    assert_int_equal(rec_end("a,b", &c), 3);
    assert_int_equal(c, 0);
    assert_int_equal(rec_end("", &c), 0);
    assert_int_equal(c, 0);
}

static void test_record_end_skips_newlines_inside_quotes(void **state)
{
    (void)state;
    int c;
    const char *s = "1,\"two\nlines\",3\nnext\n";
    assert_int_equal(rec_end(s, &c), strlen("1,\"two\nlines\",3\n"));
    assert_int_equal(c, 1);
    s = "\"a\"\"\n\"\"b\"\nx\n"; /* "" pairs around the quoted newline */
    assert_int_equal(rec_end(s, &c), strlen("\"a\"\"\n\"\"b\"\n"));
    s = "\"open\nstill open\n"; /* needs more input */
    assert_int_equal(rec_end(s, &c), strlen(s));
    assert_int_equal(c, 0);
    /* A stray quote mid-field does not swallow the following lines. */
    s = "ab\"c,d\nnext\n";
    assert_int_equal(rec_end(s, &c), strlen("ab\"c,d\n"));
    assert_int_equal(c, 1);
    /* The delimiter decides where fields start. */
    s = "a;\"x\ny\";b\nz\n";
    assert_int_equal(ss_csv_record_end(s, strlen(s), ';', &c), strlen("a;\"x\ny\";b\n"));
    assert_int_equal(ss_csv_record_end(s, strlen(s), ',', &c), strlen("a;\"x\n"));
}

static void test_split_plain_fields(void **state)
{
    (void)state;
    split *s = do_split("a,bc,,d\n", ',', 8);
    assert_int_equal(s->n, 4);
    assert_field(&s->f[0], "a", false);
    assert_field(&s->f[1], "bc", false);
    assert_field(&s->f[2], "", false);
    assert_field(&s->f[3], "d", false);
    s = do_split("x,y\r\n", ',', 8);
    assert_int_equal(s->n, 2);
    assert_field(&s->f[1], "y", false); /* CRLF stripped */
    s = do_split("a,b,", ',', 8);
    assert_int_equal(s->n, 3);
    assert_field(&s->f[2], "", false);
    s = do_split(" a , b ", ',', 8); /* spaces belong to the field */
    assert_field(&s->f[0], " a ", false);
    assert_field(&s->f[1], " b ", false);
}

static void test_split_quoted_fields_with_embedded_delimiters_newlines_quotes(void **state)
{
    (void)state;
    const char *rec = "\"a,b\",\"line1\nline2\",\"say \"\"hi\"\"\",\"\"\"\",\"crlf\r\ninside\"\r\n";
    split *s = do_split(rec, ',', 8);
    assert_int_equal(s->n, 5);
    assert_field(&s->f[0], "a,b", true);
    assert_ptr_equal(s->f[0].s, rec + 1); /* no "" pairs: points into the record */
    assert_field(&s->f[1], "line1\nline2", true);
    assert_field(&s->f[2], "say \"hi\"", true);
    assert_true(s->f[2].s < rec || s->f[2].s > rec + strlen(rec)); /* unescaped copy */
    assert_field(&s->f[3], "\"", true);
    assert_field(&s->f[4], "crlf\r\ninside", true);
    /* Both unescaped copies are still intact after the second was made. */
    assert_field(&s->f[2], "say \"hi\"", true);
}

static void test_empty_field_is_null_quoted_empty_is_empty_string(void **state)
{
    (void)state;
    split *s = do_split(",\"\",", ',', 8);
    assert_int_equal(s->n, 3);
    assert_field(&s->f[0], "", false); /* NULL */
    assert_field(&s->f[1], "", true);  /* '' */
    assert_field(&s->f[2], "", false); /* NULL */
    s = do_split("", ',', 8);
    assert_int_equal(s->n, 1);
    assert_field(&s->f[0], "", false);
    s = do_split("\r\n", ',', 8);
    assert_int_equal(s->n, 1);
    assert_field(&s->f[0], "", false);
}

static void test_other_delimiters(void **state)
{
    (void)state;
    split *s = do_split("a\tb,c\t\"d\te\"", '\t', 8);
    assert_int_equal(s->n, 3);
    assert_field(&s->f[1], "b,c", false);
    assert_field(&s->f[2], "d\te", true);
    s = do_split("1|2", '|', 8);
    assert_int_equal(s->n, 2);
    s = do_split("a\"b", '"', 8);
    assert_int_equal(s->n, -1);
    assert_string_equal(s->err.message, "bad CSV delimiter 0x22");
    s = do_split("a", '\n', 8);
    assert_int_equal(s->n, -1);
}

static void test_split_errors_with_offsets(void **state)
{
    (void)state;
    split *s = do_split("ab,c\"d,e", ',', 8);
    assert_int_equal(s->n, -1);
    assert_string_equal(s->err.message, "quote inside an unquoted field");
    assert_int_equal(s->err.offset, 4);
    s = do_split("a, \"b\"", ',', 8);
    assert_int_equal(s->n, -1);
    assert_int_equal(s->err.offset, 3);
    s = do_split("\"ab\"c,d", ',', 8);
    assert_int_equal(s->n, -1);
    assert_string_equal(s->err.message, "text after the closing quote of a quoted field");
    assert_int_equal(s->err.offset, 4);
    s = do_split("x,\"abc\n", ',', 8);
    assert_int_equal(s->n, -1);
    assert_string_equal(s->err.message, "unterminated quoted field");
    assert_int_equal(s->err.offset, 2);
    s = do_split("\"a\"\"", ',', 8); /* the last quote is half of a pair */
    assert_int_equal(s->n, -1);
    assert_string_equal(s->err.message, "unterminated quoted field");
    s = do_split("1,2,3,\"4\",5\n", ',', 3);
    assert_int_equal(s->n, -1);
    assert_string_equal(s->err.message, "too many fields: 5, at most 3 expected");
    assert_int_equal(s->err.offset, 6);
    s = do_split("1,\"a\"\"b\"", ',', 1); /* the extra field is unescaped into scratch */
    assert_int_equal(s->n, -1);
    assert_string_equal(s->err.message, "too many fields: 2, at most 1 expected");
    assert_int_equal(s->err.offset, 2);
    /* Exactly maxfields is fine. */
    s = do_split("1,2,3", ',', 3);
    assert_int_equal(s->n, 3);
    /* err may be NULL. */
    ss_csv_scratch sc;
    ss_csv_scratch_init(&sc);
    ss_csv_field f[2];
    assert_int_equal(ss_csv_split("\"x", 2, ',', f, 2, &sc, NULL), -1);
    ss_csv_scratch_free(&sc);
}

static void test_record_end_and_split_agree_on_a_stream(void **state)
{
    (void)state;
    const char *stream = "id,name,note\r\n1,\"Smith, J\",\"said \"\"no\"\"\nthen left\"\r\n"
                         "2,,\"\"\n3,x,y";
    size_t off = 0, len = strlen(stream);
    int rows = 0, c;
    ss_csv_scratch sc;
    ss_csv_scratch_init(&sc);
    ss_csv_field f[4];
    ss_csv_error err;
    while (off < len) {
        size_t n = ss_csv_record_end(stream + off, len - off, ',', &c);
        assert_int_equal(ss_csv_split(stream + off, n, ',', f, 4, &sc, &err), 3);
        if (rows == 1) {
            assert_field(&f[1], "Smith, J", true);
            assert_field(&f[2], "said \"no\"\nthen left", true);
        }
        if (rows == 2) {
            assert_field(&f[1], "", false);
            assert_field(&f[2], "", true);
        }
        if (rows == 3) {
            assert_int_equal(c, 0); /* no newline at the end of the stream */
            assert_field(&f[2], "y", false);
        }
        off += n;
        rows++;
    }
    assert_int_equal(rows, 4);
    ss_csv_scratch_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_end_plain_lines_lf_and_crlf),
        cmocka_unit_test(test_record_end_skips_newlines_inside_quotes),
        cmocka_unit_test(test_split_plain_fields),
        cmocka_unit_test(test_split_quoted_fields_with_embedded_delimiters_newlines_quotes),
        cmocka_unit_test(test_empty_field_is_null_quoted_empty_is_empty_string),
        cmocka_unit_test(test_other_delimiters),
        cmocka_unit_test(test_split_errors_with_offsets),
        cmocka_unit_test(test_record_end_and_split_agree_on_a_stream),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    split *s = do_split("", ',', 1); /* frees the shared scratch's last buffer */
    ss_csv_scratch_free(&s->sc);
    return rc;
}
