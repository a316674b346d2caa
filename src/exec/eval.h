/* Evaluation of analyzed expressions over a row of slot values (see
 * sql/app.h for what slots mean in each phase of a query). */
#ifndef SS_EVAL_H
#define SS_EVAL_H

#include "exec/value.h"
#include "sql/ast.h"

typedef enum ss_eval_status {
    SS_EVAL_OK = 0,
    SS_EVAL_ERROR = 1,   /* division by zero, overflow, a function's domain: error kind "eval" */
    SS_EVAL_CONVERT = 2, /* a CAST that failed: error kind "convert" */
} ss_eval_status;

typedef struct ss_eval_ctx {
    const ss_value *row;
    int64_t in_rowtime;   /* ROWTIME of the input row */
    int64_t out_rowtime;  /* ROWTIME of the output row */
    int64_t now_ms;       /* CURRENT_ROW_TIMESTAMP: when the row arrived */
    ss_arena *arena;      /* strings made by the evaluation; reset by the caller per batch */
    uint64_t truncations; /* strings cut to their CHAR/VARCHAR length */
    char msg[160];        /* why, after an error */
} ss_eval_ctx;

ss_eval_status ss_eval_full(const ss_expr *e, ss_eval_ctx *c, ss_value *out);

static inline ss_eval_status ss_eval(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    if (e->kind == SS_E_SLOT) { /* the common case, kept out of the call */
        *out = c->row[e->slot];
        return SS_EVAL_OK;
    }
    return ss_eval_full(e, c, out);
}

/* Evaluates a condition: true only when the value is TRUE (NULL is not). */
ss_eval_status ss_eval_cond(const ss_expr *e, ss_eval_ctx *c, bool *out);

/* Compiles what can be compiled once (literal date patterns) into e->cache,
 * for the whole tree. Allocations go to arena. Returns 0, or -1 with msg. */
int ss_eval_prepare(ss_expr *e, ss_arena *arena, char *msg, size_t msglen);

/* LIKE with % and _, and an optional escape character (one UTF-8 character
 * of esclen bytes; esclen 0: none). */
bool ss_like(const char *s, uint32_t slen, const char *p, uint32_t plen, const char *esc, uint32_t esclen);

#endif
