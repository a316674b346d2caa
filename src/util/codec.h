/* A compact byte encoding for checkpointed state: varints (zigzag for signed
 * values), fixed 8-byte words, length-prefixed bytes. Readers never run past
 * the end: a short or garbled input sets `bad` and yields zeros, so a
 * corrupted checkpoint is reported, never trusted. */
#ifndef SS_CODEC_H
#define SS_CODEC_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void ss_put_u64(ss_buf *b, uint64_t v);
void ss_put_i64(ss_buf *b, int64_t v);
/* The 8 bytes of a word as they are (doubles keep every bit). */
void ss_put_word(ss_buf *b, uint64_t v);
void ss_put_bytes(ss_buf *b, const void *p, size_t n);

static inline void ss_put_double(ss_buf *b, double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    ss_put_word(b, u);
}

typedef struct ss_reader {
    const unsigned char *p, *end;
    bool bad;
} ss_reader;

static inline ss_reader ss_reader_of(const void *p, size_t n)
{
    ss_reader r = {(const unsigned char *)p, (const unsigned char *)p + n, false};
    return r;
}

uint64_t ss_get_u64(ss_reader *r);
int64_t ss_get_i64(ss_reader *r);
uint64_t ss_get_word(ss_reader *r);
static inline double ss_get_double(ss_reader *r)
{
    uint64_t u = ss_get_word(r);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}
/* Points into the input; NULL (and *n = 0) when bad. */
const void *ss_get_bytes(ss_reader *r, size_t *n);
/* Every byte consumed and none missing. */
static inline bool ss_reader_done(const ss_reader *r)
{
    return !r->bad && r->p == r->end;
}

#endif
