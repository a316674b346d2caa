/* The bootstrap forwarder of `streamsql broker` (see forward.h): one thread,
 * one poll() loop, non-blocking sockets, a fixed buffer per direction of each
 * relayed connection. Half-closes are passed on (EOF from one side becomes
 * shutdown(SHUT_WR) towards the other) so the relay is transparent to TCP. */
#include "cli/forward.h"

#include "util/mem.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Per direction. Large enough that a Kafka fetch response streams through in
 * few rounds, small enough that the connection cap bounds memory (32 MiB). */
#define SS_FWD_BUF 65536
/* Beyond this many open pairs new connections wait in the listen backlog
 * rather than running the process out of descriptors. */
#define SS_FWD_MAX_CONNS 256
#define SS_FWD_MAX_TARGETS 64

typedef struct ss_fwd_dir {
    size_t off, len; /* pending bytes are data[off..len) */
    bool eof;        /* the source side sent FIN */
    bool shut;       /* ... and it has been passed on with SHUT_WR */
    uint64_t bytes;
    char data[SS_FWD_BUF];
} ss_fwd_dir;

/* fd[0] is the accepted client, fd[1] the upstream broker. dir[d] carries bytes
 * read from fd[d] and written to fd[!d]. */
typedef struct ss_fwd_conn {
    int fd[2];
    bool connecting; /* non-blocking connect to fd[1] still in progress */
    unsigned long id;
    size_t target;
    ss_fwd_dir dir[2];
} ss_fwd_conn;

struct ss_forward {
    int port;
    int listen_fd;
    int wake[2]; /* a byte on wake[1] stops the thread */
    pthread_t thread;
    char *log_prefix;

    struct sockaddr_in targets[SS_FWD_MAX_TARGETS];
    char target_names[SS_FWD_MAX_TARGETS][32];
    atomic_bool target_up[SS_FWD_MAX_TARGETS];
    size_t ntargets;

    /* Owned by the relay thread while it runs. */
    ss_fwd_conn **conns;
    size_t nconns, cap;
    struct pollfd *pfds;
    bool accept_paused; /* out of descriptors: leave the listener alone a while */

    atomic_ulong total, open;
};

static void fwd_log(const ss_forward *fw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fwd_log(const ss_forward *fw, const char *fmt, ...)
{
    if (!fw->log_prefix)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    /* One fprintf per line: stdio locks the stream, so lines from this thread
     * and the main thread do not interleave. */
    fprintf(stderr, "%sforward: %s\n", fw->log_prefix, line);
}

/* Parses "IP:PORT[,IP:PORT]..." into fw->targets. */
static int parse_targets(ss_forward *fw, const char *list, char *err, size_t errsize)
{
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char item[64];
        if (fw->ntargets == SS_FWD_MAX_TARGETS || n == 0 || n >= sizeof item) {
            snprintf(err, errsize, "bad forward target list '%s'", list);
            return -1;
        }
        memcpy(item, p, n);
        item[n] = '\0';
        char *colon = strrchr(item, ':');
        char *num_end = NULL;
        long port = colon ? strtol(colon + 1, &num_end, 10) : 0;
        struct sockaddr_in *sa = &fw->targets[fw->ntargets];
        memset(sa, 0, sizeof *sa);
        sa->sin_family = AF_INET;
        if (colon)
            *colon = '\0';
        if (!colon || num_end == colon + 1 || *num_end || port < 1 || port > 65535 ||
            inet_pton(AF_INET, item, &sa->sin_addr) != 1) {
            snprintf(err, errsize, "bad forward target '%.*s'", (int)n, p);
            return -1;
        }
        sa->sin_port = htons((uint16_t)port);
        char ip[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip);
        snprintf(fw->target_names[fw->ntargets], sizeof fw->target_names[0], "%s:%ld", ip, port);
        atomic_init(&fw->target_up[fw->ntargets], true);
        fw->ntargets++;
        p += n;
        if (*p == ',')
            p++;
    }
    if (fw->ntargets == 0) {
        snprintf(err, errsize, "no forward target");
        return -1;
    }
    return 0;
}

static void set_nodelay(int fd)
{
    /* Kafka is request/response with small frames: Nagle on the relay would
     * add a delayed-ACK wait to every round trip. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* why: NULL for a normal end; reset: pass an error on as a TCP reset. */
static void conn_close(ss_forward *fw, ss_fwd_conn *c, const char *why, bool reset)
{
    fwd_log(fw, "connection %lu closed%s%s (%llu bytes to broker, %llu bytes back)", c->id,
            why ? ": " : "", why ? why : "", (unsigned long long)c->dir[0].bytes,
            (unsigned long long)c->dir[1].bytes);
    if (reset) {
        /* An error on one side (a reset, a refused connect) reaches the other
         * as a reset too, not as a clean end of stream. */
        struct linger abort_close = {.l_onoff = 1, .l_linger = 0};
        for (int s = 0; s < 2; s++)
            setsockopt(c->fd[s], SOL_SOCKET, SO_LINGER, &abort_close, sizeof abort_close);
    }
    close(c->fd[0]);
    close(c->fd[1]);
    free(c);
    atomic_fetch_sub(&fw->open, 1);
}

static void accept_all(ss_forward *fw)
{
    while (fw->nconns < SS_FWD_MAX_CONNS) {
        struct sockaddr_in peer;
        socklen_t peerlen = sizeof peer;
        int cfd = accept4(fw->listen_fd, (struct sockaddr *)&peer, &peerlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (cfd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                fwd_log(fw, "accept: %s", strerror(errno));
                fw->accept_paused = true;
            }
            return;
        }
        size_t t = 0;
        for (size_t i = 0; i < fw->ntargets; i++)
            if (atomic_load(&fw->target_up[i])) {
                t = i;
                break;
            }
        unsigned long id = atomic_fetch_add(&fw->total, 1) + 1;
        int ufd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (ufd < 0) {
            fwd_log(fw, "connection %lu: socket: %s", id, strerror(errno));
            close(cfd);
            fw->accept_paused = true;
            return;
        }
        bool connecting = false;
        if (connect(ufd, (const struct sockaddr *)&fw->targets[t], sizeof fw->targets[t]) != 0) {
            if (errno != EINPROGRESS) {
                fwd_log(fw, "connection %lu: upstream %s: %s", id, fw->target_names[t], strerror(errno));
                close(ufd);
                close(cfd);
                continue;
            }
            connecting = true;
        }
        set_nodelay(cfd);
        set_nodelay(ufd);
        ss_fwd_conn *c = ss_xmalloc(sizeof *c);
        c->fd[0] = cfd;
        c->fd[1] = ufd;
        c->connecting = connecting;
        c->id = id;
        c->target = t;
        for (int d = 0; d < 2; d++) {
            c->dir[d].off = c->dir[d].len = 0;
            c->dir[d].eof = c->dir[d].shut = false;
            c->dir[d].bytes = 0;
        }
        SS_GROW(fw->conns, fw->cap, fw->nconns + 1);
        fw->conns[fw->nconns++] = c;
        atomic_fetch_add(&fw->open, 1);
        char addr[INET_ADDRSTRLEN] = "?";
        inet_ntop(AF_INET, &peer.sin_addr, addr, sizeof addr);
        fwd_log(fw, "connection %lu from %s:%u to broker at %s", id, addr, (unsigned)ntohs(peer.sin_port),
                fw->target_names[t]);
    }
}

static bool transient(int e)
{
    return e == EAGAIN || e == EWOULDBLOCK || e == EINTR;
}

/* Moves what it can in both directions. Returns false when the pair is done:
 * both directions finished (msg left empty) or an error (described in msg). */
static bool conn_service(ss_forward *fw, ss_fwd_conn *c, const struct pollfd *p, char *msg, size_t msgsize)
{
    msg[0] = '\0';
    if (c->connecting) {
        if (!p[1].revents)
            return true;
        int e = 0;
        socklen_t elen = sizeof e;
        if (getsockopt(c->fd[1], SOL_SOCKET, SO_ERROR, &e, &elen) != 0)
            e = errno;
        if (e) {
            snprintf(msg, msgsize, "upstream %s: %s", fw->target_names[c->target], strerror(e));
            return false;
        }
        c->connecting = false;
        return true;
    }
    for (int s = 0; s < 2; s++)
        if (p[s].revents & POLLERR) {
            int e = 0;
            socklen_t elen = sizeof e;
            getsockopt(c->fd[s], SOL_SOCKET, SO_ERROR, &e, &elen);
            snprintf(msg, msgsize, "%s: %s", s ? "broker side" : "client side",
                     e ? strerror(e) : "socket error");
            return false;
        }
    for (int d = 0; d < 2; d++) {
        ss_fwd_dir *b = &c->dir[d];
        int src = c->fd[d], dst = c->fd[!d];
        if ((p[d].revents & (POLLIN | POLLHUP)) && !b->eof && b->len < SS_FWD_BUF) {
            if (b->off > 0) {
                memmove(b->data, b->data + b->off, b->len - b->off);
                b->len -= b->off;
                b->off = 0;
            }
            ssize_t r = recv(src, b->data + b->len, SS_FWD_BUF - b->len, 0);
            if (r > 0) {
                b->len += (size_t)r;
                b->bytes += (uint64_t)r;
            } else if (r == 0) {
                b->eof = true;
            } else if (!transient(errno)) {
                snprintf(msg, msgsize, "%s: %s", d ? "broker side" : "client side", strerror(errno));
                    return false;
            }
        }
        /* Write whatever is pending without waiting for POLLOUT: the socket is
         * usually writable, and this saves a poll round per chunk. */
        if (b->off < b->len) {
            ssize_t w = send(dst, b->data + b->off, b->len - b->off, MSG_NOSIGNAL);
            if (w > 0) {
                b->off += (size_t)w;
            } else if (w < 0 && !transient(errno)) {
                snprintf(msg, msgsize, "%s: %s", d ? "client side" : "broker side", strerror(errno));
                    return false;
            }
        }
        if (b->off == b->len)
            b->off = b->len = 0;
        if (b->eof && b->len == 0 && !b->shut) {
            shutdown(dst, SHUT_WR);
            b->shut = true;
        }
    }
    return !(c->dir[0].shut && c->dir[1].shut);
}

static void *relay_main(void *arg)
{
    ss_forward *fw = arg;
    for (;;) {
        size_t n = 0;
        fw->pfds[n++] = (struct pollfd){.fd = fw->wake[0], .events = POLLIN};
        bool listen = fw->nconns < SS_FWD_MAX_CONNS && !fw->accept_paused;
        fw->pfds[n++] = (struct pollfd){.fd = listen ? fw->listen_fd : -1, .events = POLLIN};
        for (size_t i = 0; i < fw->nconns; i++) {
            ss_fwd_conn *c = fw->conns[i];
            short ev[2] = {0, 0};
            if (c->connecting) {
                ev[1] = POLLOUT;
            } else {
                for (int d = 0; d < 2; d++) {
                    if (!c->dir[d].eof && c->dir[d].len < SS_FWD_BUF)
                        ev[d] |= POLLIN;
                    if (c->dir[d].off < c->dir[d].len)
                        ev[!d] |= POLLOUT;
                }
            }
            /* A side with nothing to do is left out entirely (fd -1): poll
             * reports POLLHUP even when not asked, which would spin while the
             * other side is slow to drain. */
            for (int s = 0; s < 2; s++)
                fw->pfds[n++] = (struct pollfd){.fd = ev[s] ? c->fd[s] : -1, .events = ev[s]};
        }
        int timeout = fw->accept_paused ? 100 : -1;
        fw->accept_paused = false;
        if (poll(fw->pfds, n, timeout) < 0) {
            if (errno == EINTR)
                continue;
            fwd_log(fw, "poll: %s", strerror(errno));
            break;
        }
        if (fw->pfds[0].revents)
            break;
        size_t kept = 0;
        for (size_t i = 0; i < fw->nconns; i++) {
            ss_fwd_conn *c = fw->conns[i];
            char why[160];
            if (conn_service(fw, c, &fw->pfds[2 + 2 * i], why, sizeof why))
                fw->conns[kept++] = c;
            else
                conn_close(fw, c, why[0] ? why : NULL, why[0] != '\0');
        }
        fw->nconns = kept;
        if (fw->pfds[1].revents & POLLIN)
            accept_all(fw);
    }
    return NULL;
}

ss_forward *ss_forward_new(int port, const char *targets, const char *log_prefix, char *err, size_t errsize)
{
    ss_forward *fw = ss_xcalloc(1, sizeof *fw);
    fw->port = port;
    fw->listen_fd = -1;
    fw->wake[0] = fw->wake[1] = -1;
    atomic_init(&fw->total, 0);
    atomic_init(&fw->open, 0);
    if (parse_targets(fw, targets, err, errsize))
        goto fail;
    if (port < 1 || port > 65535) {
        snprintf(err, errsize, "bad port %d", port);
        goto fail;
    }
    fw->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fw->listen_fd < 0) {
        snprintf(err, errsize, "cannot listen on 127.0.0.1:%d: socket: %s", port, strerror(errno));
        goto fail;
    }
    /* Lets a restarted broker rebind while old connections sit in TIME_WAIT;
     * on Linux it does not allow two listeners on one port. */
    int one = 1;
    setsockopt(fw->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fw->listen_fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        if (errno == EADDRINUSE)
            snprintf(err, errsize, "port %d on 127.0.0.1 is already in use (choose another with --port)", port);
        else
            snprintf(err, errsize, "cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
        goto fail;
    }
    if (listen(fw->listen_fd, 128) != 0) {
        snprintf(err, errsize, "cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
        goto fail;
    }
    if (pipe2(fw->wake, O_CLOEXEC) != 0) {
        snprintf(err, errsize, "pipe: %s", strerror(errno));
        goto fail;
    }
    fw->log_prefix = log_prefix ? ss_xstrdup(log_prefix) : NULL;
    fw->pfds = ss_xmalloc((2 + 2 * SS_FWD_MAX_CONNS) * sizeof *fw->pfds);

    /* Signals belong to the caller's threads, never to the relay. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&fw->thread, NULL, relay_main, fw);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, errsize, "cannot start the forwarder thread: %s", strerror(rc));
        goto fail;
    }
    return fw;

fail:
    if (fw->listen_fd >= 0)
        close(fw->listen_fd);
    for (int i = 0; i < 2; i++)
        if (fw->wake[i] >= 0)
            close(fw->wake[i]);
    free(fw->pfds);
    free(fw->log_prefix);
    free(fw);
    return NULL;
}

void ss_forward_free(ss_forward *fw)
{
    if (!fw)
        return;
    ssize_t w;
    do
        w = write(fw->wake[1], "x", 1);
    while (w < 0 && errno == EINTR);
    pthread_join(fw->thread, NULL);
    for (size_t i = 0; i < fw->nconns; i++)
        conn_close(fw, fw->conns[i], "shutting down", false);
    free(fw->conns);
    free(fw->pfds);
    close(fw->listen_fd);
    close(fw->wake[0]);
    close(fw->wake[1]);
    free(fw->log_prefix);
    free(fw);
}

void ss_forward_set_up(ss_forward *fw, size_t index, bool up)
{
    if (index < fw->ntargets)
        atomic_store(&fw->target_up[index], up);
}

void ss_forward_stats(ss_forward *fw, unsigned long *total, unsigned long *open)
{
    *total = atomic_load(&fw->total);
    *open = atomic_load(&fw->open);
}
