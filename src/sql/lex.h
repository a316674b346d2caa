/* The tokenizer of the KDA dialect (generated from grammar/lexer.re by re2c).
 * Tokens carry their raw text, their decoded value (identifiers folded, strings
 * unescaped) and their position; lexical errors go to the diagnostics. */
#ifndef SS_LEX_H
#define SS_LEX_H

#include "util/arena.h"
#include "util/diag.h"

#include <stdint.h>

typedef struct ss_token {
    int type;           /* TK_* from the generated parser.h; 0 = end of input */
    const char *text;   /* raw bytes in the source */
    uint32_t len;
    ss_pos pos;
    const char *value;  /* identifiers: folded name; strings: unescaped text (arena) */
    uint32_t vlen;
    uint8_t quoted;     /* identifier was "quoted" */
} ss_token;

/* Returned instead of a token after a lexical error has been reported. */
#define SS_TK_LEXERROR (-1)

typedef struct ss_lexer {
    const char *start, *cur, *lim, *marker, *tok;
    /* Incremental line/column tracking: pos is the position of `at`. */
    const char *at;
    ss_pos pos_at;
    ss_diags *diags;
    ss_arena *arena;
} ss_lexer;

/* text must be NUL-terminated at text[len] (re2c's sentinel); NULs inside are allowed. */
void ss_lex_init(ss_lexer *lx, const char *text, size_t len, ss_arena *arena, ss_diags *diags);
/* Next token into *t; returns its type, 0 at end, SS_TK_LEXERROR after an error. */
int ss_lex_next(ss_lexer *lx, ss_token *t);
/* The spelling of a token type for messages: "SELECT", "','", "identifier". */
const char *ss_token_spelling(int type);

#endif
