/* Unit tests for util/base64: RFC 4648 vectors, round trips against a
 * bit-by-bit oracle, and the strict decoder's refusals (length, alphabet,
 * padding placement, non-zero pad bits). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/base64.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* The textbook definition, one bit at a time: nothing shared with the codec. */
static size_t oracle_encode(const uint8_t *s, size_t n, char *d)
{
    static const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t bits = n * 8, out = 0;
    for (size_t pos = 0; pos < bits; pos += 6) {
        int v = 0;
        for (size_t b = pos; b < pos + 6; b++)
            v = v << 1 | (b < bits ? (s[b / 8] >> (7 - b % 8)) & 1 : 0);
        d[out++] = alpha[v];
    }
    while (out % 4)
        d[out++] = '=';
    return out;
}

static void expect_encodes(const char *plain, const char *b64)
{
    char out[64];
    size_t n = ss_base64_encode(plain, strlen(plain), out);
    assert_int_equal(n, strlen(b64));
    assert_int_equal(n, ss_base64_encoded_len(strlen(plain)));
    assert_memory_equal(out, b64, n);
    uint8_t back[64];
    size_t len = 99;
    assert_true(ss_base64_decode(b64, strlen(b64), back, &len));
    assert_int_equal(len, strlen(plain));
    assert_memory_equal(back, plain, len);
}

static void expect_rejected(const char *b64, size_t n)
{
    uint8_t out[64];
    size_t len = 99;
    assert_false(ss_base64_decode(b64, n, out, &len));
}
#define REJECT(lit) expect_rejected(lit, sizeof(lit) - 1)

static void test_rfc4648_vectors_encode_and_decode(void **state)
{
    (void)state;
    expect_encodes("", "");
    expect_encodes("f", "Zg==");
    expect_encodes("fo", "Zm8=");
    expect_encodes("foo", "Zm9v");
    expect_encodes("foob", "Zm9vYg==");
    expect_encodes("fooba", "Zm9vYmE=");
    expect_encodes("foobar", "Zm9vYmFy");
    expect_encodes("{\"K\":\"a\"}", "eyJLIjoiYSJ9");
}

static void test_every_length_round_trips_and_matches_oracle(void **state)
{
    (void)state;
    enum { MAX = 700 };
    uint8_t plain[MAX], back[MAX];
    char enc[MAX / 3 * 4 + 8], want[MAX / 3 * 4 + 8];
    for (int round = 0; round < 4; round++) {
        for (size_t n = 0; n < MAX; n++) {
            for (size_t i = 0; i < n; i++)
                plain[i] = round == 0 ? (uint8_t)i : round == 1 ? 0xFF : (uint8_t)rng();
            size_t m = ss_base64_encode(plain, n, enc);
            assert_int_equal(m, oracle_encode(plain, n, want));
            assert_memory_equal(enc, want, m);
            assert_true(ss_base64_decoded_max(m) >= n);
            assert_true(ss_base64_decoded_max(m) - n < 3);
            size_t len = 0;
            assert_true(ss_base64_decode(enc, m, back, &len));
            assert_int_equal(len, n);
            assert_memory_equal(back, plain, n);
        }
    }
}

static void test_decoding_in_place_works(void **state)
{
    (void)state;
    uint8_t plain[1000];
    char buf[1400];
    for (size_t i = 0; i < sizeof plain; i++)
        plain[i] = (uint8_t)rng();
    for (size_t n = 990; n <= 1000; n++) {
        size_t m = ss_base64_encode(plain, n, buf), len = 0;
        assert_true(ss_base64_decode(buf, m, buf, &len));
        assert_int_equal(len, n);
        assert_memory_equal(buf, plain, n);
    }
}

static void test_length_not_a_multiple_of_four_is_rejected(void **state)
{
    (void)state;
    REJECT("Z");
    REJECT("Zg");
    REJECT("Zg=");
    REJECT("Zm9vY");
    REJECT("Zm9vYmFy=");
}

static void test_bytes_outside_the_alphabet_are_rejected_anywhere(void **state)
{
    (void)state;
    const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /* Every byte value in every position of a 3-quad input: accepted exactly
     * when it is in the alphabet. */
    char good[] = "Zm9vYmFyYmF6";
    for (int c = 0; c < 256; c++) {
        int in_alpha = c != 0 && strchr(alpha, c) != NULL;
        for (size_t pos = 0; pos < 12; pos++) {
            char in[12];
            memcpy(in, good, 12);
            in[pos] = (char)c;
            uint8_t out[9];
            size_t len = 0;
            /* '=' is refused too: in the middle it is misplaced, and at the
             * end "YmF=" leaves pad bits set ('F' is 000101). */
            assert_int_equal(ss_base64_decode(in, 12, out, &len), in_alpha);
        }
    }
    REJECT("Zm9v\nYmFy");
    REJECT("Zm9vYmF\n");
    REJECT(" Zm9vYmFy ");
    REJECT("Zm9-YmFy"); /* URL-safe alphabet */
    REJECT("Zm9_YmFy");
    REJECT("Zm9v\0mFy");
}

static void test_padding_only_at_the_end(void **state)
{
    (void)state;
    REJECT("====");
    REJECT("A===");
    REJECT("=AAA");
    REJECT("AA=A");
    REJECT("Zg==Zg==");
    REJECT("Zm8=Zm8=");
    REJECT("Zg=x");
}

static void test_nonzero_pad_bits_are_rejected(void **state)
{
    (void)state;
    /* 'g' = 100000: the 4 bits after 'f' are zero; 'h' sets one of them. */
    REJECT("Zh==");
    REJECT("Zv==");
    /* '8' = 111100: the 2 bits after "fo" are zero; '9' sets one. */
    REJECT("Zm9=");
    REJECT("Zm/=");
    uint8_t out[3];
    size_t len = 0;
    assert_true(ss_base64_decode("Zg==", 4, out, &len));
    assert_int_equal(len, 1);
    assert_true(ss_base64_decode("Zm8=", 4, out, &len));
    assert_int_equal(len, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4648_vectors_encode_and_decode),
        cmocka_unit_test(test_every_length_round_trips_and_matches_oracle),
        cmocka_unit_test(test_decoding_in_place_works),
        cmocka_unit_test(test_length_not_a_multiple_of_four_is_rejected),
        cmocka_unit_test(test_bytes_outside_the_alphabet_are_rejected_anywhere),
        cmocka_unit_test(test_padding_only_at_the_end),
        cmocka_unit_test(test_nonzero_pad_bits_are_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
