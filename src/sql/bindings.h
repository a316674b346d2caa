/* The WITH clause of CREATE STREAM: the table of known keys (name, type,
 * connectors, help) and the decoding of a clause into an ss_binding. The
 * same table serves validation, `--help`-style listings, docs and completion. */
#ifndef SS_BINDINGS_H
#define SS_BINDINGS_H

#include "sql/app.h"
#include "util/diag.h"

typedef enum ss_opt_type {
    SS_OPT_STRING,
    SS_OPT_CHAR,     /* a one-character string */
    SS_OPT_INT,      /* non-negative integer */
    SS_OPT_NUMBER,   /* non-negative number */
    SS_OPT_BOOL,
    SS_OPT_INTERVAL, /* day-to-second interval, >= 0 */
    SS_OPT_ENUM,     /* one of `values`, case-insensitive */
} ss_opt_type;

typedef struct ss_with_key_info {
    const char *name;
    ss_opt_type type;
    const char *values;   /* SS_OPT_ENUM: "JSON|CSV" */
    unsigned connectors;  /* bit (1 << ss_connector) where it applies; 0: everywhere */
    const char *help;
} ss_with_key_info;

/* NULL-terminated table of keys. */
const ss_with_key_info *ss_with_keys(void);

/* Decodes s's WITH clause into b, reporting unknown keys (with a suggestion),
 * wrong value types and keys that do not fit the connector. `cols` are the
 * stream's columns, for ROWTIME/KAFKA_KEY/PARTITION_KEY checks. */
void ss_binding_decode(const ss_stmt *s, const ss_column *cols, uint32_t ncols, ss_arena *arena,
                       ss_diags *diags, ss_binding *b);

const char *ss_connector_name(ss_connector c);
/* The connector a binding key (FILE, KAFKA_TOPIC, KINESIS_STREAM,
 * KINESIS_SOURCE_STREAM, GENERATOR; any case) selects: key[0..len). Any
 * other key: SS_CONN_NONE. */
ss_connector ss_binding_key_connector(const char *key, size_t len);

#endif
