/* Output records in JSON and CSV; see encode.h. Everything is appended into
 * the caller's ss_buf: space is reserved first, then written through a plain
 * pointer, so the per-byte loops carry no bounds checks. */
#include "io/encode.h"
#include "util/numconv.h"
#include "util/timeconv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ---------------------------------------------------------------- */

/* The well-formed UTF-8 sequence starting at p (p[0] >= 0x80), per Unicode
 * table 3-7: returns its length, or 0 with *bad set to the length of the
 * maximal ill-formed subpart (at least 1), which is replaced by one U+FFFD. */
static size_t utf8_seq(const unsigned char *p, size_t avail, size_t *bad)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        *bad = 1; /* continuation byte, C0, C1 or F5..FF */
        return 0;
    }
    size_t k = 1;
    while (k <= need && k < avail && p[k] >= lo && p[k] <= hi) {
        lo = 0x80;
        hi = 0xBF;
        k++;
    }
    if (k == need + 1)
        return k;
    *bad = k;
    return 0;
}

static inline char *put_fffd(char *w)
{
    *w++ = (char)0xEF;
    *w++ = (char)0xBF;
    *w++ = (char)0xBD;
    return w;
}

/* ---- JSON strings ------------------------------------------------------- */

static const char hexdig[] = "0123456789abcdef";

/* Input bytes handled per reservation: each may need up to 6 output bytes
 * (\u001f), and a multi-byte sequence may run 3 bytes past the chunk. */
#define JSON_CHUNK 4096

/* String content without quotes; see ss_encode_json_string_max. */
static size_t json_body(ss_buf *out, const char *str, size_t len, size_t limit)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t end = len < limit ? len : limit;
    size_t i = 0;
    while (i < end) {
        size_t chunk_end = end - i > JSON_CHUNK ? i + JSON_CHUNK : end;
        ss_buf_reserve(out, (chunk_end - i) * 6 + 8);
        char *w = out->data + out->len;
        while (i < chunk_end) {
            unsigned c = s[i];
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                *w++ = (char)c;
                i++;
                continue;
            }
            if (c < 0x80) {
                *w++ = '\\';
                switch (c) {
                case '"': *w++ = '"'; break;
                case '\\': *w++ = '\\'; break;
                case '\b': *w++ = 'b'; break;
                case '\f': *w++ = 'f'; break;
                case '\n': *w++ = 'n'; break;
                case '\r': *w++ = 'r'; break;
                case '\t': *w++ = 't'; break;
                default:
                    *w++ = 'u';
                    *w++ = '0';
                    *w++ = '0';
                    *w++ = hexdig[c >> 4];
                    *w++ = hexdig[c & 15];
                    break;
                }
                i++;
                continue;
            }
            size_t bad = 0, k = utf8_seq(s + i, len - i, &bad);
            size_t step = k ? k : bad;
            if (i + step > end) {
                /* The character crosses the limit: stop before it. When
                 * the input itself ends there (end == len), step fits. */
                out->len = (size_t)(w - out->data);
                return i;
            }
            if (k) {
                memcpy(w, s + i, k);
                w += k;
            } else {
                w = put_fffd(w);
            }
            i += step;
        }
        out->len = (size_t)(w - out->data);
    }
    return i;
}

size_t ss_encode_json_string_max(ss_buf *out, const char *s, size_t len, size_t limit)
{
    ss_buf_putc(out, '"');
    size_t n = json_body(out, s, len, limit);
    ss_buf_putc(out, '"');
    return n;
}

void ss_encode_json_string(ss_buf *out, const char *s, size_t len)
{
    ss_encode_json_string_max(out, s, len, len);
}

/* ---- JSON values ---------------------------------------------------------- */

static inline void put_lit(ss_buf *out, const char *s, size_t n)
{
    ss_buf_append(out, s, n);
}

/* A float/double text written in place; non-finite values become null. */
static void json_float(ss_buf *out, double d, bool real)
{
    size_t n = 0;
    ss_buf_reserve(out, SS_NUM_DOUBLE_BUFSZ);
    char *w = out->data + out->len;
    int rc = real ? ss_num_format_float((float)d, w, &n) : ss_num_format_double(d, w, &n);
    if (rc != 0) {
        memcpy(w, "null", 4);
        n = 4;
    }
    out->len += n;
}

void ss_encode_json_value(ss_buf *out, ss_value v, ss_type t)
{
    if (v.null) {
        put_lit(out, "null", 4);
        return;
    }
    switch ((ss_type_kind)t.kind) {
    case SS_T_BOOLEAN:
        if (v.i)
            put_lit(out, "true", 4);
        else
            put_lit(out, "false", 5);
        return;
    case SS_T_TINYINT:
    case SS_T_SMALLINT:
    case SS_T_INTEGER:
    case SS_T_BIGINT:
        ss_buf_reserve(out, SS_NUM_INT64_BUFSZ);
        out->len += ss_num_format_int64(v.i, out->data + out->len);
        return;
    case SS_T_DECIMAL:
        ss_buf_reserve(out, SS_NUM_DEC_BUFSZ);
        out->len += ss_num_dec_format(v.i, t.scale, out->data + out->len);
        return;
    case SS_T_REAL: json_float(out, v.d, true); return;
    case SS_T_DOUBLE: json_float(out, v.d, false); return;
    case SS_T_CHAR:
    case SS_T_VARCHAR: ss_encode_json_string(out, v.s, v.len); return;
    case SS_T_TIMESTAMP:
    case SS_T_DATE:
    case SS_T_TIME:
    case SS_T_INTERVAL_DS:
    case SS_T_INTERVAL_YM: {
        /* Time texts are ASCII without anything to escape. */
        ss_buf_reserve(out, SS_TIME_BUFSZ + 2);
        char *w = out->data + out->len;
        size_t n;
        *w++ = '"';
        switch ((ss_type_kind)t.kind) {
        case SS_T_TIMESTAMP: n = ss_time_format_timestamp(v.i, w); break;
        case SS_T_DATE: n = ss_time_format_date(v.i, w); break;
        case SS_T_TIME: n = ss_time_format_time(v.i, w); break;
        case SS_T_INTERVAL_DS: n = ss_time_format_interval_ds(v.i, w); break;
        default: n = ss_time_format_interval_ym(v.i, w); break;
        }
        w[n] = '"';
        out->len += n + 2;
        return;
    }
    default: put_lit(out, "null", 4); return;
    }
}

void ss_encoder_cache_keys(ss_encoder *e)
{
    ss_buf_clear(&e->keys);
    free(e->key_end);
    e->key_end = malloc(sizeof(uint32_t) * (e->ncols + 1));
    if (!e->key_end)
        return;
    for (uint32_t i = 0; i < e->ncols; i++) {
        ss_encode_json_string(&e->keys, e->cols[i].name, strlen(e->cols[i].name));
        ss_buf_putc(&e->keys, ':');
        e->key_end[i] = (uint32_t)e->keys.len;
    }
}

void ss_encoder_free(ss_encoder *e)
{
    ss_buf_free(&e->keys);
    free(e->key_end);
    e->key_end = NULL;
}

static void json_row(const ss_encoder *e, const ss_value *row, ss_buf *out)
{
    ss_buf_putc(out, '{');
    bool first = true;
    for (uint32_t i = 0; i < e->ncols; i++) {
        const ss_column *c = &e->cols[i];
        if (c->hidden)
            continue;
        if (!first)
            ss_buf_putc(out, ',');
        first = false;
        if (e->key_end) {
            uint32_t b = i ? e->key_end[i - 1] : 0;
            ss_buf_append(out, e->keys.data + b, e->key_end[i] - b);
        } else {
            ss_encode_json_string(out, c->name, strlen(c->name));
            ss_buf_putc(out, ':');
        }
        ss_encode_json_value(out, row[i], c->type);
    }
    ss_buf_putc(out, '}');
    ss_buf_putc(out, '\n');
}

/* ---- CSV ------------------------------------------------------------------ */

/* A field from arbitrary bytes: quoted when needed, '"' doubled, ill-formed
 * UTF-8 replaced. */
static void csv_field(ss_buf *out, const char *str, size_t len, char delim)
{
    const unsigned char *s = (const unsigned char *)str;
    bool quote = len == 0, high = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == (unsigned char)delim || c == '"' || c == '\r' || c == '\n')
            quote = true;
        else if (c >= 0x80)
            high = true;
    }
    if (!quote && !high) {
        ss_buf_append(out, str, len);
        return;
    }
    /* Worst case: every byte a '"' (2 out) or a lone bad byte (3 out). */
    ss_buf_reserve(out, len * 3 + 2);
    char *w = out->data + out->len;
    if (quote)
        *w++ = '"';
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == '"')
                *w++ = '"';
            *w++ = (char)c;
            i++;
            continue;
        }
        size_t bad = 0, k = utf8_seq(s + i, len - i, &bad);
        if (k) {
            memcpy(w, s + i, k);
            w += k;
            i += k;
        } else {
            w = put_fffd(w);
            i += bad;
        }
    }
    if (quote)
        *w++ = '"';
    out->len = (size_t)(w - out->data);
}

/* A non-string value: its text is written in place, then quoted in place in
 * the rare case that it contains the delimiter (a ' ' or ':' delimiter and a
 * TIMESTAMP, say). Texts of non-strings never hold '"', CR or LF. */
static void csv_value(ss_buf *out, ss_value v, ss_type t, char delim)
{
    if (v.null)
        return;
    if (ss_type_is_string(t)) {
        csv_field(out, v.s, v.len, delim);
        return;
    }
    ss_buf_reserve(out, SS_VALUE_TEXT_MAX + 2);
    char *w = out->data + out->len;
    const char *s = w;
    uint32_t n = ss_value_text(v, t, w, &s);
    if (n && memchr(w, delim, n)) {
        memmove(w + 1, w, n);
        w[0] = '"';
        w[n + 1] = '"';
        n += 2;
    }
    out->len += n;
}

static char delim_of(const ss_encoder *e)
{
    return e->delimiter ? e->delimiter : ',';
}

void ss_encode_header(const ss_encoder *e, ss_buf *out)
{
    if (e->format != SS_FMT_CSV)
        return;
    char delim = delim_of(e);
    bool first = true;
    for (uint32_t i = 0; i < e->ncols; i++) {
        if (e->cols[i].hidden)
            continue;
        if (!first)
            ss_buf_putc(out, delim);
        first = false;
        csv_field(out, e->cols[i].name, strlen(e->cols[i].name), delim);
    }
    ss_buf_putc(out, '\n');
}

static void csv_row(const ss_encoder *e, const ss_value *row, ss_buf *out)
{
    char delim = delim_of(e);
    bool first = true;
    for (uint32_t i = 0; i < e->ncols; i++) {
        if (e->cols[i].hidden)
            continue;
        if (!first)
            ss_buf_putc(out, delim);
        first = false;
        csv_value(out, row[i], e->cols[i].type, delim);
    }
    ss_buf_putc(out, '\n');
}

void ss_encode_row(const ss_encoder *e, const ss_value *row, ss_buf *out)
{
    if (e->format == SS_FMT_CSV)
        csv_row(e, row, out);
    else
        json_row(e, row, out);
}
