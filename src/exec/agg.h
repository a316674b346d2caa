/* Aggregate accumulators for GROUP BY windows: a fixed-size state per
 * aggregate, laid out inline in the group's entry. Sliding windows have their
 * own incremental structures (exec/sliding.c). */
#ifndef SS_AGG_H
#define SS_AGG_H

#include "exec/value.h"
#include "sql/app.h"
#include "util/codec.h"

/* Bytes of state an aggregate needs, and the alignment it must start at:
 * 16 for exact sums (__int128), 8 for the rest. */
uint32_t ss_agg_state_size(const ss_agg *a);
uint32_t ss_agg_state_align(const ss_agg *a);
void ss_agg_init(const ss_agg *a, void *state);
/* Adds one row's argument value (ignored for COUNT(*)). Returns false on
 * overflow of an exact sum, with msg filled. */
bool ss_agg_add(const ss_agg *a, void *state, ss_value v, char *msg);
/* Whether adding v would overflow an exact sum; the caller then skips the
 * whole row, so that no aggregate of the group has counted it. */
bool ss_agg_would_overflow(const ss_agg *a, const void *state, ss_value v);

/* The same as ss_agg_add, specialised for the aggregate's function and
 * argument type: what the per-row loops call. */
typedef bool (*ss_agg_adder)(const ss_agg *a, void *state, ss_value v, char *msg);
ss_agg_adder ss_agg_adder_for(const ss_agg *a);
/* The result, as a value of a->type. Strings point into the state. */
void ss_agg_result(const ss_agg *a, const void *state, ss_value *out);
/* Releases memory the state owns (kept strings, DISTINCT sets). */
void ss_agg_release(const ss_agg *a, void *state);

/* A state as bytes for a checkpoint, every bit of it (doubles, 128-bit sums,
 * the DISTINCT set), so that the loaded state goes on exactly as the saved
 * one would have. */
void ss_agg_save(const ss_agg *a, const void *state, ss_buf *out);
/* Reads a state written by ss_agg_save into a state fresh from ss_agg_init,
 * copying what the state owns out of the input. False on garbled input; the
 * state is then still safe to ss_agg_release. */
bool ss_agg_load(const ss_agg *a, void *state, ss_reader *r);

/* Bytes of a value's canonical encoding, for group keys and DISTINCT sets:
 * equal SQL values (0.0 and -0.0, say) encode the same. */
size_t ss_key_encode(ss_value v, ss_type t, unsigned char *out);
/* Reads one value back; returns the bytes consumed. Strings point into p. */
size_t ss_key_decode(const unsigned char *p, ss_type t, ss_value *out);
/* The length of the one encoding at p if it is well formed and fits in the
 * n bytes there, else 0: what restoring checks before ss_key_decode, which
 * trusts its input. */
size_t ss_key_check(const unsigned char *p, size_t n, ss_type t);
/* Upper bound of ss_key_encode for a value. */
static inline size_t ss_key_size(ss_value v)
{
    return 1 + 4 + (v.null ? 0 : (v.len > 8 ? v.len : 8));
}

#endif
