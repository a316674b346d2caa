/* AST constructors for the grammar actions, literal decoding, and the
 * canonical printer used by `explain` and the round-trip tests. */
#include "sql/ast.h"
#include "sql/parse.h"
#include "util/timeconv.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PUSH(c, arr, n, cap, x) SS_ARENA_PUSH((c)->arena, arr, n, cap, x)

static void literal_error(ss_parse_ctx *c, ss_pos pos, const char *fmt, const char *arg)
{
    if (!c->probing)
        ss_diags_add(c->diags, pos, fmt, arg);
}

const char *ss_unit_name(ss_unit u)
{
    static const char *const names[] = {"", "MILLISECOND", "SECOND", "MINUTE",
                                        "HOUR", "DAY", "MONTH", "YEAR"};
    return u <= SS_UNIT_YEAR ? names[u] : "?";
}

const char *ss_op_spelling(ss_op op)
{
    static const char *const names[] = {
        [SS_OP_NONE] = "?", [SS_OP_NEG] = "-",  [SS_OP_POS] = "+",  [SS_OP_NOT] = "NOT",
        [SS_OP_ADD] = "+",  [SS_OP_SUB] = "-",  [SS_OP_MUL] = "*",  [SS_OP_DIV] = "/",
        [SS_OP_MOD] = "%",  [SS_OP_CONCAT] = "||", [SS_OP_EQ] = "=", [SS_OP_NE] = "<>",
        [SS_OP_LT] = "<",   [SS_OP_LE] = "<=", [SS_OP_GT] = ">",  [SS_OP_GE] = ">=",
        [SS_OP_AND] = "AND", [SS_OP_OR] = "OR",
    };
    return op <= SS_OP_OR ? names[op] : "?";
}

/* Left-deep chains (a + a + ...) do not grow lemon's stack, but every later
 * stage recurses over the tree: bound its height, as SQLite does. */
#define SS_MAX_EXPR_DEPTH 1000

static uint32_t list_depth(const ss_expr_list *l, uint32_t d)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->items[i]->depth > d)
            d = l->items[i]->depth;
    return d;
}

static ss_expr *deepen(ss_parse_ctx *c, ss_expr *e)
{
    uint32_t d = 0;
    const ss_expr *kids[3] = {e->a, e->b, e->c};
    for (int i = 0; i < 3; i++)
        if (kids[i] && kids[i]->depth > d)
            d = kids[i]->depth;
    d = list_depth(&e->list2, list_depth(&e->list, d));
    e->depth = d + 1;
    if (e->depth > SS_MAX_EXPR_DEPTH)
        c->failed = c->overflow = true;
    return e;
}

ss_ident ss_ast_ident(ss_token t)
{
    ss_ident id = {t.value, t.pos, t.quoted != 0};
    return id;
}

ss_expr *ss_ast_expr(ss_parse_ctx *c, ss_expr_kind kind, ss_pos pos)
{
    ss_expr *e = SS_ARENA_NEW(c->arena, ss_expr);
    e->kind = (uint8_t)kind;
    e->pos = pos;
    e->slot = -1;
    e->agg = -1;
    return e;
}

ss_expr *ss_ast_unary(ss_parse_ctx *c, ss_op op, ss_token optok, ss_expr *a)
{
    ss_expr *e = ss_ast_expr(c, SS_E_UNARY, optok.pos);
    e->op = (uint8_t)op;
    e->a = a;
    return deepen(c, e);
}

ss_expr *ss_ast_binary(ss_parse_ctx *c, ss_op op, ss_token optok, ss_expr *a, ss_expr *b)
{
    ss_expr *e = ss_ast_expr(c, SS_E_BINARY, optok.pos);
    e->op = (uint8_t)op;
    e->a = a;
    e->b = b;
    return deepen(c, e);
}

ss_expr *ss_ast_is(ss_parse_ctx *c, ss_token optok, ss_expr *a, int test, bool negated)
{
    ss_expr *e = ss_ast_expr(c, SS_E_IS, optok.pos);
    e->a = a;
    e->sub = (uint8_t)test;
    e->negated = negated;
    return deepen(c, e);
}

ss_expr *ss_ast_between(ss_parse_ctx *c, ss_expr *a, ss_expr *lo, ss_expr *hi, bool negated)
{
    ss_expr *e = ss_ast_expr(c, SS_E_BETWEEN, a->pos);
    e->a = a;
    e->b = lo;
    e->c = hi;
    e->negated = negated;
    return deepen(c, e);
}

ss_expr *ss_ast_in(ss_parse_ctx *c, ss_expr *a, ss_expr_list *list, bool negated)
{
    ss_expr *e = ss_ast_expr(c, SS_E_IN, a->pos);
    e->a = a;
    e->list = *list;
    e->negated = negated;
    return deepen(c, e);
}

ss_expr *ss_ast_like(ss_parse_ctx *c, ss_expr *a, ss_expr *pattern, ss_expr *escape, bool negated)
{
    ss_expr *e = ss_ast_expr(c, SS_E_LIKE, a->pos);
    e->a = a;
    e->b = pattern;
    e->c = escape;
    e->negated = negated;
    return deepen(c, e);
}

ss_expr *ss_ast_column(ss_parse_ctx *c, const ss_token *qual, ss_token name)
{
    ss_expr *e = ss_ast_expr(c, SS_E_COLUMN, name.pos);
    if (qual)
        e->qual = ss_ast_ident(*qual);
    e->name = ss_ast_ident(name);
    return e;
}

static ss_expr *literal(ss_parse_ctx *c, ss_token t, ss_type_kind kind)
{
    ss_expr *e = ss_ast_expr(c, SS_E_LITERAL, t.pos);
    e->type = ss_type_make(kind);
    e->lit.raw = ss_arena_strndup(c->arena, t.text, t.len);
    e->lit.raw_len = t.len;
    return e;
}

ss_expr *ss_ast_number(ss_parse_ctx *c, ss_token t)
{
    const char *raw = ss_arena_strndup(c->arena, t.text, t.len);
    if (t.type == TK_INTEGER) {
        errno = 0;
        char *end;
        unsigned long long v = strtoull(raw, &end, 10);
        if (errno || v > (unsigned long long)INT64_MAX) {
            literal_error(c, t.pos, "integer literal %s is too large (the largest BIGINT is 9223372036854775807)", raw);
            v = 0;
        }
        ss_expr *e = literal(c, t, v <= INT32_MAX ? SS_T_INTEGER : SS_T_BIGINT);
        e->lit.i = (int64_t)v;
        return e;
    }
    if (t.type == TK_DECIMAL) {
        /* Exact DECIMAL(p,s) while it fits 18 digits, as SQL wants for 0.1 + 0.2. */
        int64_t v = 0;
        unsigned digits = 0, scale = 0;
        bool after_point = false, significant = false;
        for (const char *p = raw; *p; p++) {
            if (*p == '.') {
                after_point = true;
                continue;
            }
            if (*p != '0')
                significant = true;
            if (significant || after_point)
                digits++;
            if (digits > SS_DECIMAL_MAX_PRECISION)
                break;
            v = v * 10 + (*p - '0');
            if (after_point)
                scale++;
        }
        if (digits <= SS_DECIMAL_MAX_PRECISION) {
            ss_expr *e = literal(c, t, SS_T_DECIMAL);
            e->type.precision = (uint16_t)(digits > scale ? digits : scale);
            if (e->type.precision == 0)
                e->type.precision = 1;
            e->type.scale = (uint8_t)scale;
            e->lit.i = v;
            return e;
        }
    }
    ss_expr *e = literal(c, t, SS_T_DOUBLE);
    errno = 0;
    e->lit.d = strtod(raw, NULL);
    if (errno == ERANGE && isinf(e->lit.d)) {
        literal_error(c, t.pos, "numeric literal %s is out of range for DOUBLE", raw);
        e->lit.d = 0;
    }
    return e;
}

ss_expr *ss_ast_zero(ss_parse_ctx *c, ss_token at)
{
    ss_expr *e = ss_ast_expr(c, SS_E_LITERAL, at.pos);
    e->type = ss_type_make(SS_T_INTEGER);
    e->lit.raw = "0";
    e->lit.raw_len = 1;
    return e;
}

ss_expr *ss_ast_string(ss_parse_ctx *c, ss_token t)
{
    ss_expr *e = ss_ast_expr(c, SS_E_LITERAL, t.pos);
    e->type = ss_type_make(SS_T_CHAR);
    e->type.length = t.vlen;
    e->lit.s = t.value;
    e->lit.len = t.vlen;
    return e;
}

ss_expr *ss_ast_bool(ss_parse_ctx *c, ss_token t, bool v)
{
    ss_expr *e = literal(c, t, SS_T_BOOLEAN);
    e->lit.i = v;
    return e;
}

ss_expr *ss_ast_null(ss_parse_ctx *c, ss_token t)
{
    return literal(c, t, SS_T_NULL);
}

ss_expr *ss_ast_typed_literal(ss_parse_ctx *c, ss_token kw, ss_token str)
{
    ss_type_kind kind = kw.type == TK_TIMESTAMP ? SS_T_TIMESTAMP
                        : kw.type == TK_DATE    ? SS_T_DATE
                                                : SS_T_TIME;
    ss_expr *e = ss_ast_expr(c, SS_E_LITERAL, kw.pos);
    e->type = ss_type_make(kind);
    e->lit.raw = str.value;
    e->lit.raw_len = str.vlen;
    int rc = kind == SS_T_TIMESTAMP ? ss_time_parse_timestamp(str.value, str.vlen, &e->lit.i)
             : kind == SS_T_DATE    ? ss_time_parse_date(str.value, str.vlen, &e->lit.i)
                                    : ss_time_parse_time(str.value, str.vlen, &e->lit.i);
    if (rc != 0) {
        const char *what = kind == SS_T_TIMESTAMP ? "invalid TIMESTAMP literal '%s' (expected 'YYYY-MM-DD HH:MM:SS[.fff]')"
                           : kind == SS_T_DATE    ? "invalid DATE literal '%s' (expected 'YYYY-MM-DD')"
                                                  : "invalid TIME literal '%s' (expected 'HH:MM:SS[.fff]')";
        literal_error(c, str.pos, what, str.value);
    }
    return e;
}

int ss_unit_time(ss_unit u)
{
    switch (u) {
    case SS_UNIT_MILLISECOND: return SS_TIME_MILLISECOND;
    case SS_UNIT_SECOND: return SS_TIME_SECOND;
    case SS_UNIT_MINUTE: return SS_TIME_MINUTE;
    case SS_UNIT_HOUR: return SS_TIME_HOUR;
    case SS_UNIT_DAY: return SS_TIME_DAY;
    case SS_UNIT_MONTH: return SS_TIME_MONTH;
    default: return SS_TIME_YEAR;
    }
}

int64_t ss_unit_ms(ss_unit u)
{
    static const int64_t ms[] = {[SS_UNIT_MILLISECOND] = 1, [SS_UNIT_SECOND] = 1000, [SS_UNIT_MINUTE] = 60000,
                                 [SS_UNIT_HOUR] = 3600000, [SS_UNIT_DAY] = 86400000};
    return u <= SS_UNIT_DAY ? ms[u] : 0;
}

ss_expr *ss_ast_interval(ss_parse_ctx *c, ss_token kw, bool negative, ss_token str,
                         ss_unit unit, ss_unit unit_to)
{
    ss_expr *e = ss_ast_expr(c, SS_E_LITERAL, kw.pos);
    e->lit.raw = str.value;
    e->lit.raw_len = str.vlen;
    e->lit.negative = negative;
    e->lit.unit = unit;
    e->lit.unit_to = unit_to;
    bool ym = unit == SS_UNIT_YEAR || unit == SS_UNIT_MONTH;
    ss_unit last = unit_to ? unit_to : unit;
    e->type = ss_type_make(ym ? SS_T_INTERVAL_YM : SS_T_INTERVAL_DS);
    /* Fields run from larger to smaller units: DAY TO SECOND, not SECOND TO DAY. */
    bool qualifier_ok = unit_to == SS_UNIT_NONE ||
                        (unit_to < unit && (ym ? unit_to == SS_UNIT_MONTH : unit_to != SS_UNIT_MILLISECOND));
    if (unit == SS_UNIT_MILLISECOND && unit_to == SS_UNIT_NONE)
        qualifier_ok = false;
    if (!qualifier_ok) {
        char q[64];
        if (unit_to)
            snprintf(q, sizeof q, "%s TO %s", ss_unit_name(unit), ss_unit_name(unit_to));
        else
            snprintf(q, sizeof q, "%s", ss_unit_name(unit));
        literal_error(c, kw.pos, "invalid interval qualifier %s", q);
    } else {
        int rc = ym ? ss_time_parse_interval_ym(str.value, str.vlen, (ss_time_unit)ss_unit_time(unit), (ss_time_unit)ss_unit_time(last), &e->lit.i)
                    : ss_time_parse_interval_ds(str.value, str.vlen, (ss_time_unit)ss_unit_time(unit), (ss_time_unit)ss_unit_time(last), &e->lit.i);
        if (rc != 0)
            literal_error(c, str.pos, "invalid interval literal '%s' for its qualifier", str.value);
    }
    if (negative)
        e->lit.i = -e->lit.i;
    return e;
}

ss_expr *ss_ast_diff_unit(ss_parse_ctx *c, ss_token lp, ss_expr *e, ss_unit unit)
{
    ss_expr *call = ss_ast_expr(c, SS_E_CALL, lp.pos);
    call->name.name = "$DIFF";
    call->name.pos = lp.pos;
    call->sub = SS_CALL_DIFF_UNIT;
    call->unit = (uint8_t)unit;
    call->list = ss_ast_list1(c, e);
    return deepen(c, call);
}

ss_expr *ss_ast_call(ss_parse_ctx *c, ss_token name, ss_expr_list *args, ss_call_form form,
                     ss_over_clause *over)
{
    ss_expr *e = ss_ast_expr(c, SS_E_CALL, name.pos);
    e->name = ss_ast_ident(name);
    e->sub = (uint8_t)form;
    if (args)
        e->list = *args;
    if (over) {
        e->over = over->spec;
        if (over->name.type)
            e->over_name = ss_ast_ident(over->name);
    }
    return deepen(c, e);
}

ss_expr *ss_ast_cast(ss_parse_ctx *c, ss_token kw, ss_expr *a, ss_type_at to)
{
    ss_expr *e = ss_ast_expr(c, SS_E_CAST, kw.pos);
    e->a = a;
    e->type = to.type;
    return deepen(c, e);
}

void ss_ast_add_when(ss_parse_ctx *c, ss_expr *kase, ss_expr *cond, ss_expr *result)
{
    ss_ast_list_push(c, &kase->list, cond);
    ss_ast_list_push(c, &kase->list2, result);
    deepen(c, kase);
}

ss_expr_list ss_ast_list1(ss_parse_ctx *c, ss_expr *e)
{
    ss_expr_list l = {0};
    ss_ast_list_push(c, &l, e);
    return l;
}

void ss_ast_list_push(ss_parse_ctx *c, ss_expr_list *l, ss_expr *e)
{
    PUSH(c, l->items, l->n, l->cap, e);
}

ss_type_at ss_ast_type(ss_parse_ctx *c, ss_token w1, const ss_token *w2, int nparams,
                       const ss_token *p1, const ss_token *p2)
{
    ss_type_at t = {ss_type_make(SS_T_VARCHAR), w1.pos};
    const char *name = w2 ? ss_arena_sprintf(c->arena, "%s %s", w1.value, w2->value) : w1.value;
    if (!ss_type_from_name(name, &t.type)) {
        literal_error(c, w1.pos, "unknown type %s", name);
        t.type = ss_type_make(SS_T_VARCHAR);
        return t;
    }
    long v1 = p1 ? strtol(p1->text, NULL, 10) : 0, v2 = p2 ? strtol(p2->text, NULL, 10) : 0;
    switch ((ss_type_kind)t.type.kind) {
    case SS_T_CHAR:
    case SS_T_VARCHAR:
        if (nparams == 2)
            literal_error(c, p2->pos, "%s takes one length", name);
        if (nparams >= 1) {
            if (v1 < 1 || v1 > (long)SS_VARCHAR_MAX_LENGTH) {
                literal_error(c, p1->pos, "length of %s must be between 1 and 1073741824", name);
                v1 = 1;
            }
            t.type.length = (uint32_t)v1;
        } else if (t.type.kind == SS_T_VARCHAR) {
            literal_error(c, w1.pos, "%s needs a length, as in VARCHAR(32)", name);
            t.type.length = 1;
        }
        break;
    case SS_T_DECIMAL:
        if (nparams >= 1) {
            if (v1 < 1 || v1 > SS_DECIMAL_MAX_PRECISION) {
                literal_error(c, p1->pos, "precision of %s must be between 1 and 18", name);
                v1 = SS_DECIMAL_MAX_PRECISION;
            }
            t.type.precision = (uint16_t)v1;
            t.type.scale = 0;
        }
        if (nparams == 2) {
            if (v2 < 0 || v2 > v1) {
                literal_error(c, p2->pos, "scale of %s must be between 0 and its precision", name);
                v2 = 0;
            }
            t.type.scale = (uint8_t)v2;
        }
        break;
    default:
        if (nparams > 0)
            literal_error(c, p1->pos, "type %s takes no parameters", name);
        break;
    }
    return t;
}

ss_stmt *ss_ast_stmt(ss_parse_ctx *c, ss_stmt_kind kind, ss_pos pos)
{
    ss_stmt *s = SS_ARENA_NEW(c->arena, ss_stmt);
    s->kind = kind;
    s->pos = pos;
    return s;
}

ss_column_def *ss_ast_column_def(ss_parse_ctx *c, ss_token name, ss_type_at type,
                                 const ss_token *mapping)
{
    ss_column_def *col = SS_ARENA_NEW(c->arena, ss_column_def);
    col->name = ss_ast_ident(name);
    col->type = type.type;
    col->type_pos = type.pos;
    if (mapping) {
        col->mapping = mapping->value;
        col->mapping_pos = mapping->pos;
    }
    return col;
}

void ss_ast_push_column(ss_parse_ctx *c, ss_stmt *s, ss_column_def *col)
{
    PUSH(c, s->columns, s->ncolumns, s->columns_cap, col);
}

void ss_ast_add_with(ss_parse_ctx *c, ss_stmt *s, ss_token key, ss_expr *value)
{
    ss_with_opt *o = SS_ARENA_NEW(c->arena, ss_with_opt);
    o->key = key.value;
    o->key_pos = key.pos;
    o->key_is_string = key.type == TK_STRING;
    o->value = value;
    PUSH(c, s->with, s->nwith, s->with_cap, o);
}

void ss_ast_add_target_col(ss_parse_ctx *c, ss_stmt *s, ss_token name)
{
    PUSH(c, s->target_cols, s->ntarget_cols, s->target_cols_cap, ss_ast_ident(name));
}

void ss_ast_finish_stmt(ss_parse_ctx *c, ss_stmt *s)
{
    s->start = c->stmt_start;
    s->end = c->lookahead.offset;
    c->pending = s;
}

void ss_ast_commit_stmt(ss_parse_ctx *c, ss_stmt *s)
{
    PUSH(c, c->script->stmts, c->script->n, c->script->cap, s);
}

ss_select *ss_ast_select(ss_parse_ctx *c, ss_pos pos)
{
    ss_select *s = SS_ARENA_NEW(c->arena, ss_select);
    s->pos = pos;
    return s;
}

ss_select_item *ss_ast_item(ss_parse_ctx *c, ss_expr *e, const ss_token *alias)
{
    ss_select_item *it = SS_ARENA_NEW(c->arena, ss_select_item);
    it->expr = e;
    it->pos = e->pos;
    if (alias)
        it->alias = ss_ast_ident(*alias);
    return it;
}

ss_select_item *ss_ast_star_item(ss_parse_ctx *c, ss_token star, const ss_token *qual)
{
    ss_select_item *it = SS_ARENA_NEW(c->arena, ss_select_item);
    it->star = true;
    it->pos = qual ? qual->pos : star.pos;
    if (qual)
        it->star_qual = ss_ast_ident(*qual);
    return it;
}

void ss_ast_add_item(ss_parse_ctx *c, ss_select *s, ss_select_item *item)
{
    PUSH(c, s->items, s->nitems, s->items_cap, item);
}

void ss_ast_add_window(ss_parse_ctx *c, ss_select *s, ss_token name, ss_window_spec *spec)
{
    ss_named_window *w = SS_ARENA_NEW(c->arena, ss_named_window);
    w->name = ss_ast_ident(name);
    w->spec = spec;
    PUSH(c, s->windows, s->nwindows, s->windows_cap, w);
}

ss_window_spec *ss_ast_window_spec(ss_parse_ctx *c, ss_pos pos)
{
    ss_window_spec *w = SS_ARENA_NEW(c->arena, ss_window_spec);
    w->pos = pos;
    return w;
}

void ss_ast_frame(ss_parse_ctx *c, ss_window_spec *w, ss_frame_kind kind, ss_token kw,
                  ss_expr *extent, bool unbounded)
{
    (void)c;
    w->frame = (uint8_t)kind;
    w->frame_pos = kw.pos;
    w->extent = extent;
    w->unbounded = unbounded;
}

/* ---- printer ---- */

void ss_ast_print_ident(const char *name, ss_buf *out)
{
    ss_buf_putc(out, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            ss_buf_putc(out, '"');
        ss_buf_putc(out, *p);
    }
    ss_buf_putc(out, '"');
}

static void print_string(const char *s, uint32_t len, ss_buf *out)
{
    ss_buf_putc(out, '\'');
    for (uint32_t i = 0; i < len; i++) {
        if (s[i] == '\'')
            ss_buf_putc(out, '\'');
        ss_buf_putc(out, s[i]);
    }
    ss_buf_putc(out, '\'');
}

static void print_expr(const ss_expr *e, ss_buf *out, const ss_slot_namer *nm);
static void print_window(const ss_window_spec *w, ss_buf *out, const ss_slot_namer *nm);

static void print_list(const ss_expr_list *l, ss_buf *out, const ss_slot_namer *nm)
{
    for (uint32_t i = 0; i < l->n; i++) {
        if (i)
            ss_buf_puts(out, ", ");
        print_expr(l->items[i], out, nm);
    }
}

static void print_type(ss_type t, ss_buf *out)
{
    char buf[64];
    ss_buf_puts(out, ss_type_name(t, buf, sizeof buf));
}

static void print_literal(const ss_expr *e, ss_buf *out)
{
    switch ((ss_type_kind)e->type.kind) {
    case SS_T_NULL: ss_buf_puts(out, "NULL"); break;
    case SS_T_BOOLEAN: ss_buf_puts(out, e->lit.i ? "TRUE" : "FALSE"); break;
    case SS_T_CHAR:
    case SS_T_VARCHAR: print_string(e->lit.s, e->lit.len, out); break;
    case SS_T_TIMESTAMP:
    case SS_T_DATE:
    case SS_T_TIME:
        ss_buf_puts(out, e->type.kind == SS_T_TIMESTAMP ? "TIMESTAMP "
                         : e->type.kind == SS_T_DATE    ? "DATE "
                                                        : "TIME ");
        print_string(e->lit.raw, e->lit.raw_len, out);
        break;
    case SS_T_INTERVAL_DS:
    case SS_T_INTERVAL_YM:
        ss_buf_puts(out, e->lit.negative ? "INTERVAL -" : "INTERVAL ");
        print_string(e->lit.raw, e->lit.raw_len, out);
        ss_buf_printf(out, " %s", ss_unit_name(e->lit.unit));
        if (e->lit.unit_to)
            ss_buf_printf(out, " TO %s", ss_unit_name(e->lit.unit_to));
        break;
    default:
        ss_buf_append(out, e->lit.raw, e->lit.raw_len);
        break;
    }
}

static void print_call(const ss_expr *e, ss_buf *out, const ss_slot_namer *nm)
{
    if (e->sub == SS_CALL_DIFF_UNIT) {
        ss_buf_putc(out, '(');
        print_expr(e->list.items[0], out, nm);
        ss_buf_printf(out, ") %s", ss_unit_name(e->unit));
        return;
    }
    if (e->sub == SS_CALL_NOPAREN) {
        ss_buf_puts(out, e->name.name);
        return;
    }
    if (e->name.quoted)
        ss_ast_print_ident(e->name.name, out);
    else
        ss_buf_puts(out, e->name.name);
    ss_buf_putc(out, '(');
    const ss_expr_list *l = &e->list;
    switch ((ss_call_form)e->sub) {
    case SS_CALL_STAR: ss_buf_putc(out, '*'); break;
    case SS_CALL_TO_UNIT:
        print_expr(l->items[0], out, nm);
        ss_buf_printf(out, " TO %s", ss_unit_name(e->unit));
        break;
    case SS_CALL_BY:
        print_expr(l->items[0], out, nm);
        ss_buf_puts(out, " BY ");
        print_expr(l->items[1], out, nm);
        break;
    case SS_CALL_EXTRACT:
        ss_buf_printf(out, "%s FROM ", ss_unit_name(e->unit));
        print_expr(l->items[0], out, nm);
        break;
    case SS_CALL_POSITION:
        print_expr(l->items[0], out, nm);
        ss_buf_puts(out, " IN ");
        print_expr(l->items[1], out, nm);
        break;
    case SS_CALL_FROM:
        if (strcmp(e->name.name, "TRIM") == 0) {
            static const char *const sides[] = {"BOTH ", "LEADING ", "TRAILING "};
            ss_buf_puts(out, sides[e->unit <= SS_TRIM_TRAILING ? e->unit : 0]);
            if (l->n > 1)
                print_expr(l->items[1], out, nm), ss_buf_putc(out, ' ');
            ss_buf_puts(out, "FROM ");
            print_expr(l->items[0], out, nm);
        } else {
            print_expr(l->items[0], out, nm);
            ss_buf_puts(out, " FROM ");
            print_expr(l->items[1], out, nm);
            if (l->n > 2) {
                ss_buf_puts(out, " FOR ");
                print_expr(l->items[2], out, nm);
            }
        }
        break;
    default:
        if (e->distinct)
            ss_buf_puts(out, "DISTINCT ");
        print_list(l, out, nm);
        break;
    }
    ss_buf_putc(out, ')');
    if (e->over) {
        ss_buf_puts(out, " OVER (");
        print_window(e->over, out, nm);
        ss_buf_putc(out, ')');
    } else if (e->over_name.name) {
        ss_buf_puts(out, " OVER ");
        ss_ast_print_ident(e->over_name.name, out);
    }
}

static void print_expr(const ss_expr *e, ss_buf *out, const ss_slot_namer *nm)
{
    switch ((ss_expr_kind)e->kind) {
    case SS_E_LITERAL: print_literal(e, out); break;
    case SS_E_COLUMN:
        if (e->qual.name) {
            ss_ast_print_ident(e->qual.name, out);
            ss_buf_putc(out, '.');
        }
        ss_ast_print_ident(e->name.name, out);
        break;
    case SS_E_UNARY:
        ss_buf_printf(out, "(%s ", ss_op_spelling((ss_op)e->op));
        print_expr(e->a, out, nm);
        ss_buf_putc(out, ')');
        break;
    case SS_E_BINARY:
        ss_buf_putc(out, '(');
        print_expr(e->a, out, nm);
        ss_buf_printf(out, " %s ", ss_op_spelling((ss_op)e->op));
        print_expr(e->b, out, nm);
        ss_buf_putc(out, ')');
        break;
    case SS_E_IS: {
        static const char *const tests[] = {"NULL", "TRUE", "FALSE"};
        ss_buf_putc(out, '(');
        print_expr(e->a, out, nm);
        ss_buf_printf(out, " IS %s%s)", e->negated ? "NOT " : "", tests[e->sub]);
        break;
    }
    case SS_E_BETWEEN:
        ss_buf_putc(out, '(');
        print_expr(e->a, out, nm);
        ss_buf_puts(out, e->negated ? " NOT BETWEEN " : " BETWEEN ");
        print_expr(e->b, out, nm);
        ss_buf_puts(out, " AND ");
        print_expr(e->c, out, nm);
        ss_buf_putc(out, ')');
        break;
    case SS_E_IN:
        ss_buf_putc(out, '(');
        print_expr(e->a, out, nm);
        ss_buf_puts(out, e->negated ? " NOT IN (" : " IN (");
        print_list(&e->list, out, nm);
        ss_buf_puts(out, "))");
        break;
    case SS_E_LIKE:
        ss_buf_putc(out, '(');
        print_expr(e->a, out, nm);
        ss_buf_puts(out, e->negated ? " NOT LIKE " : " LIKE ");
        print_expr(e->b, out, nm);
        if (e->c) {
            ss_buf_puts(out, " ESCAPE ");
            print_expr(e->c, out, nm);
        }
        ss_buf_putc(out, ')');
        break;
    case SS_E_CASE:
        ss_buf_puts(out, "CASE");
        if (e->a) {
            ss_buf_putc(out, ' ');
            print_expr(e->a, out, nm);
        }
        for (uint32_t i = 0; i < e->list.n; i++) {
            ss_buf_puts(out, " WHEN ");
            print_expr(e->list.items[i], out, nm);
            ss_buf_puts(out, " THEN ");
            print_expr(e->list2.items[i], out, nm);
        }
        if (e->b) {
            ss_buf_puts(out, " ELSE ");
            print_expr(e->b, out, nm);
        }
        ss_buf_puts(out, " END");
        break;
    case SS_E_CAST:
        ss_buf_puts(out, "CAST(");
        print_expr(e->a, out, nm);
        ss_buf_puts(out, " AS ");
        print_type(e->type, out);
        ss_buf_putc(out, ')');
        break;
    case SS_E_CALL: print_call(e, out, nm); break;
    case SS_E_SLOT:
        if (nm)
            nm->slot(nm->ctx, e->slot, out);
        else
            ss_buf_printf(out, "$%d", e->slot);
        break;
    case SS_E_ROWTIME:
        if (e->sub == 0 && nm && nm->input_rowtime)
            ss_buf_puts(out, nm->input_rowtime);
        else
            ss_buf_puts(out, e->sub ? "ROWTIME" : "$ROWTIME");
        break;
    }
}

static void print_window(const ss_window_spec *w, ss_buf *out, const ss_slot_namer *nm)
{
    const char *sep = "";
    if (w->partition.n) {
        ss_buf_puts(out, "PARTITION BY ");
        print_list(&w->partition, out, nm);
        sep = " ";
    }
    if (w->order.n) {
        ss_buf_printf(out, "%sORDER BY ", sep);
        print_list(&w->order, out, nm);
        sep = " ";
    }
    if (w->frame) {
        ss_buf_printf(out, "%s%s ", sep, w->frame == SS_FRAME_RANGE ? "RANGE" : "ROWS");
        if (w->unbounded)
            ss_buf_puts(out, "UNBOUNDED");
        else
            print_expr(w->extent, out, nm);
        ss_buf_puts(out, " PRECEDING");
    }
}

void ss_ast_print_expr(const ss_expr *e, ss_buf *out)
{
    print_expr(e, out, NULL);
}

void ss_ast_print_expr_named(const ss_expr *e, ss_buf *out, const ss_slot_namer *nm)
{
    print_expr(e, out, nm);
}

void ss_ast_print_window(const ss_window_spec *w, ss_buf *out)
{
    print_window(w, out, NULL);
}

static void print_select(const ss_select *s, ss_buf *out)
{
    ss_buf_puts(out, s->distinct ? "SELECT STREAM DISTINCT " : "SELECT STREAM ");
    for (uint32_t i = 0; i < s->nitems; i++) {
        const ss_select_item *it = s->items[i];
        if (i)
            ss_buf_puts(out, ", ");
        if (it->star) {
            if (it->star_qual.name) {
                ss_ast_print_ident(it->star_qual.name, out);
                ss_buf_putc(out, '.');
            }
            ss_buf_putc(out, '*');
            continue;
        }
        ss_ast_print_expr(it->expr, out);
        if (it->alias.name) {
            ss_buf_puts(out, " AS ");
            ss_ast_print_ident(it->alias.name, out);
        }
    }
    ss_buf_puts(out, " FROM ");
    ss_ast_print_ident(s->from.name, out);
    if (s->from_alias.name) {
        ss_buf_puts(out, " AS ");
        ss_ast_print_ident(s->from_alias.name, out);
    }
    if (s->stagger) {
        ss_buf_puts(out, " WINDOWED BY STAGGER (");
        ss_ast_print_window(s->stagger, out);
        ss_buf_putc(out, ')');
    }
    if (s->where) {
        ss_buf_puts(out, " WHERE ");
        ss_ast_print_expr(s->where, out);
    }
    if (s->group_by.n) {
        ss_buf_puts(out, " GROUP BY ");
        print_list(&s->group_by, out, NULL);
    }
    if (s->having) {
        ss_buf_puts(out, " HAVING ");
        ss_ast_print_expr(s->having, out);
    }
    for (uint32_t i = 0; i < s->nwindows; i++) {
        ss_buf_puts(out, i ? ", " : " WINDOW ");
        ss_ast_print_ident(s->windows[i]->name.name, out);
        ss_buf_puts(out, " AS (");
        ss_ast_print_window(s->windows[i]->spec, out);
        ss_buf_putc(out, ')');
    }
}

void ss_ast_print_stmt(const ss_stmt *s, ss_buf *out)
{
    switch (s->kind) {
    case SS_STMT_STREAM:
        ss_buf_puts(out, s->or_replace ? "CREATE OR REPLACE STREAM " : "CREATE STREAM ");
        ss_ast_print_ident(s->name.name, out);
        ss_buf_puts(out, " (");
        for (uint32_t i = 0; i < s->ncolumns; i++) {
            if (i)
                ss_buf_puts(out, ", ");
            ss_ast_print_ident(s->columns[i]->name.name, out);
            ss_buf_putc(out, ' ');
            print_type(s->columns[i]->type, out);
            if (s->columns[i]->mapping) {
                ss_buf_puts(out, " MAPPING ");
                print_string(s->columns[i]->mapping, (uint32_t)strlen(s->columns[i]->mapping), out);
            }
        }
        ss_buf_putc(out, ')');
        for (uint32_t i = 0; i < s->nwith; i++) {
            ss_buf_puts(out, i ? ", " : " WITH (");
            if (s->with[i]->key_is_string)
                print_string(s->with[i]->key, (uint32_t)strlen(s->with[i]->key), out);
            else
                ss_ast_print_ident(s->with[i]->key, out);
            ss_buf_puts(out, " = ");
            const ss_expr *v = s->with[i]->value;
            if (v->kind == SS_E_UNARY) { /* WITH takes -5, not (- 5) */
                ss_buf_putc(out, '-');
                v = v->a;
            }
            ss_ast_print_expr(v, out);
        }
        if (s->nwith)
            ss_buf_putc(out, ')');
        break;
    case SS_STMT_PUMP:
        ss_buf_puts(out, s->or_replace ? "CREATE OR REPLACE PUMP " : "CREATE PUMP ");
        ss_ast_print_ident(s->name.name, out);
        ss_buf_puts(out, " AS INSERT INTO ");
        ss_ast_print_ident(s->target.name, out);
        for (uint32_t i = 0; i < s->ntarget_cols; i++) {
            ss_buf_puts(out, i ? ", " : " (");
            ss_ast_print_ident(s->target_cols[i].name, out);
        }
        if (s->ntarget_cols)
            ss_buf_putc(out, ')');
        ss_buf_putc(out, ' ');
        print_select(s->select, out);
        break;
    case SS_STMT_SELECT: print_select(s->select, out); break;
    }
    ss_buf_puts(out, ";\n");
}
