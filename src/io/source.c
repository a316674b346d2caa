/* Sources: files, stdin and generators. A source reads a chunk, splits it
 * into records, decodes them into a batch, gives each row its ROWTIME,
 * rejects late rows (ROWTIME below the watermark at arrival), and releases
 * rows in ROWTIME order once the watermark (largest ROWTIME accepted minus
 * WATERMARK_DELAY) has reached them. Every rejected record goes to the error
 * stream with its line number and its bytes. */
#include "exec/rt.h"
#include "io/csvscan.h"
#include "util/mem.h"
#include "util/timeconv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (1u << 20)

/* 2026-01-01T00:00:00Z: where an unpaced generator's event time starts, so
 * that its output does not depend on when it ran. */
#define GENERATOR_EPOCH_MS 1767225600000LL

int ss_rt_source_open(ss_rt *rt, ss_rt_source *s, char *err, size_t errlen)
{
    const ss_stream *def = s->def;
    const ss_binding *b = &def->binding;
    s->rt = rt;
    s->fd = -1;
    s->rowtime_col = def->rowtime_col;
    s->arrival = def->rowtime_col < 0;
    s->delay = b->watermark_delay_ms;
    s->max_rowtime = s->wm = INT64_MIN;
    s->batch.ncols = def->ncols;
    s->batch.rowtime = ss_xcalloc(SS_BATCH, sizeof(int64_t));
    s->batch.vals = ss_xcalloc((size_t)SS_BATCH * (def->ncols ? def->ncols : 1), sizeof(ss_value));
    s->batch.origin = ss_xcalloc(SS_BATCH, sizeof(ss_origin));
    if (s->delay > 0) {
        bool *strings = ss_xcalloc(def->ncols + 1, sizeof(bool));
        for (uint32_t i = 0; i < def->ncols; i++)
            strings[i] = ss_type_is_string(def->cols[i].type);
        s->reorder = ss_rowbuf_new(def->ncols, strings);
        free(strings);
    }
    if (b->connector == SS_CONN_GENERATOR) {
        s->kind = SS_SRC_GENERATOR;
        int64_t start = b->rate > 0 ? rt->now_ms : GENERATOR_EPOCH_MS;
        s->gen = ss_generator_new(b->target, b->seed, b->rate, b->count, start, def->cols, def->ncols, err,
                                  errlen);
        if (!s->gen)
            return -1;
        s->gen_times = ss_xcalloc(SS_BATCH, sizeof(int64_t));
        return 0;
    }
    s->kind = SS_SRC_FILE;
    /* Every declared column is decoded, read by a pump or not: a value that
     * does not fit its column is an error record (SPEC section 5), as KDA
     * reported it. Undeclared JSON keys are skipped without being decoded. */
    s->dec = ss_decoder_new(def, NULL, err, errlen);
    if (!s->dec)
        return -1;
    if (strcmp(b->target, "-") == 0) {
        s->fd = 0;
    } else {
        s->fd = open(b->target, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0) {
            snprintf(err, errlen, "cannot open %s (stream %s): %s", b->target, def->name, strerror(errno));
            return -1;
        }
        s->own_fd = true;
    }
    struct stat st;
    s->regular = fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode);
    s->cap = rt->opts.max_record_bytes + READ_CHUNK;
    s->buf = ss_xmalloc(s->cap + 1);
    s->line = 1;
    return 0;
}

void ss_rt_source_close(ss_rt_source *s)
{
    if (s->own_fd && s->fd >= 0)
        close(s->fd);
    ss_decoder_free(s->dec);
    ss_generator_free(s->gen);
    ss_rowbuf_free(s->reorder);
    free(s->gen_times);
    free(s->buf);
    free(s->batch.rowtime);
    free(s->batch.vals);
    free(s->batch.origin);
}

static void push_batch(ss_rt_source *s)
{
    if (!s->batch.n)
        return;
    ss_rt_stream_push(s->stream, &s->batch, 0);
    s->batch.n = 0;
}

/* Releases what the watermark allows, then moves the watermark downstream. */
static void release(ss_rt_source *s)
{
    push_batch(s);
    if (s->reorder) {
        while (ss_rowbuf_take(s->reorder, s->wm, &s->batch, SS_BATCH)) {
            ss_rt_stream_push(s->stream, &s->batch, 0);
            s->batch.n = 0;
        }
        ss_rowbuf_done(s->reorder);
    }
    ss_rt_stream_advance(s->stream, 0, s->wm);
}

static void source_error(ss_rt_source *s, ss_err_kind kind, uint64_t line, const char *msg, const char *data,
                         size_t len)
{
    s->errors[kind]++;
    ss_origin o = {line, 0, s->id};
    /* The record goes whole: the error record cuts it and says so. */
    ss_rt_error(s->rt, kind, s->def->name, o, msg, data, len);
}

/* ROWTIME checks and release of one decoded row sitting at batch slot batch.n. */
static void accept_row(ss_rt_source *s, uint64_t line, const char *raw, size_t rawlen)
{
    ss_value *vals = ss_rows_row(&s->batch, s->batch.n);
    int64_t t;
    char msg[200];
    if (s->arrival) {
        t = s->rt->now_ms;
        if (t < s->max_rowtime)
            t = s->max_rowtime; /* the wall clock stepped back: keep ROWTIME ordered */
    } else {
        ss_value v = vals[s->rowtime_col];
        if (v.null) {
            snprintf(msg, sizeof msg, "ROWTIME column %s is missing or NULL", s->def->cols[s->rowtime_col].name);
            source_error(s, SS_ERR_ROWTIME, line, msg, raw, rawlen);
            return;
        }
        t = v.i; /* TIMESTAMP, or BIGINT epoch milliseconds */
    }
    if (t < s->wm) {
        char a[SS_TIME_BUFSZ], b[SS_TIME_BUFSZ];
        ss_time_format_timestamp(t, a);
        ss_time_format_timestamp(s->wm, b);
        snprintf(msg, sizeof msg, "late row: ROWTIME %s is below the watermark %s", a, b);
        source_error(s, SS_ERR_LATE, line, msg, raw, rawlen);
        return;
    }
    s->accepted++;
    if (t > s->max_rowtime) {
        s->max_rowtime = t;
        if (__builtin_sub_overflow(t, s->delay, &s->wm))
            s->wm = INT64_MIN;
    }
    ss_origin o = {line, 0, s->id};
    if (s->reorder) {
        ss_rowbuf_add(s->reorder, t, vals, o);
        return;
    }
    s->batch.rowtime[s->batch.n] = t;
    s->batch.origin[s->batch.n] = o;
    if (++s->batch.n == SS_BATCH)
        push_batch(s);
}

static bool blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

static void handle_record(ss_rt_source *s, const char *rec, size_t len, uint64_t line)
{
    /* Blank lines separate nothing in JSON lines; they are not records. */
    if (blank(rec, len))
        return;
    s->records++;
    ss_value *vals = ss_rows_row(&s->batch, s->batch.n);
    ss_decode_error de;
    ss_decode_status st = ss_decode(s->dec, rec, len, vals, &s->rt->arena, &s->truncations, &de);
    switch (st) {
    case SS_DECODE_HEADER:
        s->records--;
        return;
    case SS_DECODE_PARSE:
        source_error(s, SS_ERR_PARSE, line, de.message, rec, len);
        return;
    case SS_DECODE_CONVERT:
        source_error(s, de.column >= 0 && de.column == s->rowtime_col ? SS_ERR_ROWTIME : SS_ERR_CONVERT, line,
                     de.message, rec, len);
        return;
    case SS_DECODE_OK:
        accept_row(s, line, rec, len);
        return;
    }
}

static uint64_t count_newlines(const char *p, size_t n)
{
    uint64_t k = 0;
    for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q))) != NULL; q++)
        k++;
    return k;
}

/* Processes the complete records in [pos, len); at end of input the rest too. */
static size_t process_buffer(ss_rt_source *s)
{
    size_t done = 0;
    char delim = s->def->binding.csv_delimiter ? s->def->binding.csv_delimiter : ',';
    bool csv = s->def->binding.format == SS_FMT_CSV;
    while (s->pos < s->len) {
        const char *p = s->buf + s->pos;
        size_t avail = s->len - s->pos;
        if (s->skipping) {
            const char *nl = memchr(p, '\n', avail);
            if (!nl) {
                s->pos = s->len;
                break;
            }
            s->pos += (size_t)(nl - p) + 1;
            s->line++;
            s->skipping = false;
            continue;
        }
        size_t reclen, consumed;
        if (csv) {
            int complete;
            consumed = ss_csv_record_end(p, avail, delim, &complete);
            if (!complete && !s->eof)
                consumed = 0;
            reclen = consumed;
        } else {
            const char *nl = memchr(p, '\n', avail);
            consumed = nl ? (size_t)(nl - p) + 1 : (s->eof ? avail : 0);
            reclen = nl ? (size_t)(nl - p) : avail;
        }
        if (consumed == 0) {
            if (avail >= s->rt->opts.max_record_bytes) {
                char msg[128];
                snprintf(msg, sizeof msg, "record longer than %llu bytes",
                         (unsigned long long)s->rt->opts.max_record_bytes);
                s->records++;
                source_error(s, SS_ERR_PARSE, s->line, msg, p, avail);
                s->pos = s->len;
                s->skipping = true;
            }
            break;
        }
        if (reclen > s->rt->opts.max_record_bytes) {
            char msg[128];
            snprintf(msg, sizeof msg, "record longer than %llu bytes",
                     (unsigned long long)s->rt->opts.max_record_bytes);
            s->records++;
            source_error(s, SS_ERR_PARSE, s->line, msg, p, reclen);
        } else {
            handle_record(s, p, reclen, s->line);
        }
        s->line += csv ? count_newlines(p, consumed) : 1;
        s->pos += consumed;
        done++;
    }
    return done;
}

static size_t file_step(ss_rt_source *s)
{
    bool got_bytes = false; /* reading counts as progress, even inside a record being skipped */
    if (!s->eof) {
        if (s->pos > 0) {
            memmove(s->buf, s->buf + s->pos, s->len - s->pos);
            s->len -= s->pos;
            s->pos = 0;
        }
        bool ready = s->regular;
        if (!ready) {
            struct pollfd pfd = {s->fd, POLLIN, 0};
            ready = poll(&pfd, 1, 0) > 0;
        }
        if (ready && s->len < s->cap) {
            size_t want = s->cap - s->len < READ_CHUNK ? s->cap - s->len : READ_CHUNK;
            ssize_t n = read(s->fd, s->buf + s->len, want);
            if (n > 0) {
                s->len += (size_t)n;
                got_bytes = true;
            }
            else if (n == 0)
                s->eof = true;
            else if (errno != EINTR && errno != EAGAIN) {
                s->rt->failed = true;
                snprintf(s->rt->failure, sizeof s->rt->failure, "cannot read %s: %s", s->def->binding.target,
                         strerror(errno));
                s->eof = true;
            }
        }
    }
    size_t done = process_buffer(s);
    release(s);
    if (s->eof && s->pos >= s->len)
        ss_rt_source_finish(s);
    return done + (s->done || got_bytes ? 1 : 0);
}

static size_t generator_step(ss_rt_source *s)
{
    uint32_t n = ss_generator_next(s->gen, s->rt->now_ms, s->batch.vals, s->gen_times, SS_BATCH);
    uint64_t first = ss_generator_produced(s->gen) - n;
    /* Rows are checked in place: accepted ones are compacted to the front. */
    ss_rows all = s->batch;
    s->batch.n = 0;
    for (uint32_t i = 0; i < n; i++) {
        s->records++;
        ss_value *src = ss_rows_row(&all, i), *dst = ss_rows_row(&s->batch, s->batch.n);
        if (dst != src)
            memmove(dst, src, sizeof(ss_value) * s->def->ncols);
        accept_row(s, first + i + 1, "", 0);
    }
    release(s);
    if (ss_generator_done(s->gen))
        ss_rt_source_finish(s);
    return n + (s->done ? 1 : 0);
}

size_t ss_rt_source_step(ss_rt_source *s)
{
    if (s->done)
        return 0;
    return s->kind == SS_SRC_GENERATOR ? generator_step(s) : file_step(s);
}

void ss_rt_source_advance_to(ss_rt_source *s, int64_t wm)
{
    if (s->done || wm <= s->wm)
        return;
    s->wm = wm;
    release(s);
}

void ss_rt_source_finish(ss_rt_source *s)
{
    if (s->done)
        return;
    s->done = true;
    s->wm = INT64_MAX;
    release(s);
}
