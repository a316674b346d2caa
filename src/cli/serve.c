/* `streamsql serve --config FILE`: the applications of a deployment config as
 * a service. Each application runs in its own process, `streamsql run
 * --config FILE --app NAME`, so that one that fails (or crashes) cannot take
 * the others down; this supervisor only starts, watches and stops them:
 *
 * - a child that exits with a failure is started again after a backoff
 *   (1 s, doubling up to 60 s; back to 1 s once a run lasted a minute), from
 *   its checkpoint; one that ends by itself (bounded input) stays ended;
 * - SIGTERM or SIGINT: every child is asked to stop (SIGTERM: it drains and
 *   checkpoints), then serve exits 0, or 1 if one of them failed;
 * - SIGHUP: the config is read again; applications removed, disabled or
 *   changed are stopped, new and changed ones started, the others left
 *   running. A config that does not load is reported and ignored.
 *
 * Children's stderr comes through a pipe and is logged line by line with the
 * application's name (log.c). Their metrics come through another pipe, one
 * snapshot a second (run.c send_metrics); /metrics serves them merged into one
 * exposition, with the supervisor's own (up, restarts), and /healthz says 503
 * while an application is failing. */
#include "cli/cli.h"
#include "cli/config.h"
#include "cli/http.h"
#include "cli/log.h"
#include "util/mem.h"
#include "util/prom.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 60000
#define HEALTHY_RUN_MS 60000 /* a run this long resets the backoff */
#define STOP_GRACE_MS 60000  /* then SIGKILL */
#define MAX_APPS 256
#define METRICS_BIT 0x80000000u /* in the poll map: the child's metrics pipe, not its stderr */

typedef enum { APP_IDLE, APP_RUNNING, APP_WAITING, APP_ENDED } app_state;

typedef struct child {
    char *name;
    char *fingerprint;
    app_state state;
    pid_t pid;
    int err_fd; /* the child's stderr, -1 when closed */
    char line[4096];
    size_t line_len;
    int metrics_fd; /* the child's metrics frames, -1 when closed */
    ss_buf frames;  /* what came of them, not yet a whole frame */
    ss_buf metrics; /* the last whole one: kept once the child is gone */
    int64_t started_ms, restart_at_ms, backoff_ms;
    bool stopping;      /* we asked it to stop: its exit is not a failure */
    bool restart_after; /* stopped for a change: start again at once */
    bool removed;       /* stopped for good (removed or disabled) */
    bool stop_failed;   /* asked to stop, it did not stop cleanly */
    unsigned restarts;
} child;

static volatile sig_atomic_t got_term, got_hup;
static int wake_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        got_hup = 1;
    else if (sig != SIGCHLD)
        got_term = 1;
    int saved = errno;
    ssize_t ignored = write(wake_pipe[1], "x", 1);
    (void)ignored;
    errno = saved;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct supervisor {
    const char *config_path;
    child apps[MAX_APPS];
    uint32_t napps;
    ss_http *http;
    char *metrics_listen; /* the address http answers at; NULL: no metrics */
    ss_http_snapshot snap;
    bool metrics_changed;
} supervisor;

static child *find(supervisor *sv, const char *name)
{
    for (uint32_t i = 0; i < sv->napps; i++)
        if (strcmp(sv->apps[i].name, name) == 0)
            return &sv->apps[i];
    return NULL;
}

static void start(supervisor *sv, child *c)
{
    int fds[2], mfds[2] = {-1, -1};
    if (sv->http && pipe2(mfds, O_CLOEXEC) != 0)
        mfds[0] = mfds[1] = -1; /* this run without metrics */
    sv->metrics_changed = true;
    if (pipe2(fds, O_CLOEXEC) != 0) {
        if (mfds[0] >= 0)
            close(mfds[0]), close(mfds[1]);
        ss_log(SS_LOG_ERROR, c->name, "cannot start: pipe: %s", strerror(errno));
        c->state = APP_WAITING;
        c->restart_at_ms = now_ms() + BACKOFF_MIN_MS;
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        close(null);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        char fd_text[16];
        snprintf(fd_text, sizeof fd_text, "%d", mfds[1]);
        /* Plain lines, whatever the config's "log" says: serve logs them. */
        char *argv[] = {"streamsql", "run",   "--log-format", "plain", "--config", (char *)sv->config_path,
                        "--app",     c->name, NULL,           NULL,    NULL};
        if (mfds[1] >= 0) {
            fcntl(mfds[1], F_SETFD, 0);
            fcntl(mfds[1], F_SETFL, O_NONBLOCK);
            argv[8] = "--metrics-fd";
            argv[9] = fd_text;
        }
        execv("/proc/self/exe", argv);
        fprintf(stderr, "streamsql: cannot run /proc/self/exe: %s\n", strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    if (mfds[1] >= 0)
        close(mfds[1]);
    if (pid < 0) {
        close(fds[0]);
        if (mfds[0] >= 0)
            close(mfds[0]);
        ss_log(SS_LOG_ERROR, c->name, "cannot start: fork: %s", strerror(errno));
        c->state = APP_WAITING;
        c->restart_at_ms = now_ms() + BACKOFF_MIN_MS;
        return;
    }
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    if (mfds[0] >= 0)
        fcntl(mfds[0], F_SETFL, O_NONBLOCK);
    c->metrics_fd = mfds[0];
    ss_buf_clear(&c->frames);
    c->pid = pid;
    c->err_fd = fds[0];
    c->line_len = 0;
    c->state = APP_RUNNING;
    c->stopping = c->restart_after = false;
    c->started_ms = now_ms();
    ss_log(SS_LOG_INFO, c->name, "started (pid %d)", (int)pid);
}

static void stop(child *c)
{
    if (c->state == APP_RUNNING && !c->stopping) {
        c->stopping = true;
        kill(c->pid, SIGTERM);
    }
}

/* Logs what the child wrote, whole lines at a time. */
static void drain_stderr(child *c)
{
    for (;;) {
        ssize_t n = read(c->err_fd, c->line + c->line_len, sizeof c->line - c->line_len);
        if (n <= 0) {
            if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                if (c->line_len)
                    ss_log_app_line(c->name, c->line, c->line_len);
                c->line_len = 0;
                close(c->err_fd);
                c->err_fd = -1;
            }
            return;
        }
        c->line_len += (size_t)n;
        char *start = c->line, *nl;
        while ((nl = memchr(start, '\n', c->line_len - (size_t)(start - c->line)))) {
            ss_log_app_line(c->name, start, (size_t)(nl - start));
            start = nl + 1;
        }
        c->line_len -= (size_t)(start - c->line);
        memmove(c->line, start, c->line_len);
        if (c->line_len == sizeof c->line) { /* a line longer than the buffer: logged in pieces */
            ss_log_app_line(c->name, c->line, c->line_len);
            c->line_len = 0;
        }
    }
}

/* Keeps the last whole frame ("LENGTH\nTEXT") the child sent. */
static void drain_metrics(supervisor *sv, child *c)
{
    char chunk[65536];
    ssize_t n;
    while ((n = read(c->metrics_fd, chunk, sizeof chunk)) > 0)
        ss_buf_append(&c->frames, chunk, (size_t)n);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        close(c->metrics_fd);
        c->metrics_fd = -1;
    }
    for (;;) {
        const char *nl = c->frames.len ? memchr(c->frames.data, '\n', c->frames.len) : NULL;
        if (!nl)
            return;
        char *end;
        unsigned long long len = strtoull(c->frames.data, &end, 10);
        size_t head = (size_t)(nl - c->frames.data) + 1;
        if (end != nl) { /* not a frame: cannot happen with our own children */
            ss_buf_clear(&c->frames);
            return;
        }
        if (c->frames.len - head < len)
            return;
        ss_buf_clear(&c->metrics);
        ss_buf_append(&c->metrics, c->frames.data + head, (size_t)len);
        memmove(c->frames.data, c->frames.data + head + len, c->frames.len - head - len);
        c->frames.len -= head + (size_t)len;
        sv->metrics_changed = true;
    }
}

static const ss_prom_family app_up = {"streamsql_app_up", "gauge",
                                      "1 while the application's process runs (serve), else 0"};
static const ss_prom_family app_restarts = {"streamsql_app_restarts_total", "counter",
                                            "Times serve started the application again after a failure"};
static const ss_prom_family app_failing = {
    "streamsql_app_failing", "gauge", "1 while the application waits to be started again after a failure"};

/* The merged exposition and the health of the service, for the server's
 * thread: healthy unless an application is failing. */
static void publish(supervisor *sv)
{
    ss_prom own;
    ss_prom_init(&own, NULL);
    ss_prom_begin(&own);
    bool healthy = true;
    const char *texts[MAX_APPS + 1];
    size_t lens[MAX_APPS + 1];
    uint32_t n = 0;
    for (uint32_t i = 0; i < sv->napps; i++) {
        const child *c = &sv->apps[i];
        if (c->removed && c->pid == 0)
            continue;
        const char *labels[] = {"app", c->name, NULL};
        ss_prom_u64(&own, &app_up, labels, c->pid != 0);
        ss_prom_u64(&own, &app_restarts, labels, c->restarts);
        ss_prom_u64(&own, &app_failing, labels, c->state == APP_WAITING);
        healthy &= c->state != APP_WAITING;
        if (c->metrics.len) {
            texts[n] = c->metrics.data;
            lens[n++] = c->metrics.len;
        }
    }
    texts[n] = ss_prom_text(&own, &lens[n]);
    n++;
    ss_buf merged = {0};
    ss_prom_merge(&merged, texts, lens, n);
    ss_http_snapshot_set(&sv->snap, merged.data ? merged.data : "", merged.len);
    ss_http_snapshot_set_healthy(&sv->snap, healthy);
    ss_buf_free(&merged);
    ss_prom_free(&own);
    sv->metrics_changed = false;
}

static void reaped(supervisor *sv, child *c, int status)
{
    if (c->err_fd >= 0)
        drain_stderr(c);
    if (c->metrics_fd >= 0)
        drain_metrics(sv, c);
    sv->metrics_changed = true;
    int64_t ran = now_ms() - c->started_ms;
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    char how[64];
    if (WIFEXITED(status))
        snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(status));
    else
        snprintf(how, sizeof how, "signal %d", WTERMSIG(status));
    c->pid = 0;
    if (c->stopping) {
        c->stop_failed = !ok;
        ss_log(ok ? SS_LOG_INFO : SS_LOG_ERROR, c->name, "stopped (%s)", how);
        c->state = c->restart_after ? APP_IDLE : APP_ENDED;
        return;
    }
    if (ok) {
        ss_log(SS_LOG_INFO, c->name, "finished: its input ended (%s)", how);
        c->state = APP_ENDED;
        return;
    }
    if (ran >= HEALTHY_RUN_MS)
        c->backoff_ms = 0;
    c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : BACKOFF_MIN_MS;
    if (c->backoff_ms > BACKOFF_MAX_MS)
        c->backoff_ms = BACKOFF_MAX_MS;
    c->restarts++;
    c->state = APP_WAITING;
    c->restart_at_ms = now_ms() + c->backoff_ms;
    ss_log(SS_LOG_ERROR, c->name, "failed (%s) after %.1f s; starting again in %lld s", how, ran / 1000.0,
           (long long)(c->backoff_ms / 1000));
}

static void reap(supervisor *sv)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        for (uint32_t i = 0; i < sv->napps; i++)
            if (sv->apps[i].pid == pid)
                reaped(sv, &sv->apps[i], status);
}

/* Brings the children in line with the config: new ones are added, removed
 * or changed ones stopped (changed ones to start again once stopped). */
static void apply_config(supervisor *sv, const ss_config *cfg)
{
    for (uint32_t i = 0; i < sv->napps; i++) {
        child *c = &sv->apps[i];
        const ss_config_app *a = ss_config_find(cfg, c->name);
        if (!a || !a->enabled) {
            if (!c->removed && c->state != APP_ENDED)
                ss_log(SS_LOG_INFO, c->name, "%s from the config: stopping", a ? "disabled" : "removed");
            c->removed = true;
            c->restart_after = false;
            if (c->state == APP_WAITING || c->state == APP_IDLE)
                c->state = APP_ENDED;
            stop(c);
        } else if (strcmp(a->fingerprint, c->fingerprint) != 0) {
            ss_log(SS_LOG_INFO, c->name, "changed in the config: restarting");
            free(c->fingerprint);
            c->fingerprint = ss_xstrdup(a->fingerprint);
            c->removed = false;
            c->backoff_ms = 0;
            if (c->state == APP_RUNNING) {
                stop(c);
                c->restart_after = true;
            } else {
                c->state = APP_IDLE;
            }
        } else if (c->removed) {
            c->removed = false; /* back in the config, unchanged */
            if (c->state == APP_ENDED && c->pid == 0)
                c->state = APP_IDLE;
            else if (c->state == APP_RUNNING)
                c->restart_after = true;
        }
    }
    for (uint32_t i = 0; i < cfg->napps; i++) {
        const ss_config_app *a = &cfg->apps[i];
        if (!a->enabled || find(sv, a->name))
            continue;
        if (sv->napps == MAX_APPS) {
            ss_log(SS_LOG_ERROR, a->name, "not started: more than %d applications", MAX_APPS);
            continue;
        }
        child *c = &sv->apps[sv->napps++];
        memset(c, 0, sizeof *c);
        c->name = ss_xstrdup(a->name);
        c->fingerprint = ss_xstrdup(a->fingerprint);
        c->err_fd = c->metrics_fd = -1;
        c->state = APP_IDLE;
    }
    sv->metrics_changed = true;
}

static int running(const supervisor *sv)
{
    int n = 0;
    for (uint32_t i = 0; i < sv->napps; i++)
        n += sv->apps[i].pid != 0;
    return n;
}

static bool same_address(const char *a, const char *b) { return a && b ? strcmp(a, b) == 0 : a == b; }

/* Serves /metrics at addr (NULL: nowhere), moving the endpoint if it served
 * elsewhere. The old address is let go first, so that the new one may be
 * the same port on another host. -1 with err when addr cannot be bound:
 * the old endpoint is taken up again, if it still can be. */
static int listen_metrics(supervisor *sv, const char *addr, char *err, size_t errlen)
{
    if (same_address(sv->metrics_listen, addr))
        return 0;
    bool was_off = !sv->http;
    ss_http_stop(sv->http);
    sv->http = addr ? ss_http_start(addr, ss_http_snapshot_provide, &sv->snap, err, errlen) : NULL;
    if (addr && !sv->http) {
        char ignored[256];
        if (sv->metrics_listen)
            sv->http = ss_http_start(sv->metrics_listen, ss_http_snapshot_provide, &sv->snap, ignored,
                                     sizeof ignored);
        if (!sv->http) {
            free(sv->metrics_listen);
            sv->metrics_listen = NULL;
        }
        return -1;
    }
    free(sv->metrics_listen);
    sv->metrics_listen = addr ? ss_xstrdup(addr) : NULL;
    if (!sv->http) {
        ss_log(SS_LOG_INFO, NULL, "metrics off");
        return 0;
    }
    char url[320];
    ss_http_metrics_url(sv->http, addr, url, sizeof url);
    ss_log(SS_LOG_INFO, NULL, "metrics at %s", url);
    if (was_off && running(sv))
        ss_log(SS_LOG_INFO, NULL, "applications already running report their metrics from their next start");
    sv->metrics_changed = true;
    return 0;
}

int ss_cmd_serve(int argc, char **argv)
{
    const char *config_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else {
            fprintf(stderr, "usage: streamsql serve --config FILE\n");
            return 2;
        }
    }
    if (!config_path) {
        fprintf(stderr, "usage: streamsql serve --config FILE\n");
        return 2;
    }
    ss_config cfg;
    char err[1024];
    if (ss_config_load(config_path, &cfg, err, sizeof err)) {
        fprintf(stderr, "streamsql: %s\n", err);
        return 2;
    }
    ss_log_setup(cfg.log_level, cfg.log_json);
    supervisor *sv = ss_xcalloc(1, sizeof *sv);
    sv->config_path = config_path;
    if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        fprintf(stderr, "streamsql: pipe: %s\n", strerror(errno));
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    ss_http_snapshot_init(&sv->snap);
    if (listen_metrics(sv, cfg.metrics_listen, err, sizeof err)) {
        fprintf(stderr, "streamsql: %s: metrics: %s\n", config_path, err);
        ss_config_free(&cfg);
        ss_http_snapshot_free(&sv->snap);
        free(sv);
        return 1;
    }
    apply_config(sv, &cfg);
    ss_log(SS_LOG_INFO, NULL, "serving %u application(s) of %s", cfg.napps, config_path);
    ss_config_free(&cfg);

    int64_t term_at = 0;
    for (;;) {
        if (got_hup && !got_term) {
            got_hup = 0;
            ss_config next;
            if (ss_config_load(config_path, &next, err, sizeof err)) {
                ss_log(SS_LOG_ERROR, NULL, "reload refused, the running applications go on: %s", err);
            } else {
                ss_log(SS_LOG_INFO, NULL, "reloading %s", config_path);
                ss_log_setup(next.log_level, next.log_json);
                if (listen_metrics(sv, next.metrics_listen, err, sizeof err))
                    ss_log(SS_LOG_ERROR, NULL, "metrics: %s", err);
                apply_config(sv, &next);
                ss_config_free(&next);
            }
        }
        if (got_term && !term_at) {
            term_at = now_ms();
            ss_log(SS_LOG_INFO, NULL, "stopping %d application(s)", running(sv));
            for (uint32_t i = 0; i < sv->napps; i++) {
                sv->apps[i].restart_after = false;
                if (sv->apps[i].state != APP_RUNNING)
                    sv->apps[i].state = APP_ENDED;
                stop(&sv->apps[i]);
            }
        }
        reap(sv);
        int64_t now = now_ms();
        int timeout = 1000;
        for (uint32_t i = 0; i < sv->napps && !term_at; i++) {
            child *c = &sv->apps[i];
            if (c->state == APP_IDLE || (c->state == APP_WAITING && now >= c->restart_at_ms))
                start(sv, c);
            if (c->state == APP_WAITING && c->restart_at_ms - now < timeout)
                timeout = (int)(c->restart_at_ms - now);
        }
        if (term_at && !running(sv))
            break;
        if (term_at && now - term_at > STOP_GRACE_MS)
            for (uint32_t i = 0; i < sv->napps; i++)
                if (sv->apps[i].pid) {
                    ss_log(SS_LOG_ERROR, sv->apps[i].name, "did not stop in %d s: killed", STOP_GRACE_MS / 1000);
                    kill(sv->apps[i].pid, SIGKILL);
                }
        struct pollfd fds[2 * MAX_APPS + 1];
        uint32_t map[2 * MAX_APPS + 1], nfds = 0;
        fds[nfds].fd = wake_pipe[0];
        fds[nfds++].events = POLLIN;
        for (uint32_t i = 0; i < sv->napps; i++) {
            if (sv->apps[i].err_fd >= 0) {
                map[nfds] = i;
                fds[nfds].fd = sv->apps[i].err_fd;
                fds[nfds++].events = POLLIN;
            }
            if (sv->apps[i].metrics_fd >= 0) {
                map[nfds] = i | METRICS_BIT;
                fds[nfds].fd = sv->apps[i].metrics_fd;
                fds[nfds++].events = POLLIN;
            }
        }
        if (sv->http && sv->metrics_changed)
            publish(sv);
        if (poll(fds, nfds, timeout < 0 ? 0 : timeout) > 0) {
            char drain[64];
            while (read(wake_pipe[0], drain, sizeof drain) > 0)
                ;
            for (uint32_t f = 1; f < nfds; f++) {
                if (!fds[f].revents)
                    continue;
                child *c = &sv->apps[map[f] & ~METRICS_BIT];
                if (map[f] & METRICS_BIT)
                    drain_metrics(sv, c);
                else
                    drain_stderr(c);
            }
        }
    }
    int rc = 0;
    ss_http_stop(sv->http);
    free(sv->metrics_listen);
    ss_http_snapshot_free(&sv->snap);
    for (uint32_t i = 0; i < sv->napps; i++) {
        child *c = &sv->apps[i];
        rc |= c->stop_failed;
        if (c->err_fd >= 0)
            close(c->err_fd);
        if (c->metrics_fd >= 0)
            close(c->metrics_fd);
        ss_buf_free(&c->frames);
        ss_buf_free(&c->metrics);
        free(c->name);
        free(c->fingerprint);
    }
    ss_log(rc ? SS_LOG_ERROR : SS_LOG_INFO, NULL, "stopped%s", rc ? " (an application did not stop cleanly)" : "");
    free(sv);
    close(wake_pipe[0]);
    close(wake_pipe[1]);
    return rc;
}
