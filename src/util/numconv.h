/* Number <-> text conversions used per row: shortest round-trip doubles and
 * floats for JSON, strict integer/double parsing for CAST and decoders, and
 * DECIMAL(p,s) as an int64 scaled by 10^s. No allocation, no locale. */
#ifndef SS_NUMCONV_H
#define SS_NUMCONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Return codes. Parsers and DECIMAL arithmetic return 0 or one of these. */
enum {
    SS_NUM_OK = 0,
    SS_NUM_ESYNTAX = -1,    /* not a number of the expected form */
    SS_NUM_ERANGE = -2,     /* a number, but out of the target's range */
    SS_NUM_EDIVZERO = -3,   /* division by zero */
    SS_NUM_ENONFINITE = -4, /* NaN or infinity where a finite value is needed */
};

/* Buffer sizes, NUL included. */
#define SS_NUM_INT64_BUFSZ 24  /* "-9223372036854775808" */
#define SS_NUM_DOUBLE_BUFSZ 32 /* "-1.2345678901234567e-308", "-0.000001234567890123457" */
#define SS_NUM_DEC_BUFSZ 24    /* "-0.999999999999999999", "-9.223372036854775808" */

/* ---- Floating point to text ------------------------------------------------
 *
 * Writes the shortest decimal that reads back (strtod / strtof) as exactly `d`,
 * in ECMAScript Number::toString layout, which every JSON consumer reads:
 *   5, -0, 0.1, 123.456, 123456789012345680000, 1e+21, 1.5e-7, 5e-324.
 * Plain notation for 1e-7 < |d| < 1e21, exponent notation outside; when two
 * shortest digit strings both read back, the one nearer to `d` is printed.
 * Negative zero prints "-0" (ECMAScript prints "0", but "-0" is valid JSON and
 * reads back as -0, so the round trip stays exact).
 * NaN and infinities are not JSON: the text "NaN", "Infinity", "-Infinity"
 * (Java's spelling, for CAST to VARCHAR) is written and SS_NUM_ENONFINITE is
 * returned, so a JSON writer prints null instead. Otherwise returns 0.
 * `buf` must hold SS_NUM_DOUBLE_BUFSZ bytes; the text is NUL-terminated and its
 * length stored in *len (when len is not NULL). */
int ss_num_format_double(double d, char *buf, size_t *len);
/* Same for REAL: the shortest text that strtof reads back as exactly `f`
 * (so 0.1f prints "0.1", not "0.10000000149011612"). */
int ss_num_format_float(float f, char *buf, size_t *len);

/* The shortest round-trip digits of a finite, nonzero |d| as an integer and a
 * power of ten: |d| ~ *digits * 10^*exp10, *digits has no trailing zeros.
 * The building block of the two functions above and of DECIMAL conversion. */
void ss_num_double_digits(double d, uint64_t *digits, int *exp10);

/* ---- Integers ------------------------------------------------------------- */

/* Decimal text of v, NUL-terminated; returns its length. `buf` must hold
 * SS_NUM_INT64_BUFSZ bytes. */
size_t ss_num_format_int64(int64_t v, char *buf);
size_t ss_num_format_uint64(uint64_t v, char *buf);

/* Text to int64, as SQL CAST(varchar AS BIGINT) reads it: surrounding spaces
 * and tabs are ignored; then an optional sign and one or more ASCII digits,
 * nothing else ("1.0", "1e3", "0x10", "", "-" are SS_NUM_ESYNTAX). A value
 * outside int64 is SS_NUM_ERANGE. Narrower integer types check the range of
 * the result themselves. */
int ss_num_parse_int64(const char *s, size_t len, int64_t *out);

/* Text to double, as SQL CAST(varchar AS DOUBLE) reads it: surrounding spaces
 * and tabs are ignored; then [+-] digits [. digits] [e [+-] digits] with at
 * least one digit before or after the point (".5", "5.", "1E3" are fine), or,
 * case-insensitively, [+-]"nan", [+-]"inf", [+-]"infinity". Hex floats, "1,5",
 * trailing text are SS_NUM_ESYNTAX. A finite number too large for a double is
 * SS_NUM_ERANGE (it would otherwise become infinity); one too small becomes
 * 0 or a subnormal, like Java's Double.parseDouble. Correctly rounded and
 * independent of the process locale. */
int ss_num_parse_double(const char *s, size_t len, double *out);
/* The same for REAL, rounded once, directly to float. */
int ss_num_parse_float(const char *s, size_t len, float *out);

/* ---- DECIMAL(p,s): int64 scaled by 10^s, 1 <= p <= 18, 0 <= s <= 18 ---------
 *
 * Rounding is half away from zero everywhere (SQL's usual rule, and Java's
 * BigDecimal HALF_UP): 1.005 -> 1.01, -1.005 -> -1.01 at scale 2. A result
 * needing more than p digits is SS_NUM_ERANGE, and so is a p or s outside the
 * limits above (the functions without a return code clamp s to 0..18). */

/* 10^n for 0 <= n <= 18. */
int64_t ss_num_pow10(int n);
/* Whether |v| < 10^p, i.e. the scaled value fits DECIMAL(p, any s). */
bool ss_num_dec_fits(int64_t v, int p);

/* Text to DECIMAL(p,s). Surrounding spaces and tabs are ignored; then
 * [+-] digits [. digits] [e [+-] digits] as for doubles (no nan/inf). Extra
 * fraction digits are rounded, not rejected: "1.005" -> 101 at s=2. */
int ss_num_dec_parse(const char *s, size_t len, int p, int scale, int64_t *out);

/* Text of a scaled value with exactly `scale` fraction digits ("-0.50",
 * "12", "0.001"); NUL-terminated, returns the length. `buf` must hold
 * SS_NUM_DEC_BUFSZ bytes. 0 <= scale <= 18. */
size_t ss_num_dec_format(int64_t v, int scale, char *buf);

/* Changes the scale of v (rounding when the scale shrinks) and checks the
 * result against precision p. */
int ss_num_dec_rescale(int64_t v, int from_scale, int to_scale, int p, int64_t *out);

/* a (scale sa) + b (scale sb), a * b, a / b, each delivered at scale `rs` and
 * checked against precision `rp`. The exact result is computed first (in 128
 * bits) and rounded once, so mul and div never lose a digit to an
 * intermediate step. Division by zero is SS_NUM_EDIVZERO. */
int ss_num_dec_add(int64_t a, int sa, int64_t b, int sb, int rp, int rs, int64_t *out);
int ss_num_dec_sub(int64_t a, int sa, int64_t b, int sb, int rp, int rs, int64_t *out);
int ss_num_dec_mul(int64_t a, int sa, int64_t b, int sb, int rp, int rs, int64_t *out);
int ss_num_dec_div(int64_t a, int sa, int64_t b, int sb, int rp, int rs, int64_t *out);

/* The double nearest to v / 10^scale (correctly rounded). */
double ss_num_dec_to_double(int64_t v, int scale);

/* A double to DECIMAL(p,s). The double is taken at its shortest round-trip
 * decimal value, then rounded half away from zero: 2.675 -> 2.68 at s=2, as a
 * user who sees "2.675" expects (the binary value is 2.67499999...). This is
 * Java's BigDecimal.valueOf(d).setScale(s, HALF_UP). NaN and infinities are
 * SS_NUM_ENONFINITE. */
int ss_num_dec_from_double(double d, int p, int scale, int64_t *out);

#endif
