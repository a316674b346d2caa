/* `streamsql run APP.sql`: compile, then run until the input ends or a
 * signal asks to stop (SIGINT/SIGTERM: flush and exit 0). */
#include "cli/cli.h"
#include "cli/http.h"
#include "sql/analyze.h"
#include "streamsql/streamsql.h"
#include "util/duration.h"
#include "util/mem.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: streamsql run APP.sql [--errors PATH] [--output STREAM=PATH]...\n"
                    "                             [--set STREAM.KEY=VALUE]... [--checkpoint PATH]\n"
                    "                             [--checkpoint-interval DURATION]\n"
                    "                             [--quiet] [--max-record-bytes N] [--metrics HOST:PORT]\n"
                    "  --metrics HOST:PORT  serve Prometheus metrics at /metrics and a health check at\n"
                    "                       /healthz (127.0.0.1:9249 is the usual; port 0: any free one)\n");
    return 2;
}

/* The application's name for the app label: the file's base name without
 * .sql ("stdin" for "-"). */
static char *app_name_of(const char *path)
{
    if (strcmp(path, "-") == 0)
        return ss_xstrdup("stdin");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".sql") == 0)
        n -= 4;
    return ss_xstrndup(base, n);
}

/* Starts the metrics endpoint and says where it is; -1 when it cannot. */
static int start_metrics(const char *addr, ss_http_snapshot *snap, ss_http **http)
{
    char err[512];
    *http = ss_http_start(addr, ss_http_snapshot_provide, snap, err, sizeof err);
    if (!*http) {
        fprintf(stderr, "streamsql: --metrics: %s\n", err);
        return -1;
    }
    /* The host as given ("" is every address), with the port bound: tests
     * ask for port 0 and read the port here. */
    const char *colon = strrchr(addr, ':');
    int hostlen = (int)(colon - addr);
    fprintf(stderr, "streamsql: metrics at http://%.*s:%u/metrics\n", hostlen ? hostlen : 7,
            hostlen ? addr : "0.0.0.0", (unsigned)ss_http_port(*http));
    return 0;
}

/* Stream names on the command line are folded like unquoted identifiers,
 * unless written in double quotes. */
static char *fold_name(const char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
        return ss_xstrndup(s + 1, n - 2);
    char *r = ss_xstrdup(s);
    for (char *p = r; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return r;
}

int ss_cmd_run(int argc, char **argv)
{
    const char *app_path = NULL;
    ss_run_options opts = {0};
    const char *metrics_addr = NULL;
    char *app_name = NULL;
    ss_http *http = NULL;
    ss_http_snapshot snap;
    ss_http_snapshot_init(&snap);
    ss_output_override *outs = ss_xcalloc((size_t)argc + 1, sizeof *outs);
    const char **sets = ss_xcalloc((size_t)argc + 1, sizeof *sets);
    uint32_t nsets = 0;
    int rc = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            opts.quiet = true;
        } else if (strcmp(a, "--errors") == 0 && val) {
            opts.errors_path = val;
            i++;
        } else if (strcmp(a, "--output") == 0 && val) {
            const char *eq = strchr(val, '=');
            if (!eq || eq == val || !eq[1]) {
                fprintf(stderr, "streamsql: --output takes STREAM=PATH, not '%s'\n", val);
                goto done;
            }
            char *name = ss_xstrndup(val, (size_t)(eq - val));
            outs[opts.noutputs].stream = fold_name(name);
            free(name);
            outs[opts.noutputs].path = eq + 1;
            opts.noutputs++;
            i++;
        } else if (strcmp(a, "--checkpoint-interval") == 0 && val) {
            if (ss_parse_duration(val, &opts.checkpoint_interval_ms) || opts.checkpoint_interval_ms <= 0) {
                fprintf(stderr, "streamsql: --checkpoint-interval takes a duration such as 250ms, 10s or 1m\n");
                goto done;
            }
            i++;
        } else if (strcmp(a, "--checkpoint") == 0 && val) {
            opts.checkpoint_path = val;
            i++;
        } else if (strcmp(a, "--metrics") == 0 && val) {
            metrics_addr = val;
            i++;
        } else if (strcmp(a, "--set") == 0 && val) {
            sets[nsets++] = val;
            i++;
        } else if (strcmp(a, "--max-record-bytes") == 0 && val) {
            char *end;
            unsigned long long n = strtoull(val, &end, 10);
            if (*end || n < 16) {
                fprintf(stderr, "streamsql: --max-record-bytes takes a number of bytes (at least 16)\n");
                goto done;
            }
            opts.max_record_bytes = n;
            i++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "streamsql: unknown or incomplete option '%s'\n", a);
            rc = usage();
            goto done;
        } else if (!app_path) {
            app_path = a;
        } else {
            rc = usage();
            goto done;
        }
    }
    if (!app_path) {
        rc = usage();
        goto done;
    }
    opts.outputs = outs;
    opts.progress = isatty(2);
    opts.stop = &stop_requested;

    ss_source src;
    if (ss_cli_read_source(app_path, &src))
        goto done;
    ss_arena arena;
    ss_arena_init(&arena, 65536);
    ss_diags diags;
    ss_diags_init(&diags, &src);
    ss_app *app = ss_compile_with_settings(&src, &arena, &diags, sets, nsets);
    if (!app) {
        ss_diags_print(&diags, stderr);
        fprintf(stderr, "%zu error%s\n", diags.n, diags.n == 1 ? "" : "s");
    } else {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        signal(SIGPIPE, SIG_IGN); /* a closed pipe is a write error, reported */
        if (metrics_addr) {
            app_name = app_name_of(app_path);
            opts.on_metrics = ss_http_snapshot_set;
            opts.metrics_ctx = &snap;
            opts.app_name = app_name;
        }
        if (metrics_addr && start_metrics(metrics_addr, &snap, &http))
            rc = 1;
        else
            rc = ss_run_app(app, &opts, NULL);
        /* Served only while the application runs: this exits next. */
        ss_http_snapshot_set_healthy(&snap, rc == 0);
        ss_http_stop(http);
    }
    ss_diags_free(&diags);
    ss_arena_free(&arena);
    ss_cli_free_source(&src);
done:
    ss_http_snapshot_free(&snap);
    free(app_name);
    for (uint32_t i = 0; i < opts.noutputs; i++)
        free((char *)outs[i].stream);
    free(outs);
    free(sets);
    return rc;
}
