/* For unit tests that feed an operator directly: compiles an application
 * from SQL text and keeps what its analysis points into (the text, the
 * arena, the diagnostics) alive until compiled_free. A test that does not
 * compile fails, with the diagnostics printed. */
#ifndef SS_TEST_COMPILE_APP_H
#define SS_TEST_COMPILE_APP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/analyze.h"

typedef struct compiled {
    char *text;
    ss_source src;
    ss_arena arena;
    ss_diags diags;
    ss_app *app;
} compiled;

static compiled *compile_app(const char *sql)
{
    compiled *c = calloc(1, sizeof *c);
    assert_non_null(c);
    size_t n = strlen(sql);
    c->text = malloc(n + 1);
    assert_non_null(c->text);
    memcpy(c->text, sql, n + 1);
    c->src.name = "test.sql";
    c->src.text = c->text;
    c->src.len = n;
    ss_arena_init(&c->arena, 4096);
    ss_diags_init(&c->diags, &c->src);
    c->app = ss_compile(&c->src, &c->arena, &c->diags);
    if (!c->app) {
        ss_diags_print(&c->diags, stderr);
        fail_msg("does not compile: %s", sql);
    }
    assert_true(c->app->npumps >= 1);
    return c;
}

static void compiled_free(compiled *c)
{
    ss_diags_free(&c->diags);
    ss_arena_free(&c->arena);
    free(c->text);
    free(c);
}

#endif
