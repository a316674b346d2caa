/* KDA application import: the JSON that `aws kinesisanalytics
 * describe-application` prints, turned into a streamsql application.
 *
 * The result is SQL text (a CREATE STREAM for each input's in-application
 * stream, then the ApplicationCode unchanged) and settings that bind the
 * in-application streams to what the description names (Kinesis ARNs,
 * record format, starting position), in the `STREAM.KEY=VALUE` form of
 * `run --set` and ss_compile_with_settings. The bindings are settings rather
 * than WITH clauses so that a deployment can rebind a stream (to a file, a
 * Kafka topic) without the generated Kinesis keys getting in the way: see
 * ss_kda_settings_merge. docs/KDA_IMPORT.md says what is mapped and what is
 * refused. Errors are returned as text naming the JSON path of the value. */
#ifndef SS_KDA_H
#define SS_KDA_H

#include "util/buf.h"

#include <jansson.h>
#include <stdint.h>

typedef struct ss_kda_setting {
    char *stream; /* in-application stream name, exactly (no quotes) */
    char *key;    /* WITH key, upper case */
    char *value;
} ss_kda_setting;

typedef struct ss_kda_app {
    char *name;               /* ApplicationName; NULL when the document has none */
    ss_buf sql;               /* the application's SQL text, NUL-terminated */
    uint32_t code_first_line; /* line of sql where ApplicationCode begins */
    char **settings;          /* `"STREAM".KEY=VALUE`, in order: inputs, then outputs */
    uint32_t nsettings;
    ss_kda_setting *parts;    /* settings[i] taken apart */
} ss_kda_app;

/* Imports doc: the whole describe-application output ({"ApplicationDetail":
 * {...}}) or its ApplicationDetail object. origin names the document in
 * messages (a file name). Returns 0 and fills out, or -1 with a message such
 * as "app.json: $.ApplicationDetail.InputDescriptions[0].InputSchema.
 * RecordColumns[2].SqlType: ..." in err; out is then empty (nothing to free,
 * though freeing it is harmless). */
int ss_kda_import(const json_t *doc, const char *origin, ss_kda_app *out, char *err, size_t errlen);

void ss_kda_app_free(ss_kda_app *a);

/* The settings to compile the application with when a deployment adds its
 * own (the config file's per-application `streams`, `run --set`): the
 * generated settings, less those an override makes invalid, then the
 * overrides. An override that gives a stream a new binding (FILE,
 * KAFKA_TOPIC, KINESIS_STREAM, GENERATOR) drops the generated keys of that
 * stream that the new connector does not take (KINESIS_REGION for a FILE,
 * FORMAT for a GENERATOR, ...), so that moving an input off Kinesis is one
 * setting. Overrides are not checked here: ss_compile_with_settings checks
 * them. Returns a malloc'ed array (free it, not its strings, which point
 * into a and overrides) and its length in *nout. */
const char **ss_kda_settings_merge(const ss_kda_app *a, const char *const *overrides, uint32_t noverrides,
                                   uint32_t *nout);

#endif
