/* The Kinesis source: every shard of the stream is a partition of the core,
 * read with GetRecords in turn, one call per step, so the engine never waits
 * on more than one HTTP call. Without a ROWTIME column, ROWTIME is the
 * record's ApproximateArrivalTimestamp, which is also the
 * APPROXIMATE_ARRIVAL_TIME column (as in KDA).
 *
 * Limits and failures are per shard: a shard is called at most 5 times a
 * second; a retriable failure puts that shard's next call off (exponential
 * backoff with jitter) while the others go on; an expired iterator is
 * replaced by one AFTER_SEQUENCE_NUMBER of the last record read. Resharding:
 * a shard starts only once its parent(s) are read to their end, so a key's
 * records come in order across a split or a merge; new shards are found by
 * listing the shards again every LIST_EVERY_MS.
 *
 * Positions: a row's origin offset is a record counter of this source; the
 * sequence numbers of the last RING records are kept to name them in error
 * records. A checkpoint holds every known shard in listing order (a shard's
 * index is its partition's), its state and the sequence number of the last
 * record read; a restored shard goes on AFTER_SEQUENCE_NUMBER of it. A shard
 * that had nothing read yet under STARTING_POSITION = 'LATEST' goes on
 * AT_TIMESTAMP of the first run's start, where LATEST was taken, so that what
 * came between the runs is read. */
#include "exec/rt.h"
#include "io/kinesis_client.h"
#include "util/codec.h"
#include "util/mem.h"
#include "util/prom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_EVERY_MS 10000
#define CALL_GAP_MS 200      /* 5 GetRecords calls per second per shard */
#define CAUGHT_UP_GAP_MS 500 /* nothing new: ask again a little later */
#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 10000
#define WARN_BACKOFF_MS 1600 /* five failures in a row */
#define RING 65536           /* sequence numbers kept for error positions */
#define RING_SEQ 64          /* the API allows 129 digits; real ones have 56 */

typedef enum { SH_WAITING, SH_READING, SH_DONE } shard_state;

typedef struct kshard {
    ss_kinesis_shard info; /* part index = index in kinesis_src.shards */
    shard_state state;
    char iterator[SS_KINESIS_ITERATOR_SIZE]; /* "": get one first */
    char last_seq[SS_KINESIS_SEQ_SIZE];      /* last record read; "": none */
    int64_t next_call_ms;
    int64_t backoff_ms;
    int64_t millis_behind; /* MillisBehindLatest of the last answer, for metrics; -1: none yet */
    bool caught_up; /* the last call had no records and MillisBehindLatest 0 */
    bool at_start;  /* listed when the run started: STARTING_POSITION applies */
    bool warned;    /* one warning per run of retriable failures */
} kshard;

typedef struct seq_slot {
    uint64_t offset;
    uint32_t part;
    char seq[RING_SEQ]; /* "" when the number did not fit */
} seq_slot;

typedef struct kinesis_src {
    ss_kinesis *client;
    const char *stream;
    kshard *shards;
    uint32_t nshards, cap;
    uint32_t rr; /* round robin: the shard to look at first */
    int64_t next_list_ms;
    bool listed;      /* the listing is current (no shard ended since) */
    bool listed_once; /* shards listed later were made by a reshard during the run */
    uint64_t next_offset;
    seq_slot *ring;
    int64_t started_ms; /* wall clock of the first run's start: where LATEST was */
    bool resumed;       /* restored from a checkpoint */
    ss_kinesis_records recs;
    ss_kinesis_shards listing;
    uint64_t rng;
} kinesis_src;

static uint64_t next_rand(kinesis_src *k)
{
    k->rng ^= k->rng << 13;
    k->rng ^= k->rng >> 7;
    k->rng ^= k->rng << 17;
    return k->rng;
}

/* The application fails for good: what happened and where, never a secret
 * (the client's messages hold none). */
static void fail(ss_rt_source *s, const ss_kinesis_error *e)
{
    if (s->rt->failed)
        return;
    s->rt->failed = true;
    snprintf(s->rt->failure, sizeof s->rt->failure, "stream %s: kinesis stream %s: %.160s", s->def->name,
             s->def->binding.target, e->msg);
}

static int find_shard(const kinesis_src *k, const char *id)
{
    for (uint32_t i = 0; i < k->nshards; i++)
        if (strcmp(k->shards[i].info.id, id) == 0)
            return (int)i;
    return -1;
}

/* Lists the shards (only those after the last known one, after the first
 * listing: resharding makes shards with greater ids) and adds the new ones. */
static ss_kinesis_rc list(ss_rt_source *s, ss_kinesis_error *err)
{
    kinesis_src *k = s->impl;
    const char *after = k->nshards ? k->shards[k->nshards - 1].info.id : NULL;
    ss_kinesis_rc rc = ss_kinesis_list_shards(k->client, k->stream, after, 0, &k->listing, err);
    if (rc != SS_KINESIS_OK)
        return rc;
    for (size_t i = 0; i < k->listing.n; i++) {
        if (find_shard(k, k->listing.items[i].id) >= 0)
            continue;
        SS_GROW(k->shards, k->cap, k->nshards + 1);
        kshard *sh = &k->shards[k->nshards++];
        memset(sh, 0, sizeof *sh);
        sh->millis_behind = -1;
        sh->info = k->listing.items[i];
        sh->state = SH_WAITING;
        sh->at_start = !k->listed_once;
        ss_src_set_parts(s, k->nshards);
        s->parts[k->nshards - 1].active = false; /* until it starts */
    }
    k->listed = k->listed_once = true;
    return SS_KINESIS_OK;
}

/* A parent still to be read to its end: one we know of and have not done.
 * A parent no longer listed (past retention) has nothing left to read. */
static bool parent_pending(const kinesis_src *k, const char *id)
{
    if (!id[0])
        return false;
    int p = find_shard(k, id);
    return p >= 0 && k->shards[p].state != SH_DONE;
}

/* Starts the shards whose parents are done. A child's watermark starts where
 * its parents' ended: its rows are the continuation of theirs. */
static void start_shards(ss_rt_source *s)
{
    kinesis_src *k = s->impl;
    for (uint32_t i = 0; i < k->nshards; i++) {
        kshard *sh = &k->shards[i];
        if (sh->state != SH_WAITING || parent_pending(k, sh->info.parent) ||
            parent_pending(k, sh->info.adjacent_parent))
            continue;
        sh->state = SH_READING;
        sh->next_call_ms = s->rt->now_ms;
        ss_src_part *p = &s->parts[i];
        p->active = true;
        p->last_seen_ms = s->rt->now_ms;
        p->behind = true; /* until a call finds it caught up */
        const char *parents[2] = {sh->info.parent, sh->info.adjacent_parent};
        for (int j = 0; j < 2; j++) {
            int pi = parents[j][0] ? find_shard(k, parents[j]) : -1;
            if (pi < 0)
                continue;
            if (s->parts[pi].max_rowtime > p->max_rowtime)
                p->max_rowtime = s->parts[pi].max_rowtime;
            /* The parent held the watermark from its end until now: its
             * children were not known yet, and their rows come after its. */
            s->parts[pi].active = false;
        }
    }
}

static void backoff(kinesis_src *k, kshard *sh, int64_t now)
{
    sh->backoff_ms = sh->backoff_ms ? sh->backoff_ms * 2 : BACKOFF_MIN_MS;
    if (sh->backoff_ms > BACKOFF_MAX_MS)
        sh->backoff_ms = BACKOFF_MAX_MS;
    /* "Equal jitter": half fixed, half random, so that shards (and other
     * readers) throttled together do not come back together. */
    int64_t half = sh->backoff_ms / 2;
    sh->next_call_ms = now + half + (int64_t)(next_rand(k) % (uint64_t)(half + 1));
}

static void retriable(ss_rt_source *s, kshard *sh, const ss_kinesis_error *e)
{
    kinesis_src *k = s->impl;
    backoff(k, sh, s->rt->now_ms);
    ss_src_set_behind(s, (uint32_t)(sh - k->shards), true); /* unreadable, not idle */
    /* Throttling now and then is normal: say so only when it lasts. */
    if (!sh->warned && sh->backoff_ms >= WARN_BACKOFF_MS) {
        fprintf(stderr, "streamsql: warning: stream %s: shard %s: %s (retrying)\n", s->def->name, sh->info.id, e->msg);
        sh->warned = true;
    }
}

static void remember(kinesis_src *k, uint64_t offset, uint32_t part, const char *seq)
{
    if (!k->ring)
        k->ring = ss_xcalloc(RING, sizeof(seq_slot));
    seq_slot *slot = &k->ring[offset % RING];
    slot->offset = offset;
    slot->part = part;
    size_t n = strlen(seq);
    if (n < RING_SEQ)
        memcpy(slot->seq, seq, n + 1);
    else
        slot->seq[0] = 0;
}

/* One GetRecords call on shard i (an iterator first if it has none). */
static size_t read_shard(ss_rt_source *s, uint32_t i)
{
    kinesis_src *k = s->impl;
    kshard *sh = &k->shards[i];
    int64_t now = s->rt->now_ms;
    ss_kinesis_error err;
    if (!sh->iterator[0]) {
        ss_kinesis_position pos = {SS_KINESIS_TRIM_HORIZON, NULL, 0};
        if (sh->last_seq[0]) {
            pos.type = SS_KINESIS_AFTER_SEQUENCE_NUMBER;
            pos.sequence = sh->last_seq;
        } else if (s->def->binding.start == SS_START_LATEST && sh->at_start) {
            /* LATEST for the shards there at the start; children of a reshard
             * during the run are read whole, or their first records would be lost.
             * After a restore, LATEST is where it was at the first start. */
            pos.type = k->resumed ? SS_KINESIS_AT_TIMESTAMP : SS_KINESIS_LATEST;
            pos.timestamp_ms = k->started_ms;
        }
        ss_kinesis_rc rc = ss_kinesis_get_shard_iterator(k->client, k->stream, sh->info.id, &pos, sh->iterator, &err);
        if (rc == SS_KINESIS_RETRY || rc == SS_KINESIS_EXPIRED) {
            sh->iterator[0] = 0;
            retriable(s, sh, &err);
            return 1;
        }
        if (rc != SS_KINESIS_OK) {
            fail(s, &err);
            return 1;
        }
    }
    ss_kinesis_rc rc = ss_kinesis_get_records(k->client, sh->iterator, SS_KINESIS_GET_MAX_RECORDS, &k->recs, &err);
    if (rc == SS_KINESIS_EXPIRED) {
        sh->iterator[0] = 0; /* a new one, after the last record read */
        sh->next_call_ms = now;
        return 1;
    }
    if (rc == SS_KINESIS_RETRY) {
        retriable(s, sh, &err);
        return 1;
    }
    if (rc != SS_KINESIS_OK) {
        fail(s, &err);
        return 1;
    }
    if (sh->warned)
        fprintf(stderr, "streamsql: stream %s: shard %s readable again\n", s->def->name, sh->info.id);
    sh->warned = false;
    sh->backoff_ms = 0;
    for (size_t r = 0; r < k->recs.n; r++) {
        const ss_kinesis_record *rec = &k->recs.items[r];
        uint64_t off = k->next_offset++;
        remember(k, off, i, rec->sequence);
        ss_src_record(s, i, off, rec->data, rec->len, rec->arrival_ms ? rec->arrival_ms : now);
    }
    if (k->recs.n)
        snprintf(sh->last_seq, sizeof sh->last_seq, "%s", k->recs.items[k->recs.n - 1].sequence);
    /* Records in an answer say nothing of what is left (kinesalite's
     * MillisBehindLatest is always 0): only an empty answer at the tip is
     * caught up. */
    sh->caught_up = k->recs.n == 0 && k->recs.millis_behind == 0;
    sh->millis_behind = k->recs.millis_behind;
    ss_src_set_behind(s, i, !sh->caught_up && !k->recs.shard_end);
    if (k->recs.shard_end) {
        /* Read to its end. Its children follow: list them at once. Until one
         * starts, the shard's part stays active and holds the watermark (up
         * to IDLE_TIMEOUT), or the others' rows could make the children's late. */
        sh->state = SH_DONE;
        sh->iterator[0] = 0;
        k->next_list_ms = now;
        k->listed = false; /* STOP_AT_END: not at the end before the children are known */
        start_shards(s);
    } else {
        memcpy(sh->iterator, k->recs.next_iterator, sizeof sh->iterator);
        sh->next_call_ms = now + (k->recs.n == 0 && k->recs.millis_behind == 0 ? CAUGHT_UP_GAP_MS : CALL_GAP_MS);
    }
    /* Rows were decoded pointing into the answer: release before the next call.
     */
    ss_src_release(s);
    return k->recs.n + 1;
}

static bool all_read(const ss_rt_source *s)
{
    const kinesis_src *k = s->impl;
    if (!k->listed || !k->nshards)
        return false;
    for (uint32_t i = 0; i < k->nshards; i++) {
        const kshard *sh = &k->shards[i];
        if (sh->state == SH_WAITING || (sh->state == SH_READING && !sh->caught_up))
            return false;
    }
    return true;
}

static int kinesis_open(ss_rt_source *s, char *err, size_t errlen)
{
    kinesis_src *k = ss_xcalloc(1, sizeof *k);
    s->impl = k;
    k->stream = s->def->binding.target;
    k->started_ms = ss_rt_clock_ms();
    k->rng = (uint64_t)k->started_ms * 0x9E3779B97F4A7C15ull | 1;
    s->parts[0].active = false; /* shards come with the listing */
    ss_kinesis_config cfg = {s->def->binding.kinesis_endpoint, s->def->binding.kinesis_region, 0, 0};
    ss_kinesis_error e;
    k->client = ss_kinesis_new(&cfg, &e);
    if (!k->client) {
        snprintf(err, errlen, "stream %s: kinesis stream %s: %s", s->def->name, k->stream, e.msg);
        return -1;
    }
    /* The stream must exist: a missing one or bad credentials fail the run
     * now; a throttled listing is tried again from step. */
    ss_kinesis_rc rc = list(s, &e);
    if (rc == SS_KINESIS_FATAL) {
        snprintf(err, errlen, "stream %s: kinesis stream %s: %s", s->def->name, k->stream, e.msg);
        return -1;
    }
    k->next_list_ms = s->rt->now_ms + (rc == SS_KINESIS_OK ? LIST_EVERY_MS : BACKOFF_MIN_MS);
    start_shards(s);
    return 0;
}

static size_t kinesis_step(ss_rt_source *s)
{
    kinesis_src *k = s->impl;
    int64_t now = s->rt->now_ms;
    if (now >= k->next_list_ms) {
        ss_kinesis_error e;
        ss_kinesis_rc rc = list(s, &e);
        if (rc == SS_KINESIS_FATAL) {
            fail(s, &e);
            return 1;
        }
        if (rc != SS_KINESIS_OK)
            fprintf(stderr, "streamsql: warning: stream %s: %s (retrying)\n", s->def->name, e.msg);
        k->next_list_ms = now + LIST_EVERY_MS;
        start_shards(s);
    }
    size_t did = 0;
    for (uint32_t n = 0; n < k->nshards; n++) {
        uint32_t i = (k->rr + n) % k->nshards;
        kshard *sh = &k->shards[i];
        if (sh->state != SH_READING || sh->next_call_ms > now)
            continue;
        k->rr = i + 1;
        did = read_shard(s, i);
        break;
    }
    if (s->def->binding.stop_at_end && !s->rt->failed && all_read(s)) {
        ss_src_end(s);
        return 1;
    }
    return did;
}

static void kinesis_wait(ss_rt_source *s, struct pollfd *fds, uint32_t *n, uint32_t max, int *timeout)
{
    (void)fds, (void)n, (void)max;
    kinesis_src *k = s->impl;
    int64_t now = ss_rt_clock_ms();
    int64_t next = k->next_list_ms;
    for (uint32_t i = 0; i < k->nshards; i++)
        if (k->shards[i].state == SH_READING && k->shards[i].next_call_ms < next)
            next = k->shards[i].next_call_ms;
    int64_t t = next - now;
    if (t < 0)
        t = 0;
    if (*timeout < 0 || t < *timeout)
        *timeout = (int)t;
}

static void kinesis_close(ss_rt_source *s)
{
    kinesis_src *k = s->impl;
    if (!k)
        return;
    ss_kinesis_free(k->client);
    ss_kinesis_records_free(&k->recs);
    ss_kinesis_shards_free(&k->listing);
    free(k->shards);
    free(k->ring);
    free(k);
    s->impl = NULL;
}

static void kinesis_position(const ss_rt_source *s, ss_origin o, ss_err_position *pos)
{
    const kinesis_src *k = s->impl;
    pos->kind = SS_POS_KINESIS;
    pos->name = s->def->binding.target;
    pos->shard = k && o.part < k->nshards ? k->shards[o.part].info.id : NULL;
    pos->sequence = NULL; /* no longer known: written as null */
    if (k && k->ring) {
        const seq_slot *slot = &k->ring[o.offset % RING];
        if (slot->offset == o.offset && slot->part == o.part && slot->seq[0])
            pos->sequence = slot->seq;
    }
}

static void put_text(ss_buf *b, const char *text)
{
    ss_put_bytes(b, text, strlen(text));
}

/* Copies a saved text into dst (size bytes); false if it does not fit. */
static bool get_text(ss_reader *r, char *dst, size_t size)
{
    size_t n;
    const void *p = ss_get_bytes(r, &n);
    if (r->bad || n >= size)
        return false;
    memcpy(dst, p, n);
    dst[n] = 0;
    return true;
}

static int kinesis_save(ss_rt_source *s, ss_buf *pos, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    const kinesis_src *k = s->impl;
    ss_put_i64(pos, k->started_ms);
    ss_put_u64(pos, k->next_offset);
    ss_put_u64(pos, k->nshards);
    for (uint32_t i = 0; i < k->nshards; i++) {
        const kshard *sh = &k->shards[i];
        put_text(pos, sh->info.id);
        put_text(pos, sh->info.parent);
        put_text(pos, sh->info.adjacent_parent);
        put_text(pos, sh->last_seq);
        ss_put_u64(pos, (uint64_t)sh->state | (uint64_t)sh->at_start << 2);
    }
    return 0;
}

/* The shards as they were, in the same order; shards made since are found by
 * the next listing, which asks only for ids after the last one known. */
static int kinesis_restore(ss_rt_source *s, ss_reader *pos, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    kinesis_src *k = s->impl;
    k->started_ms = ss_get_i64(pos);
    k->next_offset = ss_get_u64(pos);
    uint64_t n = ss_get_u64(pos);
    if (pos->bad || n > (uint64_t)(pos->end - pos->p))
        return 0; /* reported as damage by the caller */
    k->nshards = 0;
    for (uint32_t i = 0; i < n; i++) {
        SS_GROW(k->shards, k->cap, k->nshards + 1);
        kshard *sh = &k->shards[k->nshards];
        memset(sh, 0, sizeof *sh);
        sh->millis_behind = -1;
        if (!get_text(pos, sh->info.id, sizeof sh->info.id) ||
            !get_text(pos, sh->info.parent, sizeof sh->info.parent) ||
            !get_text(pos, sh->info.adjacent_parent, sizeof sh->info.adjacent_parent) ||
            !get_text(pos, sh->last_seq, sizeof sh->last_seq)) {
            pos->bad = true;
            return 0;
        }
        uint64_t flags = ss_get_u64(pos);
        sh->state = (shard_state)(flags & 3);
        sh->at_start = (flags >> 2) & 1;
        if (sh->state > SH_DONE) {
            pos->bad = true;
            return 0;
        }
        k->nshards++;
    }
    /* The listing at open may have found more shards: the checkpoint's are
     * the parts, and the next listing adds the others after them. */
    uint32_t nparts = k->nshards ? k->nshards : 1;
    ss_src_set_parts(s, nparts);
    s->nparts = nparts;
    for (uint32_t i = 0; i < k->nshards; i++) {
        kshard *sh = &k->shards[i];
        sh->next_call_ms = s->rt->now_ms;
        if (sh->state == SH_READING)
            ss_src_set_behind(s, i, true); /* until a call finds it caught up */
    }
    k->resumed = k->listed_once = true;
    k->listed = false; /* STOP_AT_END: not at the end before a listing */
    k->next_list_ms = s->rt->now_ms;
    return 0;
}

static const ss_prom_family F_BEHIND = {"streamsql_kinesis_millis_behind_latest", "gauge",
                                        "MillisBehindLatest of the shard's last GetRecords answer: how far "
                                        "behind the tip of the shard its reading is, in milliseconds"};

/* The last answer's value per shard being read: kept from the GetRecords
 * calls the source makes anyway, no call of its own. */
static void kinesis_metrics(const ss_rt_source *s, ss_prom *p)
{
    const kinesis_src *k = s->impl;
    for (uint32_t i = 0; i < k->nshards; i++) {
        const kshard *sh = &k->shards[i];
        if (sh->state != SH_READING || sh->millis_behind < 0)
            continue;
        const char *l[] = {"stream", s->def->name, "shard", sh->info.id, NULL};
        ss_prom_i64(p, &F_BEHIND, l, sh->millis_behind);
    }
}

const ss_source_driver ss_kinesis_source = {
    kinesis_open, kinesis_step,    kinesis_wait,   ss_src_no_delivery, kinesis_close, kinesis_position, false,
    kinesis_save, kinesis_restore, kinesis_metrics,
};
