/* The record sink (ss_run_options.on_record): rows that would be printed
 * reach the callback, one JSON object per call with no line end, named by
 * their stream, and nothing reaches stdout; a stream bound to a file still
 * goes to its file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "compile_app.h"
#include "streamsql/streamsql.h"
#include "util/buf.h"

#include <unistd.h>

typedef struct seen {
    ss_buf text; /* "STREAM record\n" per call */
    int calls;
} seen;

static void on_record(void *ctx, const char *stream, const char *record, size_t len)
{
    seen *s = ctx;
    assert_true(len > 0 && record[len - 1] != '\n');
    ss_buf_printf(&s->text, "%s %.*s\n", stream, (int)len, record);
    s->calls++;
}

static void test_record_sink_gets_stdout_rows_as_json_one_per_call(void **state)
{
    (void)state;
    char out[] = "/tmp/ss_test_sink_XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "CREATE STREAM T (TICKER_SYMBOL VARCHAR(4), PRICE REAL) WITH (GENERATOR = 'ticker', COUNT = 3, SEED = 1);\n"
             "CREATE STREAM F (S VARCHAR(4)) WITH (FILE = '%s', FORMAT = 'CSV');\n"
             "CREATE PUMP P AS INSERT INTO F SELECT STREAM ticker_symbol FROM T;\n"
             "SELECT STREAM ticker_symbol, price * 2 AS p2 FROM T WHERE price < 20;\n",
             out);
    compiled *c = compile_app(sql);
    seen s = {0};
    ss_run_options o = {0};
    o.quiet = true;
    o.on_record = on_record;
    o.record_ctx = &s;
    assert_int_equal(ss_run_app(c->app, &o, NULL), 0);
    assert_int_equal(s.calls, 2);
    assert_string_equal(ss_buf_cstr(&s.text), "SELECT_1 {\"TICKER_SYMBOL\":\"SOLR\",\"P2\":24.72}\n"
                                              "SELECT_1 {\"TICKER_SYMBOL\":\"SOLR\",\"P2\":24.64}\n");
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char buf[64] = {0};
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    assert_string_equal(buf, "SOLR\nQRS\nSOLR\n");
    unlink(out);
    ss_buf_free(&s.text);
    compiled_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_sink_gets_stdout_rows_as_json_one_per_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
