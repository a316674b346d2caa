/* `explain`: the operator pipeline of an analyzed application, one operator a
 * line: sources, in-application streams, each pump's chain, sinks. */
#ifndef SS_EXPLAIN_H
#define SS_EXPLAIN_H

#include "sql/app.h"
#include "util/buf.h"

void ss_explain(const ss_app *app, ss_buf *out);

/* "250ms", "10s", "1m", "1h30m", "1d": durations as people write them. */
const char *ss_format_duration(int64_t ms, char *buf, size_t len);

/* Whether a connector property holds a secret that must never be printed. */
bool ss_is_secret_key(const char *key);

#endif
