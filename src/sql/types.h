/* SQL types of the KDA dialect (SPEC section 2) and the rules between them:
 * names, promotion for arithmetic, comparability and castability. */
#ifndef SS_TYPES_H
#define SS_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ss_type_kind {
    SS_T_UNKNOWN = 0, /* not yet typed */
    SS_T_NULL,        /* the type of a bare NULL literal; castable to anything */
    SS_T_BOOLEAN,
    SS_T_TINYINT,
    SS_T_SMALLINT,
    SS_T_INTEGER,
    SS_T_BIGINT,
    SS_T_DECIMAL,  /* int64 scaled by 10^scale, precision <= 18 */
    SS_T_REAL,     /* float */
    SS_T_DOUBLE,
    SS_T_CHAR,     /* fixed length n (values are not padded: KDA compares trimmed) */
    SS_T_VARCHAR,
    SS_T_TIMESTAMP, /* int64 ms since the epoch, UTC */
    SS_T_DATE,      /* int64 days since the epoch */
    SS_T_TIME,      /* int64 ms since midnight */
    SS_T_INTERVAL_DS, /* day-to-second interval, int64 ms */
    SS_T_INTERVAL_YM, /* year-to-month interval, int64 months */
    SS_T__COUNT
} ss_type_kind;

typedef struct ss_type {
    uint8_t kind;       /* ss_type_kind */
    uint8_t scale;      /* DECIMAL */
    uint16_t precision; /* DECIMAL */
    uint32_t length;    /* CHAR/VARCHAR; 0 = unbounded (expression results) */
} ss_type;

#define SS_DECIMAL_MAX_PRECISION 18
#define SS_VARCHAR_MAX_LENGTH (1u << 30)

static inline ss_type ss_type_make(ss_type_kind k)
{
    ss_type t = {(uint8_t)k, 0, 0, 0};
    return t;
}

static inline bool ss_type_is_integer(ss_type t)
{
    return t.kind >= SS_T_TINYINT && t.kind <= SS_T_BIGINT;
}
static inline bool ss_type_is_numeric(ss_type t)
{
    return t.kind >= SS_T_TINYINT && t.kind <= SS_T_DOUBLE;
}
static inline bool ss_type_is_approx(ss_type t)
{
    return t.kind == SS_T_REAL || t.kind == SS_T_DOUBLE;
}
static inline bool ss_type_is_string(ss_type t)
{
    return t.kind == SS_T_CHAR || t.kind == SS_T_VARCHAR;
}
static inline bool ss_type_is_datetime(ss_type t)
{
    return t.kind == SS_T_TIMESTAMP || t.kind == SS_T_DATE || t.kind == SS_T_TIME;
}
static inline bool ss_type_is_interval(ss_type t)
{
    return t.kind == SS_T_INTERVAL_DS || t.kind == SS_T_INTERVAL_YM;
}

/* "VARCHAR(16)", "DECIMAL(10,2)", ... into buf; returns buf. */
const char *ss_type_name(ss_type t, char *buf, size_t len);
/* Looks up a type by its SQL name words ("DOUBLE PRECISION", "INT"); false if unknown. */
bool ss_type_from_name(const char *name, ss_type *out);

/* The result type of arithmetic on two numerics (SQL numeric promotion). */
ss_type ss_type_numeric_common(ss_type a, ss_type b);
/* A common type both can be implicitly converted to (CASE branches, IN lists,
 * comparisons, COALESCE); false when there is none. */
bool ss_type_common(ss_type a, ss_type b, ss_type *out);
/* Whether CAST(from AS to) is allowed at all (it may still fail on a value). */
bool ss_type_castable(ss_type from, ss_type to);
bool ss_type_equal(ss_type a, ss_type b);

#endif
