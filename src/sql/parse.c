/* Parse driver; see parse.h. Syntax errors name the token and list what the
 * grammar would have accepted there, found by replaying the statement's
 * tokens into a scratch parser with each candidate token. */
#include "sql/parse.h"
#include "util/buf.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* lemon writes no prototypes for its entry points (see STYLE.md). */
void *ss_grammarAlloc(void *(*malloc_fn)(size_t));
void ss_grammarFree(void *p, void (*free_fn)(void *));
void ss_grammar(void *p, int major, ss_token minor, ss_parse_ctx *ctx);
void ss_grammarInit(void *p);
void ss_grammarFinalize(void *p);
#ifndef NDEBUG
void ss_grammarTrace(FILE *out, char *prompt);
#endif

static const char *const spellings[] = {
#define S(tk, str) [TK_##tk] = str
    S(SEMI, "';'"), S(ID, "a name"), S(STRING, "a string"), S(INTEGER, "an integer"),
    S(DECIMAL, "a number"), S(FLOAT, "a number"), S(LP, "'('"), S(RP, "')'"),
    S(COMMA, "','"), S(DOT, "'.'"), S(PLUS, "'+'"), S(MINUS, "'-'"), S(STAR, "'*'"),
    S(SLASH, "'/'"), S(PERCENT, "'%'"), S(CONCAT, "'||'"), S(EQ, "'='"), S(NE, "'<>'"),
    S(LT, "'<'"), S(LE, "'<='"), S(GT, "'>'"), S(GE, "'>='"),
    S(ALL, "ALL"), S(AND, "AND"), S(AS, "AS"), S(ASC, "ASC"), S(BETWEEN, "BETWEEN"),
    S(BOTH, "BOTH"), S(BY, "BY"), S(CASE, "CASE"), S(CAST, "CAST"), S(CREATE, "CREATE"),
    S(CURRENT, "CURRENT"), S(DATE, "DATE"), S(DAY, "DAY"), S(DESC, "DESC"),
    S(DISTINCT, "DISTINCT"), S(ELSE, "ELSE"), S(END, "END"), S(ESCAPE, "ESCAPE"),
    S(EXTRACT, "EXTRACT"), S(FALSE, "FALSE"), S(FOLLOWING, "FOLLOWING"), S(FOR, "FOR"),
    S(FROM, "FROM"), S(GROUP, "GROUP"), S(HAVING, "HAVING"), S(HOUR, "HOUR"), S(IN, "IN"),
    S(INSERT, "INSERT"), S(INTERVAL, "INTERVAL"), S(INTO, "INTO"), S(IS, "IS"),
    S(LEADING, "LEADING"), S(LIKE, "LIKE"), S(MAPPING, "MAPPING"),
    S(MILLISECOND, "MILLISECOND"), S(MINUTE, "MINUTE"), S(MONTH, "MONTH"), S(NOT, "NOT"),
    S(NULL, "NULL"), S(OR, "OR"), S(ORDER, "ORDER"), S(OVER, "OVER"),
    S(PARTITION, "PARTITION"), S(POSITION, "POSITION"), S(PRECEDING, "PRECEDING"),
    S(PRECISION, "PRECISION"), S(VARYING, "VARYING"),
    S(PUMP, "PUMP"), S(RANGE, "RANGE"), S(REPLACE, "REPLACE"), S(ROW, "ROW"), S(ROWS, "ROWS"),
    S(SECOND, "SECOND"), S(SELECT, "SELECT"), S(STAGGER, "STAGGER"), S(STREAM, "STREAM"),
    S(THEN, "THEN"), S(TIME, "TIME"), S(TIMESTAMP, "TIMESTAMP"), S(TO, "TO"),
    S(TRAILING, "TRAILING"), S(TRIM, "TRIM"), S(TRUE, "TRUE"), S(UNBOUNDED, "UNBOUNDED"),
    S(WHEN, "WHEN"), S(WHERE, "WHERE"), S(WINDOW, "WINDOW"), S(WINDOWED, "WINDOWED"),
    S(WITH, "WITH"), S(YEAR, "YEAR"),
#undef S
};
#define NSPELLINGS ((int)(sizeof spellings / sizeof spellings[0]))

const char *ss_token_spelling(int type)
{
    if (type == 0)
        return "end of input";
    if (type > 0 && type < NSPELLINGS && spellings[type])
        return spellings[type];
    return "?";
}

/* Keywords that the grammar lets stand for names (%fallback ID). When a name is
 * expected they are implied, so they are not listed separately. */
static bool falls_back_to_name(int type)
{
    switch (type) {
    case TK_STREAM: case TK_PUMP: case TK_REPLACE: case TK_STAGGER: case TK_PARTITION: case TK_RANGE: case TK_ROWS: case TK_PRECEDING:
    case TK_FOLLOWING: case TK_CURRENT: case TK_ROW: case TK_UNBOUNDED: case TK_MAPPING:
    case TK_ESCAPE: case TK_TO: case TK_FOR: case TK_YEAR: case TK_MONTH: case TK_DAY:
    case TK_HOUR: case TK_MINUTE: case TK_SECOND: case TK_MILLISECOND: case TK_TIMESTAMP:
    case TK_DATE: case TK_TIME: case TK_BOTH: case TK_LEADING: case TK_TRAILING: case TK_ASC:
    case TK_DESC: case TK_POSITION: case TK_PRECISION: case TK_VARYING:
        return true;
    default:
        return false;
    }
}

/* Tokens that can start an expression; when all are acceptable we say "an expression". */
static const int expr_starters[] = {TK_ID,   TK_INTEGER, TK_DECIMAL, TK_FLOAT, TK_STRING,
                                    TK_LP,   TK_MINUS,   TK_PLUS,    TK_NOT,   TK_CASE,
                                    TK_CAST, TK_TRUE,    TK_FALSE,   TK_NULL,  TK_INTERVAL,
                                    TK_EXTRACT, TK_TRIM};

static const int operators[] = {TK_PLUS, TK_MINUS, TK_STAR,  TK_SLASH, TK_PERCENT, TK_CONCAT,
                                TK_EQ,   TK_NE,    TK_LT,    TK_LE,    TK_GT,      TK_GE,
                                TK_AND,  TK_OR,    TK_NOT,   TK_IS,    TK_LIKE,    TK_BETWEEN,
                                TK_IN,   TK_ESCAPE};

typedef struct token_vec {
    ss_token *items;
    size_t n, cap;
} token_vec;

void ss_parse_note_syntax_error(ss_parse_ctx *c, const ss_token *tok)
{
    (void)tok;
    c->failed = true;
}

void ss_parse_note_overflow(ss_parse_ctx *c)
{
    c->failed = true;
    c->overflow = true;
}

ss_pos ss_parse_here(ss_parse_ctx *c)
{
    return c->lookahead;
}

/* Whether the grammar accepts `candidate` after the statement's first n tokens. */
static bool accepts(const token_vec *toks, size_t n, int candidate, const ss_source *src)
{
    ss_arena scratch;
    ss_arena_init(&scratch, 4096);
    ss_diags quiet;
    ss_diags_init(&quiet, src);
    ss_script script = {0};
    ss_parse_ctx c = {.arena = &scratch, .diags = &quiet, .src = src, .script = &script,
                      .probing = true};
    void *p = ss_grammarAlloc(ss_xmalloc);
    for (size_t i = 0; i < n && !c.failed; i++) {
        c.lookahead = toks->items[i].pos;
        ss_grammar(p, toks->items[i].type, toks->items[i], &c);
    }
    bool ok = false;
    if (!c.failed) {
        ss_token t = toks->items[n];
        t.type = candidate;
        t.value = t.text = "X";
        t.len = t.vlen = 1;
        ss_grammar(p, candidate, t, &c);
        ok = !c.failed;
    }
    ss_grammarFree(p, free);
    ss_diags_free(&quiet);
    ss_arena_free(&scratch);
    return ok;
}

static void describe_token(const ss_token *t, ss_buf *out)
{
    if (t->type == 0 || t->len == 0) { /* the implied ';' at the end is empty too */
        ss_buf_puts(out, "end of input");
        return;
    }
    uint32_t n = t->len > 40 ? 40 : t->len;
    /* A message is one line: a multi-line string is shown up to its first break. */
    for (uint32_t i = 0; i < n; i++)
        if (t->text[i] == '\n' || t->text[i] == '\r')
            n = i;
    /* Do not cut a UTF-8 sequence in half. */
    while (n < t->len && n > 0 && ((unsigned char)t->text[n] & 0xC0) == 0x80)
        n--;
    ss_buf_putc(out, '\'');
    ss_buf_append(out, t->text, n);
    if (n < t->len)
        ss_buf_puts(out, "...");
    ss_buf_putc(out, '\'');
}

static void report_syntax_error(ss_parse_ctx *c, const token_vec *toks)
{
    size_t at = toks->n - 1;
    const ss_token *bad = &toks->items[at];
    ss_buf msg = {0};
    if (c->overflow) {
        ss_buf_puts(&msg, "expression nested too deeply");
        ss_diags_add(c->diags, bad->pos, "%s", ss_buf_cstr(&msg));
        ss_buf_free(&msg);
        return;
    }
    bool ok[256] = {0};
    int maxtok = NSPELLINGS < 256 ? NSPELLINGS : 256;
    for (int t = 1; t < maxtok; t++)
        if (spellings[t] && t != TK_ILLEGAL)
            ok[t] = accepts(toks, at, t, c->src);

    ss_buf_puts(&msg, "syntax error at ");
    describe_token(bad, &msg);

    const char *items[64];
    int nitems = 0;
    bool names_ok = ok[TK_ID];
    bool all_expr = true;
    for (size_t i = 0; i < sizeof expr_starters / sizeof expr_starters[0]; i++)
        all_expr &= ok[expr_starters[i]];
    if (all_expr) {
        items[nitems++] = "an expression";
        for (size_t i = 0; i < sizeof expr_starters / sizeof expr_starters[0]; i++)
            ok[expr_starters[i]] = false;
    } else if (ok[TK_ID]) {
        items[nitems++] = "a name";
        ok[TK_ID] = false;
    }
    if (ok[TK_INTEGER] && ok[TK_DECIMAL]) {
        items[nitems++] = "a number";
        ok[TK_INTEGER] = ok[TK_DECIMAL] = ok[TK_FLOAT] = false;
    }
    /* After a complete operand every operator would do; say so once, last. */
    bool any_operator = ok[TK_PLUS] && ok[TK_EQ] && ok[TK_AND];
    if (any_operator)
        for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
            ok[operators[i]] = false;
    for (int t = 1; t < maxtok && nitems < 64; t++) {
        if (!ok[t] || (names_ok && falls_back_to_name(t)))
            continue;
        items[nitems++] = spellings[t];
    }
    if (any_operator)
        items[nitems++] = "an operator";
    if (nitems > 0) {
        ss_buf_puts(&msg, ": expected ");
        int shown = nitems > 8 ? 8 : nitems;
        for (int i = 0; i < shown; i++) {
            if (i)
                ss_buf_puts(&msg, i == nitems - 1 ? " or " : ", ");
            ss_buf_puts(&msg, items[i]);
        }
        if (shown < nitems)
            ss_buf_printf(&msg, " or one of %d more", nitems - shown);
    }
    ss_diags_add(c->diags, bad->pos, "%s", ss_buf_cstr(&msg));
    ss_buf_free(&msg);
}

static void remember_broken_stream(ss_parse_ctx *c, const token_vec *toks)
{
    size_t i = 0;
    if (toks->n < 3 || toks->items[i++].type != TK_CREATE)
        return;
    if (toks->items[i].type == TK_OR)
        i += 2;
    if (i + 1 >= toks->n || toks->items[i].type != TK_STREAM)
        return;
    const ss_token *name = &toks->items[i + 1];
    if (name->type != TK_ID && !falls_back_to_name(name->type))
        return;
    ss_script *s = c->script;
    if (s->nbroken == s->broken_cap) {
        uint32_t cap = s->broken_cap ? s->broken_cap * 2 : 4;
        const char **p = ss_arena_alloc(c->arena, sizeof(char *) * cap);
        if (s->nbroken)
            memcpy(p, s->broken_streams, sizeof(char *) * s->nbroken);
        s->broken_streams = p;
        s->broken_cap = cap;
    }
    s->broken_streams[s->nbroken++] = name->value;
}

/* Feeds one token; false after a syntax error (already reported). A statement
 * is committed only once its ';' is accepted: lemon's default reductions can
 * run a statement's final action before it notices the error. */
static bool feed(void *parser, ss_parse_ctx *c, token_vec *toks, ss_token t)
{
    if (toks->n == 0)
        c->stmt_start = t.pos.offset;
    SS_GROW(toks->items, toks->cap, toks->n + 1);
    toks->items[toks->n++] = t;
    c->lookahead = t.pos;
    ss_grammar(parser, t.type, t, c);
    bool ok = !c->failed;
    if (!ok) {
        report_syntax_error(c, toks);
        remember_broken_stream(c, toks);
    }
    if (c->pending && ok && t.type == TK_SEMI)
        ss_ast_commit_stmt(c, c->pending);
    if (!ok || t.type == TK_SEMI) {
        c->pending = NULL;
        toks->n = 0;
    }
    return ok;
}

static void reset(void *parser, ss_parse_ctx *c)
{
    ss_grammarFinalize(parser);
    ss_grammarInit(parser);
    c->failed = c->overflow = false;
}

ss_script *ss_parse(const ss_source *src, ss_arena *arena, ss_diags *diags)
{
    ss_script *script = SS_ARENA_NEW(arena, ss_script);
    ss_parse_ctx c = {.arena = arena, .diags = diags, .src = src, .script = script};
    ss_lexer lx;
    ss_lex_init(&lx, src->text, src->len, arena, diags);
    void *parser = ss_grammarAlloc(ss_xmalloc);
    token_vec toks = {0};  /* the current statement's tokens, for error reports */
    bool skipping = false; /* after an error: drop tokens up to the next ';' */

    for (;;) {
        ss_token t;
        int type = ss_lex_next(&lx, &t);
        if (type == SS_TK_LEXERROR) {
            if (!skipping)
                remember_broken_stream(&c, &toks);
            skipping = true;
            continue;
        }
        if (skipping) {
            if (type == TK_SEMI || type == 0) {
                skipping = false;
                toks.n = 0;
                c.pending = NULL;
                reset(parser, &c);
            }
            if (type == 0)
                break;
            continue;
        }
        if (type == 0 && toks.n > 0) {
            /* A last statement without ';' is accepted as if it had one. */
            ss_token semi = t;
            semi.type = TK_SEMI;
            if (!feed(parser, &c, &toks, semi))
                break;
        }
        if (!feed(parser, &c, &toks, t)) {
            reset(parser, &c);
            skipping = type != TK_SEMI && type != 0;
        }
        if (type == 0)
            break;
    }
    ss_grammarFree(parser, free);
    free(toks.items);
    return script;
}
