/* The analyzer (src/sql/analyze.c, bindings.c): every semantic error with its
 * exact message, line and column (the caret on the offending token), and the
 * analyzed application of each query shape: windows, keys, aggregates, sliding
 * windows, output names, stream roles and bindings. */
#include "frontend_support.h"

#include "sql/bindings.h"

/* Lines 1-2 of most cases: a bound source and an unbound destination. Line 3 is
 * the statement under test; "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM "
 * is 48 characters, so the first select item starts in column 49. */
#define PRE                                                                                \
    "CREATE STREAM SRC (sym VARCHAR(4), price DOUBLE, qty INTEGER, ts TIMESTAMP, flag BOOLEAN) " \
    "WITH (FILE = 'in.jsonl', ROWTIME = 'ts');\n"                                          \
    "CREATE STREAM OUT1 (sym VARCHAR(4), v DOUBLE);\n"

/* ===================================================== names and functions */

static void test_unknown_stream_without_a_close_name(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM NOPE;",
                  {3, 65, "unknown stream NOPE in FROM (define it with CREATE STREAM)"});
}

static void test_unknown_stream_suggests_the_closest_name(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRX;",
                  {3, 65, "unknown stream SRX in FROM; did you mean SRC?"});
}

static void test_unknown_insert_target_suggests_the_closest_name(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT2 SELECT STREAM sym, price FROM SRC;",
                  {3, 30, "unknown stream OUT2 in INSERT INTO; did you mean OUT1?"});
}

static void test_unknown_column_suggests_the_closest_column(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, prce FROM SRC;",
                  {3, 54, "unknown column PRCE in SRC; did you mean PRICE?"});
}

/* Swapped neighbours are the commonest typo; they count as one edit, not two. */
static void test_unknown_column_with_two_letters_swapped_suggests_the_column(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, prcie FROM SRC;",
                  {3, 54, "unknown column PRCIE in SRC; did you mean PRICE?"});
}

static void test_unknown_column_suggests_a_quoted_name_quoted(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM S (\"Price\" DOUBLE) WITH (FILE = 'x');\n"
                  "SELECT STREAM price FROM S;",
                  {2, 15, "unknown column PRICE in S; did you mean \"Price\"?"});
}

static void test_unknown_qualifier_in_select_list(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM x.sym, price FROM SRC;",
                  {3, 49, "unknown stream or alias X in the select list (the query reads SRC)"});
}

static void test_unknown_qualifier_in_where_names_the_alias(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM s.sym, price FROM SRC AS s WHERE z.qty > 1;",
                  {3, 82, "unknown stream or alias Z in WHERE (the query reads SRC AS S)"});
}

static void test_unknown_qualifier_on_star_is_one_error(void **state)
{
    (void)state;
    /* The bad item is skipped; the pump's column count must not add a second error. */
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM q.* FROM SRC;",
                  {3, 49, "unknown stream or alias Q in the select list"});
}

static void test_unknown_function_suggests_the_closest_function(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SQRTT(price) FROM SRC;",
                  {3, 54, "unknown function SQRTT; did you mean SQRT?"});
}

static void test_unknown_function_without_a_close_name(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, ZZZZZZ(price) FROM SRC;",
                  {3, 54, "unknown function ZZZZZZ"});
}

static void test_wrong_argument_count(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, POWER(price) FROM SRC;",
                  {3, 54, "POWER takes 2 arguments, not 1"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUBSTRING(sym) FROM SRC;",
                  {3, 54, "SUBSTRING takes 2 to 3 arguments, not 1"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM COALESCE(), price FROM SRC;",
                  {3, 49, "COALESCE takes at least 1 argument, not 0"});
}

static void test_wrong_argument_type_points_at_the_argument(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SQRT(sym) FROM SRC;",
                  {3, 59, "SQRT needs a number as argument 1, not VARCHAR(4)"});
}

static void test_over_on_a_scalar_function(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM UPPER(sym) OVER (ROWS 2 PRECEDING), price FROM SRC;",
                  {3, 49, "OVER applies to aggregates, not to UPPER"});
}

static void test_distinct_on_a_scalar_function(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM UPPER(DISTINCT sym), price FROM SRC;",
                  {3, 49, "UPPER is not an aggregate; DISTINCT and * do not apply"});
}

/* ================================================= aggregates and windows */

static void test_aggregate_in_where(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC WHERE COUNT(*) > 1;",
                  {3, 75, "aggregate COUNT is not allowed in WHERE"});
}

static void test_nested_aggregate(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(MAX(price)) FROM SRC "
                      "GROUP BY sym, STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE);",
                  {3, 58, "aggregate MAX cannot be nested inside another aggregate"});
}

static void test_aggregate_without_a_window(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) FROM SRC;",
                  {3, 54, "aggregate SUM on a stream needs a window: GROUP BY with STEP/FLOOR on ROWTIME, "
                          "or OVER (... RANGE/ROWS ... PRECEDING)"});
}

static void test_aggregate_argument_types(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(sym) FROM SRC "
                      "GROUP BY sym, FLOOR(SRC.ROWTIME TO MINUTE);",
                  {3, 58, "SUM needs a numeric argument, not VARCHAR(4)"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, MIN(flag) FROM SRC "
                      "GROUP BY sym, FLOOR(SRC.ROWTIME TO MINUTE);",
                  {3, 58, "MIN cannot order values of type BOOLEAN"});
}

static void test_group_by_without_a_window(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) FROM SRC GROUP BY sym;",
                  {3, 74, "GROUP BY on a stream needs a window: add STEP(s.ROWTIME BY INTERVAL ...), "
                          "FLOOR(s.ROWTIME TO unit), HOP(...) or SESSION(...) to bound the groups"});
}

static void test_two_windows_in_group_by(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) FROM SRC GROUP BY sym, "
                      "STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE), FLOOR(SRC.ROWTIME TO HOUR);",
                  {3, 130, "GROUP BY has more than one window (the first is at line 3, column 88)"});
}

static void test_step_on_a_column_instead_of_rowtime(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) FROM SRC GROUP BY sym, "
                      "STEP(ts BY INTERVAL '1' MINUTE);",
                  {3, 93, "STEP in GROUP BY must be applied to ROWTIME; to window on a column, declare it the "
                          "source's event time with WITH (ROWTIME = '...')"});
}

static void test_step_needs_a_positive_day_to_second_interval(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, COUNT(*) FROM SRC GROUP BY sym, "
                      "STEP(SRC.ROWTIME BY INTERVAL '0' SECOND);",
                  {3, 106, "STEP needs a positive day-to-second INTERVAL literal"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, COUNT(*) FROM SRC GROUP BY sym, "
                      "STEP(SRC.ROWTIME BY INTERVAL '1' MONTH);",
                  {3, 106, "STEP needs a positive day-to-second INTERVAL literal"});
}

static void test_step_in_select_list_that_differs_from_group_by(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM STEP(SRC.ROWTIME BY INTERVAL '2' MINUTE), "
                      "SUM(price) FROM SRC GROUP BY STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE);",
                  {3, 49, "STEP in the select list must be written as in GROUP BY, where it defines the window"});
}

static void test_step_outside_group_by(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC "
                      "WHERE STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE) > ts;",
                  {3, 75, "STEP defines a window and belongs in GROUP BY"});
}

static void test_column_not_in_group_by(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC GROUP BY sym, "
                      "STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE);",
                  {3, 54, "column PRICE must appear in GROUP BY or be used in an aggregate"});
}

static void test_qualified_rowtime_not_grouped(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SRC.ROWTIME FROM SRC GROUP BY sym, "
                      "STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE);",
                  {3, 58, "SRC.ROWTIME is not grouped in the select list: use ROWTIME (the window's end), "
                          "a window term, or an aggregate"});
}

static void test_having_without_group_by_points_at_having(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC HAVING price > 1;",
                  {3, 69, "HAVING needs GROUP BY with a window (or WINDOWED BY STAGGER)"});
}

static void test_over_combined_with_group_by(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (RANGE INTERVAL '1' MINUTE "
                      "PRECEDING) FROM SRC GROUP BY sym, STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE);",
                  {3, 54, "OVER windows cannot be combined with GROUP BY or STAGGER"});
}

static void test_over_without_a_frame_is_unbounded(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (PARTITION BY sym) FROM SRC;",
                  {3, 54, "a sliding window must be bounded: use RANGE INTERVAL '...' unit PRECEDING or ROWS n PRECEDING"});
}

static void test_over_with_unbounded_preceding(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (PARTITION BY sym RANGE "
                      "UNBOUNDED PRECEDING) FROM SRC;",
                  {3, 88, "a sliding window must be bounded: use RANGE INTERVAL '...' unit PRECEDING or ROWS n PRECEDING"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (PARTITION BY sym ROWS "
                      "UNBOUNDED PRECEDING) FROM SRC;",
                  {3, 88, "a sliding window must be bounded: use RANGE INTERVAL '...' unit PRECEDING or ROWS n PRECEDING"});
}

static void test_range_with_a_year_month_interval(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (RANGE INTERVAL '1' MONTH "
                      "PRECEDING) FROM SRC;",
                  {3, 77, "RANGE needs a day-to-second INTERVAL (months and years vary in length)"});
}

static void test_range_with_a_negative_interval(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (RANGE INTERVAL -'1' MINUTE "
                      "PRECEDING) FROM SRC;",
                  {3, 77, "RANGE needs a non-negative day-to-second INTERVAL"});
}

static void test_rows_with_a_fraction(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (ROWS 1.5 PRECEDING) FROM SRC;",
                  {3, 76, "ROWS needs a whole number of rows"});
}

static void test_window_ordered_by_a_column(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER (ORDER BY price ROWS 2 "
                      "PRECEDING) FROM SRC;",
                  {3, 80, "a window can only be ordered by ROWTIME"});
}

static void test_distinct_in_a_sliding_window_other_than_count(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(DISTINCT price) OVER (ROWS 3 PRECEDING) FROM SRC;",
                  {3, 54, "DISTINCT in a sliding window is only supported for COUNT"});
}

static void test_unknown_named_window_suggests_a_defined_one(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER w FROM SRC "
                      "WINDOW w1 AS (ROWS 2 PRECEDING);",
                  {3, 70, "unknown window W; did you mean W1?"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER w FROM SRC;",
                  {3, 70, "unknown window W (define it with WINDOW W AS (...))"});
}

static void test_duplicate_window_name(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, SUM(price) OVER w FROM SRC "
                      "WINDOW w AS (ROWS 2 PRECEDING), w AS (ROWS 3 PRECEDING);",
                  {3, 113, "window W is defined twice"});
}

static void test_select_distinct_without_a_window(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM DISTINCT sym, price FROM SRC;",
                  {3, 35, "SELECT STREAM DISTINCT needs GROUP BY with a window: distinct rows of an unbounded "
                          "stream need unbounded state"});
}

static void test_stagger_without_partition_by(void **state)
{
    (void)state;
    /* Without a partition, SYM is not grouped either: that is a second, real error. */
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, AVG(price) FROM SRC "
                      "WINDOWED BY STAGGER (RANGE INTERVAL '1' MINUTE);",
                  {3, 49, "column SYM must appear in the STAGGER partition or be used in an aggregate"},
                  {3, 95, "WINDOWED BY STAGGER needs PARTITION BY"});
}

static void test_stagger_combined_with_group_by_is_one_error(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, COUNT(*) FROM SRC WINDOWED BY STAGGER "
                      "(PARTITION BY sym RANGE INTERVAL '1' MINUTE) GROUP BY sym;",
                  {3, 137, "WINDOWED BY STAGGER groups by its PARTITION BY; GROUP BY cannot be added"});
}

/* ========================================================== types */

static void test_comparison_of_incompatible_types(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC WHERE sym = 1;",
                  {3, 79, "cannot compare VARCHAR(4) with INTEGER"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC WHERE ts > flag;",
                  {3, 78, "cannot compare TIMESTAMP with BOOLEAN"});
}

static void test_non_boolean_where(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC WHERE price;",
                  {3, 75, "WHERE condition must be BOOLEAN, not DOUBLE"});
}

static void test_not_of_a_number(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC WHERE NOT price;",
                  {3, 79, "operand of NOT must be BOOLEAN, not DOUBLE"});
}

static void test_arithmetic_on_a_string(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, sym + 1 FROM SRC;",
                  {3, 58, "operator + cannot be applied to VARCHAR(4) and INTEGER"});
}

static void test_like_on_a_number_and_a_long_escape(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC "
                      "WHERE qty LIKE 'a' OR sym LIKE 'a' ESCAPE 'xy';",
                  {3, 75, "LIKE needs strings, not INTEGER"}, {3, 111, "ESCAPE takes a single character"});
}

static void test_case_with_incompatible_branches(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, CASE WHEN flag THEN price ELSE sym END FROM SRC;",
                  {3, 85, "CASE results mix DOUBLE and VARCHAR(4)"});
}

static void test_bad_cast(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, CAST(ts AS DOUBLE) FROM SRC;",
                  {3, 54, "cannot cast TIMESTAMP to DOUBLE"});
}

static void test_invalid_interval_literal_text(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC "
                      "WHERE ts > ts - INTERVAL '1:xx' MINUTE TO SECOND;",
                  {3, 94, "invalid interval literal '1:xx' for its qualifier"});
}

static void test_unknown_type_name(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, CAST(price AS FLOATY) FROM SRC;",
                  {3, 68, "unknown type FLOATY"});
    EXPECT_ERRORS("CREATE STREAM S (a INTEGER, b STRING) WITH (FILE = 'x');", {1, 31, "unknown type STRING"});
}

static void test_varchar_without_length(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM S (a INTEGER,\n  b VARCHAR) WITH (FILE = 'x');",
                  {2, 5, "VARCHAR needs a length, as in VARCHAR(32)"});
}

static void test_type_parameters_out_of_range(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM S (a VARCHAR(0), b DECIMAL(20,2), c DECIMAL(5,6), d INTEGER(3)) WITH (FILE = 'x');",
                  {1, 28, "length of VARCHAR must be between 1 and 1073741824"},
                  {1, 42, "precision of DECIMAL must be between 1 and 18"},
                  {1, 61, "scale of DECIMAL must be between 0 and its precision"},
                  {1, 75, "type INTEGER takes no parameters"});
}

/* ================================================== pumps and their targets */

static void test_pump_selecting_too_many_columns(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price, qty FROM SRC;",
                  {3, 35, "pump P selects 3 columns but stream OUT1 has 2"});
}

static void test_pump_selecting_fewer_columns_than_its_insert_list(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 (sym, v) SELECT STREAM sym FROM SRC;",
                  {3, 44, "pump P selects 1 column but its INSERT INTO list names 2"});
}

static void test_insert_list_naming_an_unknown_or_repeated_column(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 (sym, vv) SELECT STREAM sym, price FROM SRC;",
                  {3, 41, "stream OUT1 has no column VV; did you mean V?"});
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 (sym, v, sym) SELECT STREAM sym, price, sym FROM SRC;",
                  {3, 44, "column SYM is listed twice"});
}

static void test_uncastable_insert(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE STREAM OUT3 (t TIMESTAMP);\n"
                      "CREATE PUMP p AS INSERT INTO OUT3 SELECT STREAM flag FROM SRC;",
                  {4, 49, "select item 1 is BOOLEAN and cannot be inserted into column T TIMESTAMP of OUT3"});
}

static void test_insert_into_a_generator_stream(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE STREAM G (price DOUBLE) WITH (GENERATOR = 'ticker');\n"
                      "CREATE PUMP p AS INSERT INTO G SELECT STREAM qty FROM SRC;",
                  {4, 30, "stream G is bound to a generator and cannot be inserted into"});
}

static void test_standalone_select_naming_a_column_twice(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "SELECT STREAM sym, sym FROM SRC;", {3, 20, "the select list names SYM twice; add an alias with AS"});
}

/* A standalone SELECT's output stream is internal: the script cannot name it,
 * and its name never clashes with a declared stream's. */
static void test_standalone_select_output_cannot_be_read_by_name(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "SELECT STREAM sym FROM SRC;\nSELECT STREAM * FROM SELECT_1;",
                  {4, 22, "unknown stream SELECT_1 in FROM (define it with CREATE STREAM)"});
}

static void test_standalone_select_output_name_differs_from_declared_streams(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM SELECT_1 (sym VARCHAR(4));\n"
                                 "CREATE PUMP p AS INSERT INTO SELECT_1 SELECT STREAM sym FROM SRC;\n"
                                 "SELECT STREAM sym FROM SRC;");
    assert_int_equal(r->app->nstreams, 4);
    for (uint32_t i = 0; i < r->app->nstreams; i++)
        for (uint32_t j = 0; j < i; j++)
            assert_string_not_equal(r->app->streams[i]->name, r->app->streams[j]->name);
    assert_false(ss_app_find_stream(r->app, "SELECT_1")->synthetic);
    fe_free(r);
}

/* ============================================================ definitions */

static void test_duplicate_stream(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE STREAM SRC (a INTEGER);",
                  {3, 15, "stream SRC is already defined (at line 1); use CREATE OR REPLACE STREAM to redefine it"});
}

static void test_duplicate_pump(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC;\n"
                      "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC;",
                  {4, 13, "pump P is already defined (at line 3); use CREATE OR REPLACE PUMP to redefine it"});
}

static void test_or_replace_redefines_streams_and_pumps(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE OR REPLACE STREAM OUT1 (sym VARCHAR(4), v DOUBLE, n INTEGER);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price, qty FROM SRC;\n"
                                 "CREATE OR REPLACE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price * 2, qty FROM SRC;");
    assert_int_equal(r->app->nstreams, 2);
    assert_int_equal(r->app->npumps, 1);
    const ss_stream *out = ss_app_find_stream(r->app, "OUT1");
    assert_int_equal(out->ncols, 3);
    assert_int_equal(out->pos.line, 3);
    assert_int_equal(r->app->pumps[0]->pos.line, 5);
    fe_free(r);
}

static void test_duplicate_column(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM X (a INTEGER, b INTEGER, a DOUBLE);", {1, 40, "column A is declared twice in stream X"});
}

static void test_column_named_rowtime(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM X (a INTEGER, ROWTIME TIMESTAMP);",
                  {1, 29, "ROWTIME is a system column of every stream and cannot be declared"});
}

static void test_stream_named_rowtime(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM ROWTIME (x INTEGER);", {1, 15, "ROWTIME cannot name a stream"});
}

static void test_mapping_must_be_a_json_path(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER MAPPING 'a.b') WITH (FILE = 'f');",
                  {1, 36, "MAPPING takes a JSON path starting with '$', such as '$.a.b'"});
}

static void test_pump_cycle(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM A1 (x INTEGER);\n"
                  "CREATE STREAM B1 (x INTEGER);\n"
                  "CREATE PUMP p1 AS INSERT INTO A1 SELECT STREAM x FROM B1;\n"
                  "CREATE PUMP p2 AS INSERT INTO B1 SELECT STREAM x FROM A1;",
                  {4, 13, "pump P2 closes a cycle: B1 feeds back into itself through the pumps"});
}

static void test_stream_read_but_never_fed(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE STREAM MID (x INTEGER);\n"
                      "CREATE PUMP p1 AS INSERT INTO OUT1 SELECT STREAM 'a', x FROM MID;",
                  {4, 62, "stream MID is read but nothing feeds it: bind it with WITH (FILE = '...') or another "
                          "connector, or insert into it with a pump"});
}

static void test_reference_to_a_stream_whose_create_failed_is_not_reported_again(void **state)
{
    (void)state;
    EXPECT_ERRORS(PRE "CREATE STREAM K (x INTEGER,);\n"
                      "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM 'a', x FROM K;",
                  {3, 28, "syntax error at ')': expected a name"});
}

/* ============================================================= WITH clause */

static void test_unknown_with_key_suggests_the_closest_key(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', WATERMARK_DELEY = INTERVAL '1' SECOND);",
                  {1, 47, "unknown WITH key WATERMARK_DELEY; did you mean WATERMARK_DELAY?"});
}

static void test_unknown_with_key_lists_the_keys(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (BLAH = 1);",
                  {1, 35, "unknown WITH key BLAH (keys: FILE, KAFKA_TOPIC, KINESIS_STREAM, GENERATOR, FORMAT, "
                          "ROWTIME, WATERMARK_DELAY, ...; or 'kafka.<property>')"});
}

static void test_with_value_of_the_wrong_type(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', WATERMARK_DELAY = 5);",
                  {1, 65, "WATERMARK_DELAY must be an INTERVAL"});
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', DELIMITER = ';;');",
                  {1, 59, "DELIMITER must be a one-character string"});
    EXPECT_ERRORS("CREATE STREAM K (price DOUBLE) WITH (GENERATOR = 'ticker', COUNT = -5);",
                  {1, 68, "COUNT must be a non-negative integer"});
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = '');", {1, 42, "FILE must not be empty"});
}

/* It is an interval, only a negative one: the message must say so. */
static void test_negative_watermark_delay_says_negative(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', WATERMARK_DELAY = INTERVAL -'5' SECOND);",
                  {1, 65, "WATERMARK_DELAY must not be negative"});
}

static void test_with_enum_value_lists_each_choice(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', FORMAT = 'XML');",
                  {1, 56, "FORMAT must be one of 'JSON', 'CSV'"});
}

static void test_with_key_given_twice(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f',\n  FILE = 'g');",
                  {2, 3, "WITH key FILE is given twice (first at line 1)"});
}

static void test_two_connectors(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', KAFKA_TOPIC = 't');",
                  {1, 47, "a stream has one binding: KAFKA_TOPIC conflicts with FILE"});
}

static void test_key_of_another_connector(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', KAFKA_KEY = 'x');",
                  {1, 47, "KAFKA_KEY does not apply to a FILE binding"});
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (IDLE_TIMEOUT = INTERVAL '1' SECOND);",
                  {1, 35, "IDLE_TIMEOUT needs a binding (FILE, KAFKA_TOPIC, KINESIS_STREAM or GENERATOR)"});
}

static void test_sequence_field_must_not_be_a_column(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER, \"_seq\" INTEGER) WITH (KINESIS_STREAM = 's', SEQUENCE_FIELD = '_seq');",
                  {1, 90, "SEQUENCE_FIELD _seq is a column of the stream: name another field"});
}

/* Deployment-config defaults are `*.KEY=VALUE` settings: each goes to the
 * streams whose binding takes the key and that do not set it themselves. */
static void test_default_settings_go_only_where_they_apply(void **state)
{
    (void)state;
    const char *sql = "CREATE STREAM A (k VARCHAR(8)) WITH (KAFKA_TOPIC = 'a');\n"
                      "CREATE STREAM B (k VARCHAR(8)) WITH (KAFKA_TOPIC = 'b', KAFKA_BROKERS = 'own:1');\n"
                      "CREATE STREAM F (k VARCHAR(8)) WITH (FILE = 'f.jsonl');\n"
                      "CREATE STREAM G (k VARCHAR(8));\n"
                      "CREATE STREAM OUT (k VARCHAR(8));\n"
                      "CREATE PUMP P1 AS INSERT INTO OUT SELECT STREAM k FROM A;\n"
                      "CREATE PUMP P2 AS INSERT INTO OUT SELECT STREAM k FROM B;\n"
                      "CREATE PUMP P3 AS INSERT INTO OUT SELECT STREAM k FROM F;\n"
                      "CREATE PUMP P4 AS INSERT INTO OUT SELECT STREAM k FROM G;\n";
    const char *settings[] = {"*.KAFKA_BROKERS=conf:9092", "*.kafka.acks=all", "*.WATERMARK_DELAY=2s",
                              "G.KAFKA_TOPIC=g"};
    fe_result r = {0};
    r.src.name = "test.sql";
    r.src.text = sql;
    r.src.len = strlen(sql);
    ss_arena_init(&r.arena, 4096);
    ss_diags_init(&r.diags, &r.src);
    ss_app *app = ss_compile_with_settings(&r.src, &r.arena, &r.diags, settings, 4);
    if (!app)
        fe_dump_diags(&r);
    assert_non_null(app);
    const ss_binding *a = &ss_app_find_stream(app, "A")->binding;
    const ss_binding *b = &ss_app_find_stream(app, "B")->binding;
    const ss_binding *f = &ss_app_find_stream(app, "F")->binding;
    const ss_binding *g = &ss_app_find_stream(app, "G")->binding;
    assert_string_equal(a->kafka_brokers, "conf:9092");
    assert_string_equal(b->kafka_brokers, "own:1");
    assert_string_equal(g->kafka_brokers, "conf:9092"); /* bound by a setting first */
    assert_null(f->kafka_brokers);
    assert_int_equal(a->nkafka_props, 1);
    assert_string_equal(a->kafka_props[0].key, "acks");
    assert_int_equal(f->nkafka_props, 0);
    assert_int_equal(a->watermark_delay_ms, 2000);
    assert_int_equal(f->watermark_delay_ms, 2000); /* WATERMARK_DELAY applies to every binding */
    ss_diags_free(&r.diags);
    ss_arena_free(&r.arena);
}

static void test_a_bad_default_is_reported_once(void **state)
{
    (void)state;
    const char *sql = "CREATE STREAM A (k VARCHAR(8)) WITH (FILE = 'a.jsonl');\n"
                      "CREATE STREAM B (k VARCHAR(8)) WITH (FILE = 'b.jsonl');\n"
                      "CREATE STREAM OUT (k VARCHAR(8));\n"
                      "CREATE PUMP P1 AS INSERT INTO OUT SELECT STREAM k FROM A;\n"
                      "CREATE PUMP P2 AS INSERT INTO OUT SELECT STREAM k FROM B;\n";
    const char *settings[] = {"*.WATERMARK_DELAY=soon"};
    fe_result r = {0};
    r.src.name = "test.sql";
    r.src.text = sql;
    r.src.len = strlen(sql);
    ss_arena_init(&r.arena, 4096);
    ss_diags_init(&r.diags, &r.src);
    assert_null(ss_compile_with_settings(&r.src, &r.arena, &r.diags, settings, 1));
    assert_int_equal(r.diags.n, 1);
    assert_string_equal(r.diags.items[0].msg,
                        "--set '*.WATERMARK_DELAY=soon': WATERMARK_DELAY takes a duration such as 250ms, 5s, 1m or 1h");
    ss_diags_free(&r.diags);
    ss_arena_free(&r.arena);
}

static void test_kafka_property_without_kafka_points_at_the_property(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', 'kafka.acks' = 'all');",
                  {1, 47, "'kafka.<property>' keys need a KAFKA_TOPIC binding"});
}

static void test_generator_stream_declares_only_generator_columns(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM G (prce DOUBLE, event_time BOOLEAN, zzz INTEGER) WITH (GENERATOR = 'ticker');",
                  {1, 18, "generator 'ticker' has no column PRCE; did you mean PRICE?"},
                  {1, 31, "generator column EVENT_TIME is TIMESTAMP and cannot be read as BOOLEAN"},
                  {1, 51, "generator 'ticker' has no column ZZZ (it has TICKER_SYMBOL, SECTOR, CHANGE, PRICE, EVENT_TIME)"});
}

static void test_rowtime_naming_an_unknown_column(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (xyz INTEGER, ts2 TIMESTAMP) WITH (FILE = 'f', ROWTIME = 'ts3');",
                  {1, 74, "ROWTIME names unknown column 'ts3'; did you mean TS2?"});
}

static void test_rowtime_naming_a_non_timestamp_column(void **state)
{
    (void)state;
    EXPECT_ERRORS("CREATE STREAM K (x INTEGER) WITH (FILE = 'f', ROWTIME = 'x');",
                  {1, 57, "ROWTIME column X must be TIMESTAMP or BIGINT (epoch milliseconds), not INTEGER"});
}

/* ========================================================= positive cases */

static const ss_query *pump_query(const fe_result *r, const char *name)
{
    for (uint32_t i = 0; i < r->app->npumps; i++)
        if (r->app->pumps[i]->name && strcmp(r->app->pumps[i]->name, name) == 0)
            return r->app->pumps[i]->q;
    fail_msg("no pump %s", name);
    return NULL;
}

static void test_step_60_seconds_is_a_60000_ms_tumbling_window(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM OUT2 (w TIMESTAMP, e TIMESTAMP, sym VARCHAR(4), n BIGINT, v DOUBLE);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT2 SELECT STREAM STEP(SRC.ROWTIME BY INTERVAL '60' SECOND), "
                                 "ROWTIME, sym, COUNT(*), AVG(price) FROM SRC "
                                 "GROUP BY sym, STEP(SRC.ROWTIME BY INTERVAL '60' SECOND);");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->window, SS_WIN_TUMBLE);
    assert_int_equal(q->size_ms, 60000);
    assert_int_equal(q->align_ms, 0);
    assert_int_equal(q->nkeys, 2);
    assert_int_equal(q->window_key, 1);
    assert_int_equal(q->naggs, 2);
    assert_int_equal(q->aggs[0].fn, SS_F_COUNT);
    assert_true(q->aggs[0].star);
    assert_int_equal(q->aggs[1].fn, SS_F_AVG);
    assert_int_equal(q->aggs[1].over, -1);
    assert_int_equal(q->out_base_slots, 2);
    assert_int_equal(q->nout, 5);
    /* The STEP term reads the window key; unqualified ROWTIME is the output row's. */
    assert_int_equal(q->out[0]->kind, SS_E_SLOT);
    assert_int_equal(q->out[0]->slot, 1);
    assert_int_equal(q->out[1]->kind, SS_E_ROWTIME);
    assert_int_equal(q->out[1]->sub, 1);
    assert_int_equal(q->out[2]->kind, SS_E_SLOT);
    assert_int_equal(q->out[2]->slot, 0);
    fe_free(r);
}

static void test_floor_to_minute_is_a_60000_ms_tumbling_window(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, MAX(price) FROM SRC "
                                 "GROUP BY FLOOR(SRC.ROWTIME TO MINUTE), sym;\n"
                                 "CREATE PUMP h AS INSERT INTO OUT1 SELECT STREAM sym, MAX(price) FROM SRC "
                                 "GROUP BY FLOOR(SRC.ROWTIME TO HOUR), sym;\n"
                                 "CREATE PUMP m AS INSERT INTO OUT1 SELECT STREAM sym, MAX(price) FROM SRC "
                                 "GROUP BY FLOOR(SRC.ROWTIME TO MONTH), sym;");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->window, SS_WIN_TUMBLE);
    assert_int_equal(q->size_ms, 60000);
    assert_int_equal(q->window_key, 0);
    assert_int_equal(q->nkeys, 2);
    q = pump_query(r, "H");
    assert_int_equal(q->size_ms, 3600000);
    q = pump_query(r, "M");
    assert_int_equal(q->window, SS_WIN_TUMBLE);
    assert_int_equal(q->calendar, SS_UNIT_MONTH);
    fe_free(r);
}

static void test_floor_of_a_rowtime_difference_is_an_aligned_window(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, MAX(price) FROM SRC GROUP BY sym, "
                                 "FLOOR((SRC.ROWTIME - TIMESTAMP '1970-01-01 00:00:10') MINUTE / 5 TO MINUTE);");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->window, SS_WIN_TUMBLE);
    assert_int_equal(q->size_ms, 300000);
    assert_int_equal(q->align_ms, 10000);
    fe_free(r);
}

/* k units of a day overflow 64-bit milliseconds: an error, never a wrapped size
 * (UBSan builds abort on the overflow itself). */
static void test_aligned_window_too_large_for_milliseconds_is_an_error(void **state)
{
    (void)state;
    fe_result *r = fe_compile(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, MAX(price) FROM SRC GROUP BY sym, "
                                  "FLOOR((SRC.ROWTIME - TIMESTAMP '1970-01-01 00:00:00') DAY / 9223372036854775807 TO DAY);");
    assert_null(r->app);
    assert_true(r->diags.n >= 1);
    fe_free(r);
}

static void test_hop_has_slide_and_size(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM OUT2 (w TIMESTAMP, n BIGINT);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT2 SELECT STREAM "
                                 "HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE), COUNT(*) FROM SRC "
                                 "GROUP BY HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE);");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->window, SS_WIN_HOP);
    assert_int_equal(q->slide_ms, 60000);
    assert_int_equal(q->size_ms, 300000);
    assert_int_equal(q->nkeys, 1);
    assert_int_equal(q->window_key, 0);
    fe_free(r);
}

static void test_session_has_a_gap(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM OUT2 (sym VARCHAR(4), n BIGINT);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT2 SELECT STREAM sym, COUNT(*) FROM SRC "
                                 "GROUP BY sym, SESSION(ROWTIME, INTERVAL '30' SECOND);");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->window, SS_WIN_SESSION);
    assert_int_equal(q->gap_ms, 30000);
    assert_int_equal(q->nkeys, 2);
    assert_int_equal(q->window_key, 1);
    fe_free(r);
}

static void test_stagger_partition_keys_are_the_grouping(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM OUT2 (sym VARCHAR(4), m TIMESTAMP, n BIGINT);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT2 SELECT STREAM sym, FLOOR(ts TO MINUTE), COUNT(*) FROM SRC "
                                 "WINDOWED BY STAGGER (PARTITION BY FLOOR(ts TO MINUTE), sym RANGE INTERVAL '2' MINUTE);");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->window, SS_WIN_STAGGER);
    assert_int_equal(q->size_ms, 120000);
    assert_int_equal(q->nkeys, 2);
    assert_int_equal(q->window_key, -1);
    assert_int_equal(q->naggs, 1);
    assert_int_equal(q->out[0]->kind, SS_E_SLOT);
    assert_int_equal(q->out[0]->slot, 1);
    assert_int_equal(q->out[1]->kind, SS_E_SLOT);
    assert_int_equal(q->out[1]->slot, 0);
    fe_free(r);
}

static void test_identical_aggregates_share_one_slot(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM OUT2 (a DOUBLE, b DOUBLE, c DOUBLE, d BIGINT, e BIGINT, f BIGINT, g DOUBLE);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT2 SELECT STREAM SUM(price), SUM(price) * 2, sum(PRICE), "
                                 "COUNT(*), COUNT(price), COUNT(DISTINCT price), AVG(price) FROM SRC "
                                 "GROUP BY STEP(SRC.ROWTIME BY INTERVAL '1' MINUTE) HAVING SUM(price) > 0;");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->naggs, 5);
    assert_int_equal(q->aggs[0].fn, SS_F_SUM);
    assert_int_equal(q->aggs[1].fn, SS_F_COUNT);
    assert_true(q->aggs[1].star);
    assert_int_equal(q->aggs[2].fn, SS_F_COUNT);
    assert_false(q->aggs[2].star);
    assert_false(q->aggs[2].distinct);
    assert_true(q->aggs[3].distinct);
    assert_int_equal(q->aggs[4].fn, SS_F_AVG);
    assert_non_null(q->having);
    fe_free(r);
}

static void test_sliding_windows_record_range_and_rows(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM OUT2 (sym VARCHAR(4), a DOUBLE, b DOUBLE, c INTEGER, d DOUBLE);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT2 SELECT STREAM sym, "
                                 "AVG(price) OVER (PARTITION BY sym RANGE INTERVAL '1' MINUTE PRECEDING), "
                                 "SUM(price) OVER (PARTITION BY sym RANGE INTERVAL '60' SECOND PRECEDING), "
                                 "MAX(qty) OVER (ROWS 10 PRECEDING), MIN(price) OVER w FROM SRC "
                                 "WINDOW w AS (PARTITION BY sym ROWS 5 PRECEDING);");
    const ss_query *q = pump_query(r, "P");
    assert_int_equal(q->window, SS_WIN_NONE);
    assert_int_equal(q->naggs, 4);
    assert_int_equal(q->novers, 3);
    assert_int_equal(q->overs[0].frame, SS_FRAME_RANGE);
    assert_int_equal(q->overs[0].range_ms, 60000);
    assert_int_equal(q->overs[0].npartition, 1);
    assert_null(q->overs[0].name);
    assert_int_equal(q->overs[1].frame, SS_FRAME_ROWS);
    assert_int_equal(q->overs[1].rows, 10);
    assert_int_equal(q->overs[1].npartition, 0);
    assert_int_equal(q->overs[2].rows, 5);
    assert_string_equal(q->overs[2].name, "W");
    assert_int_equal(q->aggs[0].over, 0);
    assert_int_equal(q->aggs[1].over, 0);
    assert_int_equal(q->aggs[2].over, 1);
    assert_int_equal(q->aggs[3].over, 2);
    assert_int_equal(q->out_base_slots, 5); /* sliding: the input columns, then the aggregates */
    fe_free(r);
}

static void test_output_names_use_aliases_columns_and_expr_n(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "SELECT STREAM sym, price * 2, price AS \"p\", ROWTIME, UPPER(sym), s.qty "
                                 "FROM SRC AS s;\nSELECT STREAM * FROM SRC;");
    const ss_pump *p = r->app->pumps[0];
    assert_null(p->name);
    const ss_query *q = p->q;
    assert_int_equal(q->nout, 6);
    assert_string_equal(q->out_names[0], "SYM");
    assert_string_equal(q->out_names[1], "EXPR$1");
    assert_string_equal(q->out_names[2], "p");
    assert_string_equal(q->out_names[3], "ROWTIME");
    assert_string_equal(q->out_names[4], "EXPR$4");
    assert_string_equal(q->out_names[5], "QTY");
    assert_true(p->into->synthetic);
    assert_string_equal(p->into->name, "SELECT_1");
    assert_int_equal(p->into->role, SS_ROLE_STDOUT);
    /* SELECT STREAM * is the declared columns, without ROWTIME. */
    q = r->app->pumps[1]->q;
    assert_int_equal(q->nout, 5);
    assert_string_equal(q->out_names[4], "FLAG");
    assert_string_equal(r->app->pumps[1]->into->name, "SELECT_2");
    fe_free(r);
}

static void test_stream_roles_follow_bindings_and_pumps(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM MID (sym VARCHAR(4), v DOUBLE);\n"
                                 "CREATE STREAM FILE_OUT (sym VARCHAR(4), v DOUBLE) WITH (FILE = 'out.jsonl');\n"
                                 "CREATE STREAM IDLE (x INTEGER);\n"
                                 "CREATE PUMP a AS INSERT INTO MID SELECT STREAM sym, price FROM SRC;\n"
                                 "CREATE PUMP b AS INSERT INTO OUT1 SELECT STREAM sym, v FROM MID;\n"
                                 "CREATE PUMP c AS INSERT INTO FILE_OUT SELECT STREAM sym, v FROM MID;");
    assert_int_equal(ss_app_find_stream(r->app, "SRC")->role, SS_ROLE_SOURCE);
    assert_int_equal(ss_app_find_stream(r->app, "MID")->role, SS_ROLE_INAPP);
    assert_int_equal(ss_app_find_stream(r->app, "OUT1")->role, SS_ROLE_STDOUT);
    assert_int_equal(ss_app_find_stream(r->app, "FILE_OUT")->role, SS_ROLE_SINK);
    assert_int_equal(ss_app_find_stream(r->app, "IDLE")->role, SS_ROLE_UNUSED);
    assert_int_equal(ss_app_find_stream(r->app, "MID")->nreaders, 2);
    assert_int_equal(ss_app_find_stream(r->app, "MID")->nwriters, 1);
    fe_free(r);
}

static void test_pumps_are_ordered_after_the_writers_of_their_input(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM MID (sym VARCHAR(4), v DOUBLE);\n"
                                 "CREATE PUMP last AS INSERT INTO OUT1 SELECT STREAM sym, v FROM MID;\n"
                                 "CREATE PUMP first AS INSERT INTO MID SELECT STREAM sym, price FROM SRC;");
    assert_int_equal(r->app->norder, 2);
    assert_string_equal(r->app->order[0]->name, "FIRST");
    assert_string_equal(r->app->order[1]->name, "LAST");
    fe_free(r);
}

static void test_insert_list_maps_and_casts_to_the_target_columns(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK(PRE "CREATE STREAM OUT2 (a DOUBLE, b VARCHAR(4), c BIGINT);\n"
                                 "CREATE PUMP p AS INSERT INTO OUT2 (c, b) SELECT STREAM qty, sym FROM SRC;");
    const ss_pump *p = r->app->pumps[0];
    assert_int_equal(p->target_map[0], -1);
    assert_int_equal(p->target_map[1], 1);
    assert_int_equal(p->target_map[2], 0);
    /* INTEGER into BIGINT: an implicit cast; VARCHAR(4) into VARCHAR(4): none. */
    assert_int_equal(p->q->out[0]->kind, SS_E_CAST);
    assert_int_equal(p->q->out[0]->type.kind, SS_T_BIGINT);
    assert_int_equal(p->q->out[1]->kind, SS_E_SLOT);
    fe_free(r);
}

static void test_binding_is_decoded(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK("CREATE STREAM S (a INTEGER, t BIGINT) WITH (FILE = 'in.csv', FORMAT = 'csv', "
                             "HEADER = TRUE, DELIMITER = ';', ROWTIME = 'T', WATERMARK_DELAY = INTERVAL '2.5' SECOND);\n"
                             "CREATE STREAM K (a INTEGER) WITH (KAFKA_TOPIC = 'out', KAFKA_KEY = 'a', "
                             "'kafka.acks' = 'all', IDLE_TIMEOUT = INTERVAL '1' MINUTE, STARTING_POSITION = 'latest');\n"
                             "CREATE STREAM G (price DOUBLE) WITH (GENERATOR = 'Ticker', RATE = 2.5, COUNT = 10, SEED = 7);\n"
                             "CREATE PUMP p AS INSERT INTO K SELECT STREAM a FROM S;\n"
                             "CREATE PUMP q AS INSERT INTO K SELECT STREAM price FROM G;");
    const ss_stream *s = ss_app_find_stream(r->app, "S");
    assert_int_equal(s->binding.connector, SS_CONN_FILE);
    assert_string_equal(s->binding.target, "in.csv");
    assert_int_equal(s->binding.format, SS_FMT_CSV);
    assert_true(s->binding.csv_header);
    assert_int_equal(s->binding.csv_delimiter, ';');
    assert_string_equal(s->binding.rowtime_column, "T");
    assert_int_equal(s->rowtime_col, 1);
    assert_int_equal(s->binding.watermark_delay_ms, 2500);
    const ss_stream *k = ss_app_find_stream(r->app, "K");
    assert_int_equal(k->binding.connector, SS_CONN_KAFKA);
    assert_string_equal(k->binding.kafka_key, "A");
    assert_int_equal(k->binding.nkafka_props, 1);
    assert_string_equal(k->binding.kafka_props[0].key, "acks");
    assert_int_equal(k->binding.idle_timeout_ms, 60000);
    assert_int_equal(k->binding.start, SS_START_LATEST);
    assert_int_equal(k->role, SS_ROLE_SINK);
    const ss_stream *g = ss_app_find_stream(r->app, "G");
    assert_int_equal(g->binding.connector, SS_CONN_GENERATOR);
    assert_string_equal(g->binding.target, "ticker");
    assert_true(g->binding.rate == 2.5);
    assert_int_equal(g->binding.count, 10);
    assert_int_equal(g->binding.seed, 7);
    assert_int_equal(g->rowtime_col, -1);
    fe_free(r);
}

static void test_kinesis_source_has_a_hidden_approximate_arrival_time(void **state)
{
    (void)state;
    fe_result *r = EXPECT_OK("CREATE STREAM K (a INTEGER) WITH (KINESIS_STREAM = 'in', KINESIS_REGION = 'eu-west-1');\n"
                             "CREATE STREAM O (a INTEGER, t TIMESTAMP);\n"
                             "CREATE STREAM O2 (a INTEGER);\n"
                             "CREATE PUMP p AS INSERT INTO O SELECT STREAM a, APPROXIMATE_ARRIVAL_TIME FROM K;\n"
                             "CREATE PUMP q AS INSERT INTO O2 SELECT STREAM * FROM K;");
    const ss_stream *k = ss_app_find_stream(r->app, "K");
    assert_int_equal(k->role, SS_ROLE_SOURCE);
    assert_int_equal(k->ncols, 2);
    assert_false(k->cols[0].hidden);
    assert_string_equal(k->cols[1].name, "APPROXIMATE_ARRIVAL_TIME");
    assert_true(k->cols[1].hidden);
    assert_int_equal(k->cols[1].type.kind, SS_T_TIMESTAMP);
    assert_int_equal(pump_query(r, "Q")->nout, 1); /* * leaves the hidden column out */
    fe_free(r);
    /* Declared explicitly, it is an ordinary column and not added twice. */
    r = EXPECT_OK("CREATE STREAM K (a INTEGER, APPROXIMATE_ARRIVAL_TIME TIMESTAMP) WITH (KINESIS_STREAM = 'in');\n"
                  "SELECT STREAM * FROM K;");
    k = ss_app_find_stream(r->app, "K");
    assert_int_equal(k->ncols, 2);
    assert_false(k->cols[1].hidden);
    assert_int_equal(r->app->pumps[0]->q->nout, 2);
    fe_free(r);
    /* A file source has no such column. */
    EXPECT_ERRORS("CREATE STREAM F (a INTEGER) WITH (FILE = 'x');\nSELECT STREAM APPROXIMATE_ARRIVAL_TIME FROM F;",
                  {2, 15, "unknown column APPROXIMATE_ARRIVAL_TIME in F"});
}

/* Declared columns are never hidden, whatever the memory under the arena held:
 * fill freed heap memory with a pattern first, then compile. */
static void test_declared_columns_are_never_hidden_whatever_the_heap_held(void **state)
{
    (void)state;
    void *blocks[64];
    for (size_t i = 0; i < 64; i++) {
        size_t n = 4096 + 64 * i;
        blocks[i] = malloc(n);
        assert_non_null(blocks[i]);
        memset(blocks[i], 0xA5, n);
    }
    for (size_t i = 0; i < 64; i++)
        free(blocks[i]);
    fe_result *r = EXPECT_OK(PRE "CREATE PUMP p AS INSERT INTO OUT1 SELECT STREAM sym, price FROM SRC;\n"
                                 "SELECT STREAM * FROM SRC;");
    for (uint32_t i = 0; i < r->app->nstreams; i++)
        for (uint32_t k = 0; k < r->app->streams[i]->ncols; k++)
            assert_false(r->app->streams[i]->cols[k].hidden);
    assert_int_equal(r->app->pumps[1]->q->nout, 5);
    fe_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_stream_without_a_close_name),
        cmocka_unit_test(test_unknown_stream_suggests_the_closest_name),
        cmocka_unit_test(test_unknown_insert_target_suggests_the_closest_name),
        cmocka_unit_test(test_unknown_column_suggests_the_closest_column),
        cmocka_unit_test(test_unknown_column_with_two_letters_swapped_suggests_the_column),
        cmocka_unit_test(test_unknown_column_suggests_a_quoted_name_quoted),
        cmocka_unit_test(test_unknown_qualifier_in_select_list),
        cmocka_unit_test(test_unknown_qualifier_in_where_names_the_alias),
        cmocka_unit_test(test_unknown_qualifier_on_star_is_one_error),
        cmocka_unit_test(test_unknown_function_suggests_the_closest_function),
        cmocka_unit_test(test_unknown_function_without_a_close_name),
        cmocka_unit_test(test_wrong_argument_count),
        cmocka_unit_test(test_wrong_argument_type_points_at_the_argument),
        cmocka_unit_test(test_over_on_a_scalar_function),
        cmocka_unit_test(test_distinct_on_a_scalar_function),
        cmocka_unit_test(test_aggregate_in_where),
        cmocka_unit_test(test_nested_aggregate),
        cmocka_unit_test(test_aggregate_without_a_window),
        cmocka_unit_test(test_aggregate_argument_types),
        cmocka_unit_test(test_group_by_without_a_window),
        cmocka_unit_test(test_two_windows_in_group_by),
        cmocka_unit_test(test_step_on_a_column_instead_of_rowtime),
        cmocka_unit_test(test_step_needs_a_positive_day_to_second_interval),
        cmocka_unit_test(test_step_in_select_list_that_differs_from_group_by),
        cmocka_unit_test(test_step_outside_group_by),
        cmocka_unit_test(test_column_not_in_group_by),
        cmocka_unit_test(test_qualified_rowtime_not_grouped),
        cmocka_unit_test(test_having_without_group_by_points_at_having),
        cmocka_unit_test(test_over_combined_with_group_by),
        cmocka_unit_test(test_over_without_a_frame_is_unbounded),
        cmocka_unit_test(test_over_with_unbounded_preceding),
        cmocka_unit_test(test_range_with_a_year_month_interval),
        cmocka_unit_test(test_range_with_a_negative_interval),
        cmocka_unit_test(test_rows_with_a_fraction),
        cmocka_unit_test(test_window_ordered_by_a_column),
        cmocka_unit_test(test_distinct_in_a_sliding_window_other_than_count),
        cmocka_unit_test(test_unknown_named_window_suggests_a_defined_one),
        cmocka_unit_test(test_duplicate_window_name),
        cmocka_unit_test(test_select_distinct_without_a_window),
        cmocka_unit_test(test_stagger_without_partition_by),
        cmocka_unit_test(test_stagger_combined_with_group_by_is_one_error),
        cmocka_unit_test(test_comparison_of_incompatible_types),
        cmocka_unit_test(test_non_boolean_where),
        cmocka_unit_test(test_not_of_a_number),
        cmocka_unit_test(test_arithmetic_on_a_string),
        cmocka_unit_test(test_like_on_a_number_and_a_long_escape),
        cmocka_unit_test(test_case_with_incompatible_branches),
        cmocka_unit_test(test_bad_cast),
        cmocka_unit_test(test_invalid_interval_literal_text),
        cmocka_unit_test(test_unknown_type_name),
        cmocka_unit_test(test_varchar_without_length),
        cmocka_unit_test(test_type_parameters_out_of_range),
        cmocka_unit_test(test_pump_selecting_too_many_columns),
        cmocka_unit_test(test_pump_selecting_fewer_columns_than_its_insert_list),
        cmocka_unit_test(test_insert_list_naming_an_unknown_or_repeated_column),
        cmocka_unit_test(test_uncastable_insert),
        cmocka_unit_test(test_insert_into_a_generator_stream),
        cmocka_unit_test(test_standalone_select_naming_a_column_twice),
        cmocka_unit_test(test_standalone_select_output_cannot_be_read_by_name),
        cmocka_unit_test(test_standalone_select_output_name_differs_from_declared_streams),
        cmocka_unit_test(test_duplicate_stream),
        cmocka_unit_test(test_duplicate_pump),
        cmocka_unit_test(test_or_replace_redefines_streams_and_pumps),
        cmocka_unit_test(test_duplicate_column),
        cmocka_unit_test(test_column_named_rowtime),
        cmocka_unit_test(test_stream_named_rowtime),
        cmocka_unit_test(test_mapping_must_be_a_json_path),
        cmocka_unit_test(test_pump_cycle),
        cmocka_unit_test(test_stream_read_but_never_fed),
        cmocka_unit_test(test_reference_to_a_stream_whose_create_failed_is_not_reported_again),
        cmocka_unit_test(test_unknown_with_key_suggests_the_closest_key),
        cmocka_unit_test(test_unknown_with_key_lists_the_keys),
        cmocka_unit_test(test_with_value_of_the_wrong_type),
        cmocka_unit_test(test_negative_watermark_delay_says_negative),
        cmocka_unit_test(test_with_enum_value_lists_each_choice),
        cmocka_unit_test(test_with_key_given_twice),
        cmocka_unit_test(test_two_connectors),
        cmocka_unit_test(test_key_of_another_connector),
        cmocka_unit_test(test_sequence_field_must_not_be_a_column),
        cmocka_unit_test(test_default_settings_go_only_where_they_apply),
        cmocka_unit_test(test_a_bad_default_is_reported_once),
        cmocka_unit_test(test_kafka_property_without_kafka_points_at_the_property),
        cmocka_unit_test(test_generator_stream_declares_only_generator_columns),
        cmocka_unit_test(test_rowtime_naming_an_unknown_column),
        cmocka_unit_test(test_rowtime_naming_a_non_timestamp_column),
        cmocka_unit_test(test_step_60_seconds_is_a_60000_ms_tumbling_window),
        cmocka_unit_test(test_floor_to_minute_is_a_60000_ms_tumbling_window),
        cmocka_unit_test(test_floor_of_a_rowtime_difference_is_an_aligned_window),
        cmocka_unit_test(test_aligned_window_too_large_for_milliseconds_is_an_error),
        cmocka_unit_test(test_hop_has_slide_and_size),
        cmocka_unit_test(test_session_has_a_gap),
        cmocka_unit_test(test_stagger_partition_keys_are_the_grouping),
        cmocka_unit_test(test_identical_aggregates_share_one_slot),
        cmocka_unit_test(test_sliding_windows_record_range_and_rows),
        cmocka_unit_test(test_output_names_use_aliases_columns_and_expr_n),
        cmocka_unit_test(test_stream_roles_follow_bindings_and_pumps),
        cmocka_unit_test(test_pumps_are_ordered_after_the_writers_of_their_input),
        cmocka_unit_test(test_insert_list_maps_and_casts_to_the_target_columns),
        cmocka_unit_test(test_binding_is_decoded),
        cmocka_unit_test(test_kinesis_source_has_a_hidden_approximate_arrival_time),
        cmocka_unit_test(test_declared_columns_are_never_hidden_whatever_the_heap_held),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
