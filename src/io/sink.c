/* File and stdout sinks: rows encoded into a buffer that is written out in
 * large pieces. A write that fails is a runtime failure of the application
 * (exit 1), never a silent loss. */
#include "exec/rt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SINK_FLUSH_BYTES (256u << 10)

int ss_rt_sink_open(ss_rt_sink *k, const char *path, const ss_stream *s, char *err, size_t errlen)
{
    memset(k, 0, sizeof *k);
    k->path = path;
    k->enc.format = s->binding.format;
    k->enc.delimiter = s->binding.csv_delimiter ? s->binding.csv_delimiter : ',';
    k->enc.cols = s->cols;
    k->enc.ncols = s->ncols;
    if (strcmp(path, "-") == 0) {
        k->fd = 1;
    } else {
        k->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (k->fd < 0) {
            snprintf(err, errlen, "cannot open %s for stream %s: %s", path, s->name, strerror(errno));
            return -1;
        }
        k->own_fd = true;
    }
    ss_encoder_cache_keys(&k->enc);
    if (k->enc.format == SS_FMT_CSV && s->binding.csv_header)
        ss_encode_header(&k->enc, &k->buf);
    return 0;
}

void ss_rt_sink_write(ss_rt_sink *k, const ss_rows *rows)
{
    for (uint32_t r = 0; r < rows->n; r++)
        ss_encode_row(&k->enc, ss_rows_row(rows, r), &k->buf);
    k->rows += rows->n;
    if (k->buf.len >= SINK_FLUSH_BYTES)
        ss_rt_sink_flush(k);
}

int ss_rt_sink_flush(ss_rt_sink *k)
{
    size_t off = 0;
    while (off < k->buf.len && !k->failed) {
        ssize_t n = write(k->fd, k->buf.data + off, k->buf.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            k->failed = true;
            k->error = errno ? errno : EIO;
            break;
        }
        off += (size_t)n;
    }
    ss_buf_clear(&k->buf);
    return k->failed ? -1 : 0;
}

void ss_rt_sink_close(ss_rt_sink *k)
{
    ss_rt_sink_flush(k);
    if (k->own_fd && k->fd >= 0 && close(k->fd) != 0 && !k->failed) {
        k->failed = true;
        k->error = errno;
    }
    k->fd = -1;
    ss_buf_free(&k->buf);
    ss_encoder_free(&k->enc);
}
