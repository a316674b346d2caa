/* The tokenizer (grammar/lexer.re) alone: every token class, the decoded values
 * (folded identifiers, unescaped strings), exact positions in UTF-8 characters,
 * and every lexical error with its message and position. */
#include "frontend_support.h"

/* All tokens of a text, the end token included; errors appear as SS_TK_LEXERROR. */
typedef struct lexed {
    char *text;
    ss_source src;
    ss_arena arena;
    ss_diags diags;
    ss_token tok[512];
    size_t n;
} lexed;

static lexed *lex_n(const char *text, size_t len)
{
    lexed *l = calloc(1, sizeof *l);
    assert_non_null(l);
    l->text = malloc(len + 1);
    assert_non_null(l->text);
    memcpy(l->text, text, len);
    l->text[len] = 0;
    l->src = (ss_source){"lex.sql", l->text, len};
    ss_arena_init(&l->arena, 1024);
    ss_diags_init(&l->diags, &l->src);
    ss_lexer lx;
    ss_lex_init(&lx, l->text, len, &l->arena, &l->diags);
    for (;;) {
        assert_true(l->n < sizeof l->tok / sizeof l->tok[0]);
        ss_token *t = &l->tok[l->n];
        memset(t, 0, sizeof *t);
        int type = ss_lex_next(&lx, t);
        if (type == SS_TK_LEXERROR)
            t->type = SS_TK_LEXERROR;
        else
            assert_int_equal(type, t->type);
        l->n++;
        if (type == 0)
            break;
    }
    return l;
}

static lexed *lex(const char *text) { return lex_n(text, strlen(text)); }

static void lex_free(lexed *l)
{
    ss_diags_free(&l->diags);
    ss_arena_free(&l->arena);
    free(l->text);
    free(l);
}

/* Checks token i: type, raw text, decoded value, line and column. */
#define TOK(l, i, type_, raw_, value_, line_, col_)                                        \
    do {                                                                                   \
        const ss_token *t_ = &(l)->tok[(i)];                                               \
        assert_true((i) < (l)->n);                                                         \
        assert_int_equal(t_->type, (type_));                                               \
        assert_int_equal(t_->len, strlen(raw_));                                           \
        assert_memory_equal(t_->text, (raw_), strlen(raw_));                               \
        assert_int_equal(t_->vlen, strlen(value_));                                        \
        assert_memory_equal(t_->value, (value_), strlen(value_));                          \
        assert_int_equal(t_->pos.line, (line_));                                           \
        assert_int_equal(t_->pos.col, (col_));                                             \
        assert_int_equal(t_->pos.offset, (uint32_t)(t_->text - (l)->text));                \
    } while (0)

/* Token i is the end of input at line:col. */
#define END_AT(l, i, line_, col_)                                                          \
    do {                                                                                   \
        assert_int_equal((l)->n, (i) + 1);                                                 \
        assert_int_equal((l)->tok[(i)].type, 0);                                           \
        assert_int_equal((l)->tok[(i)].pos.line, (line_));                                 \
        assert_int_equal((l)->tok[(i)].pos.col, (col_));                                   \
    } while (0)

/* Exactly one lexical error: message and position. */
#define ONE_ERROR(l, msg_, line_, col_)                                                    \
    do {                                                                                   \
        if ((l)->diags.n != 1 || strcmp((l)->diags.items[0].msg, (msg_)) != 0 ||           \
            (l)->diags.items[0].pos.line != (line_) || (l)->diags.items[0].pos.col != (col_)) { \
            print_error("expected one error %u:%u: %s\n", (unsigned)(line_), (unsigned)(col_), (msg_)); \
            for (size_t k_ = 0; k_ < (l)->diags.n; k_++)                                   \
                print_error("    actual %u:%u: %s\n", (l)->diags.items[k_].pos.line,       \
                            (l)->diags.items[k_].pos.col, (l)->diags.items[k_].msg);       \
            fail();                                                                        \
        }                                                                                  \
    } while (0)

static const struct {
    const char *word;
    int type;
} keywords[] = {
    {"ALL", TK_ALL}, {"AND", TK_AND}, {"AS", TK_AS}, {"ASC", TK_ASC}, {"BETWEEN", TK_BETWEEN},
    {"BOTH", TK_BOTH}, {"BY", TK_BY}, {"CASE", TK_CASE}, {"CAST", TK_CAST},
    {"CREATE", TK_CREATE}, {"CURRENT", TK_CURRENT}, {"DATE", TK_DATE}, {"DAY", TK_DAY},
    {"DESC", TK_DESC}, {"DISTINCT", TK_DISTINCT}, {"ELSE", TK_ELSE}, {"END", TK_END},
    {"ESCAPE", TK_ESCAPE}, {"EXTRACT", TK_EXTRACT}, {"FALSE", TK_FALSE},
    {"FOLLOWING", TK_FOLLOWING}, {"FOR", TK_FOR}, {"FROM", TK_FROM}, {"GROUP", TK_GROUP},
    {"HAVING", TK_HAVING}, {"HOUR", TK_HOUR}, {"IN", TK_IN}, {"INSERT", TK_INSERT},
    {"INTERVAL", TK_INTERVAL}, {"INTO", TK_INTO}, {"IS", TK_IS}, {"LEADING", TK_LEADING},
    {"LIKE", TK_LIKE}, {"MAPPING", TK_MAPPING}, {"MILLISECOND", TK_MILLISECOND},
    {"MINUTE", TK_MINUTE}, {"MONTH", TK_MONTH}, {"NOT", TK_NOT}, {"NULL", TK_NULL},
    {"OR", TK_OR}, {"ORDER", TK_ORDER}, {"OVER", TK_OVER}, {"PARTITION", TK_PARTITION},
    {"POSITION", TK_POSITION}, {"PRECEDING", TK_PRECEDING}, {"PRECISION", TK_PRECISION},
    {"PUMP", TK_PUMP}, {"RANGE", TK_RANGE}, {"REPLACE", TK_REPLACE}, {"ROW", TK_ROW},
    {"ROWS", TK_ROWS}, {"SECOND", TK_SECOND}, {"SELECT", TK_SELECT}, {"STAGGER", TK_STAGGER},
    {"STREAM", TK_STREAM}, {"THEN", TK_THEN}, {"TIME", TK_TIME}, {"TIMESTAMP", TK_TIMESTAMP},
    {"TO", TK_TO}, {"TRAILING", TK_TRAILING}, {"TRIM", TK_TRIM}, {"TRUE", TK_TRUE},
    {"UNBOUNDED", TK_UNBOUNDED}, {"VARYING", TK_VARYING}, {"WHEN", TK_WHEN},
    {"WHERE", TK_WHERE}, {"WINDOW", TK_WINDOW}, {"WINDOWED", TK_WINDOWED}, {"WITH", TK_WITH},
    {"YEAR", TK_YEAR},
};
#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

/* ------------------------------------------------------------- keywords */

static void test_every_keyword_matches_in_upper_lower_and_mixed_case(void **state)
{
    (void)state;
    assert_int_equal(NKEYWORDS, 70);
    for (size_t i = 0; i < NKEYWORDS; i++) {
        const char *w = keywords[i].word;
        size_t n = strlen(w);
        char lower[32], mixed[32], text[128];
        for (size_t k = 0; k <= n; k++) {
            lower[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] - 'A' + 'a' : w[k]);
            mixed[k] = (k % 2) ? lower[k] : w[k];
        }
        /* "select SeLeCt SELECT": three keywords, values folded, raw text kept. */
        snprintf(text, sizeof text, "%s %s %s", lower, mixed, w);
        lexed *l = lex(text);
        assert_int_equal(l->diags.n, 0);
        TOK(l, 0, keywords[i].type, lower, w, 1, 1);
        TOK(l, 1, keywords[i].type, mixed, w, 1, n + 2);
        TOK(l, 2, keywords[i].type, w, w, 1, 2 * n + 3);
        END_AT(l, 3, 1, 3 * n + 3);
        for (size_t k = 0; k < 3; k++)
            assert_int_equal(l->tok[k].quoted, 0);
        lex_free(l);
    }
}

static void test_keyword_with_extra_characters_is_an_identifier(void **state)
{
    (void)state;
    lexed *l = lex("SELECTX xselect select_ from1 Stream$ ASC2");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "SELECTX", "SELECTX", 1, 1);
    TOK(l, 1, TK_ID, "xselect", "XSELECT", 1, 9);
    TOK(l, 2, TK_ID, "select_", "SELECT_", 1, 17);
    TOK(l, 3, TK_ID, "from1", "FROM1", 1, 25);
    TOK(l, 4, TK_ID, "Stream$", "STREAM$", 1, 31);
    TOK(l, 5, TK_ID, "ASC2", "ASC2", 1, 39);
    END_AT(l, 6, 1, 43);
    lex_free(l);
}

static void test_quoted_keyword_is_an_identifier_with_its_case(void **state)
{
    (void)state;
    lexed *l = lex("\"select\" \"FROM\"");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "\"select\"", "select", 1, 1);
    TOK(l, 1, TK_ID, "\"FROM\"", "FROM", 1, 10);
    assert_int_equal(l->tok[0].quoted, 1);
    assert_int_equal(l->tok[1].quoted, 1);
    lex_free(l);
}

/* ---------------------------------------------------------- identifiers */

static void test_unquoted_identifiers_fold_to_upper_case(void **state)
{
    (void)state;
    lexed *l = lex("ticker_Symbol _private x1$y Abc");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "ticker_Symbol", "TICKER_SYMBOL", 1, 1);
    TOK(l, 1, TK_ID, "_private", "_PRIVATE", 1, 15);
    TOK(l, 2, TK_ID, "x1$y", "X1$Y", 1, 24);
    TOK(l, 3, TK_ID, "Abc", "ABC", 1, 29);
    for (size_t k = 0; k < 4; k++)
        assert_int_equal(l->tok[k].quoted, 0);
    END_AT(l, 4, 1, 32);
    lex_free(l);
}

static void test_quoted_identifier_keeps_case_and_undoubles_quotes(void **state)
{
    (void)state;
    lexed *l = lex("\"Ticker\" \"Ab\"\"c\" \"a b.c\" \"\"\"\" \"Größe\"");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "\"Ticker\"", "Ticker", 1, 1);
    TOK(l, 1, TK_ID, "\"Ab\"\"c\"", "Ab\"c", 1, 10);
    TOK(l, 2, TK_ID, "\"a b.c\"", "a b.c", 1, 18);
    TOK(l, 3, TK_ID, "\"\"\"\"", "\"", 1, 26);
    TOK(l, 4, TK_ID, "\"Größe\"", "Größe", 1, 31);
    for (size_t k = 0; k < 5; k++)
        assert_int_equal(l->tok[k].quoted, 1);
    /* The decoded value is NUL-terminated (names are used as C strings). */
    assert_string_equal(l->tok[1].value, "Ab\"c");
    END_AT(l, 5, 1, 38);
    lex_free(l);
}

/* --------------------------------------------------------------- strings */

static void test_string_literal_undoubles_single_quotes(void **state)
{
    (void)state;
    lexed *l = lex("'it''s' '' '''' 'a\"b' 'x -- not a comment' 'é€'");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_STRING, "'it''s'", "it's", 1, 1);
    TOK(l, 1, TK_STRING, "''", "", 1, 9);
    TOK(l, 2, TK_STRING, "''''", "'", 1, 12);
    TOK(l, 3, TK_STRING, "'a\"b'", "a\"b", 1, 17);
    TOK(l, 4, TK_STRING, "'x -- not a comment'", "x -- not a comment", 1, 23);
    TOK(l, 5, TK_STRING, "'é€'", "é€", 1, 44);
    assert_string_equal(l->tok[0].value, "it's");
    END_AT(l, 6, 1, 48);
    lex_free(l);
}

static void test_string_literal_may_span_lines(void **state)
{
    (void)state;
    lexed *l = lex("'line one\nline two' x");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_STRING, "'line one\nline two'", "line one\nline two", 1, 1);
    TOK(l, 1, TK_ID, "x", "X", 2, 11);
    lex_free(l);
}

/* --------------------------------------------------------------- numbers */

static void test_integers(void **state)
{
    (void)state;
    lexed *l = lex("0 42 007 9223372036854775808");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_INTEGER, "0", "0", 1, 1);
    TOK(l, 1, TK_INTEGER, "42", "42", 1, 3);
    TOK(l, 2, TK_INTEGER, "007", "007", 1, 6);
    TOK(l, 3, TK_INTEGER, "9223372036854775808", "9223372036854775808", 1, 10);
    END_AT(l, 4, 1, 29);
    lex_free(l);
}

static void test_decimals_with_point_first_last_or_inside(void **state)
{
    (void)state;
    lexed *l = lex("1. .5 12.50 0.0");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_DECIMAL, "1.", "1.", 1, 1);
    TOK(l, 1, TK_DECIMAL, ".5", ".5", 1, 4);
    TOK(l, 2, TK_DECIMAL, "12.50", "12.50", 1, 7);
    TOK(l, 3, TK_DECIMAL, "0.0", "0.0", 1, 13);
    END_AT(l, 4, 1, 16);
    lex_free(l);
}

static void test_numbers_with_exponents_are_floats(void **state)
{
    (void)state;
    lexed *l = lex("1e5 1.5E-3 .5e+2 1.e5 2E10");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_FLOAT, "1e5", "1e5", 1, 1);
    TOK(l, 1, TK_FLOAT, "1.5E-3", "1.5E-3", 1, 5);
    TOK(l, 2, TK_FLOAT, ".5e+2", ".5e+2", 1, 12);
    TOK(l, 3, TK_FLOAT, "1.e5", "1.e5", 1, 18);
    TOK(l, 4, TK_FLOAT, "2E10", "2E10", 1, 23);
    END_AT(l, 5, 1, 27);
    lex_free(l);
}

static void test_minus_before_a_number_is_an_operator(void **state)
{
    (void)state;
    lexed *l = lex("-1 - .5");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_MINUS, "-", "-", 1, 1);
    TOK(l, 1, TK_INTEGER, "1", "1", 1, 2);
    TOK(l, 2, TK_MINUS, "-", "-", 1, 4);
    TOK(l, 3, TK_DECIMAL, ".5", ".5", 1, 6);
    lex_free(l);
}

/* ------------------------------------------------------------- operators */

static void test_every_operator_and_punctuation(void **state)
{
    (void)state;
    lexed *l = lex("|| <> != <= >= = < > + - * / % ( ) , . ;");
    assert_int_equal(l->diags.n, 0);
    static const struct {
        int type;
        const char *raw;
    } ops[] = {{TK_CONCAT, "||"}, {TK_NE, "<>"},   {TK_NE, "!="},    {TK_LE, "<="},
               {TK_GE, ">="},     {TK_EQ, "="},    {TK_LT, "<"},     {TK_GT, ">"},
               {TK_PLUS, "+"},    {TK_MINUS, "-"}, {TK_STAR, "*"},   {TK_SLASH, "/"},
               {TK_PERCENT, "%"}, {TK_LP, "("},    {TK_RP, ")"},     {TK_COMMA, ","},
               {TK_DOT, "."},     {TK_SEMI, ";"}};
    unsigned col = 1;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        TOK(l, i, ops[i].type, ops[i].raw, ops[i].raw, 1, col);
        col += (unsigned)strlen(ops[i].raw) + 1;
    }
    END_AT(l, sizeof ops / sizeof ops[0], 1, col - 1);
    lex_free(l);
}

static void test_operators_need_no_spaces(void **state)
{
    (void)state;
    lexed *l = lex("a<=b<>c||'x'>=s.t;1-2");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "a", "A", 1, 1);
    TOK(l, 1, TK_LE, "<=", "<=", 1, 2);
    TOK(l, 2, TK_ID, "b", "B", 1, 4);
    TOK(l, 3, TK_NE, "<>", "<>", 1, 5);
    TOK(l, 4, TK_ID, "c", "C", 1, 7);
    TOK(l, 5, TK_CONCAT, "||", "||", 1, 8);
    TOK(l, 6, TK_STRING, "'x'", "x", 1, 10);
    TOK(l, 7, TK_GE, ">=", ">=", 1, 13);
    TOK(l, 8, TK_ID, "s", "S", 1, 15);
    TOK(l, 9, TK_DOT, ".", ".", 1, 16);
    TOK(l, 10, TK_ID, "t", "T", 1, 17);
    TOK(l, 11, TK_SEMI, ";", ";", 1, 18);
    TOK(l, 12, TK_INTEGER, "1", "1", 1, 19);
    TOK(l, 13, TK_MINUS, "-", "-", 1, 20);
    TOK(l, 14, TK_INTEGER, "2", "2", 1, 21);
    END_AT(l, 15, 1, 22);
    lex_free(l);
}

/* -------------------------------------------------------------- comments */

static void test_line_comment_runs_to_end_of_line(void **state)
{
    (void)state;
    lexed *l = lex("a -- b 'not a string ; SELECT\nc--d\n-- last line without newline");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "a", "A", 1, 1);
    TOK(l, 1, TK_ID, "c", "C", 2, 1);
    END_AT(l, 2, 3, 29);
    lex_free(l);
}

static void test_block_comment_spanning_lines_is_skipped(void **state)
{
    (void)state;
    lexed *l = lex("a /* one\n   two * / ** three\n*/ b /**/c/***/d /* -- */ e");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "a", "A", 1, 1);
    TOK(l, 1, TK_ID, "b", "B", 3, 4);
    TOK(l, 2, TK_ID, "c", "C", 3, 10);
    TOK(l, 3, TK_ID, "d", "D", 3, 16);
    TOK(l, 4, TK_ID, "e", "E", 3, 27);
    END_AT(l, 5, 3, 28);
    lex_free(l);
}

/* ------------------------------------------------------------- positions */

static void test_positions_count_lines_and_utf8_characters(void **state)
{
    (void)state;
    /* Line 1: 'héllo' is 7 characters but 8 bytes; '€' 3 bytes; '😀' 4 bytes. */
    lexed *l = lex("'héllo' x '€😀' y\n\ttab\r\n  z");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_STRING, "'héllo'", "héllo", 1, 1);
    TOK(l, 1, TK_ID, "x", "X", 1, 9);
    assert_int_equal(l->tok[1].pos.offset, 9);
    TOK(l, 2, TK_STRING, "'€😀'", "€😀", 1, 11);
    TOK(l, 3, TK_ID, "y", "Y", 1, 16);
    assert_int_equal(l->tok[3].pos.offset, 21);
    TOK(l, 4, TK_ID, "tab", "TAB", 2, 2);
    TOK(l, 5, TK_ID, "z", "Z", 3, 3);
    END_AT(l, 6, 3, 4);
    lex_free(l);
}

static void test_quoted_identifier_with_multibyte_characters_moves_columns_by_characters(void **state)
{
    (void)state;
    lexed *l = lex("\"Ärger\" \"日本\" x");
    assert_int_equal(l->diags.n, 0);
    TOK(l, 0, TK_ID, "\"Ärger\"", "Ärger", 1, 1);
    TOK(l, 1, TK_ID, "\"日本\"", "日本", 1, 9);
    TOK(l, 2, TK_ID, "x", "X", 1, 14);
    lex_free(l);
}

static void test_empty_and_blank_input_give_end_at_its_position(void **state)
{
    (void)state;
    lexed *l = lex("");
    assert_int_equal(l->diags.n, 0);
    END_AT(l, 0, 1, 1);
    lex_free(l);
    l = lex("  \n\t\f\v\r\n ");
    assert_int_equal(l->diags.n, 0);
    END_AT(l, 0, 3, 2);
    lex_free(l);
}

/* ---------------------------------------------------------------- errors */

static void test_unterminated_string_is_reported_at_its_quote(void **state)
{
    (void)state;
    lexed *l = lex("SELECT\n  'abc");
    ONE_ERROR(l, "unterminated string literal", 2, 3);
    TOK(l, 0, TK_SELECT, "SELECT", "SELECT", 1, 1);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    lex_free(l);
}

static void test_unterminated_quoted_identifier_is_reported_at_its_quote(void **state)
{
    (void)state;
    lexed *l = lex("x \"Abc");
    ONE_ERROR(l, "unterminated quoted identifier", 1, 3);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    lex_free(l);
}

static void test_empty_quoted_identifier_is_an_error(void **state)
{
    (void)state;
    lexed *l = lex("x \"\" y");
    ONE_ERROR(l, "empty quoted identifier", 1, 3);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    TOK(l, 2, TK_ID, "y", "Y", 1, 6);
    lex_free(l);
}

static void test_unterminated_block_comment_is_reported_at_its_start(void **state)
{
    (void)state;
    lexed *l = lex("a\n  b /* never\n closed *");
    ONE_ERROR(l, "unterminated /* comment", 2, 5);
    TOK(l, 1, TK_ID, "b", "B", 2, 3);
    assert_int_equal(l->tok[2].type, SS_TK_LEXERROR);
    lex_free(l);
}

static void test_stray_at_sign_is_an_unexpected_character(void **state)
{
    (void)state;
    lexed *l = lex("a @ b");
    ONE_ERROR(l, "unexpected character '@'", 1, 3);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    TOK(l, 2, TK_ID, "b", "B", 1, 5);
    lex_free(l);
}

static void test_stray_hash_is_an_unexpected_character(void **state)
{
    (void)state;
    lexed *l = lex("é#b");
    ONE_ERROR(l, "unexpected character '#'", 1, 2);
    lex_free(l);
}

static void test_stray_control_byte_is_reported_in_hex(void **state)
{
    (void)state;
    lexed *l = lex("a\n \x01 b");
    ONE_ERROR(l, "unexpected byte 0x01", 2, 2);
    TOK(l, 2, TK_ID, "b", "B", 2, 4);
    lex_free(l);
}

static void test_nul_byte_in_the_middle_is_an_error_not_the_end(void **state)
{
    (void)state;
    lexed *l = lex_n("a \0 b", 5);
    ONE_ERROR(l, "unexpected byte 0x00", 1, 3);
    TOK(l, 0, TK_ID, "a", "A", 1, 1);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    TOK(l, 2, TK_ID, "b", "B", 1, 5);
    END_AT(l, 3, 1, 6);
    lex_free(l);
}

static void test_nul_byte_inside_a_string_is_an_error(void **state)
{
    (void)state;
    lexed *l = lex_n("x 'a\0b' y", 9);
    ONE_ERROR(l, "NUL byte in string literal", 1, 5);
    TOK(l, 2, TK_ID, "y", "Y", 1, 9);
    lex_free(l);
}

static void test_malformed_number_is_reported_at_its_start(void **state)
{
    (void)state;
    lexed *l = lex("x 12abc");
    assert_true(l->diags.n >= 1);
    assert_string_equal(l->diags.items[0].msg, "malformed number");
    assert_int_equal(l->diags.items[0].pos.line, 1);
    assert_int_equal(l->diags.items[0].pos.col, 3);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    lex_free(l);
    l = lex("1.5e");
    ONE_ERROR(l, "malformed number", 1, 1);
    lex_free(l);
}

/* One bad number is one error, and lexing resumes after the whole of it: "0x1F"
 * and "12abc" must not also yield an identifier or a second error. */
static void test_malformed_number_is_one_error_and_lexing_resumes_after_it(void **state)
{
    (void)state;
    lexed *l = lex("x 12abc y");
    ONE_ERROR(l, "malformed number", 1, 3);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    TOK(l, 2, TK_ID, "y", "Y", 1, 9);
    lex_free(l);
    l = lex("x 0x1F y");
    ONE_ERROR(l, "malformed number", 1, 3);
    TOK(l, 2, TK_ID, "y", "Y", 1, 8);
    lex_free(l);
}

static void test_invalid_utf8_in_string_is_reported_at_the_bad_byte(void **state)
{
    (void)state;
    lexed *l = lex("x 'a\xff" "b' y");
    ONE_ERROR(l, "invalid UTF-8 in string literal", 1, 5);
    assert_int_equal(l->tok[1].type, SS_TK_LEXERROR);
    TOK(l, 2, TK_ID, "y", "Y", 1, 9);
    lex_free(l);
    /* A truncated sequence after a valid multibyte character: column in characters. */
    l = lex("é 'ü\xc3' y");
    ONE_ERROR(l, "invalid UTF-8 in string literal", 1, 5);
    lex_free(l);
}

static void test_overlong_and_surrogate_utf8_in_strings_are_rejected(void **state)
{
    (void)state;
    lexed *l = lex("'\xc0\xaf'");
    ONE_ERROR(l, "invalid UTF-8 in string literal", 1, 2);
    lex_free(l);
    l = lex("'ab\xed\xa0\x80'");
    ONE_ERROR(l, "invalid UTF-8 in string literal", 1, 4);
    lex_free(l);
    l = lex("'\xf4\x90\x80\x80'");
    ONE_ERROR(l, "invalid UTF-8 in string literal", 1, 2);
    lex_free(l);
}

static void test_invalid_utf8_in_identifiers_is_rejected(void **state)
{
    (void)state;
    lexed *l = lex("x \xfe\xff");
    ONE_ERROR(l, "invalid UTF-8 in identifier", 1, 3);
    lex_free(l);
    l = lex("x \"a\xc3\"");
    ONE_ERROR(l, "invalid UTF-8 in quoted identifier", 1, 5);
    lex_free(l);
}

static void test_lexing_continues_after_an_error(void **state)
{
    (void)state;
    lexed *l = lex("a @ b\n# c");
    assert_int_equal(l->diags.n, 2);
    assert_string_equal(l->diags.items[0].msg, "unexpected character '@'");
    assert_string_equal(l->diags.items[1].msg, "unexpected character '#'");
    assert_int_equal(l->diags.items[1].pos.line, 2);
    assert_int_equal(l->diags.items[1].pos.col, 1);
    TOK(l, 4, TK_ID, "c", "C", 2, 3);
    END_AT(l, 5, 2, 4);
    lex_free(l);
}

static void test_token_spelling_names_tokens_for_messages(void **state)
{
    (void)state;
    assert_string_equal(ss_token_spelling(0), "end of input");
    assert_string_equal(ss_token_spelling(TK_SELECT), "SELECT");
    assert_string_equal(ss_token_spelling(TK_COMMA), "','");
    assert_string_equal(ss_token_spelling(TK_ID), "a name");
    assert_string_equal(ss_token_spelling(TK_CONCAT), "'||'");
    for (size_t i = 0; i < NKEYWORDS; i++)
        assert_string_equal(ss_token_spelling(keywords[i].type), keywords[i].word);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_keyword_matches_in_upper_lower_and_mixed_case),
        cmocka_unit_test(test_keyword_with_extra_characters_is_an_identifier),
        cmocka_unit_test(test_quoted_keyword_is_an_identifier_with_its_case),
        cmocka_unit_test(test_unquoted_identifiers_fold_to_upper_case),
        cmocka_unit_test(test_quoted_identifier_keeps_case_and_undoubles_quotes),
        cmocka_unit_test(test_string_literal_undoubles_single_quotes),
        cmocka_unit_test(test_string_literal_may_span_lines),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_decimals_with_point_first_last_or_inside),
        cmocka_unit_test(test_numbers_with_exponents_are_floats),
        cmocka_unit_test(test_minus_before_a_number_is_an_operator),
        cmocka_unit_test(test_every_operator_and_punctuation),
        cmocka_unit_test(test_operators_need_no_spaces),
        cmocka_unit_test(test_line_comment_runs_to_end_of_line),
        cmocka_unit_test(test_block_comment_spanning_lines_is_skipped),
        cmocka_unit_test(test_positions_count_lines_and_utf8_characters),
        cmocka_unit_test(test_quoted_identifier_with_multibyte_characters_moves_columns_by_characters),
        cmocka_unit_test(test_empty_and_blank_input_give_end_at_its_position),
        cmocka_unit_test(test_unterminated_string_is_reported_at_its_quote),
        cmocka_unit_test(test_unterminated_quoted_identifier_is_reported_at_its_quote),
        cmocka_unit_test(test_empty_quoted_identifier_is_an_error),
        cmocka_unit_test(test_unterminated_block_comment_is_reported_at_its_start),
        cmocka_unit_test(test_stray_at_sign_is_an_unexpected_character),
        cmocka_unit_test(test_stray_hash_is_an_unexpected_character),
        cmocka_unit_test(test_stray_control_byte_is_reported_in_hex),
        cmocka_unit_test(test_nul_byte_in_the_middle_is_an_error_not_the_end),
        cmocka_unit_test(test_nul_byte_inside_a_string_is_an_error),
        cmocka_unit_test(test_malformed_number_is_reported_at_its_start),
        cmocka_unit_test(test_malformed_number_is_one_error_and_lexing_resumes_after_it),
        cmocka_unit_test(test_invalid_utf8_in_string_is_reported_at_the_bad_byte),
        cmocka_unit_test(test_overlong_and_surrogate_utf8_in_strings_are_rejected),
        cmocka_unit_test(test_invalid_utf8_in_identifiers_is_rejected),
        cmocka_unit_test(test_lexing_continues_after_an_error),
        cmocka_unit_test(test_token_spelling_names_tokens_for_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
