/* Base64 (RFC 4648, standard alphabet, padded), as the Kinesis API carries
 * record data. The decoder is strict, so a corrupt payload is an error rather
 * than quietly different bytes; neither direction allocates. */
#ifndef SS_BASE64_H
#define SS_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* Exact length of the encoding of n bytes: 4 * ceil(n / 3). */
static inline size_t ss_base64_encoded_len(size_t n) { return (n + 2) / 3 * 4; }

/* Upper bound of the decoded length of n base64 characters (exact when the
 * input has no padding). */
static inline size_t ss_base64_decoded_max(size_t n) { return n / 4 * 3; }

/* Writes ss_base64_encoded_len(n) characters to dst (no NUL); returns that
 * length. src and dst must not overlap. */
size_t ss_base64_encode(const void *src, size_t n, char *dst);

/* Decodes n characters into dst, which must hold ss_base64_decoded_max(n)
 * bytes, and sets *outlen. Accepts only canonical padded base64: length a
 * multiple of 4, alphabet A-Z a-z 0-9 + /, '=' only as the last one or two
 * characters, and zero bits where padding cuts a byte (so every byte string
 * has exactly one accepted encoding). No whitespace. On bad input returns
 * false; dst may then hold garbage. dst may be src itself (decoding in place
 * only ever writes behind the read position). */
bool ss_base64_decode(const char *src, size_t n, void *dst, size_t *outlen);

#endif
