/* The running application (internal to src/exec and src/io): runtime
 * streams, pumps, sources and sinks, wired as the analyzed application says.
 *
 * Processing is single-threaded and push-based. A source reads a chunk,
 * decodes it into a batch of rows, releases the rows its watermark allows (in
 * ROWTIME order), and pushes them into its stream; a stream hands each batch
 * to the pumps that read it and to its sink; a pump filters, aggregates and
 * projects, and pushes its output into its target stream. Watermarks follow
 * the same edges after each batch. Strings made while processing live in one
 * arena that is reset when a source's chunk has been fully processed. */
#ifndef SS_RT_H
#define SS_RT_H

#include "exec/eval.h"
#include "exec/groupwin.h"
#include "exec/rowbuf.h"
#include "exec/sliding.h"
#include "io/decode.h"
#include "io/encode.h"
#include "io/errrec.h"
#include "io/generator.h"
#include "sql/app.h"
#include "streamsql/streamsql.h"
#include "util/buf.h"
#include "util/codec.h"

#include <poll.h>

#define SS_BATCH 1024

typedef struct ss_rt ss_rt;
typedef struct ss_rt_pump ss_rt_pump;
struct ss_prom;
struct ss_metrics;

typedef struct ss_rt_sink ss_rt_sink;

typedef struct ss_sink_driver {
    int (*open)(ss_rt_sink *k, char *err, size_t errlen);
    void (*write)(ss_rt_sink *k, const ss_rows *rows);
    /* Hands buffered output on; -1 once the sink has failed for good. */
    int (*flush)(ss_rt_sink *k);
    /* Waits up to timeout_ms until everything written is delivered (Kafka:
     * acknowledged); 0 when it is. */
    int (*drain)(ss_rt_sink *k, int timeout_ms);
    void (*close)(ss_rt_sink *k);
    /* Checkpoints (exec/checkpoint.c): mark makes what was written durable
     * and says where the output ends (1: not now, everything could not be
     * delivered in time; the checkpoint is taken later); rewind, on restore,
     * cuts the output back there, or skips what was written after it, so
     * that nothing stays twice. NULL: the sink cannot take part yet. */
    int (*mark)(ss_rt_sink *k, ss_buf *pos, char *err, size_t errlen);
    int (*rewind)(ss_rt_sink *k, ss_reader *pos, char *err, size_t errlen);
} ss_sink_driver;

struct ss_rt_sink {
    const ss_stream *def;
    const char *path; /* file sinks: the path, "-" for stdout */
    const ss_sink_driver *drv;
    void *impl;
    bool checkpointed; /* --checkpoint: where each row goes must not depend on chance */
    bool resume;       /* opened to continue a checkpointed output: nothing truncated */
    /* Names this application's output for consumers that drop repeats of an
     * at-least-once output (Kinesis): the checkpoint store's id, which stays
     * across restarts, or a random one per run. A row's name is this id and
     * its number in the output, which restores with the checkpoint. */
    uint64_t output_id;
    ss_encoder enc;
    ss_buf buf;
    uint64_t rows;
    bool failed;
    char failure[256]; /* why, once failed */
};

extern const ss_sink_driver ss_file_sink;
extern const ss_sink_driver ss_kafka_sink;
extern const ss_sink_driver ss_kinesis_sink;

typedef struct ss_rt_stream {
    const ss_stream *def;
    uint32_t id;
    ss_rt_pump **readers;
    uint32_t nreaders;
    ss_rt_sink *sink;
    int64_t wm;
    /* several writers: rows wait here until every writer's watermark passed */
    uint32_t nwriters;
    int64_t *writer_wm;
    ss_rowbuf *merge;
    ss_rows merged; /* release buffer */
    uint64_t rows;
} ss_rt_stream;

struct ss_rt_pump {
    ss_rt *rt;
    const ss_pump *def;
    const ss_query *q;
    ss_rt_stream *into;
    uint32_t writer; /* this pump's index among into's writers */
    ss_groupwin *gw;
    ss_sliding **sl;
    ss_value *keys, *args, *orow, *outv;
    /* GROUP BY rows of the current batch, added to the window operator at once */
    ss_value *gkeys, *gargs;
    int64_t *gtimes;
    uint32_t *grows, gn;
    ss_origin *gorigins;
    const ss_rows *gin;
    uint32_t orow_width;
    ss_eval_ctx ctx;
    const ss_origin *cur_origin; /* the input row being processed, for errors */
    const ss_value *cur_input;
    /* output batch in the target's schema */
    ss_rows out;
    /* SELECT DISTINCT: the rows already emitted for the current window end */
    int64_t distinct_end;
    ss_buf distinct_rows;
    /* Windows of rows from other pumps (no partition of their own) ending at
     * or before this were emitted by an earlier owner; valid while
     * rt->parts_moved is replay_floor_at. */
    int64_t replay_floor;
    uint64_t replay_floor_at;
    uint64_t rows_in, rows_out;
    uint64_t errors[SS_ERR__COUNT]; /* error records of this pump, by kind (metrics) */
};

typedef struct ss_rt_source ss_rt_source;

/* What differs between sources: how records arrive and where they came from.
 * The core (src/io/source.c) does the rest: decoding, ROWTIME, lateness,
 * watermarks, ordered release. */
typedef enum ss_delivery {
    SS_DELIVERED_SO_FAR, /* running: rows whose windows have all closed are out */
    SS_DELIVERED_AT_STOP, /* stopped by a signal with windows left open: as SO_FAR,
                           * committed now, for the next run to resume from */
    SS_DELIVERED_ALL,    /* the input ended and every window flushed: all is out */
} ss_delivery;

typedef struct ss_source_driver {
    int (*open)(ss_rt_source *s, char *err, size_t errlen);
    /* Reads what is available and hands it to the core; the number of
     * records (or any progress at all, as 1), 0 when nothing was ready. */
    size_t (*step)(ss_rt_source *s);
    /* What to wait on when nothing was ready: fds to poll, a timeout bound. */
    void (*wait)(ss_rt_source *s, struct pollfd *fds, uint32_t *nfds, uint32_t max, int *timeout_ms);
    /* Everything released so far has reached the sinks: a source with
     * positions may commit them, as far as `how` says results are out. */
    void (*delivered)(ss_rt_source *s, ss_delivery how);
    void (*close)(ss_rt_source *s);
    /* Where origin o came from, for error records. */
    void (*position)(const ss_rt_source *s, ss_origin o, ss_err_position *pos);
    /* A stopped run may leave its windows open: the next run re-reads from
     * the committed positions and rebuilds them (Kafka). Other sources flush
     * their windows when stopped, or the rows in them would be lost. */
    bool resumable;
    /* Checkpoints (exec/checkpoint.c): where the source is, as bytes, and
     * back there on restore. NULL: the source cannot take part yet. */
    int (*save)(ss_rt_source *s, ss_buf *pos, char *err, size_t errlen);
    int (*restore)(ss_rt_source *s, ss_reader *pos, char *err, size_t errlen);
    /* Metrics (exec/metrics.c) only the driver knows, such as per-partition
     * lag, added to p; runs once per metrics interval, never per row, and
     * must not block. NULL: none. */
    void (*metrics)(const ss_rt_source *s, struct ss_prom *p);
} ss_source_driver;

/* A partition (Kafka), shard (Kinesis), or the one stream of a file. */
typedef struct ss_src_part {
    int64_t max_rowtime;  /* largest ROWTIME accepted, INT64_MIN before any */
    int64_t last_seen_ms; /* wall clock of its last record (or of catching up), for IDLE_TIMEOUT */
    int64_t replay_wm;    /* rows at or below it were processed by an earlier owner */
    bool active;          /* assigned to this process */
    bool catching_up;     /* taken over behind the source's watermark: until it catches
                           * up, its rows are judged against its own watermark */
    bool behind;          /* records may be waiting in it (see ss_src_set_behind) */
} ss_src_part;

struct ss_rt_source {
    ss_rt *rt;
    const ss_stream *def;
    ss_rt_stream *stream;
    uint16_t id;
    const ss_source_driver *drv;
    void *impl;
    ss_decoder *dec;
    int rowtime_col;      /* -1: the driver's time (arrival, or Kafka's message timestamp) */
    bool arrival;         /* that time is the wall clock: the watermark follows it */
    int arrival_time_col; /* Kinesis: APPROXIMATE_ARRIVAL_TIME, set from the driver's time; -1: none */
    int64_t delay, idle_timeout;
    ss_src_part *parts;
    uint32_t nparts;
    int64_t wm;
    ss_rowbuf *reorder;   /* rows wait here for the watermark (delay, or several partitions) */
    ss_rows batch;
    bool done;
    /* counters */
    uint64_t records, accepted, errors[SS_ERR__COUNT], truncations;
};

extern const ss_source_driver ss_file_source;
extern const ss_source_driver ss_generator_source;
extern const ss_source_driver ss_kafka_source;
extern const ss_source_driver ss_kinesis_source;

/* The core, for drivers. */
void ss_src_set_parts(ss_rt_source *s, uint32_t n);
/* Decodes one record of partition `part`, then accepts or rejects it. `time`
 * is the ROWTIME to use when the stream has no ROWTIME column (and, for
 * Kinesis, the APPROXIMATE_ARRIVAL_TIME column's value). */
void ss_src_record(ss_rt_source *s, uint32_t part, uint64_t offset, const char *rec, size_t len, int64_t time);
/* The batch slot the next row's values go in, for drivers that make typed
 * values themselves (generators); then ss_src_row accepts it. */
ss_value *ss_src_slot(ss_rt_source *s);
void ss_src_row(ss_rt_source *s, uint32_t part, uint64_t offset, int64_t time, const char *raw, size_t rawlen);
void ss_src_error(ss_rt_source *s, ss_err_kind kind, uint32_t part, uint64_t offset, const char *msg,
                  const char *data, size_t len);
/* Recomputes the watermark, releases what it allows, moves it downstream. */
void ss_src_release(ss_rt_source *s);
/* The source's input has ended (or it is stopping): everything flushes. */
void ss_src_end(ss_rt_source *s);
/* For drivers without positions to commit. */
void ss_src_no_delivery(ss_rt_source *s, ss_delivery how);
/* A partition changes hands. Taking it over: rows up to `replay_wm` (the
 * previous owner's watermark) are replays, and the partition's watermark
 * starts there. Giving it up: every row and piece of state that came from it
 * is dropped, unemitted (the new owner rebuilds it). */
void ss_src_take_part(ss_rt_source *s, uint32_t part, int64_t replay_wm);
void ss_src_give_up_part(ss_rt_source *s, uint32_t part);
/* Whether records may be waiting in a partition: one that is behind the end
 * of its log, or cannot be read just now, is never idle, however long it is
 * silent; otherwise an outage or a throttled shard would turn its records
 * late. Its silence counts from the moment it has caught up. A taken-over
 * partition is behind until its driver says otherwise. */
void ss_src_set_behind(ss_rt_source *s, uint32_t part, bool behind);

/* Drops rows and state that came from partition `part` of source `source`,
 * everywhere in the graph. */
void ss_rt_drop_origin(ss_rt *rt, uint16_t source, uint32_t part);
/* Drains every sink: 0 when all they were given is delivered. */
int ss_rt_drain_sinks(ss_rt *rt, int timeout_ms);

struct ss_rt {
    const ss_app *app;
    ss_run_options opts;
    ss_rt_stream *streams;
    uint32_t nstreams;
    ss_rt_pump *pumps;
    uint32_t npumps;
    ss_rt_source *sources;
    uint32_t nsources;
    ss_rt_sink *sinks;
    uint32_t nsinks;
    ss_arena arena; /* per-cycle strings */
    /* error stream */
    int err_fd;
    bool own_err_fd;
    ss_buf err_buf;
    uint64_t errors[SS_ERR__COUNT];
    uint64_t eval_truncations;
    int64_t now_ms;
    int64_t started_ms;
    uint64_t parts_moved; /* partitions taken or given up so far */
    uint64_t chunk_us_hist[40];
    uint64_t peak_groups, state_bytes;
    struct ss_rt_ckpt *ckpt; /* --checkpoint: exec/checkpoint.c */
    bool ckpt_resuming;      /* it holds a checkpoint this run continues from */
    struct ss_metrics *metrics; /* opts.on_metrics: exec/metrics.c */
    bool failed;
    char failure[256];
};

/* checkpoints (exec/checkpoint.c) */
/* Opens the store before anything is set up; sets *resuming when it holds a
 * checkpoint to resume from (outputs are then continued, not truncated). */
int ss_rt_ckpt_open(ss_rt *rt, const char *path, bool *resuming, char *err, size_t errlen);
/* After set-up: checks that every source and sink can take part, and puts
 * the state of the last checkpoint back (positions, operators, outputs). */
int ss_rt_ckpt_restore(ss_rt *rt, char *err, size_t errlen);
/* The id that names outputs (see ss_rt_sink.output_id): the store's. */
uint64_t ss_rt_ckpt_output_id(const ss_rt *rt);
/* Whether a checkpoint is due at rt->now_ms. */
bool ss_rt_ckpt_due(const ss_rt *rt);
/* Takes one (sinks flushed first); -1 with err when the store failed. */
int ss_rt_ckpt_take(ss_rt *rt, char *err, size_t errlen);
/* What the checkpoints cost so far, for metrics. */
typedef struct ss_rt_ckpt_stats {
    uint64_t taken;
    uint64_t last_us, longest_us; /* time to take one */
    uint64_t bytes;               /* the store on disk (database and WAL) */
} ss_rt_ckpt_stats;
/* false without checkpoints. */
bool ss_rt_ckpt_stats_get(const ss_rt *rt, ss_rt_ckpt_stats *st);
/* A line for the run summary; "" without checkpoints. */
void ss_rt_ckpt_summary(const ss_rt *rt, char *out, size_t outlen);
void ss_rt_ckpt_close(ss_rt *rt);
/* For outputs that are files: makes what was written durable and notes its
 * end (-1 for a pipe or terminal, which cannot be cut back); and cuts the
 * file back to a noted end, refusing a file that has become shorter. */
int ss_rt_fd_mark(int fd, int64_t *end, const char *what, char *err, size_t errlen);
int ss_rt_fd_rewind(int fd, int64_t end, const char *what, char *err, size_t errlen);

/* The file --output STREAM=PATH gives stream s, or NULL. */
const char *ss_rt_output_path(const ss_run_options *o, const ss_stream *s);

/* streams */
void ss_rt_stream_push(ss_rt_stream *s, const ss_rows *rows, uint32_t writer);
void ss_rt_stream_advance(ss_rt_stream *s, uint32_t writer, int64_t wm);

/* pumps */
int ss_rt_pump_init(ss_rt *rt, ss_rt_pump *p, const ss_pump *def, ss_rt_stream *into, uint32_t writer,
                    char *err, size_t errlen);
void ss_rt_pump_free(ss_rt_pump *p);
void ss_rt_pump_push(ss_rt_pump *p, const ss_rows *in);
void ss_rt_pump_advance(ss_rt_pump *p, int64_t wm);
void ss_rt_pump_drop_origin(ss_rt_pump *p, uint16_t source, uint32_t part);

/* sources, for the runtime */
int ss_rt_source_open(ss_rt *rt, ss_rt_source *s, char *err, size_t errlen);
/* Reads and processes what is ready; returns the progress (0: nothing ready). */
size_t ss_rt_source_step(ss_rt_source *s);
/* Time passed: idleness and the wall clock may move the watermark. */
void ss_rt_source_tick(ss_rt_source *s);
void ss_rt_source_finish(ss_rt_source *s);
void ss_rt_source_close(ss_rt_source *s);

/* sinks: `path` set for a file (or stdout), NULL for the stream's binding;
 * checkpointed: the run keeps checkpoints; resume: continue an output a
 * checkpoint describes (nothing truncated) */
int ss_rt_sink_open(ss_rt_sink *k, const char *path, const ss_stream *s, bool checkpointed, bool resume, char *err,
                    size_t errlen);
/* A sink for rows that would go to stdout when the embedder takes them
 * (ss_run_options.on_record): each row, encoded as JSON, is passed on as it
 * is written. */
int ss_rt_sink_open_records(ss_rt_sink *k, const ss_stream *s,
                            void (*on_record)(void *ctx, const char *stream, const char *record, size_t len),
                            void *ctx, char *err, size_t errlen);
void ss_rt_sink_write(ss_rt_sink *k, const ss_rows *rows);
int ss_rt_sink_flush(ss_rt_sink *k);
int ss_rt_sink_drain(ss_rt_sink *k, int timeout_ms);
void ss_rt_sink_close(ss_rt_sink *k);
/* Marks the sink failed for good, with why. */
void ss_rt_sink_fail(ss_rt_sink *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* the error stream */
void ss_rt_error(ss_rt *rt, ss_err_kind kind, const char *stream, ss_origin origin, const char *message,
                 const char *data, size_t len);
int ss_rt_flush_errors(ss_rt *rt);
/* A row as JSON text, for the data member of an error record. */
void ss_rt_row_text(const ss_stream *s, const ss_value *row, ss_buf *out);

int64_t ss_rt_clock_ms(void);

#endif
