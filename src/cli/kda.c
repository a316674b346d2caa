/* `streamsql kda APP.json [--set STREAM.KEY=VALUE]...`: shows what a KDA
 * application description (aws kinesisanalytics describe-application)
 * becomes: the SQL on stdout, then the settings that bind its streams as
 * `-- --set '...'` comment lines, so that the output is itself a runnable
 * application file and the user sees exactly what runs. The application is
 * then compiled with those settings (and the given overrides, merged as a
 * deployment would), and any error is reported, exit status 2. */
#include "cli/cli.h"
#include "sql/analyze.h"
#include "sql/kda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: streamsql kda APP.json [--set STREAM.KEY=VALUE]...\n");
    return 2;
}

/* A setting as one shell word: in single quotes, a quote as '\''. */
static void print_shell_word(const char *s)
{
    putchar('\'');
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", stdout);
        else if (*s == '\n')
            fputs("'$'\\n''", stdout); /* keeps the comment on one line */
        else
            putchar(*s);
    }
    putchar('\'');
}

int ss_cmd_kda(int argc, char **argv)
{
    const char *path = NULL;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    uint32_t nsets = 0;
    int rc = 2;
    if (!sets)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--set") == 0 && i + 1 < argc) {
            sets[nsets++] = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "streamsql: unknown or incomplete option '%s'\n", argv[i]);
            free(sets);
            return usage();
        } else if (!path) {
            path = argv[i];
        } else {
            free(sets);
            return usage();
        }
    }
    if (!path) {
        free(sets);
        return usage();
    }
    json_error_t jerr;
    json_t *doc = strcmp(path, "-") == 0 ? json_loadf(stdin, 0, &jerr) : json_load_file(path, 0, &jerr);
    if (!doc) {
        fprintf(stderr, "streamsql: %s:%d:%d: %s\n", path, jerr.line, jerr.column, jerr.text);
        free(sets);
        return 2;
    }
    ss_kda_app app;
    char err[1024];
    if (ss_kda_import(doc, path, &app, err, sizeof err)) {
        fprintf(stderr, "streamsql: %s\n", err);
        json_decref(doc);
        free(sets);
        return 2;
    }
    json_decref(doc);

    uint32_t nall;
    const char **all = ss_kda_settings_merge(&app, sets, nsets, &nall);
    fputs(app.sql.data, stdout);
    if (nall) {
        printf("\n-- Bindings: run with\n");
        for (uint32_t i = 0; i < nall; i++) {
            fputs("-- --set ", stdout);
            print_shell_word(all[i]);
            putchar('\n');
        }
    }
    fflush(stdout);

    ss_source src = {path, app.sql.data, app.sql.len, "ApplicationCode", app.code_first_line};
    ss_arena arena;
    ss_arena_init(&arena, 65536);
    ss_diags diags;
    ss_diags_init(&diags, &src);
    if (ss_compile_with_settings(&src, &arena, &diags, all, nall)) {
        rc = 0;
    } else {
        fprintf(stderr, "streamsql: the application imported from %s does not compile:\n", path);
        ss_diags_print(&diags, stderr);
        fprintf(stderr, "%zu error%s\n", diags.n, diags.n == 1 ? "" : "s");
    }
    ss_diags_free(&diags);
    ss_arena_free(&arena);
    free(all);
    ss_kda_app_free(&app);
    free(sets);
    return rc;
}
