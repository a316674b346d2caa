/* Output records: a row of a stream as one JSON object or one CSV record
 * (SPEC section 4), appended to a caller's buffer. This runs once per output
 * row of every sink, so it never allocates per row and never uses printf:
 * numbers and times are written by numconv/timeconv straight into the buffer.
 * The JSON string writer is shared with the error stream (errrec.c). */
#ifndef SS_ENCODE_H
#define SS_ENCODE_H

#include "exec/value.h"
#include "sql/app.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ss_encoder {
    ss_format format;      /* SS_FMT_JSON or SS_FMT_CSV */
    char delimiter;        /* CSV; 0 means ',' */
    const ss_column *cols; /* the stream's columns; hidden columns are not written */
    uint32_t ncols;
    ss_buf keys;           /* JSON: each column's `"NAME":` once, by ss_encoder_cache_keys */
    uint32_t *key_end;     /* end of column i's text in keys */
} ss_encoder;

/* Escapes the JSON member names once, for encoders that write many rows
 * (sinks); ss_encoder_free releases them. Optional: without it names are
 * escaped per row. */
void ss_encoder_cache_keys(ss_encoder *e);
void ss_encoder_free(ss_encoder *e);

/* CSV: one header record naming the visible columns, then '\n'. JSON: nothing. */
void ss_encode_header(const ss_encoder *e, ss_buf *out);

/* One record for `row` (e->ncols values, hidden ones included and skipped),
 * followed by '\n'.
 *
 * JSON: {"COL":value,...} with keys as stored, in declared order, no spaces.
 * NULL, NaN and infinities are null; BOOLEAN true/false; integers as integers;
 * DECIMAL with exactly `scale` fraction digits (19.90); REAL/DOUBLE in the
 * shortest text that reads back exactly; TIMESTAMP "YYYY-MM-DD HH:MM:SS.fff",
 * DATE, TIME and intervals as strings of their SQL text. Strings (and keys)
 * are always valid UTF-8 and valid JSON, whatever their bytes: '"' '\\' and
 * control characters are escaped (\b \f \n \r \t, else \u00XX, so NUL is
 * \u0000) and each ill-formed UTF-8 subsequence becomes U+FFFD (one per
 * maximal subpart, as Unicode and the WHATWG decoder recommend).
 *
 * CSV (RFC 4180, '\n' line ends): NULL is an empty unquoted field; a field is
 * quoted when it contains the delimiter, '"', CR or LF, or is the empty string
 * (an empty unquoted field reads back as NULL); quotes inside are doubled.
 * Values are written as ss_value_text gives them (BOOLEAN TRUE/FALSE, NaN,
 * Infinity). Ill-formed UTF-8 in strings becomes U+FFFD, as in JSON. */
void ss_encode_row(const ss_encoder *e, const ss_value *row, ss_buf *out);

/* Appends s[0..len) as a JSON string, quotes included, with the escaping and
 * UTF-8 repair described above. */
void ss_encode_json_string(ss_buf *out, const char *s, size_t len);

/* The same, but reads at most `limit` bytes of s and stops at the last
 * character boundary at or before it (a multi-byte character, or an
 * ill-formed subsequence, is never split). Returns the number of bytes of s
 * consumed: len when nothing was cut. */
size_t ss_encode_json_string_max(ss_buf *out, const char *s, size_t len, size_t limit);

/* Appends one value of type t as JSON (the value part of a member). */
void ss_encode_json_value(ss_buf *out, ss_value v, ss_type t);

#endif
