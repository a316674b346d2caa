/* A small client for the Kinesis Data Streams API (JSON 1.1 over HTTP, SigV4
 * signed by libcurl): the calls a source and a sink need, and a few admin
 * calls for tests. One client is one keep-alive connection; it is not
 * thread-safe, so use one per thread. Nothing here sleeps, retries or prints:
 * every failure comes back classified, and the caller decides. */
#ifndef SS_KINESIS_CLIENT_H
#define SS_KINESIS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Buffer sizes, NUL included, from the API's own bounds. */
#define SS_KINESIS_ID_SIZE 129       /* shard ids, stream names: 1..128 */
#define SS_KINESIS_SEQ_SIZE 130      /* sequence numbers: 0|[1-9][0-9]{0,128} */
#define SS_KINESIS_HASH_SIZE 40      /* hash keys: 0 .. 2^128-1 in decimal */
#define SS_KINESIS_ITERATOR_SIZE 513 /* shard iterators: 1..512 */

/* Service limits a caller must respect (the client checks PutRecords' ones). */
#define SS_KINESIS_PUT_MAX_RECORDS 500
#define SS_KINESIS_PUT_MAX_BYTES (5u * 1024 * 1024)      /* data + partition keys, per call */
#define SS_KINESIS_RECORD_MAX_BYTES (1u * 1024 * 1024)   /* data + partition key, per record */
#define SS_KINESIS_PARTITION_KEY_MAX 256                 /* Unicode characters */
#define SS_KINESIS_GET_MAX_RECORDS 10000

/* What a failure means for the caller. */
typedef enum ss_kinesis_rc {
    SS_KINESIS_OK = 0,
    /* Throttled (ProvisionedThroughputExceeded, LimitExceeded), 5xx, stream
     * busy (ResourceInUse), or no HTTP answer at all: the same call may
     * succeed after a backoff. */
    SS_KINESIS_RETRY,
    /* ExpiredIteratorException: get a new iterator (AFTER_SEQUENCE_NUMBER of
     * the last record read) and go on. */
    SS_KINESIS_EXPIRED,
    /* Anything else: bad credentials, no such stream, invalid argument, a
     * malformed answer. Repeating the call cannot help. */
    SS_KINESIS_FATAL,
} ss_kinesis_rc;

typedef struct ss_kinesis_error {
    ss_kinesis_rc rc;
    long http_status; /* 0: no HTTP answer (transport) or a local check */
    char type[96];    /* the AWS error code without namespace, "ProvisionedThroughputExceededException";
                         "" for transport and local errors */
    /* One line for people, naming the operation and what it was about:
     * "kinesis GetRecords: HTTP 400 ExpiredIteratorException: Iterator expired...".
     * Never holds the secret key, the session token or the Authorization header. */
    char msg[512];
} ss_kinesis_error;

/* What a failure with this HTTP status and AWS error code (either may be
 * 0/NULL) means. For one record of PutRecords, pass its ErrorCode and 200. */
ss_kinesis_rc ss_kinesis_classify(long http_status, const char *type);

typedef struct ss_kinesis ss_kinesis;

typedef struct ss_kinesis_config {
    /* "http[s]://host[:port]"; NULL or "": https://kinesis.REGION.amazonaws.com */
    const char *endpoint;
    /* NULL or "": $AWS_REGION, else $AWS_DEFAULT_REGION, else (only with an
     * explicit endpoint, which local emulators do not check) us-east-1. */
    const char *region;
    long connect_timeout_ms; /* 0: 5 s */
    long timeout_ms;         /* a whole call; 0: 30 s */
} ss_kinesis_config;

/* A client with credentials from $AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY
 * and (optional) $AWS_SESSION_TOKEN, read now. NULL with err filled (rc
 * FATAL) when they are missing or the endpoint or region is unusable. No
 * connection is made until the first call. Free with ss_kinesis_free. */
ss_kinesis *ss_kinesis_new(const ss_kinesis_config *cfg, ss_kinesis_error *err);
void ss_kinesis_free(ss_kinesis *k);

const char *ss_kinesis_endpoint(const ss_kinesis *k);
const char *ss_kinesis_region(const ss_kinesis *k);

/* ---- ListShards ---------------------------------------------------------- */

typedef struct ss_kinesis_shard {
    char id[SS_KINESIS_ID_SIZE];
    char parent[SS_KINESIS_ID_SIZE];          /* "" if none */
    char adjacent_parent[SS_KINESIS_ID_SIZE]; /* "" if none (set only by a merge) */
    char hash_start[SS_KINESIS_HASH_SIZE];    /* decimal, inclusive */
    char hash_end[SS_KINESIS_HASH_SIZE];      /* decimal, inclusive */
    char seq_start[SS_KINESIS_SEQ_SIZE];
    char seq_end[SS_KINESIS_SEQ_SIZE]; /* "" while open; set once the shard is closed */
} ss_kinesis_shard;

typedef struct ss_kinesis_shards {
    ss_kinesis_shard *items;
    size_t n, cap;
} ss_kinesis_shards;

static inline bool ss_kinesis_shard_closed(const ss_kinesis_shard *s) { return s->seq_end[0] != 0; }

/* Every shard of `stream` (open and closed ones still within retention), in
 * the service's order (ascending id), following NextToken across pages of
 * `page_size` shards (0: the service's default). With `after_shard_id` only
 * the shards with a greater id: how new shards are found after a reshard.
 * Replaces the contents of `out` (kept on failure: n is then 0). */
ss_kinesis_rc ss_kinesis_list_shards(ss_kinesis *k, const char *stream, const char *after_shard_id, int page_size,
                                     ss_kinesis_shards *out, ss_kinesis_error *err);
void ss_kinesis_shards_free(ss_kinesis_shards *s);

/* ---- GetShardIterator ---------------------------------------------------- */

typedef enum ss_kinesis_start {
    SS_KINESIS_TRIM_HORIZON,
    SS_KINESIS_LATEST,
    SS_KINESIS_AT_TIMESTAMP,
    SS_KINESIS_AT_SEQUENCE_NUMBER,
    SS_KINESIS_AFTER_SEQUENCE_NUMBER,
} ss_kinesis_start;

typedef struct ss_kinesis_position {
    ss_kinesis_start type;
    const char *sequence; /* AT_/AFTER_SEQUENCE_NUMBER */
    int64_t timestamp_ms; /* AT_TIMESTAMP: epoch milliseconds */
} ss_kinesis_position;

/* "TRIM_HORIZON", ... as the API spells them. */
const char *ss_kinesis_start_name(ss_kinesis_start type);

/* An iterator for reading `shard_id` from `pos`, into iterator[]. Iterators
 * expire 5 minutes after they are made. */
ss_kinesis_rc ss_kinesis_get_shard_iterator(ss_kinesis *k, const char *stream, const char *shard_id,
                                            const ss_kinesis_position *pos, char iterator[SS_KINESIS_ITERATOR_SIZE],
                                            ss_kinesis_error *err);

/* ---- GetRecords ---------------------------------------------------------- */

typedef struct ss_kinesis_record {
    const char *data; /* base64-decoded; followed by a NUL that len does not count */
    size_t len;
    const char *partition_key;
    const char *sequence;
    int64_t arrival_ms; /* ApproximateArrivalTimestamp, epoch ms; 0 if absent */
} ss_kinesis_record;

/* One GetRecords answer. Reused call after call: the records, their bytes
 * and strings live in memory that grows to the largest answer and is
 * overwritten by the next call, so nothing is allocated per record. */
typedef struct ss_kinesis_records {
    ss_kinesis_record *items;
    size_t n, cap;
    /* Where to read on; "" with shard_end set when the shard is closed and
     * everything in it has been returned (its children come next). */
    char next_iterator[SS_KINESIS_ITERATOR_SIZE];
    bool shard_end;
    int64_t millis_behind; /* MillisBehindLatest: 0 when caught up; -1 if absent */
    ss_buf buf;            /* the records' bytes and strings */
} ss_kinesis_records;

/* Up to `limit` records (1..10000; 0: the service's default of 10000) from
 * `iterator`, which may be out->next_iterator itself. A call may return no
 * records and yet be behind: keep going with next_iterator. On failure out->n
 * is 0 and next_iterator is left as it was, so a retry can pass it again. */
ss_kinesis_rc ss_kinesis_get_records(ss_kinesis *k, const char *iterator, int limit, ss_kinesis_records *out,
                                     ss_kinesis_error *err);
void ss_kinesis_records_free(ss_kinesis_records *r);

/* ---- PutRecords ---------------------------------------------------------- */

typedef struct ss_kinesis_put_entry {
    const void *data;
    size_t len;
    const char *partition_key;     /* 1..256 characters of UTF-8 */
    const char *explicit_hash_key; /* decimal, or NULL: hash of the partition key */
} ss_kinesis_put_entry;

typedef struct ss_kinesis_put_result {
    ss_kinesis_rc rc; /* OK, or how this record's ErrorCode classifies */
    char shard_id[SS_KINESIS_ID_SIZE];
    char sequence[SS_KINESIS_SEQ_SIZE];
    char error_code[64];     /* "" on success */
    char error_message[256]; /* "" on success */
} ss_kinesis_put_result;

/* The size the service counts against its limits: data plus partition key. */
size_t ss_kinesis_put_entry_size(const ss_kinesis_put_entry *e);

/* Writes n (1..500) records, together at most 5 MB, in one call. When the
 * call as a whole succeeds (SS_KINESIS_OK), records may still have failed
 * one by one: *failed says how many, and results[i] (n of them, caller's
 * memory) says which and why, so the caller resends only those. Order is
 * kept per shard only among records that succeed in the same call. Limits
 * are checked before sending (FATAL, nothing sent). */
ss_kinesis_rc ss_kinesis_put_records(ss_kinesis *k, const char *stream, const ss_kinesis_put_entry *entries,
                                     size_t n, ss_kinesis_put_result *results, size_t *failed,
                                     ss_kinesis_error *err);

/* ---- Administration (tests, tools) --------------------------------------- */

ss_kinesis_rc ss_kinesis_create_stream(ss_kinesis *k, const char *stream, int shards, ss_kinesis_error *err);
/* StreamStatus ("CREATING", "ACTIVE", "UPDATING", "DELETING") into status[32]
 * and the number of open shards. */
ss_kinesis_rc ss_kinesis_describe_stream_summary(ss_kinesis *k, const char *stream, char status[32],
                                                 int *open_shards, ss_kinesis_error *err);
ss_kinesis_rc ss_kinesis_split_shard(ss_kinesis *k, const char *stream, const char *shard_id,
                                     const char *new_starting_hash_key, ss_kinesis_error *err);
ss_kinesis_rc ss_kinesis_merge_shards(ss_kinesis *k, const char *stream, const char *shard_id,
                                      const char *adjacent_shard_id, ss_kinesis_error *err);

#endif
