/* Loading the deployment config; see config.h and docs/CONFIG.md. Each JSON
 * object is checked against a table of its keys (name, type, help), so an
 * unknown key or a wrong type is reported with its path before anything
 * runs, and docs/CONFIG.md lists the same keys. */
#include "cli/config.h"
#include "cli/log.h"
#include "util/buf.h"
#include "util/duration.h"
#include "util/mem.h"

#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { K_STRING, K_BOOL, K_OBJECT, K_ARRAY, K_DURATION, K_STRING_OR_BOOL, K_STRING_OR_OBJECT } key_type;

typedef struct key_spec {
    const char *name;
    key_type type;
} key_spec;

static const key_spec top_keys[] = {
    {"kafka", K_OBJECT},   {"kinesis", K_OBJECT},      {"checkpoints", K_OBJECT}, {"metrics", K_OBJECT},
    {"log", K_OBJECT},     {"applications", K_ARRAY},  {NULL, 0},
};
static const key_spec kafka_keys[] = {{"brokers", K_STRING}, {"properties", K_OBJECT}, {NULL, 0}};
static const key_spec kinesis_keys[] = {{"endpoint", K_STRING}, {"region", K_STRING}, {NULL, 0}};
static const key_spec checkpoint_keys[] = {{"directory", K_STRING}, {"interval", K_DURATION}, {NULL, 0}};
static const key_spec metrics_keys[] = {{"listen", K_STRING}, {"enabled", K_BOOL}, {NULL, 0}};
static const key_spec log_keys[] = {{"level", K_STRING}, {"format", K_STRING}, {NULL, 0}};
static const key_spec app_keys[] = {
    {"name", K_STRING},      {"sql", K_STRING},    {"kda", K_STRING_OR_OBJECT},      {"streams", K_OBJECT},
    {"errors", K_STRING},    {"enabled", K_BOOL},  {"checkpoint", K_STRING_OR_BOOL}, {NULL, 0},
};

typedef struct loader {
    const char *path;
    char *dir; /* relative paths in the file are relative to it */
    char *err;
    size_t errlen;
} loader;

__attribute__((format(printf, 3, 4))) static int fail(loader *l, const char *jpath, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(l->err, l->errlen, "%s: %s: %s", l->path, jpath, msg);
    return -1;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static const char *wanted(key_type t)
{
    switch (t) {
    case K_STRING: return "a string";
    case K_BOOL: return "true or false";
    case K_OBJECT: return "an object";
    case K_ARRAY: return "an array";
    case K_DURATION: return "a duration such as \"250ms\", \"10s\" or \"1m\"";
    case K_STRING_OR_BOOL: return "a path or true or false";
    default: return "a path or an object";
    }
}

static bool type_ok(key_type t, const json_t *v)
{
    switch (t) {
    case K_STRING:
    case K_DURATION: return json_is_string(v);
    case K_BOOL: return json_is_boolean(v);
    case K_OBJECT: return json_is_object(v);
    case K_ARRAY: return json_is_array(v);
    case K_STRING_OR_BOOL: return json_is_string(v) || json_is_boolean(v);
    default: return json_is_string(v) || json_is_object(v);
    }
}

/* Every key of obj must be in spec, with its type. */
static int check_keys(loader *l, const json_t *obj, const char *jpath, const key_spec *spec)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        const key_spec *k = spec;
        while (k->name && strcmp(k->name, key) != 0)
            k++;
        if (!k->name) {
            ss_buf known = {0};
            for (const key_spec *s = spec; s->name; s++)
                ss_buf_printf(&known, "%s%s", s == spec ? "" : ", ", s->name);
            int rc = fail(l, jpath, "unknown key \"%s\" (known: %s)", key, ss_buf_cstr(&known));
            ss_buf_free(&known);
            return rc;
        }
        if (!type_ok(k->type, v))
            return fail(l, jpath, "\"%s\" must be %s, not %s", key, wanted(k->type), type_name(v));
        int64_t ms;
        if (k->type == K_DURATION && (ss_parse_duration(json_string_value(v), &ms) || ms <= 0))
            return fail(l, jpath, "\"%s\" must be %s, not \"%s\"", key, wanted(k->type), json_string_value(v));
        if (k->type == K_STRING && !json_string_value(v)[0])
            return fail(l, jpath, "\"%s\" must not be empty", key);
    }
    return 0;
}

static const char *get_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

static char *resolve(const loader *l, const char *p)
{
    if (p[0] == '/' || !strcmp(l->dir, "."))
        return ss_xstrdup(p);
    ss_buf b = {0};
    ss_buf_printf(&b, "%s/%s", l->dir, p);
    char *r = ss_xstrdup(ss_buf_cstr(&b));
    ss_buf_free(&b);
    return r;
}

static void add_setting(char ***list, uint32_t *n, const char *text)
{
    *list = ss_xrealloc(*list, sizeof(char *) * (*n + 1));
    (*list)[(*n)++] = ss_xstrdup(text);
}

/* A WITH value from JSON, as --set takes it. */
static int scalar_text(loader *l, const char *jpath, const json_t *v, char *out, size_t outlen)
{
    if (json_is_string(v))
        snprintf(out, outlen, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, outlen, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(out, outlen, "%.17g", json_real_value(v));
    else if (json_is_boolean(v))
        snprintf(out, outlen, "%s", json_is_true(v) ? "TRUE" : "FALSE");
    else
        return fail(l, jpath, "must be a string, a number or a boolean, not %s", type_name(v));
    return 0;
}

/* `*.WITH_KEY=value` from a string member of obj, if it is there. */
static void add_default(ss_config *c, const json_t *obj, const char *member, const char *with_key)
{
    const char *v = get_str(obj, member);
    if (!v)
        return;
    char text[1024];
    snprintf(text, sizeof text, "*.%s=%s", with_key, v);
    add_setting(&c->defaults, &c->ndefaults, text);
}

static int load_defaults(loader *l, const json_t *root, ss_config *c)
{
    const json_t *kafka = json_object_get(root, "kafka");
    const json_t *kinesis = json_object_get(root, "kinesis");
    if (kafka) {
        if (check_keys(l, kafka, "$.kafka", kafka_keys))
            return -1;
        add_default(c, kafka, "brokers", "KAFKA_BROKERS");
        const json_t *props = json_object_get(kafka, "properties");
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)props, key, v) {
            char jpath[300], with_key[300];
            snprintf(jpath, sizeof jpath, "$.kafka.properties.%s", key);
            if (!json_is_string(v))
                return fail(l, jpath, "must be a string (librdkafka takes every property as text), not %s",
                            type_name(v));
            snprintf(with_key, sizeof with_key, "kafka.%s", key);
            add_default(c, props, key, with_key);
        }
    }
    if (kinesis) {
        if (check_keys(l, kinesis, "$.kinesis", kinesis_keys))
            return -1;
        add_default(c, kinesis, "endpoint", "KINESIS_ENDPOINT");
        add_default(c, kinesis, "region", "KINESIS_REGION");
    }
    return 0;
}

static int load_service(loader *l, const json_t *root, ss_config *c, const char **ckpt_dir)
{
    const json_t *ck = json_object_get(root, "checkpoints");
    const json_t *metrics = json_object_get(root, "metrics");
    const json_t *log = json_object_get(root, "log");
    if (ck) {
        if (check_keys(l, ck, "$.checkpoints", checkpoint_keys))
            return -1;
        *ckpt_dir = get_str(ck, "directory");
        if (get_str(ck, "interval"))
            ss_parse_duration(get_str(ck, "interval"), &c->checkpoint_interval_ms);
    }
    c->metrics_listen = ss_xstrdup("127.0.0.1:9249");
    if (metrics) {
        if (check_keys(l, metrics, "$.metrics", metrics_keys))
            return -1;
        if (get_str(metrics, "listen")) {
            const char *listen = get_str(metrics, "listen");
            const char *colon = strrchr(listen, ':');
            char *end;
            long port = colon ? strtol(colon + 1, &end, 10) : -1;
            if (!colon || colon == listen || !colon[1] || *end || port < 0 || port > 65535)
                return fail(l, "$.metrics", "\"listen\" must be HOST:PORT, not \"%s\"", listen);
            free(c->metrics_listen);
            c->metrics_listen = ss_xstrdup(listen);
        }
        if (json_is_false(json_object_get(metrics, "enabled"))) {
            free(c->metrics_listen);
            c->metrics_listen = NULL;
        }
    }
    c->log_level = SS_LOG_INFO;
    if (log) {
        if (check_keys(l, log, "$.log", log_keys))
            return -1;
        c->log_given = true;
        const char *level = get_str(log, "level");
        if (level && ss_log_level_of(level, &c->log_level))
            return fail(l, "$.log", "\"level\" must be \"debug\", \"info\", \"warning\" or \"error\", not \"%s\"",
                        level);
        const char *format = get_str(log, "format");
        if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
            return fail(l, "$.log", "\"format\" must be \"text\" or \"json\", not \"%s\"", format);
        c->log_json = format && strcmp(format, "json") == 0;
    }
    return 0;
}

static bool valid_name(const char *s)
{
    if (!*s || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '-' || *s == '.'))
            return false;
    return true;
}

static int load_app(loader *l, const json_t *e, size_t i, const ss_config *c, const char *ckpt_dir,
                    ss_config_app *a)
{
    char jpath[64];
    snprintf(jpath, sizeof jpath, "$.applications[%zu]", i);
    if (!json_is_object(e))
        return fail(l, jpath, "must be an object, not %s", type_name(e));
    if (check_keys(l, e, jpath, app_keys))
        return -1;
    const char *name = get_str(e, "name");
    if (!name)
        return fail(l, jpath, "\"name\" is missing");
    if (!valid_name(name))
        return fail(l, jpath, "\"name\" must be 1 to 64 letters, digits, '_', '-' or '.', not \"%s\"", name);
    for (uint32_t j = 0; j < c->napps; j++)
        if (strcmp(c->apps[j].name, name) == 0)
            return fail(l, jpath, "the name \"%s\" is taken by $.applications[%u]", name, j);
    a->name = ss_xstrdup(name);
    const json_t *kda = json_object_get(e, "kda");
    const char *sql = get_str(e, "sql");
    if (!sql == !kda)
        return fail(l, jpath, sql ? "give \"sql\" or \"kda\", not both" : "\"sql\" or \"kda\" is missing");
    if (sql) {
        a->sql_path = resolve(l, sql);
    } else if (json_is_string(kda)) {
        a->kda_path = resolve(l, json_string_value(kda));
        json_error_t je;
        a->kda = json_load_file(a->kda_path, 0, &je);
        if (!a->kda && je.line < 1)
            return fail(l, jpath, "\"kda\": %s", je.text);
        if (!a->kda)
            return fail(l, jpath, "\"kda\": %s:%d:%d: %s", a->kda_path, je.line, je.column, je.text);
    } else {
        a->kda = json_incref((json_t *)kda);
    }
    const char *stream;
    json_t *keys;
    json_object_foreach(json_object_get(e, "streams"), stream, keys) {
        char spath[300];
        snprintf(spath, sizeof spath, "%s.streams.%s", jpath, stream);
        if (!json_is_object(keys))
            return fail(l, spath, "must be an object of WITH keys, not %s", type_name(keys));
        const char *key;
        json_t *v;
        json_object_foreach(keys, key, v) {
            char kpath[400], value[1024], text[2048];
            snprintf(kpath, sizeof kpath, "%s.%s", spath, key);
            if (scalar_text(l, kpath, v, value, sizeof value))
                return -1;
            /* Quoted: the stream is named exactly as in the file. */
            snprintf(text, sizeof text, "\"%s\".%s=%s", stream, key, value);
            add_setting(&a->settings, &a->nsettings, text);
        }
    }
    if (get_str(e, "errors"))
        a->errors_path = resolve(l, get_str(e, "errors"));
    const json_t *ck = json_object_get(e, "checkpoint");
    if (json_is_string(ck)) {
        a->checkpoint_path = resolve(l, json_string_value(ck));
    } else if (!json_is_false(ck) && ckpt_dir) {
        char file[600];
        snprintf(file, sizeof file, "%s/%s.ckpt", ckpt_dir, name);
        a->checkpoint_path = resolve(l, file);
    } else if (json_is_true(ck)) {
        return fail(l, jpath, "\"checkpoint\" is true but $.checkpoints.directory is not set");
    }
    a->enabled = !json_is_false(json_object_get(e, "enabled"));
    return 0;
}

/* What an application's run depends on, as one canonical text. */
static char *fingerprint(const json_t *root, const json_t *entry)
{
    json_t *fp = json_object();
    json_object_set(fp, "app", (json_t *)entry);
    /* Not "log" nor "metrics": those are serve's own, not the application's. */
    static const char *const shared[] = {"kafka", "kinesis", "checkpoints"};
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
        if (json_object_get(root, shared[i]))
            json_object_set(fp, shared[i], json_object_get(root, shared[i]));
    char *text = json_dumps(fp, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(fp);
    return text;
}

int ss_config_load(const char *path, ss_config *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    char *copy = ss_xstrdup(path);
    loader l = {path, ss_xstrdup(dirname(copy)), err, errlen};
    free(copy);
    c->path = ss_xstrdup(path);
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    int rc = -1;
    const char *ckpt_dir = NULL;
    if (!root) {
        if (je.line <= 0)
            snprintf(err, errlen, "%s: %s", path, je.text);
        else
            snprintf(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        goto done;
    }
    if (!json_is_object(root)) {
        fail(&l, "$", "the config must be an object, not %s", type_name(root));
        goto done;
    }
    if (check_keys(&l, root, "$", top_keys) || load_defaults(&l, root, c) ||
        load_service(&l, root, c, &ckpt_dir))
        goto done;
    const json_t *apps = json_object_get(root, "applications");
    if (!apps || !json_array_size(apps)) {
        fail(&l, "$", "\"applications\" is missing or empty: there is nothing to run");
        goto done;
    }
    c->apps = ss_xcalloc(json_array_size(apps), sizeof(ss_config_app));
    for (size_t i = 0; i < json_array_size(apps); i++) {
        ss_config_app *a = &c->apps[c->napps];
        if (load_app(&l, json_array_get(apps, i), i, c, ckpt_dir, a)) {
            c->napps++; /* freed with the rest */
            goto done;
        }
        a->fingerprint = fingerprint(root, json_array_get(apps, i));
        c->napps++;
    }
    rc = 0;
done:
    json_decref(root);
    free(l.dir);
    if (rc)
        ss_config_free(c);
    return rc;
}

void ss_config_free(ss_config *c)
{
    for (uint32_t i = 0; i < c->ndefaults; i++)
        free(c->defaults[i]);
    free(c->defaults);
    for (uint32_t i = 0; i < c->napps; i++) {
        ss_config_app *a = &c->apps[i];
        free(a->name);
        free(a->sql_path);
        free(a->kda_path);
        json_decref(a->kda);
        for (uint32_t j = 0; j < a->nsettings; j++)
            free(a->settings[j]);
        free(a->settings);
        free(a->errors_path);
        free(a->checkpoint_path);
        free(a->fingerprint);
    }
    free(c->apps);
    free(c->metrics_listen);
    free(c->path);
    memset(c, 0, sizeof *c);
}

const ss_config_app *ss_config_find(const ss_config *c, const char *name)
{
    for (uint32_t i = 0; i < c->napps; i++)
        if (strcmp(c->apps[i].name, name) == 0)
            return &c->apps[i];
    return NULL;
}
