/* Record decoding; see decode.h. JSON goes through the DOM-free scanner,
 * CSV through the RFC 4180 splitter; both end in the same conversions, which
 * follow CAST for text and are strict for JSON numbers: an INTEGER column
 * takes an integral JSON number only. */
#include "io/decode.h"
#include "io/csvscan.h"
#include "io/jsonscan.h"
#include "util/mem.h"
#include "util/numconv.h"
#include "util/timeconv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ss_decoder {
    const ss_stream *s;
    ss_format format;
    char delim;
    bool header_pending; /* CSV HEADER = TRUE: the first record names the columns */
    uint32_t ncols;
    bool *used;
    /* JSON */
    ss_json_spec *spec;
    int *field_of_col; /* spec field for each column, -1 if unused */
    ss_json_value *jv;
    ss_json_scratch jscratch;
    /* CSV */
    int *col_of_field; /* column for each CSV field position, -1 to ignore */
    int nfields_map;
    ss_csv_field *fields;
    int maxfields;
    ss_csv_scratch cscratch;
};

ss_decoder *ss_decoder_new(const ss_stream *s, const bool *used, char *err, size_t errlen)
{
    ss_decoder *d = ss_xcalloc(1, sizeof *d);
    d->s = s;
    d->format = s->binding.format;
    d->delim = s->binding.csv_delimiter ? s->binding.csv_delimiter : ',';
    d->ncols = s->ncols;
    d->used = ss_xcalloc(s->ncols + 1, sizeof(bool));
    for (uint32_t i = 0; i < s->ncols; i++)
        d->used[i] = (!used || used[i]) && !s->cols[i].hidden;
    if (d->format == SS_FMT_JSON) {
        d->spec = ss_json_spec_new();
        d->field_of_col = ss_xcalloc(s->ncols + 1, sizeof(int));
        for (uint32_t i = 0; i < s->ncols; i++) {
            d->field_of_col[i] = -1;
            if (!d->used[i])
                continue;
            const char *name = s->cols[i].mapping ? s->cols[i].mapping : s->cols[i].name;
            d->field_of_col[i] = ss_json_spec_add(d->spec, name, err, errlen);
            if (d->field_of_col[i] < 0) {
                ss_decoder_free(d);
                return NULL;
            }
        }
        ss_json_spec_allow_big_numbers(d->spec, true);
        d->jv = ss_xcalloc((size_t)ss_json_spec_count(d->spec) + 1, sizeof(ss_json_value));
        ss_json_scratch_init(&d->jscratch);
    } else {
        d->header_pending = s->binding.csv_header;
        /* Positional until a header says otherwise. */
        d->maxfields = (int)s->ncols + 64;
        d->fields = ss_xcalloc((size_t)d->maxfields, sizeof(ss_csv_field));
        d->col_of_field = ss_xcalloc((size_t)d->maxfields, sizeof(int));
        d->nfields_map = (int)s->ncols;
        for (int i = 0; i < d->maxfields; i++)
            d->col_of_field[i] = i < (int)s->ncols ? i : -1;
        ss_csv_scratch_init(&d->cscratch);
    }
    return d;
}

void ss_decoder_free(ss_decoder *d)
{
    if (!d)
        return;
    if (d->spec) {
        ss_json_spec_free(d->spec);
        ss_json_scratch_free(&d->jscratch);
    }
    if (d->fields)
        ss_csv_scratch_free(&d->cscratch);
    free(d->field_of_col);
    free(d->jv);
    free(d->fields);
    free(d->col_of_field);
    free(d->used);
    free(d);
}

static ss_decode_status convert_error(ss_decode_error *err, int col, const char *fmt, const char *a,
                                      const char *b)
{
    err->column = col;
    snprintf(err->message, sizeof err->message, fmt, a, b);
    return SS_DECODE_CONVERT;
}

/* Text into a column, as CAST(text AS type) would do it. */
static ss_decode_status from_text(ss_decoder *d, uint32_t c, const char *s, size_t len, ss_value *out,
                                  ss_arena *arena, uint64_t *trunc, ss_decode_error *err)
{
    ss_type t = d->s->cols[c].type;
    char msg[160], tb[64];
    ss_cast_status st = ss_cast(ss_str(s, (uint32_t)len), ss_type_make(SS_T_VARCHAR), t, arena, out, msg);
    if (st == SS_CAST_FAILED) {
        err->column = (int)c;
        snprintf(err->message, sizeof err->message, "column %s: %s", d->s->cols[c].name, msg);
        (void)tb;
        return SS_DECODE_CONVERT;
    }
    if (st == SS_CAST_TRUNCATED)
        (*trunc)++;
    return SS_DECODE_OK;
}

static ss_decode_status from_json(ss_decoder *d, uint32_t c, const ss_json_value *j, const char *rec,
                                  size_t rlen, ss_value *out, ss_arena *arena, uint64_t *trunc,
                                  ss_decode_error *err)
{
    const ss_column *col = &d->s->cols[c];
    ss_type t = col->type;
    char tb[64], nb[SS_NUM_DOUBLE_BUFSZ];
    const char *what = NULL;
    /* The common shapes first, without the general cast machinery. */
    switch (j->kind) {
    case SS_JV_STRING:
        if (t.kind == SS_T_VARCHAR && (t.length == 0 || j->len <= t.length) &&
            j->s >= rec && j->s < rec + rlen) {
            *out = ss_str(j->s, (uint32_t)j->len); /* fits even if every byte were a character */
            return SS_DECODE_OK;
        }
        break;
    case SS_JV_INT:
        if (t.kind == SS_T_BIGINT || t.kind == SS_T_TIMESTAMP) {
            *out = ss_int(j->i);
            return SS_DECODE_OK;
        }
        if (t.kind == SS_T_DOUBLE) {
            *out = ss_dbl((double)j->i);
            return SS_DECODE_OK;
        }
        break;
    case SS_JV_REAL:
        if (t.kind == SS_T_DOUBLE) {
            *out = ss_dbl(j->d);
            return SS_DECODE_OK;
        }
        break;
    default:
        break;
    }
    switch (j->kind) {
    case SS_JV_MISSING:
    case SS_JV_NULL:
        *out = ss_null();
        return SS_DECODE_OK;
    case SS_JV_STRING: {
        const char *s = j->s;
        /* Escaped strings live in the scanner's scratch until the next record. */
        if (ss_type_is_string(t) && (s < rec || s >= rec + rlen) && j->len)
            s = ss_arena_strndup(arena, s, j->len);
        return from_text(d, c, s, j->len, out, arena, trunc, err);
    }
    case SS_JV_TRUE:
    case SS_JV_FALSE:
        if (t.kind == SS_T_BOOLEAN) {
            *out = ss_int(j->kind == SS_JV_TRUE);
            return SS_DECODE_OK;
        }
        if (ss_type_is_string(t))
            return from_text(d, c, j->kind == SS_JV_TRUE ? "true" : "false", j->kind == SS_JV_TRUE ? 4 : 5,
                             out, arena, trunc, err);
        what = "a boolean";
        break;
    case SS_JV_INT: {
        ss_value v = ss_int(j->i);
        ss_type from = ss_type_make(SS_T_BIGINT);
        if (ss_type_is_numeric(t) || t.kind == SS_T_TIMESTAMP) {
            char msg[160];
            if (ss_cast(v, from, t, arena, out, msg) == SS_CAST_FAILED)
                return convert_error(err, (int)c, "column %s: %s", col->name, msg);
            return SS_DECODE_OK;
        }
        if (ss_type_is_string(t)) {
            size_t n = ss_num_format_int64(j->i, nb);
            return from_text(d, c, ss_arena_strndup(arena, nb, n), n, out, arena, trunc, err);
        }
        what = "a number";
        break;
    }
    case SS_JV_REAL: {
        double x = j->d;
        if (ss_type_is_integer(t) || t.kind == SS_T_TIMESTAMP) {
            /* 1.0 is an integer; 1.5 is not one, and saying so beats truncating. */
            if (x != floor(x) || x >= 9223372036854775808.0 || x < -9223372036854775808.0) {
                size_t n;
                ss_num_format_double(x, nb, &n);
                return convert_error(err, (int)c, "column %s: %s is not a whole number", col->name, nb);
            }
            char msg[160];
            if (ss_cast(ss_int((int64_t)x), ss_type_make(SS_T_BIGINT), t, arena, out, msg) == SS_CAST_FAILED)
                return convert_error(err, (int)c, "column %s: %s", col->name, msg);
            return SS_DECODE_OK;
        }
        if (ss_type_is_numeric(t)) {
            char msg[160];
            if (ss_cast(ss_dbl(x), ss_type_make(SS_T_DOUBLE), t, arena, out, msg) == SS_CAST_FAILED)
                return convert_error(err, (int)c, "column %s: %s", col->name, msg);
            return SS_DECODE_OK;
        }
        if (ss_type_is_string(t)) {
            size_t n;
            ss_num_format_double(x, nb, &n);
            return from_text(d, c, ss_arena_strndup(arena, nb, n), n, out, arena, trunc, err);
        }
        what = "a number";
        break;
    }
    case SS_JV_BIGNUM:
        /* Beyond int64/double: only text or an exact DECIMAL could hold it. */
        return from_text(d, c, j->s, j->len, out, arena, trunc, err);
    case SS_JV_OBJECT: what = "a JSON object"; break;
    case SS_JV_ARRAY: what = "a JSON array"; break;
    }
    err->column = (int)c;
    snprintf(err->message, sizeof err->message, "column %s is %s and cannot hold %s", col->name,
             ss_type_name(t, tb, sizeof tb), what);
    return SS_DECODE_CONVERT;
}

static ss_decode_status decode_json(ss_decoder *d, const char *rec, size_t len, ss_value *vals,
                                    ss_arena *arena, uint64_t *trunc, ss_decode_error *err)
{
    ss_json_error je;
    ss_json_status st = ss_json_scan(d->spec, rec, len, d->jv, &d->jscratch, &je);
    if (st != SS_JSON_OK) {
        err->column = -1;
        if (st == SS_JSON_NOT_OBJECT)
            snprintf(err->message, sizeof err->message, "record is not a JSON object");
        else
            snprintf(err->message, sizeof err->message, "invalid JSON at byte %zu: %s", je.offset, je.message);
        return SS_DECODE_PARSE;
    }
    for (uint32_t c = 0; c < d->ncols; c++) {
        int f = d->field_of_col[c];
        if (f < 0) {
            vals[c] = ss_null();
            continue;
        }
        ss_decode_status ds = from_json(d, c, &d->jv[f], rec, len, &vals[c], arena, trunc, err);
        if (ds != SS_DECODE_OK)
            return ds;
    }
    return SS_DECODE_OK;
}

static ss_decode_status decode_csv(ss_decoder *d, const char *rec, size_t len, ss_value *vals,
                                   ss_arena *arena, uint64_t *trunc, ss_decode_error *err)
{
    ss_csv_error ce;
    int n = ss_csv_split(rec, len, d->delim, d->fields, d->maxfields, &d->cscratch, &ce);
    if (n < 0) {
        err->column = -1;
        snprintf(err->message, sizeof err->message, "invalid CSV at byte %zu: %s", ce.offset, ce.message);
        return SS_DECODE_PARSE;
    }
    if (d->header_pending) {
        /* Map header names to columns, case-insensitively as for JSON keys. */
        d->header_pending = false;
        d->nfields_map = n;
        for (int i = 0; i < n; i++) {
            d->col_of_field[i] = -1;
            for (uint32_t c = 0; c < d->ncols; c++)
                if (d->fields[i].len == strlen(d->s->cols[c].name) &&
                    strncasecmp(d->fields[i].s, d->s->cols[c].name, d->fields[i].len) == 0)
                    d->col_of_field[i] = (int)c;
        }
        return SS_DECODE_HEADER;
    }
    for (uint32_t c = 0; c < d->ncols; c++)
        vals[c] = ss_null();
    for (int i = 0; i < n && i < d->nfields_map; i++) {
        int c = d->col_of_field[i];
        if (c < 0 || !d->used[c])
            continue;
        const ss_csv_field *f = &d->fields[i];
        if (f->len == 0 && !f->quoted)
            continue; /* an empty field is NULL */
        const char *s = f->s;
        if ((s < rec || s >= rec + len) && f->len)
            s = ss_arena_strndup(arena, s, f->len);
        ss_decode_status ds = from_text(d, (uint32_t)c, s, f->len, &vals[c], arena, trunc, err);
        if (ds != SS_DECODE_OK)
            return ds;
    }
    return SS_DECODE_OK;
}

ss_decode_status ss_decode(ss_decoder *d, const char *rec, size_t len, ss_value *vals, ss_arena *arena,
                           uint64_t *truncations, ss_decode_error *err)
{
    if (d->format == SS_FMT_JSON)
        return decode_json(d, rec, len, vals, arena, truncations, err);
    return decode_csv(d, rec, len, vals, arena, truncations, err);
}
