/* Differential fuzz target: ss_json_scan against jansson 2.14's json_loadb. Any
 * difference in validity, or in any extracted field of a valid object, aborts.
 * Build: see tests/fuzz/CMakeLists.txt, or by hand with clang -fsanitize=fuzzer. */
#include "io/jsonscan.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond, ...)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "MISMATCH at %s:%d: ", __FILE__, __LINE__);                  \
            fprintf(stderr, __VA_ARGS__);                                                \
            fprintf(stderr, "\n");                                                       \
            abort();                                                                     \
        }                                                                                \
    } while (0)

/* Fields asked for on every input, valid or not, so broken records also run through
 * the wanted-field paths (matching, decoding into scratch, descending). */
static const char *const fixed_names[] = {
    "a", "A", "b", "ab", "key", "ROWTIME", "price", "$.a", "$.a.b", "$.a[0]", "$.a[1].b",
    "$.b[0][1]", "$['a']", "$['A']", "$.c.d.e", "$.x[2]", "$['\\'']", "$[\"\\\\\"]", "\xc3\xa9",
    "$.\xc3\xa9",
};
#define NFIXED (sizeof fixed_names / sizeof fixed_names[0])

/* How a field's expected value is found in the jansson tree. */
typedef struct want {
    bool ci;        /* a case-insensitive top-level name */
    char *key;      /* for ci */
    size_t keylen;
    char *path;     /* for paths: the text handed to ss_json_spec_add */
} want;

static ss_json_spec *fixed_spec;
static want fixed_wants[NFIXED];
static ss_json_scratch scratch;

static unsigned fold(unsigned c) { return c - 'A' < 26u ? c | 0x20 : c; }

static bool eq_fold(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++)
        if (fold((unsigned char)a[i]) != fold((unsigned char)b[i]))
            return false;
    return true;
}

/* Follows a path ("$.k", "$['k']", "$[N]") through the jansson tree; NULL: missing. */
static json_t *walk(json_t *root, const char *path)
{
    json_t *cur = root;
    const char *p = path + 1;
    char *key = malloc(strlen(path) + 1);
    while (*p && cur) {
        if (*p == '.') {
            const char *k = ++p;
            while (*p && *p != '.' && *p != '[')
                p++;
            cur = json_is_object(cur) ? json_object_getn(cur, k, (size_t)(p - k)) : NULL;
        } else if (p[1] == '\'' || p[1] == '"') {
            char q = p[1];
            size_t n = 0;
            p += 2;
            while (*p != q) {
                if (*p == '\\')
                    p++;
                key[n++] = *p++;
            }
            p += 2;
            cur = json_is_object(cur) ? json_object_getn(cur, key, n) : NULL;
        } else {
            size_t idx = strtoull(p + 1, (char **)&p, 10);
            p++;
            cur = json_is_array(cur) ? json_array_get(cur, idx) : NULL;
        }
    }
    free(key);
    return cur;
}

static void compare(const ss_json_value *v, json_t *j, const char *what)
{
    if (!j) {
        CHECK(v->kind == SS_JV_MISSING, "%s: expected missing, got kind %d", what, v->kind);
        return;
    }
    switch (json_typeof(j)) {
    case JSON_NULL:
        CHECK(v->kind == SS_JV_NULL, "%s: expected null, got %d", what, v->kind);
        break;
    case JSON_TRUE:
        CHECK(v->kind == SS_JV_TRUE, "%s: expected true, got %d", what, v->kind);
        break;
    case JSON_FALSE:
        CHECK(v->kind == SS_JV_FALSE, "%s: expected false, got %d", what, v->kind);
        break;
    case JSON_INTEGER:
        CHECK(v->kind == SS_JV_INT && v->i == json_integer_value(j),
              "%s: expected int %lld, got kind %d int %lld", what,
              (long long)json_integer_value(j), v->kind, (long long)v->i);
        break;
    case JSON_REAL: {
        double d = json_real_value(j);
        CHECK(v->kind == SS_JV_REAL && memcmp(&d, &v->d, sizeof d) == 0,
              "%s: expected real %.17g, got kind %d real %.17g", what, d, v->kind, v->d);
        break;
    }
    case JSON_STRING:
        CHECK(v->kind == SS_JV_STRING && v->len == json_string_length(j) &&
                  memcmp(v->s, json_string_value(j), v->len) == 0,
              "%s: expected string '%s', got kind %d '%.*s'", what, json_string_value(j), v->kind,
              (int)v->len, v->s ? v->s : "");
        break;
    case JSON_OBJECT:
    case JSON_ARRAY: {
        bool obj = json_is_object(j);
        CHECK(v->kind == (obj ? SS_JV_OBJECT : SS_JV_ARRAY), "%s: expected container, got %d",
              what, v->kind);
        CHECK(v->len >= 2 && v->s[0] == (obj ? '{' : '[') && v->s[v->len - 1] == (obj ? '}' : ']'),
              "%s: raw span does not look like a container", what);
        json_error_t e;
        json_t *again = json_loadb(v->s, v->len, JSON_DECODE_ANY, &e);
        CHECK(again && json_equal(again, j), "%s: raw span does not reparse to the same value",
              what);
        json_decref(again);
        break;
    }
    }
}

/* The expected value for a case-insensitive name. With several keys equal up to case
 * the jansson tree no longer tells which came last in the document (it keeps each
 * key's first position), so there we only require one of them. */
static void compare_ci(const ss_json_value *v, json_t *root, const want *w)
{
    const char *k;
    size_t klen;
    json_t *val, *only = NULL;
    int n = 0;
    json_object_keylen_foreach(root, k, klen, val)
    {
        if (eq_fold(k, klen, w->key, w->keylen)) {
            only = val;
            n++;
        }
    }
    if (n <= 1) {
        compare(v, only, w->key);
        return;
    }
    json_object_keylen_foreach(root, k, klen, val)
    {
        if (!eq_fold(k, klen, w->key, w->keylen))
            continue;
        if (v->kind == SS_JV_INT && json_is_integer(val) && json_integer_value(val) == v->i)
            return;
        if (v->kind == SS_JV_STRING && json_is_string(val) && json_string_length(val) == v->len &&
            memcmp(json_string_value(val), v->s, v->len) == 0)
            return;
        if (v->kind == SS_JV_REAL && json_is_real(val) &&
            memcmp(&v->d, &(double){json_real_value(val)}, sizeof v->d) == 0)
            return;
        if ((v->kind == SS_JV_NULL && json_is_null(val)) ||
            (v->kind == SS_JV_TRUE && json_is_true(val)) ||
            (v->kind == SS_JV_FALSE && json_is_false(val)))
            return;
        if ((v->kind == SS_JV_OBJECT && json_is_object(val)) ||
            (v->kind == SS_JV_ARRAY && json_is_array(val))) {
            json_error_t e;
            json_t *again = json_loadb(v->s, v->len, 0, &e);
            bool same = again && json_equal(again, val);
            json_decref(again);
            if (same)
                return;
        }
    }
    CHECK(0, "ci name '%s': value matches none of the %d variants", w->key, n);
}

static void compare_want(const ss_json_value *v, json_t *root, const want *w)
{
    if (w->ci)
        compare_ci(v, root, w);
    else
        compare(v, walk(root, w->path), w->path);
}

static void init_want(want *w, const char *name)
{
    memset(w, 0, sizeof *w);
    if (name[0] == '$') {
        w->path = strdup(name);
    } else {
        w->ci = true;
        w->key = strdup(name);
        w->keylen = strlen(name);
    }
}

static void free_want(want *w)
{
    free(w->key);
    free(w->path);
}

/* Path text for key k: "$['...']" with ' and \ escaped; appended to prefix. */
static char *path_key(const char *prefix, const char *k, size_t klen)
{
    size_t pl = strlen(prefix);
    char *s = malloc(pl + 2 * klen + 8), *d = s;
    memcpy(d, prefix, pl);
    d += pl;
    *d++ = '[';
    *d++ = '\'';
    for (size_t i = 0; i < klen; i++) {
        if (k[i] == '\'' || k[i] == '\\')
            *d++ = '\\';
        *d++ = k[i];
    }
    *d++ = '\'';
    *d++ = ']';
    *d = 0;
    return s;
}

#define MAXDYN 96

typedef struct dyn {
    want w[MAXDYN];
    int n;
} dyn;

static void add_path(dyn *d, char *path)
{
    if (d->n >= MAXDYN) {
        free(path);
        return;
    }
    want *w = &d->w[d->n++];
    memset(w, 0, sizeof *w);
    w->path = path;
}

/* Asks for every member and element of the record down to a few levels, by path, and
 * for every top-level key by case-insensitive name. */
static void collect(dyn *d, json_t *j, const char *prefix, int level)
{
    if (level > 4)
        return;
    if (json_is_object(j)) {
        const char *k;
        size_t klen;
        json_t *val;
        json_object_keylen_foreach(j, k, klen, val)
        {
            if (d->n >= MAXDYN)
                return;
            if (level == 0 && klen > 0 && k[0] != '$' && d->n < MAXDYN &&
                strlen(k) == klen) {
                want *w = &d->w[d->n++];
                memset(w, 0, sizeof *w);
                w->ci = true;
                w->key = strndup(k, klen);
                w->keylen = klen;
            }
            char *p = path_key(prefix, k, klen);
            add_path(d, strdup(p));
            collect(d, val, p, level + 1);
            free(p);
        }
    } else if (json_is_array(j)) {
        size_t n = json_array_size(j);
        for (size_t i = 0; i < n && i < 4; i++) {
            char *p = malloc(strlen(prefix) + 32);
            sprintf(p, "%s[%zu]", prefix, i);
            add_path(d, strdup(p));
            collect(d, json_array_get(j, i), p, level + 1);
            free(p);
        }
    }
}

static void check_error(const ss_json_error *e, size_t len)
{
    CHECK(e->message[0] != 0, "empty error message");
    CHECK(e->offset <= len, "error offset %zu past the record (%zu)", e->offset, len);
    json_t *s = json_string(e->message); /* NULL unless valid UTF-8 */
    CHECK(s != NULL, "error message is not valid UTF-8: %s", e->message);
    json_decref(s);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char eb[200];
    fixed_spec = ss_json_spec_new();
    for (size_t i = 0; i < NFIXED; i++) {
        int rc = ss_json_spec_add(fixed_spec, fixed_names[i], eb, sizeof eb);
        if (rc != (int)i) {
            fprintf(stderr, "bad fixed name %s: %s\n", fixed_names[i], eb);
            abort();
        }
        init_want(&fixed_wants[i], fixed_names[i]);
    }
    ss_json_scratch_init(&scratch);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy, exactly `size` bytes long, so ASan catches any read past it. */
    char *rec = malloc(size ? size : 1);
    memcpy(rec, data, size);

    json_error_t je;
    json_t *root = json_loadb(rec, size, JSON_DECODE_ANY, &je);

    ss_json_value out[NFIXED];
    ss_json_error err;
    ss_json_status st = ss_json_scan(fixed_spec, rec, size, out, &scratch, &err);
    if (!root) {
        CHECK(st == SS_JSON_INVALID, "jansson rejects (%s) but scanner says %d", je.text, st);
        check_error(&err, size);
        free(rec);
        return 0;
    }
    CHECK(st != SS_JSON_INVALID, "jansson accepts but scanner rejects: %s at %zu", err.message,
          err.offset);
    if (!json_is_object(root)) {
        CHECK(st == SS_JSON_NOT_OBJECT, "not an object but status %d", st);
        for (size_t i = 0; i < NFIXED; i++)
            CHECK(out[i].kind == SS_JV_MISSING, "field of a non-object set");
        json_decref(root);
        free(rec);
        return 0;
    }
    CHECK(st == SS_JSON_OK, "object but status %d", st);
    for (size_t i = 0; i < NFIXED; i++)
        compare_want(&out[i], root, &fixed_wants[i]);

    /* Now ask for everything the record holds. */
    static dyn d;
    d.n = 0;
    collect(&d, root, "$", 0);
    if (d.n > 0) {
        ss_json_spec *sp = ss_json_spec_new();
        char eb[200];
        for (int i = 0; i < d.n; i++) {
            const char *name = d.w[i].ci ? d.w[i].key : d.w[i].path;
            int rc = ss_json_spec_add(sp, name, eb, sizeof eb);
            CHECK(rc == i, "spec_add('%s') = %d: %s", name, rc, eb);
        }
        ss_json_value dout[MAXDYN];
        st = ss_json_scan(sp, rec, size, dout, &scratch, &err);
        CHECK(st == SS_JSON_OK, "dynamic spec: status %d (%s)", st, err.message);
        for (int i = 0; i < d.n; i++)
            compare_want(&dout[i], root, &d.w[i]);
        ss_json_spec_free(sp);
        for (int i = 0; i < d.n; i++)
            free_want(&d.w[i]);
    }
    json_decref(root);
    free(rec);
    return 0;
}
