/* A TCP forwarder for `streamsql broker`: listens on 127.0.0.1:PORT and relays
 * each accepted connection byte for byte to one of a few upstream addresses, on
 * one thread with poll(). Exists because librdkafka 2.0.2's mock brokers only
 * listen on ephemeral ports, and clients want a fixed bootstrap port. */
#ifndef SS_FORWARD_H
#define SS_FORWARD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ss_forward ss_forward;

/* Binds 127.0.0.1:port (1..65535) and starts the relay thread. targets is a
 * comma-separated list of numeric "IPv4:PORT" upstreams (librdkafka's bootstrap
 * format); each new connection goes to the first target marked up (all start
 * up), or to the first target when none is. log_prefix, if not NULL, prefixes
 * one stderr line per connection opened and closed and per relay error.
 * Returns NULL with a message in err (which names the port) on failure. The
 * caller frees the result with ss_forward_free. */
ss_forward *ss_forward_new(int port, const char *targets, const char *log_prefix, char *err,
                           size_t errsize);

/* Stops the thread, closes the listener and every relayed connection. */
void ss_forward_free(ss_forward *fw);

/* Marks target index (0-based, in the order given to ss_forward_new) up or
 * down for connections accepted from now on; open connections are untouched.
 * Safe from any thread. */
void ss_forward_set_up(ss_forward *fw, size_t index, bool up);

/* Connections relayed so far and those open now. Safe from any thread. */
void ss_forward_stats(ss_forward *fw, unsigned long *total, unsigned long *open);

#endif
