/* Diagnostics with source positions, printed like a compiler:
 *   FILE:LINE:COL: error: MESSAGE
 *   <the source line>
 *   <caret under COL>
 * Every front-end stage appends here instead of printing, so `check` can report
 * all errors at once and tests can assert exact messages and positions. */
#ifndef SS_DIAG_H
#define SS_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ss_pos {
    uint32_t line;   /* 1-based; 0: not a place in the source (a command-line setting) */
    uint32_t col;    /* 1-based, in characters (UTF-8 code points) */
    uint32_t offset; /* byte offset into the source text */
} ss_pos;

typedef struct ss_source {
    const char *name; /* file name as given by the user */
    const char *text;
    size_t len;
    /* Text the user wrote inside the file, from line part_line of text on
     * (a KDA description's ApplicationCode, after the generated streams):
     * its places are reported as "NAME (PART):LINE:COL", counted from there,
     * so they point into what the user has, not into generated text. */
    const char *part;
    uint32_t part_line;
} ss_source;

typedef struct ss_diag {
    ss_pos pos;
    char *msg;
} ss_diag;

typedef struct ss_diags {
    const ss_source *src;
    ss_diag *items;
    size_t n, cap;
} ss_diags;

void ss_diags_init(ss_diags *d, const ss_source *src);
void ss_diags_free(ss_diags *d);
void ss_diags_add(ss_diags *d, ss_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints every diagnostic in source order. */
void ss_diags_print(const ss_diags *d, FILE *out);
/* Prints one diagnostic; used by the REPL for the statement it just read. */
void ss_diag_print_one(const ss_source *src, const ss_diag *dg, FILE *out);

/* Position of byte `offset`; O(offset), for error paths only. */
ss_pos ss_source_pos(const ss_source *src, size_t offset);

#endif
