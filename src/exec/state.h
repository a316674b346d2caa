/* Operator state for checkpoints, seen from the operators: they write their
 * state as items (key -> value, both opaque bytes, the key unique within the
 * operator) through ss_state_out and read them back one at a time, in
 * ascending memcmp order of their keys. Where the items live (a SQLite table,
 * src/ckpt) is not their business.
 *
 * A full save puts every item into an empty namespace. An incremental save
 * puts the items changed since the previous save and deletes those that have
 * gone since then, so that the namespace equals what a full save would have
 * written. An operator keeps just enough bookkeeping for that (a dirty mark
 * per item, a list of items gone), cleared by each save. */
#ifndef SS_STATE_H
#define SS_STATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ss_state_out {
    void (*put)(void *ctx, const void *key, size_t klen, const void *val, size_t vlen);
    void (*del)(void *ctx, const void *key, size_t klen);
    void *ctx;
} ss_state_out;

#endif
