/* The file and stdin source: reads 1 MiB chunks and splits them into records
 * (lines for JSON, RFC 4180 records for CSV, which may span lines); a pipe or
 * a terminal is read only when poll() says so, so other sources go on. */
#include "exec/rt.h"
#include "io/csvscan.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (1u << 20)

typedef struct file_src {
    int fd;
    bool own_fd, regular, eof;
    char *buf;
    size_t cap, len, pos; /* bytes [pos, len) not processed yet */
    uint64_t base;        /* file offset of buf[0] */
    uint64_t line;        /* line number of the record at pos */
    bool skipping;        /* inside an over-long record, dropping to its end */
} file_src;

static int file_open(ss_rt_source *s, char *err, size_t errlen)
{
    file_src *f = ss_xcalloc(1, sizeof *f);
    s->impl = f;
    const char *path = s->def->binding.target;
    if (strcmp(path, "-") == 0) {
        f->fd = 0;
    } else {
        f->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (f->fd < 0) {
            snprintf(err, errlen, "cannot open %s (stream %s): %s", path, s->def->name, strerror(errno));
            return -1;
        }
        f->own_fd = true;
    }
    struct stat st;
    f->regular = fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode);
    f->cap = s->rt->opts.max_record_bytes + READ_CHUNK;
    f->buf = ss_xmalloc(f->cap + 1);
    f->line = 1;
    return 0;
}

static void file_close(ss_rt_source *s)
{
    file_src *f = s->impl;
    if (!f)
        return;
    if (f->own_fd && f->fd >= 0)
        close(f->fd);
    free(f->buf);
    free(f);
    s->impl = NULL;
}

static uint64_t count_newlines(const char *p, size_t n)
{
    uint64_t k = 0;
    for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q))) != NULL; q++)
        k++;
    return k;
}

/* Processes the complete records in [pos, len); at end of input the rest too. */
static size_t process_buffer(ss_rt_source *s, file_src *f)
{
    size_t done = 0;
    char delim = s->def->binding.csv_delimiter ? s->def->binding.csv_delimiter : ',';
    bool csv = s->def->binding.format == SS_FMT_CSV;
    int64_t now = s->rt->now_ms;
    while (f->pos < f->len) {
        const char *p = f->buf + f->pos;
        size_t avail = f->len - f->pos;
        if (f->skipping) {
            const char *nl = memchr(p, '\n', avail);
            if (!nl) {
                f->pos = f->len;
                break;
            }
            f->pos += (size_t)(nl - p) + 1;
            f->line++;
            f->skipping = false;
            continue;
        }
        size_t reclen, consumed;
        if (csv) {
            int complete;
            consumed = ss_csv_record_end(p, avail, delim, &complete);
            if (!complete && !f->eof)
                consumed = 0;
            reclen = consumed;
        } else {
            const char *nl = memchr(p, '\n', avail);
            consumed = nl ? (size_t)(nl - p) + 1 : (f->eof ? avail : 0);
            reclen = nl ? (size_t)(nl - p) : avail;
        }
        if (consumed == 0) {
            if (avail >= s->rt->opts.max_record_bytes) {
                /* No end in sight: report the record once and drop up to its end. */
                ss_src_record(s, 0, f->line, p, avail, now);
                f->pos = f->len;
                f->skipping = true;
            }
            break;
        }
        ss_src_record(s, 0, f->line, p, reclen, now);
        f->line += csv ? count_newlines(p, consumed) : 1;
        f->pos += consumed;
        done++;
    }
    return done;
}

static size_t file_step(ss_rt_source *s)
{
    file_src *f = s->impl;
    bool got_bytes = false; /* reading counts as progress, even inside a record being skipped */
    if (!f->eof) {
        if (f->pos > 0) {
            memmove(f->buf, f->buf + f->pos, f->len - f->pos);
            f->len -= f->pos;
            f->base += f->pos;
            f->pos = 0;
        }
        bool ready = f->regular;
        if (!ready) {
            struct pollfd pfd = {f->fd, POLLIN, 0};
            ready = poll(&pfd, 1, 0) > 0;
        }
        if (ready && f->len < f->cap) {
            size_t want = f->cap - f->len < READ_CHUNK ? f->cap - f->len : READ_CHUNK;
            ssize_t n = read(f->fd, f->buf + f->len, want);
            if (n > 0) {
                f->len += (size_t)n;
                got_bytes = true;
            } else if (n == 0) {
                f->eof = true;
            } else if (errno != EINTR && errno != EAGAIN) {
                s->rt->failed = true;
                snprintf(s->rt->failure, sizeof s->rt->failure, "cannot read %s: %s", s->def->binding.target,
                         strerror(errno));
                f->eof = true;
            }
        }
    }
    size_t done = process_buffer(s, f);
    ss_src_release(s);
    if (f->eof && f->pos >= f->len)
        ss_src_end(s);
    return done + (s->done || got_bytes ? 1 : 0);
}

static void file_wait(ss_rt_source *s, struct pollfd *fds, uint32_t *n, uint32_t max, int *timeout)
{
    (void)timeout;
    file_src *f = s->impl;
    if (!f->regular && !f->eof && *n < max)
        fds[(*n)++] = (struct pollfd){f->fd, POLLIN, 0};
}

static void file_position(const ss_rt_source *s, ss_origin o, ss_err_position *pos)
{
    pos->kind = SS_POS_FILE;
    pos->name = s->def->binding.target;
    pos->line = o.offset;
}

/* The position is the offset of the first record not yet read: every
 * record before it is in the checkpoint's state, or out. */
static int file_save(ss_rt_source *s, ss_buf *pos, char *err, size_t errlen)
{
    file_src *f = s->impl;
    if (!f->regular) {
        snprintf(err, errlen, "--checkpoint: stream %s reads %s, which cannot be read again after a restart",
                 s->def->name, f->fd == 0 ? "stdin" : "a pipe or device");
        return -1;
    }
    ss_put_u64(pos, f->base + f->pos);
    ss_put_u64(pos, f->line);
    ss_put_u64(pos, f->skipping);
    return 0;
}

/* A CSV header maps columns by name; resuming past it, it is read again. */
static int reread_header(ss_rt_source *s, file_src *f, char *err, size_t errlen)
{
    ssize_t n = pread(f->fd, f->buf, f->cap, 0);
    if (n < 0) {
        snprintf(err, errlen, "cannot read %s: %s", s->def->binding.target, strerror(errno));
        return -1;
    }
    char delim = s->def->binding.csv_delimiter ? s->def->binding.csv_delimiter : ',';
    int complete;
    size_t len = ss_csv_record_end(f->buf, (size_t)n, delim, &complete);
    ss_decode_error de;
    ss_decode(s->dec, f->buf, len, ss_src_slot(s), &s->rt->arena, &s->truncations, &de);
    return 0;
}

static int file_restore(ss_rt_source *s, ss_reader *pos, char *err, size_t errlen)
{
    file_src *f = s->impl;
    uint64_t off = ss_get_u64(pos);
    uint64_t line = ss_get_u64(pos);
    bool skipping = ss_get_u64(pos) != 0;
    if (pos->bad)
        return 0; /* reported as damage by the caller */
    struct stat st;
    if (fstat(f->fd, &st) != 0 || (uint64_t)st.st_size < off) {
        snprintf(err, errlen, "input %s is shorter than at the checkpoint (%llu bytes): it was changed",
                 s->def->binding.target, (unsigned long long)off);
        return -1;
    }
    if (off > 0 && s->def->binding.format == SS_FMT_CSV && s->def->binding.csv_header &&
        reread_header(s, f, err, errlen))
        return -1;
    if (lseek(f->fd, (off_t)off, SEEK_SET) < 0) {
        snprintf(err, errlen, "cannot seek in %s: %s", s->def->binding.target, strerror(errno));
        return -1;
    }
    f->base = off;
    f->len = f->pos = 0;
    f->line = line;
    f->skipping = skipping;
    return 0;
}

const ss_source_driver ss_file_source = {
    file_open, file_step, file_wait, ss_src_no_delivery, file_close, file_position, false, file_save, file_restore,
};

