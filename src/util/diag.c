/* Compiler-style diagnostics; see diag.h. */
#include "util/diag.h"
#include "util/buf.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void ss_diags_init(ss_diags *d, const ss_source *src)
{
    memset(d, 0, sizeof *d);
    d->src = src;
}

void ss_diags_free(ss_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i].msg);
    free(d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}

void ss_diags_add(ss_diags *d, ss_pos pos, const char *fmt, ...)
{
    ss_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    ss_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    SS_GROW(d->items, d->cap, d->n + 1);
    d->items[d->n].pos = pos;
    d->items[d->n].msg = (char *)ss_buf_cstr(&b);
    d->n++;
}

ss_pos ss_source_pos(const ss_source *src, size_t offset)
{
    ss_pos p = {1, 1, (uint32_t)offset};
    if (offset > src->len)
        offset = src->len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)src->text[i];
        if (c == '\n') {
            p.line++;
            p.col = 1;
        } else if ((c & 0xC0) != 0x80) {
            p.col++;
        }
    }
    return p;
}

void ss_diag_print_one(const ss_source *src, const ss_diag *dg, FILE *out)
{
    if (dg->pos.line == 0) { /* about the command line, not a place in the file */
        fprintf(out, "%s: error: %s\n", src->name, dg->msg);
        return;
    }
    if (src->part && dg->pos.line >= src->part_line)
        fprintf(out, "%s (%s):%u:%u: error: %s\n", src->name, src->part, dg->pos.line - src->part_line + 1,
                dg->pos.col, dg->msg);
    else
        fprintf(out, "%s:%u:%u: error: %s\n", src->name, dg->pos.line, dg->pos.col, dg->msg);
    if (!src->text || dg->pos.offset > src->len)
        return;
    size_t start = dg->pos.offset;
    while (start > 0 && src->text[start - 1] != '\n')
        start--;
    size_t end = dg->pos.offset;
    while (end < src->len && src->text[end] != '\n' && src->text[end] != '\r')
        end++;
    fprintf(out, "%.*s\n", (int)(end - start), src->text + start);
    /* Copy tabs so the caret lines up however the terminal expands them. */
    for (size_t i = start; i < dg->pos.offset; i++) {
        unsigned char c = (unsigned char)src->text[i];
        if (c == '\t')
            fputc('\t', out);
        else if ((c & 0xC0) != 0x80)
            fputc(' ', out);
    }
    fputs("^\n", out);
}

static int by_offset(const void *a, const void *b)
{
    const ss_diag *x = *(const ss_diag *const *)a, *y = *(const ss_diag *const *)b;
    if (x->pos.offset != y->pos.offset)
        return x->pos.offset < y->pos.offset ? -1 : 1;
    return x < y ? -1 : x > y; /* stable: keep the order they were found in */
}

void ss_diags_print(const ss_diags *d, FILE *out)
{
    const ss_diag **order = ss_xmalloc(sizeof(*order) * (d->n ? d->n : 1));
    for (size_t i = 0; i < d->n; i++)
        order[i] = &d->items[i];
    qsort(order, d->n, sizeof(*order), by_offset);
    for (size_t i = 0; i < d->n; i++)
        ss_diag_print_one(d->src, order[i], out);
    free(order);
}
