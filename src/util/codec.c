/* See codec.h. */
#include "util/codec.h"

#include <string.h>

void ss_put_u64(ss_buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    while (v >= 0x80) {
        tmp[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (unsigned char)v;
    ss_buf_append(b, tmp, n);
}

void ss_put_i64(ss_buf *b, int64_t v)
{
    ss_put_u64(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void ss_put_word(ss_buf *b, uint64_t v)
{
    ss_buf_append(b, &v, sizeof v);
}

void ss_put_bytes(ss_buf *b, const void *p, size_t n)
{
    ss_put_u64(b, n);
    ss_buf_append(b, p, n);
}

uint64_t ss_get_u64(ss_reader *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end)
            break;
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

int64_t ss_get_i64(ss_reader *r)
{
    uint64_t u = ss_get_u64(r);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

uint64_t ss_get_word(ss_reader *r)
{
    uint64_t v = 0;
    if ((size_t)(r->end - r->p) < sizeof v) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, sizeof v);
    r->p += sizeof v;
    return v;
}

const void *ss_get_bytes(ss_reader *r, size_t *n)
{
    uint64_t len = ss_get_u64(r);
    if (r->bad || len > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        *n = 0;
        return NULL;
    }
    const void *p = r->p;
    r->p += len;
    *n = (size_t)len;
    return p;
}
