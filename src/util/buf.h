/* Growable byte buffer, for output formatting and anything built piecewise. */
#ifndef SS_BUF_H
#define SS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct ss_buf {
    char *data;
    size_t len, cap;
} ss_buf;

void ss_buf_free(ss_buf *b);
void ss_buf_reserve(ss_buf *b, size_t extra);
void ss_buf_append(ss_buf *b, const void *p, size_t n);
void ss_buf_puts(ss_buf *b, const char *s);
void ss_buf_printf(ss_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ss_buf_vprintf(ss_buf *b, const char *fmt, va_list ap);
/* NUL-terminates without counting the NUL in len; returns data. */
const char *ss_buf_cstr(ss_buf *b);

static inline void ss_buf_putc(ss_buf *b, char c)
{
    if (b->len + 1 > b->cap)
        ss_buf_reserve(b, 1);
    b->data[b->len++] = c;
}

static inline void ss_buf_clear(ss_buf *b) { b->len = 0; }

#endif
