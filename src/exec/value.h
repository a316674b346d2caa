/* Runtime values and rows. A value's SQL type is known statically (from the
 * stream schema or the analyzed expression), so a value carries no type tag:
 * 16 bytes, NULL flag included. Strings are (pointer, length) and point into
 * input buffers, operator state or a batch arena: whoever keeps a value longer
 * than the batch it came in copies its string. */
#ifndef SS_VALUE_H
#define SS_VALUE_H

#include "sql/types.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ss_value {
    union {
        int64_t i;     /* BOOLEAN (0/1), integers, DECIMAL (scaled), TIMESTAMP, DATE, TIME, intervals */
        double d;      /* REAL (held as double, rounded to float precision) and DOUBLE */
        const char *s; /* CHAR/VARCHAR: UTF-8, not NUL-terminated */
    };
    uint32_t len;      /* string length in bytes */
    uint8_t null;
} ss_value;

static inline ss_value ss_null(void)
{
    ss_value v = {{0}, 0, 1};
    return v;
}
static inline ss_value ss_int(int64_t i)
{
    ss_value v = {{.i = i}, 0, 0};
    return v;
}
static inline ss_value ss_dbl(double d)
{
    ss_value v = {{.d = d}, 0, 0};
    return v;
}
static inline ss_value ss_str(const char *s, uint32_t len)
{
    ss_value v = {{.s = s}, len, 0};
    return v;
}

/* Where a row came from, for error records: a file line, a Kafka partition and
 * offset, a Kinesis shard and record. */
typedef struct ss_origin {
    uint64_t offset; /* file: line number (1-based); Kafka: offset; Kinesis: record index */
    uint32_t part;   /* Kafka partition; Kinesis shard index */
    uint16_t source; /* runtime source id; SS_ORIGIN_NONE for derived rows */
    uint8_t replay;  /* a result an earlier owner of the partition already produced:
                      * it rebuilds state downstream, and sinks drop it */
} ss_origin;
#define SS_ORIGIN_NONE 0xFFFF

static inline ss_origin ss_origin_none(void)
{
    ss_origin o = {0, 0, SS_ORIGIN_NONE, 0};
    return o;
}

/* A batch of rows of one stream, row-major. */
typedef struct ss_rows {
    uint32_t n, ncols;
    int64_t *rowtime;
    ss_value *vals;    /* n * ncols */
    ss_origin *origin; /* n, or NULL */
} ss_rows;

static inline ss_value *ss_rows_row(const ss_rows *r, uint32_t i)
{
    return r->vals + (size_t)i * r->ncols;
}

/* ---- conversions ---- */

typedef enum ss_cast_status {
    SS_CAST_OK = 0,
    SS_CAST_TRUNCATED, /* OK, but a string was cut to its CHAR/VARCHAR length (counted) */
    SS_CAST_FAILED,    /* the value cannot be converted; message filled */
} ss_cast_status;

/* CAST(v AS to), v of type `from`. Strings made here go to `arena`. On failure
 * `msg` (at least 128 bytes) says why, e.g. "cannot convert 'abc' to INTEGER". */
ss_cast_status ss_cast(ss_value v, ss_type from, ss_type to, ss_arena *arena, ss_value *out, char *msg);

/* Text form of a value, as CAST(v AS VARCHAR) gives it (and CSV writes it).
 * Returns the length written into buf (at least SS_VALUE_TEXT_MAX bytes),
 * except for strings, which are returned through *s without copying. */
#define SS_VALUE_TEXT_MAX 64
uint32_t ss_value_text(ss_value v, ss_type t, char *buf, const char **s);

/* Total order for MIN/MAX, comparisons, DISTINCT: negative, 0, positive.
 * Both values non-NULL and of the same type. Strings compare bytewise
 * (UTF-8 code point order); doubles with -0 == 0 and NaN above everything. */
int ss_value_cmp(ss_value a, ss_value b, ss_type t);
bool ss_value_eq(ss_value a, ss_value b, ss_type t);

/* Rounds a double to REAL precision, as storing into a REAL column does. */
static inline double ss_real(double d)
{
    return (double)(float)d;
}

#endif
