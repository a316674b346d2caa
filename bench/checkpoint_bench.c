/* Checkpoint benchmark (issue 6): for 10k, 100k and 1M open group keys of a
 * tumbling GROUP BY (COUNT, SUM, AVG, MIN, MAX per key), the time and size
 * of a full checkpoint into the SQLite store, of an incremental one after 1%
 * of the keys changed, and of a full restore into a new operator. This is
 * the path a checkpoint of `streamsql run --checkpoint` takes for operator
 * state; the positions and counters it also writes are a few small items.
 *
 * usage: streamsql-checkpoint-bench [--keys N]... [--dir DIR] */
#include "ckpt/store.h"
#include "exec/groupwin.h"
#include "compiled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char app_sql[] =
    "CREATE STREAM S (K BIGINT, V INTEGER, X DOUBLE) WITH (FILE = '-');\n"
    "CREATE STREAM OUT (W TIMESTAMP, K BIGINT, N BIGINT, TOTAL BIGINT, MEAN DOUBLE, LO INTEGER, HI INTEGER);\n"
    "CREATE PUMP P AS INSERT INTO OUT\n"
    "  SELECT STREAM STEP(S.ROWTIME BY INTERVAL '1' HOUR), K, COUNT(*), SUM(V), AVG(X), MIN(V), MAX(V)\n"
    "  FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '1' HOUR);\n";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *err)
{
    fprintf(stderr, "streamsql-checkpoint-bench: %s: %s\n", what, err);
    exit(1);
}

/* Adds one row to key k at time t: what changes a group. */
static void add_row(ss_groupwin *g, const ss_query *q, int64_t t, int64_t k, uint64_t *rnd)
{
    *rnd = *rnd * 6364136223846793005ULL + 1442695040888963407ULL;
    ss_value keys[2] = {ss_int(k), ss_int(k)};
    keys[q->window_key] = ss_null();
    ss_value args[5] = {ss_null(), ss_int((int64_t)(*rnd >> 44)), ss_dbl((double)(*rnd >> 11) * 0x1p-53),
                        ss_int((int64_t)(*rnd >> 40)), ss_int((int64_t)(*rnd >> 40))};
    char msg[200];
    if (!ss_groupwin_add(g, t, keys, args, ss_origin_none(), msg))
        die("add", msg);
}

static bool count_item(void *ctx, const void *key, size_t klen, const void *val, size_t vlen)
{
    (void)key, (void)klen, (void)val, (void)vlen;
    ++*(uint64_t *)ctx;
    return true;
}

static bool restore_item(void *ctx, const void *key, size_t klen, const void *val, size_t vlen)
{
    char msg[200];
    if (!ss_groupwin_restore(ctx, key, klen, val, vlen, msg, sizeof msg))
        die("restore", msg);
    return true;
}

static void bench(const ss_query *q, uint64_t nkeys, const char *dir)
{
    char path[4096], err[512];
    snprintf(path, sizeof path, "%s/bench-%llu.db", dir, (unsigned long long)nkeys);
    unlink(path);
    char side[4200];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    ss_ckpt *c = ss_ckpt_open(path, "checkpoint bench", err, sizeof err);
    if (!c)
        die("open", err);
    uint32_t ns = ss_ckpt_ns(c, "pump P: groups");
    ss_ckpt_target target = {c, ns};
    ss_state_out out = ss_ckpt_out(&target);

    ss_groupwin *g = ss_groupwin_new(q);
    uint64_t rnd = 42;
    int64_t t = 1767225600000LL;
    for (uint64_t k = 0; k < nkeys; k++)
        add_row(g, q, t, (int64_t)k, &rnd);

    double t0 = now_ms();
    if (ss_ckpt_begin(c, err, sizeof err))
        die("begin", err);
    ss_ckpt_rewrite(c, ns);
    ss_groupwin_save(g, &out, true);
    if (ss_ckpt_commit(c, 0, err, sizeof err))
        die("commit", err);
    double full_ms = now_ms() - t0;
    uint64_t full_bytes = ss_ckpt_bytes(c);

    /* 1% of the keys get a row; the incremental checkpoint writes them. */
    double inc_ms = 0;
    const int rounds = 5;
    for (int r = 0; r < rounds; r++) {
        for (uint64_t i = 0; i < nkeys / 100; i++)
            add_row(g, q, t + 1 + r, (int64_t)((i * 7919 + (uint64_t)r * 104729) % nkeys), &rnd);
        t0 = now_ms();
        if (ss_ckpt_begin(c, err, sizeof err))
            die("begin", err);
        ss_groupwin_save(g, &out, false);
        if (ss_ckpt_commit(c, 0, err, sizeof err))
            die("commit", err);
        inc_ms += now_ms() - t0;
    }
    inc_ms /= rounds;
    ss_ckpt_close(c);
    ss_groupwin_free(g);

    /* Reading alone, to tell the store's share of a restore from the operator's. */
    t0 = now_ms();
    c = ss_ckpt_open(path, "checkpoint bench", err, sizeof err);
    if (!c)
        die("reopen", err);
    uint64_t items = 0;
    if (ss_ckpt_each(c, ss_ckpt_ns(c, "pump P: groups"), count_item, &items, err, sizeof err))
        die("read", err);
    ss_ckpt_close(c);
    double read_ms = now_ms() - t0;

    /* Restore, as a restarted process does: open, read, rebuild. */
    t0 = now_ms();
    c = ss_ckpt_open(path, "checkpoint bench", err, sizeof err);
    if (!c)
        die("reopen", err);
    ns = ss_ckpt_ns(c, "pump P: groups");
    g = ss_groupwin_new(q);
    if (ss_ckpt_each(c, ns, restore_item, g, err, sizeof err))
        die("read", err);
    char msg[200];
    if (!ss_groupwin_restored(g, msg, sizeof msg))
        die("restored", msg);
    double restore_ms = now_ms() - t0;
    ss_groupwin_stats st;
    ss_groupwin_stats_get(g, &st);
    if (st.groups != nkeys) {
        fprintf(stderr, "restored %llu groups, expected %llu\n", (unsigned long long)st.groups,
                (unsigned long long)nkeys);
        exit(1);
    }
    ss_groupwin_free(g);
    ss_ckpt_close(c);
    printf("%8llu keys  full %8.1f ms  %7.1f MiB (%5.1f B/key)  incremental 1%% %7.1f ms  restore %8.1f ms "
           "(reading alone %.1f ms)\n",
           (unsigned long long)nkeys, full_ms, (double)full_bytes / 1048576.0, (double)full_bytes / (double)nkeys,
           inc_ms, restore_ms, read_ms);
    fflush(stdout);
    unlink(path);
    unlink(side);
}

int main(int argc, char **argv)
{
    uint64_t keys[16];
    int nkeys = 0;
    const char *dir = ".";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--keys") == 0 && i + 1 < argc && nkeys < 16)
            keys[nkeys++] = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            dir = argv[++i];
        else {
            fprintf(stderr, "usage: streamsql-checkpoint-bench [--keys N]... [--dir DIR]\n");
            return 2;
        }
    }
    if (!nkeys) {
        keys[nkeys++] = 10000;
        keys[nkeys++] = 100000;
        keys[nkeys++] = 1000000;
    }
    compiled comp;
    ss_app *app = compile_app(&comp, "bench.sql", app_sql);
    if (!app)
        return 1;
    for (int i = 0; i < nkeys; i++)
        bench(app->pumps[0]->q, keys[i], dir);
    compiled_free(&comp);
    return 0;
}
