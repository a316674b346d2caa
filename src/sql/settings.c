/* `run --set STREAM.KEY=VALUE`: WITH keys added or replaced on the command
 * line, applied to the parsed script before analysis so that they are
 * checked exactly like keys written in the SQL. `*.KEY=VALUE` is a default:
 * it goes to every stream whose binding takes KEY and that does not set it
 * (the deployment config's Kafka and Kinesis defaults are made of these). */
#include "sql/analyze.h"
#include "sql/bindings.h"
#include "sql/parse.h"
#include "util/duration.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static ss_expr *literal(ss_arena *a, ss_type_kind kind, ss_pos pos)
{
    ss_expr *e = SS_ARENA_NEW(a, ss_expr);
    e->kind = SS_E_LITERAL;
    e->type = ss_type_make(kind);
    e->pos = pos;
    e->slot = e->agg = -1;
    return e;
}

/* The setting's text as a literal of the key's type; NULL with a message. */
static ss_expr *value_for(ss_arena *a, const ss_with_key_info *k, const char *text, ss_pos pos, const char **why)
{
    ss_opt_type t = k ? k->type : SS_OPT_STRING;
    ss_expr *e;
    char *end;
    switch (t) {
    case SS_OPT_INT:
    case SS_OPT_NUMBER: {
        errno = 0;
        double d = strtod(text, &end);
        if (*end || errno || end == text || d < 0) {
            *why = "a non-negative number";
            return NULL;
        }
        long long i = strtoll(text, &end, 10);
        if (!*end && errno == 0) {
            e = literal(a, SS_T_BIGINT, pos);
            e->lit.i = i;
        } else if (t == SS_OPT_INT) {
            *why = "a whole number";
            return NULL;
        } else {
            e = literal(a, SS_T_DOUBLE, pos);
            e->lit.d = d;
        }
        e->lit.raw = text;
        e->lit.raw_len = (uint32_t)strlen(text);
        return e;
    }
    case SS_OPT_BOOL:
        if (strcasecmp(text, "true") != 0 && strcasecmp(text, "false") != 0) {
            *why = "TRUE or FALSE";
            return NULL;
        }
        e = literal(a, SS_T_BOOLEAN, pos);
        e->lit.i = strcasecmp(text, "true") == 0;
        return e;
    case SS_OPT_INTERVAL: {
        int64_t ms;
        if (ss_parse_duration(text, &ms)) {
            *why = "a duration such as 250ms, 5s, 1m or 1h";
            return NULL;
        }
        e = literal(a, SS_T_INTERVAL_DS, pos);
        e->lit.i = ms;
        e->lit.raw = ss_arena_sprintf(a, "%lld", (long long)ms);
        e->lit.raw_len = (uint32_t)strlen(e->lit.raw);
        e->lit.unit = SS_UNIT_MILLISECOND;
        return e;
    }
    default:
        e = literal(a, SS_T_VARCHAR, pos);
        e->lit.s = text;
        e->lit.len = (uint32_t)strlen(text);
        e->type.length = e->lit.len;
        return e;
    }
}

/* The connector a stream's WITH clause binds it to; SS_CONN_NONE if none. */
static ss_connector connector_of(const ss_stmt *st)
{
    for (uint32_t i = 0; i < st->nwith; i++) {
        ss_connector c = ss_binding_key_connector(st->with[i]->key, strlen(st->with[i]->key));
        if (c != SS_CONN_NONE)
            return c;
    }
    return SS_CONN_NONE;
}

/* Index of key in the stream's WITH clause; -1 if absent. */
static int find_key(const ss_stmt *st, const char *key)
{
    for (uint32_t i = 0; i < st->nwith; i++)
        if (strcasecmp(st->with[i]->key, key) == 0)
            return (int)i;
    return -1;
}

/* The WITH key key_text names: *k its entry, or NULL with *property set for
 * a 'kafka.<property>'. false with a message when there is no such key. */
static bool lookup_key(ss_diags *diags, const char *setting, const char *key_text, const ss_with_key_info **k,
                       bool *property)
{
    *property = strncasecmp(key_text, "kafka.", 6) == 0;
    *k = NULL;
    for (const ss_with_key_info *kk = ss_with_keys(); kk->name && !*property; kk++)
        if (strcasecmp(kk->name, key_text) == 0)
            *k = kk;
    if (!*k && !*property) {
        ss_pos top = {0, 0, 0};
        ss_diags_add(diags, top, "--set '%s': unknown WITH key %s", setting, key_text);
        return false;
    }
    return true;
}

/* Sets key to value text in the stream's WITH clause, replacing the key, or
 * the binding when key is a binding of its own; false with a message when
 * the value does not suit the key. */
static bool put_key(ss_arena *a, ss_diags *diags, const char *setting, ss_stmt *target,
                    const ss_with_key_info *k, const char *key, bool property, const char *value)
{
    const char *why = NULL;
    ss_expr *v = value_for(a, k, value, target->name.pos, &why);
    if (!v) {
        ss_pos top = {0, 0, 0};
        ss_diags_add(diags, top, "--set '%s': %s takes %s", setting, k->name, why);
        return false;
    }
    int at = find_key(target, key);
    if (at >= 0) {
        target->with[at]->value = v;
        return true;
    }
    /* A new key; a new binding replaces the old one rather than conflicting. */
    bool is_binding = ss_binding_key_connector(key, strlen(key)) != SS_CONN_NONE;
    uint32_t kept = 0;
    ss_with_opt **with = ss_arena_alloc(a, sizeof(ss_with_opt *) * (target->nwith + 1));
    for (uint32_t i = 0; i < target->nwith; i++)
        if (!is_binding ||
            ss_binding_key_connector(target->with[i]->key, strlen(target->with[i]->key)) == SS_CONN_NONE)
            with[kept++] = target->with[i];
    ss_with_opt *o = SS_ARENA_NEW(a, ss_with_opt);
    o->key = key;
    o->key_pos = target->name.pos;
    o->key_is_string = property;
    o->value = v;
    with[kept++] = o;
    target->with = with;
    target->nwith = target->with_cap = kept;
    return true;
}

/* `*.KEY=VALUE`: KEY for every bound stream it applies to that lacks it. */
static void apply_default(ss_script *script, ss_arena *a, ss_diags *diags, const char *setting)
{
    const char *eq = strchr(setting, '=');
    ss_pos top = {0, 0, 0};
    if (!eq || eq == setting + 2) {
        ss_diags_add(diags, top, "--set '%s': expected *.KEY=VALUE", setting);
        return;
    }
    const char *key_text = ss_arena_strndup(a, setting + 2, (size_t)(eq - setting - 2));
    const ss_with_key_info *k;
    bool property;
    if (!lookup_key(diags, setting, key_text, &k, &property))
        return;
    const char *key = property ? key_text : k->name;
    unsigned applies = property ? 1u << SS_CONN_KAFKA : k->connectors;
    for (uint32_t i = 0; i < script->n; i++) {
        ss_stmt *st = script->stmts[i];
        ss_connector c = st->kind == SS_STMT_STREAM ? connector_of(st) : SS_CONN_NONE;
        if (c == SS_CONN_NONE || (applies && !(applies & (1u << c))) || find_key(st, key) >= 0)
            continue;
        if (!put_key(a, diags, setting, st, k, key, property, eq + 1))
            return; /* the value is wrong for every stream: said once */
    }
}

static void apply(ss_script *script, ss_arena *a, ss_diags *diags, const char *setting)
{
    ss_pos top = {0, 0, 0}; /* no place in the file: the setting is quoted instead */
    const char *eq = strchr(setting, '=');
    const char *dot = eq ? memchr(setting, '.', (size_t)(eq - setting)) : NULL;
    if (!eq || !dot || dot == setting || dot + 1 == eq) {
        ss_diags_add(diags, top, "--set '%s': expected STREAM.KEY=VALUE", setting);
        return;
    }
    char *stream = ss_arena_strndup(a, setting, (size_t)(dot - setting));
    const char *key_text = ss_arena_strndup(a, dot + 1, (size_t)(eq - dot - 1));
    /* Names fold like unquoted identifiers unless written in double quotes. */
    size_t sl = strlen(stream);
    if (sl >= 2 && stream[0] == '"' && stream[sl - 1] == '"') {
        stream[sl - 1] = 0;
        stream++;
    } else {
        for (char *p = stream; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
    }
    ss_stmt *target = NULL;
    for (uint32_t i = 0; i < script->n; i++)
        if (script->stmts[i]->kind == SS_STMT_STREAM && strcmp(script->stmts[i]->name.name, stream) == 0)
            target = script->stmts[i];
    if (!target) {
        ss_diags_add(diags, top, "--set '%s': the application defines no stream %s", setting, stream);
        return;
    }
    const ss_with_key_info *k;
    bool property;
    if (lookup_key(diags, setting, key_text, &k, &property))
        put_key(a, diags, setting, target, k, property ? key_text : k->name, property, eq + 1);
}

ss_app *ss_compile_with_settings(const ss_source *src, ss_arena *arena, ss_diags *diags,
                                 const char *const *settings, uint32_t nsettings)
{
    ss_script *script = ss_parse(src, arena, diags);
    /* Defaults last: a binding given by a setting decides which apply. */
    for (uint32_t i = 0; i < nsettings; i++)
        if (strncmp(settings[i], "*.", 2) != 0)
            apply(script, arena, diags, settings[i]);
    for (uint32_t i = 0; i < nsettings; i++)
        if (strncmp(settings[i], "*.", 2) == 0)
            apply_default(script, arena, diags, settings[i]);
    ss_app *app = ss_analyze(script, src, arena, diags);
    return diags->n ? NULL : app;
}
