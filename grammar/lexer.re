/* The KDA SQL tokenizer (re2c). It only makes tokens: keywords are matched
 * case-insensitively here, identifiers are folded, strings unescaped, and every
 * token gets its line and column. Lexical errors are reported with a position. */
#include "sql/lex.h"
#include "parser.h"

#include <stdio.h>
#include <string.h>

void ss_lex_init(ss_lexer *lx, const char *text, size_t len, ss_arena *arena, ss_diags *diags)
{
    memset(lx, 0, sizeof *lx);
    lx->start = lx->cur = lx->at = text;
    lx->lim = text + len;
    lx->pos_at.line = 1;
    lx->pos_at.col = 1;
    lx->arena = arena;
    lx->diags = diags;
}

/* Moves the tracked position forward to p; tokens come in order, so this is linear overall. */
static ss_pos position_of(ss_lexer *lx, const char *p)
{
    for (const char *q = lx->at; q < p; q++) {
        unsigned char c = (unsigned char)*q;
        if (c == '\n') {
            lx->pos_at.line++;
            lx->pos_at.col = 1;
        } else if ((c & 0xC0) != 0x80) {
            lx->pos_at.col++;
        }
    }
    lx->at = p;
    lx->pos_at.offset = (uint32_t)(p - lx->start);
    return lx->pos_at;
}

static int lex_error(ss_lexer *lx, const char *where, const char *msg)
{
    ss_diags_add(lx->diags, position_of(lx, where), "%s", msg);
    return SS_TK_LEXERROR;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return 0;
    if (n < len)
        return 0;
    unsigned cp = c & (0x3F >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Checks that [p, e) is valid UTF-8 without NUL; reports at the first bad byte. */
static int check_text(ss_lexer *lx, const char *p, const char *e, const char *what)
{
    while (p < e) {
        if (*p == 0) {
            ss_diags_add(lx->diags, position_of(lx, p), "NUL byte in %s", what);
            return -1;
        }
        size_t n = utf8_seq((const unsigned char *)p, (size_t)(e - p));
        if (!n) {
            ss_diags_add(lx->diags, position_of(lx, p), "invalid UTF-8 in %s", what);
            return -1;
        }
        p += n;
    }
    return 0;
}

/* Copies [p, e) into the arena, turning each doubled quote q into one. */
static const char *undouble(ss_lexer *lx, const char *p, const char *e, char q, uint32_t *len)
{
    char *out = ss_arena_alloc(lx->arena, (size_t)(e - p) + 1), *o = out;
    while (p < e) {
        *o++ = *p;
        p += (*p == q) ? 2 : 1;
    }
    *o = 0;
    *len = (uint32_t)(o - out);
    return out;
}

static int finish(ss_lexer *lx, ss_token *t, int type)
{
    t->type = type;
    t->text = lx->tok;
    t->len = (uint32_t)(lx->cur - lx->tok);
    t->pos = position_of(lx, lx->tok);
    t->value = t->text;
    t->vlen = t->len;
    t->quoted = 0;
    return type;
}

static int identifier(ss_lexer *lx, ss_token *t)
{
    finish(lx, t, TK_ID);
    if (check_text(lx, lx->tok, lx->cur, "identifier"))
        return SS_TK_LEXERROR;
    char *v = ss_arena_strndup(lx->arena, t->text, t->len);
    for (char *p = v; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    t->value = v;
    return TK_ID;
}

/* Keywords keep their folded spelling as value, so a keyword that falls back to
 * an identifier in the grammar names the same thing an unquoted identifier would. */
static int keyword(ss_lexer *lx, ss_token *t, int type)
{
    identifier(lx, t);
    t->type = type;
    return type;
}

int ss_lex_next(ss_lexer *lx, ss_token *t)
{
    for (;;) {
        lx->tok = lx->cur;
        /*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = "lx->cur";
        re2c:define:YYMARKER = "lx->marker";
        re2c:define:YYLIMIT = "lx->lim";
        re2c:yyfill:enable = 0;
        re2c:eof = 0;

        digit = [0-9];
        idstart = [a-zA-Z_] | [\x80-\xff];
        idchar = [a-zA-Z0-9_$] | [\x80-\xff];
        digits = digit+;
        exponent = [eE] [+-]? digits;

        $ { t->type = 0; t->text = lx->cur; t->len = 0; t->pos = position_of(lx, lx->cur);
            t->value = t->text; t->vlen = 0; t->quoted = 0; return 0; }

        [ \t\r\n\f\v]+ { continue; }
        "--" [^\n]* { continue; }
        "/*" ([^*] | "*"+ [^*/])* "*"+ "/" { continue; }
        "/*" { return lex_error(lx, lx->tok, "unterminated /* comment"); }

        'ALL'        { return keyword(lx, t, TK_ALL); }
        'AND'        { return keyword(lx, t, TK_AND); }
        'AS'         { return keyword(lx, t, TK_AS); }
        'ASC'        { return keyword(lx, t, TK_ASC); }
        'BETWEEN'    { return keyword(lx, t, TK_BETWEEN); }
        'BOTH'       { return keyword(lx, t, TK_BOTH); }
        'BY'         { return keyword(lx, t, TK_BY); }
        'CASE'       { return keyword(lx, t, TK_CASE); }
        'CAST'       { return keyword(lx, t, TK_CAST); }
        'CREATE'     { return keyword(lx, t, TK_CREATE); }
        'CURRENT'    { return keyword(lx, t, TK_CURRENT); }
        'DATE'       { return keyword(lx, t, TK_DATE); }
        'DAY'        { return keyword(lx, t, TK_DAY); }
        'DESC'       { return keyword(lx, t, TK_DESC); }
        'DISTINCT'   { return keyword(lx, t, TK_DISTINCT); }
        'ELSE'       { return keyword(lx, t, TK_ELSE); }
        'END'        { return keyword(lx, t, TK_END); }
        'ESCAPE'     { return keyword(lx, t, TK_ESCAPE); }
        'EXTRACT'    { return keyword(lx, t, TK_EXTRACT); }
        'FALSE'      { return keyword(lx, t, TK_FALSE); }
        'FOLLOWING'  { return keyword(lx, t, TK_FOLLOWING); }
        'FOR'        { return keyword(lx, t, TK_FOR); }
        'FROM'       { return keyword(lx, t, TK_FROM); }
        'GROUP'      { return keyword(lx, t, TK_GROUP); }
        'HAVING'     { return keyword(lx, t, TK_HAVING); }
        'HOUR'       { return keyword(lx, t, TK_HOUR); }
        'IN'         { return keyword(lx, t, TK_IN); }
        'INSERT'     { return keyword(lx, t, TK_INSERT); }
        'INTERVAL'   { return keyword(lx, t, TK_INTERVAL); }
        'INTO'       { return keyword(lx, t, TK_INTO); }
        'IS'         { return keyword(lx, t, TK_IS); }
        'LEADING'    { return keyword(lx, t, TK_LEADING); }
        'LIKE'       { return keyword(lx, t, TK_LIKE); }
        'MAPPING'    { return keyword(lx, t, TK_MAPPING); }
        'MILLISECOND' { return keyword(lx, t, TK_MILLISECOND); }
        'MINUTE'     { return keyword(lx, t, TK_MINUTE); }
        'MONTH'      { return keyword(lx, t, TK_MONTH); }
        'NOT'        { return keyword(lx, t, TK_NOT); }
        'NULL'       { return keyword(lx, t, TK_NULL); }
        'OR'         { return keyword(lx, t, TK_OR); }
        'ORDER'      { return keyword(lx, t, TK_ORDER); }
        'OVER'       { return keyword(lx, t, TK_OVER); }
        'PARTITION'  { return keyword(lx, t, TK_PARTITION); }
        'POSITION'   { return keyword(lx, t, TK_POSITION); }
        'PRECEDING'  { return keyword(lx, t, TK_PRECEDING); }
        'PRECISION'  { return keyword(lx, t, TK_PRECISION); }
        'PUMP'       { return keyword(lx, t, TK_PUMP); }
        'RANGE'      { return keyword(lx, t, TK_RANGE); }
        'REPLACE'    { return keyword(lx, t, TK_REPLACE); }
        'ROW'        { return keyword(lx, t, TK_ROW); }
        'ROWS'       { return keyword(lx, t, TK_ROWS); }
        'SECOND'     { return keyword(lx, t, TK_SECOND); }
        'SELECT'     { return keyword(lx, t, TK_SELECT); }
        'STAGGER'    { return keyword(lx, t, TK_STAGGER); }
        'STREAM'     { return keyword(lx, t, TK_STREAM); }
        'THEN'       { return keyword(lx, t, TK_THEN); }
        'TIME'       { return keyword(lx, t, TK_TIME); }
        'TIMESTAMP'  { return keyword(lx, t, TK_TIMESTAMP); }
        'TO'         { return keyword(lx, t, TK_TO); }
        'TRAILING'   { return keyword(lx, t, TK_TRAILING); }
        'TRIM'       { return keyword(lx, t, TK_TRIM); }
        'TRUE'       { return keyword(lx, t, TK_TRUE); }
        'UNBOUNDED'  { return keyword(lx, t, TK_UNBOUNDED); }
        'VARYING'    { return keyword(lx, t, TK_VARYING); }
        'WHEN'       { return keyword(lx, t, TK_WHEN); }
        'WHERE'      { return keyword(lx, t, TK_WHERE); }
        'WINDOW'     { return keyword(lx, t, TK_WINDOW); }
        'WINDOWED'   { return keyword(lx, t, TK_WINDOWED); }
        'WITH'       { return keyword(lx, t, TK_WITH); }
        'YEAR'       { return keyword(lx, t, TK_YEAR); }

        idstart idchar* { return identifier(lx, t); }

        ["] ([^"] | ["]["])+ ["] {
            finish(lx, t, TK_ID);
            if (check_text(lx, lx->tok + 1, lx->cur - 1, "quoted identifier"))
                return SS_TK_LEXERROR;
            t->value = undouble(lx, lx->tok + 1, lx->cur - 1, '"', &t->vlen);
            t->quoted = 1;
            return TK_ID;
        }
        ["]["] { return lex_error(lx, lx->tok, "empty quoted identifier"); }
        ["] { return lex_error(lx, lx->tok, "unterminated quoted identifier"); }

        ['] ([^'] | [']['])* ['] {
            finish(lx, t, TK_STRING);
            if (check_text(lx, lx->tok + 1, lx->cur - 1, "string literal"))
                return SS_TK_LEXERROR;
            t->value = undouble(lx, lx->tok + 1, lx->cur - 1, '\'', &t->vlen);
            return TK_STRING;
        }
        ['] { return lex_error(lx, lx->tok, "unterminated string literal"); }

        digits { return finish(lx, t, TK_INTEGER); }
        digits "." digit* | "." digits { return finish(lx, t, TK_DECIMAL); }
        (digits | digits "." digit* | "." digits) exponent { return finish(lx, t, TK_FLOAT); }
        (digits | digits "." digit* | "." digits) exponent? idchar+ {
            return lex_error(lx, lx->tok, "malformed number");
        }

        "(" { return finish(lx, t, TK_LP); }
        ")" { return finish(lx, t, TK_RP); }
        "," { return finish(lx, t, TK_COMMA); }
        "." { return finish(lx, t, TK_DOT); }
        ";" { return finish(lx, t, TK_SEMI); }
        "+" { return finish(lx, t, TK_PLUS); }
        "-" { return finish(lx, t, TK_MINUS); }
        "*" { return finish(lx, t, TK_STAR); }
        "/" { return finish(lx, t, TK_SLASH); }
        "%" { return finish(lx, t, TK_PERCENT); }
        "||" { return finish(lx, t, TK_CONCAT); }
        "=" { return finish(lx, t, TK_EQ); }
        "<>" | "!=" { return finish(lx, t, TK_NE); }
        "<" { return finish(lx, t, TK_LT); }
        "<=" { return finish(lx, t, TK_LE); }
        ">" { return finish(lx, t, TK_GT); }
        ">=" { return finish(lx, t, TK_GE); }

        * {
            unsigned char c = (unsigned char)*lx->tok;
            char msg[64];
            if (c >= 0x21 && c < 0x7F)
                snprintf(msg, sizeof msg, "unexpected character '%c'", c);
            else
                snprintf(msg, sizeof msg, "unexpected byte 0x%02X", c);
            return lex_error(lx, lx->tok, msg);
        }
        */
    }
}
