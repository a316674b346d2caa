/* Checkpoints of a running application (SPEC section 6).
 *
 * The runtime is single-threaded, so between two source steps the whole
 * graph is at rest: no row is half-way through a pump, and every row a
 * source has taken from its input is either out in a sink or held in some
 * state (a reorder or merge buffer, an open window, a sliding frame). A
 * checkpoint taken there is a consistent cut without any barrier protocol:
 * sinks are flushed and synced and their ends noted, then every source's
 * position and watermark, every stream's, every operator's state, in one
 * SQLite transaction. Restoring puts all of it back and cuts each output
 * back to its noted end, so the output of the run that follows, added to
 * what was kept, is the output of a run that never stopped.
 *
 * Operators save incrementally (exec/state.h): the first checkpoint of a
 * process writes every item, later ones only what changed, until the store
 * finds the changes have piled up and asks for a full save again. */
#include "ckpt/store.h"
#include "exec/rt.h"
#include "util/codec.h"
#include "util/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct ss_rt_ckpt {
    ss_ckpt *store;
    char *path;
    bool resuming;
    bool saved_once; /* operators have written everything once: incremental from now */
    int64_t last_ms;
    /* namespaces */
    uint32_t ns_rt;
    uint32_t *ns_source, *ns_stream, *ns_pump, *ns_sink;
    uint32_t *ns_groups; /* per pump */
    uint32_t **ns_over;  /* per pump, per OVER window */
    /* measurements, for the summary and the benchmarks */
    uint64_t taken, longest_us, total_us, last_us;
    ss_buf scratch;
} ss_rt_ckpt;

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- identity: what must not change between a checkpoint and its restore */

/* The SQL without comments and with every run of white space as one space,
 * so that reformatting or commenting an application keeps its checkpoint. */
static void normalized_sql(const char *p, size_t n, ss_buf *out)
{
    const char *end = p + n;
    size_t start = out->len;
    bool space = false;
    while (p < end) {
        if (*p == '-' && p + 1 < end && p[1] == '-') {
            while (p < end && *p != '\n')
                p++;
            space = true;
        } else if (*p == '/' && p + 1 < end && p[1] == '*') {
            p += 2;
            while (p + 1 < end && !(p[0] == '*' && p[1] == '/'))
                p++;
            p = p + 2 <= end ? p + 2 : end;
            space = true;
        } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
            space = true;
        } else if (*p == '\'' || *p == '"') {
            char q = *p;
            if (space && out->len > start)
                ss_buf_putc(out, ' ');
            space = false;
            const char *from = p++;
            while (p < end && !(*p == q && !(p + 1 < end && p[1] == q)))
                p += *p == q ? 2 : 1;
            p = p < end ? p + 1 : end;
            ss_buf_append(out, from, (size_t)(p - from));
        } else {
            if (space && out->len > start)
                ss_buf_putc(out, ' ');
            space = false;
            ss_buf_putc(out, *p++);
        }
    }
}

/* The application's SQL, and where its inputs and outputs are: a checkpoint
 * of positions in one file means nothing in another. */
static void identity(const ss_rt *rt, ss_buf *out)
{
    const ss_app *app = rt->app;
    ss_buf_puts(out, "sql: ");
    normalized_sql(app->src->text, app->src->len, out);
    ss_buf_putc(out, '\n');
    for (uint32_t i = 0; i < app->nstreams; i++) {
        const ss_stream *s = app->streams[i];
        const char *path = ss_rt_output_path(&rt->opts, s);
        if (path)
            ss_buf_printf(out, "output %s: %s\n", s->name, path);
        else if (s->role == SS_ROLE_SOURCE || s->role == SS_ROLE_SINK)
            ss_buf_printf(out, "%s %s: %s\n", s->role == SS_ROLE_SOURCE ? "input" : "output", s->name,
                          s->binding.target ? s->binding.target : "");
    }
    ss_buf_printf(out, "errors: %s\n", rt->opts.errors_path ? rt->opts.errors_path : "-");
}

int ss_rt_ckpt_open(ss_rt *rt, const char *path, bool *resuming, char *err, size_t errlen)
{
    ss_buf id = {0};
    identity(rt, &id);
    ss_ckpt *store = ss_ckpt_open(path, ss_buf_cstr(&id), err, errlen);
    ss_buf_free(&id);
    if (!store)
        return -1;
    ss_rt_ckpt *c = ss_xcalloc(1, sizeof *c);
    c->store = store;
    c->path = ss_xstrdup(path);
    c->resuming = ss_ckpt_last(store) > 0;
    rt->ckpt = c;
    *resuming = c->resuming;
    return 0;
}

uint64_t ss_rt_ckpt_output_id(const ss_rt *rt)
{
    return ss_ckpt_id(rt->ckpt->store);
}

void ss_rt_ckpt_close(ss_rt *rt)
{
    ss_rt_ckpt *c = rt->ckpt;
    if (!c)
        return;
    ss_ckpt_close(c->store);
    for (uint32_t i = 0; c->ns_over && i < rt->npumps; i++)
        free(c->ns_over[i]);
    free(c->ns_over);
    free(c->ns_source);
    free(c->ns_stream);
    free(c->ns_pump);
    free(c->ns_sink);
    free(c->ns_groups);
    ss_buf_free(&c->scratch);
    free(c->path);
    free(c);
    rt->ckpt = NULL;
}

static void name_namespaces(ss_rt *rt)
{
    ss_rt_ckpt *c = rt->ckpt;
    char name[300];
    c->ns_rt = ss_ckpt_ns(c->store, "runtime");
    c->ns_source = ss_xcalloc(rt->nsources + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < rt->nsources; i++) {
        snprintf(name, sizeof name, "source %s", rt->sources[i].def->name);
        c->ns_source[i] = ss_ckpt_ns(c->store, name);
    }
    c->ns_stream = ss_xcalloc(rt->nstreams + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < rt->nstreams; i++) {
        snprintf(name, sizeof name, "stream %s", rt->streams[i].def->name);
        c->ns_stream[i] = ss_ckpt_ns(c->store, name);
    }
    c->ns_sink = ss_xcalloc(rt->nsinks + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < rt->nsinks; i++) {
        snprintf(name, sizeof name, "sink %s", rt->sinks[i].def->name);
        c->ns_sink[i] = ss_ckpt_ns(c->store, name);
    }
    c->ns_pump = ss_xcalloc(rt->npumps + 1, sizeof(uint32_t));
    c->ns_groups = ss_xcalloc(rt->npumps + 1, sizeof(uint32_t));
    c->ns_over = ss_xcalloc(rt->npumps + 1, sizeof(uint32_t *));
    for (uint32_t i = 0; i < rt->npumps; i++) {
        ss_rt_pump *p = &rt->pumps[i];
        snprintf(name, sizeof name, "pump %s", p->def->name);
        c->ns_pump[i] = ss_ckpt_ns(c->store, name);
        if (p->gw) {
            snprintf(name, sizeof name, "pump %s: groups", p->def->name);
            c->ns_groups[i] = ss_ckpt_ns(c->store, name);
        }
        if (p->sl) {
            c->ns_over[i] = ss_xcalloc(p->q->novers + 1, sizeof(uint32_t));
            for (uint32_t w = 0; w < p->q->novers; w++) {
                snprintf(name, sizeof name, "pump %s: window %u", p->def->name, w);
                c->ns_over[i][w] = ss_ckpt_ns(c->store, name);
            }
        }
    }
}

/* ---- the error stream: a file is cut back like a sink's ---------------- */

static bool rewindable_fd(int fd)
{
    struct stat st;
    return fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

int ss_rt_fd_mark(int fd, int64_t *end, const char *what, char *err, size_t errlen)
{
    *end = -1;
    if (!rewindable_fd(fd))
        return 0;
    if (fdatasync(fd) != 0) {
        snprintf(err, errlen, "cannot sync %s: %s", what, strerror(errno));
        return -1;
    }
    off_t off = lseek(fd, 0, SEEK_CUR);
    if (off < 0) {
        snprintf(err, errlen, "cannot tell the end of %s: %s", what, strerror(errno));
        return -1;
    }
    *end = (int64_t)off;
    return 0;
}

int ss_rt_fd_rewind(int fd, int64_t end, const char *what, char *err, size_t errlen)
{
    if (end < 0)
        return 0;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s is no longer a regular file: it cannot be continued from the checkpoint", what);
        return -1;
    }
    if (st.st_size < end) {
        snprintf(err, errlen,
                 "%s is shorter (%lld bytes) than at the checkpoint (%lld): it was changed outside streamsql",
                 what, (long long)st.st_size, (long long)end);
        return -1;
    }
    if (ftruncate(fd, (off_t)end) != 0 || lseek(fd, (off_t)end, SEEK_SET) < 0) {
        snprintf(err, errlen, "cannot cut %s back to its checkpoint: %s", what, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- items of the runtime, sources, streams, pumps, sinks --------------- */

#define KEY(s) (s), (sizeof(s) - 1)

static void put_counters(ss_buf *b, const uint64_t *errors)
{
    for (int k = 0; k < SS_ERR__COUNT; k++)
        ss_put_u64(b, errors[k]);
}

static void get_counters(ss_reader *r, uint64_t *errors)
{
    for (int k = 0; k < SS_ERR__COUNT; k++)
        errors[k] = ss_get_u64(r);
}

static int save_runtime(ss_rt *rt, char *err, size_t errlen)
{
    ss_rt_ckpt *c = rt->ckpt;
    ss_buf *b = &c->scratch;
    int64_t errors_end = -1;
    if (rt->own_err_fd && ss_rt_fd_mark(rt->err_fd, &errors_end, rt->opts.errors_path, err, errlen))
        return -1;
    ss_buf_clear(b);
    put_counters(b, rt->errors);
    ss_put_u64(b, rt->eval_truncations);
    ss_put_i64(b, errors_end);
    ss_ckpt_put(c->store, c->ns_rt, KEY("runtime"), b->data, b->len);
    return 0;
}

static int save_source(ss_rt *rt, uint32_t i, char *err, size_t errlen)
{
    ss_rt_ckpt *c = rt->ckpt;
    ss_rt_source *s = &rt->sources[i];
    ss_buf *b = &c->scratch;
    ss_buf_clear(b);
    if (s->drv->save(s, b, err, errlen))
        return -1;
    ss_ckpt_put(c->store, c->ns_source[i], KEY("position"), b->data, b->len);
    ss_buf_clear(b);
    ss_put_i64(b, s->wm);
    ss_put_u64(b, s->done);
    ss_put_u64(b, s->records);
    ss_put_u64(b, s->accepted);
    ss_put_u64(b, s->truncations);
    put_counters(b, s->errors);
    ss_put_u64(b, s->nparts);
    for (uint32_t p = 0; p < s->nparts; p++) {
        ss_put_i64(b, s->parts[p].max_rowtime);
        ss_put_i64(b, s->parts[p].replay_wm);
        ss_put_u64(b, (uint64_t)s->parts[p].active | (uint64_t)s->parts[p].catching_up << 1);
    }
    ss_ckpt_put(c->store, c->ns_source[i], KEY("watermark"), b->data, b->len);
    ss_buf_clear(b);
    if (s->reorder)
        ss_rowbuf_save(s->reorder, b);
    ss_ckpt_put(c->store, c->ns_source[i], KEY("reorder"), b->data, b->len);
    return 0;
}

static void save_stream(ss_rt *rt, uint32_t i)
{
    ss_rt_ckpt *c = rt->ckpt;
    ss_rt_stream *s = &rt->streams[i];
    ss_buf *b = &c->scratch;
    ss_buf_clear(b);
    ss_put_i64(b, s->wm);
    ss_put_u64(b, s->rows);
    ss_put_u64(b, s->nwriters);
    for (uint32_t w = 0; s->writer_wm && w < s->nwriters; w++)
        ss_put_i64(b, s->writer_wm[w]);
    ss_ckpt_put(c->store, c->ns_stream[i], KEY("watermark"), b->data, b->len);
    if (s->merge) {
        ss_buf_clear(b);
        ss_rowbuf_save(s->merge, b);
        ss_ckpt_put(c->store, c->ns_stream[i], KEY("merge"), b->data, b->len);
    }
}

/* What the checkpoint does with one kind of operator: how many items it
 * holds now, saving them, taking them back one by one, finishing. */
typedef struct op_kind {
    uint64_t (*live)(void *op);
    void (*save)(void *op, const ss_state_out *out, bool full);
    bool (*item)(void *op, const void *key, size_t klen, const void *val, size_t vlen, char *msg, size_t msglen);
    bool (*restored)(void *op, char *msg, size_t msglen);
} op_kind;

static uint64_t groupwin_live(void *op)
{
    ss_groupwin_stats st;
    ss_groupwin_stats_get(op, &st);
    return st.groups;
}

static void groupwin_save(void *op, const ss_state_out *out, bool full)
{
    ss_groupwin_save(op, out, full);
}

static bool groupwin_item(void *op, const void *key, size_t klen, const void *val, size_t vlen, char *msg,
                          size_t msglen)
{
    return ss_groupwin_restore(op, key, klen, val, vlen, msg, msglen);
}

static bool groupwin_restored(void *op, char *msg, size_t msglen)
{
    return ss_groupwin_restored(op, msg, msglen);
}

static uint64_t sliding_live(void *op)
{
    return ss_sliding_partitions(op);
}

static void sliding_save(void *op, const ss_state_out *out, bool full)
{
    ss_sliding_save(op, out, full);
}

static bool sliding_item(void *op, const void *key, size_t klen, const void *val, size_t vlen, char *msg,
                         size_t msglen)
{
    return ss_sliding_restore(op, key, klen, val, vlen, msg, msglen);
}

static bool sliding_restored(void *op, char *msg, size_t msglen)
{
    return ss_sliding_restored(op, msg, msglen);
}

static const op_kind groupwin_kind = {groupwin_live, groupwin_save, groupwin_item, groupwin_restored};
static const op_kind sliding_kind = {sliding_live, sliding_save, sliding_item, sliding_restored};

static void save_operator(ss_rt_ckpt *c, uint32_t ns, const op_kind *kind, void *op, bool full)
{
    ss_ckpt_target t = {c->store, ns};
    /* Emptied (the end of the input flushes every window): saying so whole
     * is free, deleting each item that went is not. */
    bool whole = full || kind->live(op) == 0 || ss_ckpt_wants_full(c->store, ns);
    if (whole)
        ss_ckpt_rewrite(c->store, ns);
    ss_state_out out = ss_ckpt_out(&t);
    kind->save(op, &out, whole);
}

static void save_pump(ss_rt *rt, uint32_t i, bool full)
{
    ss_rt_ckpt *c = rt->ckpt;
    ss_rt_pump *p = &rt->pumps[i];
    ss_buf *b = &c->scratch;
    ss_buf_clear(b);
    ss_put_u64(b, p->rows_in);
    ss_put_u64(b, p->rows_out);
    ss_put_u64(b, p->ctx.truncations);
    ss_put_i64(b, p->distinct_end);
    ss_put_bytes(b, p->distinct_rows.data ? p->distinct_rows.data : "", p->distinct_rows.len);
    ss_ckpt_put(c->store, c->ns_pump[i], KEY("pump"), b->data, b->len);
    if (p->gw)
        save_operator(c, c->ns_groups[i], &groupwin_kind, p->gw, full);
    for (uint32_t w = 0; p->sl && w < p->q->novers; w++)
        save_operator(c, c->ns_over[i][w], &sliding_kind, p->sl[w], full);
}

/* -1 failed, 1 not now (the sink could not deliver everything in time). */
static int save_sink(ss_rt *rt, uint32_t i, char *err, size_t errlen)
{
    ss_rt_ckpt *c = rt->ckpt;
    ss_rt_sink *k = &rt->sinks[i];
    ss_buf *b = &c->scratch;
    ss_buf_clear(b);
    ss_put_u64(b, k->rows);
    int rc = k->drv->mark(k, b, err, errlen);
    if (rc)
        return rc;
    ss_ckpt_put(c->store, c->ns_sink[i], KEY("end"), b->data, b->len);
    return 0;
}

bool ss_rt_ckpt_due(const ss_rt *rt)
{
    return rt->ckpt && rt->now_ms - rt->ckpt->last_ms >= rt->opts.checkpoint_interval_ms;
}

int ss_rt_ckpt_take(ss_rt *rt, char *err, size_t errlen)
{
    ss_rt_ckpt *c = rt->ckpt;
    int64_t t0 = mono_us();
    /* Outputs first: what the checkpoint says is out must be on disk. */
    for (uint32_t i = 0; i < rt->nsinks; i++)
        ss_rt_sink_flush(&rt->sinks[i]);
    ss_rt_flush_errors(rt);
    for (uint32_t i = 0; i < rt->nsinks; i++)
        if (rt->sinks[i].failed) {
            snprintf(err, errlen, "%s", rt->sinks[i].failure);
            return -1;
        }
    if (ss_ckpt_begin(c->store, err, errlen))
        return -1;
    bool full = !c->saved_once;
    int rc = save_runtime(rt, err, errlen);
    for (uint32_t i = 0; !rc && i < rt->nsinks; i++)
        rc = save_sink(rt, i, err, errlen);
    for (uint32_t i = 0; !rc && i < rt->nsources; i++)
        rc = save_source(rt, i, err, errlen);
    if (rc) {
        ss_ckpt_abort(c->store);
        if (rc > 0) {
            /* Postponed to the next interval; the operators have saved
             * nothing yet, so their changes stay pending for it. */
            c->last_ms = rt->now_ms;
            if (!rt->opts.quiet)
                fprintf(stderr, "streamsql: warning: checkpoint postponed: %s\n", err);
            return 0;
        }
        return -1;
    }
    for (uint32_t i = 0; i < rt->nstreams; i++)
        save_stream(rt, i);
    for (uint32_t i = 0; i < rt->npumps; i++)
        save_pump(rt, i, full);
    if (ss_ckpt_commit(c->store, rt->now_ms, err, errlen))
        return -1;
    c->saved_once = true;
    c->last_ms = rt->now_ms;
    uint64_t us = (uint64_t)(mono_us() - t0);
    c->taken++;
    c->total_us += us;
    c->last_us = us;
    if (us > c->longest_us)
        c->longest_us = us;
    return 0;
}

/* ---- restore ------------------------------------------------------------- */

typedef struct loader {
    ss_rt_ckpt *c;
    char *err;
    size_t errlen;
    void *buf;
    size_t len;
} loader;

/* The value of item `key` of namespace ns in l->buf; missing is damage. */
static int load(loader *l, uint32_t ns, const char *key, const char *what)
{
    free(l->buf);
    l->buf = NULL;
    int found = ss_ckpt_get(l->c->store, ns, key, strlen(key), &l->buf, &l->len, l->err, l->errlen);
    if (found == 0)
        snprintf(l->err, l->errlen, "checkpoint %s is damaged: the %s of %s is missing", l->c->path, key, what);
    return found == 1 ? 0 : -1;
}

static int damaged(loader *l, const char *key, const char *what)
{
    snprintf(l->err, l->errlen, "checkpoint %s is damaged: the %s of %s does not decode", l->c->path, key, what);
    return -1;
}

static int restore_runtime(ss_rt *rt, loader *l)
{
    if (load(l, l->c->ns_rt, "runtime", "the runtime"))
        return -1;
    ss_reader r = ss_reader_of(l->buf, l->len);
    get_counters(&r, rt->errors);
    rt->eval_truncations = ss_get_u64(&r);
    int64_t errors_end = ss_get_i64(&r);
    if (!ss_reader_done(&r))
        return damaged(l, "runtime", "the runtime");
    if (rt->own_err_fd)
        return ss_rt_fd_rewind(rt->err_fd, errors_end, rt->opts.errors_path, l->err, l->errlen);
    return 0;
}

static int restore_source(ss_rt *rt, uint32_t i, loader *l)
{
    ss_rt_source *s = &rt->sources[i];
    uint32_t ns = l->c->ns_source[i];
    char what[300];
    snprintf(what, sizeof what, "source %s", s->def->name);
    if (load(l, ns, "position", what))
        return -1;
    ss_reader r = ss_reader_of(l->buf, l->len);
    if (s->drv->restore(s, &r, l->err, l->errlen))
        return -1;
    if (!ss_reader_done(&r))
        return damaged(l, "position", what);
    if (load(l, ns, "watermark", what))
        return -1;
    r = ss_reader_of(l->buf, l->len);
    s->wm = ss_get_i64(&r);
    bool done = ss_get_u64(&r) != 0;
    s->records = ss_get_u64(&r);
    s->accepted = ss_get_u64(&r);
    s->truncations = ss_get_u64(&r);
    get_counters(&r, s->errors);
    uint64_t nparts = ss_get_u64(&r);
    if (r.bad || nparts > (uint64_t)(r.end - r.p))
        return damaged(l, "watermark", what);
    ss_src_set_parts(s, (uint32_t)nparts);
    for (uint32_t p = 0; p < nparts; p++) {
        ss_src_part *part = &s->parts[p];
        part->max_rowtime = ss_get_i64(&r);
        part->replay_wm = ss_get_i64(&r);
        uint64_t flags = ss_get_u64(&r);
        part->active = flags & 1;
        part->catching_up = (flags >> 1) & 1;
        part->last_seen_ms = rt->now_ms; /* idleness restarts with the process */
    }
    if (!ss_reader_done(&r))
        return damaged(l, "watermark", what);
    if (load(l, ns, "reorder", what))
        return -1;
    if (l->len && (!s->reorder || !ss_rowbuf_restore(s->reorder, l->buf, l->len)))
        return damaged(l, "reorder buffer", what);
    if (done) {
        /* The input had ended and everything flushed before the checkpoint. */
        s->done = true;
        s->wm = INT64_MAX;
    }
    return 0;
}

static int restore_stream(ss_rt *rt, uint32_t i, loader *l)
{
    ss_rt_stream *s = &rt->streams[i];
    uint32_t ns = l->c->ns_stream[i];
    char what[300];
    snprintf(what, sizeof what, "stream %s", s->def->name);
    if (load(l, ns, "watermark", what))
        return -1;
    ss_reader r = ss_reader_of(l->buf, l->len);
    s->wm = ss_get_i64(&r);
    s->rows = ss_get_u64(&r);
    uint64_t nwriters = ss_get_u64(&r);
    if (nwriters != s->nwriters)
        return damaged(l, "watermark", what);
    for (uint32_t w = 0; s->writer_wm && w < s->nwriters; w++)
        s->writer_wm[w] = ss_get_i64(&r);
    if (!ss_reader_done(&r))
        return damaged(l, "watermark", what);
    if (s->merge) {
        if (load(l, ns, "merge", what))
            return -1;
        if (l->len && !ss_rowbuf_restore(s->merge, l->buf, l->len))
            return damaged(l, "merge buffer", what);
    }
    return 0;
}

typedef struct op_loader {
    const op_kind *kind;
    void *op;
    char msg[200];
    bool ok;
} op_loader;

static bool op_item(void *ctx, const void *key, size_t klen, const void *val, size_t vlen)
{
    op_loader *o = ctx;
    o->ok = o->kind->item(o->op, key, klen, val, vlen, o->msg, sizeof o->msg);
    return o->ok;
}

static int restore_operator(loader *l, uint32_t ns, const op_kind *kind, void *op, const char *what)
{
    op_loader o = {kind, op, "", true};
    if (ss_ckpt_each(l->c->store, ns, op_item, &o, l->err, l->errlen))
        return -1;
    if (!o.ok || !kind->restored(op, o.msg, sizeof o.msg)) {
        snprintf(l->err, l->errlen, "checkpoint %s is damaged: the state of %s does not decode (%s)", l->c->path,
                 what, o.msg);
        return -1;
    }
    return 0;
}

static int restore_pump(ss_rt *rt, uint32_t i, loader *l)
{
    ss_rt_pump *p = &rt->pumps[i];
    char what[300];
    snprintf(what, sizeof what, "pump %s", p->def->name);
    if (load(l, l->c->ns_pump[i], "pump", what))
        return -1;
    ss_reader r = ss_reader_of(l->buf, l->len);
    p->rows_in = ss_get_u64(&r);
    p->rows_out = ss_get_u64(&r);
    p->ctx.truncations = ss_get_u64(&r);
    p->distinct_end = ss_get_i64(&r);
    size_t n;
    const void *rows = ss_get_bytes(&r, &n);
    if (!ss_reader_done(&r))
        return damaged(l, "pump", what);
    ss_buf_clear(&p->distinct_rows);
    ss_buf_append(&p->distinct_rows, rows ? rows : "", n);
    if (p->gw && restore_operator(l, l->c->ns_groups[i], &groupwin_kind, p->gw, what))
        return -1;
    for (uint32_t w = 0; p->sl && w < p->q->novers; w++)
        if (restore_operator(l, l->c->ns_over[i][w], &sliding_kind, p->sl[w], what))
            return -1;
    return 0;
}

static int restore_sink(ss_rt *rt, uint32_t i, loader *l)
{
    ss_rt_sink *k = &rt->sinks[i];
    char what[300];
    snprintf(what, sizeof what, "output %s", k->def->name);
    if (load(l, l->c->ns_sink[i], "end", what))
        return -1;
    ss_reader r = ss_reader_of(l->buf, l->len);
    k->rows = ss_get_u64(&r);
    if (r.bad)
        return damaged(l, "end", what);
    if (k->drv->rewind(k, &r, l->err, l->errlen))
        return -1;
    if (!ss_reader_done(&r))
        return damaged(l, "end", what);
    return 0;
}

/* Every source and sink must be able to take part, or exactly-once would
 * silently not hold: refused before any row is read. */
static int check_support(ss_rt *rt, char *err, size_t errlen)
{
    for (uint32_t i = 0; i < rt->nsources; i++) {
        ss_rt_source *s = &rt->sources[i];
        if (!s->drv->save) {
            snprintf(err, errlen, "--checkpoint: stream %s: this source cannot be checkpointed", s->def->name);
            return -1;
        }
        ss_buf pos = {0};
        int rc = s->drv->save(s, &pos, err, errlen);
        ss_buf_free(&pos);
        if (rc)
            return -1;
    }
    for (uint32_t i = 0; i < rt->nsinks; i++) {
        ss_rt_sink *k = &rt->sinks[i];
        if (!k->drv->mark) {
            snprintf(err, errlen, "--checkpoint: stream %s: this sink cannot be checkpointed", k->def->name);
            return -1;
        }
    }
    return 0;
}

int ss_rt_ckpt_restore(ss_rt *rt, char *err, size_t errlen)
{
    ss_rt_ckpt *c = rt->ckpt;
    c->last_ms = rt->now_ms;
    if (check_support(rt, err, errlen))
        return -1;
    name_namespaces(rt);
    if (!c->resuming)
        return 0;
    loader l = {c, err, errlen, NULL, 0};
    /* Outputs are cut back last: a checkpoint that does not read back whole
     * leaves them as they were. */
    int rc = 0;
    for (uint32_t i = 0; !rc && i < rt->nsources; i++)
        rc = restore_source(rt, i, &l);
    for (uint32_t i = 0; !rc && i < rt->nstreams; i++)
        rc = restore_stream(rt, i, &l);
    for (uint32_t i = 0; !rc && i < rt->npumps; i++)
        rc = restore_pump(rt, i, &l);
    rc = rc ? rc : restore_runtime(rt, &l);
    for (uint32_t i = 0; !rc && i < rt->nsinks; i++)
        rc = restore_sink(rt, i, &l);
    free(l.buf);
    if (!rc && !rt->opts.quiet) {
        bool stdout_sink = false;
        for (uint32_t i = 0; i < rt->nsinks; i++)
            stdout_sink = stdout_sink || (rt->sinks[i].path && strcmp(rt->sinks[i].path, "-") == 0);
        fprintf(stderr, "streamsql: resuming from checkpoint %llu of %s\n",
                (unsigned long long)ss_ckpt_last(c->store), c->path);
        if (stdout_sink)
            fputs("streamsql: note: stdout cannot be cut back: rows printed after that checkpoint are printed "
                  "again\n",
                  stderr);
    }
    return rc;
}

bool ss_rt_ckpt_stats_get(const ss_rt *rt, ss_rt_ckpt_stats *st)
{
    const ss_rt_ckpt *c = rt->ckpt;
    if (!c)
        return false;
    *st = (ss_rt_ckpt_stats){c->taken, c->last_us, c->longest_us, ss_ckpt_bytes(c->store)};
    return true;
}

void ss_rt_ckpt_summary(const ss_rt *rt, char *out, size_t outlen)
{
    const ss_rt_ckpt *c = rt->ckpt;
    if (!c) {
        out[0] = '\0';
        return;
    }
    snprintf(out, outlen, "  checkpoints %llu (last #%llu in %s, %.1f KiB), longest %.1f ms, mean %.1f ms\n",
             (unsigned long long)c->taken, (unsigned long long)ss_ckpt_last(c->store), c->path,
             (double)ss_ckpt_bytes(c->store) / 1024.0, (double)c->longest_us / 1000.0,
             c->taken ? (double)c->total_us / 1000.0 / (double)c->taken : 0.0);
}
