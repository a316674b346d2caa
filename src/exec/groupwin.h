/* The GROUP BY window operator: tumbling (STEP/FLOOR), hopping, session and
 * stagger windows over rows that arrive in ROWTIME order. Groups live in a
 * pool of fixed-size entries (hash, window bounds, key, accumulators inline)
 * found through an open-addressing hash table; closed windows are emitted in the
 * order of their ends, groups of one window in the order they first appeared. */
#ifndef SS_GROUPWIN_H
#define SS_GROUPWIN_H

#include "exec/state.h"
#include "exec/value.h"
#include "sql/app.h"

typedef struct ss_groupwin ss_groupwin;

/* Called once per closed group: row = [keys..., aggregates...] (the window
 * key's slot is left for the caller), start/end = the window's bounds, end
 * being the output row's ROWTIME; origin = where the group's first row came
 * from (a group lives in one source partition when the topic is keyed by it). */
typedef void (*ss_groupwin_emit)(void *ctx, ss_value *row, int64_t start, int64_t end, ss_origin origin);

ss_groupwin *ss_groupwin_new(const ss_query *q);
void ss_groupwin_free(ss_groupwin *g);

/* Adds a row with ROWTIME t: keys[nkeys] (the window key's entry ignored) and
 * the aggregates' argument values args[naggs]. Returns false with msg when an
 * exact sum overflows. */
bool ss_groupwin_add(ss_groupwin *g, int64_t t, const ss_value *keys, const ss_value *args, ss_origin origin,
                     char *msg);

/* Adds n rows (row r: ROWTIME t[r], keys at keys + r*nkeys, arguments at
 * args + r*naggs) in order. Keys are hashed first and the table probes
 * prefetched a few rows ahead, which is what makes millions of groups fast.
 * A row whose sum overflows is reported through on_error and skipped. */
void ss_groupwin_add_many(ss_groupwin *g, uint32_t n, const int64_t *t, const ss_value *keys,
                          const ss_value *args, const ss_origin *origins,
                          void (*on_error)(void *ctx, uint32_t row, const char *msg), void *ctx);

/* Forgets, unemitted, every group whose first row came from partition `part`
 * of `source` (the partition went to another process). */
void ss_groupwin_drop_origin(ss_groupwin *g, uint16_t source, uint32_t part);

/* Emits every window whose end is <= wm, then forgets it. */
void ss_groupwin_advance(ss_groupwin *g, int64_t wm, ss_groupwin_emit emit, void *ctx);

/* Checkpoints (see exec/state.h): one item per open group, plus a meta item.
 * A full save writes them all; an incremental one only the groups changed
 * since the previous save or restore, and deletes those emitted, dropped or
 * renumbered since (a session that grows moves in its list). The first save
 * of an operator never restored is full whatever `full` says. */
void ss_groupwin_save(ss_groupwin *g, const ss_state_out *out, bool full);
/* Restores one item into an operator fresh from ss_groupwin_new, items in
 * ascending key order; false with msg on an item this code did not write.
 * Groups are found by key only once ss_groupwin_restored has built the
 * tables, which is also where two groups of one window and key are refused. */
bool ss_groupwin_restore(ss_groupwin *g, const void *key, size_t klen, const void *val, size_t vlen, char *msg,
                         size_t msglen);
/* After the last item (or none): the operator carries on where the saved one
 * was, and the next incremental save builds on what was restored. */
bool ss_groupwin_restored(ss_groupwin *g, char *msg, size_t msglen);

typedef struct ss_groupwin_stats {
    uint64_t groups;      /* open groups now (a key in a window) */
    uint64_t windows;     /* open windows now: tumbling/hopping ones, or one per session/stagger group */
    uint64_t peak_groups;
    uint64_t bytes;       /* memory held by entries and the hash table */
} ss_groupwin_stats;
void ss_groupwin_stats_get(const ss_groupwin *g, ss_groupwin_stats *st);

#endif
