/* Shared helpers for the front-end tests (test_lexer.c, test_parser.c,
 * test_analyzer.c): compile a string, look at its diagnostics in source order,
 * assert an exact list of errors, print statements canonically, read files.
 * Everything is static: each test binary includes this header once. */
#ifndef SS_TEST_FRONTEND_SUPPORT_H
#define SS_TEST_FRONTEND_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sql/analyze.h"
#include "sql/explain.h"
#include "sql/lex.h"
#include "sql/parse.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not every test binary uses every helper. */
#define FE_HELPER static __attribute__((unused))

/* One compiled (or only parsed) script and everything it owns. */
typedef struct fe_result {
    char *text; /* NUL-terminated copy: the lexer needs text[len] == 0 */
    ss_source src;
    ss_arena arena;
    ss_diags diags;
    ss_script *script;
    ss_app *app;      /* NULL when only parsed or when there were errors */
    size_t nparse;    /* diagnostics from the parse (the first nparse of diags) */
} fe_result;

FE_HELPER fe_result *fe_run(const char *sql, size_t len, bool analyze)
{
    fe_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->text = malloc(len + 1);
    assert_non_null(r->text);
    memcpy(r->text, sql, len);
    r->text[len] = 0;
    r->src.name = "test.sql";
    r->src.text = r->text;
    r->src.len = len;
    ss_arena_init(&r->arena, 4096);
    ss_diags_init(&r->diags, &r->src);
    r->script = ss_parse(&r->src, &r->arena, &r->diags);
    r->nparse = r->diags.n;
    if (analyze) {
        ss_app *app = ss_analyze(r->script, &r->src, &r->arena, &r->diags);
        r->app = r->diags.n ? NULL : app;
    }
    return r;
}

/* Parse + analyze, as ss_compile does, but keeping the script for inspection. */
FE_HELPER fe_result *fe_compile(const char *sql) { return fe_run(sql, strlen(sql), true); }
FE_HELPER fe_result *fe_compile_n(const char *sql, size_t len) { return fe_run(sql, len, true); }
FE_HELPER fe_result *fe_parse(const char *sql) { return fe_run(sql, strlen(sql), false); }
FE_HELPER fe_result *fe_parse_n(const char *sql, size_t len) { return fe_run(sql, len, false); }

FE_HELPER void fe_free(fe_result *r)
{
    if (!r)
        return;
    ss_diags_free(&r->diags);
    ss_arena_free(&r->arena);
    free(r->text);
    free(r);
}

/* The diagnostics in source order (stable for equal positions), as `check` prints them. */
FE_HELPER const ss_diag **fe_sorted_diags(const fe_result *r)
{
    const ss_diag **v = malloc(sizeof(*v) * (r->diags.n + 1));
    assert_non_null(v);
    for (size_t i = 0; i < r->diags.n; i++) {
        const ss_diag *d = &r->diags.items[i];
        size_t j = i;
        while (j > 0 && v[j - 1]->pos.offset > d->pos.offset) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = d;
    }
    return v;
}

FE_HELPER void fe_dump_diags(const fe_result *r)
{
    const ss_diag **v = fe_sorted_diags(r);
    for (size_t i = 0; i < r->diags.n; i++)
        print_error("    actual   %u:%u: %s\n", v[i]->pos.line, v[i]->pos.col, v[i]->msg);
    free(v);
}

typedef struct fe_err {
    unsigned line, col;
    const char *msg;
} fe_err;

/* Asserts that r reported exactly `want` (in source order): line, column, message. */
FE_HELPER void fe_check_errors(const char *file, int line, const fe_result *r, const fe_err *want, size_t n)
{
    const ss_diag **v = fe_sorted_diags(r);
    bool ok = r->diags.n == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = v[i]->pos.line == want[i].line && v[i]->pos.col == want[i].col &&
             strcmp(v[i]->msg, want[i].msg) == 0;
    free(v);
    if (ok)
        return;
    print_error("diagnostics differ for:\n%s\n", r->text);
    for (size_t i = 0; i < n; i++)
        print_error("    expected %u:%u: %s\n", want[i].line, want[i].col, want[i].msg);
    fe_dump_diags(r);
    _fail(file, line);
}

FE_HELPER void fe_expect_errors_(const char *file, int line, const char *sql, bool analyze,
                              const fe_err *want, size_t n)
{
    fe_result *r = fe_run(sql, strlen(sql), analyze);
    fe_check_errors(file, line, r, want, n);
    fe_free(r);
}

#define FE_ERRS(...) ((const fe_err[]){__VA_ARGS__}), (sizeof((const fe_err[]){__VA_ARGS__}) / sizeof(fe_err))
/* EXPECT_ERRORS(sql, {line, col, "message"}, ...): compile (parse + analyze) and
 * require exactly these errors. EXPECT_PARSE_ERRORS: the parser alone. */
#define EXPECT_ERRORS(sql, ...) fe_expect_errors_(__FILE__, __LINE__, (sql), true, FE_ERRS(__VA_ARGS__))
#define EXPECT_PARSE_ERRORS(sql, ...) fe_expect_errors_(__FILE__, __LINE__, (sql), false, FE_ERRS(__VA_ARGS__))

/* Compiles sql and requires that it has no diagnostics at all; the caller frees. */
FE_HELPER fe_result *fe_expect_ok_(const char *file, int line, const char *sql)
{
    fe_result *r = fe_compile(sql);
    if (r->diags.n || !r->app) {
        print_error("expected no diagnostics for:\n%s\n", sql);
        fe_dump_diags(r);
        _fail(file, line);
    }
    return r;
}
#define EXPECT_OK(sql) fe_expect_ok_(__FILE__, __LINE__, (sql))

/* Canonical text of every statement of a script, one per line; the caller frees. */
FE_HELPER char *fe_print_script(const ss_script *s)
{
    ss_buf b = {0};
    for (uint32_t i = 0; i < s->n; i++)
        ss_ast_print_stmt(s->stmts[i], &b);
    char *out = strdup(ss_buf_cstr(&b));
    ss_buf_free(&b);
    assert_non_null(out);
    return out;
}

/* Whole file into a NUL-terminated buffer; *len gets its size. The caller frees. */
FE_HELPER char *fe_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    ss_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ss_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    char *out = malloc(b.len + 1);
    assert_non_null(out);
    if (b.len)
        memcpy(out, b.data, b.len);
    out[b.len] = 0;
    ss_buf_free(&b);
    return out;
}

#endif
