/* The Prometheus text exposition format (version 0.0.4), built into one
 * reusable buffer: samples may be added in any order, and each family comes
 * out once, with its # HELP and # TYPE lines, its samples together, as the
 * format requires. Drivers add their own families (Kafka lag, Kinesis
 * MillisBehindLatest) without the renderer knowing them. */
#ifndef SS_PROM_H
#define SS_PROM_H

#include "util/buf.h"

#include <stdbool.h>
#include <stdint.h>

/* A metric family, defined once as a static constant; its address is its
 * identity. type: "counter" (name ends in _total) or "gauge". */
typedef struct ss_prom_family {
    const char *name, *type, *help;
} ss_prom_family;

typedef struct ss_prom_slot {
    const ss_prom_family *family;
    ss_buf samples;
} ss_prom_slot;

typedef struct ss_prom {
    ss_buf app_label; /* app="...", escaped once */
    ss_prom_slot *slots; /* in the order the families were first used */
    uint32_t nslots, cap;
    ss_buf text;
} ss_prom;

/* app: the value of the app label every sample carries; NULL or "": none. */
void ss_prom_init(ss_prom *p, const char *app);
void ss_prom_free(ss_prom *p);
/* Starts a new exposition: samples of the previous one are dropped, the
 * buffers kept. */
void ss_prom_begin(ss_prom *p);
/* One sample. labels: name/value pairs, then NULL (NULL itself: none); the
 * names are identifiers, the values any text (escaped here). */
void ss_prom_u64(ss_prom *p, const ss_prom_family *f, const char *const *labels, uint64_t v);
void ss_prom_i64(ss_prom *p, const ss_prom_family *f, const char *const *labels, int64_t v);
void ss_prom_f64(ss_prom *p, const ss_prom_family *f, const char *const *labels, double v);
/* The whole exposition, valid until the next ss_prom_begin. */
const char *ss_prom_text(ss_prom *p, size_t *len);

/* Several expositions (serve's applications, each from its own process) as
 * one: every family once, its # HELP and # TYPE lines from the first text
 * that has them, then its samples from every text, in order. Lines other
 * than comments and samples are dropped. Appends to out. */
void ss_prom_merge(ss_buf *out, const char *const *texts, const size_t *lens, uint32_t n);

/* A label value as the format wants it: backslash, double quote and line
 * feed escaped as \\, \" and \n; everything else as is. */
void ss_prom_escape(ss_buf *out, const char *s);

#endif
