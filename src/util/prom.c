/* The Prometheus text exposition format: see prom.h. */
#include "util/prom.h"
#include "util/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ss_prom_init(ss_prom *p, const char *app)
{
    memset(p, 0, sizeof *p);
    if (app && *app) {
        ss_buf_puts(&p->app_label, "app=\"");
        ss_prom_escape(&p->app_label, app);
        ss_buf_putc(&p->app_label, '"');
    }
}

void ss_prom_free(ss_prom *p)
{
    for (uint32_t i = 0; i < p->nslots; i++)
        ss_buf_free(&p->slots[i].samples);
    free(p->slots);
    ss_buf_free(&p->app_label);
    ss_buf_free(&p->text);
    memset(p, 0, sizeof *p);
}

void ss_prom_begin(ss_prom *p)
{
    for (uint32_t i = 0; i < p->nslots; i++)
        ss_buf_clear(&p->slots[i].samples);
    ss_buf_clear(&p->text);
}

void ss_prom_escape(ss_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': ss_buf_puts(out, "\\\\"); break;
        case '"': ss_buf_puts(out, "\\\""); break;
        case '\n': ss_buf_puts(out, "\\n"); break;
        default: ss_buf_putc(out, *s);
        }
    }
}

/* HELP text escapes only backslash and line feed. */
static void escape_help(ss_buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            ss_buf_puts(out, "\\\\");
        else if (*s == '\n')
            ss_buf_puts(out, "\\n");
        else
            ss_buf_putc(out, *s);
    }
}

/* A handful of families: a linear search by address is the cheapest map. */
static ss_buf *family_buf(ss_prom *p, const ss_prom_family *f)
{
    for (uint32_t i = 0; i < p->nslots; i++)
        if (p->slots[i].family == f)
            return &p->slots[i].samples;
    SS_GROW(p->slots, p->cap, p->nslots + 1);
    ss_prom_slot *s = &p->slots[p->nslots++];
    memset(s, 0, sizeof *s);
    s->family = f;
    return &s->samples;
}

/* The sample's name and labels, up to the space before its value. */
static ss_buf *sample_start(ss_prom *p, const ss_prom_family *f, const char *const *labels)
{
    ss_buf *b = family_buf(p, f);
    ss_buf_puts(b, f->name);
    bool any = p->app_label.len > 0;
    if (any || (labels && labels[0])) {
        ss_buf_putc(b, '{');
        if (p->app_label.len)
            ss_buf_append(b, p->app_label.data, p->app_label.len);
        for (uint32_t i = 0; labels && labels[i]; i += 2) {
            if (any)
                ss_buf_putc(b, ',');
            any = true;
            ss_buf_puts(b, labels[i]);
            ss_buf_puts(b, "=\"");
            ss_prom_escape(b, labels[i + 1] ? labels[i + 1] : "");
            ss_buf_putc(b, '"');
        }
        ss_buf_putc(b, '}');
    }
    ss_buf_putc(b, ' ');
    return b;
}

void ss_prom_u64(ss_prom *p, const ss_prom_family *f, const char *const *labels, uint64_t v)
{
    ss_buf_printf(sample_start(p, f, labels), "%llu\n", (unsigned long long)v);
}

void ss_prom_i64(ss_prom *p, const ss_prom_family *f, const char *const *labels, int64_t v)
{
    ss_buf_printf(sample_start(p, f, labels), "%lld\n", (long long)v);
}

void ss_prom_f64(ss_prom *p, const ss_prom_family *f, const char *const *labels, double v)
{
    ss_buf *b = sample_start(p, f, labels);
    if (isnan(v))
        ss_buf_puts(b, "NaN\n");
    else if (isinf(v))
        ss_buf_puts(b, v > 0 ? "+Inf\n" : "-Inf\n");
    else {
        /* The shortest text that reads back as v: 1.5, not 1.5000000000000000. */
        char t[40];
        snprintf(t, sizeof t, "%.15g", v);
        if (strtod(t, NULL) != v)
            snprintf(t, sizeof t, "%.17g", v);
        ss_buf_puts(b, t);
        ss_buf_putc(b, '\n');
    }
}

const char *ss_prom_text(ss_prom *p, size_t *len)
{
    ss_buf_clear(&p->text);
    for (uint32_t i = 0; i < p->nslots; i++) {
        const ss_prom_slot *s = &p->slots[i];
        if (!s->samples.len)
            continue; /* a family with nothing to say this time */
        ss_buf_puts(&p->text, "# HELP ");
        ss_buf_puts(&p->text, s->family->name);
        ss_buf_putc(&p->text, ' ');
        escape_help(&p->text, s->family->help);
        ss_buf_puts(&p->text, "\n# TYPE ");
        ss_buf_puts(&p->text, s->family->name);
        ss_buf_putc(&p->text, ' ');
        ss_buf_puts(&p->text, s->family->type);
        ss_buf_putc(&p->text, '\n');
        ss_buf_append(&p->text, s->samples.data, s->samples.len);
    }
    *len = p->text.len;
    return ss_buf_cstr(&p->text);
}

typedef struct merged_family {
    const char *name; /* into one of the texts */
    size_t name_len;
    ss_buf head; /* # HELP and # TYPE */
    bool has_help, has_type;
    ss_buf samples;
} merged_family;

static merged_family *merged_find(merged_family **fams, uint32_t *n, uint32_t *cap, const char *name,
                                  size_t len)
{
    for (uint32_t i = 0; i < *n; i++)
        if ((*fams)[i].name_len == len && memcmp((*fams)[i].name, name, len) == 0)
            return &(*fams)[i];
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *fams = ss_xrealloc(*fams, sizeof(merged_family) * *cap);
    }
    merged_family *f = &(*fams)[(*n)++];
    memset(f, 0, sizeof *f);
    f->name = name;
    f->name_len = len;
    return f;
}

void ss_prom_merge(ss_buf *out, const char *const *texts, const size_t *lens, uint32_t n)
{
    merged_family *fams = NULL;
    uint32_t nfams = 0, cap = 0;
    for (uint32_t t = 0; t < n; t++) {
        const char *p = texts[t], *end = texts[t] + lens[t];
        while (p < end) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            if (!eol)
                eol = end;
            const char *name = p;
            bool comment = eol - p > 7 && (memcmp(p, "# HELP ", 7) == 0 || memcmp(p, "# TYPE ", 7) == 0);
            if (comment)
                name = p + 7;
            size_t len = strcspn(name, "{ \n");
            if (name + len > eol)
                len = (size_t)(eol - name);
            if (len && (comment || p[0] != '#')) {
                merged_family *f = merged_find(&fams, &nfams, &cap, name, len);
                bool *seen = !comment ? NULL : p[2] == 'H' ? &f->has_help : &f->has_type;
                if (!seen || !*seen) { /* a family's comments come from the first text with them */
                    ss_buf *to = seen ? &f->head : &f->samples;
                    ss_buf_append(to, p, (size_t)(eol - p));
                    ss_buf_putc(to, '\n');
                    if (seen)
                        *seen = true;
                }
            }
            p = eol + 1;
        }
    }
    for (uint32_t i = 0; i < nfams; i++) {
        if (fams[i].samples.len) {
            ss_buf_append(out, fams[i].head.data, fams[i].head.len);
            ss_buf_append(out, fams[i].samples.data, fams[i].samples.len);
        }
        ss_buf_free(&fams[i].head);
        ss_buf_free(&fams[i].samples);
    }
    free(fams);
}
