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

#define SS_BATCH 1024

typedef struct ss_rt ss_rt;
typedef struct ss_rt_pump ss_rt_pump;

typedef struct ss_rt_sink {
    const char *path; /* "-" for stdout */
    int fd;
    bool own_fd;
    ss_encoder enc;
    ss_buf buf;
    uint64_t rows;
    bool failed;
    int error; /* errno of the failed write */
} ss_rt_sink;

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
    uint64_t rows_in, rows_out;
};

typedef enum ss_source_kind { SS_SRC_FILE, SS_SRC_GENERATOR } ss_source_kind;

typedef struct ss_rt_source {
    ss_rt *rt;
    const ss_stream *def;
    ss_rt_stream *stream;
    uint16_t id;
    ss_source_kind kind;
    /* file or stdin */
    int fd;
    bool own_fd, regular, eof;
    char *buf;
    size_t cap, len, pos; /* bytes [pos, len) not processed yet */
    uint64_t line;        /* line number of the record at pos */
    bool skipping;        /* inside an over-long record, dropping to its end */
    /* generator */
    ss_generator *gen;
    int64_t *gen_times;
    /* decoding */
    ss_decoder *dec;
    int rowtime_col;
    bool arrival;
    int64_t delay;
    int64_t max_rowtime, wm;
    ss_rowbuf *reorder;
    ss_rows batch;
    bool done;
    /* counters */
    uint64_t records, accepted, errors[SS_ERR__COUNT], truncations;
} ss_rt_source;

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
    uint64_t chunk_us_hist[40];
    uint64_t peak_groups, state_bytes;
    bool failed;
    char failure[256];
};

/* streams */
void ss_rt_stream_push(ss_rt_stream *s, const ss_rows *rows, uint32_t writer);
void ss_rt_stream_advance(ss_rt_stream *s, uint32_t writer, int64_t wm);

/* pumps */
int ss_rt_pump_init(ss_rt *rt, ss_rt_pump *p, const ss_pump *def, ss_rt_stream *into, uint32_t writer,
                    char *err, size_t errlen);
void ss_rt_pump_free(ss_rt_pump *p);
void ss_rt_pump_push(ss_rt_pump *p, const ss_rows *in);
void ss_rt_pump_advance(ss_rt_pump *p, int64_t wm);

/* sources */
int ss_rt_source_open(ss_rt *rt, ss_rt_source *s, char *err, size_t errlen);
/* Reads and processes one chunk; returns the records consumed (0: nothing ready). */
size_t ss_rt_source_step(ss_rt_source *s);
/* Moves the watermark forward (arrival time follows the wall clock). */
void ss_rt_source_advance_to(ss_rt_source *s, int64_t wm);
/* Ends the source: releases held rows and moves its watermark to +infinity. */
void ss_rt_source_finish(ss_rt_source *s);
void ss_rt_source_close(ss_rt_source *s);

/* sinks */
int ss_rt_sink_open(ss_rt_sink *k, const char *path, const ss_stream *s, char *err, size_t errlen);
void ss_rt_sink_write(ss_rt_sink *k, const ss_rows *rows);
int ss_rt_sink_flush(ss_rt_sink *k);
void ss_rt_sink_close(ss_rt_sink *k);

/* the error stream */
void ss_rt_error(ss_rt *rt, ss_err_kind kind, const char *stream, ss_origin origin, const char *message,
                 const char *data, size_t len);
int ss_rt_flush_errors(ss_rt *rt);
/* A row as JSON text, for the data member of an error record. */
void ss_rt_row_text(const ss_stream *s, const ss_value *row, ss_buf *out);

int64_t ss_rt_clock_ms(void);

#endif
