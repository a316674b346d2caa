/* The parser (grammar/parser.y + src/sql/parse.c) and the canonical printer:
 * every statement and expression form of SPEC section 2 parses to the tree the
 * printer shows (fully parenthesised, so precedence is visible), every file of
 * the query corpus round-trips through the printer, and syntax errors carry
 * the exact message, line and column, with recovery at ';'. */
#include "frontend_support.h"

#include <glob.h>

/* Parses sql (one statement), requires no diagnostics and returns its canonical text. */
static char *print_one(const char *sql)
{
    fe_result *r = fe_parse(sql);
    if (r->diags.n || r->script->n != 1) {
        print_error("expected one statement without errors from:\n%s\n", sql);
        fe_dump_diags(r);
        fail();
    }
    char *out = fe_print_script(r->script);
    fe_free(r);
    return out;
}

#define ASSERT_PRINTS(sql, canonical)                                                      \
    do {                                                                                   \
        char *got_ = print_one(sql);                                                       \
        assert_string_equal(got_, canonical ";\n");                                        \
        free(got_);                                                                        \
    } while (0)

/* The canonical text of one expression, parsed in a select list. */
static char *print_expr(const char *expr)
{
    char sql[4096];
    snprintf(sql, sizeof sql, "SELECT STREAM %s FROM s;", expr);
    fe_result *r = fe_parse(sql);
    if (r->diags.n || r->script->n != 1) {
        print_error("expected the expression to parse: %s\n", expr);
        fe_dump_diags(r);
        fail();
    }
    ss_buf b = {0};
    ss_ast_print_expr(r->script->stmts[0]->select->items[0]->expr, &b);
    char *out = strdup(ss_buf_cstr(&b));
    ss_buf_free(&b);
    fe_free(r);
    return out;
}

#define ASSERT_EXPR(expr, canonical)                                                       \
    do {                                                                                   \
        char *got_ = print_expr(expr);                                                     \
        assert_string_equal(got_, canonical);                                              \
        free(got_);                                                                        \
    } while (0)

/* ------------------------------------------------------- CREATE STREAM */

static void test_create_stream_with_every_column_type(void **state)
{
    (void)state;
    ASSERT_PRINTS("create stream s (a BOOLEAN, b TINYINT, c SMALLINT, d INTEGER, e INT, f BIGINT, "
                  "g REAL, h DOUBLE, i DOUBLE PRECISION, j FLOAT, k DECIMAL(10,2), l NUMERIC(5,1), "
                  "m DECIMAL, n CHAR(3), o VARCHAR(8), p CHARACTER VARYING(4), q TIMESTAMP, "
                  "r DATE, s TIME, t CHAR)",
                  "CREATE STREAM \"S\" (\"A\" BOOLEAN, \"B\" TINYINT, \"C\" SMALLINT, \"D\" INTEGER, "
                  "\"E\" INTEGER, \"F\" BIGINT, \"G\" REAL, \"H\" DOUBLE, \"I\" DOUBLE, \"J\" DOUBLE, "
                  "\"K\" DECIMAL(10,2), \"L\" DECIMAL(5,1), \"M\" DECIMAL(18,0), \"N\" CHAR(3), "
                  "\"O\" VARCHAR(8), \"P\" VARCHAR(4), \"Q\" TIMESTAMP, \"R\" DATE, \"S\" TIME, "
                  "\"T\" CHAR(1))");
}

static void test_create_or_replace_stream_with_quoted_names(void **state)
{
    (void)state;
    ASSERT_PRINTS("CREATE OR REPLACE STREAM \"Src\" (\"Col\"\"1\" INTEGER, plain VARCHAR(2))",
                  "CREATE OR REPLACE STREAM \"Src\" (\"Col\"\"1\" INTEGER, \"PLAIN\" VARCHAR(2))");
    fe_result *r = fe_parse("CREATE OR REPLACE STREAM \"Src\" (a INTEGER);");
    assert_int_equal(r->diags.n, 0);
    const ss_stmt *s = r->script->stmts[0];
    assert_int_equal(s->kind, SS_STMT_STREAM);
    assert_true(s->or_replace);
    assert_string_equal(s->name.name, "Src");
    assert_true(s->name.quoted);
    assert_int_equal(s->name.pos.col, 26);
    fe_free(r);
}

static void test_column_mapping_is_kept(void **state)
{
    (void)state;
    ASSERT_PRINTS("CREATE STREAM s (b VARCHAR(4) MAPPING '$.location.building', c DOUBLE PRECISION MAPPING '$.x')",
                  "CREATE STREAM \"S\" (\"B\" VARCHAR(4) MAPPING '$.location.building', "
                  "\"C\" DOUBLE MAPPING '$.x')");
}

static void test_with_values_of_every_kind(void **state)
{
    (void)state;
    ASSERT_PRINTS("CREATE STREAM s (a INTEGER) WITH (FILE = 'in.jsonl', COUNT = 5, X = -5, Y = -2.5, "
                  "RATE = 1.5, HEADER = TRUE, Z = FALSE, F = 1e3, N = NULL, "
                  "WATERMARK_DELAY = INTERVAL '5' SECOND, 'kafka.security.protocol' = 'SSL')",
                  "CREATE STREAM \"S\" (\"A\" INTEGER) WITH (\"FILE\" = 'in.jsonl', \"COUNT\" = 5, "
                  "\"X\" = -5, \"Y\" = -2.5, \"RATE\" = 1.5, \"HEADER\" = TRUE, \"Z\" = FALSE, "
                  "\"F\" = 1e3, \"N\" = NULL, \"WATERMARK_DELAY\" = INTERVAL '5' SECOND, "
                  "'kafka.security.protocol' = 'SSL')");
    fe_result *r = fe_parse("CREATE STREAM s (a INTEGER) WITH ('kafka.Client.Id' = 'x', file = 'y');");
    assert_int_equal(r->diags.n, 0);
    const ss_stmt *s = r->script->stmts[0];
    assert_int_equal(s->nwith, 2);
    assert_string_equal(s->with[0]->key, "kafka.Client.Id"); /* string keys keep their case */
    assert_true(s->with[0]->key_is_string);
    assert_string_equal(s->with[1]->key, "FILE");
    assert_false(s->with[1]->key_is_string);
    assert_int_equal(s->with[1]->key_pos.col, 60);
    fe_free(r);
}

/* ---------------------------------------------------------- CREATE PUMP */

static void test_create_pump_without_target_columns(void **state)
{
    (void)state;
    ASSERT_PRINTS("CREATE PUMP p AS INSERT INTO dst SELECT STREAM a, b FROM src",
                  "CREATE PUMP \"P\" AS INSERT INTO \"DST\" SELECT STREAM \"A\", \"B\" FROM \"SRC\"");
}

static void test_create_or_replace_pump_with_target_columns(void **state)
{
    (void)state;
    ASSERT_PRINTS("CREATE OR REPLACE PUMP \"p\" AS INSERT INTO dst (x, \"Y\") SELECT STREAM a, b FROM src",
                  "CREATE OR REPLACE PUMP \"p\" AS INSERT INTO \"DST\" (\"X\", \"Y\") "
                  "SELECT STREAM \"A\", \"B\" FROM \"SRC\"");
    fe_result *r = fe_parse("CREATE OR REPLACE PUMP p AS INSERT INTO dst (x, y) SELECT STREAM a, b FROM src;");
    const ss_stmt *s = r->script->stmts[0];
    assert_int_equal(s->kind, SS_STMT_PUMP);
    assert_true(s->or_replace);
    assert_string_equal(s->target.name, "DST");
    assert_int_equal(s->ntarget_cols, 2);
    assert_string_equal(s->target_cols[1].name, "Y");
    assert_int_equal(s->target_cols[1].pos.col, 49);
    assert_non_null(s->select);
    fe_free(r);
}

/* -------------------------------------------------------- SELECT STREAM */

static void test_select_distinct_all_star_and_qualified_star(void **state)
{
    (void)state;
    ASSERT_PRINTS("SELECT STREAM DISTINCT * FROM s", "SELECT STREAM DISTINCT * FROM \"S\"");
    ASSERT_PRINTS("SELECT STREAM ALL s.*, t.a FROM s AS t", "SELECT STREAM \"S\".*, \"T\".\"A\" FROM \"S\" AS \"T\"");
    fe_result *r = fe_parse("SELECT STREAM DISTINCT s.* FROM s;");
    assert_true(r->script->stmts[0]->select->distinct);
    assert_true(r->script->stmts[0]->select->items[0]->star);
    assert_string_equal(r->script->stmts[0]->select->items[0]->star_qual.name, "S");
    fe_free(r);
}

static void test_aliases_with_and_without_as(void **state)
{
    (void)state;
    ASSERT_PRINTS("SELECT STREAM a x, b AS y, c + 1 \"Z\", d AS \"w w\" FROM s t",
                  "SELECT STREAM \"A\" AS \"X\", \"B\" AS \"Y\", (\"C\" + 1) AS \"Z\", \"D\" AS \"w w\" "
                  "FROM \"S\" AS \"T\"");
}

static void test_where_group_by_having(void **state)
{
    (void)state;
    ASSERT_PRINTS("SELECT STREAM a, COUNT(*) FROM s WHERE a > 1 GROUP BY a, "
                  "STEP(s.ROWTIME BY INTERVAL '60' SECOND) HAVING COUNT(*) > 2",
                  "SELECT STREAM \"A\", COUNT(*) FROM \"S\" WHERE (\"A\" > 1) GROUP BY \"A\", "
                  "STEP(\"S\".\"ROWTIME\" BY INTERVAL '60' SECOND) HAVING (COUNT(*) > 2)");
}

static void test_group_by_floor_hop_and_session(void **state)
{
    (void)state;
    ASSERT_PRINTS("SELECT STREAM COUNT(*) FROM s GROUP BY FLOOR(s.ROWTIME TO MINUTE)",
                  "SELECT STREAM COUNT(*) FROM \"S\" GROUP BY FLOOR(\"S\".\"ROWTIME\" TO MINUTE)");
    ASSERT_PRINTS("SELECT STREAM COUNT(*) FROM s GROUP BY HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)",
                  "SELECT STREAM COUNT(*) FROM \"S\" GROUP BY HOP(\"ROWTIME\", INTERVAL '1' MINUTE, "
                  "INTERVAL '5' MINUTE)");
    ASSERT_PRINTS("SELECT STREAM u, COUNT(*) FROM s GROUP BY u, SESSION(ROWTIME, INTERVAL '30' MINUTE)",
                  "SELECT STREAM \"U\", COUNT(*) FROM \"S\" GROUP BY \"U\", SESSION(\"ROWTIME\", "
                  "INTERVAL '30' MINUTE)");
}

static void test_window_clause_and_named_over(void **state)
{
    (void)state;
    ASSERT_PRINTS("SELECT STREAM SUM(a) OVER w, AVG(a) OVER w2 FROM s "
                  "WINDOW w AS (PARTITION BY b RANGE INTERVAL '5' MINUTE PRECEDING), w2 AS (ROWS 3 PRECEDING)",
                  "SELECT STREAM SUM(\"A\") OVER \"W\", AVG(\"A\") OVER \"W2\" FROM \"S\" "
                  "WINDOW \"W\" AS (PARTITION BY \"B\" RANGE INTERVAL '5' MINUTE PRECEDING), "
                  "\"W2\" AS (ROWS 3 PRECEDING)");
    fe_result *r = fe_parse("SELECT STREAM SUM(a) OVER w FROM s WINDOW w AS (ROWS 3 PRECEDING);");
    const ss_select *sel = r->script->stmts[0]->select;
    assert_int_equal(sel->nwindows, 1);
    assert_string_equal(sel->windows[0]->name.name, "W");
    assert_int_equal(sel->windows[0]->spec->frame, SS_FRAME_ROWS);
    const ss_expr *call = sel->items[0]->expr;
    assert_null(call->over);
    assert_string_equal(call->over_name.name, "W");
    assert_int_equal(call->over_name.pos.col, 27);
    fe_free(r);
}

static void test_inline_over_with_range_and_rows_frames(void **state)
{
    (void)state;
    ASSERT_PRINTS("SELECT STREAM SUM(a) OVER (PARTITION BY b, c RANGE INTERVAL '1' HOUR PRECEDING), "
                  "MIN(a) OVER (ROWS 10 PRECEDING), MAX(a) OVER (RANGE INTERVAL '1' SECOND), "
                  "AVG(a) OVER (PARTITION BY b ORDER BY ROWTIME RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW), "
                  "COUNT(*) OVER (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), "
                  "COUNT(a) OVER (ROWS CURRENT ROW), "
                  "COUNT(b) OVER (RANGE UNBOUNDED PRECEDING), COUNT(c) OVER (ROWS UNBOUNDED PRECEDING), "
                  "COUNT(d) OVER () FROM s",
                  "SELECT STREAM SUM(\"A\") OVER (PARTITION BY \"B\", \"C\" RANGE INTERVAL '1' HOUR PRECEDING), "
                  "MIN(\"A\") OVER (ROWS 10 PRECEDING), MAX(\"A\") OVER (RANGE INTERVAL '1' SECOND PRECEDING), "
                  "AVG(\"A\") OVER (PARTITION BY \"B\" ORDER BY \"ROWTIME\" RANGE INTERVAL '1' MINUTE PRECEDING), "
                  "COUNT(*) OVER (ROWS 2 PRECEDING), COUNT(\"A\") OVER (ROWS 0 PRECEDING), "
                  "COUNT(\"B\") OVER (RANGE UNBOUNDED PRECEDING), COUNT(\"C\") OVER (ROWS UNBOUNDED PRECEDING), "
                  "COUNT(\"D\") OVER () FROM \"S\"");
}

static void test_windowed_by_stagger_after_from_or_after_where(void **state)
{
    (void)state;
    const char *canonical = "SELECT STREAM \"K\", COUNT(*) FROM \"S\" WINDOWED BY STAGGER (PARTITION BY \"K\", "
                            "FLOOR(\"T\" TO MINUTE) RANGE INTERVAL '1' MINUTE PRECEDING) WHERE (\"K\" <> 'x');\n";
    char *a = print_one("SELECT STREAM k, COUNT(*) FROM s WINDOWED BY STAGGER (PARTITION BY k, FLOOR(t TO MINUTE) "
                        "RANGE INTERVAL '1' MINUTE) WHERE k <> 'x'");
    char *b = print_one("SELECT STREAM k, COUNT(*) FROM s WHERE k != 'x' WINDOWED BY STAGGER "
                        "(PARTITION BY k, FLOOR(t TO MINUTE) RANGE INTERVAL '1' MINUTE)");
    assert_string_equal(a, canonical);
    assert_string_equal(b, canonical);
    free(a);
    free(b);
}

static void test_last_statement_may_omit_its_semicolon(void **state)
{
    (void)state;
    fe_result *r = fe_parse(";;CREATE STREAM s (a INTEGER);;\n;SELECT STREAM a FROM s");
    assert_int_equal(r->diags.n, 0);
    assert_int_equal(r->script->n, 2);
    assert_int_equal(r->script->stmts[1]->kind, SS_STMT_SELECT);
    fe_free(r);
}

static void test_statement_records_its_source_range(void **state)
{
    (void)state;
    const char *sql = "  SELECT STREAM a FROM s ;\nCREATE STREAM t (x INT);";
    fe_result *r = fe_parse(sql);
    assert_int_equal(r->script->n, 2);
    const ss_stmt *s = r->script->stmts[0];
    assert_int_equal(s->start, 2);
    assert_int_equal(s->end, 25);
    assert_int_equal(s->pos.line, 1);
    assert_int_equal(s->pos.col, 3);
    s = r->script->stmts[1];
    assert_int_equal(s->start, 27);
    assert_int_equal(s->end, 50);
    assert_int_equal(s->pos.line, 2);
    assert_int_equal(s->pos.col, 1);
    fe_free(r);
}

static void test_nonreserved_keywords_serve_as_names(void **state)
{
    (void)state;
    ASSERT_PRINTS("SELECT STREAM position, rows, date, timestamp, year(x), stream.a, a range, b AS day "
                  "FROM partition",
                  "SELECT STREAM \"POSITION\", \"ROWS\", \"DATE\", \"TIMESTAMP\", YEAR(\"X\"), \"STREAM\".\"A\", "
                  "\"A\" AS \"RANGE\", \"B\" AS \"DAY\" FROM \"PARTITION\"");
    ASSERT_PRINTS("CREATE STREAM stream (time TIME, hour INTEGER, mapping VARCHAR(2) MAPPING '$.m')",
                  "CREATE STREAM \"STREAM\" (\"TIME\" TIME, \"HOUR\" INTEGER, \"MAPPING\" VARCHAR(2) MAPPING '$.m')");
}

/* ----------------------------------------------------------- expressions */

static void test_arithmetic_precedence(void **state)
{
    (void)state;
    ASSERT_EXPR("1 + 2 * 3", "(1 + (2 * 3))");
    ASSERT_EXPR("(1 + 2) * 3", "((1 + 2) * 3)");
    ASSERT_EXPR("a - b - c", "((\"A\" - \"B\") - \"C\")");
    ASSERT_EXPR("a / b % c * d", "(((\"A\" / \"B\") % \"C\") * \"D\")");
    ASSERT_EXPR("- a * b", "((- \"A\") * \"B\")");
    ASSERT_EXPR("a * - b", "(\"A\" * (- \"B\"))");
    ASSERT_EXPR("1 - -1", "(1 - (- 1))");
    ASSERT_EXPR("+a", "(+ \"A\")");
    ASSERT_EXPR("a || b || c", "((\"A\" || \"B\") || \"C\")");
    ASSERT_EXPR("a < b + 1", "(\"A\" < (\"B\" + 1))");
}

static void test_boolean_precedence(void **state)
{
    (void)state;
    ASSERT_EXPR("a OR b AND c", "(\"A\" OR (\"B\" AND \"C\"))");
    ASSERT_EXPR("a AND b OR c", "((\"A\" AND \"B\") OR \"C\")");
    ASSERT_EXPR("NOT a = b", "(NOT (\"A\" = \"B\"))");
    ASSERT_EXPR("NOT a AND b", "((NOT \"A\") AND \"B\")");
    ASSERT_EXPR("NOT a IS NULL", "(NOT (\"A\" IS NULL))");
    ASSERT_EXPR("a = 1 OR NOT b <> 2 AND c >= 3", "((\"A\" = 1) OR ((NOT (\"B\" <> 2)) AND (\"C\" >= 3)))");
    ASSERT_EXPR("a NOT IN (1) AND b", "((\"A\" NOT IN (1)) AND \"B\")");
}

static void test_comparison_operators(void **state)
{
    (void)state;
    ASSERT_EXPR("a = b", "(\"A\" = \"B\")");
    ASSERT_EXPR("a <> b", "(\"A\" <> \"B\")");
    ASSERT_EXPR("a != b", "(\"A\" <> \"B\")");
    ASSERT_EXPR("a < b", "(\"A\" < \"B\")");
    ASSERT_EXPR("a <= b", "(\"A\" <= \"B\")");
    ASSERT_EXPR("a > b", "(\"A\" > \"B\")");
    ASSERT_EXPR("a >= b", "(\"A\" >= \"B\")");
}

static void test_is_null_true_false_and_negations(void **state)
{
    (void)state;
    ASSERT_EXPR("a IS NULL", "(\"A\" IS NULL)");
    ASSERT_EXPR("a IS NOT NULL", "(\"A\" IS NOT NULL)");
    ASSERT_EXPR("a IS TRUE", "(\"A\" IS TRUE)");
    ASSERT_EXPR("a IS NOT TRUE", "(\"A\" IS NOT TRUE)");
    ASSERT_EXPR("a IS FALSE", "(\"A\" IS FALSE)");
    ASSERT_EXPR("a IS NOT FALSE", "(\"A\" IS NOT FALSE)");
    ASSERT_EXPR("a + 1 IS NULL", "((\"A\" + 1) IS NULL)");
}

static void test_between_in_and_like(void **state)
{
    (void)state;
    ASSERT_EXPR("a BETWEEN 1 AND 2", "(\"A\" BETWEEN 1 AND 2)");
    ASSERT_EXPR("a NOT BETWEEN 1 AND 2 + 3", "(\"A\" NOT BETWEEN 1 AND (2 + 3))");
    ASSERT_EXPR("a BETWEEN 1 AND 2 AND b", "((\"A\" BETWEEN 1 AND 2) AND \"B\")");
    ASSERT_EXPR("a IN (1, 2, 'x')", "(\"A\" IN (1, 2, 'x'))");
    ASSERT_EXPR("a NOT IN (1)", "(\"A\" NOT IN (1))");
    ASSERT_EXPR("a LIKE 'x%'", "(\"A\" LIKE 'x%')");
    ASSERT_EXPR("a NOT LIKE 'y_'", "(\"A\" NOT LIKE 'y_')");
    ASSERT_EXPR("a LIKE 'x!%%' ESCAPE '!'", "(\"A\" LIKE 'x!%%' ESCAPE '!')");
    fe_result *r = fe_parse("SELECT STREAM a NOT LIKE 'x' ESCAPE '\\' FROM s;");
    const ss_expr *e = r->script->stmts[0]->select->items[0]->expr;
    assert_int_equal(e->kind, SS_E_LIKE);
    assert_true(e->negated);
    assert_non_null(e->c);
    assert_int_equal(e->pos.col, 15); /* BETWEEN, IN and LIKE sit at their left operand */
    fe_free(r);
}

static void test_case_simple_and_searched(void **state)
{
    (void)state;
    ASSERT_EXPR("CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END",
                "CASE \"A\" WHEN 1 THEN 'x' WHEN 2 THEN 'y' ELSE 'z' END");
    ASSERT_EXPR("CASE WHEN a > 1 THEN 1 WHEN a IS NULL THEN NULL END",
                "CASE WHEN (\"A\" > 1) THEN 1 WHEN (\"A\" IS NULL) THEN NULL END");
    ASSERT_EXPR("CASE a + 1 WHEN 2 THEN b ELSE c END + 1",
                "(CASE (\"A\" + 1) WHEN 2 THEN \"B\" ELSE \"C\" END + 1)");
}

static void test_cast_to_every_type(void **state)
{
    (void)state;
    static const struct {
        const char *written, *printed;
    } types[] = {
        {"BOOLEAN", "BOOLEAN"},     {"TINYINT", "TINYINT"},
        {"SMALLINT", "SMALLINT"},   {"INTEGER", "INTEGER"},
        {"INT", "INTEGER"},         {"BIGINT", "BIGINT"},
        {"REAL", "REAL"},           {"DOUBLE", "DOUBLE"},
        {"DOUBLE PRECISION", "DOUBLE"}, {"FLOAT", "DOUBLE"},
        {"DECIMAL(10,2)", "DECIMAL(10,2)"}, {"NUMERIC(5,1)", "DECIMAL(5,1)"},
        {"DECIMAL(7)", "DECIMAL(7,0)"}, {"DECIMAL", "DECIMAL(18,0)"},
        {"CHAR(3)", "CHAR(3)"},     {"CHAR", "CHAR(1)"},
        {"VARCHAR(16)", "VARCHAR(16)"}, {"CHARACTER VARYING(2)", "VARCHAR(2)"},
        {"TIMESTAMP", "TIMESTAMP"}, {"DATE", "DATE"},
        {"TIME", "TIME"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char in[128], want[128];
        snprintf(in, sizeof in, "CAST(a AS %s)", types[i].written);
        snprintf(want, sizeof want, "CAST(\"A\" AS %s)", types[i].printed);
        ASSERT_EXPR(in, want);
    }
}

static void test_special_call_forms(void **state)
{
    (void)state;
    ASSERT_EXPR("FLOOR(s.ROWTIME TO MINUTE)", "FLOOR(\"S\".\"ROWTIME\" TO MINUTE)");
    ASSERT_EXPR("CEIL(ts TO HOUR)", "CEIL(\"TS\" TO HOUR)");
    ASSERT_EXPR("FLOOR(ts TO DAY)", "FLOOR(\"TS\" TO DAY)");
    ASSERT_EXPR("FLOOR(ts TO SECOND)", "FLOOR(\"TS\" TO SECOND)");
    ASSERT_EXPR("STEP(s.ROWTIME BY INTERVAL '10' SECOND)", "STEP(\"S\".\"ROWTIME\" BY INTERVAL '10' SECOND)");
    ASSERT_EXPR("SUBSTRING(x FROM 2 FOR 3)", "SUBSTRING(\"X\" FROM 2 FOR 3)");
    ASSERT_EXPR("SUBSTRING(x FROM 2)", "SUBSTRING(\"X\" FROM 2)");
    ASSERT_EXPR("SUBSTRING(x, 2, 3)", "SUBSTRING(\"X\", 2, 3)");
    ASSERT_EXPR("TRIM(LEADING 'x' FROM s)", "TRIM(LEADING 'x' FROM \"S\")");
    ASSERT_EXPR("TRIM(TRAILING FROM s)", "TRIM(TRAILING FROM \"S\")");
    ASSERT_EXPR("TRIM(BOTH ' ' FROM s)", "TRIM(BOTH ' ' FROM \"S\")");
    ASSERT_EXPR("TRIM('a' FROM s)", "TRIM(BOTH 'a' FROM \"S\")");
    ASSERT_EXPR("TRIM(s)", "TRIM(\"S\")");
    ASSERT_EXPR("POSITION('a' IN b)", "POSITION('a' IN \"B\")");
    ASSERT_EXPR("EXTRACT(HOUR FROM ts)", "EXTRACT(HOUR FROM \"TS\")");
    ASSERT_EXPR("EXTRACT(YEAR FROM ts)", "EXTRACT(YEAR FROM \"TS\")");
    ASSERT_EXPR("COUNT(*)", "COUNT(*)");
    ASSERT_EXPR("COUNT(DISTINCT a)", "COUNT(DISTINCT \"A\")");
    ASSERT_EXPR("COUNT(ALL a)", "COUNT(\"A\")");
    ASSERT_EXPR("CURRENT_ROW_TIMESTAMP", "\"CURRENT_ROW_TIMESTAMP\"");
    ASSERT_EXPR("f()", "F()");
    ASSERT_EXPR("\"f\"(a, b)", "\"f\"(\"A\", \"B\")");
    ASSERT_EXPR("(ts1 - ts2) SECOND", "((\"TS1\" - \"TS2\")) SECOND");
}

static void test_literals(void **state)
{
    (void)state;
    ASSERT_EXPR("INTERVAL '1:30' HOUR TO MINUTE", "INTERVAL '1:30' HOUR TO MINUTE");
    ASSERT_EXPR("INTERVAL '5' SECOND", "INTERVAL '5' SECOND");
    ASSERT_EXPR("INTERVAL -'5' DAY", "INTERVAL -'5' DAY");
    ASSERT_EXPR("INTERVAL '1-6' YEAR TO MONTH", "INTERVAL '1-6' YEAR TO MONTH");
    ASSERT_EXPR("INTERVAL '2 03:04:05.5' DAY TO SECOND", "INTERVAL '2 03:04:05.5' DAY TO SECOND");
    ASSERT_EXPR("TIMESTAMP '2026-11-22 10:00:01.123'", "TIMESTAMP '2026-11-22 10:00:01.123'");
    ASSERT_EXPR("DATE '2026-01-01'", "DATE '2026-01-01'");
    ASSERT_EXPR("TIME '10:00:00'", "TIME '10:00:00'");
    ASSERT_EXPR("1.5e3", "1.5e3");
    ASSERT_EXPR(".5", ".5");
    ASSERT_EXPR("1.", "1.");
    ASSERT_EXPR("TRUE", "TRUE");
    ASSERT_EXPR("FALSE", "FALSE");
    ASSERT_EXPR("NULL", "NULL");
    ASSERT_EXPR("'it''s'", "'it''s'");
    ASSERT_EXPR("\"Quoted\"\"Id\"", "\"Quoted\"\"Id\"");

    fe_result *r = fe_parse("SELECT STREAM INTERVAL '1:30' HOUR TO MINUTE, 12.50, 7, TIMESTAMP '1970-01-01 00:00:01' FROM s;");
    assert_int_equal(r->diags.n, 0);
    ss_select_item **it = r->script->stmts[0]->select->items;
    assert_int_equal(it[0]->expr->type.kind, SS_T_INTERVAL_DS);
    assert_int_equal(it[0]->expr->lit.i, 90 * 60 * 1000);
    assert_int_equal(it[1]->expr->type.kind, SS_T_DECIMAL);
    assert_int_equal(it[1]->expr->type.scale, 2);
    assert_int_equal(it[1]->expr->lit.i, 1250);
    assert_int_equal(it[2]->expr->type.kind, SS_T_INTEGER);
    assert_int_equal(it[2]->expr->lit.i, 7);
    assert_int_equal(it[3]->expr->type.kind, SS_T_TIMESTAMP);
    assert_int_equal(it[3]->expr->lit.i, 1000);
    fe_free(r);
}

static void test_binary_expression_is_positioned_at_its_operator(void **state)
{
    (void)state;
    fe_result *r = fe_parse("SELECT STREAM\n  a +\n    b FROM s;");
    const ss_expr *e = r->script->stmts[0]->select->items[0]->expr;
    assert_int_equal(e->kind, SS_E_BINARY);
    assert_int_equal(e->pos.line, 2);
    assert_int_equal(e->pos.col, 5);
    assert_int_equal(e->b->pos.line, 3);
    assert_int_equal(e->b->pos.col, 5);
    fe_free(r);
}

/* ------------------------------------------------------------ round trip */

/* parse -> print -> parse -> print gives the same text and statement count with
 * no errors; and the printed text compiles (parse + analyze) as cleanly as the
 * original, to the same number of streams and pumps. (The analyzer annotates the
 * tree in place, so printing is checked on trees fresh from the parser.) */
static void assert_round_trips(const char *name, const char *text, size_t len)
{
    fe_result *r1 = fe_parse_n(text, len);
    if (r1->diags.n) {
        print_error("%s does not parse:\n", name);
        fe_dump_diags(r1);
        fail();
    }
    assert_true(r1->script->n > 0);
    char *p1 = fe_print_script(r1->script);
    fe_result *r2 = fe_parse(p1);
    if (r2->diags.n) {
        print_error("the canonical text of %s does not parse:\n%s\n", name, p1);
        fe_dump_diags(r2);
        fail();
    }
    char *p2 = fe_print_script(r2->script);
    if (strcmp(p1, p2) != 0 || r1->script->n != r2->script->n) {
        print_error("%s does not round-trip:\n%s\n---\n%s\n", name, p1, p2);
        fail();
    }
    fe_result *c1 = fe_compile_n(text, len);
    fe_result *c2 = fe_compile(p1);
    if (c1->diags.n || c2->diags.n) {
        print_error("%s or its canonical text does not compile:\n%s\n", name, p1);
        fe_dump_diags(c1);
        fe_dump_diags(c2);
        fail();
    }
    assert_int_equal(c1->app->npumps, c2->app->npumps);
    assert_int_equal(c1->app->nstreams, c2->app->nstreams);
    free(p1);
    free(p2);
    fe_free(r1);
    fe_free(r2);
    fe_free(c1);
    fe_free(c2);
}

static size_t round_trip_glob(const char *pattern)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", SS_SOURCE_DIR, pattern);
    glob_t g;
    if (glob(path, 0, NULL, &g) != 0)
        return 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t len = 0;
        char *text = fe_read_file(g.gl_pathv[i], &len);
        assert_non_null(text);
        assert_round_trips(g.gl_pathv[i], text, len);
        free(text);
    }
    size_t n = g.gl_pathc;
    globfree(&g);
    return n;
}

static void test_every_query_file_round_trips_through_the_printer(void **state)
{
    (void)state;
    assert_true(round_trip_glob("queries/*.sql") >= 20);
}

static void test_every_example_file_round_trips_through_the_printer(void **state)
{
    (void)state;
    assert_true(round_trip_glob("examples/*.sql") >= 1);
}

static void test_every_printed_form_round_trips(void **state)
{
    (void)state;
    const char *sql =
        "CREATE OR REPLACE STREAM \"In\" (\"a\"\"b\" INTEGER, c VARCHAR(8) MAPPING '$.x.''y''', "
        "t TIMESTAMP, d DECIMAL(10,2), e DOUBLE PRECISION, f CHAR(2), g DATE, h TIME, i BOOLEAN) "
        "WITH (FILE = 'it''s.jsonl', \"ROWTIME\" = 't', WATERMARK_DELAY = INTERVAL '1.5' SECOND, "
        "FORMAT = 'csv', HEADER = TRUE, DELIMITER = ';');\n"
        "CREATE STREAM mid (k VARCHAR(8), n BIGINT, w TIMESTAMP);\n"
        "CREATE STREAM gen (price DOUBLE) WITH (GENERATOR = 'ticker', RATE = 2.5, COUNT = 10, SEED = 7);\n"
        "CREATE PUMP p1 AS INSERT INTO mid (k, n, w) SELECT STREAM c || '-' || TRIM(LEADING 'x' FROM c), "
        "COUNT(DISTINCT \"a\"\"b\"), STEP(s.ROWTIME BY INTERVAL '1' MINUTE) FROM \"In\" AS s "
        "WHERE NOT (c LIKE 'a!%' ESCAPE '!') AND d BETWEEN -1.5 AND 2 AND e NOT IN (1, 2.5, 1e3) "
        "AND t > TIMESTAMP '2026-01-01 00:00:00' - INTERVAL -'1' DAY AND i IS NOT FALSE "
        "GROUP BY c || '-' || TRIM(LEADING 'x' FROM c), STEP(s.ROWTIME BY INTERVAL '1' MINUTE) "
        "HAVING COUNT(*) > 1;\n"
        "SELECT STREAM k, CASE WHEN n > 1 THEN 'many' WHEN n IS NULL THEN NULL ELSE 'one' END AS what, "
        "CASE n WHEN 1 THEN 1.5 ELSE -n END, CAST(n AS DECIMAL(5,1)), SUBSTRING(k FROM 2 FOR 3), "
        "POSITION('a' IN k), EXTRACT(HOUR FROM w), FLOOR(w TO MINUTE), CHAR_LENGTH(k), "
        "TSDIFF(w, ROWTIME), (w - ROWTIME) SECOND, CURRENT_ROW_TIMESTAMP, "
        "AVG(n) OVER (PARTITION BY k RANGE INTERVAL '1:30' HOUR TO MINUTE PRECEDING), "
        "SUM(n) OVER last3, MAX(n) OVER (ROWS CURRENT ROW) "
        "FROM mid WINDOW last3 AS (PARTITION BY k ROWS 3 PRECEDING);\n"
        "SELECT STREAM k, COUNT(*) AS n FROM mid WINDOWED BY STAGGER (PARTITION BY k RANGE INTERVAL '1' MINUTE);\n"
        "SELECT STREAM COUNT(*) AS c FROM mid GROUP BY HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE);\n"
        "SELECT STREAM k, COUNT(*) AS c FROM mid GROUP BY k, SESSION(ROWTIME, INTERVAL '30' SECOND);\n"
        "SELECT STREAM price FROM gen;\n";
    assert_round_trips("every printed form", sql, strlen(sql));
}

/* ---------------------------------------------------------- syntax errors */

static void test_select_without_stream_keyword(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT a FROM s;", {1, 8, "syntax error at 'a': expected STREAM"});
}

static void test_unsupported_statement_lists_what_can_follow_create(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("CREATE TABLE t (a INT);", {1, 8, "syntax error at 'TABLE': expected STREAM, PUMP or OR"});
    EXPECT_PARSE_ERRORS("CREATE OR STREAM s (a INT);", {1, 11, "syntax error at 'STREAM': expected REPLACE"});
}

static void test_garbage_statement_lists_statement_starts(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("\n  foo;", {2, 3, "syntax error at 'foo': expected ';', CREATE or SELECT"});
}

static void test_trailing_comma_in_select_list(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a, FROM s;", {1, 18, "syntax error at 'FROM': expected an expression or '*'"});
}

static void test_group_without_by(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s GROUP a;", {1, 30, "syntax error at 'a': expected BY"});
}

static void test_pump_without_as_or_into(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("CREATE PUMP p INSERT INTO t SELECT STREAM a FROM s;",
                        {1, 15, "syntax error at 'INSERT': expected AS"});
    EXPECT_PARSE_ERRORS("CREATE PUMP p AS INSERT t SELECT STREAM a FROM s;",
                        {1, 25, "syntax error at 't': expected INTO"});
}

static void test_missing_operator_between_conditions(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a\nFROM s\nWHERE a = 1 b = 2;",
                        {3, 13, "syntax error at 'b': expected ';', WINDOWED, GROUP, HAVING, WINDOW or an operator"});
}

static void test_with_entry_needs_equals_and_a_literal(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("CREATE STREAM s (a INTEGER) WITH (FILE 'x');", {1, 40, "syntax error at ''x'': expected '='"});
    EXPECT_PARSE_ERRORS("CREATE STREAM s (a INTEGER) WITH (FILE = x);",
                        {1, 42, "syntax error at 'x': expected a number, '-', a string, NULL, TRUE, FALSE or INTERVAL"});
    EXPECT_PARSE_ERRORS("CREATE STREAM s (a INTEGER) WITH (FILE = 'x',);",
                        {1, 46, "syntax error at ')': expected a name or a string"});
}

static void test_case_without_end(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM CASE WHEN a THEN 1 FROM s;",
                        {1, 34, "syntax error at 'FROM': expected END, ELSE, WHEN or an operator"});
}

static void test_cast_without_as(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM CAST(a INTEGER) FROM s;",
                        {1, 22, "syntax error at 'INTEGER': expected '(', AS, '.' or an operator"});
}

static void test_order_by_after_from_is_not_part_of_the_dialect(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s ORDER BY a;",
                        {1, 24, "syntax error at 'ORDER': expected a name, ';', AS, WHERE, WINDOWED, GROUP, HAVING or WINDOW"});
}

static void test_empty_in_list(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s WHERE a IN ();", {1, 36, "syntax error at ')': expected an expression"});
}

static void test_not_and_is_expect_their_continuations(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s WHERE a NOT 5;", {1, 36, "syntax error at '5': expected LIKE, BETWEEN or IN"});
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s WHERE a IS 5;", {1, 35, "syntax error at '5': expected NOT, NULL, TRUE or FALSE"});
}

static void test_window_frames_need_their_extent(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM SUM(a) OVER (RANGE 5 PRECEDING) FROM s;",
                        {1, 34, "syntax error at '5': expected UNBOUNDED, BETWEEN or INTERVAL"});
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s WINDOW w AS (ROWS a PRECEDING);",
                        {1, 42, "syntax error at 'a': expected a number, CURRENT, UNBOUNDED or BETWEEN"});
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s WINDOWED BY STAGGER PARTITION BY a;",
                        {1, 44, "syntax error at 'PARTITION': expected '('"});
}

static void test_interval_needs_a_string_and_a_unit(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM INTERVAL 5 SECOND FROM s;", {1, 24, "syntax error at '5': expected '-' or a string"});
    EXPECT_PARSE_ERRORS("SELECT STREAM INTERVAL '5' FROM s;",
                        {1, 28, "syntax error at 'FROM': expected YEAR, MONTH, DAY, HOUR, MINUTE, SECOND or MILLISECOND"});
    EXPECT_PARSE_ERRORS("SELECT STREAM FLOOR(a TO WEEK) FROM s;",
                        {1, 26, "syntax error at 'WEEK': expected YEAR, MONTH, DAY, HOUR, MINUTE, SECOND or MILLISECOND"});
}

static void test_long_token_is_cut_in_the_message(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a b ccccccccccccccccccccccccccccccccccccccccccccccccccc FROM s;",
                        {1, 19, "syntax error at 'cccccccccccccccccccccccccccccccccccccccc...': expected ',' or FROM"});
    /* 41 two-byte characters: cut at 40 bytes, back to a whole UTF-8 sequence (the quote and 19 of them). */
    EXPECT_PARSE_ERRORS("SELECT STREAM a b \"ééééééééééééééééééééééééééééééééééééééééé\" FROM s;",
                        {1, 19, "syntax error at '\"ééééééééééééééééééé...': expected ',' or FROM"});
}

/* FILE:LINE:COL: error: MESSAGE is one line, even when the token spans lines. */
static void test_message_about_a_multiline_token_stays_on_one_line(void **state)
{
    (void)state;
    fe_result *r = fe_parse("SELECT STREAM a b 'x\ny' FROM s;");
    assert_int_equal(r->diags.n, 1);
    assert_int_equal(r->diags.items[0].pos.line, 1);
    assert_int_equal(r->diags.items[0].pos.col, 19);
    const char *msg = r->diags.items[0].msg;
    assert_true(strncmp(msg, "syntax error at ''x", 19) == 0);
    assert_null(strchr(msg, '\n'));
    assert_null(strchr(msg, '\r'));
    fe_free(r);
}

static void test_error_at_end_of_input_says_end_of_input(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s WHERE", {1, 29, "syntax error at end of input: expected an expression"});
    EXPECT_PARSE_ERRORS("SELECT", {1, 7, "syntax error at end of input: expected STREAM"});
    EXPECT_PARSE_ERRORS("CREATE STREAM s (a INTEGER,\n", {2, 1, "syntax error at end of input: expected a name"});
}

static void test_two_bad_statements_are_both_reported(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM a FROM s WHERE;\nSELECT STREAM a FROM FROM s;\nSELECT STREAM a FROM s;",
                        {1, 29, "syntax error at ';': expected an expression"},
                        {2, 22, "syntax error at 'FROM': expected a name"});
}

static void test_good_statement_after_a_bad_one_is_still_parsed(void **state)
{
    (void)state;
    fe_result *r = fe_parse("CREATE STREAM s (a INTEGER);\n"
                            "SELECT STREAM a + FROM s;\n"
                            "SELECT STREAM a * 2 AS b FROM s;");
    assert_int_equal(r->diags.n, 1);
    assert_int_equal(r->diags.items[0].pos.line, 2);
    assert_int_equal(r->diags.items[0].pos.col, 19);
    assert_string_equal(r->diags.items[0].msg, "syntax error at 'FROM': expected an expression");
    assert_int_equal(r->script->n, 2);
    char *text = fe_print_script(r->script);
    assert_string_equal(text, "CREATE STREAM \"S\" (\"A\" INTEGER);\n"
                              "SELECT STREAM (\"A\" * 2) AS \"B\" FROM \"S\";\n");
    free(text);
    fe_free(r);
}

static void test_lexical_error_skips_its_statement_without_a_second_error(void **state)
{
    (void)state;
    fe_result *r = fe_parse("SELECT STREAM a @ b FROM s;\nSELECT STREAM c FROM s;");
    assert_int_equal(r->diags.n, 1);
    assert_string_equal(r->diags.items[0].msg, "unexpected character '@'");
    assert_int_equal(r->diags.items[0].pos.col, 17);
    assert_int_equal(r->script->n, 1);
    assert_string_equal(r->script->stmts[0]->select->items[0]->expr->name.name, "C");
    fe_free(r);
}

static void test_statement_with_error_after_last_token_is_not_kept(void **state)
{
    (void)state;
    /* The pump is complete up to "x", then the error: nothing of it may survive. */
    fe_result *r = fe_parse("CREATE PUMP p AS INSERT INTO t SELECT STREAM a FROM s x y;");
    assert_int_equal(r->diags.n, 1);
    assert_int_equal(r->script->n, 0);
    fe_free(r);
}

static void test_deep_nesting_is_an_error_not_a_crash(void **state)
{
    (void)state;
    enum { DEPTH = 5000 };
    ss_buf b = {0};
    ss_buf_puts(&b, "SELECT STREAM ");
    for (int i = 0; i < DEPTH; i++)
        ss_buf_putc(&b, '(');
    ss_buf_putc(&b, 'a');
    for (int i = 0; i < DEPTH; i++)
        ss_buf_putc(&b, ')');
    ss_buf_puts(&b, " FROM s;\nSELECT STREAM a FROM s WHERE;\nSELECT STREAM b FROM s;");
    fe_result *r = fe_parse_n(ss_buf_cstr(&b), b.len);
    assert_int_equal(r->diags.n, 2);
    assert_string_equal(r->diags.items[0].msg, "expression nested too deeply");
    assert_int_equal(r->diags.items[0].pos.line, 1);
    assert_in_range(r->diags.items[0].pos.col, 15, 15 + DEPTH - 1); /* on one of the '(' */
    assert_string_equal(r->diags.items[1].msg, "syntax error at ';': expected an expression");
    assert_int_equal(r->diags.items[1].pos.line, 2);
    assert_int_equal(r->script->n, 1); /* recovery: the last statement parsed */
    fe_free(r);
    ss_buf_free(&b);
}

static void test_deep_unary_nesting_is_an_error_not_a_crash(void **state)
{
    (void)state;
    ss_buf b = {0};
    ss_buf_puts(&b, "SELECT STREAM ");
    for (int i = 0; i < 5000; i++)
        ss_buf_puts(&b, "NOT - ");
    ss_buf_puts(&b, "a FROM s;");
    fe_result *r = fe_parse_n(ss_buf_cstr(&b), b.len);
    assert_int_equal(r->diags.n, 1);
    assert_string_equal(r->diags.items[0].msg, "expression nested too deeply");
    fe_free(r);
    ss_buf_free(&b);
}

/* A long flat chain a + a + ... is left-deep: the parser's stack stays small, but
 * the tree is as deep as the chain. Compiling it must not overflow the C stack:
 * it either compiles or is rejected as nested too deeply. */
static void test_long_operator_chain_does_not_crash_the_compiler(void **state)
{
    (void)state;
    ss_buf b = {0};
    ss_buf_puts(&b, "CREATE STREAM s (a INTEGER) WITH (FILE = 'x');\n"
                    "CREATE STREAM o (a INTEGER);\n"
                    "CREATE PUMP p AS INSERT INTO o SELECT STREAM a");
    for (int i = 0; i < 200000; i++)
        ss_buf_puts(&b, " + a");
    ss_buf_puts(&b, " FROM s;");
    fe_result *r = fe_compile_n(ss_buf_cstr(&b), b.len);
    for (size_t i = 0; i < r->diags.n; i++)
        assert_string_equal(r->diags.items[i].msg, "expression nested too deeply");
    if (r->app) {
        ss_buf out = {0};
        ss_explain(r->app, &out);
        ss_buf_free(&out);
    }
    char *text = fe_print_script(r->script);
    free(text);
    fe_free(r);
    ss_buf_free(&b);
}

static void test_literal_errors_are_reported_by_the_parser(void **state)
{
    (void)state;
    EXPECT_PARSE_ERRORS("SELECT STREAM 99999999999999999999, TIMESTAMP '2026-13-01 00:00:00' FROM s;",
                        {1, 15, "integer literal 99999999999999999999 is too large (the largest BIGINT is 9223372036854775807)"},
                        {1, 47, "invalid TIMESTAMP literal '2026-13-01 00:00:00' (expected 'YYYY-MM-DD HH:MM:SS[.fff]')"});
    EXPECT_PARSE_ERRORS("SELECT STREAM INTERVAL '5' SECOND TO MINUTE FROM s;",
                        {1, 15, "invalid interval qualifier SECOND TO MINUTE"});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_stream_with_every_column_type),
        cmocka_unit_test(test_create_or_replace_stream_with_quoted_names),
        cmocka_unit_test(test_column_mapping_is_kept),
        cmocka_unit_test(test_with_values_of_every_kind),
        cmocka_unit_test(test_create_pump_without_target_columns),
        cmocka_unit_test(test_create_or_replace_pump_with_target_columns),
        cmocka_unit_test(test_select_distinct_all_star_and_qualified_star),
        cmocka_unit_test(test_aliases_with_and_without_as),
        cmocka_unit_test(test_where_group_by_having),
        cmocka_unit_test(test_group_by_floor_hop_and_session),
        cmocka_unit_test(test_window_clause_and_named_over),
        cmocka_unit_test(test_inline_over_with_range_and_rows_frames),
        cmocka_unit_test(test_windowed_by_stagger_after_from_or_after_where),
        cmocka_unit_test(test_last_statement_may_omit_its_semicolon),
        cmocka_unit_test(test_statement_records_its_source_range),
        cmocka_unit_test(test_nonreserved_keywords_serve_as_names),
        cmocka_unit_test(test_arithmetic_precedence),
        cmocka_unit_test(test_boolean_precedence),
        cmocka_unit_test(test_comparison_operators),
        cmocka_unit_test(test_is_null_true_false_and_negations),
        cmocka_unit_test(test_between_in_and_like),
        cmocka_unit_test(test_case_simple_and_searched),
        cmocka_unit_test(test_cast_to_every_type),
        cmocka_unit_test(test_special_call_forms),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_binary_expression_is_positioned_at_its_operator),
        cmocka_unit_test(test_every_query_file_round_trips_through_the_printer),
        cmocka_unit_test(test_every_example_file_round_trips_through_the_printer),
        cmocka_unit_test(test_every_printed_form_round_trips),
        cmocka_unit_test(test_select_without_stream_keyword),
        cmocka_unit_test(test_unsupported_statement_lists_what_can_follow_create),
        cmocka_unit_test(test_garbage_statement_lists_statement_starts),
        cmocka_unit_test(test_trailing_comma_in_select_list),
        cmocka_unit_test(test_group_without_by),
        cmocka_unit_test(test_pump_without_as_or_into),
        cmocka_unit_test(test_missing_operator_between_conditions),
        cmocka_unit_test(test_with_entry_needs_equals_and_a_literal),
        cmocka_unit_test(test_case_without_end),
        cmocka_unit_test(test_cast_without_as),
        cmocka_unit_test(test_order_by_after_from_is_not_part_of_the_dialect),
        cmocka_unit_test(test_empty_in_list),
        cmocka_unit_test(test_not_and_is_expect_their_continuations),
        cmocka_unit_test(test_window_frames_need_their_extent),
        cmocka_unit_test(test_interval_needs_a_string_and_a_unit),
        cmocka_unit_test(test_long_token_is_cut_in_the_message),
        cmocka_unit_test(test_message_about_a_multiline_token_stays_on_one_line),
        cmocka_unit_test(test_error_at_end_of_input_says_end_of_input),
        cmocka_unit_test(test_two_bad_statements_are_both_reported),
        cmocka_unit_test(test_good_statement_after_a_bad_one_is_still_parsed),
        cmocka_unit_test(test_lexical_error_skips_its_statement_without_a_second_error),
        cmocka_unit_test(test_statement_with_error_after_last_token_is_not_kept),
        cmocka_unit_test(test_deep_nesting_is_an_error_not_a_crash),
        cmocka_unit_test(test_deep_unary_nesting_is_an_error_not_a_crash),
        cmocka_unit_test(test_literal_errors_are_reported_by_the_parser),
        /* Last: before the fix it overflows the C stack and ends the binary. */
        cmocka_unit_test(test_long_operator_chain_does_not_crash_the_compiler),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
