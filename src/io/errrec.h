/* Records of the error stream (SPEC section 5, KDA's error_stream): one JSON
 * object a line per record that could not be parsed, converted, given a
 * ROWTIME, was late, or failed in a pump. The output is always valid JSON and
 * valid UTF-8, whatever bytes the failed record held. */
#ifndef SS_ERRREC_H
#define SS_ERRREC_H

#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

typedef enum { SS_ERR_PARSE, SS_ERR_CONVERT, SS_ERR_ROWTIME, SS_ERR_LATE, SS_ERR_EVAL, SS_ERR__COUNT } ss_err_kind;

/* "parse", "convert", "rowtime", "late", "eval"; "?" outside the enum. */
const char *ss_err_kind_name(ss_err_kind k);

typedef enum { SS_POS_NONE, SS_POS_FILE, SS_POS_KAFKA, SS_POS_KINESIS, SS_POS_GENERATOR } ss_pos_kind;

typedef struct ss_err_position {
    ss_pos_kind kind;
    const char *name;     /* file path (or "-" for stdin), Kafka topic, Kinesis stream, generator name */
    uint64_t line;        /* file: 1-based line; generator: row number */
    int32_t partition;    /* Kafka */
    int64_t offset;       /* Kafka */
    const char *shard;    /* Kinesis shard id */
    const char *sequence; /* Kinesis sequence number */
} ss_err_position;

typedef struct ss_err_record {
    int64_t error_time; /* ms since epoch, wall clock */
    ss_err_kind kind;
    const char *message;
    const char *stream; /* the in-application stream name */
    ss_err_position position;
    const char *data;   /* the raw record bytes (any bytes; may be NULL when data_len is 0) */
    size_t data_len;
} ss_err_record;

/* The most bytes of a record's data an error record carries. */
#define SS_ERRREC_DATA_MAX 65536

/* Appends one JSON object and '\n':
 *   {"error_time":"2026-11-22 10:00:01.123","kind":"parse","message":"...","stream":"S",
 *    "position":POS,"data":"..."}
 * POS is {"file":"x.jsonl","line":17}, {"topic":"t","partition":3,"offset":42},
 * {"stream":"k","shard":"shardId-000000000001","sequence":"4959..."},
 * {"generator":"ticker","row":7}, or null. NULL strings (message, stream,
 * position names) are written as null. data is a JSON string of the record's
 * bytes with ill-formed UTF-8 replaced by U+FFFD and control characters
 * escaped; a record longer than SS_ERRREC_DATA_MAX bytes is cut at the last
 * character boundary at or before it, and "data_truncated":true follows. */
void ss_errrec_encode(const ss_err_record *r, ss_buf *out);

#endif
