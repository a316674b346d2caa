/* RFC 4180 CSV record splitter (see csvscan.h). Lines without quotes, the common case,
 * take memchr-speed paths; quoted fields point into the record unless they hold "". */
#include "io/csvscan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

size_t ss_csv_record_end(const char *buf, size_t len, char delim, int *complete)
{
    const char *end = buf + len;
    const char *nl = memchr(buf, '\n', len);
    if (!nl) {
        *complete = 0;
        return len;
    }
    if (!memchr(buf, '"', (size_t)(nl - buf))) {
        *complete = 1;
        return (size_t)(nl - buf) + 1;
    }

    /* A quote somewhere before the first newline: follow the quoting. In a quoted field a
     * quote moves to AFTER; another quote right after goes back in (that was a "" pair),
     * anything else ends the field. Quotes in unquoted text are left to ss_csv_split. */
    enum { START, UNQUOTED, QUOTED, AFTER } st = START;
    for (const char *p = buf; p < end; p++) {
        char c = *p;
        switch (st) {
        case START:
            st = c == '"' ? QUOTED : UNQUOTED;
            break;
        case UNQUOTED:
            break;
        case QUOTED:
            if (c == '"')
                st = AFTER;
            continue;
        case AFTER:
            if (c == '"') {
                st = QUOTED;
                continue;
            }
            st = UNQUOTED;
            break;
        }
        if (c == '\n') {
            *complete = 1;
            return (size_t)(p - buf) + 1;
        }
        if (c == delim)
            st = START;
    }
    *complete = 0;
    return len;
}

void ss_csv_scratch_init(ss_csv_scratch *sc) { memset(sc, 0, sizeof *sc); }

void ss_csv_scratch_free(ss_csv_scratch *sc) { ss_buf_free(&sc->buf); }

__attribute__((format(printf, 4, 5))) static int fail(ss_csv_error *err, const char *rec,
                                                      const char *at, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->offset = (size_t)(at - rec);
    }
    return -1;
}

int ss_csv_split(const char *rec, size_t len, char delim, ss_csv_field *fields, int maxfields,
                 ss_csv_scratch *sc, ss_csv_error *err)
{
    if (delim == '"' || delim == '\n' || delim == '\r')
        return fail(err, rec, rec, "bad CSV delimiter 0x%02x", (unsigned char)delim);
    if (len && rec[len - 1] == '\n') {
        len--;
        if (len && rec[len - 1] == '\r')
            len--;
    }
    /* Unescaped fields are never longer than the record: reserving that much once keeps
     * earlier fields' pointers valid while later ones are added. */
    ss_buf *b = &sc->buf;
    b->len = 0;
    if (b->cap < len + 2)
        ss_buf_reserve(b, len + 1);

    const char *p = rec, *end = rec + len, *over = NULL;
    int n = 0;
    for (;;) {
        ss_csv_field f;
        const char *fstart = p;
        if (p < end && *p == '"') {
            const char *open = p, *q = p + 1, *close;
            int pairs = 0;
            for (;;) {
                close = memchr(q, '"', (size_t)(end - q));
                if (!close)
                    return fail(err, rec, open, "unterminated quoted field");
                if (close + 1 < end && close[1] == '"') {
                    pairs = 1;
                    q = close + 2;
                    continue;
                }
                break;
            }
            f.quoted = true;
            if (!pairs) {
                f.s = open + 1;
                f.len = (size_t)(close - open - 1);
            } else {
                char *d = b->data + b->len, *d0 = d;
                for (const char *s = open + 1; s < close; s++) {
                    *d++ = *s;
                    if (*s == '"')
                        s++; /* the second of a "" pair */
                }
                f.s = d0;
                f.len = (size_t)(d - d0);
                b->len += f.len;
            }
            p = close + 1;
            if (p < end && *p != delim)
                return fail(err, rec, p, "text after the closing quote of a quoted field");
        } else {
            const char *e = p;
            while (e < end && *e != delim) {
                if (*e == '"')
                    return fail(err, rec, e, "quote inside an unquoted field");
                e++;
            }
            f.s = p;
            f.len = (size_t)(e - p);
            f.quoted = false;
            p = e;
        }
        if (n < maxfields)
            fields[n] = f;
        else if (!over)
            over = fstart;
        n++;
        if (p == end)
            break;
        p++; /* the delimiter; a record ending in one has an empty last field */
    }
    if (over)
        return fail(err, rec, over, "too many fields: %d, at most %d expected", n, maxfields);
    return n;
}
