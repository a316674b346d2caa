/* The checkpoint store: one SQLite database (WAL) holding the last complete
 * checkpoint of one application. A checkpoint is one transaction, so a
 * process killed while writing one leaves the previous one whole.
 *
 * Two kinds of content. Records: a few small values per source, stream,
 * pump and sink (positions, watermarks, counters), read and replaced one at
 * a time. State: the operators' items (exec/state.h), up to millions, which
 * must be written incrementally and read back fast. State is kept
 * log-structured: a base, written whole by a full save as large sorted
 * chunks (so that a restore reads megabytes, not millions of rows), and
 * after it the deltas of incremental saves, appended in order (so that
 * changing 1% of a million keys writes 1% of the data, not the B-tree pages
 * of 1% of the keys, which would be most of them). Reading merges the two.
 * Once the deltas of a namespace grow past half its base, the store asks
 * for a full save, which folds them in.
 *
 * Schema (version 1):
 *   meta(key TEXT PRIMARY KEY, value)   schema, format, application identity,
 *                                       checkpoint sequence and time
 *   ns(id INTEGER PRIMARY KEY, name)    namespaces, named for people reading
 *                                       the file with the sqlite3 shell
 *   record(ns, key BLOB, value BLOB)    records, WITHOUT ROWID on (ns, key)
 *   chunk(ns, seq, items, data BLOB)    state bases: items in key order
 *   delta(id INTEGER PRIMARY KEY, ns, key BLOB, value BLOB)
 *                                       state changes; a NULL value deletes */
#ifndef SS_CKPT_STORE_H
#define SS_CKPT_STORE_H

#include "exec/state.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ss_ckpt ss_ckpt;

/* Opens or creates the store at path for the application whose identity (a
 * canonical text: what must not change between runs) is given. A store of
 * another application, another schema or format, or a file that is not a
 * checkpoint store is refused with a message in err. */
ss_ckpt *ss_ckpt_open(const char *path, const char *identity, char *err, size_t errlen);
void ss_ckpt_close(ss_ckpt *c);

/* Sequence number of the last complete checkpoint; 0: none yet. */
uint64_t ss_ckpt_last(const ss_ckpt *c);
/* The store's random id, fixed when the file was created. */
uint64_t ss_ckpt_id(const ss_ckpt *c);

/* Namespace ids by name, created on first use. */
uint32_t ss_ckpt_ns(ss_ckpt *c, const char *name);

/* A record of namespace ns, copied into *val (malloc'd, caller frees);
 * 1 found, 0 absent, -1 error. */
int ss_ckpt_get(ss_ckpt *c, uint32_t ns, const void *key, size_t klen, void **val, size_t *vlen, char *err,
                size_t errlen);

/* The state of namespace ns, every item in ascending key order. Stops early
 * when fn returns false. Returns 0, or -1 with err on a database error or
 * a damaged chunk. */
typedef bool (*ss_ckpt_item_fn)(void *ctx, const void *key, size_t klen, const void *val, size_t vlen);
int ss_ckpt_each(ss_ckpt *c, uint32_t ns, ss_ckpt_item_fn fn, void *ctx, char *err, size_t errlen);
/* Whether the deltas of ns have grown enough that its next save should be
 * a full one. */
bool ss_ckpt_wants_full(const ss_ckpt *c, uint32_t ns);

/* Writing a checkpoint: begin, puts and deletes, commit (or abort). */
int ss_ckpt_begin(ss_ckpt *c, char *err, size_t errlen);
/* Records. */
void ss_ckpt_put(ss_ckpt *c, uint32_t ns, const void *key, size_t klen, const void *val, size_t vlen);
/* State, for the operators (exec/state.h): incremental saves go to the
 * target as they are; a full save first calls ss_ckpt_rewrite. The target
 * must outlive the ss_state_out. */
typedef struct ss_ckpt_target {
    ss_ckpt *c;
    uint32_t ns;
} ss_ckpt_target;
ss_state_out ss_ckpt_out(ss_ckpt_target *t);
/* The next puts into ns make its whole new base (a full save). */
void ss_ckpt_rewrite(ss_ckpt *c, uint32_t ns);
/* Makes the checkpoint durable; on failure (disk full, I/O error) the
 * previous checkpoint is what stays. Returns 0 or -1 with err. */
int ss_ckpt_commit(ss_ckpt *c, int64_t now_ms, char *err, size_t errlen);
void ss_ckpt_abort(ss_ckpt *c);

/* Bytes of the database file and its WAL, for reports. */
uint64_t ss_ckpt_bytes(const ss_ckpt *c);

#endif
