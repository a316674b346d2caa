/* Record decoding: one JSON or CSV record into the typed values of a stream's
 * columns (SPEC section 4). Only the columns the application reads are
 * decoded; the others are NULL. Strings point into the record when they can,
 * else into the caller's arena. */
#ifndef SS_DECODE_H
#define SS_DECODE_H

#include "exec/value.h"
#include "sql/app.h"

typedef struct ss_decoder ss_decoder;

typedef enum ss_decode_status {
    SS_DECODE_OK = 0,
    SS_DECODE_PARSE,   /* the record is not valid JSON/CSV */
    SS_DECODE_CONVERT, /* a value does not fit its column; `column` says which */
    SS_DECODE_HEADER,  /* a CSV header line, consumed */
} ss_decode_status;

typedef struct ss_decode_error {
    int column; /* -1 when not about one column */
    char message[200];
} ss_decode_error;

/* used[i]: whether column i is needed (NULL: all). */
ss_decoder *ss_decoder_new(const ss_stream *s, const bool *used, char *err, size_t errlen);
void ss_decoder_free(ss_decoder *d);

ss_decode_status ss_decode(ss_decoder *d, const char *rec, size_t len, ss_value *vals, ss_arena *arena,
                           uint64_t *truncations, ss_decode_error *err);

#endif
