/* The REPL's live result table: rows arrive one at a time while a query
 * runs, so the table cannot be measured first. Columns start as wide as
 * their name or what their type usually needs, and a wider value widens its
 * column from then on (earlier rows stay as printed), as the ksqlDB CLI does. */
#include "cli/repl.h"
#include "util/buf.h"
#include "util/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Display width in characters of UTF-8 text (one cell per code point). */
static size_t text_width(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

static size_t type_width(ss_type t)
{
    if (ss_type_is_datetime(t))
        return 23; /* YYYY-MM-DD HH:MM:SS.fff */
    if (ss_type_is_string(t))
        return t.length > 0 && t.length < 16 ? (size_t)t.length : 16;
    if (ss_type_is_approx(t))
        return 10;
    return 6;
}

static void rule(ss_table *t)
{
    fputc('+', t->out);
    for (uint32_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].hidden)
            continue;
        for (size_t i = 0; i < t->width[c] + 2; i++)
            fputc('-', t->out);
        fputc('+', t->out);
    }
    fputc('\n', t->out);
}

static void cell(ss_table *t, uint32_t c, const char *s, size_t len, bool right)
{
    size_t w = text_width(s, len);
    if (w > t->width[c])
        t->width[c] = w;
    fputs(" ", t->out);
    if (right)
        for (size_t i = w; i < t->width[c]; i++)
            fputc(' ', t->out);
    fwrite(s, 1, len, t->out);
    if (!right)
        for (size_t i = w; i < t->width[c]; i++)
            fputc(' ', t->out);
    fputs(" |", t->out);
}

void ss_table_begin(ss_table *t, FILE *out, bool json, bool bold, const ss_column *cols, uint32_t ncols)
{
    memset(t, 0, sizeof *t);
    t->out = out;
    t->json = json;
    t->bold = bold;
    t->cols = cols;
    t->ncols = ncols;
    t->started = true;
    if (json)
        return;
    t->width = ss_xcalloc(ncols + 1, sizeof *t->width);
    for (uint32_t c = 0; c < ncols; c++) {
        size_t nw = text_width(cols[c].name, strlen(cols[c].name)), tw = type_width(cols[c].type);
        t->width[c] = nw > tw ? nw : tw;
    }
    rule(t);
    fputc('|', out);
    for (uint32_t c = 0; c < ncols; c++) {
        if (cols[c].hidden)
            continue;
        if (bold)
            fputs(" \033[1m", out);
        else
            fputc(' ', out);
        size_t len = strlen(cols[c].name);
        fputs(cols[c].name, out);
        if (bold)
            fputs("\033[0m", out);
        for (size_t i = text_width(cols[c].name, len); i < t->width[c]; i++)
            fputc(' ', out);
        fputs(" |", out);
    }
    fputc('\n', out);
    rule(t);
}

/* The end of the JSON value starting at p (a string, number or literal:
 * records are flat). */
static const char *value_end(const char *p, const char *end)
{
    if (*p == '"') {
        for (p++; p < end && *p != '"'; p++)
            if (*p == '\\' && p + 1 < end)
                p++;
        return p < end ? p + 1 : end;
    }
    while (p < end && *p != ',' && *p != '}')
        p++;
    return p;
}

void ss_table_row(ss_table *t, const char *record, size_t len)
{
    t->rows++;
    if (t->json) {
        fwrite(record, 1, len, t->out);
        fputc('\n', t->out);
        return;
    }
    /* The encoder writes members in declared order, hidden columns left out:
     * the values are taken in order, keys skipped. */
    const char *p = record, *end = record + len;
    if (p < end && *p == '{')
        p++;
    fputc('|', t->out);
    ss_buf text = {0};
    for (uint32_t c = 0; c < t->ncols; c++) {
        if (t->cols[c].hidden)
            continue;
        const char *v = p, *vend = p;
        if (p < end && *p == '"') {
            const char *kend = value_end(p, end);
            v = kend < end && *kend == ':' ? kend + 1 : kend;
            vend = value_end(v, end);
            p = vend < end && *vend == ',' ? vend + 1 : vend;
        }
        ss_buf_clear(&text);
        bool right = false;
        if (v < vend && *v == '"') {
            json_t *j = json_loadb(v, (size_t)(vend - v), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
            const char *s = j ? json_string_value(j) : NULL;
            size_t n = j ? json_string_length(j) : 0;
            for (size_t i = 0; s && i < n; i++) /* one line per row, whatever the value holds */
                ss_buf_putc(&text, (unsigned char)s[i] < 0x20 ? ' ' : s[i]);
            json_decref(j);
        } else if ((size_t)(vend - v) == 4 && memcmp(v, "null", 4) == 0) {
            ss_buf_append(&text, "NULL", 4);
        } else {
            ss_buf_append(&text, v, (size_t)(vend - v));
            right = v < vend && *v != 't' && *v != 'f'; /* numbers right, booleans left */
        }
        cell(t, c, text.len ? text.data : "", text.len, right);
    }
    ss_buf_free(&text);
    fputc('\n', t->out);
}

void ss_table_end(ss_table *t)
{
    if (!t->started)
        return;
    if (!t->json)
        rule(t);
    free(t->width);
    t->width = NULL;
    t->started = false;
}
