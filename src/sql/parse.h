/* The parse driver: runs the lexer and the lemon parser over a script,
 * reports syntax errors with what was expected, and recovers at ';' so that
 * every bad statement gets its own message. */
#ifndef SS_PARSE_H
#define SS_PARSE_H

#include "parser.h" /* generated: TK_* token codes */
#include "sql/ast.h"

/* Parses src (NUL-terminated at src->len). Statements that parsed are in the
 * returned script (allocated in arena); errors are in diags. */
ss_script *ss_parse(const ss_source *src, ss_arena *arena, ss_diags *diags);

/* Called from the grammar. */
void ss_parse_note_syntax_error(ss_parse_ctx *c, const ss_token *tok);
void ss_parse_note_overflow(ss_parse_ctx *c);
ss_pos ss_parse_here(ss_parse_ctx *c);

#endif
