/* A small HTTP endpoint for metrics (libmicrohttpd, its own thread):
 * GET /metrics serves the provider's text in the Prometheus text format,
 * GET /healthz answers 200 "ok" while the provider says healthy and 503
 * otherwise, anything else is 404. Shared by `run --metrics` and `serve`. */
#ifndef SS_HTTP_H
#define SS_HTTP_H

#include "util/buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Called from the server's thread for each request: appends the whole
 * /metrics text to `text` (NULL for /healthz, which needs only the answer)
 * and says whether the application is healthy. */
typedef bool (*ss_http_provider)(void *ctx, ss_buf *text);

typedef struct ss_http ss_http;

/* Listens on addr, "HOST:PORT" ("[V6ADDR]:PORT" for IPv6; an empty HOST is
 * every address; PORT 0 is any free port), then serves until ss_http_stop.
 * NULL with err when the address is bad or cannot be listened on. */
ss_http *ss_http_start(const char *addr, ss_http_provider provider, void *ctx, char *err, size_t errlen);
/* "http://HOST:PORT/metrics" for h started on addr: the host as given
 * ("0.0.0.0" for every address), the port bound (tests ask for port 0 and
 * read the port from this). */
void ss_http_metrics_url(const ss_http *h, const char *addr, char *url, size_t len);
/* Stops serving (requests under way finish first) and frees h; NULL is fine. */
void ss_http_stop(ss_http *h);

/* The hand-off between a thread that makes metrics and the server's
 * thread: the latest text, copied under a lock. */
typedef struct ss_http_snapshot {
    pthread_mutex_t lock;
    ss_buf text;
    bool healthy;
} ss_http_snapshot;

void ss_http_snapshot_init(ss_http_snapshot *s);
void ss_http_snapshot_free(ss_http_snapshot *s);
/* Replaces the text (the signature of ss_run_options.on_metrics). */
void ss_http_snapshot_set(void *snapshot, const char *text, size_t len);
void ss_http_snapshot_set_healthy(ss_http_snapshot *s, bool healthy);
/* An ss_http_provider serving the snapshot (ctx: the ss_http_snapshot). */
bool ss_http_snapshot_provide(void *snapshot, ss_buf *text);

#endif
