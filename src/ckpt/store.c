/* The checkpoint store on SQLite; see store.h.
 *
 * WAL with synchronous=NORMAL: a commit survives the process being killed,
 * which is what checkpoints are for; after a power loss the last commit may
 * be gone, and the one before it is used, which is still consistent because
 * sinks are synced before every commit (never behind a checkpoint). The
 * database is locked exclusively while open: two processes resuming from one
 * checkpoint would each repeat the other's output. */
#include "ckpt/store.h"
#include "util/buf.h"
#include "util/mem.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SCHEMA_VERSION 1
/* The encoding of the items: bumped when any operator's layout changes. */
#define STATE_FORMAT 1

/* Per state namespace: how big its base is and how much delta follows. */
typedef struct ns_size {
    uint64_t base, deltas;
} ns_size;

/* A full save being gathered: items in arrival order, sorted at commit. */
typedef struct rewrite {
    uint32_t ns;
    ss_buf items;       /* klen, key, vlen, value; lengths as 4 bytes */
    uint64_t *offsets;  /* where each item starts in items */
    size_t n, cap;
    bool unsorted;      /* some key came after a greater one: sort at commit */
} rewrite;

struct ss_ckpt {
    sqlite3 *db;
    char *path;
    uint64_t last;
    uint64_t id;
    sqlite3_stmt *put, *get, *ns_find, *ns_add, *delta_add, *delta_each, *chunk_add, *chunk_each;
    ns_size *sizes; /* by namespace id */
    uint32_t nsizes;
    rewrite *rewrites;
    uint32_t nrewrites;
    bool in_txn;
    int failed_rc; /* first error inside the current checkpoint */
    char failure[256];
};

/* Base chunks hold about this much: large enough that a restore reads few
 * rows, small enough to stay one SQLite overflow chain of modest length. */
#define CHUNK_BYTES (256u << 10)

static int load_sizes(ss_ckpt *c, char *err, size_t errlen);

static void drop_rewrites(ss_ckpt *c)
{
    for (uint32_t i = 0; i < c->nrewrites; i++) {
        ss_buf_free(&c->rewrites[i].items);
        free(c->rewrites[i].offsets);
    }
    c->nrewrites = 0;
}

static void db_error(const ss_ckpt *c, int rc, const char *what, char *err, size_t errlen)
{
    const char *why = c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc);
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        snprintf(err, errlen, "checkpoint %s is damaged (%s: %s); the application cannot resume from it", c->path,
                 what, why);
    else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        snprintf(err, errlen, "checkpoint %s is in use by another process", c->path);
    else
        snprintf(err, errlen, "checkpoint %s: %s: %s", c->path, what, why);
}

static int exec(ss_ckpt *c, const char *sql, char *err, size_t errlen)
{
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        db_error(c, rc, sql, err, errlen);
    return rc;
}

static int prepare(ss_ckpt *c, sqlite3_stmt **st, const char *sql, char *err, size_t errlen)
{
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    if (rc != SQLITE_OK)
        db_error(c, rc, "prepare", err, errlen);
    return rc;
}

/* meta value as text (NULL when absent), copied into out. */
static int meta_get(ss_ckpt *c, const char *key, char **out, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    *out = NULL;
    int rc = prepare(c, &st, "SELECT value FROM meta WHERE key = ?1", err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        *out = ss_xstrdup(v ? (const char *)v : "");
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    } else {
        db_error(c, rc, "reading meta", err, errlen);
    }
    sqlite3_finalize(st);
    return rc;
}

static int meta_set(ss_ckpt *c, const char *key, const char *value, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    int rc = prepare(c, &st, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", err, errlen);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    if (rc)
        db_error(c, rc, "writing meta", err, errlen);
    sqlite3_finalize(st);
    return rc;
}

/* Says where two identities part, so that the refusal names the change:
 * a stretch of each around the first byte that differs. */
static void identity_mismatch(const ss_ckpt *c, const char *had, const char *now, char *err, size_t errlen)
{
    size_t i = 0;
    while (had[i] && had[i] == now[i])
        i++;
    size_t line = i;
    while (line > 0 && had[line - 1] != '\n')
        line--;
    size_t from = i > line + 40 ? i - 40 : line;
    while (from > line && (had[from] & 0xC0) == 0x80)
        from--; /* not in the middle of a UTF-8 sequence */
    int hl = (int)strcspn(had + from, "\n"), nl = (int)strcspn(now + from, "\n");
    snprintf(err, errlen,
             "checkpoint %s belongs to another application, or this one changed since (where it was '%s%.*s', "
             "it is now '%s%.*s'); run with a new checkpoint file to start over",
             c->path, from > line ? "..." : "", hl > 80 ? 80 : hl, had + from, from > line ? "..." : "",
             nl > 80 ? 80 : nl,
             now + from);
}

/* The store's id, made once when it is created: with a row's number it names
 * the row for consumers of at-least-once outputs, and a new store (a new
 * deployment of the application) must not repeat an old one's names. */
static int load_or_make_id(ss_ckpt *c, char *err, size_t errlen)
{
    char *text = NULL;
    int rc = meta_get(c, "id", &text, err, errlen);
    if (!rc && text) {
        c->id = strtoull(text, NULL, 16);
    } else if (!rc) {
        uint64_t v;
        if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
            v = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid();
        c->id = v;
        char hex[24];
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)v);
        rc = meta_set(c, "id", hex, err, errlen);
    }
    free(text);
    return rc;
}

static int check_or_init_meta(ss_ckpt *c, const char *identity, char *err, size_t errlen)
{
    char *schema = NULL, *format = NULL, *had = NULL, *seq = NULL;
    int rc = meta_get(c, "schema", &schema, err, errlen);
    if (!rc && !schema) {
        char v[32];
        snprintf(v, sizeof v, "%d", SCHEMA_VERSION);
        rc = meta_set(c, "schema", v, err, errlen);
        snprintf(v, sizeof v, "%d", STATE_FORMAT);
        rc = rc ? rc : meta_set(c, "format", v, err, errlen);
        rc = rc ? rc : meta_set(c, "identity", identity, err, errlen);
        rc = rc ? rc : meta_set(c, "sequence", "0", err, errlen);
        goto done;
    }
    rc = rc ? rc : meta_get(c, "format", &format, err, errlen);
    rc = rc ? rc : meta_get(c, "identity", &had, err, errlen);
    rc = rc ? rc : meta_get(c, "sequence", &seq, err, errlen);
    if (rc)
        goto done;
    rc = SQLITE_MISMATCH;
    if (atoi(schema) != SCHEMA_VERSION || !format || atoi(format) != STATE_FORMAT)
        snprintf(err, errlen,
                 "checkpoint %s was written by another version of streamsql (schema %s, state format %s; this one "
                 "reads %d and %d)",
                 c->path, schema, format ? format : "?", SCHEMA_VERSION, STATE_FORMAT);
    else if (!had || !seq)
        snprintf(err, errlen, "checkpoint %s is damaged (its identity or sequence is missing)", c->path);
    else if (strcmp(had, identity) != 0)
        identity_mismatch(c, had, identity, err, errlen);
    else {
        c->last = strtoull(seq, NULL, 10);
        rc = SQLITE_OK;
    }
done:
    free(schema);
    free(format);
    free(had);
    free(seq);
    return rc ? rc : load_or_make_id(c, err, errlen);
}

ss_ckpt *ss_ckpt_open(const char *path, const char *identity, char *err, size_t errlen)
{
    ss_ckpt *c = ss_xcalloc(1, sizeof *c);
    c->path = ss_xstrdup(path);
    int rc = sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open checkpoint %s: %s", path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
        ss_ckpt_close(c);
        return NULL;
    }
    sqlite3_extended_result_codes(c->db, 0);
    /* The first statements touch the file: a file that is not a database, or
     * one locked by another process, fails here. */
    if (exec(c, "PRAGMA locking_mode = EXCLUSIVE", err, errlen) ||
        exec(c, "PRAGMA journal_mode = WAL", err, errlen) || exec(c, "PRAGMA synchronous = NORMAL", err, errlen) ||
        exec(c, "BEGIN EXCLUSIVE", err, errlen) ||
        exec(c,
             "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);"
             "CREATE TABLE IF NOT EXISTS ns(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);"
             "CREATE TABLE IF NOT EXISTS record(ns INTEGER NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL,"
             " PRIMARY KEY(ns, key)) WITHOUT ROWID;"
             "CREATE TABLE IF NOT EXISTS chunk(ns INTEGER NOT NULL, seq INTEGER NOT NULL, items INTEGER NOT NULL,"
             " data BLOB NOT NULL, PRIMARY KEY(ns, seq)) WITHOUT ROWID;"
             "CREATE TABLE IF NOT EXISTS delta(id INTEGER PRIMARY KEY, ns INTEGER NOT NULL, key BLOB NOT NULL,"
             " value BLOB);",
             err, errlen) ||
        check_or_init_meta(c, identity, err, errlen) || exec(c, "COMMIT", err, errlen)) {
        ss_ckpt_close(c);
        return NULL;
    }
    if (prepare(c, &c->put, "INSERT OR REPLACE INTO record(ns, key, value) VALUES (?1, ?2, ?3)", err, errlen) ||
        prepare(c, &c->get, "SELECT value FROM record WHERE ns = ?1 AND key = ?2", err, errlen) ||
        prepare(c, &c->ns_find, "SELECT id FROM ns WHERE name = ?1", err, errlen) ||
        prepare(c, &c->ns_add, "INSERT INTO ns(name) VALUES (?1)", err, errlen) ||
        prepare(c, &c->delta_add, "INSERT INTO delta(ns, key, value) VALUES (?1, ?2, ?3)", err, errlen) ||
        prepare(c, &c->delta_each, "SELECT key, value FROM delta WHERE ns = ?1 ORDER BY id", err, errlen) ||
        prepare(c, &c->chunk_add, "INSERT INTO chunk(ns, seq, items, data) VALUES (?1, ?2, ?3, ?4)", err,
                errlen) ||
        prepare(c, &c->chunk_each, "SELECT data, items FROM chunk WHERE ns = ?1 ORDER BY seq", err, errlen) ||
        load_sizes(c, err, errlen)) {
        ss_ckpt_close(c);
        return NULL;
    }
    return c;
}

void ss_ckpt_close(ss_ckpt *c)
{
    if (!c)
        return;
    if (c->in_txn)
        ss_ckpt_abort(c);
    sqlite3_stmt *sts[] = {c->put,        c->get,       c->ns_find,   c->ns_add,
                           c->delta_add,  c->delta_each, c->chunk_add, c->chunk_each};
    for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++)
        sqlite3_finalize(sts[i]);
    sqlite3_close(c->db);
    drop_rewrites(c);
    free(c->rewrites);
    free(c->sizes);
    free(c->path);
    free(c);
}

uint64_t ss_ckpt_last(const ss_ckpt *c)
{
    return c->last;
}

uint64_t ss_ckpt_id(const ss_ckpt *c)
{
    return c->id;
}

static void fail(ss_ckpt *c, int rc, const char *what)
{
    if (c->failed_rc)
        return;
    c->failed_rc = rc;
    db_error(c, rc, what, c->failure, sizeof c->failure);
}

uint32_t ss_ckpt_ns(ss_ckpt *c, const char *name)
{
    sqlite3_bind_text(c->ns_find, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(c->ns_find);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(c->ns_find, 0) : 0;
    sqlite3_reset(c->ns_find);
    if (id)
        return (uint32_t)id;
    sqlite3_bind_text(c->ns_add, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(c->ns_add);
    sqlite3_reset(c->ns_add);
    if (rc != SQLITE_DONE) {
        fail(c, rc, "adding a namespace");
        return 0;
    }
    return (uint32_t)sqlite3_last_insert_rowid(c->db);
}

int ss_ckpt_get(ss_ckpt *c, uint32_t ns, const void *key, size_t klen, void **val, size_t *vlen, char *err,
                size_t errlen)
{
    sqlite3_bind_int64(c->get, 1, ns);
    sqlite3_bind_blob(c->get, 2, key, (int)klen, SQLITE_STATIC);
    int rc = sqlite3_step(c->get), found = 0;
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(c->get, 0);
        const void *v = sqlite3_column_blob(c->get, 0);
        *val = ss_xmalloc(n + 1);
        if (n)
            memcpy(*val, v, n);
        *vlen = n;
        found = 1;
    } else if (rc != SQLITE_DONE) {
        db_error(c, rc, "reading state", err, errlen);
        found = -1;
    }
    sqlite3_reset(c->get);
    return found;
}

int ss_ckpt_begin(ss_ckpt *c, char *err, size_t errlen)
{
    c->failed_rc = 0;
    c->failure[0] = '\0';
    if (exec(c, "BEGIN", err, errlen))
        return -1;
    c->in_txn = true;
    return 0;
}

void ss_ckpt_put(ss_ckpt *c, uint32_t ns, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (c->failed_rc)
        return;
    sqlite3_bind_int64(c->put, 1, ns);
    sqlite3_bind_blob(c->put, 2, klen ? key : "", (int)klen, SQLITE_STATIC);
    sqlite3_bind_blob(c->put, 3, vlen ? val : "", (int)vlen, SQLITE_STATIC);
    int rc = sqlite3_step(c->put);
    sqlite3_reset(c->put);
    if (rc != SQLITE_DONE)
        fail(c, rc, "writing state");
}

static ns_size *size_of(ss_ckpt *c, uint32_t ns)
{
    if (ns >= c->nsizes) {
        uint32_t n = ns + 16;
        c->sizes = ss_xrealloc(c->sizes, n * sizeof *c->sizes);
        memset(c->sizes + c->nsizes, 0, (n - c->nsizes) * sizeof *c->sizes);
        c->nsizes = n;
    }
    return &c->sizes[ns];
}

static int load_sizes(ss_ckpt *c, char *err, size_t errlen)
{
    static const char *const sql[2] = {"SELECT ns, SUM(items) FROM chunk GROUP BY ns",
                                       "SELECT ns, COUNT(*) FROM delta GROUP BY ns"};
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *st;
        int rc = prepare(c, &st, sql[k], err, errlen);
        if (rc)
            return rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            ns_size *z = size_of(c, (uint32_t)sqlite3_column_int64(st, 0));
            uint64_t n = (uint64_t)sqlite3_column_int64(st, 1);
            if (k == 0)
                z->base = n;
            else
                z->deltas = n;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            db_error(c, rc, "reading the state's size", err, errlen);
            return rc;
        }
    }
    return SQLITE_OK;
}

bool ss_ckpt_wants_full(const ss_ckpt *c, uint32_t ns)
{
    if (ns >= c->nsizes)
        return false;
    return c->sizes[ns].deltas > c->sizes[ns].base / 2 + 4096;
}

static rewrite *rewrite_of(ss_ckpt *c, uint32_t ns)
{
    for (uint32_t i = 0; i < c->nrewrites; i++)
        if (c->rewrites[i].ns == ns)
            return &c->rewrites[i];
    return NULL;
}

void ss_ckpt_rewrite(ss_ckpt *c, uint32_t ns)
{
    if (c->failed_rc || rewrite_of(c, ns))
        return;
    char sql[128];
    snprintf(sql, sizeof sql, "DELETE FROM chunk WHERE ns = %u; DELETE FROM delta WHERE ns = %u", ns, ns);
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        fail(c, rc, "clearing state");
        return;
    }
    c->rewrites = ss_xrealloc(c->rewrites, (c->nrewrites + 1) * sizeof *c->rewrites);
    c->rewrites[c->nrewrites++] = (rewrite){.ns = ns};
    *size_of(c, ns) = (ns_size){0, 0};
}

static int key_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl);

static void put_len(ss_buf *b, size_t n)
{
    uint32_t v = (uint32_t)n;
    ss_buf_append(b, &v, 4);
}

static void gather(rewrite *w, const void *key, size_t klen, const void *val, size_t vlen)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 1024;
        w->offsets = ss_xrealloc(w->offsets, w->cap * sizeof *w->offsets);
    }
    if (w->n && !w->unsorted) {
        const unsigned char *prev = (const unsigned char *)w->items.data + w->offsets[w->n - 1];
        uint32_t plen;
        memcpy(&plen, prev, 4);
        w->unsorted = key_cmp(prev + 4, plen, key, klen) >= 0;
    }
    w->offsets[w->n++] = w->items.len;
    put_len(&w->items, klen);
    ss_buf_append(&w->items, key, klen);
    put_len(&w->items, vlen);
    ss_buf_append(&w->items, val, vlen);
}

static void delta_add(ss_ckpt *c, uint32_t ns, const void *key, size_t klen, const void *val, size_t vlen)
{
    sqlite3_bind_int64(c->delta_add, 1, ns);
    sqlite3_bind_blob(c->delta_add, 2, klen ? key : "", (int)klen, SQLITE_STATIC);
    if (val)
        sqlite3_bind_blob(c->delta_add, 3, vlen ? val : "", (int)vlen, SQLITE_STATIC);
    else
        sqlite3_bind_null(c->delta_add, 3);
    int rc = sqlite3_step(c->delta_add);
    sqlite3_reset(c->delta_add);
    if (rc != SQLITE_DONE)
        fail(c, rc, "writing state");
    else
        size_of(c, ns)->deltas++;
}

static void out_put(void *ctx, const void *key, size_t klen, const void *val, size_t vlen)
{
    ss_ckpt_target *t = ctx;
    if (t->c->failed_rc)
        return;
    rewrite *w = rewrite_of(t->c, t->ns);
    if (w)
        gather(w, key, klen, val, vlen);
    else
        delta_add(t->c, t->ns, key, klen, val, vlen);
}

static void out_del(void *ctx, const void *key, size_t klen)
{
    ss_ckpt_target *t = ctx;
    if (!t->c->failed_rc && !rewrite_of(t->c, t->ns))
        delta_add(t->c, t->ns, key, klen, NULL, 0);
}

ss_state_out ss_ckpt_out(ss_ckpt_target *t)
{
    return (ss_state_out){out_put, out_del, t};
}

/* ---- items in memory, and their order ---------------------------------- */

typedef struct item {
    const unsigned char *key, *val; /* val NULL: deleted */
    uint32_t klen, vlen;
} item;

static int key_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

static int item_cmp(const void *x, const void *y)
{
    const item *a = x, *b = y;
    return key_cmp(a->key, a->klen, b->key, b->klen);
}

/* For items gathered in one buffer in the order they came: equal keys keep
 * that order. */
static int gathered_cmp(const void *x, const void *y)
{
    const item *a = x, *b = y;
    int c = item_cmp(a, b);
    return c ? c : (a->key > b->key) - (a->key < b->key);
}

static uint32_t get_len(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Writes a gathered full save as sorted chunks. */
static void write_base(ss_ckpt *c, rewrite *w)
{
    item *items = ss_xmalloc((w->n + 1) * sizeof *items);
    const unsigned char *base = (const unsigned char *)w->items.data;
    for (size_t i = 0; i < w->n; i++) {
        const unsigned char *p = base + w->offsets[i];
        items[i].klen = get_len(p);
        items[i].key = p + 4;
        items[i].vlen = get_len(p + 4 + items[i].klen);
        items[i].val = p + 8 + items[i].klen;
    }
    /* Operators mostly save in key order already. A key put twice in one
     * save keeps its last value. */
    if (w->unsorted)
        qsort(items, w->n, sizeof *items, gathered_cmp);
    ss_buf chunk = {0};
    uint64_t seq = 0, in_chunk = 0, total = 0;
    for (size_t i = 0; i <= w->n && !c->failed_rc; i++) {
        if (i < w->n && i + 1 < w->n && item_cmp(&items[i], &items[i + 1]) == 0)
            continue;
        if (i < w->n) {
            put_len(&chunk, items[i].klen);
            ss_buf_append(&chunk, items[i].key, items[i].klen);
            put_len(&chunk, items[i].vlen);
            ss_buf_append(&chunk, items[i].val, items[i].vlen);
            in_chunk++;
        }
        if (in_chunk && (chunk.len >= CHUNK_BYTES || i == w->n)) {
            sqlite3_bind_int64(c->chunk_add, 1, w->ns);
            sqlite3_bind_int64(c->chunk_add, 2, (int64_t)seq++);
            sqlite3_bind_int64(c->chunk_add, 3, (int64_t)in_chunk);
            sqlite3_bind_blob(c->chunk_add, 4, chunk.data, (int)chunk.len, SQLITE_STATIC);
            int rc = sqlite3_step(c->chunk_add);
            sqlite3_reset(c->chunk_add);
            if (rc != SQLITE_DONE)
                fail(c, rc, "writing state");
            total += in_chunk;
            in_chunk = 0;
            ss_buf_clear(&chunk);
        }
    }
    size_of(c, w->ns)->base = total;
    ss_buf_free(&chunk);
    free(items);
}

static void finish_rewrites(ss_ckpt *c)
{
    for (uint32_t i = 0; i < c->nrewrites && !c->failed_rc; i++)
        write_base(c, &c->rewrites[i]);
    drop_rewrites(c);
}

/* ---- reading state: the base merged with its deltas --------------------- */

static int damaged_chunk(const ss_ckpt *c, char *err, size_t errlen)
{
    snprintf(err, errlen, "checkpoint %s is damaged: a chunk of state does not decode", c->path);
    return -1;
}

int ss_ckpt_each(ss_ckpt *c, uint32_t ns, ss_ckpt_item_fn fn, void *ctx, char *err, size_t errlen)
{
    /* The deltas, latest per key, sorted: they are few next to the base. */
    ss_buf dbytes = {0};
    item *deltas = NULL;
    size_t nd = 0, dcap = 0;
    sqlite3_bind_int64(c->delta_each, 1, ns);
    int rc;
    while ((rc = sqlite3_step(c->delta_each)) == SQLITE_ROW) {
        size_t kl = (size_t)sqlite3_column_bytes(c->delta_each, 0);
        const void *k = sqlite3_column_blob(c->delta_each, 0);
        bool gone = sqlite3_column_type(c->delta_each, 1) == SQLITE_NULL;
        size_t vl = gone ? 0 : (size_t)sqlite3_column_bytes(c->delta_each, 1);
        const void *v = gone ? NULL : sqlite3_column_blob(c->delta_each, 1);
        if (nd == dcap) {
            dcap = dcap ? dcap * 2 : 256;
            deltas = ss_xrealloc(deltas, dcap * sizeof *deltas);
        }
        /* Offsets for now: dbytes moves as it grows. A byte before each key
         * keeps the keys' addresses strictly rising, empty ones too. */
        ss_buf_putc(&dbytes, 0);
        deltas[nd].klen = (uint32_t)kl;
        deltas[nd].vlen = (uint32_t)vl;
        deltas[nd].key = (const unsigned char *)(uintptr_t)dbytes.len;
        ss_buf_append(&dbytes, k ? k : "", kl);
        deltas[nd].val = gone ? NULL : (const unsigned char *)(uintptr_t)(dbytes.len + 1);
        ss_buf_append(&dbytes, v ? v : "", vl);
        nd++;
    }
    sqlite3_reset(c->delta_each);
    if (rc != SQLITE_DONE) {
        db_error(c, rc, "reading state", err, errlen);
        ss_buf_free(&dbytes);
        free(deltas);
        return -1;
    }
    for (size_t i = 0; i < nd; i++) {
        deltas[i].key = (const unsigned char *)dbytes.data + (uintptr_t)deltas[i].key;
        if (deltas[i].val)
            deltas[i].val = (const unsigned char *)dbytes.data + ((uintptr_t)deltas[i].val - 1);
    }
    /* Read in the order written, into one buffer: by key, equal keys in that
     * order, and the last of each is the one that holds. */
    if (nd)
        qsort(deltas, nd, sizeof *deltas, gathered_cmp);
    size_t nlatest = 0;
    for (size_t i = 0; i < nd; i++)
        if (i + 1 == nd || item_cmp(&deltas[i], &deltas[i + 1]) != 0)
            deltas[nlatest++] = deltas[i];

    size_t di = 0;
    bool go = true, bad = false;
    sqlite3_bind_int64(c->chunk_each, 1, ns);
    while (go && (rc = sqlite3_step(c->chunk_each)) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(c->chunk_each, 0);
        const unsigned char *end = p + sqlite3_column_bytes(c->chunk_each, 0);
        for (int64_t n = sqlite3_column_int64(c->chunk_each, 1); go && n > 0; n--) {
            item b;
            if (end - p < 4 || (b.klen = get_len(p), (size_t)(end - p - 4) < b.klen + 4u) ||
                (b.vlen = get_len(p + 4 + b.klen), (size_t)(end - p - 8 - b.klen) < b.vlen)) {
                bad = true;
                break;
            }
            b.key = p + 4;
            b.val = p + 8 + b.klen;
            p += 8 + b.klen + b.vlen;
            int cmp = 1;
            while (go && di < nlatest && (cmp = item_cmp(&deltas[di], &b)) < 0) {
                const item *d = &deltas[di++];
                if (d->val)
                    go = fn(ctx, d->key, d->klen, d->val, d->vlen);
            }
            if (!go)
                break;
            if (di < nlatest && cmp == 0) {
                const item *d = &deltas[di++];
                if (d->val)
                    go = fn(ctx, d->key, d->klen, d->val, d->vlen);
            } else {
                go = fn(ctx, b.key, b.klen, b.val, b.vlen);
            }
        }
        if (!bad && go && p != end)
            bad = true;
        if (bad)
            break;
    }
    sqlite3_reset(c->chunk_each);
    while (go && !bad && di < nlatest && (rc == SQLITE_DONE || rc == SQLITE_ROW)) {
        const item *d = &deltas[di++];
        if (d->val)
            go = fn(ctx, d->key, d->klen, d->val, d->vlen);
    }
    free(deltas);
    ss_buf_free(&dbytes);
    if (bad)
        return damaged_chunk(c, err, errlen);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_error(c, rc, "reading state", err, errlen);
        return -1;
    }
    return 0;
}

int ss_ckpt_commit(ss_ckpt *c, int64_t now_ms, char *err, size_t errlen)
{
    if (!c->in_txn) {
        snprintf(err, errlen, "checkpoint %s: commit without begin", c->path);
        return -1;
    }
    finish_rewrites(c);
    char v[32];
    snprintf(v, sizeof v, "%llu", (unsigned long long)(c->last + 1));
    if (!c->failed_rc) {
        char e[256];
        if (meta_set(c, "sequence", v, e, sizeof e))
            fail(c, sqlite3_errcode(c->db), "writing meta");
        snprintf(v, sizeof v, "%lld", (long long)now_ms);
        if (!c->failed_rc && meta_set(c, "taken_ms", v, e, sizeof e))
            fail(c, sqlite3_errcode(c->db), "writing meta");
    }
    if (c->failed_rc) {
        snprintf(err, errlen, "%s", c->failure);
        ss_ckpt_abort(c);
        return -1;
    }
    int rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        db_error(c, rc, "commit", err, errlen);
        ss_ckpt_abort(c);
        return -1;
    }
    c->in_txn = false;
    c->last++;
    return 0;
}

void ss_ckpt_abort(ss_ckpt *c)
{
    if (c->in_txn)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    c->in_txn = false;
    drop_rewrites(c);
    /* The sizes in memory may count state that was rolled back. Harmless:
     * a checkpoint is only abandoned before any state is written (a sink not
     * ready) or when the store failed, which stops the run. */
}

uint64_t ss_ckpt_bytes(const ss_ckpt *c)
{
    uint64_t n = 0;
    struct stat st;
    if (stat(c->path, &st) == 0)
        n += (uint64_t)st.st_size;
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", c->path);
    if (stat(wal, &st) == 0)
        n += (uint64_t)st.st_size;
    return n;
}
