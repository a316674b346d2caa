/* The abstract syntax tree of a streamsql application. The grammar builds it
 * through the constructors below; the analyzer annotates it in place (types,
 * resolved columns, aggregate slots). Everything lives in one arena per script. */
#ifndef SS_AST_H
#define SS_AST_H

#include "sql/lex.h"
#include "sql/types.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ss_ident {
    const char *name; /* folded unless quoted; NULL when absent */
    ss_pos pos;
    bool quoted;
} ss_ident;

typedef enum ss_unit {
    SS_UNIT_NONE = 0,
    SS_UNIT_MILLISECOND,
    SS_UNIT_SECOND,
    SS_UNIT_MINUTE,
    SS_UNIT_HOUR,
    SS_UNIT_DAY,
    SS_UNIT_MONTH,
    SS_UNIT_YEAR,
} ss_unit;
const char *ss_unit_name(ss_unit u);
/* The unit's length in milliseconds, MILLISECOND to DAY; 0 for MONTH/YEAR. */
int64_t ss_unit_ms(ss_unit u);
/* The same unit for the calendar functions of util/timeconv.h. */
int ss_unit_time(ss_unit u);

typedef enum ss_expr_kind {
    SS_E_LITERAL,
    SS_E_COLUMN,  /* [qual.]name; ROWTIME too */
    SS_E_UNARY,   /* op a */
    SS_E_BINARY,  /* a op b */
    SS_E_IS,      /* a IS [NOT] NULL|TRUE|FALSE; test in `sub` */
    SS_E_BETWEEN, /* a [NOT] BETWEEN b AND c */
    SS_E_IN,      /* a [NOT] IN (list) */
    SS_E_LIKE,    /* a [NOT] LIKE b [ESCAPE c] */
    SS_E_CASE,    /* CASE [a] WHEN list THEN list2 [ELSE b] END */
    SS_E_CAST,    /* CAST(a AS cast_to) */
    SS_E_CALL,    /* name(args) [OVER ...]; FLOOR(x TO u), EXTRACT etc. too */
    /* Produced by the analyzer: */
    SS_E_SLOT,    /* value of a slot of the operator's input row: `slot` */
    SS_E_ROWTIME, /* ROWTIME of the input row (sub 0) or of the output row (sub 1) */
} ss_expr_kind;

typedef enum ss_op {
    SS_OP_NONE = 0,
    SS_OP_NEG, SS_OP_POS, SS_OP_NOT,
    SS_OP_ADD, SS_OP_SUB, SS_OP_MUL, SS_OP_DIV, SS_OP_MOD, SS_OP_CONCAT,
    SS_OP_EQ, SS_OP_NE, SS_OP_LT, SS_OP_LE, SS_OP_GT, SS_OP_GE,
    SS_OP_AND, SS_OP_OR,
} ss_op;
const char *ss_op_spelling(ss_op op);

enum { SS_IS_NULL = 0, SS_IS_TRUE = 1, SS_IS_FALSE = 2 };
enum { SS_TRIM_BOTH = 0, SS_TRIM_LEADING = 1, SS_TRIM_TRAILING = 2 };

/* How a call was written, when not plain f(a, b). */
typedef enum ss_call_form {
    SS_CALL_PLAIN = 0,
    SS_CALL_STAR,      /* COUNT(*) */
    SS_CALL_TO_UNIT,   /* FLOOR(x TO unit), CEIL(x TO unit); unit in `unit` */
    SS_CALL_BY,        /* STEP(x BY interval) */
    SS_CALL_FROM,      /* SUBSTRING(x FROM a [FOR b]), TRIM([side] [c] FROM x) */
    SS_CALL_EXTRACT,   /* EXTRACT(unit FROM x) */
    SS_CALL_POSITION,  /* POSITION(a IN b) */
    SS_CALL_NOPAREN,   /* CURRENT_ROW_TIMESTAMP: a name that turned out to be a function */
    SS_CALL_DIFF_UNIT, /* (a - b) unit */
} ss_call_form;

typedef struct ss_expr ss_expr;
typedef struct ss_expr_list {
    ss_expr **items;
    uint32_t n, cap;
} ss_expr_list;

typedef struct ss_window_spec ss_window_spec;

typedef struct ss_literal {
    const char *raw;  /* numbers, typed literals, intervals: the text as written */
    uint32_t raw_len;
    bool negative;    /* INTERVAL -'...' */
    int64_t i;        /* integers, DECIMAL (scaled), TIMESTAMP/DATE/TIME, intervals, BOOLEAN */
    double d;         /* REAL/DOUBLE */
    const char *s;    /* strings */
    uint32_t len;
    ss_unit unit, unit_to; /* intervals: as written, for printing */
} ss_literal;

struct ss_expr {
    uint8_t kind;  /* ss_expr_kind */
    uint8_t op;    /* ss_op */
    uint8_t sub;   /* IS test; TRIM side; call form; ROWTIME in/out */
    uint8_t unit;  /* ss_unit for FLOOR/CEIL TO and EXTRACT */
    bool negated;  /* NOT BETWEEN / NOT IN / NOT LIKE / IS NOT */
    bool distinct; /* COUNT(DISTINCT x) */
    bool paren;    /* written in parentheses (for the printer) */
    ss_type type;  /* literals and casts: from the parser; others: the analyzer */
    ss_pos pos;
    ss_expr *a, *b, *c;
    ss_expr_list list, list2;
    ss_literal lit;
    ss_ident qual, name;          /* columns and calls */
    ss_window_spec *over;         /* OVER (...) inline */
    ss_ident over_name;           /* OVER w */
    /* Filled by the analyzer. */
    int32_t slot;                 /* SS_E_SLOT: input slot; calls: function id */
    int32_t agg;                  /* aggregate calls: index of the aggregate, else -1 */
    uint32_t depth;               /* height of the tree below, bounded by the parser */
    void *cache;                  /* prepared by the evaluator: a compiled date pattern */
};

typedef enum ss_frame_kind { SS_FRAME_NONE = 0, SS_FRAME_RANGE, SS_FRAME_ROWS } ss_frame_kind;

struct ss_window_spec {
    ss_pos pos;
    ss_ident base;          /* WINDOW w2 AS (w1 ...) */
    ss_expr_list partition;
    ss_expr_list order;
    uint8_t frame;          /* ss_frame_kind */
    bool unbounded;         /* ... UNBOUNDED PRECEDING */
    ss_expr *extent;        /* RANGE: interval literal; ROWS: integer literal */
    ss_pos frame_pos;
};

typedef struct ss_select_item {
    ss_expr *expr;  /* NULL for * */
    ss_ident alias;
    ss_ident star_qual; /* s.* */
    bool star;
    ss_pos pos;
} ss_select_item;

typedef struct ss_named_window {
    ss_ident name;
    ss_window_spec *spec;
} ss_named_window;

typedef struct ss_select {
    ss_pos pos;
    bool distinct;
    ss_select_item **items;
    uint32_t nitems, items_cap;
    ss_ident from, from_alias;
    ss_expr *where;
    ss_expr_list group_by;
    ss_pos group_by_pos;
    ss_expr *having;
    ss_pos having_pos;
    ss_named_window **windows;
    uint32_t nwindows, windows_cap;
    ss_window_spec *stagger; /* WINDOWED BY STAGGER (...) */
} ss_select;

typedef struct ss_column_def {
    ss_ident name;
    ss_type type;
    ss_pos type_pos;
    const char *mapping; /* MAPPING '$.a.b' or NULL */
    ss_pos mapping_pos;
} ss_column_def;

typedef struct ss_with_opt {
    const char *key;  /* folded unless written as a string ('kafka.x' keeps its case) */
    ss_pos key_pos;
    bool key_is_string;
    ss_expr *value;   /* a literal */
} ss_with_opt;

typedef enum ss_stmt_kind { SS_STMT_STREAM, SS_STMT_PUMP, SS_STMT_SELECT } ss_stmt_kind;

typedef struct ss_stmt {
    ss_stmt_kind kind;
    ss_pos pos;
    bool or_replace;
    ss_ident name; /* stream or pump */
    /* CREATE STREAM */
    ss_column_def **columns;
    uint32_t ncolumns, columns_cap;
    ss_with_opt **with;
    uint32_t nwith, with_cap;
    /* CREATE PUMP */
    ss_ident target;
    ss_ident *target_cols;
    uint32_t ntarget_cols, target_cols_cap;
    ss_select *select; /* pump or standalone SELECT */
    /* The statement's source text, ';' excluded. */
    uint32_t start, end;
} ss_stmt;

typedef struct ss_script {
    ss_stmt **stmts;
    uint32_t n, cap;
    /* Streams whose CREATE had a syntax error: the analyzer stays quiet about
     * references to them instead of cascading "unknown stream" errors. */
    const char **broken_streams;
    uint32_t nbroken, broken_cap;
} ss_script;

/* A type as written, with where it was written. */
typedef struct ss_type_at {
    ss_type type;
    ss_pos pos;
} ss_type_at;

/* OVER (spec) or OVER name, as the grammar hands it over. */
typedef struct ss_over_clause {
    ss_window_spec *spec;
    ss_token name; /* name.type == 0: none */
} ss_over_clause;

/* Parser context threaded through lemon's %extra_argument. */
typedef struct ss_parse_ctx {
    ss_arena *arena;
    ss_diags *diags;
    const ss_source *src;
    ss_script *script;
    bool failed;       /* a syntax error in the current statement */
    bool probing;      /* trial parses for "expected ..." lists: report nothing */
    bool overflow;     /* nesting too deep for the parser stack */
    ss_pos lookahead;  /* position of the token being fed */
    ss_stmt *pending;  /* reduced, waiting for its ';' to be accepted */
    uint32_t stmt_start;
} ss_parse_ctx;

/* Constructors called by the grammar actions (grammar/parser.y). Errors in
 * literals (bad interval text, integer overflow) are reported here, with the
 * literal's position, and yield a usable node so parsing goes on. */
ss_ident ss_ast_ident(ss_token t);
ss_expr *ss_ast_expr(ss_parse_ctx *c, ss_expr_kind kind, ss_pos pos);
ss_expr *ss_ast_unary(ss_parse_ctx *c, ss_op op, ss_token optok, ss_expr *a);
ss_expr *ss_ast_binary(ss_parse_ctx *c, ss_op op, ss_token optok, ss_expr *a, ss_expr *b);
ss_expr *ss_ast_is(ss_parse_ctx *c, ss_token optok, ss_expr *a, int test, bool negated);
/* BETWEEN, IN and LIKE are positioned at their left operand. */
ss_expr *ss_ast_between(ss_parse_ctx *c, ss_expr *a, ss_expr *lo, ss_expr *hi, bool negated);
ss_expr *ss_ast_in(ss_parse_ctx *c, ss_expr *a, ss_expr_list *list, bool negated);
ss_expr *ss_ast_like(ss_parse_ctx *c, ss_expr *a, ss_expr *pattern, ss_expr *escape, bool negated);
ss_expr *ss_ast_column(ss_parse_ctx *c, const ss_token *qual, ss_token name);
ss_expr *ss_ast_number(ss_parse_ctx *c, ss_token t);
ss_expr *ss_ast_zero(ss_parse_ctx *c, ss_token at);
ss_expr *ss_ast_string(ss_parse_ctx *c, ss_token t);
ss_expr *ss_ast_bool(ss_parse_ctx *c, ss_token t, bool v);
ss_expr *ss_ast_null(ss_parse_ctx *c, ss_token t);
/* TIMESTAMP '...', DATE '...', TIME '...' */
ss_expr *ss_ast_typed_literal(ss_parse_ctx *c, ss_token kw, ss_token str);
/* INTERVAL [-]'text' unit [TO unit_to] */
ss_expr *ss_ast_interval(ss_parse_ctx *c, ss_token kw, bool negative, ss_token str,
                         ss_unit unit, ss_unit unit_to);
/* (expr) unit: the KDA idiom for a datetime difference in a unit. */
ss_expr *ss_ast_diff_unit(ss_parse_ctx *c, ss_token lp, ss_expr *e, ss_unit unit);
ss_expr *ss_ast_call(ss_parse_ctx *c, ss_token name, ss_expr_list *args, ss_call_form form,
                     ss_over_clause *over);
ss_expr *ss_ast_cast(ss_parse_ctx *c, ss_token kw, ss_expr *a, ss_type_at to);
void ss_ast_add_when(ss_parse_ctx *c, ss_expr *kase, ss_expr *cond, ss_expr *result);

ss_expr_list ss_ast_list1(ss_parse_ctx *c, ss_expr *e);
void ss_ast_list_push(ss_parse_ctx *c, ss_expr_list *l, ss_expr *e);

/* Type names: one or two words plus optional (p[, s]); reports unknown names. */
ss_type_at ss_ast_type(ss_parse_ctx *c, ss_token w1, const ss_token *w2, int nparams,
                       const ss_token *p1, const ss_token *p2);

ss_stmt *ss_ast_stmt(ss_parse_ctx *c, ss_stmt_kind kind, ss_pos pos);
ss_column_def *ss_ast_column_def(ss_parse_ctx *c, ss_token name, ss_type_at type,
                                 const ss_token *mapping);
void ss_ast_push_column(ss_parse_ctx *c, ss_stmt *s, ss_column_def *col);
void ss_ast_add_with(ss_parse_ctx *c, ss_stmt *s, ss_token key, ss_expr *value);
void ss_ast_add_target_col(ss_parse_ctx *c, ss_stmt *s, ss_token name);
void ss_ast_finish_stmt(ss_parse_ctx *c, ss_stmt *s);
void ss_ast_commit_stmt(ss_parse_ctx *c, ss_stmt *s);

ss_select *ss_ast_select(ss_parse_ctx *c, ss_pos pos);
ss_select_item *ss_ast_item(ss_parse_ctx *c, ss_expr *e, const ss_token *alias);
ss_select_item *ss_ast_star_item(ss_parse_ctx *c, ss_token star, const ss_token *qual);
void ss_ast_add_item(ss_parse_ctx *c, ss_select *s, ss_select_item *item);
void ss_ast_add_window(ss_parse_ctx *c, ss_select *s, ss_token name, ss_window_spec *spec);
ss_window_spec *ss_ast_window_spec(ss_parse_ctx *c, ss_pos pos);
void ss_ast_frame(ss_parse_ctx *c, ss_window_spec *w, ss_frame_kind kind, ss_token kw,
                  ss_expr *extent, bool unbounded);

/* Prints statements back as SQL in a canonical form: every name quoted, every
 * expression fully parenthesised. Parsing the output gives the same tree. */
void ss_ast_print_stmt(const ss_stmt *s, ss_buf *out);
void ss_ast_print_expr(const ss_expr *e, ss_buf *out);
/* Prints analyzed expressions: slots and the input ROWTIME named by the caller. */
typedef struct ss_slot_namer {
    void (*slot)(void *ctx, int slot, ss_buf *out);
    void *ctx;
    const char *input_rowtime; /* how to show the input row's ROWTIME */
} ss_slot_namer;
void ss_ast_print_expr_named(const ss_expr *e, ss_buf *out, const ss_slot_namer *nm);
void ss_ast_print_window(const ss_window_spec *w, ss_buf *out);
void ss_ast_print_ident(const char *name, ss_buf *out);

#endif
