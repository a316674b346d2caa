/* KDA application import (see kda.h and docs/KDA_IMPORT.md).
 *
 * Where the bindings go: an input's KINESIS_STREAM and its record format
 * (FORMAT, DELIMITER) are written into the generated CREATE STREAM's WITH
 * clause, so that the SQL text alone checks and runs; those keys either are
 * the binding (a new binding key in a setting replaces it) or apply to every
 * connector that reads records, so rebinding an input to a file or a topic
 * keeps them valid. The keys that only make sense for Kinesis
 * (KINESIS_REGION, STARTING_POSITION) and everything about outputs (whose
 * CREATE STREAM is in the application's own code, which we do not edit) are
 * settings, which ss_kda_settings_merge can drop when a deployment rebinds
 * the stream. Every value is checked here, against the JSON path it came
 * from, so that the generated SQL is valid and errors point into the
 * document the user has, not into text they never wrote. */
#include "sql/kda.h"
#include "io/jsonscan.h"
#include "sql/bindings.h"
#include "sql/parse.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A JSON path into a buffer. Paths are a fixed root, member names of the
 * API and indexes: far below the buffers' size; a cut path would still
 * name the right place well enough, so truncation is not an error. */
static void pathf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pathf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}
#define PATHF(buf, ...) pathf(buf, sizeof buf, __VA_ARGS__)

typedef struct ctx {
    const char *origin;
    char *err;
    size_t errlen;
    ss_kda_app *app;
    uint32_t cap;
    /* Stream names the ApplicationCode creates (NULL if it does not parse:
     * the compile then reports the syntax error itself). */
    const char **code_streams;
    uint32_t ncode_streams;
    bool code_parsed;
} ctx;

static int fail(ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(ctx *c, const char *path, const char *fmt, ...)
{
    int n = snprintf(c->err, c->errlen, "%s: %s: ", c->origin, path);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *kind_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Member `key` of obj: NULL when absent or null (the AWS CLI leaves absent
 * members out; a null is taken as absent too). -1 on a wrong type. */
static int member(ctx *c, const json_t *obj, const char *path, const char *key, json_type want, bool required,
                  const json_t **out)
{
    char p[512];
    PATHF(p, "%s.%s", path, key);
    const json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return fail(c, p, "missing");
        return 0;
    }
    if (json_typeof(v) != want && !(want == JSON_INTEGER && json_is_integer(v))) {
        const char *w = want == JSON_OBJECT ? "an object"
                        : want == JSON_ARRAY ? "an array"
                        : want == JSON_STRING ? "a string"
                                              : "a whole number";
        return fail(c, p, "expected %s, not %s", w, kind_name(v));
    }
    if (want == JSON_STRING && strlen(json_string_value(v)) != json_string_length(v))
        return fail(c, p, "contains a NUL character");
    *out = v;
    return 0;
}

static int string_member(ctx *c, const json_t *obj, const char *path, const char *key, bool required,
                         const char **out)
{
    const json_t *v;
    if (member(c, obj, path, key, JSON_STRING, required, &v))
        return -1;
    *out = v ? json_string_value(v) : NULL;
    if (required && !**out) {
        char p[512];
        PATHF(p, "%s.%s", path, key);
        return fail(c, p, "empty");
    }
    return 0;
}

/* SQL text: "name" and 'text' with the quote doubled. */
static void put_quoted(ss_buf *b, const char *s, char q)
{
    ss_buf_putc(b, q);
    for (; *s; s++) {
        if (*s == q)
            ss_buf_putc(b, q);
        ss_buf_putc(b, *s);
    }
    ss_buf_putc(b, q);
}

/* Text for a `--` comment: one line, whatever the document holds. */
static void put_comment_text(ss_buf *b, const char *s)
{
    for (; *s; s++)
        ss_buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

static void add_setting(ctx *c, const char *stream, const char *key, const char *value)
{
    ss_kda_app *a = c->app;
    if (a->nsettings == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        a->settings = ss_xrealloc(a->settings, c->cap * sizeof *a->settings);
        a->parts = ss_xrealloc(a->parts, c->cap * sizeof *a->parts);
    }
    /* Quoted: settings.c takes a name in double quotes as it is. */
    size_t n = strlen(stream) + strlen(key) + strlen(value) + 5;
    char *s = ss_xmalloc(n);
    snprintf(s, n, "\"%s\".%s=%s", stream, key, value);
    a->settings[a->nsettings] = s;
    a->parts[a->nsettings].stream = ss_xstrdup(stream);
    a->parts[a->nsettings].key = ss_xstrdup(key);
    a->parts[a->nsettings].value = ss_xstrdup(value);
    a->nsettings++;
}

/* In-application stream names go into `"NAME".KEY=VALUE` settings, which
 * end the name at the first '.' and the key at the first '='. */
static int check_stream_name(ctx *c, const char *path, const char *name)
{
    for (const char *p = name; *p; p++)
        if (*p == '.' || *p == '=' || (unsigned char)*p < 0x20)
            return fail(c, path, "in-application stream name \"%s\": streamsql cannot bind a name with '%s' in it",
                        name, *p == '.' ? "." : *p == '=' ? "=" : "a control character");
    return 0;
}

static bool code_creates(const ctx *c, const char *name)
{
    for (uint32_t i = 0; i < c->ncode_streams; i++)
        if (strcmp(c->code_streams[i], name) == 0)
            return true;
    return false;
}

/* arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME; the region into region. */
static int kinesis_arn(ctx *c, const char *path, const char *arn, char *region, size_t rlen)
{
    const char *f[6];
    int nf = 0;
    const char *p = arn;
    f[nf++] = p;
    while (nf < 6 && (p = strchr(p, ':')) != NULL)
        f[nf++] = ++p;
    size_t svc = nf >= 4 ? (size_t)(f[3] - f[2] - 1) : 0;
    size_t rl = nf >= 5 ? (size_t)(f[4] - f[3] - 1) : 0;
    if (nf != 6 || strncmp(arn, "arn:", 4) != 0 || rl == 0 || rl >= rlen || strncmp(f[5], "stream/", 7) != 0 ||
        !f[5][7]) {
        if (nf >= 4 && svc == 8 && strncmp(f[2], "firehose", 8) == 0)
            return fail(c, path, "'%s' is a Kinesis Data Firehose ARN; only Kinesis data streams are supported",
                        arn);
        return fail(c, path, "'%s' is not a Kinesis data stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)",
                    arn);
    }
    if (svc != 7 || strncmp(f[2], "kinesis", 7) != 0)
        return fail(c, path, "'%s' is not a Kinesis data stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)",
                    arn);
    memcpy(region, f[3], rl);
    region[rl] = 0;
    return 0;
}

/* A column's SqlType, checked by the parser itself: the text becomes part of
 * the generated SQL, so it must be exactly one type and nothing else. */
static int check_type(ctx *c, const char *path, const char *type)
{
    for (const char *p = type; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == ' ' ||
              *p == '(' || *p == ')' || *p == ','))
            return fail(c, path, "'%s' is not a SQL type", type);
    ss_buf sql = {0};
    ss_buf_printf(&sql, "CREATE STREAM T (C %s);", type);
    ss_source src = {"type", ss_buf_cstr(&sql), sql.len};
    ss_arena arena;
    ss_arena_init(&arena, 4096);
    ss_diags diags;
    ss_diags_init(&diags, &src);
    ss_script *s = ss_parse(&src, &arena, &diags);
    int rc = 0;
    /* The parser's word on the type itself (unknown, needs a length) helps;
     * a syntax error would point into the text we wrapped it in. */
    if (diags.n && strncmp(diags.items[0].msg, "syntax error", 12) != 0)
        rc = fail(c, path, "'%s': %s", type, diags.items[0].msg);
    else if (diags.n || s->n != 1 || s->stmts[0]->kind != SS_STMT_STREAM || s->stmts[0]->ncolumns != 1 ||
             s->stmts[0]->columns[0]->mapping)
        rc = fail(c, path, "'%s' is not a SQL type", type);
    ss_diags_free(&diags);
    ss_arena_free(&arena);
    ss_buf_free(&sql);
    return rc;
}

static int check_mapping(ctx *c, const char *path, const char *mapping)
{
    char msg[256];
    if (mapping[0] != '$')
        return fail(c, path, "'%s': a JSON path starts with '$', as in '$.a.b'", mapping);
    ss_json_spec *spec = ss_json_spec_new();
    int i = ss_json_spec_add(spec, mapping, msg, sizeof msg);
    ss_json_spec_free(spec);
    if (i < 0)
        return fail(c, path, "'%s': %s", mapping, msg);
    return 0;
}

static const char *const parallel_note =
    "streamsql reads every shard of the stream into one in-application stream; parallel in-application "
    "input streams are not supported (set Count to 1 and use the _001 stream in the code)";

static int import_input(ctx *c, const json_t *in, const char *p, uint32_t index)
{
    char q[512], q2[512];
    const json_t *v, *o;
    if (!json_is_object(in))
        return fail(c, p, "expected an object, not %s", kind_name(in));
    if (member(c, in, p, "InputProcessingConfigurationDescription", JSON_OBJECT, false, &v))
        return -1;
    if (v) {
        PATHF(q, "%s.InputProcessingConfigurationDescription", p);
        return fail(c, q, "Lambda preprocessing of input records is not supported (run the transformation "
                          "before the records reach the stream, or express it in SQL)");
    }
    if (member(c, in, p, "KinesisFirehoseInputDescription", JSON_OBJECT, false, &v))
        return -1;
    if (v) {
        PATHF(q, "%s.KinesisFirehoseInputDescription", p);
        return fail(c, q, "input from a Kinesis Data Firehose delivery stream is not supported (streamsql reads "
                          "Kinesis data streams, Kafka topics and files)");
    }

    /* The in-application stream: InAppStreamNames when KDA listed them,
     * else NamePrefix_001 as KDA named them. */
    const char *prefix, *name = NULL;
    if (string_member(c, in, p, "NamePrefix", false, &prefix))
        return -1;
    if (member(c, in, p, "InputParallelism", JSON_OBJECT, false, &o))
        return -1;
    json_int_t count = 1;
    if (o) {
        PATHF(q, "%s.InputParallelism", p);
        if (member(c, o, q, "Count", JSON_INTEGER, false, &v))
            return -1;
        if (v) {
            count = json_integer_value(v);
            PATHF(q2, "%s.Count", q);
            if (count < 1)
                return fail(c, q2, "%lld: the count of in-application streams is at least 1", (long long)count);
            if (count > 1)
                return fail(c, q2, "%lld: %s", (long long)count, parallel_note);
        }
    }
    if (member(c, in, p, "InAppStreamNames", JSON_ARRAY, false, &v))
        return -1;
    if (v && json_array_size(v) > 0) {
        PATHF(q, "%s.InAppStreamNames", p);
        if (json_array_size(v) > 1)
            return fail(c, q, "%zu streams: %s", json_array_size(v), parallel_note);
        const json_t *n0 = json_array_get(v, 0);
        PATHF(q, "%s.InAppStreamNames[0]", p);
        if (!json_is_string(n0))
            return fail(c, q, "expected a string, not %s", kind_name(n0));
        name = json_string_value(n0);
        if (!*name || strlen(name) != json_string_length(n0))
            return fail(c, q, "not a stream name");
    } else if (!prefix || !*prefix) {
        PATHF(q, "%s.NamePrefix", p);
        return fail(c, q, "missing: the input names no in-application stream");
    }
    char derived[300];
    if (!name) {
        if (strlen(prefix) > 250) {
            PATHF(q, "%s.NamePrefix", p);
            return fail(c, q, "too long");
        }
        PATHF(derived, "%s_001", prefix);
        name = derived;
        PATHF(q, "%s.NamePrefix", p);
    }
    if (check_stream_name(c, q, name))
        return -1;
    if (code_creates(c, name))
        return fail(c, q, "the ApplicationCode creates a stream named \"%s\" itself, but KDA creates it for the "
                          "input", name);

    /* Where the records come from. */
    if (member(c, in, p, "KinesisStreamsInputDescription", JSON_OBJECT, true, &o))
        return -1;
    const char *arn;
    PATHF(q, "%s.KinesisStreamsInputDescription", p);
    if (string_member(c, o, q, "ResourceARN", true, &arn))
        return -1;
    char region[64];
    PATHF(q2, "%s.ResourceARN", q);
    if (kinesis_arn(c, q2, arn, region, sizeof region))
        return -1;

    /* The record format. */
    const json_t *schema, *fmt, *mp;
    if (member(c, in, p, "InputSchema", JSON_OBJECT, true, &schema))
        return -1;
    char sp[512];
    PATHF(sp, "%s.InputSchema", p);
    const char *enc;
    if (string_member(c, schema, sp, "RecordEncoding", false, &enc))
        return -1;
    if (enc && strcasecmp(enc, "UTF-8") != 0) {
        PATHF(q, "%s.RecordEncoding", sp);
        return fail(c, q, "'%s': only UTF-8 records are supported", enc);
    }
    if (member(c, schema, sp, "RecordFormat", JSON_OBJECT, true, &fmt))
        return -1;
    char fp[512];
    PATHF(fp, "%s.RecordFormat", sp);
    const char *ftype;
    if (string_member(c, fmt, fp, "RecordFormatType", true, &ftype))
        return -1;
    bool csv = strcmp(ftype, "CSV") == 0;
    if (!csv && strcmp(ftype, "JSON") != 0) {
        PATHF(q, "%s.RecordFormatType", fp);
        return fail(c, q, "'%s': expected JSON or CSV", ftype);
    }
    char delim = ',';
    if (member(c, fmt, fp, "MappingParameters", JSON_OBJECT, false, &mp))
        return -1;
    if (mp) {
        char mpp[512];
        PATHF(mpp, "%s.MappingParameters", fp);
        if (!csv) {
            const char *rowpath;
            if (member(c, mp, mpp, "JSONMappingParameters", JSON_OBJECT, false, &o))
                return -1;
            PATHF(q, "%s.JSONMappingParameters", mpp);
            if (o && string_member(c, o, q, "RecordRowPath", false, &rowpath))
                return -1;
            if (o && rowpath && strcmp(rowpath, "$") != 0) {
                PATHF(q2, "%s.RecordRowPath", q);
                return fail(c, q2, "'%s': only '$' (one row per record) is supported; a record holding several "
                                   "rows must be split before it reaches the stream", rowpath);
            }
        } else {
            const char *rowd, *cold;
            if (member(c, mp, mpp, "CSVMappingParameters", JSON_OBJECT, false, &o))
                return -1;
            PATHF(q, "%s.CSVMappingParameters", mpp);
            if (o && (string_member(c, o, q, "RecordRowDelimiter", false, &rowd) ||
                      string_member(c, o, q, "RecordColumnDelimiter", false, &cold)))
                return -1;
            if (o && rowd && strcmp(rowd, "\n") != 0) {
                PATHF(q2, "%s.RecordRowDelimiter", q);
                return fail(c, q2, "only \"\\n\" is supported: a Kinesis record holds rows separated by newlines");
            }
            if (o && cold) {
                PATHF(q2, "%s.RecordColumnDelimiter", q);
                if (strlen(cold) != 1)
                    return fail(c, q2, "'%s': the column delimiter must be one character", cold);
                if (cold[0] == '\n' || cold[0] == '\r' || cold[0] == '"')
                    return fail(c, q2, "a newline or a double quote cannot delimit columns");
                delim = cold[0];
            }
        }
    }

    /* The columns. */
    if (member(c, schema, sp, "RecordColumns", JSON_ARRAY, true, &o))
        return -1;
    char cp[512];
    PATHF(cp, "%s.RecordColumns", sp);
    if (json_array_size(o) == 0)
        return fail(c, cp, "no columns");
    ss_buf *b = &c->app->sql;
    ss_buf_printf(b, "-- Input %u: ", index + 1);
    put_comment_text(b, arn);
    ss_buf_puts(b, "\nCREATE STREAM ");
    put_quoted(b, name, '"');
    ss_buf_puts(b, " (\n");
    for (size_t i = 0; i < json_array_size(o); i++) {
        const json_t *col = json_array_get(o, i);
        char colp[560];
        PATHF(colp, "%s[%zu]", cp, i);
        if (!json_is_object(col))
            return fail(c, colp, "expected an object, not %s", kind_name(col));
        const char *cname, *ctype, *cmap;
        if (string_member(c, col, colp, "Name", true, &cname) || string_member(c, col, colp, "SqlType", true, &ctype) ||
            string_member(c, col, colp, "Mapping", false, &cmap))
            return -1;
        PATHF(q, "%s.SqlType", colp);
        if (check_type(c, q, ctype))
            return -1;
        /* CSV columns are positional in KDA: a Mapping there means nothing. */
        if (!csv && cmap) {
            PATHF(q, "%s.Mapping", colp);
            if (check_mapping(c, q, cmap))
                return -1;
        }
        ss_buf_puts(b, "    ");
        put_quoted(b, cname, '"');
        ss_buf_printf(b, " %s", ctype);
        if (!csv && cmap) {
            ss_buf_puts(b, " MAPPING ");
            put_quoted(b, cmap, '\'');
        }
        ss_buf_puts(b, i + 1 < json_array_size(o) ? ",\n" : "\n");
    }
    ss_buf_puts(b, ") WITH (KINESIS_STREAM = ");
    put_quoted(b, arn, '\'');
    if (csv) {
        char d[2] = {delim, 0};
        ss_buf_puts(b, ", FORMAT = 'CSV', DELIMITER = ");
        put_quoted(b, d, '\'');
    }
    ss_buf_puts(b, ");\n\n");

    add_setting(c, name, "KINESIS_REGION", region);
    if (member(c, in, p, "InputStartingPositionConfiguration", JSON_OBJECT, false, &o))
        return -1;
    const char *start = NULL;
    PATHF(q, "%s.InputStartingPositionConfiguration", p);
    if (o && string_member(c, o, q, "InputStartingPosition", false, &start))
        return -1;
    if (start) {
        const char *pos = strcmp(start, "NOW") == 0                  ? "LATEST"
                          : strcmp(start, "TRIM_HORIZON") == 0       ? "TRIM_HORIZON"
                          /* A checkpoint wins over STARTING_POSITION, so
                           * "where it stopped" is what a checkpointed run does;
                           * without one, the oldest record is the safe start. */
                          : strcmp(start, "LAST_STOPPED_POINT") == 0 ? "TRIM_HORIZON"
                                                                     : NULL;
        if (!pos) {
            PATHF(q2, "%s.InputStartingPosition", q);
            return fail(c, q2, "'%s': expected NOW, TRIM_HORIZON or LAST_STOPPED_POINT", start);
        }
        add_setting(c, name, "STARTING_POSITION", pos);
    }
    return 0;
}

static int import_output(ctx *c, const json_t *out, const char *p, const json_t *outputs, size_t index)
{
    char q[512], q2[512];
    const json_t *v;
    if (!json_is_object(out))
        return fail(c, p, "expected an object, not %s", kind_name(out));
    const char *name;
    if (string_member(c, out, p, "Name", true, &name))
        return -1;
    PATHF(q, "%s.Name", p);
    if (check_stream_name(c, q, name))
        return -1;
    if (c->code_parsed && !code_creates(c, name))
        return fail(c, q, "the ApplicationCode creates no stream \"%s\" (names are compared exactly)", name);
    for (size_t j = 0; j < index; j++) {
        const json_t *n = json_object_get(json_array_get(outputs, j), "Name");
        if (json_is_string(n) && strcmp(json_string_value(n), name) == 0)
            return fail(c, q, "\"%s\" is also output %zu: streamsql writes an in-application stream to one "
                              "destination (copy it to a second stream with a pump)", name, j);
    }
    if (member(c, out, p, "KinesisFirehoseOutputDescription", JSON_OBJECT, false, &v))
        return -1;
    if (v) {
        PATHF(q, "%s.KinesisFirehoseOutputDescription", p);
        return fail(c, q, "output to a Kinesis Data Firehose delivery stream is not supported (write to a Kinesis "
                          "data stream and let Firehose read it)");
    }
    if (member(c, out, p, "LambdaOutputDescription", JSON_OBJECT, false, &v))
        return -1;
    if (v) {
        PATHF(q, "%s.LambdaOutputDescription", p);
        return fail(c, q, "output to an AWS Lambda function is not supported (write to a Kinesis data stream "
                          "and trigger the function from it)");
    }
    if (member(c, out, p, "KinesisStreamsOutputDescription", JSON_OBJECT, true, &v))
        return -1;
    const char *arn;
    PATHF(q, "%s.KinesisStreamsOutputDescription", p);
    if (string_member(c, v, q, "ResourceARN", true, &arn))
        return -1;
    char region[64];
    PATHF(q2, "%s.ResourceARN", q);
    if (kinesis_arn(c, q2, arn, region, sizeof region))
        return -1;
    const char *format = "JSON";
    if (member(c, out, p, "DestinationSchema", JSON_OBJECT, false, &v))
        return -1;
    PATHF(q, "%s.DestinationSchema", p);
    if (v && string_member(c, v, q, "RecordFormatType", false, &format))
        return -1;
    if (!format)
        format = "JSON";
    if (strcmp(format, "JSON") != 0 && strcmp(format, "CSV") != 0) {
        PATHF(q2, "%s.RecordFormatType", q);
        return fail(c, q2, "'%s': expected JSON or CSV", format);
    }
    add_setting(c, name, "KINESIS_STREAM", arn);
    add_setting(c, name, "KINESIS_REGION", region);
    add_setting(c, name, "FORMAT", format);
    return 0;
}

/* The names of the streams the code creates, for the output checks. */
static void scan_code(ctx *c, const char *code, ss_arena *arena)
{
    ss_source src = {"ApplicationCode", code, strlen(code)};
    ss_diags diags;
    ss_diags_init(&diags, &src);
    ss_script *s = ss_parse(&src, arena, &diags);
    c->code_parsed = diags.n == 0;
    c->code_streams = ss_arena_alloc(arena, sizeof(char *) * (s->n + s->nbroken + 1));
    for (uint32_t i = 0; i < s->n; i++)
        if (s->stmts[i]->kind == SS_STMT_STREAM)
            c->code_streams[c->ncode_streams++] = s->stmts[i]->name.name;
    for (uint32_t i = 0; i < s->nbroken; i++)
        c->code_streams[c->ncode_streams++] = s->broken_streams[i];
    ss_diags_free(&diags);
}

static int import(ctx *c, const json_t *doc, ss_arena *arena)
{
    const char *root = "$";
    const json_t *d = doc, *v;
    if (!json_is_object(doc))
        return fail(c, "$", "expected an object (the output of aws kinesisanalytics describe-application), not %s",
                    kind_name(doc));
    if (member(c, doc, "$", "ApplicationDetail", JSON_OBJECT, false, &v))
        return -1;
    if (v) {
        d = v;
        root = "$.ApplicationDetail";
    } else if (json_object_get(doc, "Inputs") || json_object_get(doc, "Outputs")) {
        return fail(c, "$", "this is create-application input (Inputs, Outputs); give the output of aws "
                            "kinesisanalytics describe-application (InputDescriptions, OutputDescriptions)");
    }
    char p[512];
    const char *name, *code;
    if (string_member(c, d, root, "ApplicationName", false, &name))
        return -1;
    if (member(c, d, root, "ApplicationCode", JSON_STRING, false, &v))
        return -1;
    code = v ? json_string_value(v) : NULL;
    if (!code || !*code) {
        PATHF(p, "%s.ApplicationCode", root);
        return fail(c, p, "%s: the application has no SQL code", code ? "empty" : "missing");
    }
    if (strlen(code) != json_string_length(v)) {
        PATHF(p, "%s.ApplicationCode", root);
        return fail(c, p, "contains a NUL character");
    }
    if (member(c, d, root, "ReferenceDataSourceDescriptions", JSON_ARRAY, false, &v))
        return -1;
    if (v && json_array_size(v) > 0) {
        PATHF(p, "%s.ReferenceDataSourceDescriptions[0]", root);
        return fail(c, p, "reference data from S3 is not supported (join against a stream, or put the values "
                          "in the SQL)");
    }
    scan_code(c, code, arena);

    ss_buf *b = &c->app->sql;
    ss_buf_puts(b, "-- KDA application ");
    put_comment_text(b, name ? name : "(unnamed)");
    ss_buf_puts(b, ", imported from ");
    put_comment_text(b, c->origin);
    ss_buf_puts(b, "\n\n");

    const json_t *ins, *outs;
    if (member(c, d, root, "InputDescriptions", JSON_ARRAY, false, &ins))
        return -1;
    for (size_t i = 0; ins && i < json_array_size(ins); i++) {
        PATHF(p, "%s.InputDescriptions[%zu]", root, i);
        if (import_input(c, json_array_get(ins, i), p, (uint32_t)i))
            return -1;
    }
    if (member(c, d, root, "OutputDescriptions", JSON_ARRAY, false, &outs))
        return -1;
    for (size_t i = 0; outs && i < json_array_size(outs); i++) {
        PATHF(p, "%s.OutputDescriptions[%zu]", root, i);
        if (import_output(c, json_array_get(outs, i), p, outs, i))
            return -1;
    }

    ss_buf_puts(b, "-- ApplicationCode\n");
    c->app->code_first_line = 1;
    for (size_t i = 0; i < b->len; i++)
        c->app->code_first_line += b->data[i] == '\n';
    ss_buf_puts(b, code);
    if (b->data[b->len - 1] != '\n')
        ss_buf_putc(b, '\n');
    ss_buf_cstr(b);
    c->app->name = name ? ss_xstrdup(name) : NULL;
    return 0;
}

int ss_kda_import(const json_t *doc, const char *origin, ss_kda_app *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    ctx c = {.origin = origin ? origin : "describe-application", .err = err, .errlen = errlen, .app = out};
    ss_arena arena;
    ss_arena_init(&arena, 4096);
    int rc = import(&c, doc, &arena);
    ss_arena_free(&arena);
    if (rc) {
        ss_kda_app_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

void ss_kda_app_free(ss_kda_app *a)
{
    free(a->name);
    ss_buf_free(&a->sql);
    for (uint32_t i = 0; i < a->nsettings; i++) {
        free(a->settings[i]);
        free(a->parts[i].stream);
        free(a->parts[i].key);
        free(a->parts[i].value);
    }
    free(a->settings);
    free(a->parts);
    memset(a, 0, sizeof *a);
}

/* Does generated key `key` still hold once the stream is bound to c? */
static bool key_applies(const char *key, ss_connector c)
{
    if (ss_binding_key_connector(key, strlen(key)) != SS_CONN_NONE)
        return false; /* the new binding replaces it */
    for (const ss_with_key_info *k = ss_with_keys(); k->name; k++)
        if (strcasecmp(k->name, key) == 0)
            return !k->connectors || (k->connectors & (1u << c));
    return true;
}

const char **ss_kda_settings_merge(const ss_kda_app *a, const char *const *overrides, uint32_t noverrides,
                                   uint32_t *nout)
{
    const char **r = ss_xcalloc((size_t)a->nsettings + noverrides + 1, sizeof *r);
    uint32_t n = 0;
    for (uint32_t i = 0; i < a->nsettings; i++) {
        const ss_kda_setting *s = &a->parts[i];
        bool keep = true;
        /* The last override that rebinds the stream decides, as in settings.c. */
        for (uint32_t j = noverrides; j-- > 0 && keep;) {
            const char *o = overrides[j];
            const char *eq = strchr(o, '=');
            const char *dot = eq ? memchr(o, '.', (size_t)(eq - o)) : NULL;
            if (!dot)
                continue;
            ss_connector c = ss_binding_key_connector(dot + 1, (size_t)(eq - dot - 1));
            if (c == SS_CONN_NONE)
                continue;
            /* Stream names fold to upper case unless in double quotes. */
            size_t sl = (size_t)(dot - o);
            bool match;
            if (sl >= 2 && o[0] == '"' && o[sl - 1] == '"') {
                match = sl - 2 == strlen(s->stream) && strncmp(o + 1, s->stream, sl - 2) == 0;
            } else {
                match = sl == strlen(s->stream);
                for (size_t k = 0; match && k < sl; k++) {
                    char ch = o[k] >= 'a' && o[k] <= 'z' ? (char)(o[k] - 'a' + 'A') : o[k];
                    match = ch == s->stream[k];
                }
            }
            if (match) {
                keep = key_applies(s->key, c);
                break;
            }
        }
        if (keep)
            r[n++] = a->settings[i];
    }
    for (uint32_t j = 0; j < noverrides; j++)
        r[n++] = overrides[j];
    *nout = n;
    return r;
}
