/* The analyzed application: streams with their bindings, pumps with their
 * analyzed queries, and the graph between them. This is what the analyzer
 * produces and what the planner, `explain` and the runtime consume. */
#ifndef SS_APP_H
#define SS_APP_H

#include "sql/ast.h"
#include "sql/funcs.h"
#include "sql/types.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum ss_connector {
    SS_CONN_NONE = 0,
    SS_CONN_FILE,
    SS_CONN_KAFKA,
    SS_CONN_KINESIS,
    SS_CONN_GENERATOR,
} ss_connector;

typedef enum ss_format { SS_FMT_JSON = 0, SS_FMT_CSV } ss_format;
typedef enum ss_start_pos { SS_START_TRIM_HORIZON = 0, SS_START_LATEST } ss_start_pos;

typedef struct ss_kv {
    const char *key, *value;
} ss_kv;

/* The WITH clause, decoded and checked (src/sql/bindings.c). */
typedef struct ss_binding {
    ss_connector connector;
    const char *target;        /* file path, topic, Kinesis stream or generator name */
    ss_format format;
    bool csv_header;
    char csv_delimiter;
    const char *rowtime_column; /* NULL: arrival time */
    int64_t watermark_delay_ms;
    int64_t idle_timeout_ms;
    ss_start_pos start;
    bool stop_at_end;          /* Kafka/Kinesis: a bounded read (extension) */
    const char *kafka_brokers, *kafka_group_id, *kafka_key;
    const char *kinesis_endpoint, *kinesis_region, *partition_key;
    const char *sequence_field; /* NULL: '_seq' when checkpointed; "": none */
    double rate;               /* generator rows per second; 0: as fast as possible */
    int64_t count;             /* generator rows; -1: unbounded */
    uint64_t seed;
    ss_kv *kafka_props;        /* 'kafka.<property>' keys, property name only */
    uint32_t nkafka_props;
} ss_binding;

typedef enum ss_stream_role {
    SS_ROLE_UNUSED = 0, /* declared, neither read nor written */
    SS_ROLE_SOURCE,     /* bound, read by pumps */
    SS_ROLE_SINK,       /* bound, written by pumps */
    SS_ROLE_INAPP,      /* unbound, written and read by pumps */
    SS_ROLE_STDOUT,     /* unbound, written, never read: printed */
} ss_stream_role;

typedef struct ss_pump ss_pump;

typedef struct ss_column {
    const char *name;
    ss_type type;
    const char *mapping; /* JSON path (MAPPING), NULL: the column name */
    ss_pos pos;
    bool hidden;         /* provided by the connector, not declared (APPROXIMATE_ARRIVAL_TIME) */
} ss_column;

typedef struct ss_stream {
    const char *name;
    ss_pos pos;
    const ss_stmt *stmt;
    ss_column *cols;
    uint32_t ncols;
    ss_binding binding;
    int rowtime_col;        /* index of the binding's ROWTIME column, -1: arrival time */
    bool synthetic;         /* the output of a standalone SELECT */
    ss_stream_role role;
    ss_pump **writers, **readers;
    uint32_t nwriters, nreaders;
    uint32_t writers_cap, readers_cap;
} ss_stream;

/* How a query groups rows in time. */
typedef enum ss_window_kind {
    SS_WIN_NONE = 0, /* row at a time (filter/project), or sliding OVER windows */
    SS_WIN_TUMBLE,   /* STEP / FLOOR */
    SS_WIN_HOP,      /* HOP (extension) */
    SS_WIN_SESSION,  /* SESSION (extension) */
    SS_WIN_STAGGER,  /* WINDOWED BY STAGGER */
} ss_window_kind;

typedef struct ss_agg {
    ss_func_id fn;
    bool star;       /* COUNT(*) */
    bool distinct;   /* COUNT(DISTINCT x), SUM(DISTINCT x), ... */
    ss_expr *arg;    /* over the input row; NULL for COUNT(*) */
    ss_type type;    /* result type */
    int over;        /* sliding: index into ss_query.overs; -1 for GROUP BY aggregates */
    ss_pos pos;
} ss_agg;

/* A sliding window: one per distinct OVER specification. */
typedef struct ss_over {
    ss_expr **partition; /* over the input row */
    uint32_t npartition;
    ss_frame_kind frame;
    int64_t range_ms;    /* RANGE: the rows with ROWTIME in [t - range_ms, t] */
    int64_t rows;        /* ROWS: the row and `rows` rows before it */
    const char *name;    /* named window, or NULL */
    ss_pos pos;
} ss_over;

/*
 * An analyzed SELECT STREAM. Expressions refer to values through slots:
 *  - input expressions (where, keys, aggregate arguments, partitions) read
 *    the input row: slot i is column i of `from`;
 *  - output expressions (out, having) read the operator's row:
 *      row at a time:  slot i = input column i;
 *      sliding:        slots [0, ncols) input columns, then one per aggregate;
 *      grouped:        slots [0, nkeys) group keys, then one per aggregate.
 * SS_E_ROWTIME sub 0 is the input row's ROWTIME, sub 1 the output row's.
 */
typedef struct ss_query {
    ss_stream *from;
    const char *alias;
    ss_expr *where;
    ss_window_kind window;
    int64_t size_ms;        /* tumble, hop, stagger */
    int64_t slide_ms;       /* hop */
    int64_t gap_ms;         /* session */
    ss_unit calendar;  /* FLOOR(ROWTIME TO MONTH|YEAR): calendar-sized windows */
    int64_t align_ms;       /* window starts are align_ms + k * size_ms */
    int window_key;         /* the key that holds the window start; -1 for stagger/none */
    ss_expr **keys;         /* GROUP BY terms / STAGGER partition terms, input expressions */
    uint32_t nkeys;
    ss_agg *aggs;
    uint32_t naggs;
    ss_over *overs;
    uint32_t novers;
    ss_expr *having;
    ss_expr **out;
    const char **out_names;
    uint32_t nout;
    bool distinct;
    bool incomplete;        /* an item was dropped after an error: do not count outputs */
    uint32_t out_base_slots; /* grouped: nkeys; sliding: from->ncols */
} ss_query;

struct ss_pump {
    const char *name;       /* NULL for a standalone SELECT */
    ss_pos pos;
    const ss_stmt *stmt;
    ss_stream *from, *into;
    ss_query *q;
    /* For each column of `into`: the select output feeding it, or -1 for NULL.
     * q->out already holds the casts to the target types. */
    int *target_map;
};

typedef struct ss_app {
    const ss_source *src;
    ss_arena *arena;
    ss_stream **streams;
    uint32_t nstreams, streams_cap;
    ss_pump **pumps;
    uint32_t npumps, pumps_cap;
    /* Pumps in an order where every pump comes after the writers of its input. */
    ss_pump **order;
    uint32_t norder;
} ss_app;

ss_stream *ss_app_find_stream(const ss_app *app, const char *name);

#endif
