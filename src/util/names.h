/* Helpers for talking about names in messages: did-you-mean suggestions and
 * quoting a name the way the user would have to write it. */
#ifndef SS_NAMES_H
#define SS_NAMES_H

#include <stddef.h>

/* The candidate closest to `name` (case-insensitive edit distance), or NULL
 * when none is close enough to be a plausible typo. */
const char *ss_names_closest(const char *name, const char *const *candidates, size_t n);

/* `name` as SQL would need it written: bare when it is an upper-case plain
 * identifier, else in double quotes. Returns buf. */
const char *ss_names_show(const char *name, char *buf, size_t len);

#endif
