/* Growable byte buffer; see buf.h. */
#include "util/buf.h"
#include "util/mem.h"

#include <stdlib.h>

#include <stdio.h>

void ss_buf_free(ss_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void ss_buf_reserve(ss_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1; /* room for a terminating NUL */
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    b->data = ss_xrealloc(b->data, cap);
    b->cap = cap;
}

void ss_buf_append(ss_buf *b, const void *p, size_t n)
{
    ss_buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void ss_buf_puts(ss_buf *b, const char *s)
{
    ss_buf_append(b, s, strlen(s));
}

void ss_buf_vprintf(ss_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    ss_buf_reserve(b, 64);
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    if (n >= 0 && (size_t)n >= b->cap - b->len) {
        ss_buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    }
    va_end(ap2);
    if (n > 0)
        b->len += (size_t)n;
}

void ss_buf_printf(ss_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ss_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *ss_buf_cstr(ss_buf *b)
{
    ss_buf_reserve(b, 0);
    b->data[b->len] = 0;
    return b->data;
}
