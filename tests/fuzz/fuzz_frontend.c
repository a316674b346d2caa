/* libFuzzer target for the SQL front end: the input is a SQL script.
 *  - parse it; when it parses without any diagnostic, print it canonically and
 *    parse that again: the reparse must be clean, give as many statements and
 *    print the same text (the printer's contract in ast.h), else abort();
 *  - compile it (parse + analyze) and print the diagnostics with their carets;
 *    when it compiles, run `explain` over it.
 * ASan/UBSan catch memory errors and undefined behaviour, LeakSanitizer leaks.
 * Seeds: queries/ and examples/ (passed as extra corpus directories) and the
 * small hand-written scripts in tests/fuzz/corpus/frontend/; dictionary:
 * tests/fuzz/frontend.dict. */
#include "sql/analyze.h"
#include "sql/explain.h"
#include "sql/parse.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *print_script(const ss_script *s, size_t *len)
{
    ss_buf b = {0};
    for (uint32_t i = 0; i < s->n; i++)
        ss_ast_print_stmt(s->stmts[i], &b);
    ss_buf_cstr(&b);
    *len = b.len;
    return b.data; /* the caller frees */
}

static void round_trip(const char *text, size_t len)
{
    ss_source src = {"fuzz.sql", text, len};
    ss_arena arena;
    ss_diags diags;
    ss_arena_init(&arena, 0);
    ss_diags_init(&diags, &src);
    ss_script *s1 = ss_parse(&src, &arena, &diags);
    if (diags.n == 0 && s1->n > 0) {
        size_t len1, len2;
        char *p1 = print_script(s1, &len1);
        ss_source src2 = {"canonical.sql", p1, len1};
        ss_diags d2;
        ss_diags_init(&d2, &src2);
        ss_script *s2 = ss_parse(&src2, &arena, &d2);
        if (d2.n) {
            fprintf(stderr, "canonical text does not reparse:\n%s\n", p1);
            ss_diags_print(&d2, stderr);
            abort();
        }
        char *p2 = print_script(s2, &len2);
        if (s1->n != s2->n || len1 != len2 || memcmp(p1, p2, len1) != 0) {
            fprintf(stderr, "canonical text is not stable:\n%s\n---\n%s\n", p1, p2);
            abort();
        }
        free(p1);
        free(p2);
        ss_diags_free(&d2);
    }
    ss_diags_free(&diags);
    ss_arena_free(&arena);
}

static void compile_and_explain(const char *text, size_t len)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    ss_source src = {"fuzz.sql", text, len};
    ss_arena arena;
    ss_diags diags;
    ss_arena_init(&arena, 0);
    ss_diags_init(&diags, &src);
    ss_app *app = ss_compile(&src, &arena, &diags);
    if (app) {
        ss_buf out = {0};
        ss_explain(app, &out);
        ss_buf_free(&out);
    } else if (devnull) {
        ss_diags_print(&diags, devnull); /* the source-line-and-caret printer */
    }
    ss_diags_free(&diags);
    ss_arena_free(&arena);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The lexer wants text[len] == 0; NULs inside are part of the input. */
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    text[size] = 0;
    round_trip(text, size);
    compile_and_explain(text, size);
    free(text);
    return 0;
}
