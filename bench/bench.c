/* streamsql-bench: the engine's benchmark (not a test). It generates a
 * JSON-lines file of N rows (default 2M), measures the raw speed of reading
 * it and finding line ends (the ceiling), then runs each scenario's
 * application over it through the public API, each in a child process so
 * that peak RSS is its own, and prints events/s per core (CPU time),
 * chunk-latency percentiles and bytes of state per group key.
 *
 *   streamsql-bench [--rows N] [--dir DIR] [--keep] [SCENARIO...]
 */
#include "compiled.h"
#include "streamsql/streamsql.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct scenario {
    const char *name;
    const char *what;
    const char *sql; /* %s: the data file */
} scenario;

/* Rows carry epoch-ms event times at 10,000 rows per second of event time. */
static const scenario scenarios[] = {
    {"tumble100", "tumbling 1-minute COUNT/AVG/MIN/MAX GROUP BY over 100 keys",
     "CREATE STREAM S (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)\n"
     "  WITH (FILE = '%s', ROWTIME = 'TS');\n"
     "CREATE STREAM OUT (K VARCHAR(16), W TIMESTAMP, N BIGINT, A DOUBLE, LO DOUBLE, HI DOUBLE);\n"
     "CREATE PUMP P AS INSERT INTO OUT\n"
     "SELECT STREAM K, STEP(S.ROWTIME BY INTERVAL '1' MINUTE), COUNT(*), AVG(V), MIN(V), MAX(V)\n"
     "FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '1' MINUTE);\n"},
    {"slide100", "COUNT/AVG OVER a 1-minute RANGE per key (100 keys)",
     "CREATE STREAM S (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)\n"
     "  WITH (FILE = '%s', ROWTIME = 'TS');\n"
     "CREATE STREAM OUT (K VARCHAR(16), N BIGINT, A DOUBLE);\n"
     "CREATE PUMP P AS INSERT INTO OUT\n"
     "SELECT STREAM K, COUNT(*) OVER W, AVG(V) OVER W FROM S\n"
     "WINDOW W AS (PARTITION BY K RANGE INTERVAL '1' MINUTE PRECEDING);\n"},
    {"tumble1m", "tumbling COUNT over 1M distinct keys (one 10-minute window holds them all)",
     "CREATE STREAM S (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)\n"
     "  WITH (FILE = '%s', ROWTIME = 'TS');\n"
     "CREATE STREAM OUT (U VARCHAR(16), N BIGINT);\n"
     "CREATE PUMP P AS INSERT INTO OUT\n"
     "SELECT STREAM U, COUNT(*) FROM S GROUP BY U, STEP(S.ROWTIME BY INTERVAL '10' MINUTE);\n"},
};
#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

/* Deterministic data: 100 hot keys K, 1M distinct users U (each twice). */
static int generate(const char *path, long rows)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "bench: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    uint64_t x = 88172645463325252ull;
    const long long t0 = 1767225600000LL; /* 2026-01-01 */
    for (long i = 0; i < rows; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        long user = (long)((i * 7919L) % 1000000L);
        fprintf(f, "{\"ts\":%lld,\"k\":\"key%02u\",\"u\":\"user%06ld\",\"v\":%u.%02u}\n", t0 + i / 10,
                (unsigned)(x % 100), user, (unsigned)((x >> 8) % 1000), (unsigned)((x >> 20) % 100));
    }
    return fclose(f);
}

static void raw_read(const char *path, long rows)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    static char buf[1 << 20];
    double t = now_s(), c = cpu_s();
    long lines = 0;
    size_t bytes = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        bytes += (size_t)n;
        for (char *p = buf, *end = buf + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
            lines++;
    }
    close(fd);
    double wall = now_s() - t, cpu = cpu_s() - c;
    printf("| raw read + line ends | %ld lines, %.0f MB | %.2fM lines/s (%.0f MB/s) | %.3f s | | | |\n",
           lines, (double)bytes / 1e6, (double)lines / cpu / 1e6, (double)bytes / cpu / 1e6, wall);
    (void)rows;
}

typedef struct result {
    double wall, cpu;
    long maxrss_kb;
    ss_run_stats st;
    int rc;
} result;

static void run_child(const scenario *sc, const char *data, int out_fd)
{
    result r = {0};
    size_t len = strlen(sc->sql) + strlen(data) + 1;
    char *text = malloc(len);
    snprintf(text, len, sc->sql, data);
    compiled comp;
    ss_app *app = compile_app(&comp, sc->name, text);
    if (!app) {
        r.rc = 2;
    } else {
        ss_output_override out = {"OUT", "/dev/null"};
        ss_run_options o = {.outputs = &out, .noutputs = 1, .quiet = true};
        double t = now_s(), c = cpu_s();
        r.rc = ss_run_app(app, &o, &r.st);
        r.wall = now_s() - t;
        r.cpu = cpu_s() - c;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    r.maxrss_kb = ru.ru_maxrss;
    if (write(out_fd, &r, sizeof r) != (ssize_t)sizeof r)
        _exit(3);
    _exit(0);
}

int main(int argc, char **argv)
{
    long rows = 2000000;
    const char *dir = "/tmp";
    bool keep = false;
    const char *only[16];
    int nonly = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rows") == 0 && i + 1 < argc)
            rows = atol(argv[++i]);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "--keep") == 0)
            keep = true;
        else if (nonly < 16)
            only[nonly++] = argv[i];
    }
    char data[4096];
    snprintf(data, sizeof data, "%s/streamsql-bench-%ld.jsonl", dir, rows);
    struct stat stt;
    if (stat(data, &stt) != 0) {
        fprintf(stderr, "bench: generating %ld rows into %s\n", rows, data);
        if (generate(data, rows))
            return 1;
    }
    printf("| scenario | input | events/s per core | wall | p50 / p99 / max chunk latency | peak RSS | state per key |\n");
    printf("| --- | --- | --- | --- | --- | --- | --- |\n");
    raw_read(data, rows);
    int failures = 0;
    for (size_t i = 0; i < NSCENARIOS; i++) {
        const scenario *sc = &scenarios[i];
        bool wanted = nonly == 0;
        for (int k = 0; k < nonly; k++)
            wanted |= strcmp(only[k], sc->name) == 0;
        if (!wanted)
            continue;
        int fds[2];
        if (pipe(fds))
            return 1;
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            run_child(sc, data, fds[1]);
        }
        close(fds[1]);
        result r;
        ssize_t got = read(fds[0], &r, sizeof r);
        close(fds[0]);
        int status;
        waitpid(pid, &status, 0);
        if (got != (ssize_t)sizeof r || r.rc != 0) {
            printf("| %s | FAILED (rc %d) | | | | | |\n", sc->name, got == (ssize_t)sizeof r ? r.rc : -1);
            failures++;
            continue;
        }
        double per_key = r.st.peak_groups ? (double)r.st.state_bytes / (double)r.st.peak_groups : 0;
        printf("| %s: %s | %llu rows | %.2fM | %.3f s | %llu / %llu / %llu us | %.0f MB | %.0f B (%llu keys) |\n",
               sc->name, sc->what, (unsigned long long)r.st.rows_in, (double)r.st.rows_in / r.cpu / 1e6, r.wall,
               (unsigned long long)ss_run_stats_percentile(&r.st, 50),
               (unsigned long long)ss_run_stats_percentile(&r.st, 99),
               (unsigned long long)ss_run_stats_percentile(&r.st, 100), (double)r.maxrss_kb / 1024.0, per_key,
               (unsigned long long)r.st.peak_groups);
    }
    if (!keep)
        unlink(data);
    return failures ? 1 : 0;
}
