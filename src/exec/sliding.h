/* Sliding windows: agg(x) OVER (PARTITION BY ... RANGE INTERVAL ... PRECEDING
 * | ROWS n PRECEDING). One instance per distinct OVER specification of a
 * query. Rows arrive in ROWTIME order; each row is added to its partition and
 * gets the aggregates over the partition's rows in its frame, itself included.
 * Everything is incremental: sums and counts add and subtract, MIN/MAX use
 * monotonic deques, so no row is ever rescanned. */
#ifndef SS_SLIDING_H
#define SS_SLIDING_H

#include "exec/state.h"
#include "exec/value.h"
#include "sql/app.h"

typedef struct ss_sliding ss_sliding;

ss_sliding *ss_sliding_new(const ss_query *q, uint32_t over);
void ss_sliding_free(ss_sliding *s);

/* Adds a row with ROWTIME t: parts[] are the partition values, args[] the
 * argument values of all the query's aggregates (indexed like q->aggs); fills
 * results[a] for the aggregates of this window. False with msg on overflow. */
bool ss_sliding_add(ss_sliding *s, int64_t t, const ss_value *parts, const ss_value *args, ss_origin origin,
                    ss_value *results, char *msg);

/* Forgets every partition whose first row came from partition `part` of
 * `source` (it went to another process). */
void ss_sliding_drop_origin(ss_sliding *s, uint16_t source, uint32_t part);

/* Drops RANGE partitions whose every row is older than the frame at wm: no
 * later row could see them. */
void ss_sliding_advance(ss_sliding *s, int64_t wm);

/* Checkpoints (see exec/state.h): one item per partition (its frame's rows
 * and the incremental aggregates exactly as they are), plus a meta item. An
 * incremental save writes the partitions that got a row since the previous
 * save or restore and deletes those dropped since; the first save of an
 * operator never restored is full whatever `full` says. */
void ss_sliding_save(ss_sliding *s, const ss_state_out *out, bool full);
/* Restores one item into an operator fresh from ss_sliding_new, items in
 * ascending key order; false with msg on an item this code did not write. */
bool ss_sliding_restore(ss_sliding *s, const void *key, size_t klen, const void *val, size_t vlen, char *msg,
                        size_t msglen);
/* After the last item (or none): rebuilds the LRU order; the next
 * incremental save builds on what was restored. */
bool ss_sliding_restored(ss_sliding *s, char *msg, size_t msglen);

uint64_t ss_sliding_partitions(const ss_sliding *s);
uint64_t ss_sliding_bytes(const ss_sliding *s);

#endif
