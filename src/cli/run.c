/* `streamsql run APP.sql`: compile, then run until the input ends or a
 * signal asks to stop (SIGINT/SIGTERM: flush and exit 0). With --config, the
 * deployment config's defaults apply, and `--app NAME` runs one of its
 * applications as `serve` would (serve starts each one this way). */
#include "cli/cli.h"
#include "cli/config.h"
#include "cli/http.h"
#include "cli/log.h"
#include "sql/analyze.h"
#include "sql/kda.h"
#include "streamsql/streamsql.h"
#include "util/duration.h"
#include "util/mem.h"

#include <errno.h>
#include <poll.h>
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
                    "       streamsql run [APP.sql] --config FILE [--app NAME] [OPTIONS]\n"
                    "                             [--checkpoint-interval DURATION]\n"
                    "                             [--quiet] [--max-record-bytes N] [--metrics HOST:PORT]\n"
                    "                             [--log-format plain|text|json] [--log-level LEVEL]\n"
                    "  --metrics HOST:PORT  serve Prometheus metrics at /metrics and a health check at\n"
                    "                       /healthz (127.0.0.1:9249 is the usual; port 0: any free one)\n"
                    "  --log-format FORMAT  text or json: stderr as serve logs it, one line per event\n"
                    "                       with its time and level (with --config: as its \"log\"\n"
                    "                       says); plain: \"streamsql: ...\" lines, the default\n"
                    "  --log-level LEVEL    debug, info, warning or error: the least that is logged\n");
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

/* Under serve: each snapshot goes to the supervisor as one frame, its length
 * in decimal and a line feed, then the text. The pipe is non-blocking: when
 * it is full, the snapshot is skipped rather than the application stalled;
 * a frame once begun is finished, so the supervisor never reads half of one. */
static void send_metrics(void *ctx, const char *text, size_t len)
{
    int fd = *(int *)ctx;
    ss_buf frame = {0};
    ss_buf_printf(&frame, "%zu\n", len);
    ss_buf_append(&frame, text, len);
    size_t off = 0;
    while (off < frame.len) {
        ssize_t n = write(fd, frame.data + off, frame.len - off);
        if (n > 0) {
            off += (size_t)n;
        } else if (n < 0 && errno == EAGAIN && off > 0) {
            struct pollfd p = {fd, POLLOUT, 0};
            poll(&p, 1, 100); /* the rest of a frame begun: it must be completed */
        } else {
            break;
        }
    }
    ss_buf_free(&frame);
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
    char url[320];
    ss_http_metrics_url(*http, addr, url, sizeof url);
    fprintf(stderr, "streamsql: metrics at %s\n", url);
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
    int metrics_fd = -1; /* serve's children: frames to the supervisor */
    char *app_label = NULL; /* names the application in metrics and logs */
    ss_http *http = NULL;
    ss_http_snapshot snap;
    ss_http_snapshot_init(&snap);
    ss_output_override *outs = ss_xcalloc((size_t)argc + 1, sizeof *outs);
    const char **sets = ss_xcalloc((size_t)argc + 1, sizeof *sets);
    uint32_t nsets = 0;
    int rc = 2;
    const char *config_path = NULL, *app_name = NULL;
    ss_config config = {0};
    const char **all_sets = NULL, **merged = NULL;
    ss_kda_app kda = {0};
    bool src_read = false;
    enum { LOG_UNSET, LOG_PLAIN, LOG_TEXT, LOG_JSON } log_format = LOG_UNSET;
    ss_log_level log_level = SS_LOG_INFO; /* --log-level's, when log_level_given */
    bool log_level_given = false, log_captured = false;
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
        } else if (strcmp(a, "--metrics-fd") == 0 && val) {
            metrics_fd = atoi(val); /* not in the usage: serve's own */
            i++;
        } else if (strcmp(a, "--metrics") == 0 && val) {
            metrics_addr = val;
            i++;
        } else if (strcmp(a, "--set") == 0 && val) {
            sets[nsets++] = val;
            i++;
        } else if (strcmp(a, "--config") == 0 && val) {
            config_path = val;
            i++;
        } else if (strcmp(a, "--app") == 0 && val) {
            app_name = val;
            i++;
        } else if (strcmp(a, "--log-format") == 0 && val) {
            log_format = strcmp(val, "plain") == 0  ? LOG_PLAIN
                         : strcmp(val, "text") == 0 ? LOG_TEXT
                         : strcmp(val, "json") == 0 ? LOG_JSON
                                                    : LOG_UNSET;
            if (log_format == LOG_UNSET) {
                fprintf(stderr, "streamsql: --log-format takes plain, text or json, not '%s'\n", val);
                goto done;
            }
            i++;
        } else if (strcmp(a, "--log-level") == 0 && val) {
            if (ss_log_level_of(val, &log_level)) {
                fprintf(stderr, "streamsql: --log-level takes debug, info, warning or error, not '%s'\n", val);
                goto done;
            }
            log_level_given = true;
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
    if (app_name && !config_path) {
        fprintf(stderr, "streamsql: --app needs --config\n");
        goto done;
    }
    if (config_path) {
        char err[1024];
        if (ss_config_load(config_path, &config, err, sizeof err)) {
            fprintf(stderr, "streamsql: %s\n", err);
            goto done;
        }
        opts.checkpoint_interval_ms = opts.checkpoint_interval_ms ? opts.checkpoint_interval_ms
                                                                  : config.checkpoint_interval_ms;
    }
    const ss_config_app *ca = NULL;
    if (app_name) {
        ca = ss_config_find(&config, app_name);
        if (!ca) {
            fprintf(stderr, "streamsql: %s has no application \"%s\"\n", config_path, app_name);
            goto done;
        }
        if (app_path) {
            fprintf(stderr, "streamsql: give APP.sql or --app, not both\n");
            goto done;
        }
        app_path = ca->sql_path;
        if (!opts.errors_path)
            opts.errors_path = ca->errors_path;
        if (!opts.checkpoint_path && ca->checkpoint_path) {
            /* The config's checkpoint directory is made on first use. */
            opts.checkpoint_path = ca->checkpoint_path;
            if (ss_cli_make_parent_dir(opts.checkpoint_path)) {
                rc = 1;
                goto done;
            }
        }
    }
    if (!app_path && !(ca && ca->kda)) {
        rc = usage();
        goto done;
    }
    app_label = app_name ? ss_xstrdup(app_name) : app_name_of(app_path);
    /* Logs as serve writes them, when asked, or when the config says how.
     * "plain" is what serve asks of its children: it reads their lines. */
    if (log_format != LOG_PLAIN && (log_format != LOG_UNSET || log_level_given || config.log_given)) {
        bool json = log_format != LOG_UNSET ? log_format == LOG_JSON : config.log_json;
        ss_log_setup(log_level_given ? log_level : config.log_given ? config.log_level : SS_LOG_INFO, json);
        if (ss_log_capture_stderr(app_label)) {
            fprintf(stderr, "streamsql: cannot capture stderr for logging: %s\n", strerror(errno));
            rc = 1;
            goto done;
        }
        log_captured = true;
    }
    opts.outputs = outs;
    opts.progress = isatty(2) && !log_captured;
    opts.stop = &stop_requested;

    /* Settings in order of precedence, lowest first: the application's
     * bindings in the config, then --set (both over a KDA description's
     * own bindings); the config's defaults apply only where nothing else
     * says anything. */
    uint32_t nover = 0, nmerged = 0;
    const char **over = ss_xcalloc((size_t)nsets + (ca ? ca->nsettings : 0) + 1, sizeof *over);
    for (uint32_t i = 0; ca && i < ca->nsettings; i++)
        over[nover++] = ca->settings[i];
    for (uint32_t i = 0; i < nsets; i++)
        over[nover++] = sets[i];
    ss_source src;
    if (ca && ca->kda) {
        char err[1024];
        if (ss_kda_import(ca->kda, ca->kda_path ? ca->kda_path : config_path, &kda, err, sizeof err)) {
            fprintf(stderr, "streamsql: %s\n", err);
            free(over);
            goto done;
        }
        merged = ss_kda_settings_merge(&kda, over, nover, &nmerged);
        free(over);
        src = (ss_source){ca->kda_path ? ca->kda_path : ca->name, ss_buf_cstr(&kda.sql), kda.sql.len,
                          "ApplicationCode", kda.code_first_line};
    } else {
        merged = over;
        nmerged = nover;
        if (ss_cli_read_source(app_path, &src))
            goto done;
        src_read = true;
    }
    all_sets = ss_xcalloc((size_t)nmerged + config.ndefaults + 1, sizeof *all_sets);
    uint32_t nall = 0;
    for (uint32_t i = 0; i < nmerged; i++)
        all_sets[nall++] = merged[i];
    for (uint32_t i = 0; i < config.ndefaults; i++)
        all_sets[nall++] = config.defaults[i];
    ss_arena arena;
    ss_arena_init(&arena, 65536);
    ss_diags diags;
    ss_diags_init(&diags, &src);
    ss_app *app = ss_compile_with_settings(&src, &arena, &diags, all_sets, nall);
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
        if (metrics_addr || metrics_fd >= 0) {
            opts.on_metrics = metrics_addr ? ss_http_snapshot_set : send_metrics;
            opts.metrics_ctx = metrics_addr ? (void *)&snap : (void *)&metrics_fd;
            opts.app_name = app_label;
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
    if (src_read)
        ss_cli_free_source(&src);
done:
    if (log_captured)
        ss_log_release_stderr();
    ss_http_snapshot_free(&snap);
    free(app_label);
    for (uint32_t i = 0; i < opts.noutputs; i++)
        free((char *)outs[i].stream);
    free(outs);
    free(sets);
    free(all_sets);
    free(merged);
    ss_kda_app_free(&kda);
    ss_config_free(&config);
    return rc;
}
