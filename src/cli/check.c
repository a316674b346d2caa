/* `streamsql check APP.sql` and `streamsql explain APP.sql`: compile only. */
#include "cli/cli.h"
#include "sql/analyze.h"
#include "sql/explain.h"

#include <stdio.h>
#include <string.h>

/* Compiles path; on errors prints them all and returns 2. */
static int compile(const char *path, ss_source *src, ss_arena *arena, ss_diags *diags, ss_app **app)
{
    if (ss_cli_read_source(path, src))
        return 2;
    ss_arena_init(arena, 65536);
    ss_diags_init(diags, src);
    *app = ss_compile(src, arena, diags);
    if (!*app) {
        ss_diags_print(diags, stderr);
        fprintf(stderr, "%zu error%s\n", diags->n, diags->n == 1 ? "" : "s");
        return 2;
    }
    return 0;
}

static void done(ss_source *src, ss_arena *arena, ss_diags *diags)
{
    ss_diags_free(diags);
    ss_arena_free(arena);
    ss_cli_free_source(src);
}

static int usage(const char *cmd)
{
    fprintf(stderr, "usage: streamsql %s APP.sql\n", cmd);
    return 2;
}

int ss_cmd_check(int argc, char **argv)
{
    if (argc != 2)
        return usage("check");
    ss_source src = {0};
    ss_arena arena;
    ss_diags diags;
    ss_app *app = NULL;
    int rc = compile(argv[1], &src, &arena, &diags, &app);
    if (rc == 0) {
        unsigned sources = 0, sinks = 0;
        for (uint32_t i = 0; i < app->nstreams; i++) {
            sources += app->streams[i]->role == SS_ROLE_SOURCE;
            sinks += app->streams[i]->role == SS_ROLE_SINK || app->streams[i]->role == SS_ROLE_STDOUT;
        }
        printf("%s: ok: %u stream%s (%u source%s, %u sink%s), %u pump%s\n", argv[1], app->nstreams,
               app->nstreams == 1 ? "" : "s", sources, sources == 1 ? "" : "s", sinks,
               sinks == 1 ? "" : "s", app->npumps, app->npumps == 1 ? "" : "s");
    }
    if (src.text)
        done(&src, &arena, &diags);
    return rc;
}

int ss_cmd_explain(int argc, char **argv)
{
    if (argc != 2)
        return usage("explain");
    ss_source src = {0};
    ss_arena arena;
    ss_diags diags;
    ss_app *app = NULL;
    int rc = compile(argv[1], &src, &arena, &diags, &app);
    if (rc == 0) {
        ss_buf out = {0};
        ss_explain(app, &out);
        fwrite(out.data, 1, out.len, stdout);
        ss_buf_free(&out);
    }
    if (src.text)
        done(&src, &arena, &diags);
    return rc;
}
