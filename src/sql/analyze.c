/* The analyzer: name resolution, types and implicit casts, the shape of each
 * query (row at a time, GROUP BY window, stagger, sliding OVER), the fit of
 * each pump to its target stream, and the checks on the graph of pumps.
 * Every error is reported with a position and analysis goes on, so `check`
 * can list them all. */
#include "sql/analyze.h"
#include "sql/bindings.h"
#include "sql/parse.h"
#include "util/names.h"
#include "util/timeconv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct actx {
    const ss_script *script;
    ss_app *app;
    ss_arena *arena;
    ss_diags *diags;
} actx;

/* What an expression may contain where it stands. */
enum {
    ALLOW_AGG = 1,       /* aggregate calls (select list, HAVING) */
    ALLOW_WINDOW_FN = 2, /* STEP/HOP/SESSION (GROUP BY terms) */
    IN_AGG = 4,          /* inside an aggregate's argument */
};

typedef struct qctx {
    actx *a;
    ss_query *q;
    const ss_select *sel;
    ss_stream *from;
    const char *clause; /* "WHERE", "GROUP BY", ... for messages */
    uint32_t aggs_cap, overs_cap;
} qctx;

#define NAME(n, buf) ss_names_show((n), (buf), sizeof(buf))

static void err(actx *a, ss_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(actx *a, ss_pos pos, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ss_diags_add(a->diags, pos, "%s", msg);
}

static const char *tname(ss_type t, char *buf, size_t len)
{
    return ss_type_name(t, buf, len);
}

#define PUSH SS_ARENA_PUSH

ss_stream *ss_app_find_stream(const ss_app *app, const char *name)
{
    for (uint32_t i = 0; i < app->nstreams; i++)
        if (strcmp(app->streams[i]->name, name) == 0)
            return app->streams[i];
    return NULL;
}

static ss_pump *find_pump(const ss_app *app, const char *name)
{
    for (uint32_t i = 0; i < app->npumps; i++)
        if (app->pumps[i]->name && strcmp(app->pumps[i]->name, name) == 0)
            return app->pumps[i];
    return NULL;
}

/* ---------------------------------------------------------------- equality */

bool ss_expr_equal(const ss_expr *a, const ss_expr *b)
{
    if (a == b)
        return true;
    if (!a || !b)
        return false;
    /* Parentheses and implicit casts to the same type do not matter. */
    if (a->kind != b->kind || a->op != b->op || a->sub != b->sub || a->unit != b->unit ||
        a->negated != b->negated || a->distinct != b->distinct || a->slot != b->slot ||
        a->agg != b->agg || !ss_type_equal(a->type, b->type))
        return false;
    if (a->kind == SS_E_LITERAL) {
        if (a->lit.i != b->lit.i || a->lit.len != b->lit.len ||
            memcmp(&a->lit.d, &b->lit.d, sizeof a->lit.d) != 0)
            return false;
        if (a->lit.len && memcmp(a->lit.s, b->lit.s, a->lit.len) != 0)
            return false;
    }
    if (a->kind == SS_E_COLUMN || a->kind == SS_E_CALL) {
        if ((a->name.name == NULL) != (b->name.name == NULL) ||
            (a->name.name && strcmp(a->name.name, b->name.name) != 0))
            return false;
    }
    if (!ss_expr_equal(a->a, b->a) || !ss_expr_equal(a->b, b->b) || !ss_expr_equal(a->c, b->c))
        return false;
    if (a->list.n != b->list.n || a->list2.n != b->list2.n)
        return false;
    for (uint32_t i = 0; i < a->list.n; i++)
        if (!ss_expr_equal(a->list.items[i], b->list.items[i]))
            return false;
    for (uint32_t i = 0; i < a->list2.n; i++)
        if (!ss_expr_equal(a->list2.items[i], b->list2.items[i]))
            return false;
    return true;
}

/* ------------------------------------------------------------------ typing */

static ss_expr *new_expr(actx *a, ss_expr_kind kind, ss_pos pos)
{
    ss_expr *e = SS_ARENA_NEW(a->arena, ss_expr);
    e->kind = (uint8_t)kind;
    e->pos = pos;
    e->slot = -1;
    e->agg = -1;
    return e;
}

/* Wraps e in an implicit CAST to t, unless it already has that type. A string
 * result only changes its declared length, which needs no conversion. */
static ss_expr *coerce(actx *a, ss_expr *e, ss_type t)
{
    if (ss_type_equal(e->type, t) || e->type.kind == SS_T_UNKNOWN)
        return e;
    if (ss_type_is_string(e->type) && t.kind == SS_T_VARCHAR && t.length == 0)
        return e;
    if (e->type.kind == SS_T_NULL) {
        e->type = t; /* a NULL literal simply takes the type */
        return e;
    }
    ss_expr *c = new_expr(a, SS_E_CAST, e->pos);
    c->a = e;
    c->type = t;
    c->sub = 1; /* implicit */
    return c;
}

static bool is_bool_or_null(ss_type t)
{
    return t.kind == SS_T_BOOLEAN || t.kind == SS_T_NULL;
}

static uint32_t utf8_chars(const char *s, uint32_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static bool is_string_literal(const ss_expr *e)
{
    return e->kind == SS_E_LITERAL && ss_type_is_string(e->type);
}

/* The common type of two operands for comparison, CASE, IN, COALESCE. A
 * string literal next to a datetime or number converts to it, as written
 * comparisons like ts > '2026-01-01 00:00:00' expect. */
static bool common_type(const ss_expr *x, const ss_expr *y, ss_type *out)
{
    if (ss_type_common(x->type, y->type, out))
        return true;
    if (is_string_literal(x) && !ss_type_is_string(y->type) && y->type.kind != SS_T_BOOLEAN) {
        *out = y->type;
        return true;
    }
    if (is_string_literal(y) && !ss_type_is_string(x->type) && x->type.kind != SS_T_BOOLEAN) {
        *out = x->type;
        return true;
    }
    return false;
}

static ss_expr *resolve(qctx *c, ss_expr *e, unsigned flags);

static void require_bool(qctx *c, ss_expr *e, const char *what)
{
    char tb[64];
    if (e->type.kind != SS_T_UNKNOWN && !is_bool_or_null(e->type))
        err(c->a, e->pos, "%s must be BOOLEAN, not %s", what, tname(e->type, tb, sizeof tb));
}

static ss_expr *resolve_column(qctx *c, ss_expr *e, unsigned flags)
{
    char b1[160], b2[160];
    ss_stream *s = c->from;
    if (e->qual.name) {
        bool ok = strcmp(e->qual.name, s->name) == 0 ||
                  (c->q->alias && strcmp(e->qual.name, c->q->alias) == 0);
        if (!ok) {
            err(c->a, e->qual.pos, "unknown stream or alias %s in %s (the query reads %s%s%s)",
                NAME(e->qual.name, b1), c->clause, NAME(s->name, b2), c->q->alias ? " AS " : "",
                c->q->alias ? c->q->alias : "");
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
    }
    if (strcmp(e->name.name, "ROWTIME") == 0) {
        e->kind = SS_E_ROWTIME;
        e->sub = 0;
        e->type = ss_type_make(SS_T_TIMESTAMP);
        return e;
    }
    for (uint32_t i = 0; i < s->ncols; i++) {
        if (strcmp(s->cols[i].name, e->name.name) == 0) {
            e->kind = SS_E_SLOT;
            e->slot = (int32_t)i;
            e->type = s->cols[i].type;
            return e;
        }
    }
    /* Niladic functions are written without parentheses. */
    if (!e->qual.name && strcmp(e->name.name, "CURRENT_ROW_TIMESTAMP") == 0) {
        e->kind = SS_E_CALL;
        e->sub = SS_CALL_NOPAREN;
        return resolve(c, e, flags);
    }
    const char *cand[512];
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->ncols && n < 511; i++)
        cand[n++] = s->cols[i].name;
    cand[n++] = "ROWTIME";
    const char *best = ss_names_closest(e->name.name, cand, n);
    if (best)
        err(c->a, e->pos, "unknown column %s in %s; did you mean %s?", NAME(e->name.name, b1),
            NAME(s->name, b2), ss_names_show(best, (char[160]){0}, 160));
    else
        err(c->a, e->pos, "unknown column %s in %s", NAME(e->name.name, b1), NAME(s->name, b2));
    e->type = ss_type_make(SS_T_UNKNOWN);
    return e;
}

static bool any_unknown(const ss_expr *x, const ss_expr *y)
{
    return x->type.kind == SS_T_UNKNOWN || (y && y->type.kind == SS_T_UNKNOWN);
}

static ss_expr *resolve_binary(qctx *c, ss_expr *e, unsigned flags)
{
    char t1[64], t2[64];
    e->a = resolve(c, e->a, flags);
    e->b = resolve(c, e->b, flags);
    ss_expr *x = e->a, *y = e->b;
    ss_op op = (ss_op)e->op;
    if (any_unknown(x, y)) {
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    ss_type tx = x->type, ty = y->type, t;
    switch (op) {
    case SS_OP_AND:
    case SS_OP_OR:
        require_bool(c, x, "operand of AND/OR");
        require_bool(c, y, "operand of AND/OR");
        e->type = ss_type_make(SS_T_BOOLEAN);
        return e;
    case SS_OP_EQ: case SS_OP_NE: case SS_OP_LT: case SS_OP_LE: case SS_OP_GT: case SS_OP_GE:
        if (!common_type(x, y, &t)) {
            err(c->a, e->pos, "cannot compare %s with %s", tname(tx, t1, sizeof t1),
                tname(ty, t2, sizeof t2));
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        if (ss_type_is_string(t))
            t = ss_type_make(SS_T_VARCHAR);
        e->a = coerce(c->a, x, t);
        e->b = coerce(c->a, y, t);
        e->type = ss_type_make(SS_T_BOOLEAN);
        return e;
    case SS_OP_CONCAT:
        if (tx.kind == SS_T_BOOLEAN || ty.kind == SS_T_BOOLEAN || ss_type_is_interval(tx) ||
            ss_type_is_interval(ty)) {
            err(c->a, e->pos, "operator || cannot be applied to %s and %s", tname(tx, t1, sizeof t1),
                tname(ty, t2, sizeof t2));
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        e->type = ss_type_make(SS_T_VARCHAR);
        e->a = coerce(c->a, x, e->type);
        e->b = coerce(c->a, y, e->type);
        return e;
    default:
        break;
    }
    /* Arithmetic. */
    if (tx.kind == SS_T_NULL && ty.kind == SS_T_NULL) {
        e->type = ss_type_make(SS_T_NULL);
        return e;
    }
    if ((ss_type_is_numeric(tx) || tx.kind == SS_T_NULL) && (ss_type_is_numeric(ty) || ty.kind == SS_T_NULL)) {
        t = ss_type_numeric_common(tx, ty);
        if (t.kind == SS_T_DECIMAL && (op == SS_OP_MUL || op == SS_OP_DIV)) {
            unsigned sx = tx.kind == SS_T_DECIMAL ? tx.scale : 0, sy = ty.kind == SS_T_DECIMAL ? ty.scale : 0;
            unsigned s = op == SS_OP_MUL ? sx + sy : (sx > sy ? sx : sy) < 6 ? 6 : (sx > sy ? sx : sy);
            if (s > SS_DECIMAL_MAX_PRECISION)
                s = SS_DECIMAL_MAX_PRECISION;
            e->a = coerce(c->a, x, ss_type_numeric_common(tx, tx));
            e->b = coerce(c->a, y, ss_type_numeric_common(ty, ty));
            e->type = ss_type_make(SS_T_DECIMAL);
            e->type.precision = SS_DECIMAL_MAX_PRECISION;
            e->type.scale = (uint8_t)s;
            return e;
        }
        e->a = coerce(c->a, x, t);
        e->b = coerce(c->a, y, t);
        e->type = t;
        return e;
    }
    /* Datetime and interval arithmetic. */
    bool ok = false;
    if ((op == SS_OP_ADD || op == SS_OP_SUB) && ss_type_is_datetime(tx) && ss_type_is_interval(ty)) {
        e->type = tx.kind == SS_T_DATE && ty.kind == SS_T_INTERVAL_DS ? ss_type_make(SS_T_TIMESTAMP) : tx;
        if (e->type.kind == SS_T_TIMESTAMP && tx.kind == SS_T_DATE)
            e->a = coerce(c->a, x, e->type);
        ok = tx.kind != SS_T_TIME || ty.kind == SS_T_INTERVAL_DS;
    } else if (op == SS_OP_ADD && ss_type_is_interval(tx) && ss_type_is_datetime(ty)) {
        /* interval + datetime: swap into datetime + interval. */
        e->a = y;
        e->b = x;
        e->type = ty.kind == SS_T_DATE && tx.kind == SS_T_INTERVAL_DS ? ss_type_make(SS_T_TIMESTAMP) : ty;
        if (e->type.kind == SS_T_TIMESTAMP && ty.kind == SS_T_DATE)
            e->a = coerce(c->a, y, e->type);
        ok = ty.kind != SS_T_TIME || tx.kind == SS_T_INTERVAL_DS;
    } else if (op == SS_OP_SUB && ss_type_is_datetime(tx) && ss_type_common(tx, ty, &t) &&
               ss_type_is_datetime(t)) {
        e->a = coerce(c->a, x, t);
        e->b = coerce(c->a, y, t);
        e->type = ss_type_make(SS_T_INTERVAL_DS);
        ok = true;
    } else if ((op == SS_OP_ADD || op == SS_OP_SUB) && ss_type_is_interval(tx) && tx.kind == ty.kind) {
        e->type = tx;
        ok = true;
    } else if ((op == SS_OP_MUL || op == SS_OP_DIV) && ss_type_is_interval(tx) && ss_type_is_numeric(ty)) {
        e->type = tx;
        e->b = coerce(c->a, y, ss_type_make(SS_T_DOUBLE));
        ok = true;
    } else if (op == SS_OP_MUL && ss_type_is_numeric(tx) && ss_type_is_interval(ty)) {
        e->a = y;
        e->b = coerce(c->a, x, ss_type_make(SS_T_DOUBLE));
        e->type = ty;
        ok = true;
    }
    if (!ok) {
        err(c->a, e->pos, "operator %s cannot be applied to %s and %s", ss_op_spelling(op),
            tname(tx, t1, sizeof t1), tname(ty, t2, sizeof t2));
        e->type = ss_type_make(SS_T_UNKNOWN);
    }
    return e;
}

/* Resolves a list of expressions to one common type (IN, CASE, COALESCE);
 * `what` is the start of the error sentence, verb included. */
static bool unify(qctx *c, ss_expr **items, uint32_t n, ss_type *out, ss_pos pos, const char *what)
{
    char t1[64], t2[64];
    ss_type t = ss_type_make(SS_T_NULL);
    const ss_expr *first = NULL;
    for (uint32_t i = 0; i < n; i++) {
        if (items[i]->type.kind == SS_T_UNKNOWN)
            return false;
        if (!first) {
            t = items[i]->type;
            first = items[i];
            continue;
        }
        ss_type nt;
        ss_expr probe = *first;
        probe.type = t;
        if (!common_type(&probe, items[i], &nt)) {
            err(c->a, items[i]->pos, "%s %s and %s", what, tname(t, t1, sizeof t1),
                tname(items[i]->type, t2, sizeof t2));
            return false;
        }
        /* A string literal met first yields to what follows. */
        if (is_string_literal(first) && !ss_type_is_string(nt))
            first = items[i];
        t = nt;
    }
    (void)pos;
    if (ss_type_is_string(t))
        t = ss_type_make(SS_T_VARCHAR);
    for (uint32_t i = 0; i < n; i++)
        items[i] = coerce(c->a, items[i], t);
    *out = t;
    return true;
}

static bool is_const_interval(const ss_expr *e, int64_t *ms)
{
    if (e->kind == SS_E_LITERAL && e->type.kind == SS_T_INTERVAL_DS) {
        *ms = e->lit.i;
        return true;
    }
    return false;
}

static int add_agg(qctx *c, ss_agg agg)
{
    ss_query *q = c->q;
    for (uint32_t i = 0; i < q->naggs; i++) {
        ss_agg *o = &q->aggs[i];
        if (o->fn == agg.fn && o->star == agg.star && o->distinct == agg.distinct &&
            o->over == agg.over && ss_expr_equal(o->arg, agg.arg))
            return (int)i;
    }
    PUSH(c->a->arena, q->aggs, q->naggs, c->aggs_cap, agg);
    return (int)q->naggs - 1;
}

static ss_expr *resolve_window_args(qctx *c, ss_window_spec *w);
static int add_over(qctx *c, ss_window_spec *w, const char *name, ss_pos pos);

static const ss_window_spec *find_named_window(qctx *c, const ss_ident *name)
{
    for (uint32_t i = 0; i < c->sel->nwindows; i++)
        if (strcmp(c->sel->windows[i]->name.name, name->name) == 0)
            return c->sel->windows[i]->spec;
    return NULL;
}

static ss_expr *resolve_aggregate(qctx *c, ss_expr *e, const ss_func_info *f, unsigned flags)
{
    char t1[64], b1[160];
    bool over = e->over || e->over_name.name;
    if (!(flags & ALLOW_AGG) || (flags & IN_AGG)) {
        if (flags & IN_AGG)
            err(c->a, e->pos, "aggregate %s cannot be nested inside another aggregate", f->name);
        else
            err(c->a, e->pos, "aggregate %s is not allowed in %s", f->name, c->clause);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    ss_agg agg = {.fn = f->id, .over = -1, .pos = e->pos, .distinct = e->distinct};
    if (e->sub == SS_CALL_STAR) {
        if (f->id != SS_F_COUNT) {
            err(c->a, e->pos, "only COUNT takes *");
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        agg.star = true;
    } else if (e->list.n != 1) {
        err(c->a, e->pos, "aggregate %s takes one argument", f->name);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    } else {
        const char *saved = c->clause;
        e->list.items[0] = resolve(c, e->list.items[0], (flags & ~ALLOW_AGG) | IN_AGG);
        c->clause = saved;
        agg.arg = e->list.items[0];
    }
    ss_type at = agg.arg ? agg.arg->type : ss_type_make(SS_T_BIGINT);
    if (at.kind == SS_T_UNKNOWN) {
        e->type = at;
        return e;
    }
    switch (f->id) {
    case SS_F_COUNT:
        agg.type = ss_type_make(SS_T_BIGINT);
        break;
    case SS_F_SUM:
    case SS_F_AVG:
        if (!ss_type_is_numeric(at) && at.kind != SS_T_NULL) {
            err(c->a, agg.arg->pos, "%s needs a numeric argument, not %s", f->name, tname(at, t1, sizeof t1));
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        if (at.kind == SS_T_NULL)
            at = ss_type_make(SS_T_INTEGER);
        agg.type = at;
        /* SUM widens integers so a busy window cannot overflow them; AVG keeps
         * the argument's type, truncated, as KDA does (SPEC section 2). */
        if (f->id == SS_F_SUM && ss_type_is_integer(at))
            agg.type = ss_type_make(SS_T_BIGINT);
        if (f->id == SS_F_SUM && at.kind == SS_T_DECIMAL)
            agg.type.precision = SS_DECIMAL_MAX_PRECISION;
        break;
    case SS_F_MIN:
    case SS_F_MAX:
        if (at.kind == SS_T_BOOLEAN || ss_type_is_interval(at)) {
            err(c->a, agg.arg->pos, "%s cannot order values of type %s", f->name, tname(at, t1, sizeof t1));
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        agg.type = at;
        break;
    case SS_F_FIRST_VALUE:
    case SS_F_LAST_VALUE:
        agg.type = at;
        break;
    default: /* variance family */
        if (!ss_type_is_numeric(at) && at.kind != SS_T_NULL) {
            err(c->a, agg.arg->pos, "%s needs a numeric argument, not %s", f->name, tname(at, t1, sizeof t1));
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        agg.type = ss_type_make(SS_T_DOUBLE);
        break;
    }
    if (over) {
        const ss_window_spec *w = e->over;
        const char *wname = NULL;
        if (!w) {
            w = find_named_window(c, &e->over_name);
            wname = e->over_name.name;
            if (!w) {
                const char *cand[64];
                uint32_t n = 0;
                for (uint32_t i = 0; i < c->sel->nwindows && n < 64; i++)
                    cand[n++] = c->sel->windows[i]->name.name;
                const char *best = ss_names_closest(e->over_name.name, cand, n);
                if (best)
                    err(c->a, e->over_name.pos, "unknown window %s; did you mean %s?",
                        NAME(e->over_name.name, b1), best);
                else
                    err(c->a, e->over_name.pos, "unknown window %s (define it with WINDOW %s AS (...))",
                        NAME(e->over_name.name, b1), NAME(e->over_name.name, b1));
                e->type = ss_type_make(SS_T_UNKNOWN);
                return e;
            }
        }
        agg.over = add_over(c, (ss_window_spec *)w, wname, w == e->over ? e->pos : e->over_name.pos);
        if (agg.over < 0) {
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        uint32_t in_window = 0;
        for (uint32_t i = 0; i < c->q->naggs; i++)
            in_window += c->q->aggs[i].over == agg.over;
        if (in_window >= 64) {
            err(c->a, e->pos, "a window can have at most 64 different aggregates");
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        if (agg.distinct && f->id != SS_F_COUNT) {
            err(c->a, e->pos, "DISTINCT in a sliding window is only supported for COUNT");
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
    }
    e->agg = add_agg(c, agg);
    e->slot = f->id;
    e->type = agg.type;
    return e;
}

/* Resolves a window specification's expressions once, even when shared. */
static ss_expr *resolve_window_args(qctx *c, ss_window_spec *w)
{
    const char *saved = c->clause;
    c->clause = "PARTITION BY";
    for (uint32_t i = 0; i < w->partition.n; i++)
        if (w->partition.items[i]->type.kind == SS_T_UNKNOWN && w->partition.items[i]->slot < 0 &&
            w->partition.items[i]->kind != SS_E_ROWTIME)
            w->partition.items[i] = resolve(c, w->partition.items[i], 0);
    c->clause = "ORDER BY";
    for (uint32_t i = 0; i < w->order.n; i++) {
        ss_expr *o = w->order.items[i];
        if (o->kind != SS_E_ROWTIME && o->type.kind == SS_T_UNKNOWN)
            o = w->order.items[i] = resolve(c, o, 0);
        if (o->kind != SS_E_ROWTIME && o->type.kind != SS_T_UNKNOWN)
            err(c->a, o->pos, "a window can only be ordered by ROWTIME");
    }
    c->clause = saved;
    return NULL;
}

static int add_over(qctx *c, ss_window_spec *w, const char *name, ss_pos pos)
{
    ss_query *q = c->q;
    resolve_window_args(c, w);
    ss_over o = {.frame = (ss_frame_kind)w->frame, .name = name, .pos = pos};
    if (w->frame == SS_FRAME_NONE || w->unbounded) {
        err(c->a, w->frame ? w->frame_pos : pos,
            "a sliding window must be bounded: use RANGE INTERVAL '...' unit PRECEDING or ROWS n PRECEDING");
        return -1;
    }
    if (w->frame == SS_FRAME_RANGE) {
        if (!is_const_interval(w->extent, &o.range_ms)) {
            err(c->a, w->extent->pos, "RANGE needs a day-to-second INTERVAL (months and years vary in length)");
            return -1;
        }
        if (o.range_ms < 0) {
            err(c->a, w->extent->pos, "RANGE needs a non-negative day-to-second INTERVAL");
            return -1;
        }
    } else {
        const ss_expr *n = w->extent;
        if (!(n->kind == SS_E_LITERAL && ss_type_is_integer(n->type))) {
            err(c->a, n->pos, "ROWS needs a whole number of rows");
            return -1;
        }
        o.rows = n->lit.i;
    }
    o.npartition = w->partition.n;
    o.partition = w->partition.items;
    for (uint32_t i = 0; i < q->novers; i++) {
        ss_over *x = &q->overs[i];
        if (x->frame != o.frame || x->range_ms != o.range_ms || x->rows != o.rows ||
            x->npartition != o.npartition)
            continue;
        bool same = true;
        for (uint32_t k = 0; k < o.npartition && same; k++)
            same = ss_expr_equal(x->partition[k], o.partition[k]);
        if (same)
            return (int)i;
    }
    PUSH(c->a->arena, q->overs, q->novers, c->overs_cap, o);
    return (int)q->novers - 1;
}

static ss_expr *resolve_call(qctx *c, ss_expr *e, unsigned flags)
{
    char t1[64], t2[64];
    const ss_func_info *f = ss_func_lookup(e->name.name);
    if (!f || (e->name.quoted && e->name.name[0] == '$')) {
        const char *const *names = ss_func_names();
        size_t n = 0;
        while (names[n])
            n++;
        const char *best = ss_names_closest(e->name.name, names, n);
        if (best)
            err(c->a, e->pos, "unknown function %s; did you mean %s?", e->name.name, best);
        else
            err(c->a, e->pos, "unknown function %s", e->name.name);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    if (f->kind == SS_FK_AGGREGATE)
        return resolve_aggregate(c, e, f, flags);
    if (e->over || e->over_name.name) {
        err(c->a, e->pos, "OVER applies to aggregates, not to %s", f->name);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    if (e->distinct || e->sub == SS_CALL_STAR) {
        err(c->a, e->pos, "%s is not an aggregate; DISTINCT and * do not apply", f->name);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    /* Special argument forms belong to specific functions. */
    ss_call_form form = (ss_call_form)e->sub;
    bool form_ok = form == SS_CALL_PLAIN || form == SS_CALL_NOPAREN ||
                   (form == SS_CALL_TO_UNIT && (f->id == SS_F_FLOOR || f->id == SS_F_CEIL)) ||
                   (form == SS_CALL_BY && f->id == SS_F_STEP) ||
                   (form == SS_CALL_FROM && (f->id == SS_F_SUBSTRING || f->id == SS_F_TRIM)) ||
                   (form == SS_CALL_EXTRACT && f->id == SS_F_EXTRACT) ||
                   (form == SS_CALL_POSITION && f->id == SS_F_POSITION) ||
                   (form == SS_CALL_DIFF_UNIT && f->id == SS_F_DIFF);
    if (!form_ok || (form == SS_CALL_PLAIN && (f->id == SS_F_STEP || f->id == SS_F_EXTRACT))) {
        static const char *const usage[SS_F__COUNT] = {
            [SS_F_STEP] = "STEP(ts BY INTERVAL '...' unit)",
            [SS_F_EXTRACT] = "EXTRACT(unit FROM ts)",
        };
        if (usage[f->id])
            err(c->a, e->pos, "%s is written %s", f->name, usage[f->id]);
        else
            err(c->a, e->pos, "%s does not take this form of arguments", f->name);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    if (f->kind == SS_FK_WINDOW && !(flags & ALLOW_WINDOW_FN)) {
        err(c->a, e->pos, "%s defines a window and belongs in GROUP BY", f->name);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    uint32_t n = e->list.n;
    if ((int)n < f->min_args || (f->max_args >= 0 && (int)n > f->max_args)) {
        if (f->min_args == f->max_args)
            err(c->a, e->pos, "%s takes %d argument%s, not %u", f->name, f->min_args,
                f->min_args == 1 ? "" : "s", n);
        else if (f->max_args < 0)
            err(c->a, e->pos, "%s takes at least %d argument%s, not %u", f->name, f->min_args,
                f->min_args == 1 ? "" : "s", n);
        else
            err(c->a, e->pos, "%s takes %d to %d arguments, not %u", f->name, f->min_args,
                f->max_args, n);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    bool unknown = false;
    for (uint32_t i = 0; i < n; i++) {
        e->list.items[i] = resolve(c, e->list.items[i], flags & ~ALLOW_WINDOW_FN);
        unknown |= e->list.items[i]->type.kind == SS_T_UNKNOWN;
    }
    e->slot = f->id;
    if (unknown) {
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    ss_expr **arg = e->list.items;
#define ARGT(i) (arg[i]->type)
#define BAD_ARG(i, want)                                                                   \
    do {                                                                                   \
        err(c->a, arg[i]->pos, "%s needs %s as argument %d, not %s", f->name, want, (i) + 1, \
            tname(ARGT(i), t1, sizeof t1));                                                \
        e->type = ss_type_make(SS_T_UNKNOWN);                                              \
        return e;                                                                          \
    } while (0)
#define NEED_STRING(i)                                                                     \
    do {                                                                                   \
        if (!ss_type_is_string(ARGT(i)) && ARGT(i).kind != SS_T_NULL)                      \
            BAD_ARG(i, "a string");                                                        \
    } while (0)
#define NEED_NUMERIC(i)                                                                    \
    do {                                                                                   \
        if (!ss_type_is_numeric(ARGT(i)) && ARGT(i).kind != SS_T_NULL)                     \
            BAD_ARG(i, "a number");                                                        \
    } while (0)
#define NEED_INTEGER(i)                                                                    \
    do {                                                                                   \
        if (!ss_type_is_integer(ARGT(i)) && ARGT(i).kind != SS_T_NULL)                     \
            BAD_ARG(i, "an integer");                                                      \
    } while (0)
#define NEED_TIMESTAMP(i)                                                                  \
    do {                                                                                   \
        if (ARGT(i).kind == SS_T_DATE)                                                     \
            arg[i] = coerce(c->a, arg[i], ss_type_make(SS_T_TIMESTAMP));                   \
        else if (ARGT(i).kind != SS_T_TIMESTAMP && ARGT(i).kind != SS_T_NULL)              \
            BAD_ARG(i, "a TIMESTAMP");                                                     \
    } while (0)

    switch (f->id) {
    case SS_F_COALESCE:
        if (unify(c, arg, n, &e->type, e->pos, "COALESCE mixes"))
            return e;
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    case SS_F_NULLIF: {
        ss_type t;
        if (!common_type(arg[0], arg[1], &t)) {
            err(c->a, e->pos, "NULLIF cannot compare %s with %s", tname(ARGT(0), t1, sizeof t1),
                tname(ARGT(1), t2, sizeof t2));
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        e->type = arg[0]->type;
        arg[1] = coerce(c->a, arg[1], ss_type_is_string(t) ? ss_type_make(SS_T_VARCHAR) : t);
        arg[0] = coerce(c->a, arg[0], ss_type_is_string(t) ? ss_type_make(SS_T_VARCHAR) : t);
        return e;
    }
    case SS_F_UPPER:
    case SS_F_LOWER:
    case SS_F_INITCAP:
        NEED_STRING(0);
        e->type = ss_type_make(SS_T_VARCHAR);
        e->type.length = ARGT(0).length;
        return e;
    case SS_F_TRIM:
        NEED_STRING(0);
        if (n > 1)
            NEED_STRING(1);
        e->type = ss_type_make(SS_T_VARCHAR);
        e->type.length = ARGT(0).length;
        return e;
    case SS_F_SUBSTRING:
        NEED_STRING(0);
        NEED_INTEGER(1);
        if (n > 2)
            NEED_INTEGER(2);
        e->type = ss_type_make(SS_T_VARCHAR);
        e->type.length = ARGT(0).length;
        for (uint32_t i = 1; i < n; i++)
            arg[i] = coerce(c->a, arg[i], ss_type_make(SS_T_BIGINT));
        return e;
    case SS_F_POSITION:
        NEED_STRING(0);
        NEED_STRING(1);
        e->type = ss_type_make(SS_T_INTEGER);
        return e;
    case SS_F_CHAR_LENGTH:
        NEED_STRING(0);
        e->type = ss_type_make(SS_T_INTEGER);
        return e;
    case SS_F_ABS:
        NEED_NUMERIC(0);
        e->type = ARGT(0).kind == SS_T_NULL ? ss_type_make(SS_T_INTEGER) : ARGT(0);
        return e;
    case SS_F_MOD: {
        NEED_NUMERIC(0);
        NEED_NUMERIC(1);
        ss_type t = ss_type_numeric_common(ARGT(0), ARGT(1));
        arg[0] = coerce(c->a, arg[0], t);
        arg[1] = coerce(c->a, arg[1], t);
        e->type = t;
        return e;
    }
    case SS_F_ROUND:
        NEED_NUMERIC(0);
        if (n > 1) {
            NEED_INTEGER(1);
            arg[1] = coerce(c->a, arg[1], ss_type_make(SS_T_INTEGER));
        }
        e->type = ARGT(0).kind == SS_T_NULL ? ss_type_make(SS_T_DOUBLE) : ARGT(0);
        return e;
    case SS_F_CEIL:
    case SS_F_FLOOR:
        if (form == SS_CALL_TO_UNIT) {
            if (ss_type_is_interval(ARGT(0)) && ARGT(0).kind == SS_T_INTERVAL_DS) {
                e->type = ARGT(0);
                return e;
            }
            NEED_TIMESTAMP(0);
            e->type = ss_type_make(SS_T_TIMESTAMP);
            return e;
        }
        NEED_NUMERIC(0);
        e->type = ARGT(0).kind == SS_T_NULL ? ss_type_make(SS_T_DOUBLE) : ARGT(0);
        return e;
    case SS_F_POWER:
        NEED_NUMERIC(0);
        NEED_NUMERIC(1);
        arg[1] = coerce(c->a, arg[1], ss_type_make(SS_T_DOUBLE));
        /* fall through */
    case SS_F_SQRT:
    case SS_F_LN:
    case SS_F_LOG10:
    case SS_F_EXP:
        NEED_NUMERIC(0);
        arg[0] = coerce(c->a, arg[0], ss_type_make(SS_T_DOUBLE));
        e->type = ss_type_make(SS_T_DOUBLE);
        return e;
    case SS_F_CURRENT_ROW_TIMESTAMP:
        e->type = ss_type_make(SS_T_TIMESTAMP);
        return e;
    case SS_F_TSDIFF:
        NEED_TIMESTAMP(0);
        NEED_TIMESTAMP(1);
        e->type = ss_type_make(SS_T_BIGINT);
        return e;
    case SS_F_CHAR_TO_TIMESTAMP:
    case SS_F_TIMESTAMP_TO_CHAR:
        NEED_STRING(0);
        if (f->id == SS_F_CHAR_TO_TIMESTAMP)
            NEED_STRING(1);
        else
            NEED_TIMESTAMP(1);
        if (arg[0]->kind == SS_E_LITERAL && ss_type_is_string(ARGT(0))) {
            /* A literal pattern is checked now rather than on every row. */
            ss_time_fmt fmt;
            char why[128];
            if (ss_time_fmt_compile(&fmt, arg[0]->lit.s, arg[0]->lit.len, why, sizeof why)) {
                err(c->a, arg[0]->pos, "invalid date pattern: %s", why);
                e->type = ss_type_make(SS_T_UNKNOWN);
                return e;
            }
        }
        e->type = ss_type_make(f->id == SS_F_CHAR_TO_TIMESTAMP ? SS_T_TIMESTAMP : SS_T_VARCHAR);
        return e;
    case SS_F_UNIX_TIMESTAMP:
        NEED_TIMESTAMP(0);
        e->type = ss_type_make(SS_T_BIGINT);
        return e;
    case SS_F_EXTRACT:
        if (!ss_type_is_datetime(ARGT(0)) && ARGT(0).kind != SS_T_NULL)
            BAD_ARG(0, "a TIMESTAMP, DATE or TIME");
        e->type = ss_type_make(SS_T_BIGINT);
        return e;
    case SS_F_DIFF:
        if (ARGT(0).kind != SS_T_INTERVAL_DS && ARGT(0).kind != SS_T_NULL)
            BAD_ARG(0, "a datetime difference");
        e->type = ss_type_make(SS_T_INTERVAL_DS);
        return e;
    case SS_F_STEP: {
        int64_t ms;
        NEED_TIMESTAMP(0);
        if (!is_const_interval(arg[1], &ms) || ms <= 0) {
            err(c->a, arg[1]->pos, "STEP needs a positive day-to-second INTERVAL literal");
            e->type = ss_type_make(SS_T_UNKNOWN);
            return e;
        }
        e->type = ss_type_make(SS_T_TIMESTAMP);
        return e;
    }
    case SS_F_HOP:
    case SS_F_SESSION: {
        int64_t ms;
        NEED_TIMESTAMP(0);
        for (uint32_t i = 1; i < n; i++) {
            if (!is_const_interval(arg[i], &ms) || ms <= 0) {
                err(c->a, arg[i]->pos, "%s needs a positive day-to-second INTERVAL literal here", f->name);
                e->type = ss_type_make(SS_T_UNKNOWN);
                return e;
            }
        }
        e->type = ss_type_make(SS_T_TIMESTAMP);
        return e;
    }
    default:
        break;
    }
#undef ARGT
#undef BAD_ARG
#undef NEED_STRING
#undef NEED_NUMERIC
#undef NEED_INTEGER
#undef NEED_TIMESTAMP
    e->type = ss_type_make(SS_T_UNKNOWN);
    return e;
}

static ss_expr *resolve(qctx *c, ss_expr *e, unsigned flags)
{
    char t1[64], t2[64];
    switch ((ss_expr_kind)e->kind) {
    case SS_E_LITERAL:
        return e;
    case SS_E_COLUMN:
        return resolve_column(c, e, flags);
    case SS_E_SLOT:
    case SS_E_ROWTIME:
        return e; /* already resolved (a shared window specification) */
    case SS_E_UNARY:
        e->a = resolve(c, e->a, flags);
        if (e->a->type.kind == SS_T_UNKNOWN) {
            e->type = e->a->type;
            return e;
        }
        if (e->op == SS_OP_NOT) {
            require_bool(c, e->a, "operand of NOT");
            e->type = ss_type_make(SS_T_BOOLEAN);
        } else if (ss_type_is_numeric(e->a->type) || ss_type_is_interval(e->a->type) ||
                   e->a->type.kind == SS_T_NULL) {
            e->type = e->a->type;
        } else {
            err(c->a, e->pos, "operator %s cannot be applied to %s", ss_op_spelling((ss_op)e->op),
                tname(e->a->type, t1, sizeof t1));
            e->type = ss_type_make(SS_T_UNKNOWN);
        }
        return e;
    case SS_E_BINARY:
        return resolve_binary(c, e, flags);
    case SS_E_IS:
        e->a = resolve(c, e->a, flags);
        if (e->sub != SS_IS_NULL && e->a->type.kind != SS_T_UNKNOWN)
            require_bool(c, e->a, "operand of IS TRUE/FALSE");
        e->type = ss_type_make(SS_T_BOOLEAN);
        return e;
    case SS_E_BETWEEN: {
        e->a = resolve(c, e->a, flags);
        e->b = resolve(c, e->b, flags);
        e->c = resolve(c, e->c, flags);
        ss_expr *items[3] = {e->a, e->b, e->c};
        ss_type t;
        if (unify(c, items, 3, &t, e->pos, "BETWEEN mixes")) {
            e->a = items[0];
            e->b = items[1];
            e->c = items[2];
        }
        e->type = ss_type_make(SS_T_BOOLEAN);
        return e;
    }
    case SS_E_IN: {
        e->a = resolve(c, e->a, flags);
        ss_expr **items = ss_arena_alloc(c->a->arena, sizeof(ss_expr *) * (e->list.n + 1));
        items[0] = e->a;
        for (uint32_t i = 0; i < e->list.n; i++)
            items[i + 1] = e->list.items[i] = resolve(c, e->list.items[i], flags);
        ss_type t;
        if (unify(c, items, e->list.n + 1, &t, e->pos, "the IN list mixes")) {
            e->a = items[0];
            for (uint32_t i = 0; i < e->list.n; i++)
                e->list.items[i] = items[i + 1];
        }
        e->type = ss_type_make(SS_T_BOOLEAN);
        return e;
    }
    case SS_E_LIKE:
        e->a = resolve(c, e->a, flags);
        e->b = resolve(c, e->b, flags);
        if (e->c)
            e->c = resolve(c, e->c, flags);
        for (ss_expr **p = &e->a; p <= &e->c; p++) {
            if (!*p || (*p)->type.kind == SS_T_UNKNOWN)
                continue;
            if (!ss_type_is_string((*p)->type) && (*p)->type.kind != SS_T_NULL)
                err(c->a, (*p)->pos, "LIKE needs strings, not %s", tname((*p)->type, t1, sizeof t1));
        }
        if (e->c && is_string_literal(e->c) && utf8_chars(e->c->lit.s, e->c->lit.len) != 1)
            err(c->a, e->c->pos, "ESCAPE takes a single character");
        e->type = ss_type_make(SS_T_BOOLEAN);
        return e;
    case SS_E_CASE: {
        if (e->a)
            e->a = resolve(c, e->a, flags);
        for (uint32_t i = 0; i < e->list.n; i++) {
            e->list.items[i] = resolve(c, e->list.items[i], flags);
            e->list2.items[i] = resolve(c, e->list2.items[i], flags);
        }
        if (e->b)
            e->b = resolve(c, e->b, flags);
        if (e->a) {
            /* Simple CASE: compare the operand with each WHEN value. */
            ss_expr **items = ss_arena_alloc(c->a->arena, sizeof(ss_expr *) * (e->list.n + 1));
            items[0] = e->a;
            for (uint32_t i = 0; i < e->list.n; i++)
                items[i + 1] = e->list.items[i];
            ss_type t;
            if (unify(c, items, e->list.n + 1, &t, e->pos, "CASE operand and WHEN values mix")) {
                e->a = items[0];
                for (uint32_t i = 0; i < e->list.n; i++)
                    e->list.items[i] = items[i + 1];
            }
        } else {
            for (uint32_t i = 0; i < e->list.n; i++)
                if (e->list.items[i]->type.kind != SS_T_UNKNOWN)
                    require_bool(c, e->list.items[i], "WHEN condition");
        }
        uint32_t nr = e->list2.n + (e->b ? 1 : 0);
        ss_expr **res = ss_arena_alloc(c->a->arena, sizeof(ss_expr *) * nr);
        for (uint32_t i = 0; i < e->list2.n; i++)
            res[i] = e->list2.items[i];
        if (e->b)
            res[nr - 1] = e->b;
        if (unify(c, res, nr, &e->type, e->pos, "CASE results mix")) {
            for (uint32_t i = 0; i < e->list2.n; i++)
                e->list2.items[i] = res[i];
            if (e->b)
                e->b = res[nr - 1];
        } else {
            e->type = ss_type_make(SS_T_UNKNOWN);
        }
        return e;
    }
    case SS_E_CAST:
        e->a = resolve(c, e->a, flags);
        if (e->a->type.kind != SS_T_UNKNOWN && !ss_type_castable(e->a->type, e->type)) {
            err(c->a, e->pos, "cannot cast %s to %s", tname(e->a->type, t1, sizeof t1),
                tname(e->type, t2, sizeof t2));
        }
        return e;
    case SS_E_CALL:
        return resolve_call(c, e, flags);
    }
    return e;
}

/* ----------------------------------------------------- query classification */

static bool is_input_rowtime(const ss_expr *e)
{
    return e->kind == SS_E_ROWTIME && e->sub == 0;
}


/* KDA's FLOOR((s.ROWTIME - TIMESTAMP 'T0') unit / k TO unit): k-unit windows aligned to T0. */
static bool diff_window(const ss_expr *arg, ss_unit to, int64_t *size, int64_t *align)
{
    int64_t k = 1;
    const ss_expr *d = arg;
    if (d->kind == SS_E_BINARY && d->op == SS_OP_DIV) {
        const ss_expr *div = d->b;
        while (div->kind == SS_E_CAST)
            div = div->a;
        if (!(div->kind == SS_E_LITERAL && ss_type_is_integer(div->type) && div->lit.i > 0))
            return false;
        k = div->lit.i;
        d = d->a;
    }
    if (!(d->kind == SS_E_CALL && d->slot == SS_F_DIFF && d->unit == to && to <= SS_UNIT_DAY))
        return false;
    const ss_expr *sub = d->list.items[0];
    if (!(sub->kind == SS_E_BINARY && sub->op == SS_OP_SUB && is_input_rowtime(sub->a) &&
          sub->b->kind == SS_E_LITERAL && sub->b->type.kind == SS_T_TIMESTAMP))
        return false;
    if (k > INT64_MAX / ss_unit_ms(to))
        return false; /* no such window: GROUP BY reports it */
    *size = k * ss_unit_ms(to);
    *align = sub->b->lit.i;
    return true;
}

/* Recognises a GROUP BY window term; fills the query's window fields. */
static bool window_term(qctx *c, const ss_expr *e, bool report)
{
    ss_query *q = c->q;
    if (e->kind != SS_E_CALL)
        return false;
    int fn = e->slot;
    const ss_expr *ts = e->list.n ? e->list.items[0] : NULL;
    if (fn == SS_F_STEP || fn == SS_F_HOP || fn == SS_F_SESSION) {
        if (!is_input_rowtime(ts)) {
            if (report)
                err(c->a, ts->pos,
                    "%s in GROUP BY must be applied to ROWTIME; to window on a column, declare it the "
                    "source's event time with WITH (ROWTIME = '...')",
                    ss_func_by_id((ss_func_id)fn)->name);
            return false;
        }
        if (fn == SS_F_STEP) {
            q->window = SS_WIN_TUMBLE;
            q->size_ms = e->list.items[1]->lit.i;
        } else if (fn == SS_F_HOP) {
            q->window = SS_WIN_HOP;
            q->slide_ms = e->list.items[1]->lit.i;
            q->size_ms = e->list.items[2]->lit.i;
        } else {
            q->window = SS_WIN_SESSION;
            q->gap_ms = e->list.items[1]->lit.i;
        }
        return true;
    }
    if (fn == SS_F_FLOOR && e->sub == SS_CALL_TO_UNIT) {
        if (is_input_rowtime(ts)) {
            q->window = SS_WIN_TUMBLE;
            if (e->unit == SS_UNIT_MONTH || e->unit == SS_UNIT_YEAR) {
                q->calendar = (ss_unit)e->unit;
                q->size_ms = 0;
            } else {
                q->size_ms = ss_unit_ms((ss_unit)e->unit);
            }
            return true;
        }
        int64_t size, align;
        if (diff_window(ts, (ss_unit)e->unit, &size, &align)) {
            q->window = SS_WIN_TUMBLE;
            q->size_ms = size;
            q->align_ms = align;
            return true;
        }
    }
    return false;
}

/* Rewrites an output expression over the operator's row (see app.h). */
static ss_expr *to_output(qctx *c, ss_expr *e, bool grouped, const char *clause)
{
    char b1[160];
    ss_query *q = c->q;
    if (e->type.kind == SS_T_UNKNOWN)
        return e;
    if (grouped) {
        for (uint32_t k = 0; k < q->nkeys; k++) {
            if (ss_expr_equal(e, q->keys[k])) {
                ss_expr *s = new_expr(c->a, SS_E_SLOT, e->pos);
                s->slot = (int32_t)k;
                s->type = e->type;
                return s;
            }
        }
    }
    if (e->kind == SS_E_CALL && e->agg < 0 && e->slot > 0 &&
        ss_func_by_id((ss_func_id)e->slot)->kind == SS_FK_WINDOW) {
        err(c->a, e->pos, "%s in %s must be written as in GROUP BY, where it defines the window",
            ss_func_by_id((ss_func_id)e->slot)->name, clause);
        e->type = ss_type_make(SS_T_UNKNOWN);
        return e;
    }
    if (e->kind == SS_E_CALL && e->agg >= 0) {
        ss_expr *s = new_expr(c->a, SS_E_SLOT, e->pos);
        s->slot = (int32_t)(q->out_base_slots + (uint32_t)e->agg);
        s->type = e->type;
        return s;
    }
    switch ((ss_expr_kind)e->kind) {
    case SS_E_ROWTIME:
        if (!e->qual.name) {
            e->sub = 1; /* unqualified ROWTIME: the output row's (SPEC section 2) */
            return e;
        }
        if (grouped) {
            err(c->a, e->pos,
                "%s.ROWTIME is not grouped in %s: use ROWTIME (the window's end), a window term, or an aggregate",
                NAME(e->qual.name, b1), clause);
            e->type = ss_type_make(SS_T_UNKNOWN);
        }
        return e;
    case SS_E_SLOT:
        if (grouped) {
            err(c->a, e->pos, "column %s must appear in %s or be used in an aggregate",
                NAME(q->from->cols[e->slot].name, b1),
                q->window == SS_WIN_STAGGER ? "the STAGGER partition" : "GROUP BY");
            e->type = ss_type_make(SS_T_UNKNOWN);
        }
        return e;
    default:
        break;
    }
    if (e->a)
        e->a = to_output(c, e->a, grouped, clause);
    if (e->b)
        e->b = to_output(c, e->b, grouped, clause);
    if (e->c)
        e->c = to_output(c, e->c, grouped, clause);
    for (uint32_t i = 0; i < e->list.n; i++)
        e->list.items[i] = to_output(c, e->list.items[i], grouped, clause);
    for (uint32_t i = 0; i < e->list2.n; i++)
        e->list2.items[i] = to_output(c, e->list2.items[i], grouped, clause);
    return e;
}

static const char *item_name(actx *a, const ss_select_item *it, ss_expr *resolved, uint32_t index,
                             const ss_stream *from)
{
    if (it->alias.name)
        return it->alias.name;
    if (resolved->kind == SS_E_SLOT && it->expr->kind == SS_E_SLOT)
        return from->cols[resolved->slot].name;
    if (resolved->kind == SS_E_ROWTIME)
        return "ROWTIME";
    /* Calcite's (and so KDA's) name for an unnamed expression. */
    return ss_arena_sprintf(a->arena, "EXPR$%u", index);
}

typedef struct outputs {
    ss_expr **exprs;
    const char **names;
    uint32_t n, cap;
} outputs;

static void add_output(actx *a, outputs *o, ss_expr *e, const char *name)
{
    uint32_t cap = o->cap;
    o->exprs = ss_arena_grow(a->arena, o->exprs, &cap, o->n + 1, sizeof(ss_expr *));
    o->names = ss_arena_grow(a->arena, o->names, &o->cap, o->n + 1, sizeof(const char *));
    o->exprs[o->n] = e;
    o->names[o->n] = name;
    o->n++;
}

static ss_query *analyze_select(actx *a, const ss_select *sel, ss_stream *from)
{
    char b1[160];
    ss_query *q = SS_ARENA_NEW(a->arena, ss_query);
    q->from = from;
    q->alias = sel->from_alias.name;
    q->window_key = -1;
    q->distinct = sel->distinct;
    qctx c = {.a = a, .q = q, .sel = sel, .from = from};

    /* Named windows: unique names. */
    for (uint32_t i = 0; i < sel->nwindows; i++)
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(sel->windows[i]->name.name, sel->windows[j]->name.name) == 0)
                err(a, sel->windows[i]->name.pos, "window %s is defined twice",
                    NAME(sel->windows[i]->name.name, b1));

    if (sel->where) {
        c.clause = "WHERE";
        q->where = resolve(&c, sel->where, 0);
        require_bool(&c, q->where, "WHERE condition");
    }

    /* GROUP BY terms and the window among them. */
    bool grouped = sel->group_by.n > 0 || sel->stagger;
    if (sel->group_by.n && sel->stagger)
        err(a, sel->group_by_pos, "WINDOWED BY STAGGER groups by its PARTITION BY; GROUP BY cannot be added");
    if (sel->group_by.n) {
        size_t errors_before = a->diags->n;
        c.clause = "GROUP BY";
        q->nkeys = sel->group_by.n;
        q->keys = ss_arena_alloc(a->arena, sizeof(ss_expr *) * q->nkeys);
        int window_at = -1;
        for (uint32_t i = 0; i < q->nkeys; i++) {
            q->keys[i] = resolve(&c, sel->group_by.items[i], ALLOW_WINDOW_FN);
            ss_query saved = *q;
            if (q->keys[i]->type.kind != SS_T_UNKNOWN && window_term(&c, q->keys[i], true)) {
                if (window_at >= 0) {
                    err(a, q->keys[i]->pos, "GROUP BY has more than one window (the first is at line %u, column %u)",
                        q->keys[window_at]->pos.line, q->keys[window_at]->pos.col);
                    *q = saved;
                } else {
                    window_at = (int)i;
                }
            }
        }
        q->window_key = window_at;
        if (window_at < 0 && a->diags->n == errors_before && !sel->stagger)
            err(a, sel->group_by_pos,
                "GROUP BY on a stream needs a window: add STEP(s.ROWTIME BY INTERVAL ...), "
                "FLOOR(s.ROWTIME TO unit), HOP(...) or SESSION(...) to bound the groups");
    } else if (sel->stagger) {
        c.clause = "STAGGER";
        ss_window_spec *w = sel->stagger;
        q->window = SS_WIN_STAGGER;
        q->nkeys = w->partition.n;
        q->keys = ss_arena_alloc(a->arena, sizeof(ss_expr *) * (q->nkeys ? q->nkeys : 1));
        for (uint32_t i = 0; i < q->nkeys; i++)
            q->keys[i] = resolve(&c, w->partition.items[i], 0);
        if (!w->partition.n)
            err(a, w->pos, "WINDOWED BY STAGGER needs PARTITION BY");
        if (w->frame != SS_FRAME_RANGE || w->unbounded || !is_const_interval(w->extent, &q->size_ms) ||
            q->size_ms <= 0)
            err(a, w->frame ? w->frame_pos : w->pos,
                "WINDOWED BY STAGGER needs RANGE INTERVAL '...' unit (a positive day-to-second interval)");
    }

    /* Select list, with * expanded. */
    c.clause = "the select list";
    outputs outs = {0};
    for (uint32_t i = 0; i < sel->nitems; i++) {
        ss_select_item *it = sel->items[i];
        if (it->star) {
            if (it->star_qual.name && strcmp(it->star_qual.name, from->name) != 0 &&
                !(q->alias && strcmp(it->star_qual.name, q->alias) == 0)) {
                err(a, it->pos, "unknown stream or alias %s in the select list", NAME(it->star_qual.name, b1));
                q->incomplete = true;
                continue;
            }
            for (uint32_t k = 0; k < from->ncols; k++) {
                if (from->cols[k].hidden)
                    continue;
                ss_expr *s = new_expr(a, SS_E_SLOT, it->pos);
                s->slot = (int32_t)k;
                s->type = from->cols[k].type;
                add_output(a, &outs, s, from->cols[k].name);
            }
            continue;
        }
        /* Window terms are allowed here; to_output requires them to match GROUP BY. */
        ss_expr *r = resolve(&c, it->expr, ALLOW_AGG | ALLOW_WINDOW_FN);
        add_output(a, &outs, r, item_name(a, it, r, outs.n, from));
    }
    ss_expr **out = outs.exprs;
    const char **names = outs.names;
    uint32_t nout = outs.n;

    if (sel->having) {
        c.clause = "HAVING";
        q->having = resolve(&c, sel->having, ALLOW_AGG);
        require_bool(&c, q->having, "HAVING condition");
        if (!grouped)
            err(a, sel->having_pos, "HAVING needs GROUP BY with a window (or WINDOWED BY STAGGER)");
    }

    /* The shape of the query follows from its aggregates. */
    uint32_t nover = 0, ngroup = 0;
    for (uint32_t i = 0; i < q->naggs; i++)
        *(q->aggs[i].over >= 0 ? &nover : &ngroup) += 1;
    if (nover && grouped) {
        for (uint32_t i = 0; i < q->naggs; i++)
            if (q->aggs[i].over >= 0) {
                err(a, q->aggs[i].pos, "OVER windows cannot be combined with GROUP BY or STAGGER");
                break;
            }
    } else if (ngroup && !grouped) {
        for (uint32_t i = 0; i < q->naggs; i++)
            if (q->aggs[i].over < 0) {
                err(a, q->aggs[i].pos,
                    "aggregate %s on a stream needs a window: GROUP BY with STEP/FLOOR on ROWTIME, "
                    "or OVER (... RANGE/ROWS ... PRECEDING)",
                    ss_func_by_id(q->aggs[i].fn)->name);
                break;
            }
    }
    if (q->distinct && !grouped)
        err(a, sel->pos, "SELECT STREAM DISTINCT needs GROUP BY with a window: distinct rows of an unbounded stream need unbounded state");

    q->out_base_slots = grouped ? q->nkeys : from->ncols;
    for (uint32_t i = 0; i < nout; i++)
        out[i] = to_output(&c, out[i], grouped, "the select list");
    if (q->having)
        q->having = to_output(&c, q->having, grouped, "HAVING");
    q->out = out;
    q->out_names = names;
    q->nout = nout;
    return q;
}

/* ------------------------------------------------------------- statements */

static void declare_stream(actx *a, const ss_stmt *s)
{
    char b1[160];
    ss_app *app = a->app;
    ss_stream *old = ss_app_find_stream(app, s->name.name);
    if (old && !s->or_replace) {
        err(a, s->name.pos, "stream %s is already defined (at line %u); use CREATE OR REPLACE STREAM to redefine it",
            NAME(s->name.name, b1), old->pos.line);
        return;
    }
    if (strcmp(s->name.name, "ROWTIME") == 0) {
        err(a, s->name.pos, "ROWTIME cannot name a stream");
        return;
    }
    ss_stream *st = SS_ARENA_NEW(a->arena, ss_stream);
    st->name = s->name.name;
    st->pos = s->name.pos;
    st->stmt = s;
    st->rowtime_col = -1;
    st->cols = SS_ARENA_ARRAY(a->arena, ss_column, s->ncolumns + 1);
    for (uint32_t i = 0; i < s->ncolumns; i++) {
        const ss_column_def *d = s->columns[i];
        if (strcmp(d->name.name, "ROWTIME") == 0) {
            err(a, d->name.pos, "ROWTIME is a system column of every stream and cannot be declared");
            continue;
        }
        bool dup = false;
        for (uint32_t j = 0; j < st->ncols && !dup; j++)
            dup = strcmp(st->cols[j].name, d->name.name) == 0;
        if (dup) {
            err(a, d->name.pos, "column %s is declared twice in stream %s", NAME(d->name.name, b1),
                s->name.name);
            continue;
        }
        if (d->mapping && d->mapping[0] != '$')
            err(a, d->mapping_pos, "MAPPING takes a JSON path starting with '$', such as '$.a.b'");
        ss_column *col = &st->cols[st->ncols++];
        col->name = d->name.name;
        col->type = d->type;
        col->mapping = d->mapping;
        col->pos = d->name.pos;
    }
    if (st->ncols == 0 && s->ncolumns > 0)
        return;
    ss_binding_decode(s, st->cols, st->ncols, a->arena, a->diags, &st->binding);
    if (st->binding.rowtime_column)
        for (uint32_t i = 0; i < st->ncols; i++)
            if (strcmp(st->cols[i].name, st->binding.rowtime_column) == 0)
                st->rowtime_col = (int)i;
    /* Kinesis records carry their arrival time; KDA exposed it undeclared. */
    if (st->binding.connector == SS_CONN_KINESIS) {
        bool declared = false;
        for (uint32_t i = 0; i < st->ncols; i++)
            declared |= strcmp(st->cols[i].name, "APPROXIMATE_ARRIVAL_TIME") == 0;
        if (!declared) {
            ss_column *col = &st->cols[st->ncols++];
            col->name = "APPROXIMATE_ARRIVAL_TIME";
            col->type = ss_type_make(SS_T_TIMESTAMP);
            col->hidden = true;
            col->pos = st->pos;
        }
    }
    if (old) {
        for (uint32_t i = 0; i < app->nstreams; i++)
            if (app->streams[i] == old)
                app->streams[i] = st;
    } else {
        PUSH(a->arena, app->streams, app->nstreams, app->streams_cap, st);
    }
}

static ss_stream *lookup_stream(actx *a, const ss_ident *name, const char *role)
{
    char b1[160];
    ss_stream *s = ss_app_find_stream(a->app, name->name);
    if (s && !s->synthetic) /* a standalone SELECT's output is not a name in the script */
        return s;
    for (uint32_t i = 0; i < a->script->nbroken; i++)
        if (strcmp(a->script->broken_streams[i], name->name) == 0)
            return NULL; /* its CREATE already has an error */
    const char *cand[512];
    uint32_t n = 0;
    for (uint32_t i = 0; i < a->app->nstreams && n < 512; i++)
        if (!a->app->streams[i]->synthetic)
            cand[n++] = a->app->streams[i]->name;
    const char *best = ss_names_closest(name->name, cand, n);
    if (best)
        err(a, name->pos, "unknown stream %s%s; did you mean %s?", NAME(name->name, b1), role,
            ss_names_show(best, (char[160]){0}, 160));
    else
        err(a, name->pos, "unknown stream %s%s (define it with CREATE STREAM)", NAME(name->name, b1), role);
    return NULL;
}

/* Casts the select outputs to the target's column types and maps them. */
static void fit_target(actx *a, ss_pump *p, const ss_stmt *s)
{
    char b1[160], b2[160], t1[64], t2[64];
    ss_stream *into = p->into;
    ss_query *q = p->q;
    uint32_t ntarget = s->ntarget_cols ? s->ntarget_cols : 0;
    int *cols = ss_arena_alloc(a->arena, sizeof(int) * (into->ncols + ntarget + 1));
    uint32_t ncols = 0;
    if (s->ntarget_cols) {
        for (uint32_t i = 0; i < s->ntarget_cols; i++) {
            const ss_ident *id = &s->target_cols[i];
            int found = -1;
            for (uint32_t k = 0; k < into->ncols && found < 0; k++)
                if (!into->cols[k].hidden && strcmp(into->cols[k].name, id->name) == 0)
                    found = (int)k;
            if (found < 0) {
                const char *cand[512];
                uint32_t n = 0;
                for (uint32_t k = 0; k < into->ncols && n < 512; k++)
                    cand[n++] = into->cols[k].name;
                const char *best = ss_names_closest(id->name, cand, n);
                if (best)
                    err(a, id->pos, "stream %s has no column %s; did you mean %s?", NAME(into->name, b1),
                        NAME(id->name, b2), best);
                else
                    err(a, id->pos, "stream %s has no column %s", NAME(into->name, b1), NAME(id->name, b2));
                return;
            }
            for (uint32_t j = 0; j < ncols; j++)
                if (cols[j] == found) {
                    err(a, id->pos, "column %s is listed twice", NAME(id->name, b1));
                    return;
                }
            cols[ncols++] = found;
        }
    } else {
        for (uint32_t k = 0; k < into->ncols; k++)
            if (!into->cols[k].hidden)
                cols[ncols++] = (int)k;
    }
    if (q->incomplete)
        return;
    if (q->nout != ncols) {
        if (s->ntarget_cols)
            err(a, s->select->pos, "pump %s selects %u column%s but its INSERT INTO list names %u",
                NAME(p->name, b1), q->nout, q->nout == 1 ? "" : "s", ncols);
        else
            err(a, s->select->pos, "pump %s selects %u column%s but stream %s has %u",
                NAME(p->name, b1), q->nout, q->nout == 1 ? "" : "s", NAME(into->name, b2), ncols);
        return;
    }
    p->target_map = ss_arena_alloc(a->arena, sizeof(int) * (into->ncols ? into->ncols : 1));
    for (uint32_t k = 0; k < into->ncols; k++)
        p->target_map[k] = -1;
    for (uint32_t i = 0; i < ncols; i++) {
        const ss_column *col = &into->cols[cols[i]];
        ss_expr *o = q->out[i];
        p->target_map[cols[i]] = (int)i;
        if (o->type.kind == SS_T_UNKNOWN)
            continue;
        if (!ss_type_castable(o->type, col->type)) {
            const ss_select_item *it = i < s->select->nitems ? s->select->items[i] : NULL;
            err(a, it && !it->star ? it->pos : s->select->pos,
                "select item %u is %s and cannot be inserted into column %s %s of %s", i + 1,
                tname(o->type, t1, sizeof t1), NAME(col->name, b1), tname(col->type, t2, sizeof t2),
                NAME(into->name, b2));
            continue;
        }
        if (!ss_type_equal(o->type, col->type)) {
            ss_expr *cast = new_expr(a, SS_E_CAST, o->pos);
            cast->a = o;
            cast->type = col->type;
            cast->sub = 1;
            q->out[i] = cast;
        }
    }
}

static void link(actx *a, ss_pump *p)
{
    PUSH(a->arena, p->from->readers, p->from->nreaders, p->from->readers_cap, p);
    PUSH(a->arena, p->into->writers, p->into->nwriters, p->into->writers_cap, p);
}

static void analyze_pump(actx *a, const ss_stmt *s)
{
    char b1[160];
    ss_app *app = a->app;
    ss_pump *old = find_pump(app, s->name.name);
    if (old && !s->or_replace) {
        err(a, s->name.pos, "pump %s is already defined (at line %u); use CREATE OR REPLACE PUMP to redefine it",
            NAME(s->name.name, b1), old->pos.line);
        return;
    }
    ss_pump *p = SS_ARENA_NEW(a->arena, ss_pump);
    p->name = s->name.name;
    p->pos = s->name.pos;
    p->stmt = s;
    p->into = lookup_stream(a, &s->target, " in INSERT INTO");
    p->from = lookup_stream(a, &s->select->from, " in FROM");
    if (!p->from)
        return;
    if (p->into && p->into->binding.connector == SS_CONN_GENERATOR) {
        err(a, s->target.pos, "stream %s is bound to a generator and cannot be inserted into",
            NAME(p->into->name, b1));
        p->into = NULL;
    }
    p->q = analyze_select(a, s->select, p->from);
    if (!p->into)
        return;
    fit_target(a, p, s);
    if (old) {
        for (uint32_t i = 0; i < app->npumps; i++)
            if (app->pumps[i] == old)
                app->pumps[i] = p;
    } else {
        PUSH(a->arena, app->pumps, app->npumps, app->pumps_cap, p);
    }
}

static void analyze_standalone(actx *a, const ss_stmt *s, uint32_t index)
{
    char b1[160];
    ss_stream *from = lookup_stream(a, &s->select->from, " in FROM");
    if (!from)
        return;
    ss_pump *p = SS_ARENA_NEW(a->arena, ss_pump);
    p->pos = s->pos;
    p->stmt = s;
    p->from = from;
    p->q = analyze_select(a, s->select, from);
    /* Its results go to a stream of their own, printed unless redirected. */
    ss_stream *out = SS_ARENA_NEW(a->arena, ss_stream);
    out->name = ss_arena_sprintf(a->arena, "SELECT_%u", index);
    while (ss_app_find_stream(a->app, out->name)) /* never the name of a declared stream */
        out->name = ss_arena_sprintf(a->arena, "%s_", out->name);
    out->pos = s->pos;
    out->stmt = s;
    out->synthetic = true;
    out->rowtime_col = -1;
    out->ncols = p->q->nout;
    out->cols = SS_ARENA_ARRAY(a->arena, ss_column, out->ncols + 1);
    p->target_map = ss_arena_alloc(a->arena, sizeof(int) * (out->ncols + 1));
    for (uint32_t i = 0; i < out->ncols; i++) {
        out->cols[i].name = p->q->out_names[i];
        out->cols[i].type = p->q->out[i]->type;
        out->cols[i].pos = p->q->out[i]->pos;
        p->target_map[i] = (int)i;
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(out->cols[j].name, out->cols[i].name) == 0) {
                err(a, out->cols[i].pos, "the select list names %s twice; add an alias with AS",
                    NAME(out->cols[i].name, b1));
                break;
            }
    }
    p->into = out;
    PUSH(a->arena, a->app->streams, a->app->nstreams, a->app->streams_cap, out);
    PUSH(a->arena, a->app->pumps, a->app->npumps, a->app->pumps_cap, p);
}

/* --------------------------------------------------------------- the graph */

enum { WHITE = 0, GREY, BLACK };

/* Depth-first over streams; a grey stream met again closes a cycle. */
static bool visit(actx *a, ss_stream *s, unsigned char *color, ss_pump **order, uint32_t *norder)
{
    uint32_t si = 0;
    while (a->app->streams[si] != s)
        si++;
    if (color[si] == BLACK)
        return true;
    if (color[si] == GREY)
        return false;
    color[si] = GREY;
    for (uint32_t i = 0; i < s->nwriters; i++) {
        ss_pump *p = s->writers[i];
        if (!visit(a, p->from, color, order, norder)) {
            char b1[160], b2[160];
            err(a, p->pos, "pump %s closes a cycle: %s feeds back into itself through the pumps",
                    NAME(p->name ? p->name : "SELECT", b1), NAME(p->into->name, b2));
            color[si] = BLACK;
            return true; /* reported; keep going for other errors */
        }
    }
    color[si] = BLACK;
    for (uint32_t i = 0; i < s->nwriters; i++) {
        bool seen = false;
        for (uint32_t k = 0; k < *norder && !seen; k++)
            seen = order[k] == s->writers[i];
        if (!seen)
            order[(*norder)++] = s->writers[i];
    }
    return true;
}

static void analyze_graph(actx *a)
{
    char b1[160];
    ss_app *app = a->app;
    for (uint32_t i = 0; i < app->npumps; i++)
        if (app->pumps[i]->from && app->pumps[i]->into && app->pumps[i]->q)
            link(a, app->pumps[i]);
    unsigned char *color = ss_arena_zalloc(a->arena, app->nstreams + 1);
    app->order = ss_arena_alloc(a->arena, sizeof(ss_pump *) * (app->npumps + 1));
    uint32_t norder = 0;
    for (uint32_t i = 0; i < app->nstreams; i++)
        visit(a, app->streams[i], color, app->order, &norder);
    app->norder = norder;
    for (uint32_t i = 0; i < app->nstreams; i++) {
        ss_stream *s = app->streams[i];
        bool bound = s->binding.connector != SS_CONN_NONE;
        if (bound && s->nwriters)
            s->role = SS_ROLE_SINK;
        else if (bound && s->nreaders)
            s->role = SS_ROLE_SOURCE;
        else if (!bound && s->nwriters && s->nreaders)
            s->role = SS_ROLE_INAPP;
        else if (!bound && s->nwriters)
            s->role = SS_ROLE_STDOUT;
        else
            s->role = SS_ROLE_UNUSED;
        if (!bound && !s->nwriters && s->nreaders)
            err(a, s->readers[0]->stmt->select->from.pos, "stream %s is read but nothing feeds it: bind it with WITH (FILE = '...') "
                "or another connector, or insert into it with a pump",
                NAME(s->name, b1));
    }
}

ss_app *ss_analyze(const ss_script *script, const ss_source *src, ss_arena *arena, ss_diags *diags)
{
    ss_app *app = SS_ARENA_NEW(arena, ss_app);
    app->src = src;
    app->arena = arena;
    actx a = {.script = script, .app = app, .arena = arena, .diags = diags};
    for (uint32_t i = 0; i < script->n; i++)
        if (script->stmts[i]->kind == SS_STMT_STREAM)
            declare_stream(&a, script->stmts[i]);
    uint32_t nselect = 0;
    for (uint32_t i = 0; i < script->n; i++) {
        const ss_stmt *s = script->stmts[i];
        if (s->kind == SS_STMT_PUMP)
            analyze_pump(&a, s);
        else if (s->kind == SS_STMT_SELECT)
            analyze_standalone(&a, s, ++nselect);
    }
    analyze_graph(&a);
    return app;
}

ss_app *ss_compile(const ss_source *src, ss_arena *arena, ss_diags *diags)
{
    ss_script *script = ss_parse(src, arena, diags);
    ss_app *app = ss_analyze(script, src, arena, diags);
    return diags->n ? NULL : app;
}
