/* The Prometheus text exposition format: see prom.h. */
#include "util/prom.h"
#include "util/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
