/* SQL type names and conversion rules; see types.h. */
#include "sql/types.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[SS_T__COUNT] = {
    [SS_T_UNKNOWN] = "UNKNOWN",     [SS_T_NULL] = "NULL",
    [SS_T_BOOLEAN] = "BOOLEAN",     [SS_T_TINYINT] = "TINYINT",
    [SS_T_SMALLINT] = "SMALLINT",   [SS_T_INTEGER] = "INTEGER",
    [SS_T_BIGINT] = "BIGINT",       [SS_T_DECIMAL] = "DECIMAL",
    [SS_T_REAL] = "REAL",           [SS_T_DOUBLE] = "DOUBLE",
    [SS_T_CHAR] = "CHAR",           [SS_T_VARCHAR] = "VARCHAR",
    [SS_T_TIMESTAMP] = "TIMESTAMP", [SS_T_DATE] = "DATE",
    [SS_T_TIME] = "TIME",           [SS_T_INTERVAL_DS] = "INTERVAL DAY TO SECOND",
    [SS_T_INTERVAL_YM] = "INTERVAL YEAR TO MONTH",
};

const char *ss_type_name(ss_type t, char *buf, size_t len)
{
    const char *base = t.kind < SS_T__COUNT ? kind_names[t.kind] : "?";
    if (t.kind == SS_T_DECIMAL)
        snprintf(buf, len, "DECIMAL(%u,%u)", t.precision, t.scale);
    else if (ss_type_is_string(t) && t.length)
        snprintf(buf, len, "%s(%u)", base, t.length);
    else
        snprintf(buf, len, "%s", base);
    return buf;
}

static const struct {
    const char *name;
    ss_type_kind kind;
} type_names[] = {
    {"BOOLEAN", SS_T_BOOLEAN},
    {"TINYINT", SS_T_TINYINT},
    {"SMALLINT", SS_T_SMALLINT},
    {"INTEGER", SS_T_INTEGER},
    {"INT", SS_T_INTEGER},
    {"BIGINT", SS_T_BIGINT},
    {"DECIMAL", SS_T_DECIMAL},
    {"DEC", SS_T_DECIMAL},
    {"NUMERIC", SS_T_DECIMAL},
    {"REAL", SS_T_REAL},
    {"DOUBLE", SS_T_DOUBLE},
    {"DOUBLE PRECISION", SS_T_DOUBLE},
    {"FLOAT", SS_T_DOUBLE},
    {"CHAR", SS_T_CHAR},
    {"CHARACTER", SS_T_CHAR},
    {"VARCHAR", SS_T_VARCHAR},
    {"CHARACTER VARYING", SS_T_VARCHAR},
    {"CHAR VARYING", SS_T_VARCHAR},
    {"TIMESTAMP", SS_T_TIMESTAMP},
    {"DATE", SS_T_DATE},
    {"TIME", SS_T_TIME},
};

bool ss_type_from_name(const char *name, ss_type *out)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++) {
        if (strcasecmp(name, type_names[i].name) == 0) {
            *out = ss_type_make(type_names[i].kind);
            if (out->kind == SS_T_DECIMAL) {
                out->precision = SS_DECIMAL_MAX_PRECISION;
                out->scale = 0;
            }
            if (out->kind == SS_T_CHAR)
                out->length = 1;
            return true;
        }
    }
    return false;
}

bool ss_type_equal(ss_type a, ss_type b)
{
    return a.kind == b.kind && a.scale == b.scale && a.precision == b.precision &&
           a.length == b.length;
}

/* Digits needed left of the point for an integer type: keeps DECIMAL promotion exact. */
static unsigned int_digits(ss_type_kind k)
{
    switch (k) {
    case SS_T_TINYINT: return 3;
    case SS_T_SMALLINT: return 5;
    case SS_T_INTEGER: return 10;
    default: return 18;
    }
}

ss_type ss_type_numeric_common(ss_type a, ss_type b)
{
    if (a.kind == SS_T_NULL)
        return b;
    if (b.kind == SS_T_NULL)
        return a;
    if (a.kind == SS_T_DOUBLE || b.kind == SS_T_DOUBLE)
        return ss_type_make(SS_T_DOUBLE);
    if (a.kind == SS_T_REAL || b.kind == SS_T_REAL)
        return ss_type_make(SS_T_REAL);
    if (a.kind == SS_T_DECIMAL || b.kind == SS_T_DECIMAL) {
        unsigned sa = a.kind == SS_T_DECIMAL ? a.scale : 0;
        unsigned sb = b.kind == SS_T_DECIMAL ? b.scale : 0;
        unsigned ia = a.kind == SS_T_DECIMAL ? (unsigned)(a.precision - a.scale) : int_digits(a.kind);
        unsigned ib = b.kind == SS_T_DECIMAL ? (unsigned)(b.precision - b.scale) : int_digits(b.kind);
        unsigned s = sa > sb ? sa : sb;
        unsigned p = (ia > ib ? ia : ib) + s;
        if (p > SS_DECIMAL_MAX_PRECISION)
            p = SS_DECIMAL_MAX_PRECISION;
        ss_type t = ss_type_make(SS_T_DECIMAL);
        t.precision = (uint16_t)p;
        t.scale = (uint8_t)s;
        return t;
    }
    return ss_type_make(a.kind > b.kind ? (ss_type_kind)a.kind : (ss_type_kind)b.kind);
}

bool ss_type_common(ss_type a, ss_type b, ss_type *out)
{
    if (a.kind == SS_T_NULL) {
        *out = b;
        return true;
    }
    if (b.kind == SS_T_NULL || ss_type_equal(a, b)) {
        *out = a;
        return true;
    }
    if (ss_type_is_numeric(a) && ss_type_is_numeric(b)) {
        *out = ss_type_numeric_common(a, b);
        return true;
    }
    if (ss_type_is_string(a) && ss_type_is_string(b)) {
        *out = ss_type_make(SS_T_VARCHAR);
        out->length = (a.length && b.length) ? (a.length > b.length ? a.length : b.length) : 0;
        return true;
    }
    if (a.kind == b.kind) {
        *out = a;
        return true;
    }
    /* A timestamp compared with a date promotes the date to midnight. */
    if ((a.kind == SS_T_TIMESTAMP && b.kind == SS_T_DATE) ||
        (a.kind == SS_T_DATE && b.kind == SS_T_TIMESTAMP)) {
        *out = ss_type_make(SS_T_TIMESTAMP);
        return true;
    }
    return false;
}

bool ss_type_castable(ss_type from, ss_type to)
{
    if (from.kind == SS_T_NULL || ss_type_equal(from, to))
        return true;
    /* Everything has a text form, and text can be parsed as anything. */
    if (ss_type_is_string(from) || ss_type_is_string(to))
        return true;
    if (ss_type_is_numeric(from) && ss_type_is_numeric(to))
        return true;
    if (from.kind == SS_T_BOOLEAN)
        return to.kind == SS_T_BOOLEAN || ss_type_is_integer(to);
    if (to.kind == SS_T_BOOLEAN)
        return ss_type_is_integer(from);
    if (ss_type_is_datetime(from) && ss_type_is_datetime(to))
        return !(from.kind == SS_T_DATE && to.kind == SS_T_TIME) &&
               !(from.kind == SS_T_TIME && to.kind == SS_T_DATE);
    /* Epoch milliseconds, as KDA's CAST of a BIGINT to TIMESTAMP. */
    if (from.kind == SS_T_TIMESTAMP && ss_type_is_integer(to))
        return to.kind == SS_T_BIGINT;
    if (ss_type_is_integer(from) && to.kind == SS_T_TIMESTAMP)
        return true;
    if (ss_type_is_interval(from) && ss_type_is_interval(to))
        return from.kind == to.kind;
    if (ss_type_is_interval(from) && ss_type_is_numeric(to))
        return true;
    if (ss_type_is_numeric(from) && ss_type_is_interval(to))
        return ss_type_is_integer(from);
    return false;
}
