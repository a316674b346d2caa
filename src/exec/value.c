/* Runtime value conversions, text forms and ordering; see value.h. The cast
 * rules follow SQL (and Calcite, which KDA's dialect descends from) where they
 * agree; choices they leave open are listed in docs/DIALECT.md. */
#include "exec/value.h"
#include "util/numconv.h"
#include "util/timeconv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static ss_cast_status fail(char *msg, const char *fmt, const char *a, const char *b)
{
    snprintf(msg, 128, fmt, a, b);
    return SS_CAST_FAILED;
}

/* A short quoted excerpt of a string for messages. */
static const char *excerpt(ss_value v, ss_type t, char *buf)
{
    char text[SS_VALUE_TEXT_MAX];
    const char *s = text;
    uint32_t n = ss_value_text(v, t, text, &s);
    uint32_t cut = n > 40 ? 40 : n;
    while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(buf, 64, "%s%.*s%s%s", ss_type_is_string(t) ? "'" : "", (int)cut, s,
             cut < n ? "..." : "", ss_type_is_string(t) ? "'" : "");
    return buf;
}

static const char *tn(ss_type t, char *buf)
{
    return ss_type_name(t, buf, 64);
}

static bool int_fits(int64_t i, ss_type_kind k)
{
    switch (k) {
    case SS_T_TINYINT: return i >= -128 && i <= 127;
    case SS_T_SMALLINT: return i >= -32768 && i <= 32767;
    case SS_T_INTEGER: return i >= INT32_MIN && i <= INT32_MAX;
    default: return true;
    }
}

/* Cuts a string to at most n characters (not bytes) of UTF-8. */
static uint32_t utf8_prefix(const char *s, uint32_t len, uint32_t nchars)
{
    uint32_t chars = 0, i = 0;
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == nchars)
                return i;
            chars++;
        }
        i++;
    }
    return len;
}

static ss_cast_status to_string(ss_value v, ss_type from, ss_type to, ss_arena *arena, ss_value *out)
{
    char buf[SS_VALUE_TEXT_MAX];
    const char *s = buf;
    uint32_t n = ss_value_text(v, from, buf, &s);
    ss_cast_status st = SS_CAST_OK;
    if (to.length) {
        uint32_t cut = utf8_prefix(s, n, to.length);
        if (cut < n) {
            n = cut;
            st = SS_CAST_TRUNCATED; /* KDA cuts to the column's length and goes on */
        }
    }
    if (s == buf)
        s = ss_arena_strndup(arena, buf, n);
    *out = ss_str(s, n);
    return st;
}

static ss_cast_status from_string(ss_value v, ss_type to, ss_value *out, char *msg)
{
    char b1[64], b2[64];
    const char *s = v.s;
    size_t n = v.len;
    int rc = 0;
    ss_value r = {0};
    switch ((ss_type_kind)to.kind) {
    case SS_T_BOOLEAN: {
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n == 4 && strncasecmp(s, "true", 4) == 0)
            r.i = 1;
        else if (n == 5 && strncasecmp(s, "false", 5) == 0)
            r.i = 0;
        else
            rc = -1;
        break;
    }
    case SS_T_TINYINT:
    case SS_T_SMALLINT:
    case SS_T_INTEGER:
    case SS_T_BIGINT:
        rc = ss_num_parse_int64(s, n, &r.i);
        if (rc == 0 && !int_fits(r.i, (ss_type_kind)to.kind))
            rc = -1;
        break;
    case SS_T_DECIMAL:
        rc = ss_num_dec_parse(s, n, to.precision, to.scale, &r.i);
        break;
    case SS_T_REAL: {
        float f;
        rc = ss_num_parse_float(s, n, &f);
        r.d = f;
        break;
    }
    case SS_T_DOUBLE:
        rc = ss_num_parse_double(s, n, &r.d);
        break;
    case SS_T_TIMESTAMP: rc = ss_time_parse_timestamp(s, n, &r.i); break;
    case SS_T_DATE: rc = ss_time_parse_date(s, n, &r.i); break;
    case SS_T_TIME: rc = ss_time_parse_time(s, n, &r.i); break;
    default: rc = -1; break;
    }
    if (rc != 0)
        return fail(msg, "cannot convert %s to %s", excerpt(v, ss_type_make(SS_T_VARCHAR), b1), tn(to, b2));
    *out = r;
    return SS_CAST_OK;
}

ss_cast_status ss_cast(ss_value v, ss_type from, ss_type to, ss_arena *arena, ss_value *out, char *msg)
{
    char b1[64], b2[64];
    if (v.null || from.kind == SS_T_NULL) {
        *out = ss_null();
        return SS_CAST_OK;
    }
    ss_type_kind fk = (ss_type_kind)from.kind, tk = (ss_type_kind)to.kind;
    if (ss_type_is_string(to)) {
        if (ss_type_is_string(from)) {
            *out = v;
            if (to.length) {
                uint32_t cut = utf8_prefix(v.s, v.len, to.length);
                if (cut < v.len) {
                    out->len = cut;
                    return SS_CAST_TRUNCATED;
                }
            }
            return SS_CAST_OK;
        }
        return to_string(v, from, to, arena, out);
    }
    if (ss_type_is_string(from))
        return from_string(v, to, out, msg);
    *out = v;
    out->len = 0;
    if (ss_type_is_integer(from) || fk == SS_T_BOOLEAN) {
        switch (tk) {
        case SS_T_BOOLEAN:
            out->i = v.i != 0;
            return SS_CAST_OK;
        case SS_T_TINYINT: case SS_T_SMALLINT: case SS_T_INTEGER: case SS_T_BIGINT:
        case SS_T_TIMESTAMP: case SS_T_INTERVAL_DS: case SS_T_INTERVAL_YM:
            if (!int_fits(v.i, tk))
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            return SS_CAST_OK;
        case SS_T_DECIMAL: {
            int64_t p10 = ss_num_pow10(to.scale);
            if ((v.i > 0 && v.i > INT64_MAX / p10) || (v.i < 0 && v.i < INT64_MIN / p10) ||
                !ss_num_dec_fits(v.i * p10, to.precision))
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            out->i = v.i * p10;
            return SS_CAST_OK;
        }
        case SS_T_REAL: out->d = ss_real((double)v.i); return SS_CAST_OK;
        case SS_T_DOUBLE: out->d = (double)v.i; return SS_CAST_OK;
        default: break;
        }
    } else if (fk == SS_T_DECIMAL) {
        switch (tk) {
        case SS_T_TINYINT: case SS_T_SMALLINT: case SS_T_INTEGER: case SS_T_BIGINT:
            /* Truncation toward zero, as Java's BigDecimal.longValue (Calcite, KDA). */
            out->i = v.i / ss_num_pow10(from.scale);
            if (!int_fits(out->i, tk))
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            return SS_CAST_OK;
        case SS_T_DECIMAL:
            if (ss_num_dec_rescale(v.i, from.scale, to.scale, to.precision, &out->i) != 0)
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            return SS_CAST_OK;
        case SS_T_REAL: out->d = ss_real(ss_num_dec_to_double(v.i, from.scale)); return SS_CAST_OK;
        case SS_T_DOUBLE: out->d = ss_num_dec_to_double(v.i, from.scale); return SS_CAST_OK;
        default: break;
        }
    } else if (fk == SS_T_REAL || fk == SS_T_DOUBLE) {
        double d = v.d;
        switch (tk) {
        case SS_T_TINYINT: case SS_T_SMALLINT: case SS_T_INTEGER: case SS_T_BIGINT:
            /* 9.2e18 is the largest double below 2^63. */
            if (!isfinite(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0)
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            out->i = (int64_t)d; /* truncation toward zero */
            if (!int_fits(out->i, tk))
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            return SS_CAST_OK;
        case SS_T_DECIMAL:
            if (!isfinite(d) || ss_num_dec_from_double(d, to.precision, to.scale, &out->i) != 0)
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            return SS_CAST_OK;
        case SS_T_REAL:
            if (isfinite(d) && !isfinite((float)d))
                return fail(msg, "%s is out of range for %s", excerpt(v, from, b1), tn(to, b2));
            out->d = ss_real(d);
            return SS_CAST_OK;
        case SS_T_DOUBLE: return SS_CAST_OK;
        default: break;
        }
    } else if (fk == SS_T_TIMESTAMP) {
        switch (tk) {
        case SS_T_TIMESTAMP: case SS_T_BIGINT: return SS_CAST_OK;
        case SS_T_DATE: out->i = ss_time_floor_div(v.i, SS_TIME_MS_PER_DAY); return SS_CAST_OK;
        case SS_T_TIME: out->i = ss_time_floor_mod(v.i, SS_TIME_MS_PER_DAY); return SS_CAST_OK;
        default: break;
        }
    } else if (fk == SS_T_DATE) {
        if (tk == SS_T_TIMESTAMP) {
            out->i = v.i * SS_TIME_MS_PER_DAY;
            return SS_CAST_OK;
        }
        if (tk == SS_T_DATE)
            return SS_CAST_OK;
    } else if (fk == SS_T_TIME) {
        if (tk == SS_T_TIMESTAMP || tk == SS_T_TIME)
            return SS_CAST_OK; /* a time of day on 1970-01-01 */
    } else if (fk == SS_T_INTERVAL_DS || fk == SS_T_INTERVAL_YM) {
        if (tk == fk)
            return SS_CAST_OK;
        ss_value as_int = ss_int(v.i);
        return ss_cast(as_int, ss_type_make(SS_T_BIGINT), to, arena, out, msg);
    }
    return fail(msg, "cannot convert %s to %s", tn(from, b1), tn(to, b2));
}

uint32_t ss_value_text(ss_value v, ss_type t, char *buf, const char **s)
{
    size_t n = 0;
    *s = buf;
    if (v.null) {
        memcpy(buf, "NULL", 4);
        return 4;
    }
    switch ((ss_type_kind)t.kind) {
    case SS_T_BOOLEAN:
        n = v.i ? 4 : 5;
        memcpy(buf, v.i ? "TRUE" : "FALSE", n);
        break;
    case SS_T_TINYINT: case SS_T_SMALLINT: case SS_T_INTEGER: case SS_T_BIGINT:
        n = ss_num_format_int64(v.i, buf);
        break;
    case SS_T_DECIMAL: n = ss_num_dec_format(v.i, t.scale, buf); break;
    case SS_T_REAL: ss_num_format_float((float)v.d, buf, &n); break;
    case SS_T_DOUBLE: ss_num_format_double(v.d, buf, &n); break;
    case SS_T_CHAR: case SS_T_VARCHAR:
        *s = v.s;
        return v.len;
    case SS_T_TIMESTAMP: n = ss_time_format_timestamp(v.i, buf); break;
    case SS_T_DATE: n = ss_time_format_date(v.i, buf); break;
    case SS_T_TIME: n = ss_time_format_time(v.i, buf); break;
    case SS_T_INTERVAL_DS: n = ss_time_format_interval_ds(v.i, buf); break;
    case SS_T_INTERVAL_YM: n = ss_time_format_interval_ym(v.i, buf); break;
    default:
        memcpy(buf, "?", 1);
        n = 1;
        break;
    }
    return (uint32_t)n;
}

int ss_value_cmp(ss_value a, ss_value b, ss_type t)
{
    switch ((ss_type_kind)t.kind) {
    case SS_T_REAL:
    case SS_T_DOUBLE: {
        bool na = isnan(a.d), nb = isnan(b.d);
        if (na || nb)
            return na - nb;
        return (a.d > b.d) - (a.d < b.d);
    }
    case SS_T_CHAR:
    case SS_T_VARCHAR: {
        uint32_t n = a.len < b.len ? a.len : b.len;
        int c = n ? memcmp(a.s, b.s, n) : 0;
        if (c)
            return c;
        return (a.len > b.len) - (a.len < b.len);
    }
    default:
        return (a.i > b.i) - (a.i < b.i);
    }
}

bool ss_value_eq(ss_value a, ss_value b, ss_type t)
{
    return ss_value_cmp(a, b, t) == 0;
}
