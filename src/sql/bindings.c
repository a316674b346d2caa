/* WITH-clause keys and their decoding; see bindings.h. */
#include "sql/bindings.h"
#include "io/generator.h"
#include "util/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ANY 0u
#define FILE_ (1u << SS_CONN_FILE)
#define KAFKA (1u << SS_CONN_KAFKA)
#define KINESIS (1u << SS_CONN_KINESIS)
#define GEN (1u << SS_CONN_GENERATOR)

static const ss_with_key_info keys[] = {
    {"FILE", SS_OPT_STRING, NULL, ANY, "JSON-lines or CSV file; '-' is stdin (source) or stdout (sink)"},
    {"KAFKA_TOPIC", SS_OPT_STRING, NULL, ANY, "Kafka topic"},
    {"KINESIS_STREAM", SS_OPT_STRING, NULL, ANY, "Kinesis data stream name or ARN"},
    {"KINESIS_SOURCE_STREAM", SS_OPT_STRING, NULL, ANY, "alias of KINESIS_STREAM"},
    {"GENERATOR", SS_OPT_ENUM, "ticker|nexmark", ANY, "built-in data generator"},
    {"FORMAT", SS_OPT_ENUM, "JSON|CSV", FILE_ | KAFKA | KINESIS, "record format (default JSON)"},
    {"HEADER", SS_OPT_BOOL, NULL, FILE_, "CSV: the first record names the columns (files only: a topic or stream has no first record)"},
    {"DELIMITER", SS_OPT_CHAR, NULL, FILE_ | KAFKA | KINESIS, "CSV field delimiter (default ',')"},
    {"ROWTIME", SS_OPT_STRING, NULL, ANY, "the event-time column; without it ROWTIME is the arrival time"},
    {"WATERMARK_DELAY", SS_OPT_INTERVAL, NULL, ANY, "allowed out-of-orderness of event time (default 0)"},
    {"IDLE_TIMEOUT", SS_OPT_INTERVAL, NULL, KAFKA | KINESIS, "a partition/shard silent this long stops holding the watermark back (default 30 s)"},
    {"STARTING_POSITION", SS_OPT_ENUM, "TRIM_HORIZON|LATEST", KAFKA | KINESIS, "where a source without a checkpoint starts"},
    {"STOP_AT_END", SS_OPT_BOOL, NULL, KAFKA | KINESIS, "bounded read: stop once every partition or shard is read to its end (extension)"},
    {"KAFKA_BROKERS", SS_OPT_STRING, NULL, KAFKA, "bootstrap servers, host:port,..."},
    {"KAFKA_GROUP_ID", SS_OPT_STRING, NULL, KAFKA, "consumer group (default: derived from the application and stream)"},
    {"KAFKA_KEY", SS_OPT_STRING, NULL, KAFKA, "sink: the column whose value is the message key"},
    {"KINESIS_ENDPOINT", SS_OPT_STRING, NULL, KINESIS, "endpoint URL (default: AWS for the region)"},
    {"KINESIS_REGION", SS_OPT_STRING, NULL, KINESIS, "AWS region (default: env AWS_REGION)"},
    {"PARTITION_KEY", SS_OPT_STRING, NULL, KINESIS, "sink: the column whose value is the partition key"},
    {"SEQUENCE_FIELD", SS_OPT_STRING, NULL, KINESIS, "sink: the field naming each record, for consumers to drop repeats ('_seq' with --checkpoint; '' for none)"},
    {"RATE", SS_OPT_NUMBER, NULL, GEN, "generator rows per second (default: as fast as possible)"},
    {"COUNT", SS_OPT_INT, NULL, GEN, "generator rows in all (default: unbounded)"},
    {"SEED", SS_OPT_INT, NULL, GEN, "generator random seed (default 1)"},
    {NULL, 0, NULL, 0, NULL},
};

const ss_with_key_info *ss_with_keys(void)
{
    return keys;
}

ss_connector ss_binding_key_connector(const char *key, size_t len)
{
    static const struct {
        const char *key;
        ss_connector c;
    } bindings[] = {{"FILE", SS_CONN_FILE},
                    {"KAFKA_TOPIC", SS_CONN_KAFKA},
                    {"KINESIS_STREAM", SS_CONN_KINESIS},
                    {"KINESIS_SOURCE_STREAM", SS_CONN_KINESIS},
                    {"GENERATOR", SS_CONN_GENERATOR}};
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
        if (strlen(bindings[i].key) == len && strncasecmp(key, bindings[i].key, len) == 0)
            return bindings[i].c;
    return SS_CONN_NONE;
}

const char *ss_connector_name(ss_connector c)
{
    switch (c) {
    case SS_CONN_FILE: return "FILE";
    case SS_CONN_KAFKA: return "KAFKA_TOPIC";
    case SS_CONN_KINESIS: return "KINESIS_STREAM";
    case SS_CONN_GENERATOR: return "GENERATOR";
    default: return "none";
    }
}

static const ss_with_key_info *find_key(const char *name)
{
    for (const ss_with_key_info *k = keys; k->name; k++)
        if (strcasecmp(k->name, name) == 0)
            return k;
    return NULL;
}

static const char *type_word(ss_opt_type t)
{
    switch (t) {
    case SS_OPT_STRING: return "a string";
    case SS_OPT_CHAR: return "a one-character string";
    case SS_OPT_INT: return "a non-negative integer";
    case SS_OPT_NUMBER: return "a non-negative number";
    case SS_OPT_BOOL: return "TRUE or FALSE";
    case SS_OPT_INTERVAL: return "an INTERVAL";
    case SS_OPT_ENUM: return "one of";
    }
    return "?";
}

/* The literal value of a WITH entry, negative numbers folded. */
static const ss_expr *value_literal(const ss_expr *v, bool *negative)
{
    *negative = false;
    if (v->kind == SS_E_UNARY && v->op == SS_OP_NEG) {
        *negative = true;
        v = v->a;
    }
    return v;
}

static bool is_string(const ss_expr *v)
{
    return v->kind == SS_E_LITERAL && ss_type_is_string(v->type);
}

static int find_column(const ss_column *cols, uint32_t ncols, const char *name)
{
    for (uint32_t i = 0; i < ncols; i++)
        if (strcmp(cols[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Column names in WITH values are strings; they match the column's folded or
 * quoted name exactly first, then case-insensitively, as JSON keys do. */
static const char *resolve_column(const ss_column *cols, uint32_t ncols, const char *name)
{
    int i = find_column(cols, ncols, name);
    if (i >= 0)
        return cols[i].name;
    for (uint32_t j = 0; j < ncols; j++)
        if (strcasecmp(cols[j].name, name) == 0)
            return cols[j].name;
    return NULL;
}

static void column_error(ss_diags *d, ss_pos pos, const char *key, const char *name,
                         const ss_column *cols, uint32_t ncols)
{
    const char *cand[256];
    uint32_t n = ncols < 256 ? ncols : 256;
    for (uint32_t i = 0; i < n; i++)
        cand[i] = cols[i].name;
    const char *best = ss_names_closest(name, cand, n);
    char b1[160];
    if (best)
        ss_diags_add(d, pos, "%s names unknown column '%s'; did you mean %s?", key, name,
                     ss_names_show(best, b1, sizeof b1));
    else
        ss_diags_add(d, pos, "%s names unknown column '%s'", key, name);
}

/* A generator makes a fixed set of columns; the stream may declare any of
 * them, in any order, with any type their values can be cast to. */
static void check_generator_columns(const char *kind, const ss_column *cols, uint32_t ncols, ss_diags *diags)
{
    const ss_gen_column *gen;
    int n = ss_generator_schema(kind, &gen);
    if (n < 0)
        return;
    for (uint32_t i = 0; i < ncols; i++) {
        int found = -1;
        for (int k = 0; k < n && found < 0; k++)
            if (strcasecmp(gen[k].name, cols[i].name) == 0)
                found = k;
        if (found < 0) {
            char list[512] = "";
            size_t at = 0;
            for (int k = 0; k < n && at < sizeof list - 40; k++)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", k ? ", " : "", gen[k].name);
            const char *cand[64];
            int nc = n < 64 ? n : 64;
            for (int k = 0; k < nc; k++)
                cand[k] = gen[k].name;
            const char *best = ss_names_closest(cols[i].name, cand, (size_t)nc);
            if (best)
                ss_diags_add(diags, cols[i].pos, "generator '%s' has no column %s; did you mean %s?", kind,
                             cols[i].name, best);
            else
                ss_diags_add(diags, cols[i].pos, "generator '%s' has no column %s (it has %s)", kind,
                             cols[i].name, list);
            continue;
        }
        if (!ss_type_castable(gen[found].type, cols[i].type)) {
            char t1[64], t2[64];
            ss_diags_add(diags, cols[i].pos, "generator column %s is %s and cannot be read as %s", gen[found].name,
                         ss_type_name(gen[found].type, t1, sizeof t1), ss_type_name(cols[i].type, t2, sizeof t2));
        }
    }
}

void ss_binding_decode(const ss_stmt *s, const ss_column *cols, uint32_t ncols, ss_arena *arena,
                       ss_diags *diags, ss_binding *b)
{
    memset(b, 0, sizeof *b);
    b->csv_delimiter = ',';
    b->idle_timeout_ms = 30000;
    b->count = -1;
    b->seed = 1;
    ss_pos kafka_pos = s->pos;
    const ss_with_opt *seen[sizeof keys / sizeof keys[0]] = {0};

    for (uint32_t i = 0; i < s->nwith; i++) {
        const ss_with_opt *o = s->with[i];
        bool negative;
        const ss_expr *v = value_literal(o->value, &negative);
        ss_pos vpos = o->value->pos;

        if (strncasecmp(o->key, "kafka.", 6) == 0 && o->key[6]) {
            if (!is_string(v)) {
                ss_diags_add(diags, vpos, "'%s' takes a string value", o->key);
                continue;
            }
            ss_kv *props = ss_arena_alloc(arena, sizeof(ss_kv) * (b->nkafka_props + 1));
            if (b->nkafka_props)
                memcpy(props, b->kafka_props, sizeof(ss_kv) * b->nkafka_props);
            props[b->nkafka_props].key = o->key + 6;
            props[b->nkafka_props].value = v->lit.s;
            if (!b->nkafka_props)
                kafka_pos = o->key_pos;
            b->kafka_props = props;
            b->nkafka_props++;
            continue;
        }
        const ss_with_key_info *k = find_key(o->key);
        if (!k) {
            const char *cand[64];
            size_t n = 0;
            for (const ss_with_key_info *kk = keys; kk->name && n < 64; kk++)
                cand[n++] = kk->name;
            const char *best = ss_names_closest(o->key, cand, n);
            if (best)
                ss_diags_add(diags, o->key_pos, "unknown WITH key %s; did you mean %s?", o->key, best);
            else
                ss_diags_add(diags, o->key_pos, "unknown WITH key %s (keys: FILE, KAFKA_TOPIC, KINESIS_STREAM, GENERATOR, FORMAT, ROWTIME, WATERMARK_DELAY, ...; or 'kafka.<property>')", o->key);
            continue;
        }
        size_t ki = (size_t)(k - keys);
        if (seen[ki]) {
            ss_diags_add(diags, o->key_pos, "WITH key %s is given twice (first at line %u)", k->name,
                         seen[ki]->key_pos.line);
            continue;
        }
        seen[ki] = o;

        /* Type check. */
        bool ok = true;
        switch (k->type) {
        case SS_OPT_STRING:
        case SS_OPT_ENUM:
            ok = is_string(v) && !negative;
            break;
        case SS_OPT_CHAR:
            ok = is_string(v) && !negative && v->lit.len == 1;
            break;
        case SS_OPT_INT:
            ok = v->kind == SS_E_LITERAL && ss_type_is_integer(v->type) && !negative;
            break;
        case SS_OPT_NUMBER:
            ok = v->kind == SS_E_LITERAL && ss_type_is_numeric(v->type) && !negative;
            break;
        case SS_OPT_BOOL:
            ok = v->kind == SS_E_LITERAL && v->type.kind == SS_T_BOOLEAN;
            break;
        case SS_OPT_INTERVAL:
            ok = v->kind == SS_E_LITERAL && v->type.kind == SS_T_INTERVAL_DS && v->lit.i >= 0;
            break;
        }
        if (ok && k->type == SS_OPT_ENUM) {
            ok = false;
            const char *p = k->values;
            size_t len = v->lit.len;
            while (*p && !ok) {
                const char *bar = strchr(p, '|');
                size_t n = bar ? (size_t)(bar - p) : strlen(p);
                ok = n == len && strncasecmp(p, v->lit.s, n) == 0;
                p += n + (bar ? 1 : 0);
            }
        }
        if (!ok) {
            if (k->type == SS_OPT_ENUM) {
                char alts[128];
                size_t at = 0;
                for (const char *p = k->values; *p && at + 5 < sizeof alts; p++) {
                    if (*p == '|') {
                        memcpy(alts + at, "', '", 4);
                        at += 4;
                    } else {
                        alts[at++] = *p;
                    }
                }
                alts[at] = 0;
                ss_diags_add(diags, vpos, "%s must be one of '%s'", k->name, alts);
            } else {
                if (k->type == SS_OPT_INTERVAL && v->kind == SS_E_LITERAL && v->type.kind == SS_T_INTERVAL_DS)
                    ss_diags_add(diags, vpos, "%s must not be negative", k->name);
                else if (k->type == SS_OPT_INTERVAL && v->kind == SS_E_LITERAL && v->type.kind == SS_T_INTERVAL_YM)
                    ss_diags_add(diags, vpos, "%s must be a day-to-second INTERVAL (months vary in length)", k->name);
                else
                    ss_diags_add(diags, vpos, "%s must be %s", k->name, type_word(k->type));
            }
            continue;
        }

        const char *str = is_string(v) ? v->lit.s : NULL;
        if (strcmp(k->name, "FILE") == 0 || strcmp(k->name, "KAFKA_TOPIC") == 0 ||
            strcmp(k->name, "KINESIS_STREAM") == 0 || strcmp(k->name, "KINESIS_SOURCE_STREAM") == 0 ||
            strcmp(k->name, "GENERATOR") == 0) {
            ss_connector c = k->name[0] == 'F'   ? SS_CONN_FILE
                             : k->name[1] == 'A' ? SS_CONN_KAFKA
                             : k->name[1] == 'I' ? SS_CONN_KINESIS
                                                 : SS_CONN_GENERATOR;
            if (b->connector) {
                ss_diags_add(diags, o->key_pos, "a stream has one binding: %s conflicts with %s",
                             k->name, ss_connector_name(b->connector));
                continue;
            }
            if (!*str) {
                ss_diags_add(diags, vpos, "%s must not be empty", k->name);
                continue;
            }
            b->connector = c;
            b->target = str;
            if (c == SS_CONN_GENERATOR) {
                char *lower = ss_arena_strdup(arena, str);
                for (char *p = lower; *p; p++)
                    *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
                b->target = lower;
            }
        } else if (strcmp(k->name, "FORMAT") == 0) {
            b->format = strcasecmp(str, "CSV") == 0 ? SS_FMT_CSV : SS_FMT_JSON;
        } else if (strcmp(k->name, "HEADER") == 0) {
            b->csv_header = v->lit.i != 0;
        } else if (strcmp(k->name, "DELIMITER") == 0) {
            b->csv_delimiter = str[0];
        } else if (strcmp(k->name, "ROWTIME") == 0) {
            const char *col = resolve_column(cols, ncols, str);
            if (!col) {
                column_error(diags, vpos, "ROWTIME", str, cols, ncols);
                continue;
            }
            int ci = find_column(cols, ncols, col);
            ss_type t = cols[ci].type;
            if (t.kind != SS_T_TIMESTAMP && t.kind != SS_T_BIGINT) {
                char tb[64];
                ss_diags_add(diags, vpos,
                             "ROWTIME column %s must be TIMESTAMP or BIGINT (epoch milliseconds), not %s",
                             col, ss_type_name(t, tb, sizeof tb));
                continue;
            }
            b->rowtime_column = col;
        } else if (strcmp(k->name, "WATERMARK_DELAY") == 0) {
            b->watermark_delay_ms = v->lit.i;
        } else if (strcmp(k->name, "IDLE_TIMEOUT") == 0) {
            b->idle_timeout_ms = v->lit.i;
        } else if (strcmp(k->name, "STARTING_POSITION") == 0) {
            b->start = strcasecmp(str, "LATEST") == 0 ? SS_START_LATEST : SS_START_TRIM_HORIZON;
        } else if (strcmp(k->name, "STOP_AT_END") == 0) {
            b->stop_at_end = v->lit.i != 0;
        } else if (strcmp(k->name, "KAFKA_BROKERS") == 0) {
            b->kafka_brokers = str;
        } else if (strcmp(k->name, "KAFKA_GROUP_ID") == 0) {
            b->kafka_group_id = str;
        } else if (strcmp(k->name, "KAFKA_KEY") == 0 || strcmp(k->name, "PARTITION_KEY") == 0) {
            const char *col = resolve_column(cols, ncols, str);
            if (!col) {
                column_error(diags, vpos, k->name, str, cols, ncols);
                continue;
            }
            if (k->name[0] == 'K')
                b->kafka_key = col;
            else
                b->partition_key = col;
        } else if (strcmp(k->name, "SEQUENCE_FIELD") == 0) {
            if (find_column(cols, ncols, str) >= 0) {
                ss_diags_add(diags, vpos, "SEQUENCE_FIELD %s is a column of the stream: name another field", str);
                continue;
            }
            b->sequence_field = str;
        } else if (strcmp(k->name, "KINESIS_ENDPOINT") == 0) {
            b->kinesis_endpoint = str;
        } else if (strcmp(k->name, "KINESIS_REGION") == 0) {
            b->kinesis_region = str;
        } else if (strcmp(k->name, "RATE") == 0) {
            b->rate = (double)v->lit.i;
            if (v->type.kind == SS_T_DOUBLE)
                b->rate = v->lit.d;
            for (unsigned sc = 0; v->type.kind == SS_T_DECIMAL && sc < v->type.scale; sc++)
                b->rate /= 10;
        } else if (strcmp(k->name, "COUNT") == 0) {
            b->count = v->lit.i;
        } else if (strcmp(k->name, "SEED") == 0) {
            b->seed = (uint64_t)v->lit.i;
        }
    }

    /* Keys that only make sense for another connector. */
    for (size_t ki = 0; keys[ki].name; ki++) {
        const ss_with_opt *o = seen[ki];
        if (!o || !keys[ki].connectors)
            continue;
        if (!b->connector) {
            ss_diags_add(diags, o->key_pos,
                         "%s needs a binding (FILE, KAFKA_TOPIC, KINESIS_STREAM or GENERATOR)",
                         keys[ki].name);
        } else if (!(keys[ki].connectors & (1u << b->connector))) {
            ss_diags_add(diags, o->key_pos, "%s does not apply to a %s binding", keys[ki].name,
                         ss_connector_name(b->connector));
        }
    }
    if (b->connector == SS_CONN_GENERATOR)
        check_generator_columns(b->target, cols, ncols, diags);
    if (b->nkafka_props && b->connector != SS_CONN_KAFKA)
        ss_diags_add(diags, kafka_pos, "'kafka.<property>' keys need a KAFKA_TOPIC binding");
}
