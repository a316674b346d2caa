/* The deployment config of `serve` and `run --config` (SPEC section 7): a JSON
 * file with Kafka and Kinesis defaults, checkpoints, metrics, logging and a
 * list of applications. Loading checks every key and type; an error names
 * the file and the JSON path of what is wrong ($.applications[1].sql). The
 * format is described in docs/CONFIG.md. */
#ifndef SS_CLI_CONFIG_H
#define SS_CLI_CONFIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ss_log_level { SS_LOG_DEBUG, SS_LOG_INFO, SS_LOG_WARNING, SS_LOG_ERROR } ss_log_level;

typedef struct ss_config_app {
    char *name;
    char *sql_path; /* the SQL file, resolved against the config's directory; NULL for a KDA entry */
    char *kda_path; /* a KDA describe-application document given by file; NULL if inline or SQL */
    json_t *kda;    /* the KDA document (loaded from kda_path, or inline); NULL for SQL */
    char **settings; /* STREAM.KEY=VALUE from "streams", in the file's order */
    uint32_t nsettings;
    char *errors_path;     /* NULL: stderr */
    char *checkpoint_path; /* NULL: no checkpoint */
    bool enabled;
    char *fingerprint; /* the entry and every default it uses, as canonical JSON: a reload
                        * restarts the application only when this changes */
} ss_config_app;

typedef struct ss_config {
    char *path;
    char **defaults; /* *.KEY=VALUE: the Kafka and Kinesis defaults */
    uint32_t ndefaults;
    int64_t checkpoint_interval_ms; /* 0: the runtime's default (10 s) */
    char *metrics_listen;           /* host:port; NULL: no metrics */
    ss_log_level log_level;
    bool log_json;
    bool log_given; /* a "log" object is present: `run --config` follows it too */
    ss_config_app *apps;
    uint32_t napps;
} ss_config;

/* Loads and checks path into *c (zeroed first). -1 with the message in err:
 * "PATH: $.json.path: what is wrong". */
int ss_config_load(const char *path, ss_config *c, char *err, size_t errlen);
void ss_config_free(ss_config *c);
const ss_config_app *ss_config_find(const ss_config *c, const char *name);

#endif
