/* Built-in data generators (GENERATOR = 'ticker' | 'nexmark' in WITH): rows
 * made from a seed, with no clock of their own, so the same SEED, RATE, COUNT
 * and start time give the same rows on every run and every machine.
 *
 *   ticker   the KDA demo stream: TICKER_SYMBOL VARCHAR(4), SECTOR VARCHAR(16),
 *            CHANGE REAL, PRICE REAL, EVENT_TIME TIMESTAMP. 30 symbols in six
 *            sectors, chosen with a Zipf-like skew (the busiest symbol ~30x
 *            the quietest); each symbol's price is a random walk in whole
 *            cents (never below 0.01) pulled back towards its base price;
 *            CHANGE is the step from that symbol's previous price.
 *   nexmark  the Nexmark benchmark's person/auction/bid events in one stream,
 *            as Flink's nexmark datagen flattens them (see generator.c).
 *
 * Event times: with rate > 0, row i's event time is start_ms + floor(i * 1000
 * / rate); with rate 0, start_ms + i * 10. */
#ifndef SS_GENERATOR_H
#define SS_GENERATOR_H

#include "exec/value.h"
#include "sql/app.h"
#include "sql/types.h"
#include "util/codec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ss_generator ss_generator;

typedef struct ss_gen_column {
    const char *name;
    ss_type type;
} ss_gen_column;

/* The columns a generator offers: returns their count and points *cols at a
 * static array (followed by a {NULL} entry); -1 for an unknown kind. Kinds
 * are matched case-insensitively. */
int ss_generator_schema(const char *kind, const ss_gen_column **cols);

/* A generator for a stream with columns cols[0..ncols). Each column must be
 * one of the generator's, by name, case-insensitively (hidden columns are
 * always NULL). A declared type may differ from the generator's if
 * ss_type_castable allows the cast; values are then converted with ss_cast
 * (a value that still fails, e.g. out of a DECIMAL's range, becomes NULL and
 * is counted; strings cut to a VARCHAR(n) are counted too).
 * rate: rows per second of event time, 0 = as fast as asked; count: total
 * rows, -1 unbounded; start_ms: the event time of row 0.
 * Returns NULL with a message in err on an unknown kind or column, an
 * impossible cast, a negative or non-finite rate, or a count below -1. */
ss_generator *ss_generator_new(const char *kind, uint64_t seed, double rate, int64_t count, int64_t start_ms,
                               const ss_column *cols, uint32_t ncols, char *err, size_t errlen);
void ss_generator_free(ss_generator *g);

/* Writes up to `max` rows into vals (row-major, ncols values a row, declared
 * column order) and their event times into event_ms[0..n). Strings point into
 * static or generator-owned memory, valid until the next call. With rate > 0,
 * only rows whose event time is <= now_ms are produced; with rate 0, now_ms
 * is ignored. Returns the number of rows written: 0 when none is due yet or
 * when all `count` rows have been made (then ss_generator_done is true). */
uint32_t ss_generator_next(ss_generator *g, int64_t now_ms, ss_value *vals, int64_t *event_ms, uint32_t max);
bool ss_generator_done(const ss_generator *g);
/* The event time of the next row (for sleeping until it is due); INT64_MAX
 * once done. */
int64_t ss_generator_next_due(const ss_generator *g);
/* Rows produced so far. */
uint64_t ss_generator_produced(const ss_generator *g);
/* Values that became NULL because their cast to the declared type failed, and
 * strings cut to their declared length, so far. */
uint64_t ss_generator_cast_failures(const ss_generator *g);
uint64_t ss_generator_truncations(const ss_generator *g);

/* Checkpoints: everything the next rows depend on (row number, random
 * state, prices, the event time of row 0), so that a restored generator
 * goes on with exactly the rows the saved one would have made. */
void ss_generator_save(const ss_generator *g, ss_buf *out);
bool ss_generator_restore(ss_generator *g, ss_reader *in);

#endif
