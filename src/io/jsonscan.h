/* DOM-free, validating scanner for JSON-lines records: checks one record exactly as
 * jansson 2.14's json_loadb(JSON_DECODE_ANY) would, and copies out only the fields a
 * compiled spec asks for, as typed values, without allocating per record. */
#ifndef SS_IO_JSONSCAN_H
#define SS_IO_JSONSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* jansson's JSON_PARSER_MAX_DEPTH. Every value counts one level, scalars included: the
 * top-level value is at depth 1, so 2048 nested empty arrays pass but 2048 nested
 * arrays around a scalar do not. */
#define SS_JSON_MAX_DEPTH 2048

typedef enum {
    SS_JV_MISSING = 0, /* the record has no such field */
    SS_JV_NULL,
    SS_JV_FALSE,
    SS_JV_TRUE,
    SS_JV_INT,
    SS_JV_REAL,
    SS_JV_STRING,
    SS_JV_OBJECT,
    SS_JV_ARRAY,
    SS_JV_BIGNUM /* only with ss_json_spec_allow_big_numbers: a number beyond int64 (no
                  * fraction or exponent) or beyond double; s/len hold its text */
} ss_jv_kind;

typedef struct ss_json_value {
    ss_jv_kind kind;
    int64_t i; /* SS_JV_INT */
    double d;  /* SS_JV_REAL: bit-identical to jansson's json_real_value() */
    /* SS_JV_STRING: the decoded UTF-8 bytes, never containing NUL (jansson rejects
     * \u0000), not NUL-terminated. They point into the record when the string has no
     * escapes, else into the scratch.
     * SS_JV_OBJECT / SS_JV_ARRAY: the raw JSON text of the value, '{'..'}' or '['..']'. */
    const char *s;
    size_t len;
} ss_json_value;

/* A compiled set of wanted fields. Build it once, then scan any number of records with
 * it, from any number of threads (ss_json_scan does not modify it). */
typedef struct ss_json_spec ss_json_spec;

ss_json_spec *ss_json_spec_new(void);
void ss_json_spec_free(ss_json_spec *spec);

/* Adds a wanted field and returns its index: 0, 1, 2, ... in call order, which is
 * where ss_json_scan puts its value in `out`. On a bad name returns -1 and writes a
 * message to errbuf (if errbuf is not NULL).
 *
 * `name` is either
 *  - a top-level key, matched ASCII-case-insensitively ("price" takes "PRICE" and
 *    "Price"; non-ASCII bytes must be equal), as SPEC section 4 maps columns; or
 *  - a path for the MAPPING extension, matched case-sensitively: "$" followed by one or
 *    more steps, each ".key" (key: any bytes up to the next '.' or '['), "['key']" or
 *    "[\"key\"]" (a backslash makes the next byte literal), or "[N]" (array index, N
 *    decimal). Example: "$.a[0]['b.c']". The first step must be a key;
 *    "$" alone and paths of SS_JSON_MAX_DEPTH or more steps are rejected. A top-level
 *    key that starts with '$' can only be asked for as a path: "$['$key']".
 * The same name may be added twice; both indexes then get the same value.
 *
 * Duplicate keys: jansson keeps the last value of a key, so does the scanner: a field
 * takes the value of the LAST member, in document order, whose key matches it. For
 * case-insensitive names that means {"a":1,"A":2} gives "a" the value 2. For paths it
 * means the whole path is resolved against the last member at every level: with
 * {"a":{"b":1},"a":{}} the path "$.a.b" is missing, as in jansson's tree. */
int ss_json_spec_add(ss_json_spec *spec, const char *name, char *errbuf, size_t errlen);

/* jansson rejects integers beyond int64 and reals beyond double as invalid JSON; JSON
 * itself puts no bound on numbers. With allow = true such a number is a value of kind
 * SS_JV_BIGNUM instead, so a caller can say that it does not fit rather than that the
 * record is malformed. Everything else stays exactly as jansson decides. */
void ss_json_spec_allow_big_numbers(ss_json_spec *spec, bool allow);

/* Number of fields added so far: the length `out` must have. */
int ss_json_spec_count(const ss_json_spec *spec);

/* Reusable space for decoded strings. The values ss_json_scan returns stay valid until
 * the next scan with the same scratch, or until the record buffer changes. It grows to
 * the length of the longest record scanned and is never shrunk. */
typedef struct ss_json_scratch {
    ss_buf buf;
} ss_json_scratch;

void ss_json_scratch_init(ss_json_scratch *scratch);
void ss_json_scratch_free(ss_json_scratch *scratch);

typedef struct ss_json_error {
    size_t offset;     /* byte offset in the record where the problem was found */
    char message[160]; /* jansson's wording, e.g. "'}' expected near '\"x\"'" */
} ss_json_error;

typedef enum {
    SS_JSON_OK = 0,         /* a valid JSON object */
    SS_JSON_NOT_OBJECT = 1, /* valid JSON, but not an object */
    SS_JSON_INVALID = 2     /* not valid JSON */
} ss_json_status;

/* Validates the whole record and fills out[i] for every field i of the spec.
 *
 * Validity is exactly `json_loadb(rec, len, JSON_DECODE_ANY, &e) != NULL` for jansson
 * 2.14, for every byte string. In short: RFC 8259 JSON with optional space, tab, CR and
 * LF around it; strings must be well-formed UTF-8 (no overlongs, no encoded surrogates,
 * nothing above U+10FFFF) without raw bytes below 0x20; \u escapes must pair surrogates
 * correctly and must not be \u0000; a number without '.', 'e' or 'E' is an integer and
 * must fit int64_t ("too big integer"); any other number is a real and must not
 * overflow to infinity ("real number overflow"; underflow to 0 or a denormal is fine);
 * nesting at most SS_JSON_MAX_DEPTH; nothing but whitespace after the value.
 * One jansson quirk is reproduced on purpose: a single NUL byte directly after a
 * number, true, false or null is skipped (jansson loses it when it pushes back the
 * byte that ended the token), so "[1\0]" and "true\0" are valid, "[\"a\"\0]" is not.
 *
 * Returns SS_JSON_OK with out[] filled (SS_JV_MISSING for absent fields);
 * SS_JSON_NOT_OBJECT with out[] all missing and err->message "record is not a JSON
 * object" (offset of the value); SS_JSON_INVALID with out[] all missing and err filled
 * with jansson's message and the byte offset. err may be NULL.
 *
 * Integers come out as SS_JV_INT ("-0" is the integer 0), reals as SS_JV_REAL with the
 * correctly rounded double strtod gives in the C locale, whatever the process locale. */
ss_json_status ss_json_scan(const ss_json_spec *spec, const char *rec, size_t len,
                            ss_json_value *out, ss_json_scratch *scratch, ss_json_error *err);

#endif
