/* The interactive shell (`streamsql repl`): the loop and dot-commands
 * (repl.c), tab completion (repl_complete.c) and the live table of rows
 * (table.c). Internal to the command-line tool. */
#ifndef SS_REPL_H
#define SS_REPL_H

#include "sql/app.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- statements ---- */

/* Where the first statement of text[0..len) ends: the offset just past its
 * ';' (outside strings, quoted names and comments), or 0 when no statement is
 * complete yet. */
size_t ss_repl_stmt_end(const char *text, size_t len);

/* True when text[0..len) holds nothing but blanks and comments. */
bool ss_repl_blank(const char *text, size_t len);

/* ---- the live table ---- */

typedef struct ss_table {
    FILE *out;
    bool json;      /* .mode json: records as they come, one a line */
    bool bold;      /* a terminal: the header in bold */
    const ss_column *cols;
    uint32_t ncols; /* hidden columns included (and skipped) */
    size_t *width;  /* per column, grows as wider values come */
    bool started;
    unsigned long long rows;
} ss_table;

/* Prints the header for the visible columns of cols (table mode). */
void ss_table_begin(ss_table *t, FILE *out, bool json, bool bold, const ss_column *cols, uint32_t ncols);
/* One record as ss_encode_row wrote it (a JSON object, no line end). */
void ss_table_row(ss_table *t, const char *record, size_t len);
/* The closing rule; frees the widths. */
void ss_table_end(ss_table *t);

/* ---- completion ---- */

/* What completion draws names from: the application as compiled so far (may
 * be NULL) and the statement typed so far (earlier lines of it). */
typedef struct ss_complete_ctx {
    const ss_app *app;
    const char *pending;
} ss_complete_ctx;

/* Candidates for the word `word` (wlen bytes) at the end of `line_before`
 * (the text before the word, this line only): every match, case-insensitive,
 * each malloc'ed, written in the case the word is typed in; returns their
 * number, *out a malloc'ed array the caller frees with its strings. */
size_t ss_complete_candidates(const ss_complete_ctx *c, const char *line_before, const char *word, size_t wlen,
                              char ***out);

#endif
