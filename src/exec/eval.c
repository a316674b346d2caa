/* The expression evaluator; see eval.h. A tree walk: the analyzer has already
 * made every operand's type explicit (implicit casts are CAST nodes), so each
 * operator here works on operands of one known type. NULL propagates as SQL
 * says; AND, OR, CASE, COALESCE and IS are the exceptions. */
#include "exec/eval.h"
#include "sql/funcs.h"
#include "util/numconv.h"
#include "util/timeconv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define OK SS_EVAL_OK

static ss_eval_status error(ss_eval_ctx *c, const char *msg)
{
    snprintf(c->msg, sizeof c->msg, "%s", msg);
    return SS_EVAL_ERROR;
}

#define EVAL(e, v)                                                                         \
    do {                                                                                   \
        ss_eval_status st_ = ss_eval((e), c, (v));                                         \
        if (st_ != OK)                                                                     \
            return st_;                                                                    \
    } while (0)

/* Integer results must fit their SQL type, not just int64. */
static bool fits(int64_t v, ss_type_kind k)
{
    switch (k) {
    case SS_T_TINYINT: return v >= -128 && v <= 127;
    case SS_T_SMALLINT: return v >= -32768 && v <= 32767;
    case SS_T_INTEGER: return v >= INT32_MIN && v <= INT32_MAX;
    default: return true;
    }
}

static ss_eval_status finite_result(ss_eval_ctx *c, ss_type t, double d, ss_value *out)
{
    if (t.kind == SS_T_REAL)
        d = ss_real(d); /* a REAL overflows at float's range, not double's */
    if (!isfinite(d))
        return error(c, "numeric result out of range");
    *out = ss_dbl(d);
    return OK;
}

static ss_eval_status arith(const ss_expr *e, ss_eval_ctx *c, ss_value a, ss_value b, ss_value *out)
{
    ss_type t = e->type;
    ss_op op = (ss_op)e->op;
    ss_type_kind k = (ss_type_kind)t.kind;
    if (k == SS_T_REAL || k == SS_T_DOUBLE) {
        double x = a.d, y = b.d;
        switch (op) {
        case SS_OP_ADD: return finite_result(c, t, x + y, out);
        case SS_OP_SUB: return finite_result(c, t, x - y, out);
        case SS_OP_MUL: return finite_result(c, t, x * y, out);
        case SS_OP_DIV:
            if (y == 0)
                return error(c, "division by zero");
            return finite_result(c, t, x / y, out);
        case SS_OP_MOD:
            if (y == 0)
                return error(c, "division by zero");
            return finite_result(c, t, fmod(x, y), out);
        default: break;
        }
    } else if (k == SS_T_DECIMAL) {
        ss_type ta = e->a->type, tb = e->b->type;
        int sa = ta.kind == SS_T_DECIMAL ? ta.scale : 0, sb = tb.kind == SS_T_DECIMAL ? tb.scale : 0;
        int rc;
        switch (op) {
        case SS_OP_ADD: rc = ss_num_dec_add(a.i, sa, b.i, sb, t.precision, t.scale, &out->i); break;
        case SS_OP_SUB: rc = ss_num_dec_sub(a.i, sa, b.i, sb, t.precision, t.scale, &out->i); break;
        case SS_OP_MUL: rc = ss_num_dec_mul(a.i, sa, b.i, sb, t.precision, t.scale, &out->i); break;
        case SS_OP_DIV: rc = ss_num_dec_div(a.i, sa, b.i, sb, t.precision, t.scale, &out->i); break;
        case SS_OP_MOD: {
            /* Both to the result scale, then the integer remainder. */
            int64_t x, y;
            if (ss_num_dec_rescale(a.i, sa, t.scale, 18, &x) || ss_num_dec_rescale(b.i, sb, t.scale, 18, &y))
                return error(c, "numeric result out of range");
            if (y == 0)
                return error(c, "division by zero");
            out->i = x % y;
            rc = 0;
            break;
        }
        default: rc = -1; break;
        }
        if (rc == SS_NUM_EDIVZERO)
            return error(c, "division by zero");
        if (rc)
            return error(c, "numeric result out of range");
        out->null = 0;
        out->len = 0;
        return OK;
    } else if (ss_type_is_integer(t)) {
        int64_t x = a.i, y = b.i, r;
        bool overflow = false;
        switch (op) {
        case SS_OP_ADD: overflow = __builtin_add_overflow(x, y, &r); break;
        case SS_OP_SUB: overflow = __builtin_sub_overflow(x, y, &r); break;
        case SS_OP_MUL: overflow = __builtin_mul_overflow(x, y, &r); break;
        case SS_OP_DIV:
        case SS_OP_MOD:
            if (y == 0)
                return error(c, "division by zero");
            if (x == INT64_MIN && y == -1) {
                overflow = op == SS_OP_DIV;
                r = 0;
            } else {
                r = op == SS_OP_DIV ? x / y : x % y; /* truncation toward zero */
            }
            break;
        default: return error(c, "unsupported operator");
        }
        if (overflow || !fits(r, k))
            return error(c, "integer overflow");
        *out = ss_int(r);
        return OK;
    }
    /* Datetime and interval arithmetic (the analyzer put the datetime first). */
    ss_type ta = e->a->type, tb = e->b->type;
    int64_t r;
    if (ss_type_is_datetime(ta) && ss_type_is_interval(tb)) {
        int64_t iv = op == SS_OP_SUB ? -b.i : b.i;
        int64_t base = ta.kind == SS_T_DATE && (k == SS_T_TIMESTAMP || tb.kind == SS_T_INTERVAL_YM)
                           ? a.i * SS_TIME_MS_PER_DAY
                           : a.i;
        if (tb.kind == SS_T_INTERVAL_YM) {
            if (ss_time_add_months(base, iv, &r))
                return error(c, "datetime result out of range");
        } else if (__builtin_add_overflow(base, iv, &r)) {
            return error(c, "datetime result out of range");
        }
        if (k == SS_T_DATE)
            r = ss_time_floor_div(r, SS_TIME_MS_PER_DAY);
        else if (k == SS_T_TIME)
            r = ss_time_floor_mod(r, SS_TIME_MS_PER_DAY);
        *out = ss_int(r);
        return OK;
    }
    if (ss_type_is_datetime(ta) && ss_type_is_datetime(tb)) { /* difference as an interval */
        int64_t x = ta.kind == SS_T_DATE ? a.i * SS_TIME_MS_PER_DAY : a.i;
        int64_t y = tb.kind == SS_T_DATE ? b.i * SS_TIME_MS_PER_DAY : b.i;
        if (__builtin_sub_overflow(x, y, &r))
            return error(c, "interval out of range");
        *out = ss_int(r);
        return OK;
    }
    if (ss_type_is_interval(ta) && ss_type_is_interval(tb)) {
        if (op == SS_OP_ADD ? __builtin_add_overflow(a.i, b.i, &r) : __builtin_sub_overflow(a.i, b.i, &r))
            return error(c, "interval out of range");
        *out = ss_int(r);
        return OK;
    }
    if (ss_type_is_interval(ta)) { /* interval * or / a number (as DOUBLE) */
        double d = op == SS_OP_MUL ? (double)a.i * b.d : (b.d == 0 ? NAN : (double)a.i / b.d);
        if (op == SS_OP_DIV && b.d == 0)
            return error(c, "division by zero");
        if (!isfinite(d) || d >= 9.2e18 || d <= -9.2e18)
            return error(c, "interval out of range");
        *out = ss_int((int64_t)d);
        return OK;
    }
    return error(c, "unsupported operand types");
}

static int utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static uint32_t char_count(const char *s, uint32_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Byte offset of character index `ch` (0-based), clamped to n. */
static uint32_t char_offset(const char *s, uint32_t n, int64_t ch)
{
    uint32_t i = 0;
    while (ch > 0 && i < n) {
        i += (uint32_t)utf8_len((unsigned char)s[i]);
        ch--;
    }
    return i > n ? n : i;
}

bool ss_like(const char *s, uint32_t slen, const char *p, uint32_t plen, const char *esc, uint32_t esclen)
{
    /* Iterative matcher with one backtrack point for the last %: linear for
     * patterns without %, and without exponential blowup for many %s. */
    uint32_t si = 0, pi = 0, star_p = UINT32_MAX, star_s = 0;
    while (si < slen) {
        if (pi < plen) {
            unsigned char pc = (unsigned char)p[pi];
            if (esclen && pi + esclen < plen && memcmp(p + pi, esc, esclen) == 0) {
                /* The escape character makes the next one literal. */
                uint32_t w = (uint32_t)utf8_len((unsigned char)p[pi + esclen]);
                uint32_t sw = (uint32_t)utf8_len((unsigned char)s[si]);
                if (w == sw && si + w <= slen && pi + esclen + w <= plen &&
                    memcmp(s + si, p + pi + esclen, w) == 0) {
                    si += w;
                    pi += esclen + w;
                    continue;
                }
            } else if (pc == '%') {
                star_p = pi++;
                star_s = si;
                continue;
            } else if (pc == '_') {
                si += (uint32_t)utf8_len((unsigned char)s[si]);
                pi++;
                continue;
            } else if (pc == (unsigned char)s[si]) {
                si++;
                pi++;
                continue;
            }
        }
        if (star_p == UINT32_MAX)
            return false;
        pi = star_p + 1;
        star_s += (uint32_t)utf8_len((unsigned char)s[star_s]);
        si = star_s;
    }
    while (pi < plen && p[pi] == '%')
        pi++;
    return pi == plen;
}

static ss_eval_status compare(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_value a, b;
    EVAL(e->a, &a);
    EVAL(e->b, &b);
    if (a.null || b.null) {
        *out = ss_null();
        return OK;
    }
    int r = ss_value_cmp(a, b, e->a->type);
    bool v;
    switch ((ss_op)e->op) {
    case SS_OP_EQ: v = r == 0; break;
    case SS_OP_NE: v = r != 0; break;
    case SS_OP_LT: v = r < 0; break;
    case SS_OP_LE: v = r <= 0; break;
    case SS_OP_GT: v = r > 0; break;
    default: v = r >= 0; break;
    }
    *out = ss_int(v);
    return OK;
}

static ss_eval_status concat(ss_eval_ctx *c, ss_value a, ss_value b, ss_value *out)
{
    char *p = ss_arena_alloc(c->arena, (size_t)a.len + b.len + 1);
    memcpy(p, a.s, a.len);
    memcpy(p + a.len, b.s, b.len);
    *out = ss_str(p, a.len + b.len);
    return OK;
}

static ss_eval_status binary(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_op op = (ss_op)e->op;
    if (op == SS_OP_AND || op == SS_OP_OR) {
        ss_value a, b;
        EVAL(e->a, &a);
        /* Short circuit on the deciding value; NULL needs the other side. */
        if (!a.null && a.i == (op == SS_OP_OR)) {
            *out = ss_int(a.i);
            return OK;
        }
        EVAL(e->b, &b);
        if (!b.null && b.i == (op == SS_OP_OR)) {
            *out = ss_int(b.i);
            return OK;
        }
        *out = (a.null || b.null) ? ss_null() : ss_int(op == SS_OP_OR ? 0 : 1);
        return OK;
    }
    if (op >= SS_OP_EQ && op <= SS_OP_GE)
        return compare(e, c, out);
    ss_value a, b;
    EVAL(e->a, &a);
    EVAL(e->b, &b);
    if (a.null || b.null) {
        *out = ss_null();
        return OK;
    }
    if (op == SS_OP_CONCAT)
        return concat(c, a, b, out);
    out->null = 0;
    out->len = 0;
    return arith(e, c, a, b, out);
}

static ss_eval_status unary(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_value a;
    EVAL(e->a, &a);
    if (a.null || e->op == SS_OP_POS) {
        *out = a;
        return OK;
    }
    if (e->op == SS_OP_NOT) {
        *out = ss_int(!a.i);
        return OK;
    }
    if (ss_type_is_approx(e->type)) {
        *out = ss_dbl(-a.d);
        return OK;
    }
    if (a.i == INT64_MIN || !fits(-a.i, (ss_type_kind)e->type.kind))
        return error(c, "integer overflow");
    *out = ss_int(-a.i);
    return OK;
}

static ss_eval_status literal(const ss_expr *e, ss_value *out)
{
    switch ((ss_type_kind)e->type.kind) {
    case SS_T_NULL: *out = ss_null(); break;
    case SS_T_CHAR:
    case SS_T_VARCHAR: *out = ss_str(e->lit.s, e->lit.len); break;
    case SS_T_REAL:
    case SS_T_DOUBLE: *out = ss_dbl(e->lit.d); break;
    default: *out = ss_int(e->lit.i); break;
    }
    return OK;
}

static ss_eval_status cast(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_value a;
    EVAL(e->a, &a);
    char msg[160];
    ss_cast_status st = ss_cast(a, e->a->type, e->type, c->arena, out, msg);
    if (st == SS_CAST_FAILED) {
        snprintf(c->msg, sizeof c->msg, "%s", msg);
        return SS_EVAL_CONVERT;
    }
    if (st == SS_CAST_TRUNCATED)
        c->truncations++;
    return OK;
}

static ss_eval_status in_list(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_value a, v;
    EVAL(e->a, &a);
    bool saw_null = a.null;
    bool found = false;
    for (uint32_t i = 0; i < e->list.n && !found && !a.null; i++) {
        EVAL(e->list.items[i], &v);
        if (v.null)
            saw_null = true;
        else if (ss_value_eq(a, v, e->a->type))
            found = true;
    }
    if (found)
        *out = ss_int(!e->negated);
    else
        *out = saw_null ? ss_null() : ss_int(e->negated);
    return OK;
}

static ss_eval_status between(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_value a, lo, hi;
    EVAL(e->a, &a);
    EVAL(e->b, &lo);
    EVAL(e->c, &hi);
    ss_type t = e->a->type;
    /* a >= lo AND a <= hi, in three-valued logic. */
    int ge = (a.null || lo.null) ? -1 : ss_value_cmp(a, lo, t) >= 0;
    int le = (a.null || hi.null) ? -1 : ss_value_cmp(a, hi, t) <= 0;
    int r = (ge == 0 || le == 0) ? 0 : (ge < 0 || le < 0) ? -1 : 1;
    if (r < 0)
        *out = ss_null();
    else
        *out = ss_int(e->negated ? !r : r);
    return OK;
}

static ss_eval_status like(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_value s, p, x = ss_null();
    EVAL(e->a, &s);
    EVAL(e->b, &p);
    if (e->c)
        EVAL(e->c, &x);
    if (s.null || p.null || (e->c && x.null)) {
        *out = ss_null();
        return OK;
    }
    if (e->c && char_count(x.s, x.len) != 1)
        return error(c, "ESCAPE takes a single character");
    bool m = ss_like(s.s, s.len, p.s, p.len, e->c ? x.s : NULL, e->c ? x.len : 0);
    *out = ss_int(e->negated ? !m : m);
    return OK;
}

static ss_eval_status kase(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_value op = ss_null(), w;
    if (e->a)
        EVAL(e->a, &op);
    for (uint32_t i = 0; i < e->list.n; i++) {
        EVAL(e->list.items[i], &w);
        bool hit = e->a ? (!op.null && !w.null && ss_value_eq(op, w, e->a->type)) : (!w.null && w.i);
        if (hit)
            return ss_eval(e->list2.items[i], c, out);
    }
    if (e->b)
        return ss_eval(e->b, c, out);
    *out = ss_null();
    return OK;
}

/* ---- functions ---- */

static ss_eval_status case_map(ss_eval_ctx *c, ss_value s, int fn, ss_value *out)
{
    char *p = ss_arena_alloc(c->arena, s.len + 1);
    bool word_start = true;
    for (uint32_t i = 0; i < s.len; i++) {
        char ch = s.s[i];
        bool lower = ch >= 'a' && ch <= 'z', upper = ch >= 'A' && ch <= 'Z';
        bool up = fn == SS_F_UPPER || (fn == SS_F_INITCAP && word_start);
        if (up && lower)
            ch = (char)(ch - 'a' + 'A');
        else if (!up && upper)
            ch = (char)(ch - 'A' + 'a');
        p[i] = ch;
        word_start = !(lower || upper || (ch >= '0' && ch <= '9'));
    }
    *out = ss_str(p, s.len);
    return OK;
}

static bool in_set(const char *set, uint32_t n, const char *ch, uint32_t w)
{
    for (uint32_t i = 0; i < n;) {
        uint32_t sw = (uint32_t)utf8_len((unsigned char)set[i]);
        if (sw == w && i + sw <= n && memcmp(set + i, ch, w) == 0)
            return true;
        i += sw;
    }
    return false;
}

static ss_eval_status trim(const ss_expr *e, ss_value s, ss_value chars, ss_value *out)
{
    const char *set = chars.null ? " " : chars.s;
    uint32_t nset = chars.null ? 1 : chars.len;
    uint32_t b = 0, end = s.len;
    int side = e->sub == SS_CALL_FROM ? e->unit : SS_TRIM_BOTH;
    if (side != SS_TRIM_TRAILING)
        while (b < end) {
            uint32_t w = (uint32_t)utf8_len((unsigned char)s.s[b]);
            if (b + w > end || !in_set(set, nset, s.s + b, w))
                break;
            b += w;
        }
    if (side != SS_TRIM_LEADING)
        while (end > b) {
            uint32_t k = end - 1;
            while (k > b && ((unsigned char)s.s[k] & 0xC0) == 0x80)
                k--;
            if (!in_set(set, nset, s.s + k, end - k))
                break;
            end = k;
        }
    *out = ss_str(s.s + b, end - b);
    return OK;
}



static ss_eval_status round_value(const ss_expr *e, ss_eval_ctx *c, ss_value x, int64_t places, ss_value *out)
{
    ss_type t = e->type;
    if (places > 18)
        places = 18;
    if (places < -18)
        places = -18;
    if (ss_type_is_approx(t)) {
        double p = pow(10.0, (double)places);
        double r = places >= 0 ? round(x.d * p) / p : round(x.d / pow(10.0, (double)-places)) * pow(10.0, (double)-places);
        if (!isfinite(r))
            r = x.d; /* too many places to matter */
        return finite_result(c, t, r, out);
    }
    int scale = t.kind == SS_T_DECIMAL ? t.scale : 0;
    if (places >= scale) {
        *out = x;
        return OK;
    }
    /* Round the scaled integer at 10^(scale - places), half away from zero. */
    int64_t unit = ss_num_pow10((int)(scale - places));
    if (unit <= 0) {
        *out = ss_int(0);
        return OK;
    }
    int64_t q = x.i / unit, r = x.i % unit;
    if (r * 2 >= unit)
        q++;
    else if (r * 2 <= -unit)
        q--;
    int64_t v;
    if (__builtin_mul_overflow(q, unit, &v) || !fits(v, (ss_type_kind)t.kind))
        return error(c, "numeric result out of range");
    *out = ss_int(v);
    return OK;
}

static ss_eval_status ceil_floor(const ss_expr *e, ss_eval_ctx *c, ss_value x, bool is_ceil, ss_value *out)
{
    ss_type t = e->type;
    if (e->sub == SS_CALL_TO_UNIT) {
        if (t.kind == SS_T_INTERVAL_DS) {
            int64_t u = e->unit <= SS_UNIT_DAY ? ss_unit_ms((ss_unit)e->unit) : 1;
            *out = ss_int(is_ceil ? ss_time_ceil_ms(x.i, u) : ss_time_floor_ms(x.i, u));
        } else {
            ss_time_unit u = (ss_time_unit)ss_unit_time((ss_unit)e->unit);
            *out = ss_int(is_ceil ? ss_time_ceil(x.i, u) : ss_time_floor(x.i, u));
        }
        return OK;
    }
    if (ss_type_is_approx(t))
        return finite_result(c, t, is_ceil ? ceil(x.d) : floor(x.d), out);
    if (t.kind == SS_T_DECIMAL) {
        int64_t unit = ss_num_pow10(t.scale);
        int64_t q = ss_time_floor_div(x.i, unit);
        if (is_ceil && q * unit != x.i)
            q++;
        *out = ss_int(q * unit);
        return OK;
    }
    *out = x;
    return OK;
}

static ss_time_field extract_field(int u)
{
    switch (u) {
    case SS_UNIT_YEAR: return SS_TIME_F_YEAR;
    case SS_UNIT_MONTH: return SS_TIME_F_MONTH;
    case SS_UNIT_DAY: return SS_TIME_F_DAY;
    case SS_UNIT_HOUR: return SS_TIME_F_HOUR;
    case SS_UNIT_MINUTE: return SS_TIME_F_MINUTE;
    case SS_UNIT_SECOND: return SS_TIME_F_SECOND;
    default: return SS_TIME_F_MILLISECOND;
    }
}

static ss_eval_status call(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    ss_func_id fn = (ss_func_id)e->slot;
    ss_value v[3] = {ss_null(), ss_null(), ss_null()};
    uint32_t n = e->list.n;
    if (fn == SS_F_COALESCE) {
        for (uint32_t i = 0; i < n; i++) {
            EVAL(e->list.items[i], out);
            if (!out->null)
                return OK;
        }
        *out = ss_null();
        return OK;
    }
    if (fn == SS_F_CURRENT_ROW_TIMESTAMP) {
        *out = ss_int(c->now_ms);
        return OK;
    }
    for (uint32_t i = 0; i < n && i < 3; i++)
        EVAL(e->list.items[i], &v[i]);
    if (fn == SS_F_NULLIF) {
        if (!v[0].null && !v[1].null && ss_value_eq(v[0], v[1], e->list.items[0]->type))
            *out = ss_null();
        else
            *out = v[0];
        return OK;
    }
    if (fn == SS_F_TRIM) {
        if (v[0].null || (n > 1 && v[1].null)) {
            *out = ss_null();
            return OK;
        }
        return trim(e, v[0], n > 1 ? v[1] : ss_null(), out);
    }
    for (uint32_t i = 0; i < n && i < 3; i++)
        if (v[i].null) {
            *out = ss_null();
            return OK;
        }
    ss_type t0 = n ? e->list.items[0]->type : ss_type_make(SS_T_NULL);
    switch (fn) {
    case SS_F_UPPER:
    case SS_F_LOWER:
    case SS_F_INITCAP:
        return case_map(c, v[0], fn, out);
    case SS_F_SUBSTRING: {
        /* SQL: characters [start, start + len) of the 1-based string, clipped. */
        int64_t start = v[1].i, len = n > 2 ? v[2].i : INT64_MAX;
        if (n > 2 && len < 0)
            return error(c, "negative substring length");
        int64_t end;
        if (n <= 2 || __builtin_add_overflow(start, len, &end))
            end = INT64_MAX;
        if (start < 1)
            start = 1;
        if (end <= start) {
            *out = ss_str(v[0].s, 0);
            return OK;
        }
        uint32_t b = char_offset(v[0].s, v[0].len, start - 1);
        uint32_t f = end == INT64_MAX ? v[0].len : char_offset(v[0].s + b, v[0].len - b, end - start) + b;
        *out = ss_str(v[0].s + b, f - b);
        return OK;
    }
    case SS_F_POSITION: {
        const char *hay = v[1].s, *needle = v[0].s;
        if (v[0].len == 0) {
            *out = ss_int(1);
            return OK;
        }
        const char *at = v[0].len <= v[1].len ? memmem(hay, v[1].len, needle, v[0].len) : NULL;
        *out = ss_int(at ? (int64_t)char_count(hay, (uint32_t)(at - hay)) + 1 : 0);
        return OK;
    }
    case SS_F_CHAR_LENGTH:
        *out = ss_int(char_count(v[0].s, v[0].len));
        return OK;
    case SS_F_ABS:
        if (ss_type_is_approx(t0)) {
            *out = ss_dbl(fabs(v[0].d));
            return OK;
        }
        if (v[0].i == INT64_MIN || !fits(v[0].i < 0 ? -v[0].i : v[0].i, (ss_type_kind)e->type.kind))
            return error(c, "integer overflow");
        *out = ss_int(v[0].i < 0 ? -v[0].i : v[0].i);
        return OK;
    case SS_F_MOD: {
        ss_expr fake = *e;
        fake.op = SS_OP_MOD;
        fake.a = e->list.items[0];
        fake.b = e->list.items[1];
        *out = ss_int(0);
        return arith(&fake, c, v[0], v[1], out);
    }
    case SS_F_ROUND:
        return round_value(e, c, v[0], n > 1 ? v[1].i : 0, out);
    case SS_F_CEIL:
    case SS_F_FLOOR:
        return ceil_floor(e, c, v[0], fn == SS_F_CEIL, out);
    case SS_F_POWER:
        return finite_result(c, e->type, pow(v[0].d, v[1].d), out);
    case SS_F_SQRT:
        if (v[0].d < 0)
            return error(c, "SQRT of a negative number");
        return finite_result(c, e->type, sqrt(v[0].d), out);
    case SS_F_LN:
    case SS_F_LOG10:
        if (v[0].d <= 0)
            return error(c, "logarithm of a number that is not positive");
        return finite_result(c, e->type, fn == SS_F_LN ? log(v[0].d) : log10(v[0].d), out);
    case SS_F_EXP:
        return finite_result(c, e->type, exp(v[0].d), out);
    case SS_F_TSDIFF: {
        int64_t r;
        if (__builtin_sub_overflow(v[0].i, v[1].i, &r))
            return error(c, "integer overflow");
        *out = ss_int(r);
        return OK;
    }
    case SS_F_UNIX_TIMESTAMP:
        *out = ss_int(v[0].i);
        return OK;
    case SS_F_CHAR_TO_TIMESTAMP: {
        ss_time_fmt local, *f = e->cache;
        char err[128];
        if (!f) {
            if (ss_time_fmt_compile(&local, v[0].s, v[0].len, err, sizeof err))
                return error(c, err);
            f = &local;
        }
        int64_t ts;
        if (ss_time_fmt_parse(f, v[1].s, v[1].len, &ts, NULL)) {
            snprintf(c->msg, sizeof c->msg, "'%.*s' does not match the pattern '%.*s'",
                     (int)(v[1].len > 40 ? 40 : v[1].len), v[1].s, (int)(v[0].len > 40 ? 40 : v[0].len), v[0].s);
            return SS_EVAL_CONVERT;
        }
        *out = ss_int(ts);
        return OK;
    }
    case SS_F_TIMESTAMP_TO_CHAR: {
        ss_time_fmt local, *f = e->cache;
        char err[128];
        if (!f) {
            if (ss_time_fmt_compile(&local, v[0].s, v[0].len, err, sizeof err))
                return error(c, err);
            f = &local;
        }
        size_t cap = f->max_len + 1;
        char *buf = ss_arena_alloc(c->arena, cap);
        size_t len = ss_time_fmt_format(f, v[1].i, buf, cap);
        *out = ss_str(buf, (uint32_t)(len < cap ? len : cap - 1));
        return OK;
    }
    case SS_F_EXTRACT: {
        int64_t ts = t0.kind == SS_T_DATE ? v[0].i * SS_TIME_MS_PER_DAY : v[0].i;
        int64_t r = ss_time_extract(ts, extract_field(e->unit));
        if (e->unit == SS_UNIT_SECOND)
            r = ss_time_extract(ts, SS_TIME_F_SECOND);
        *out = ss_int(r);
        return OK;
    }
    case SS_F_DIFF:
        *out = v[0];
        return OK;
    case SS_F_STEP:
        *out = ss_int(ss_time_floor_ms(v[0].i, v[1].i));
        return OK;
    case SS_F_HOP:
        *out = ss_int(ss_time_floor_ms(v[0].i, v[1].i));
        return OK;
    case SS_F_SESSION:
        *out = v[0];
        return OK;
    default:
        return error(c, "function not available here");
    }
}

ss_eval_status ss_eval_full(const ss_expr *e, ss_eval_ctx *c, ss_value *out)
{
    switch ((ss_expr_kind)e->kind) {
    case SS_E_SLOT: *out = c->row[e->slot]; return OK;
    case SS_E_ROWTIME: *out = ss_int(e->sub ? c->out_rowtime : c->in_rowtime); return OK;
    case SS_E_LITERAL: return literal(e, out);
    case SS_E_UNARY: return unary(e, c, out);
    case SS_E_BINARY: return binary(e, c, out);
    case SS_E_IS: {
        ss_value a;
        EVAL(e->a, &a);
        bool r = e->sub == SS_IS_NULL ? a.null : (!a.null && a.i == (e->sub == SS_IS_TRUE));
        *out = ss_int(e->negated ? !r : r);
        return OK;
    }
    case SS_E_BETWEEN: return between(e, c, out);
    case SS_E_IN: return in_list(e, c, out);
    case SS_E_LIKE: return like(e, c, out);
    case SS_E_CASE: return kase(e, c, out);
    case SS_E_CAST: return cast(e, c, out);
    case SS_E_CALL: return call(e, c, out);
    case SS_E_COLUMN: break;
    }
    return error(c, "unresolved expression");
}

ss_eval_status ss_eval_cond(const ss_expr *e, ss_eval_ctx *c, bool *out)
{
    ss_value v;
    ss_eval_status st = ss_eval(e, c, &v);
    *out = st == OK && !v.null && v.i;
    return st;
}

int ss_eval_prepare(ss_expr *e, ss_arena *arena, char *msg, size_t msglen)
{
    if (!e)
        return 0;
    if (e->kind == SS_E_CALL && (e->slot == SS_F_CHAR_TO_TIMESTAMP || e->slot == SS_F_TIMESTAMP_TO_CHAR) &&
        e->list.n == 2 && e->list.items[0]->kind == SS_E_LITERAL && !e->cache) {
        const ss_expr *pat = e->list.items[0];
        ss_time_fmt *f = ss_arena_alloc(arena, sizeof *f);
        if (ss_time_fmt_compile(f, pat->lit.s, pat->lit.len, msg, msglen))
            return -1;
        e->cache = f;
    }
    ss_expr *kids[3] = {e->a, e->b, e->c};
    for (int i = 0; i < 3; i++)
        if (ss_eval_prepare(kids[i], arena, msg, msglen))
            return -1;
    for (uint32_t i = 0; i < e->list.n; i++)
        if (ss_eval_prepare(e->list.items[i], arena, msg, msglen))
            return -1;
    for (uint32_t i = 0; i < e->list2.n; i++)
        if (ss_eval_prepare(e->list2.items[i], arena, msg, msglen))
            return -1;
    return 0;
}
