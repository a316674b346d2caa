/* For the benchmarks: an application compiled from SQL text, and what its
 * analysis points into (the arena, the diagnostics), kept until
 * compiled_free. */
#ifndef SS_BENCH_COMPILED_H
#define SS_BENCH_COMPILED_H

#include "sql/analyze.h"

#include <stdio.h>
#include <string.h>

typedef struct compiled {
    ss_source src;
    ss_arena arena;
    ss_diags diags;
    ss_app *app; /* NULL when the SQL does not compile (diagnostics printed) */
} compiled;

/* The text must outlive c. */
static inline ss_app *compile_app(compiled *c, const char *name, const char *sql)
{
    c->src = (ss_source){name, sql, strlen(sql)};
    ss_arena_init(&c->arena, 65536);
    ss_diags_init(&c->diags, &c->src);
    c->app = ss_compile(&c->src, &c->arena, &c->diags);
    if (!c->app)
        ss_diags_print(&c->diags, stderr);
    return c->app;
}

static inline void compiled_free(compiled *c)
{
    ss_diags_free(&c->diags);
    ss_arena_free(&c->arena);
}

#endif
