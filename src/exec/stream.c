/* Runtime streams: fan-out of rows to the pumps that read a stream and to its
 * sink, merging of several writers in ROWTIME order, and watermarks, which
 * only move forward. Also the error stream, which every stage writes to. */
#include "exec/rt.h"
#include "util/mem.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void deliver(ss_rt_stream *s, const ss_rows *rows)
{
    if (!rows->n)
        return;
    s->rows += rows->n;
    if (s->sink)
        ss_rt_sink_write(s->sink, rows);
    for (uint32_t i = 0; i < s->nreaders; i++)
        ss_rt_pump_push(s->readers[i], rows);
}

void ss_rt_stream_push(ss_rt_stream *s, const ss_rows *rows, uint32_t writer)
{
    (void)writer;
    if (!s->merge) {
        deliver(s, rows);
        return;
    }
    /* Several writers: a row may only go on once every writer has promised
     * nothing earlier will follow, so it waits for their watermarks. */
    for (uint32_t r = 0; r < rows->n; r++)
        ss_rowbuf_add(s->merge, rows->rowtime[r], ss_rows_row(rows, r),
                      rows->origin ? rows->origin[r] : ss_origin_none());
}

void ss_rt_stream_advance(ss_rt_stream *s, uint32_t writer, int64_t wm)
{
    int64_t next = wm;
    if (s->merge) {
        if (wm > s->writer_wm[writer])
            s->writer_wm[writer] = wm;
        next = INT64_MAX;
        for (uint32_t w = 0; w < s->nwriters; w++)
            if (s->writer_wm[w] < next)
                next = s->writer_wm[w];
        while (ss_rowbuf_take(s->merge, next, &s->merged, SS_BATCH))
            deliver(s, &s->merged);
        ss_rowbuf_done(s->merge);
    }
    if (next <= s->wm)
        return;
    s->wm = next;
    for (uint32_t i = 0; i < s->nreaders; i++)
        ss_rt_pump_advance(s->readers[i], next);
}

int64_t ss_rt_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ss_rt_row_text(const ss_stream *s, const ss_value *row, ss_buf *out)
{
    ss_encoder enc = {.format = SS_FMT_JSON, .delimiter = ',', .cols = s->cols, .ncols = s->ncols};
    ss_encode_row(&enc, row, out);
    if (out->len && out->data[out->len - 1] == '\n')
        out->len--;
}

static ss_err_position position_of(ss_rt *rt, ss_origin o)
{
    ss_err_position p = {.kind = SS_POS_NONE};
    if (o.source != SS_ORIGIN_NONE && o.source < rt->nsources)
        rt->sources[o.source].drv->position(&rt->sources[o.source], o, &p);
    return p;
}

void ss_rt_error(ss_rt *rt, ss_err_kind kind, const char *stream, ss_origin origin, const char *message,
                 const char *data, size_t len)
{
    rt->errors[kind]++;
    ss_err_record r = {
        .error_time = rt->now_ms,
        .kind = kind,
        .message = message,
        .stream = stream,
        .position = position_of(rt, origin),
        .data = data,
        .data_len = len,
    };
    ss_errrec_encode(&r, &rt->err_buf);
    if (rt->err_buf.len >= (1u << 16))
        ss_rt_flush_errors(rt);
}

int ss_rt_flush_errors(ss_rt *rt)
{
    size_t off = 0;
    while (off < rt->err_buf.len) {
        ssize_t n = write(rt->err_fd, rt->err_buf.data + off, rt->err_buf.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (!rt->failed) {
                rt->failed = true;
                snprintf(rt->failure, sizeof rt->failure, "cannot write the error stream: %s", strerror(errno));
            }
            break;
        }
        off += (size_t)n;
    }
    ss_buf_clear(&rt->err_buf);
    return rt->failed ? -1 : 0;
}
