/* The Kafka source: a consumer in a consumer group, consuming in batches.
 * Each partition is a partition of the core, so the watermark is the minimum
 * over assigned, non-idle partitions and survives rebalances. Without a
 * ROWTIME column, ROWTIME is the message's timestamp (CreateTime, or
 * LogAppendTime if the topic says so).
 *
 * Offsets are committed only for records whose results are out: a record's
 * results are out once the watermark has passed its ROWTIME by the longest
 * time any window downstream can hold it (its "span"), and the sinks have
 * delivered everything produced so far. At the end, everything is out.
 *
 * A commit also records, in its metadata, the watermark W of the moment:
 * every result of this partition's rows up to W is out. When a rebalance
 * moves a partition, its old owner commits and drops the partition's state;
 * the new owner reads from the committed offset, treats rows up to W as
 * replays (they rebuild state; the results they lead to are not written
 * again), and so the output stays exact. That holds when each group's rows
 * live in one partition: the topic keyed by the GROUP BY key (docs/KAFKA.md). */
#include "exec/rt.h"
#include "io/kafka.h"
#include "util/mem.h"
#include "util/prom.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UNBOUNDED_SPAN INT64_MAX

typedef struct mark { /* after this offset, rows of the partition up to max_rowtime */
    int64_t next_offset;
    int64_t max_rowtime;
} mark;

typedef struct kpart {
    int64_t next_offset;    /* after the last message handed to the core; -1: none */
    int64_t committed;      /* last committed next offset; -1: none yet */
    int64_t first_read;     /* offset of the first message read since assignment; -1: none */
    int64_t lost_wm;        /* the watermark when the assignment was lost; INT64_MIN: not lost */
    mark *marks;
    uint32_t nmarks, cap;
} kpart;

typedef struct kafka_src {
    rd_kafka_t *rk;
    rd_kafka_queue_t *queue;
    ss_kafka_trouble trouble;
    rd_kafka_message_t *msgs[SS_BATCH];
    int wake[2];            /* librdkafka writes here when messages arrive */
    kpart *kp;
    uint32_t nkp;
    int64_t span;
    int64_t last_commit_ms;
    bool assigned;
    uint32_t assignments; /* ASSIGN callbacks so far: each ends a rebalance */
    bool closing; /* the run is over: revokes from closing the consumer only commit */
    bool commit_on_close; /* the results are delivered (not a failed run) */
    bool all_out;         /* ...and every window flushed: every position can go */
    bool quiet_commit_errors; /* retrying: one warning at the end is enough */
    /* With --checkpoint the checkpoint holds the positions and the state of
     * every partition, so this process reads them all itself (no group
     * membership to move them elsewhere) and commits nothing. */
    bool checkpointed;
} kafka_src;

static kpart *kpart_of(ss_rt_source *s, int32_t partition)
{
    kafka_src *k = s->impl;
    uint32_t n = (uint32_t)partition + 1;
    if (n > k->nkp) {
        k->kp = ss_xrealloc(k->kp, sizeof(kpart) * n);
        for (uint32_t i = k->nkp; i < n; i++)
            k->kp[i] = (kpart){-1, -1, -1, INT64_MIN, NULL, 0, 0};
        k->nkp = n;
    }
    if (n > s->nparts)
        ss_src_set_parts(s, n);
    return &k->kp[partition];
}

/* How long after a row's ROWTIME the windows downstream of stream st may still
 * hold it: the sum along the longest chain of pumps. */
static int64_t span_from(const ss_stream *st, int depth)
{
    int64_t worst = 0;
    for (uint32_t r = 0; r < st->nreaders && depth < 64; r++) {
        const ss_query *q = st->readers[r]->q;
        int64_t own = 0;
        switch (q->window) {
        case SS_WIN_TUMBLE: own = q->calendar ? 366LL * 86400000 : q->size_ms; break;
        case SS_WIN_HOP:
        case SS_WIN_STAGGER: own = q->size_ms; break;
        case SS_WIN_SESSION: own = UNBOUNDED_SPAN; break;
        case SS_WIN_NONE: break;
        }
        for (uint32_t w = 0; w < q->novers; w++) {
            int64_t o = q->overs[w].frame == SS_FRAME_RANGE ? q->overs[w].range_ms : UNBOUNDED_SPAN;
            if (o > own)
                own = o;
        }
        int64_t next = span_from(st->readers[r]->into, depth + 1);
        int64_t total = own == UNBOUNDED_SPAN || next == UNBOUNDED_SPAN ? UNBOUNDED_SPAN : own + next;
        if (total > worst)
            worst = total;
    }
    return worst;
}

#define WM_META "streamsql-wm:"

static int64_t parse_wm(const rd_kafka_topic_partition_t *e)
{
    size_t n = strlen(WM_META);
    if (!e->metadata || e->metadata_size <= n || memcmp(e->metadata, WM_META, n) != 0)
        return INT64_MIN;
    char buf[32];
    size_t len = e->metadata_size - n < sizeof buf - 1 ? e->metadata_size - n : sizeof buf - 1;
    memcpy(buf, (const char *)e->metadata + n, len);
    buf[len] = 0;
    return strtoll(buf, NULL, 10);
}

typedef enum commit_wait {
    COMMIT_ASYNC,   /* periodic: the next one covers a failure */
    COMMIT_SYNC,    /* inside the rebalance callback: the group waits for it */
    COMMIT_SERVING, /* outside it: a rebalance may start, and waits for us to
                     * serve it, so serve it while waiting (a plain sync commit
                     * would deadlock with the group) */
} commit_wait;

/* Waits for the result of a commit made on q, serving the group protocol. */
static rd_kafka_resp_err_t commit_result(kafka_src *k, rd_kafka_queue_t *q)
{
    for (int waited_ms = 0; waited_ms < 30000; waited_ms += 100) {
        rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 100);
        if (ev) {
            rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
            rd_kafka_event_destroy(ev);
            return e;
        }
        rd_kafka_message_t *m = rd_kafka_consumer_poll(k->rk, 0);
        if (m)
            rd_kafka_message_destroy(m); /* the run is over: read again by whoever goes on */
    }
    return RD_KAFKA_RESP_ERR__TIMED_OUT;
}

/* Commits, for every assigned partition (or only `only`, >= 0), the offset
 * after the last record whose results are out (every record's when `all`),
 * with the watermark the commit is true for. */
static rd_kafka_resp_err_t commit(ss_rt_source *s, bool all, commit_wait wait, int32_t only)
{
    kafka_src *k = s->impl;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)k->nkp);
    for (uint32_t p = 0; p < k->nkp; p++) {
        kpart *kp = &k->kp[p];
        if (p >= s->nparts || !s->parts[p].active || (only >= 0 && (int32_t)p != only))
            continue;
        int64_t upto = kp->committed;
        if (all) {
            if (kp->next_offset >= 0)
                upto = kp->next_offset;
            kp->nmarks = 0;
        } else {
            /* Out: the rows the watermark has passed by the span. No
             * watermark yet (a partition without rows holds it): none. */
            int64_t out_upto;
            bool any_out = s->wm != INT64_MIN && k->span != UNBOUNDED_SPAN &&
                           !__builtin_sub_overflow(s->wm, k->span, &out_upto);
            uint32_t used = 0;
            while (any_out && used < kp->nmarks && kp->marks[used].max_rowtime <= out_upto) {
                upto = kp->marks[used].next_offset;
                used++;
            }
            if (used) {
                memmove(kp->marks, kp->marks + used, sizeof(mark) * (kp->nmarks - used));
                kp->nmarks -= used;
            }
        }
        /* Nothing fully out yet: the position this owner started from still
         * goes, with the watermark, so that a new owner replays from there. */
        if (upto < 0)
            upto = kp->first_read;
        if (upto < 0)
            continue; /* nothing read and nothing committed: nothing to say yet */
        rd_kafka_topic_partition_t *e = rd_kafka_topic_partition_list_add(l, s->def->binding.target, (int32_t)p);
        e->offset = upto;
        /* At the end every result is out: a later reader has nothing to replay. */
        if (!all) {
            char meta[48];
            int len = snprintf(meta, sizeof meta, WM_META "%lld", (long long)s->wm);
            e->metadata = ss_xstrndup(meta, (size_t)len);
            e->metadata_size = (size_t)len;
        }
        kp->committed = upto;
    }
    rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (l->cnt) {
        if (wait == COMMIT_SERVING) {
            rd_kafka_queue_t *q = rd_kafka_queue_new(k->rk);
            e = rd_kafka_commit_queue(k->rk, l, q, NULL, NULL);
            if (!e)
                e = commit_result(k, q);
            rd_kafka_queue_destroy(q);
        } else {
            e = rd_kafka_commit(k->rk, l, wait == COMMIT_ASYNC);
        }
        if (e == RD_KAFKA_RESP_ERR__NO_OFFSET)
            e = RD_KAFKA_RESP_ERR_NO_ERROR;
        if (e && !k->quiet_commit_errors)
            fprintf(stderr, "streamsql: warning: stream %s: committing offsets (%s, %d partition(s), first %d): %s\n",
                    s->def->name, all ? "final" : only >= 0 ? "hand-off" : "periodic", l->cnt,
                    l->elems[0].partition, rd_kafka_err2str(e));
    }
    rd_kafka_topic_partition_list_destroy(l);
    return e;
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts,
                         void *opaque)
{
    ss_rt_source *s = ((ss_kafka_trouble *)opaque)->owner;
    kafka_src *k = s->impl;
    bool cooperative = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS)
        k->assignments++;
    if (k->closing) {
        /* The run is over and every result is out. A commit made while a
         * rebalance was starting may have been refused; this one, inside the
         * revoke, is the group's to accept before anyone reads on. New
         * partitions are taken only to be handed back on close. */
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            if (cooperative)
                rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, parts));
            else
                rd_kafka_assign(rk, parts);
            return;
        }
        if (k->commit_on_close && !rd_kafka_assignment_lost(rk))
            commit(s, k->all_out, COMMIT_SYNC, -1);
        if (cooperative)
            rd_kafka_error_destroy(rd_kafka_incremental_unassign(rk, parts));
        else
            rd_kafka_assign(rk, NULL);
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        /* Where the previous owner left off, and the watermark it had. */
        rd_kafka_topic_partition_list_t *c = rd_kafka_topic_partition_list_copy(parts);
        rd_kafka_resp_err_t ce = rd_kafka_committed(rk, c, 10000);
        for (int i = 0; i < c->cnt; i++) {
            int32_t p = c->elems[i].partition;
            kpart *kp = kpart_of(s, p);
            kp->nmarks = 0;
            kp->next_offset = kp->first_read = -1;
            kp->committed = !ce && c->elems[i].offset >= 0 ? c->elems[i].offset : -1;
            /* Back after losing it: what this process wrote up to its own
             * watermark then is out, even if no commit could say so. A member
             * that owned it since and wrote more has committed more. */
            int64_t replay_wm = ce ? INT64_MIN : parse_wm(&c->elems[i]);
            if (kp->lost_wm > replay_wm)
                replay_wm = kp->lost_wm;
            kp->lost_wm = INT64_MIN;
            ss_src_take_part(s, (uint32_t)p, replay_wm);
        }
        rd_kafka_topic_partition_list_destroy(c);
        k->assigned = true;
        if (cooperative)
            rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, parts));
        else
            rd_kafka_assign(rk, parts);
        return;
    }
    /* Revoked: every result so far is delivered, the position and watermark
     * are committed, and what this process holds of the partitions goes.
     * Lost (the group moved on without us, e.g. after a session timeout or a
     * commit from an old generation): no commit is possible. If the partition
     * comes back to us, we know how far our results went; another new owner
     * starts from our last commit, and results since then may come twice. */
    bool lost = rd_kafka_assignment_lost(rk);
    if (lost) {
        fprintf(stderr,
                "streamsql: warning: stream %s: %d kafka partition(s) lost to a rebalance; results since the last "
                "commit may be produced again if another member takes them\n",
                s->def->name, parts->cnt);
    } else if (ss_rt_drain_sinks(s->rt, 30000) == 0) {
        for (int i = 0; i < parts->cnt; i++)
            commit(s, false, COMMIT_SYNC, parts->elems[i].partition);
    } else {
        /* Results not delivered must not be marked out: the new owner starts
         * from the last commit, and results since then may come twice. */
        fprintf(stderr,
                "streamsql: warning: stream %s: results not yet delivered when %d kafka partition(s) moved; "
                "their new owner may produce some of them again\n",
                s->def->name, parts->cnt);
    }
    for (int i = 0; i < parts->cnt; i++) {
        int32_t p = parts->elems[i].partition;
        ss_src_give_up_part(s, (uint32_t)p);
        if ((uint32_t)p < k->nkp)
            k->kp[p] = (kpart){-1, -1, -1, lost ? s->wm : INT64_MIN, k->kp[p].marks, 0, k->kp[p].cap};
    }
    if (cooperative)
        rd_kafka_error_destroy(rd_kafka_incremental_unassign(rk, parts));
    else
        rd_kafka_assign(rk, NULL);
}

/* The default group: the application's file name and the stream's. */
static void default_group(const ss_rt_source *s, char *buf, size_t len)
{
    const char *path = s->rt->app->src ? s->rt->app->src->name : "app";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".sql") == 0)
        n -= 4;
    snprintf(buf, len, "streamsql-%.*s-%s", (int)n, base, s->def->name);
}

static int kafka_open(ss_rt_source *s, char *err, size_t errlen)
{
    kafka_src *k = ss_xcalloc(1, sizeof *k);
    s->impl = k;
    k->wake[0] = k->wake[1] = -1;
    s->parts[0].active = false; /* partitions come with the assignment */
    k->span = span_from(s->def, 0);
    rd_kafka_conf_t *conf = ss_kafka_conf(s->def, "consumer", &k->trouble, err, errlen);
    if (!conf)
        return -1;
    char group[512];
    if (s->def->binding.kafka_group_id)
        snprintf(group, sizeof group, "%s", s->def->binding.kafka_group_id);
    else
        default_group(s, group, sizeof group);
    /* A group.id given as 'kafka.group.id' wins over the derived one. */
    char have[8];
    size_t hl = sizeof have;
    if (rd_kafka_conf_get(conf, "group.id", have, &hl) != RD_KAFKA_CONF_OK || hl <= 1)
        if (ss_kafka_set(conf, "group.id", group, err, errlen)) {
            rd_kafka_conf_destroy(conf);
            return -1;
        }
    k->trouble.owner = s;
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    k->rk = ss_kafka_new(RD_KAFKA_CONSUMER, conf, s->def, err, errlen);
    if (!k->rk)
        return -1;
    rd_kafka_poll_set_consumer(k->rk);
    k->checkpointed = s->rt->ckpt != NULL;
    if (k->checkpointed)
        goto subscribed; /* every partition assigned at the first step */
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, s->def->binding.target, RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(k->rk, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (e) {
        snprintf(err, errlen, "stream %s: cannot subscribe to topic %s: %s", s->def->name,
                 s->def->binding.target, rd_kafka_err2str(e));
        return -1;
    }
subscribed:
    k->queue = rd_kafka_queue_get_consumer(k->rk);
    /* Wake the idle wait as soon as messages arrive, instead of sleeping. */
    if (pipe2(k->wake, O_CLOEXEC | O_NONBLOCK) == 0)
        rd_kafka_queue_io_event_enable(k->queue, k->wake[1], "1", 1);
    k->last_commit_ms = s->rt->now_ms;
    return 0;
}

static void kafka_close(ss_rt_source *s)
{
    kafka_src *k = s->impl;
    if (!k)
        return;
    k->closing = true;
    if (k->queue) {
        rd_kafka_queue_io_event_enable(k->queue, -1, NULL, 0);
        rd_kafka_queue_destroy(k->queue);
    }
    if (k->rk) {
        rd_kafka_consumer_close(k->rk);
        rd_kafka_destroy(k->rk);
    }
    for (int i = 0; i < 2; i++)
        if (k->wake[i] >= 0)
            close(k->wake[i]);
    for (uint32_t p = 0; p < k->nkp; p++)
        free(k->kp[p].marks);
    free(k->kp);
    free(k);
    s->impl = NULL;
}

static bool all_at_end(const ss_rt_source *s)
{
    const kafka_src *k = s->impl;
    if (!k->assigned)
        return false;
    bool any = false;
    for (uint32_t p = 0; p < k->nkp && p < s->nparts; p++) {
        if (!s->parts[p].active)
            continue;
        any = true;
        if (s->parts[p].behind)
            return false;
    }
    return any;
}

/* Checkpointed: every partition of the topic, from the checkpoint's
 * positions, or where the group left off (auto.offset.reset without one).
 * False while the topic's metadata cannot be had (brokers away: retried). */
static bool assign_all(ss_rt_source *s)
{
    kafka_src *k = s->impl;
    rd_kafka_resp_err_t e;
    int32_t n = ss_kafka_partitions(k->rk, s->def->binding.target, 1000, &e);
    if (!n) {
        if (e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
            s->rt->failed = true;
            snprintf(s->rt->failure, sizeof s->rt->failure, "stream %s: kafka topic %s: %s", s->def->name,
                     s->def->binding.target, rd_kafka_err2str(e));
        }
        return false;
    }
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(n);
    for (int32_t p = 0; p < n; p++) {
        bool restored = (uint32_t)p < k->nkp && k->kp[p].next_offset >= 0;
        kpart *kp = kpart_of(s, p);
        rd_kafka_topic_partition_list_add(l, s->def->binding.target, p)->offset =
            restored ? kp->next_offset : RD_KAFKA_OFFSET_STORED;
        /* A restored partition has its watermark state from the checkpoint. */
        if (!restored)
            ss_src_take_part(s, (uint32_t)p, INT64_MIN);
        s->parts[p].active = true;
        ss_src_set_behind(s, (uint32_t)p, true); /* until librdkafka reports its end */
    }
    e = rd_kafka_assign(k->rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (e) {
        s->rt->failed = true;
        snprintf(s->rt->failure, sizeof s->rt->failure, "stream %s: cannot assign kafka topic %s: %s",
                 s->def->name, s->def->binding.target, rd_kafka_err2str(e));
        return false;
    }
    k->assigned = true;
    return true;
}

static size_t kafka_step(ss_rt_source *s)
{
    kafka_src *k = s->impl;
    if (k->checkpointed && !k->assigned && !assign_all(s))
        return 0;
    char drain[64];
    while (k->wake[0] >= 0 && read(k->wake[0], drain, sizeof drain) > 0)
        ;
    ssize_t n = rd_kafka_consume_batch_queue(k->queue, 0, k->msgs, SS_BATCH);
    if (n < 0)
        n = 0;
    if (n > 0 && k->trouble.broker_down) {
        k->trouble.broker_down = 0;
        fprintf(stderr, "streamsql: stream %s: kafka brokers %s reachable again\n", s->def->name,
                k->trouble.brokers);
    }
    size_t records = 0;
    int64_t now = s->rt->now_ms;
    for (ssize_t i = 0; i < n; i++) {
        rd_kafka_message_t *m = k->msgs[i];
        if (m->err) {
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                kpart_of(s, m->partition);
                ss_src_set_behind(s, (uint32_t)m->partition, false);
            } else if (m->err != RD_KAFKA_RESP_ERR__TRANSPORT) {
                fprintf(stderr, "streamsql: warning: stream %s: kafka: %s\n", s->def->name,
                        rd_kafka_message_errstr(m));
                if (m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC || m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                    m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) {
                    s->rt->failed = true;
                    snprintf(s->rt->failure, sizeof s->rt->failure, "stream %s: kafka topic %s: %s", s->def->name,
                             s->def->binding.target, rd_kafka_err2str(m->err));
                }
            }
            continue;
        }
        kpart *kp = kpart_of(s, m->partition);
        s->parts[m->partition].behind = true; /* until the next end of partition */
        if ((uint32_t)m->partition >= s->nparts || !s->parts[m->partition].active)
            continue; /* a straggler of a partition just revoked */
        rd_kafka_timestamp_type_t tt;
        int64_t ts = rd_kafka_message_timestamp(m, &tt);
        if (ts < 0)
            ts = now;
        ss_src_record(s, (uint32_t)m->partition, (uint64_t)m->offset, m->payload ? m->payload : "", m->len, ts);
        if (kp->first_read < 0)
            kp->first_read = m->offset;
        kp->next_offset = m->offset + 1;
        records++;
    }
    /* A mark per partition that moved: the offset reached and the ROWTIME
     * reached by then, for committing once results are out. */
    for (uint32_t p = 0; p < k->nkp && records; p++) {
        kpart *kp = &k->kp[p];
        if (kp->next_offset < 0 || (kp->nmarks && kp->marks[kp->nmarks - 1].next_offset == kp->next_offset))
            continue;
        SS_GROW(kp->marks, kp->cap, kp->nmarks + 1);
        kp->marks[kp->nmarks++] = (mark){kp->next_offset, p < s->nparts ? s->parts[p].max_rowtime : INT64_MIN};
    }
    ss_src_release(s);
    /* Payloads are released only now: rows were decoded pointing into them. */
    for (ssize_t i = 0; i < n; i++)
        rd_kafka_message_destroy(k->msgs[i]);
    if (s->def->binding.stop_at_end && all_at_end(s))
        ss_src_end(s);
    return records + (n > 0 || s->done ? 1 : 0);
}

static void kafka_wait(ss_rt_source *s, struct pollfd *fds, uint32_t *n, uint32_t max, int *timeout)
{
    (void)timeout;
    kafka_src *k = s->impl;
    if (k->wake[0] >= 0 && *n < max)
        fds[(*n)++] = (struct pollfd){k->wake[0], POLLIN, 0};
}

static void kafka_delivered(ss_rt_source *s, ss_delivery how)
{
    kafka_src *k = s->impl;
    if (k->checkpointed)
        return; /* the checkpoint holds the positions */
    if (how != SS_DELIVERED_SO_FAR) {
        /* A rebalance under way refuses the commit. Serve the group protocol
         * (partitions offered now are only handed back) until the rebalance
         * ends, then try again: retrying at once would fail the same way, and
         * each refusal makes librdkafka rejoin, which starts another one. */
        k->closing = k->commit_on_close = true;
        k->all_out = how == SS_DELIVERED_ALL;
        k->quiet_commit_errors = true;
        rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
        for (int tries = 0; tries < 20; tries++) {
            e = commit(s, k->all_out, COMMIT_SERVING, -1);
            if (e != RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION && e != RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS &&
                e != RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID)
                break;
            uint32_t seen = k->assignments;
            for (int waited_ms = 0; waited_ms < 10000 && k->assignments == seen; waited_ms += 100) {
                rd_kafka_message_t *m = rd_kafka_consumer_poll(k->rk, 100);
                if (m)
                    rd_kafka_message_destroy(m);
            }
        }
        k->quiet_commit_errors = false;
        if (e)
            fprintf(stderr, "streamsql: warning: stream %s: final offsets not committed: %s\n", s->def->name,
                    rd_kafka_err2str(e));
        return;
    }
    if (s->rt->now_ms - k->last_commit_ms < s->rt->opts.checkpoint_interval_ms)
        return;
    k->last_commit_ms = s->rt->now_ms;
    commit(s, false, COMMIT_ASYNC, -1);
}

static void kafka_position(const ss_rt_source *s, ss_origin o, ss_err_position *pos)
{
    pos->kind = SS_POS_KAFKA;
    pos->name = s->def->binding.target;
    pos->partition = (int32_t)o.part;
    pos->offset = (int64_t)o.offset;
}

/* Per partition, the offset after the last message handed to the core. */
static int kafka_save(ss_rt_source *s, ss_buf *pos, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    kafka_src *k = s->impl;
    ss_put_u64(pos, k->nkp);
    for (uint32_t p = 0; p < k->nkp; p++)
        ss_put_i64(pos, k->kp[p].next_offset);
    return 0;
}

static int kafka_restore(ss_rt_source *s, ss_reader *pos, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    uint64_t n = ss_get_u64(pos);
    if (pos->bad || n > (uint64_t)(pos->end - pos->p))
        return 0; /* reported as damage by the caller */
    for (uint32_t p = 0; p < n; p++)
        kpart_of(s, (int32_t)p)->next_offset = ss_get_i64(pos);
    return 0;
}

static const ss_prom_family F_LAG = {"streamsql_kafka_consumer_lag", "gauge",
                                     "Messages of the partition not yet processed: its high watermark offset, "
                                     "as of the consumer's last fetch, minus the next offset to process"};

/* Lag per assigned partition, without a network call: the high watermark
 * comes from librdkafka's cache (rd_kafka_get_watermark_offsets), refreshed
 * by every fetch response, so it is as fresh as the consumer's reading. The
 * blocking rd_kafka_query_watermark_offsets would stall the runtime thread
 * for a round trip per partition every interval (and for its timeout with
 * a broker down); the statistics callback would mean JSON parsing on
 * librdkafka's thread and a second copy of the positions. The position is
 * the offset after the last message handed to the core, so messages
 * librdkafka has fetched but the application not yet processed count as lag. */
static void kafka_metrics(const ss_rt_source *s, ss_prom *p)
{
    const kafka_src *k = s->impl;
    const char *topic = s->def->binding.target;
    char part[16];
    const char *l[] = {"stream", s->def->name, "topic", topic, "partition", part, NULL};
    for (uint32_t i = 0; i < k->nkp && i < s->nparts; i++) {
        if (!s->parts[i].active)
            continue;
        int64_t lo, hi;
        if (rd_kafka_get_watermark_offsets(k->rk, topic, (int32_t)i, &lo, &hi) != RD_KAFKA_RESP_ERR_NO_ERROR ||
            hi < 0)
            continue; /* nothing fetched yet */
        const kpart *kp = &k->kp[i];
        int64_t next = kp->next_offset >= 0 ? kp->next_offset : kp->committed;
        if (next < 0 && !s->parts[i].behind)
            next = hi; /* read to its end without a message for us */
        if (next < 0)
            continue; /* the position is not known yet */
        if (lo >= 0 && next < lo)
            next = lo; /* what was before it is gone (retention) */
        snprintf(part, sizeof part, "%u", i);
        ss_prom_i64(p, &F_LAG, l, hi > next ? hi - next : 0);
    }
}

const ss_source_driver ss_kafka_source = {
    kafka_open, kafka_step, kafka_wait, kafka_delivered, kafka_close, kafka_position, true, kafka_save, kafka_restore,
    kafka_metrics,
};
