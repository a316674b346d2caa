/* What the Kafka source and sink share: building a librdkafka configuration
 * from a stream's binding (brokers, 'kafka.<property>' passthrough), and
 * reporting broker trouble on stderr, named and rate-limited, never with a
 * secret in it. */
#ifndef SS_KAFKA_H
#define SS_KAFKA_H

#include "sql/app.h"

#include <librdkafka/rdkafka.h>

/* The bootstrap servers: KAFKA_BROKERS, else $STREAMSQL_KAFKA_BROKERS, else
 * localhost:9092 (SPEC section 4). */
const char *ss_kafka_brokers(const ss_binding *b);

/* What the error callback needs to name the trouble; owned by the caller
 * and alive as long as the rd_kafka_t. */
typedef struct ss_kafka_trouble {
    char brokers[256];
    char stream[128];
    long last_warning;
    int broker_down; /* set while brokers are unreachable, cleared by the caller */
    void *owner;     /* the source or sink: callbacks share librdkafka's one opaque */
} ss_kafka_trouble;

/* A configuration with the brokers, our defaults for `role` ("consumer" or
 * "producer"), then the stream's 'kafka.<property>' keys, which win. NULL
 * with a message (naming the property, not its value) on a bad property. */
rd_kafka_conf_t *ss_kafka_conf(const ss_stream *s, const char *role, ss_kafka_trouble *t, char *err,
                               size_t errlen);

/* Sets a property or fails with a message naming it. */
int ss_kafka_set(rd_kafka_conf_t *conf, const char *key, const char *value, char *err, size_t errlen);
/* A client of stream s from conf, which it takes over; NULL and err on failure. */
rd_kafka_t *ss_kafka_new(rd_kafka_type_t type, rd_kafka_conf_t *conf, const ss_stream *s, char *err, size_t errlen);
/* How many partitions topic has, from the brokers' metadata, waiting up to
 * timeout_ms; 0 when that cannot be learnt, *why then saying why (the
 * topic's own error, e.g. unknown, or the request's). */
int32_t ss_kafka_partitions(rd_kafka_t *rk, const char *topic, int timeout_ms, rd_kafka_resp_err_t *why);

#endif
