/* Sinks: the common part (encoding set-up, failure) and the file/stdout
 * sink, which encodes rows into a buffer written out in large pieces. A write
 * that fails is a runtime failure of the application (exit 1), never a
 * silent loss. */
#include "exec/rt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SINK_FLUSH_BYTES (256u << 10)

void ss_rt_sink_fail(ss_rt_sink *k, const char *fmt, ...)
{
    if (k->failed)
        return;
    k->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->failure, sizeof k->failure, fmt, ap);
    va_end(ap);
}

int ss_rt_sink_open(ss_rt_sink *k, const char *path, const ss_stream *s, bool checkpointed, bool resume, char *err,
                    size_t errlen)
{
    memset(k, 0, sizeof *k);
    k->def = s;
    k->checkpointed = checkpointed;
    k->resume = resume;
    k->path = path;
    k->drv = path                                         ? &ss_file_sink
             : s->binding.connector == SS_CONN_KAFKA   ? &ss_kafka_sink
             : s->binding.connector == SS_CONN_KINESIS ? &ss_kinesis_sink
                                                       : &ss_file_sink;
    if (!path && k->drv == &ss_file_sink)
        k->path = s->binding.target;
    k->enc.format = s->binding.format;
    k->enc.delimiter = s->binding.csv_delimiter ? s->binding.csv_delimiter : ',';
    k->enc.cols = s->cols;
    k->enc.ncols = s->ncols;
    ss_encoder_cache_keys(&k->enc);
    return k->drv->open(k, err, errlen);
}

void ss_rt_sink_write(ss_rt_sink *k, const ss_rows *rows)
{
    /* Replays are results an earlier owner already wrote: they stop here. */
    uint32_t first = 0;
    while (first < rows->n && !(rows->origin && rows->origin[first].replay))
        first++;
    if (first == rows->n) {
        k->rows += rows->n;
        k->drv->write(k, rows);
        return;
    }
    ss_rows run = *rows;
    for (uint32_t r = 0; r < rows->n;) {
        uint32_t end = r;
        while (end < rows->n && !rows->origin[end].replay)
            end++;
        if (end > r) {
            run.n = end - r;
            run.vals = ss_rows_row(rows, r);
            run.rowtime = rows->rowtime + r;
            run.origin = rows->origin + r;
            k->rows += run.n;
            k->drv->write(k, &run);
        }
        while (end < rows->n && rows->origin[end].replay)
            end++;
        r = end;
    }
}

int ss_rt_sink_flush(ss_rt_sink *k)
{
    return k->drv ? k->drv->flush(k) : 0;
}

int ss_rt_sink_drain(ss_rt_sink *k, int timeout_ms)
{
    return k->drv ? k->drv->drain(k, timeout_ms) : 0;
}

void ss_rt_sink_close(ss_rt_sink *k)
{
    if (k->drv)
        k->drv->close(k);
    k->drv = NULL;
    ss_buf_free(&k->buf);
    ss_encoder_free(&k->enc);
}

/* ---- files and stdout ---- */

typedef struct file_sink {
    int fd;
    bool own_fd;
} file_sink;

static int file_open(ss_rt_sink *k, char *err, size_t errlen)
{
    file_sink *f = calloc(1, sizeof *f);
    if (!f)
        abort();
    k->impl = f;
    if (strcmp(k->path, "-") == 0) {
        f->fd = 1;
    } else {
        /* Resuming, the checkpoint says how much of the file to keep. */
        f->fd = open(k->path, O_WRONLY | O_CREAT | (k->resume ? 0 : O_TRUNC) | O_CLOEXEC, 0644);
        if (f->fd < 0) {
            snprintf(err, errlen, "cannot open %s for stream %s: %s", k->path, k->def->name, strerror(errno));
            return -1;
        }
        f->own_fd = true;
    }
    if (k->enc.format == SS_FMT_CSV && k->def->binding.csv_header && !k->resume)
        ss_encode_header(&k->enc, &k->buf);
    return 0;
}

static int file_flush(ss_rt_sink *k)
{
    file_sink *f = k->impl;
    size_t off = 0;
    while (off < k->buf.len && !k->failed) {
        ssize_t n = write(f->fd, k->buf.data + off, k->buf.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ss_rt_sink_fail(k, "cannot write %s: %s", strcmp(k->path, "-") == 0 ? "stdout" : k->path,
                            strerror(errno ? errno : EIO));
            break;
        }
        off += (size_t)n;
    }
    ss_buf_clear(&k->buf);
    return k->failed ? -1 : 0;
}

static void file_write(ss_rt_sink *k, const ss_rows *rows)
{
    for (uint32_t r = 0; r < rows->n; r++)
        ss_encode_row(&k->enc, ss_rows_row(rows, r), &k->buf);
    if (k->buf.len >= SINK_FLUSH_BYTES)
        file_flush(k);
}

static int file_drain(ss_rt_sink *k, int timeout_ms)
{
    (void)timeout_ms;
    return file_flush(k);
}

static void file_close(ss_rt_sink *k)
{
    file_sink *f = k->impl;
    if (!f)
        return;
    file_flush(k);
    if (f->own_fd && f->fd >= 0 && close(f->fd) != 0)
        ss_rt_sink_fail(k, "cannot write %s: %s", k->path, strerror(errno));
    free(f);
    k->impl = NULL;
}

static int file_mark(ss_rt_sink *k, ss_buf *pos, char *err, size_t errlen)
{
    file_sink *f = k->impl;
    int64_t end;
    if (file_flush(k) || ss_rt_fd_mark(f->fd, &end, k->path, err, errlen)) {
        if (k->failed)
            snprintf(err, errlen, "%s", k->failure);
        return -1;
    }
    ss_put_i64(pos, end);
    return 0;
}

static int file_rewind(ss_rt_sink *k, ss_reader *pos, char *err, size_t errlen)
{
    file_sink *f = k->impl;
    int64_t end = ss_get_i64(pos);
    return pos->bad ? 0 : ss_rt_fd_rewind(f->fd, end, k->path, err, errlen);
}

const ss_sink_driver ss_file_sink = {file_open, file_write, file_flush, file_drain, file_close, file_mark, file_rewind};

/* ---- records handed to the embedder (the REPL) ----
 * Rows that would be printed go to ss_run_options.on_record instead, one JSON
 * object at a time, as soon as they are made: the REPL shows them live, so
 * nothing is held back for a flush. No mark/rewind: what was shown cannot be
 * taken back, so such a run is not checkpointed. */

typedef struct record_sink {
    void (*on_record)(void *ctx, const char *stream, const char *record, size_t len);
    void *ctx;
} record_sink;

static int record_open(ss_rt_sink *k, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    (void)k;
    return 0;
}

static void record_write(ss_rt_sink *k, const ss_rows *rows)
{
    record_sink *r = k->impl;
    for (uint32_t i = 0; i < rows->n; i++) {
        ss_buf_clear(&k->buf);
        ss_encode_row(&k->enc, ss_rows_row(rows, i), &k->buf);
        size_t len = k->buf.len;
        if (len && k->buf.data[len - 1] == '\n')
            len--;
        r->on_record(r->ctx, k->def->name, k->buf.data, len);
    }
    ss_buf_clear(&k->buf);
}

static int record_flush(ss_rt_sink *k)
{
    (void)k;
    return 0;
}

static int record_drain(ss_rt_sink *k, int timeout_ms)
{
    (void)k;
    (void)timeout_ms;
    return 0;
}

static void record_close(ss_rt_sink *k)
{
    free(k->impl);
    k->impl = NULL;
}

static const ss_sink_driver record_sink_driver = {record_open, record_write, record_flush, record_drain,
                                                  record_close, NULL, NULL};

int ss_rt_sink_open_records(ss_rt_sink *k, const ss_stream *s,
                            void (*on_record)(void *ctx, const char *stream, const char *record, size_t len),
                            void *ctx, char *err, size_t errlen)
{
    memset(k, 0, sizeof *k);
    k->def = s;
    k->path = "-";
    k->drv = &record_sink_driver;
    record_sink *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    r->on_record = on_record;
    r->ctx = ctx;
    k->impl = r;
    /* Always JSON, whatever the stream's FORMAT: the callback's contract. */
    k->enc.format = SS_FMT_JSON;
    k->enc.cols = s->cols;
    k->enc.ncols = s->ncols;
    ss_encoder_cache_keys(&k->enc);
    return k->drv->open(k, err, errlen);
}
