/* An ordered holding buffer for rows: rows go in as they arrive and come out
 * in ROWTIME order once the watermark has passed them; rows of one ROWTIME in
 * the order of their origins (source, then partition), and of one origin in
 * arrival order, so that the order never depends on timing. Used by
 * sources (reordering within WATERMARK_DELAY) and by streams with several
 * writers (merging them by ROWTIME). Arrivals are mostly in order within
 * their origin (a partition of a source) but not across origins, so each
 * origin's rows join a FIFO of their own, and the FIFOs are merged through a
 * heap of their first rows; only rows out of order within their origin pay
 * for a heap of whole records. Strings are copied into two alternating
 * arenas, each reset once every row using it has left. */
#ifndef SS_ROWBUF_H
#define SS_ROWBUF_H

#include "exec/value.h"
#include "util/buf.h"

typedef struct ss_rowbuf ss_rowbuf;

/* string_cols[i]: column i holds strings that must be copied. */
ss_rowbuf *ss_rowbuf_new(uint32_t ncols, const bool *string_cols);
void ss_rowbuf_free(ss_rowbuf *b);

void ss_rowbuf_add(ss_rowbuf *b, int64_t rowtime, const ss_value *vals, ss_origin origin);

/* Moves up to `max` rows with ROWTIME <= wm into out (which has room for max
 * rows of ncols values), oldest first. Their strings stay valid until
 * ss_rowbuf_done. Returns the number of rows. */
uint32_t ss_rowbuf_take(ss_rowbuf *b, int64_t wm, ss_rows *out, uint32_t max);
/* The rows taken so far have been delivered: their strings may go. */
void ss_rowbuf_done(ss_rowbuf *b);

/* Forgets every held row that came from partition `part` of `source`. */
void ss_rowbuf_drop_origin(ss_rowbuf *b, uint16_t source, uint32_t part);

/* Checkpoints: the whole buffer as bytes, appended to out (small: it holds
 * rows for a watermark delay at most), and back into a buffer fresh from
 * ss_rowbuf_new with the same columns, which then hands out the same rows
 * in the same order as the saved one would have. False on garbled input;
 * the buffer is then still safe to free. */
void ss_rowbuf_save(const ss_rowbuf *b, ss_buf *out);
bool ss_rowbuf_restore(ss_rowbuf *b, const void *p, size_t n);

uint64_t ss_rowbuf_count(const ss_rowbuf *b);
uint64_t ss_rowbuf_bytes(const ss_rowbuf *b);

#endif
