/* Durations as people write them on command lines and in configs:
 * "250ms", "10s", "1m", "1h30m", "2d", or a bare number of milliseconds. */
#ifndef SS_DURATION_H
#define SS_DURATION_H

#include <stdint.h>

/* Returns 0 and sets *ms, or -1 for anything else (negative, overflow, junk). */
int ss_parse_duration(const char *s, int64_t *ms);

#endif
