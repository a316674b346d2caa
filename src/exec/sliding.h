/* Sliding windows: agg(x) OVER (PARTITION BY ... RANGE INTERVAL ... PRECEDING
 * | ROWS n PRECEDING). One instance per distinct OVER specification of a
 * query. Rows arrive in ROWTIME order; each row is added to its partition and
 * gets the aggregates over the partition's rows in its frame, itself included.
 * Everything is incremental: sums and counts add and subtract, MIN/MAX use
 * monotonic deques, so no row is ever rescanned. */
#ifndef SS_SLIDING_H
#define SS_SLIDING_H

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

uint64_t ss_sliding_partitions(const ss_sliding *s);
uint64_t ss_sliding_bytes(const ss_sliding *s);

#endif
