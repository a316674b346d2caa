/* Unit tests for the Prometheus text writer (src/util/prom.c): exact bytes,
 * label escaping, families grouped whatever the order samples come in,
 * families without samples left out, and buffers reused across renders. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/prom.h"

static const ss_prom_family ROWS = {"t_rows_total", "counter", "Rows"};
static const ss_prom_family LAG = {"t_lag_seconds", "gauge", "Lag, with a \\ and a\nline feed"};

static const char *text(ss_prom *p)
{
    size_t len;
    const char *t = ss_prom_text(p, &len);
    assert_int_equal(len, strlen(t));
    return t;
}

static void test_label_values_escape_backslash_quote_and_line_feed(void **state)
{
    (void)state;
    ss_buf b = {0};
    ss_prom_escape(&b, "a\\b\"c\nd\te");
    assert_string_equal(ss_buf_cstr(&b), "a\\\\b\\\"c\\nd\te");
    ss_buf_free(&b);
}

static void test_samples_group_by_family_in_first_use_order(void **state)
{
    (void)state;
    ss_prom p;
    ss_prom_init(&p, "my \"app\"");
    ss_prom_begin(&p);
    const char *s1[] = {"stream", "S1", NULL};
    const char *s2[] = {"stream", "S\\2", "kind", "late", NULL};
    ss_prom_u64(&p, &ROWS, s1, 18446744073709551615ull);
    ss_prom_f64(&p, &LAG, s1, 1.5);
    ss_prom_u64(&p, &ROWS, s2, 0);
    ss_prom_i64(&p, &LAG, NULL, -3);
    assert_string_equal(text(&p), "# HELP t_rows_total Rows\n"
                                  "# TYPE t_rows_total counter\n"
                                  "t_rows_total{app=\"my \\\"app\\\"\",stream=\"S1\"} 18446744073709551615\n"
                                  "t_rows_total{app=\"my \\\"app\\\"\",stream=\"S\\\\2\",kind=\"late\"} 0\n"
                                  "# HELP t_lag_seconds Lag, with a \\\\ and a\\nline feed\n"
                                  "# TYPE t_lag_seconds gauge\n"
                                  "t_lag_seconds{app=\"my \\\"app\\\"\",stream=\"S1\"} 1.5\n"
                                  "t_lag_seconds{app=\"my \\\"app\\\"\"} -3\n");
    ss_prom_free(&p);
}

static void test_without_app_no_braces_unless_labels(void **state)
{
    (void)state;
    ss_prom p;
    ss_prom_init(&p, NULL);
    ss_prom_begin(&p);
    const char *l[] = {"k", "v", NULL};
    ss_prom_u64(&p, &ROWS, NULL, 7);
    ss_prom_u64(&p, &ROWS, l, 8);
    assert_string_equal(text(&p), "# HELP t_rows_total Rows\n# TYPE t_rows_total counter\n"
                                  "t_rows_total 7\nt_rows_total{k=\"v\"} 8\n");
    ss_prom_free(&p);
}

static void test_doubles_shortest_and_special_values(void **state)
{
    (void)state;
    ss_prom p;
    ss_prom_init(&p, "");
    ss_prom_begin(&p);
    ss_prom_f64(&p, &LAG, NULL, 0.1);
    ss_prom_f64(&p, &LAG, NULL, 1795458430.738);
    ss_prom_f64(&p, &LAG, NULL, NAN);
    ss_prom_f64(&p, &LAG, NULL, INFINITY);
    ss_prom_f64(&p, &LAG, NULL, -INFINITY);
    const char *t = strstr(text(&p), "gauge\n");
    assert_non_null(t);
    assert_string_equal(t + 6, "t_lag_seconds 0.1\nt_lag_seconds 1795458430.738\nt_lag_seconds NaN\n"
                           "t_lag_seconds +Inf\nt_lag_seconds -Inf\n");
    ss_prom_free(&p);
}

static void test_a_new_render_drops_old_samples_and_empty_families(void **state)
{
    (void)state;
    ss_prom p;
    ss_prom_init(&p, "a");
    ss_prom_begin(&p);
    ss_prom_u64(&p, &ROWS, NULL, 1);
    ss_prom_u64(&p, &LAG, NULL, 2);
    text(&p);
    ss_prom_begin(&p);
    ss_prom_u64(&p, &LAG, NULL, 3);
    assert_string_equal(text(&p), "# HELP t_lag_seconds Lag, with a \\\\ and a\\nline feed\n"
                                  "# TYPE t_lag_seconds gauge\nt_lag_seconds{app=\"a\"} 3\n");
    ss_prom_begin(&p);
    assert_string_equal(text(&p), "");
    ss_prom_free(&p);
}

static void test_merge_puts_each_family_once_with_every_texts_samples(void **state)
{
    (void)state;
    const char *a = "# HELP x_total X\n# TYPE x_total counter\nx_total{app=\"a\"} 1\n"
                    "# HELP y Y\n# TYPE y gauge\ny{app=\"a\",k=\"{ }\"} 2\n";
    const char *b = "# HELP z Z\n# TYPE z gauge\nz{app=\"b\"} 5\n"
                    "# HELP x_total X\n# TYPE x_total counter\nx_total{app=\"b\"} 3\n";
    const char *texts[] = {a, b};
    size_t lens[] = {strlen(a), strlen(b)};
    ss_buf out = {0};
    ss_prom_merge(&out, texts, lens, 2);
    assert_string_equal(ss_buf_cstr(&out), "# HELP x_total X\n# TYPE x_total counter\n"
                                           "x_total{app=\"a\"} 1\nx_total{app=\"b\"} 3\n"
                                           "# HELP y Y\n# TYPE y gauge\ny{app=\"a\",k=\"{ }\"} 2\n"
                                           "# HELP z Z\n# TYPE z gauge\nz{app=\"b\"} 5\n");
    ss_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_values_escape_backslash_quote_and_line_feed),
        cmocka_unit_test(test_samples_group_by_family_in_first_use_order),
        cmocka_unit_test(test_without_app_no_braces_unless_labels),
        cmocka_unit_test(test_doubles_shortest_and_special_values),
        cmocka_unit_test(test_a_new_render_drops_old_samples_and_empty_families),
        cmocka_unit_test(test_merge_puts_each_family_once_with_every_texts_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
