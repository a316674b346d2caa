/* Service logs (serve): one line per event on stderr, with a level and the
 * application it is about, as text or as one JSON object a line. */
#ifndef SS_CLI_LOG_H
#define SS_CLI_LOG_H

#include "cli/config.h"

#include <stddef.h>

void ss_log_setup(ss_log_level level, bool json);
__attribute__((format(printf, 3, 4))) void ss_log(ss_log_level level, const char *app, const char *fmt, ...);
/* A line an application printed on its stderr, logged as its event; the
 * level is read from streamsql's own prefixes ("streamsql: warning: ..."). */
void ss_log_app_line(const char *app, const char *line, size_t len);

#endif
