/* Service logs; see log.h. A line is written with one write(2), so lines from
 * several sources never interleave within a line. */
#include "cli/log.h"
#include "io/encode.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static ss_log_level min_level = SS_LOG_INFO;
static bool as_json;

static const char *const level_names[] = {"debug", "info", "warning", "error"};

void ss_log_setup(ss_log_level level, bool json)
{
    min_level = level;
    as_json = json;
}

static void emit(ss_log_level level, const char *app, const char *msg, size_t len)
{
    if (level < min_level)
        return;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char when[40];
    size_t n = strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(when + n, sizeof when - n, ".%03dZ", (int)(tv.tv_usec / 1000));
    ss_buf b = {0};
    if (as_json) {
        ss_buf_printf(&b, "{\"time\":\"%s\",\"level\":\"%s\"", when, level_names[level]);
        if (app) {
            ss_buf_puts(&b, ",\"app\":");
            ss_encode_json_string(&b, app, strlen(app));
        }
        ss_buf_puts(&b, ",\"message\":");
        ss_encode_json_string(&b, msg, len);
        ss_buf_puts(&b, "}\n");
    } else {
        ss_buf_printf(&b, "%s %-7s ", when, level_names[level]);
        if (app)
            ss_buf_printf(&b, "[%s] ", app);
        ss_buf_append(&b, msg, len);
        ss_buf_putc(&b, '\n');
    }
    ssize_t ignored = write(2, b.data, b.len);
    (void)ignored;
    ss_buf_free(&b);
}

void ss_log(ss_log_level level, const char *app, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    emit(level, app, msg, n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
}

void ss_log_app_line(const char *app, const char *line, size_t len)
{
    static const char prefix[] = "streamsql: ";
    ss_log_level level = SS_LOG_INFO;
    if (len >= sizeof prefix - 1 && memcmp(line, prefix, sizeof prefix - 1) == 0) {
        line += sizeof prefix - 1, len -= sizeof prefix - 1;
        if (len >= 9 && memcmp(line, "warning: ", 9) == 0)
            level = SS_LOG_WARNING, line += 9, len -= 9;
        else if (len >= 7 && memcmp(line, "error: ", 7) == 0)
            level = SS_LOG_ERROR, line += 7, len -= 7;
    } else if (len > 0 && line[0] == '{') {
        level = SS_LOG_WARNING; /* an error-stream record: bad input data */
    }
    emit(level, app, line, len);
}
