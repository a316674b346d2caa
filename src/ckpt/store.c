/* The checkpoint store on SQLite; see store.h.
 *
 * WAL with synchronous=NORMAL: a commit survives the process being killed,
 * which is what checkpoints are for; after a power loss the last commit may
 * be gone, and the one before it is used, which is still consistent because
 * sinks are synced before every commit (never behind a checkpoint). The
 * database is locked exclusively while open: two processes resuming from one
 * checkpoint would each repeat the other's output. */
#include "ckpt/store.h"
#include "util/mem.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMA_VERSION 1
/* The encoding of the items: bumped when any operator's layout changes. */
#define STATE_FORMAT 1

struct ss_ckpt {
    sqlite3 *db;
    char *path;
    uint64_t last;
    sqlite3_stmt *put, *del, *clear, *each, *get, *ns_find, *ns_add;
    bool in_txn;
    int failed_rc; /* first error inside the current checkpoint */
    char failure[256];
};

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
    size_t from = i > 40 ? i - 40 : 0;
    while (from > 0 && from < i && (had[from] & 0xC0) == 0x80)
        from--; /* not in the middle of a UTF-8 sequence */
    int hl = (int)strcspn(had + from, "\n"), nl = (int)strcspn(now + from, "\n");
    snprintf(err, errlen,
             "checkpoint %s belongs to another application, or this one changed since (where it was '%s%.*s', "
             "it is now '%s%.*s'); run with a new checkpoint file to start over",
             c->path, from ? "..." : "", hl > 80 ? 80 : hl, had + from, from ? "..." : "", nl > 80 ? 80 : nl,
             now + from);
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
    return rc;
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
             "CREATE TABLE IF NOT EXISTS item(ns INTEGER NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL,"
             " PRIMARY KEY(ns, key)) WITHOUT ROWID;",
             err, errlen) ||
        check_or_init_meta(c, identity, err, errlen) || exec(c, "COMMIT", err, errlen)) {
        ss_ckpt_close(c);
        return NULL;
    }
    if (prepare(c, &c->put, "INSERT OR REPLACE INTO item(ns, key, value) VALUES (?1, ?2, ?3)", err, errlen) ||
        prepare(c, &c->del, "DELETE FROM item WHERE ns = ?1 AND key = ?2", err, errlen) ||
        prepare(c, &c->clear, "DELETE FROM item WHERE ns = ?1", err, errlen) ||
        prepare(c, &c->each, "SELECT key, value FROM item WHERE ns = ?1 ORDER BY key", err, errlen) ||
        prepare(c, &c->get, "SELECT value FROM item WHERE ns = ?1 AND key = ?2", err, errlen) ||
        prepare(c, &c->ns_find, "SELECT id FROM ns WHERE name = ?1", err, errlen) ||
        prepare(c, &c->ns_add, "INSERT INTO ns(name) VALUES (?1)", err, errlen)) {
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
    sqlite3_stmt *sts[] = {c->put, c->del, c->clear, c->each, c->get, c->ns_find, c->ns_add};
    for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++)
        sqlite3_finalize(sts[i]);
    sqlite3_close(c->db);
    free(c->path);
    free(c);
}

uint64_t ss_ckpt_last(const ss_ckpt *c)
{
    return c->last;
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

int ss_ckpt_each(ss_ckpt *c, uint32_t ns, ss_ckpt_item_fn fn, void *ctx, char *err, size_t errlen)
{
    sqlite3_bind_int64(c->each, 1, ns);
    int rc;
    while ((rc = sqlite3_step(c->each)) == SQLITE_ROW) {
        const void *k = sqlite3_column_blob(c->each, 0);
        size_t kl = (size_t)sqlite3_column_bytes(c->each, 0);
        const void *v = sqlite3_column_blob(c->each, 1);
        size_t vl = (size_t)sqlite3_column_bytes(c->each, 1);
        if (!fn(ctx, k ? k : "", kl, v ? v : "", vl)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(c->each);
    if (rc != SQLITE_DONE) {
        db_error(c, rc, "reading state", err, errlen);
        return -1;
    }
    return 0;
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

void ss_ckpt_del(ss_ckpt *c, uint32_t ns, const void *key, size_t klen)
{
    if (c->failed_rc)
        return;
    sqlite3_bind_int64(c->del, 1, ns);
    sqlite3_bind_blob(c->del, 2, klen ? key : "", (int)klen, SQLITE_STATIC);
    int rc = sqlite3_step(c->del);
    sqlite3_reset(c->del);
    if (rc != SQLITE_DONE)
        fail(c, rc, "deleting state");
}

void ss_ckpt_clear(ss_ckpt *c, uint32_t ns)
{
    if (c->failed_rc)
        return;
    sqlite3_bind_int64(c->clear, 1, ns);
    int rc = sqlite3_step(c->clear);
    sqlite3_reset(c->clear);
    if (rc != SQLITE_DONE)
        fail(c, rc, "clearing state");
}

static void out_put(void *ctx, const void *key, size_t klen, const void *val, size_t vlen)
{
    ss_ckpt_target *t = ctx;
    ss_ckpt_put(t->c, t->ns, key, klen, val, vlen);
}

static void out_del(void *ctx, const void *key, size_t klen)
{
    ss_ckpt_target *t = ctx;
    ss_ckpt_del(t->c, t->ns, key, klen);
}

ss_state_out ss_ckpt_out(ss_ckpt_target *t)
{
    return (ss_state_out){out_put, out_del, t};
}

int ss_ckpt_commit(ss_ckpt *c, int64_t now_ms, char *err, size_t errlen)
{
    if (!c->in_txn) {
        snprintf(err, errlen, "checkpoint %s: commit without begin", c->path);
        return -1;
    }
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
