/* The metrics endpoint: see http.h. The socket is bound here rather than
 * by libmicrohttpd so that a refused address says why (in use, not an
 * address of this host) instead of MHD's bare NULL. */
#include "cli/http.h"
#include "util/mem.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct ss_http {
    struct MHD_Daemon *daemon;
    ss_http_provider provider;
    void *ctx;
    uint16_t port;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, const char *body,
                             size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version, (void)upload_data, (void)con_cls;
    ss_http *h = cls;
    static const char text_plain[] = "text/plain; charset=utf-8";
    if (*upload_data_size) {
        *upload_data_size = 0; /* nothing here takes a body: drop it */
        return MHD_YES;
    }
    bool get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (strcmp(url, "/metrics") == 0 && get) {
        ss_buf text = {0};
        h->provider(h->ctx, &text);
        enum MHD_Result rc =
            reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text.data ? text.data : "", text.len);
        ss_buf_free(&text);
        return rc;
    }
    if (strcmp(url, "/healthz") == 0 && get) {
        if (h->provider(h->ctx, NULL))
            return reply(c, MHD_HTTP_OK, text_plain, "ok\n", 3);
        return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, text_plain, "unhealthy\n", 10);
    }
    if ((strcmp(url, "/metrics") == 0 || strcmp(url, "/healthz") == 0) && !get)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, text_plain, "method not allowed\n", 19);
    return reply(c, MHD_HTTP_NOT_FOUND, text_plain, "not found\n", 10);
}

/* "HOST:PORT" or "[HOST]:PORT" into its parts; host may come back "". */
static bool split_addr(const char *addr, char *host, size_t hostlen, char *port, size_t portlen)
{
    const char *colon, *h = addr, *hend;
    if (addr[0] == '[') {
        hend = strchr(addr, ']');
        if (!hend || hend[1] != ':')
            return false;
        h = addr + 1;
        colon = hend + 1;
    } else {
        colon = strrchr(addr, ':');
        if (!colon)
            return false;
        hend = colon;
    }
    size_t hl = (size_t)(hend - h), pl = strlen(colon + 1);
    if (hl >= hostlen || pl == 0 || pl >= portlen)
        return false;
    for (const char *p = colon + 1; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    if (strtoul(colon + 1, NULL, 10) > 65535)
        return false;
    memcpy(host, h, hl);
    host[hl] = 0;
    memcpy(port, colon + 1, pl + 1);
    return true;
}

/* A listening socket on addr, or -1 with err. *v6: it is IPv6. */
static int listen_on(const char *addr, bool *v6, char *err, size_t errlen)
{
    char host[256], port[8];
    if (!split_addr(addr, host, sizeof host, port, sizeof port)) {
        snprintf(err, errlen, "bad listen address '%s': want HOST:PORT, such as 127.0.0.1:9249", addr);
        return -1;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res;
    int gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (gai) {
        snprintf(err, errlen, "cannot listen on %s: %s", addr, gai_strerror(gai));
        return -1;
    }
    int fd = -1, why = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            why = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 64)) {
            why = errno;
            close(fd);
            fd = -1;
            continue;
        }
        *v6 = ai->ai_family == AF_INET6;
    }
    freeaddrinfo(res);
    if (fd < 0)
        snprintf(err, errlen, "cannot listen on %s: %s", addr, strerror(why));
    return fd;
}

ss_http *ss_http_start(const char *addr, ss_http_provider provider, void *ctx, char *err, size_t errlen)
{
    bool v6 = false;
    int fd = listen_on(addr, &v6, err, errlen);
    if (fd < 0)
        return NULL;
    struct sockaddr_storage sa;
    socklen_t salen = sizeof sa;
    uint16_t port = 0;
    if (getsockname(fd, (struct sockaddr *)&sa, &salen) == 0)
        port = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                              : ((struct sockaddr_in *)&sa)->sin_port);
    ss_http *h = ss_xcalloc(1, sizeof *h);
    h->provider = provider;
    h->ctx = ctx;
    h->port = port;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | (v6 ? MHD_USE_IPv6 : 0);
    h->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_LISTEN_SOCKET, fd,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
    if (!h->daemon) {
        snprintf(err, errlen, "cannot serve on %s: libmicrohttpd did not start", addr);
        close(fd);
        free(h);
        return NULL;
    }
    return h;
}

void ss_http_metrics_url(const ss_http *h, const char *addr, char *url, size_t len)
{
    const char *colon = strrchr(addr, ':');
    int hostlen = colon ? (int)(colon - addr) : 0;
    snprintf(url, len, "http://%.*s:%u/metrics", hostlen ? hostlen : 7, hostlen ? addr : "0.0.0.0",
             (unsigned)h->port);
}

void ss_http_stop(ss_http *h)
{
    if (!h)
        return;
    MHD_stop_daemon(h->daemon); /* closes the listening socket too */
    free(h);
}

void ss_http_snapshot_init(ss_http_snapshot *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    s->healthy = true;
}

void ss_http_snapshot_free(ss_http_snapshot *s)
{
    pthread_mutex_destroy(&s->lock);
    ss_buf_free(&s->text);
}

void ss_http_snapshot_set(void *snapshot, const char *text, size_t len)
{
    ss_http_snapshot *s = snapshot;
    pthread_mutex_lock(&s->lock);
    ss_buf_clear(&s->text);
    if (len)
        ss_buf_append(&s->text, text, len);
    pthread_mutex_unlock(&s->lock);
}

void ss_http_snapshot_set_healthy(ss_http_snapshot *s, bool healthy)
{
    pthread_mutex_lock(&s->lock);
    s->healthy = healthy;
    pthread_mutex_unlock(&s->lock);
}

bool ss_http_snapshot_provide(void *snapshot, ss_buf *text)
{
    ss_http_snapshot *s = snapshot;
    pthread_mutex_lock(&s->lock);
    if (text && s->text.len)
        ss_buf_append(text, s->text.data, s->text.len);
    bool healthy = s->healthy;
    pthread_mutex_unlock(&s->lock);
    return healthy;
}
