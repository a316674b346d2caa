/* Service logs (serve): one line per event on stderr, with a level and the
 * application it is about, as text or as one JSON object a line. */
#ifndef SS_CLI_LOG_H
#define SS_CLI_LOG_H

#include "cli/config.h"

#include <stddef.h>

void ss_log_setup(ss_log_level level, bool json);
/* "debug", "info", "warning" or "error" into *level; -1 for anything else. */
int ss_log_level_of(const char *name, ss_log_level *level);
__attribute__((format(printf, 3, 4))) void ss_log(ss_log_level level, const char *app, const char *fmt, ...);
/* A line an application printed on its stderr, logged as its event; the
 * level is read from streamsql's own prefixes ("streamsql: warning: ..."). */
void ss_log_app_line(const char *app, const char *line, size_t len);

/* `run` with a log format: everything written to stderr from here on (by
 * every module, and librdkafka's log callback) is read back by a thread
 * and logged a line at a time as ss_log_app_line does under serve, so the
 * modules keep printing plain "streamsql: ..." lines and need not know.
 * -1 with errno when the pipe or thread cannot be made (stderr unchanged). */
int ss_log_capture_stderr(const char *app);
/* Restores stderr and waits until every captured line is logged. */
void ss_log_release_stderr(void);

#endif
