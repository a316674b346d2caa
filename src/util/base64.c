/* Base64 codec; see base64.h. */
#include "util/base64.h"

#include <stdint.h>

static const char enc[64] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Sextet of each character, 0x80 (the bit the main loop tests) for anything
 * outside the alphabet, '=' included: padding is handled apart. */
#define X 0x80
static const uint8_t dec[256] = {
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  /* 0x00 */
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  /* 0x10 */
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  62, X,  X,  X,  63, /* 0x20  + / */
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X,  X,  X,  X,  X,  X,  /* 0x30  0-9 */
    X,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, /* 0x40  A-O */
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X,  X,  X,  X,  X,  /* 0x50  P-Z */
    X,  26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, /* 0x60  a-o */
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X,  X,  X,  X,  X,  /* 0x70  p-z */
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  /* 0x80 */
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
    X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
};
#undef X

size_t ss_base64_encode(const void *src, size_t n, char *dst)
{
    const uint8_t *s = src;
    char *d = dst;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
        d[0] = enc[v >> 18];
        d[1] = enc[(v >> 12) & 63];
        d[2] = enc[(v >> 6) & 63];
        d[3] = enc[v & 63];
        d += 4;
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)s[i] << 16;
        d[0] = enc[v >> 18];
        d[1] = enc[(v >> 12) & 63];
        d[2] = d[3] = '=';
        d += 4;
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
        d[0] = enc[v >> 18];
        d[1] = enc[(v >> 12) & 63];
        d[2] = enc[(v >> 6) & 63];
        d[3] = '=';
        d += 4;
    }
    return (size_t)(d - dst);
}

bool ss_base64_decode(const char *src, size_t n, void *dst, size_t *outlen)
{
    const uint8_t *s = (const uint8_t *)src;
    uint8_t *d = dst;
    *outlen = 0;
    if (n % 4)
        return false;
    if (n == 0)
        return true;
    /* Only a last quad may have padding. The others: one OR of the four
     * sextets checks them all, so the loop has a single branch. */
    size_t full = s[n - 1] == '=' ? n - 4 : n;
    for (size_t i = 0; i < full; i += 4) {
        uint32_t a = dec[s[i]], b = dec[s[i + 1]], c = dec[s[i + 2]], e = dec[s[i + 3]];
        if ((a | b | c | e) & 0x80)
            return false;
        uint32_t v = a << 18 | b << 12 | c << 6 | e;
        d[0] = (uint8_t)(v >> 16);
        d[1] = (uint8_t)(v >> 8);
        d[2] = (uint8_t)v;
        d += 3;
    }
    if (full < n) {
        const uint8_t *q = s + full;
        uint32_t a = dec[q[0]], b = dec[q[1]];
        if ((a | b) & 0x80)
            return false;
        if (q[2] == '=') {
            /* "xx==": one byte; the 4 low bits of b are not part of it. */
            if (b & 0x0F)
                return false;
            *d++ = (uint8_t)(a << 2 | b >> 4);
        } else {
            /* "xxx=": two bytes; the 2 low bits of c are not part of them. */
            uint32_t c = dec[q[2]];
            if ((c & 0x80) || (c & 0x03))
                return false;
            uint32_t v = a << 18 | b << 12 | c << 6;
            d[0] = (uint8_t)(v >> 16);
            d[1] = (uint8_t)(v >> 8);
            d += 2;
        }
    }
    *outlen = (size_t)(d - (uint8_t *)dst);
    return true;
}
