/* `streamsql broker`: a local Kafka-protocol broker for development, demos and
 * the test suite, built on librdkafka's in-memory mock cluster, with a fixed
 * bootstrap port (forward.c) and a line-oriented control channel on stdin. */
#include "cli/cli.h"
#include "cli/forward.h"
#include "util/mem.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define PFX "streamsql broker: "

/* librdkafka 2.0.2's mock auto-creates unknown topics with this many
 * partitions; it has no API to change it. */
#define MOCK_AUTO_PARTITIONS 4
#define MAX_PARTITIONS 10000
#define MAX_BROKERS 64
#define MAX_RTT_MS 600000

typedef struct broker_topic {
    char *name;
    int partitions; /* 0 until --partitions is known */
} broker_topic;

typedef struct broker {
    int port, partitions, nbrokers;
    broker_topic *topics; /* created by --topic or the topic command */
    size_t ntopics, topics_cap;

    rd_kafka_t *rk;
    rd_kafka_mock_cluster_t *mc;
    ss_forward *fw;
    char bootstrap[64]; /* the forwarder's address, or empty */
    bool *down;         /* [1..nbrokers], as set by the control channel */
    int *rtt;           /* [1..nbrokers] */
} broker;

/* The options, described once: parsing, validation and --help come from here. */
typedef enum { OPT_INT, OPT_TOPIC } opt_kind;

typedef struct broker_opt {
    const char *name, *arg;
    opt_kind kind;
    int def, min, max;
    size_t offset; /* of the int in broker, for OPT_INT */
    const char *help;
} broker_opt;

static const broker_opt options[] = {
    {"--port", "N", OPT_INT, 9092, 0, 65535, offsetof(broker, port),
     "bootstrap port on 127.0.0.1, relayed to the first\n"
     "broker that is up; 0: no relay, clients use the\n"
     "\"brokers:\" addresses"},
    {"--partitions", "N", OPT_INT, 4, 1, MAX_PARTITIONS, offsetof(broker, partitions),
     "partitions of a --topic given without :PARTITIONS"},
    {"--brokers", "N", OPT_INT, 1, 1, MAX_BROKERS, offsetof(broker, nbrokers), "number of brokers, ids 1..N"},
    {"--topic", "NAME[:PARTITIONS]", OPT_TOPIC, 0, 0, 0, 0, "create a topic up front (repeatable)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static const char commands_help[] =
    "Control commands on stdin, one a line, each answered by one line on stdout,\n"
    "\"ok ...\" or \"error ...\":\n"
    "  down ID|all            disconnect a broker and refuse its new connections\n"
    "                         (no leader change: its partitions become unavailable)\n"
    "  up ID|all              accept connections again\n"
    "  topic NAME PARTITIONS  create a topic\n"
    "  rtt ID|all MS          delay every response of a broker by MS milliseconds\n"
    "  status                 brokers=N up=.. down=.. rtt=.. bootstrap=..\n"
    "                         [connections=OPEN/TOTAL through the forwarder]\n"
    "                         topics=NAME:PARTITIONS,.. (created ones, not auto-created)\n"
    "  quit                   shut down (as SIGINT or SIGTERM do)\n"
    "End of stdin only stops the reading of commands: the broker keeps running.\n";

static void print_usage_line(FILE *f)
{
    fputs("usage: streamsql broker", f);
    for (size_t i = 0; i < NOPTIONS; i++)
        fprintf(f, " [%s %s]%s", options[i].name, options[i].arg, options[i].kind == OPT_TOPIC ? "..." : "");
    fputc('\n', f);
}

static void print_help(FILE *f)
{
    print_usage_line(f);
    fputs("\nA local Kafka-protocol broker for development, demos and tests: librdkafka's\n"
          "mock cluster, all in memory, gone on exit. Once ready it prints\n"
          "\"bootstrap: HOST:PORT\" (give this to clients) and \"brokers: LIST\" (the\n"
          "brokers' own addresses, which clients learn from metadata) on stdout, then\n"
          "logs to stderr. It runs until SIGINT, SIGTERM or the quit command.\n\n",
          f);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const broker_opt *o = &options[i];
        char lhs[64];
        snprintf(lhs, sizeof lhs, "%s %s", o->name, o->arg);
        fprintf(f, "  %-26s ", lhs);
        for (const char *h = o->help; *h; h++) {
            fputc(*h, f);
            if (*h == '\n')
                fprintf(f, "  %-26s ", "");
        }
        if (o->kind == OPT_INT)
            fprintf(f, " (default %d)", o->def);
        fputc('\n', f);
    }
    fprintf(f,
            "\nTopics are replicated min(brokers, 3) times. Topics that clients ask for and\n"
            "that do not exist are created on demand with %d partitions (librdkafka 2.0.2's\n"
            "fixed default: --partitions does not change it).\n\n%s",
            MOCK_AUTO_PARTITIONS, commands_help);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs(PFX, stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    print_usage_line(stderr);
    fputs("(streamsql broker --help for more)\n", stderr);
    return 2;
}

/* Strict decimal int in [min, max]. */
static bool parse_int(const char *s, int min, int max, int *out)
{
    if (!*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

/* Kafka's own rule for topic names. */
static bool valid_topic_name(const char *s, size_t n)
{
    if (n == 0 || n > 249 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

static const broker_topic *find_topic(const broker *b, const char *name)
{
    for (size_t i = 0; i < b->ntopics; i++)
        if (strcmp(b->topics[i].name, name) == 0)
            return &b->topics[i];
    return NULL;
}

static void add_topic(broker *b, const char *name, size_t n, int partitions)
{
    SS_GROW(b->topics, b->topics_cap, b->ntopics + 1);
    b->topics[b->ntopics].name = ss_xstrndup(name, n);
    b->topics[b->ntopics].partitions = partitions;
    b->ntopics++;
}

static int parse_args(broker *b, int argc, char **argv, bool *help)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].kind == OPT_INT)
            *(int *)((char *)b + options[i].offset) = options[i].def;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = true;
            return 0;
        }
        const broker_opt *o = NULL;
        const char *val = NULL;
        for (size_t k = 0; k < NOPTIONS && !o; k++) {
            size_t n = strlen(options[k].name);
            if (strncmp(arg, options[k].name, n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
                o = &options[k];
                if (arg[n] == '=')
                    val = arg + n + 1;
            }
        }
        if (!o)
            return usage_error("unknown option '%s'", arg);
        if (!val) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", o->name);
            val = argv[++i];
        }
        if (o->kind == OPT_INT) {
            if (!parse_int(val, o->min, o->max, (int *)((char *)b + o->offset))) {
                char what[128];
                snprintf(what, sizeof what, "%s wants a whole number from %d to %d, not '%%s'", o->name, o->min,
                         o->max);
                return usage_error(what, val);
            }
            continue;
        }
        const char *colon = strchr(val, ':');
        size_t n = colon ? (size_t)(colon - val) : strlen(val);
        int parts = 0;
        if (colon && !parse_int(colon + 1, 1, MAX_PARTITIONS, &parts))
            return usage_error("--topic: bad partition count in '%s' (want NAME:1..10000)", val);
        if (!valid_topic_name(val, n))
            return usage_error("--topic: bad topic name in '%s' (letters, digits, '.', '_', '-'; at most 249)",
                               val);
        for (size_t t = 0; t < b->ntopics; t++)
            if (strlen(b->topics[t].name) == n && memcmp(b->topics[t].name, val, n) == 0)
                return usage_error("--topic: '%s' given twice", b->topics[t].name);
        add_topic(b, val, n, parts);
    }
    for (size_t t = 0; t < b->ntopics; t++)
        if (b->topics[t].partitions == 0)
            b->topics[t].partitions = b->partitions;
    return 0;
}

static int replication(const broker *b)
{
    return b->nbrokers < 3 ? b->nbrokers : 3;
}

/* librdkafka logs from its own threads; keep warnings and errors, in our
 * format. (At notice level it would complain that the handle, which only
 * hosts the mock, has no bootstrap.servers.) */
static void on_rdkafka_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    (void)rk;
    if (level <= 4)
        fprintf(stderr, PFX "rdkafka %s: %s\n", fac, buf);
}

/* ---- control channel ---- */

/* Parses a broker id or "all" (-1). */
static bool parse_broker_id(const broker *b, const char *s, int32_t *id)
{
    if (strcmp(s, "all") == 0) {
        *id = -1;
        return true;
    }
    int v;
    if (!parse_int(s, 1, b->nbrokers, &v))
        return false;
    *id = v;
    return true;
}

static void set_down(broker *b, int32_t id, bool down)
{
    for (int i = 1; i <= b->nbrokers; i++)
        if (id == -1 || id == i) {
            b->down[i] = down;
            if (b->fw)
                ss_forward_set_up(b->fw, (size_t)(i - 1), !down);
        }
}

static void cmd_status(broker *b, FILE *out)
{
    fprintf(out, "ok brokers=%d up=", b->nbrokers);
    const char *sep = "";
    for (int i = 1; i <= b->nbrokers; i++)
        if (!b->down[i]) {
            fprintf(out, "%s%d", sep, i);
            sep = ",";
        }
    fputs(*sep ? " down=" : "none down=", out);
    sep = "";
    for (int i = 1; i <= b->nbrokers; i++)
        if (b->down[i]) {
            fprintf(out, "%s%d", sep, i);
            sep = ",";
        }
    fputs(*sep ? " rtt=" : "none rtt=", out);
    for (int i = 1; i <= b->nbrokers; i++)
        fprintf(out, "%s%d", i > 1 ? "," : "", b->rtt[i]);
    fprintf(out, " bootstrap=%s", b->bootstrap[0] ? b->bootstrap : rd_kafka_mock_cluster_bootstraps(b->mc));
    if (b->fw) {
        unsigned long total, open;
        ss_forward_stats(b->fw, &total, &open);
        fprintf(out, " connections=%lu/%lu", open, total);
    }
    fputs(" topics=", out);
    for (size_t t = 0; t < b->ntopics; t++)
        fprintf(out, "%s%s:%d", t ? "," : "", b->topics[t].name, b->topics[t].partitions);
    if (b->ntopics == 0)
        fputs("none", out);
}

/* Runs one command line; writes the answer (without newline) to out.
 * Returns true for quit. The mock calls are synchronous requests to the mock
 * cluster's thread; in librdkafka 2.0.2 its wake-up is sometimes missed and a
 * call then waits for that thread's 1 s poll timeout, so an answer can take up
 * to about a second (seen mostly with commands sent back to back). */
static bool run_command(broker *b, char *line, FILE *out)
{
    char *tok[4] = {0};
    int ntok = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
        if (ntok == 4) {
            fputs("error too many words", out);
            return false;
        }
        tok[ntok++] = t;
    }
    const char *cmd = tok[0];
    rd_kafka_resp_err_t err;
    int32_t id;
    if (strcmp(cmd, "down") == 0 || strcmp(cmd, "up") == 0) {
        bool down = cmd[0] == 'd';
        if (ntok != 2 || !parse_broker_id(b, tok[1], &id)) {
            fprintf(out, "error usage: %s ID|all (ID from 1 to %d)", cmd, b->nbrokers);
            return false;
        }
        err = down ? rd_kafka_mock_broker_set_down(b->mc, id) : rd_kafka_mock_broker_set_up(b->mc, id);
        if (err) {
            fprintf(out, "error %s %s: %s", cmd, tok[1], rd_kafka_err2str(err));
            return false;
        }
        set_down(b, id, down);
        fprintf(out, "ok %s %s", cmd, tok[1]);
    } else if (strcmp(cmd, "topic") == 0) {
        int parts;
        if (ntok != 3 || !parse_int(tok[2], 1, MAX_PARTITIONS, &parts)) {
            fprintf(out, "error usage: topic NAME PARTITIONS (1 to %d)", MAX_PARTITIONS);
            return false;
        }
        if (!valid_topic_name(tok[1], strlen(tok[1]))) {
            fprintf(out, "error topic %s: bad name (letters, digits, '.', '_', '-'; at most 249)", tok[1]);
            return false;
        }
        err = rd_kafka_mock_topic_create(b->mc, tok[1], parts, replication(b));
        if (err) {
            fprintf(out, "error topic %s: %s", tok[1], rd_kafka_err2str(err));
            return false;
        }
        if (!find_topic(b, tok[1]))
            add_topic(b, tok[1], strlen(tok[1]), parts);
        fprintf(out, "ok topic %s %d", tok[1], parts);
    } else if (strcmp(cmd, "rtt") == 0) {
        int ms;
        if (ntok != 3 || !parse_broker_id(b, tok[1], &id) || !parse_int(tok[2], 0, MAX_RTT_MS, &ms)) {
            fprintf(out, "error usage: rtt ID|all MS (ID from 1 to %d, MS from 0 to %d)", b->nbrokers, MAX_RTT_MS);
            return false;
        }
        err = rd_kafka_mock_broker_set_rtt(b->mc, id, ms);
        if (err) {
            fprintf(out, "error rtt %s: %s", tok[1], rd_kafka_err2str(err));
            return false;
        }
        for (int i = 1; i <= b->nbrokers; i++)
            if (id == -1 || id == i)
                b->rtt[i] = ms;
        fprintf(out, "ok rtt %s %d", tok[1], ms);
    } else if (strcmp(cmd, "status") == 0 && ntok == 1) {
        cmd_status(b, out);
    } else if (strcmp(cmd, "quit") == 0 && ntok == 1) {
        fputs("ok quit", out);
        return true;
    } else if (strcmp(cmd, "help") == 0 && ntok == 1) {
        fputs("ok commands: down ID|all, up ID|all, topic NAME PARTITIONS, rtt ID|all MS, status, quit", out);
    } else {
        fprintf(out, "error unknown command '%s' (commands: down, up, topic, rtt, status, quit, help)", cmd);
    }
    return false;
}

/* Handles one line from stdin: answers on stdout, logs on stderr. */
static bool handle_line(broker *b, char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
        line[--n] = '\0';
    char *p = line + strspn(line, " \t");
    if (!*p)
        return false; /* blank lines get no answer */
    char *copy = ss_xstrdup(p);
    char *answer = NULL;
    size_t answer_len = 0;
    FILE *out = open_memstream(&answer, &answer_len);
    if (!out) {
        fprintf(stderr, PFX "out of memory\n");
        abort();
    }
    bool quit = run_command(b, p, out);
    fclose(out);
    printf("%s\n", answer);
    fflush(stdout);
    fprintf(stderr, PFX "command '%s': %s\n", copy, answer);
    free(answer);
    free(copy);
    return quit;
}

typedef struct line_reader {
    char buf[4096];
    size_t len;
    bool skipping; /* inside an over-long line: drop up to its newline */
} line_reader;

/* Reads what stdin has, runs each complete line. Returns true for quit;
 * sets *eof at end of input. */
static bool read_commands(broker *b, line_reader *lr, bool *eof)
{
    ssize_t r = read(STDIN_FILENO, lr->buf + lr->len, sizeof lr->buf - 1 - lr->len);
    if (r < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return false;
        fprintf(stderr, PFX "stdin: %s\n", strerror(errno));
        *eof = true;
        return false;
    }
    if (r == 0) {
        *eof = true;
        /* A last line without a newline still counts. */
        if (lr->len && !lr->skipping) {
            lr->buf[lr->len] = '\0';
            lr->len = 0;
            return handle_line(b, lr->buf);
        }
        return false;
    }
    lr->len += (size_t)r;
    size_t start = 0;
    for (size_t i = 0; i < lr->len; i++) {
        if (lr->buf[i] != '\n')
            continue;
        lr->buf[i] = '\0';
        bool quit = false;
        if (lr->skipping)
            lr->skipping = false;
        else
            quit = handle_line(b, lr->buf + start);
        start = i + 1;
        if (quit)
            return true;
    }
    memmove(lr->buf, lr->buf + start, lr->len - start);
    lr->len -= start;
    if (lr->len == sizeof lr->buf - 1) {
        if (!lr->skipping) {
            printf("error line too long\n");
            fflush(stdout);
        }
        lr->skipping = true;
        lr->len = 0;
    }
    return false;
}

/* ---- lifetime ---- */

static void broker_free(broker *b)
{
    ss_forward_free(b->fw);
    if (b->mc)
        rd_kafka_mock_cluster_destroy(b->mc);
    if (b->rk)
        rd_kafka_destroy(b->rk);
    for (size_t t = 0; t < b->ntopics; t++)
        free(b->topics[t].name);
    free(b->topics);
    free(b->down);
    free(b->rtt);
}

static int broker_start(broker *b)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, on_rdkafka_log);
    if (rd_kafka_conf_set(conf, "client.id", "streamsql-broker", err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, PFX "%s\n", err);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    /* The handle only hosts the mock cluster (librdkafka keeps its
     * book-keeping there); it never produces. */
    b->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!b->rk) {
        fprintf(stderr, PFX "cannot create the librdkafka handle: %s\n", err);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    b->mc = rd_kafka_mock_cluster_new(b->rk, b->nbrokers);
    if (!b->mc) {
        fprintf(stderr, PFX "cannot create the mock cluster (see the messages above)\n");
        return 1;
    }
    b->down = ss_xcalloc((size_t)b->nbrokers + 1, sizeof *b->down);
    b->rtt = ss_xcalloc((size_t)b->nbrokers + 1, sizeof *b->rtt);
    for (size_t t = 0; t < b->ntopics; t++) {
        rd_kafka_resp_err_t e =
            rd_kafka_mock_topic_create(b->mc, b->topics[t].name, b->topics[t].partitions, replication(b));
        if (e) {
            fprintf(stderr, PFX "cannot create topic %s: %s\n", b->topics[t].name, rd_kafka_err2str(e));
            return 1;
        }
    }
    const char *brokers = rd_kafka_mock_cluster_bootstraps(b->mc);
    if (b->port) {
        b->fw = ss_forward_new(b->port, brokers, PFX, err, sizeof err);
        if (!b->fw) {
            fprintf(stderr, PFX "%s\n", err);
            return 1;
        }
        snprintf(b->bootstrap, sizeof b->bootstrap, "127.0.0.1:%d", b->port);
    }
    printf("bootstrap: %s\nbrokers: %s\n", b->bootstrap[0] ? b->bootstrap : brokers, brokers);
    fflush(stdout);

    fprintf(stderr, PFX "ready: %d broker%s at %s", b->nbrokers, b->nbrokers == 1 ? "" : "s", brokers);
    if (b->fw)
        fprintf(stderr, "; bootstrap %s (relayed to the first broker up)", b->bootstrap);
    fprintf(stderr, "; topics:");
    for (size_t t = 0; t < b->ntopics; t++)
        fprintf(stderr, "%s %s (%d partitions)", t ? "," : "", b->topics[t].name, b->topics[t].partitions);
    fprintf(stderr, "%s; unknown topics are auto-created with %d partitions; replication %d\n",
            b->ntopics ? "" : " none yet", MOCK_AUTO_PARTITIONS, replication(b));
    return 0;
}

int ss_cmd_broker(int argc, char **argv)
{
    broker b = {0};
    bool help = false;
    int rc = parse_args(&b, argc, argv, &help);
    if (rc || help) {
        if (help)
            print_help(stdout);
        broker_free(&b);
        return rc;
    }

    /* SIGINT and SIGTERM are taken through a signalfd in the main loop. They
     * are blocked before any thread starts, so librdkafka's threads and the
     * forwarder inherit the block and none of them is picked to take one. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    int sfd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
    if (sfd < 0) {
        fprintf(stderr, PFX "signalfd: %s\n", strerror(errno));
        broker_free(&b);
        return 1;
    }
    /* A reader of our stdout that goes away must not kill the broker. */
    struct sigaction ign = {.sa_handler = SIG_IGN};
    sigaction(SIGPIPE, &ign, NULL);

    rc = broker_start(&b);
    if (rc == 0) {
        line_reader *lr = ss_xcalloc(1, sizeof *lr);
        bool stdin_open = true;
        for (;;) {
            struct pollfd pfd[2] = {
                {.fd = sfd, .events = POLLIN},
                {.fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN},
            };
            if (poll(pfd, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                fprintf(stderr, PFX "poll: %s\n", strerror(errno));
                rc = 1;
                break;
            }
            if (pfd[0].revents & POLLIN) {
                struct signalfd_siginfo si;
                if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si)
                    fprintf(stderr, PFX "%s: shutting down\n", strsignal((int)si.ssi_signo));
                break;
            }
            if (pfd[1].revents & POLLNVAL) {
                stdin_open = false;
            } else if (pfd[1].revents) {
                bool eof = false;
                if (read_commands(&b, lr, &eof)) {
                    fprintf(stderr, PFX "quit: shutting down\n");
                    break;
                }
                if (eof) {
                    stdin_open = false;
                    fprintf(stderr, PFX "end of stdin: no more control commands; SIGINT or SIGTERM stops\n");
                }
            }
        }
        free(lr);
    }
    broker_free(&b);
    close(sfd);
    /* The signal mask and SIGPIPE disposition stay as they are: the process
     * exits next, and unblocking could let a second Ctrl-C kill it (status
     * 130) after a clean shutdown. */
    return rc;
}
