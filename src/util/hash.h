/* A fast 64-bit hash for group keys and sets: 8 bytes a step, multiply and
 * fold (the construction of wyhash's mum mix). Not for adversarial input. */
#ifndef SS_HASH_H
#define SS_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t ss_hash_mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t ss_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed ^ 0x9E3779B97F4A7C15ull ^ (n * 0xA0761D6478BD642Full);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = ss_hash_mix(h ^ w, 0xE7037ED1A0B428DBull);
        s += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = 0;
        memcpy(&w, s, n);
        h = ss_hash_mix(h ^ w, 0x8EBC6AF09C88C6E3ull);
    }
    return ss_hash_mix(h, 0x589965CC75374CC3ull);
}

#endif
