/* Service logs; see log.h. A line is written with one write(2), so lines from
 * several sources never interleave within a line. */
#include "cli/log.h"
#include "io/encode.h"
#include "util/buf.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static ss_log_level min_level = SS_LOG_INFO;
static bool as_json;
static int out_fd = 2; /* the real stderr, also while stderr is captured */

static const char *const level_names[] = {"debug", "info", "warning", "error"};

void ss_log_setup(ss_log_level level, bool json)
{
    min_level = level;
    as_json = json;
}

int ss_log_level_of(const char *name, ss_log_level *level)
{
    for (int i = SS_LOG_DEBUG; i <= SS_LOG_ERROR; i++)
        if (strcmp(level_names[i], name) == 0) {
            *level = (ss_log_level)i;
            return 0;
        }
    return -1;
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
    ssize_t ignored = write(out_fd, b.data, b.len);
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
    } else if (memmem(line, len, ": error: ", 9)) {
        level = SS_LOG_ERROR; /* a diagnostic, FILE:LINE:COL: error: ... */
    } else if (memmem(line, len, ": warning: ", 11)) {
        level = SS_LOG_WARNING;
    }
    emit(level, app, line, len);
}

static struct {
    int read_fd;
    const char *app;
    pthread_t thread;
} capture = {-1, NULL, 0};

static void *capture_main(void *arg)
{
    (void)arg;
    ss_buf pending = {0};
    char chunk[4096];
    for (;;) {
        ssize_t n = read(capture.read_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        ss_buf_append(&pending, chunk, (size_t)n);
        size_t start = 0;
        for (size_t i = 0; i < pending.len; i++)
            if (pending.data[i] == '\n') {
                ss_log_app_line(capture.app, pending.data + start, i - start);
                start = i + 1;
            }
        memmove(pending.data, pending.data + start, pending.len - start);
        pending.len -= start;
    }
    if (pending.len) /* a last line without its line feed */
        ss_log_app_line(capture.app, pending.data, pending.len);
    ss_buf_free(&pending);
    return NULL;
}

int ss_log_capture_stderr(const char *app)
{
    int p[2];
    if (pipe(p))
        return -1;
    int saved = dup(2);
    if (saved < 0 || dup2(p[1], 2) < 0) {
        int e = errno;
        if (saved >= 0)
            close(saved);
        close(p[0]), close(p[1]);
        errno = e;
        return -1;
    }
    close(p[1]);
    out_fd = saved;
    capture.read_fd = p[0];
    capture.app = app;
    int e = pthread_create(&capture.thread, NULL, capture_main, NULL);
    if (e) {
        dup2(saved, 2);
        close(saved);
        close(p[0]);
        out_fd = 2;
        capture.read_fd = -1;
        errno = e;
        return -1;
    }
    return 0;
}

void ss_log_release_stderr(void)
{
    if (capture.read_fd < 0)
        return;
    fflush(stderr);
    /* The pipe's only write end was fd 2: replacing it ends the thread's
     * reading once it has logged everything written before. */
    dup2(out_fd, 2);
    pthread_join(capture.thread, NULL);
    close(capture.read_fd);
    close(out_fd);
    out_fd = 2;
    capture.read_fd = -1;
}
