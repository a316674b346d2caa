/* DOM-free validating JSON scanner (see jsonscan.h). One left-to-right pass: wanted
 * members are decoded into ss_json_value, everything else is only validated. Each rule
 * below mirrors jansson 2.14's src/load.c, src/utf.c and src/strconv.c; the differential
 * fuzzer tests/fuzz/fuzz_jsonscan.c holds the two implementations to the same answers. */
#include "io/jsonscan.h"
#include "util/mem.h"

#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKET 64

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define COLD __attribute__((cold, noinline))

/* ---- the compiled spec ----
 * A tree of nodes, one per object/array level a path goes through. A node's members
 * ("matchers") say which keys or array indexes are wanted there, which fields take the
 * member's value, and which node to descend into. Top-level names are case-insensitive
 * matchers on the root; everything else matches exactly. Indexes, not pointers, link
 * the tree so that adding fields may move the arrays. */

typedef struct jmatch {
    char *key; /* ASCII-lowercased when ci */
    size_t len;
    uint64_t *w; /* key as little-endian words, zero-padded, for 8-bytes-at-a-time compares */
    size_t index; /* array index, for index matchers */
    int ci;
    int next; /* next key matcher in the same length bucket, -1 ends */
    int *leaf; /* fields that take this member's value */
    size_t nleaf, capleaf;
    int child; /* node to descend into, -1 when no path goes deeper */
} jmatch;

typedef struct jnode {
    int head[NBUCKET]; /* key matchers by key length (63: 63 or longer) */
    uint64_t lenmask;  /* bit b set when head[b] is not empty: rejects most keys at once */
    int *idx;          /* index matchers, ascending by index */
    size_t nidx, capidx;
    /* Fields under this node. When the member that leads here repeats, they are reset
     * first: jansson keeps only the last duplicate, with everything inside it. */
    int *sub;
    size_t nsub, capsub;
} jnode;

struct ss_json_spec {
    jnode *nodes;
    size_t nnodes, capnodes;
    jmatch *m;
    size_t nm, capm;
    int nfields;
    bool big_numbers; /* numbers beyond int64/double are values, not errors */
    locale_t cloc; /* strtod_l in "C", so a setlocale() elsewhere cannot change a number */
};

static int new_node(ss_json_spec *sp)
{
    SS_GROW(sp->nodes, sp->capnodes, sp->nnodes + 1);
    jnode *n = &sp->nodes[sp->nnodes];
    memset(n, 0, sizeof *n);
    for (int b = 0; b < NBUCKET; b++)
        n->head[b] = -1;
    return (int)sp->nnodes++;
}

ss_json_spec *ss_json_spec_new(void)
{
    ss_json_spec *sp = ss_xcalloc(1, sizeof *sp);
    new_node(sp);
    sp->cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    return sp;
}

void ss_json_spec_free(ss_json_spec *sp)
{
    if (!sp)
        return;
    for (size_t i = 0; i < sp->nm; i++) {
        free(sp->m[i].key);
        free(sp->m[i].w);
        free(sp->m[i].leaf);
    }
    for (size_t i = 0; i < sp->nnodes; i++) {
        free(sp->nodes[i].idx);
        free(sp->nodes[i].sub);
    }
    if (sp->cloc)
        freelocale(sp->cloc);
    free(sp->m);
    free(sp->nodes);
    free(sp);
}

int ss_json_spec_count(const ss_json_spec *sp) { return sp->nfields; }

void ss_json_spec_allow_big_numbers(ss_json_spec *sp, bool allow) { sp->big_numbers = allow; }

static inline unsigned fold(unsigned c) { return c - 'A' < 26u ? c | 0x20 : c; }

static int new_match(ss_json_spec *sp)
{
    SS_GROW(sp->m, sp->capm, sp->nm + 1);
    jmatch *m = &sp->m[sp->nm];
    memset(m, 0, sizeof *m);
    m->next = -1;
    m->child = -1;
    return (int)sp->nm++;
}

/* Finds or adds the key matcher (key, len, ci) on node `ni`; returns its index. */
static int key_match(ss_json_spec *sp, int ni, const char *key, size_t len, int ci)
{
    size_t b = len < NBUCKET - 1 ? len : NBUCKET - 1;
    char *k = ss_xstrndup(key, len);
    if (ci)
        for (size_t i = 0; i < len; i++)
            k[i] = (char)fold((unsigned char)k[i]);
    /* One matcher per distinct (folded) key: lookup() keeps one of each kind. */
    for (int i = sp->nodes[ni].head[b]; i >= 0; i = sp->m[i].next)
        if (sp->m[i].ci == ci && sp->m[i].len == len && memcmp(sp->m[i].key, k, len) == 0) {
            free(k);
            return i;
        }
    int mi = new_match(sp);
    jmatch *m = &sp->m[mi];
    m->key = k;
    m->len = len;
    m->w = ss_xcalloc(len / 8 + 1, 8);
    for (size_t i = 0; i < len; i++)
        m->w[i / 8] |= (uint64_t)(unsigned char)k[i] << (8 * (i % 8));
    m->ci = ci;
    jnode *n = &sp->nodes[ni];
    m->next = n->head[b];
    n->head[b] = mi;
    n->lenmask |= (uint64_t)1 << b;
    return mi;
}

static int index_match(ss_json_spec *sp, int ni, size_t index)
{
    jnode *n = &sp->nodes[ni];
    size_t pos = 0;
    while (pos < n->nidx && sp->m[n->idx[pos]].index < index)
        pos++;
    if (pos < n->nidx && sp->m[n->idx[pos]].index == index)
        return n->idx[pos];
    int mi = new_match(sp);
    sp->m[mi].index = index;
    n = &sp->nodes[ni];
    SS_GROW(n->idx, n->capidx, n->nidx + 1);
    memmove(n->idx + pos + 1, n->idx + pos, (n->nidx - pos) * sizeof *n->idx);
    n->idx[pos] = mi;
    n->nidx++;
    return mi;
}

static int child_of(ss_json_spec *sp, int mi)
{
    if (sp->m[mi].child < 0) {
        int ni = new_node(sp);
        sp->m[mi].child = ni;
    }
    return sp->m[mi].child;
}

static int add_leaf(ss_json_spec *sp, int mi)
{
    jmatch *m = &sp->m[mi];
    SS_GROW(m->leaf, m->capleaf, m->nleaf + 1);
    m->leaf[m->nleaf++] = sp->nfields;
    return sp->nfields++;
}

static int bad_name(char *errbuf, size_t errlen, const char *fmt, const char *name, size_t at)
{
    if (errbuf && errlen)
        snprintf(errbuf, errlen, fmt, name, at);
    return -1;
}

typedef struct pstep {
    const char *key; /* NULL for an index step */
    size_t len;
    size_t index;
} pstep;

int ss_json_spec_add(ss_json_spec *sp, const char *name, char *errbuf, size_t errlen)
{
    if (name[0] != '$') {
        if (!name[0])
            return bad_name(errbuf, errlen, "empty JSON field name%s%zu", "", 0);
        int mi = key_match(sp, 0, name, strlen(name), 1);
        return add_leaf(sp, mi);
    }

    /* Parse the whole path before touching the tree, so a bad path adds nothing.
     * Bracketed keys with escapes are unescaped into one buffer owned here. */
    size_t n = strlen(name), nsteps = 0, cap = 0;
    pstep *steps = NULL;
    char *keys = ss_xmalloc(n + 1), *kp = keys;
    const char *p = name + 1;
    int rc = -1;
    while (*p) {
        pstep st = {0};
        if (*p == '.') {
            const char *k = ++p;
            while (*p && *p != '.' && *p != '[')
                p++;
            if (p == k) {
                bad_name(errbuf, errlen, "bad JSON path '%s': empty key at offset %zu", name,
                         (size_t)(k - name));
                goto out;
            }
            st.key = k;
            st.len = (size_t)(p - k);
        } else if (*p == '[' && (p[1] == '\'' || p[1] == '"')) {
            char q = p[1];
            p += 2;
            st.key = kp;
            while (*p && *p != q) {
                if (*p == '\\' && p[1])
                    p++;
                *kp++ = *p++;
            }
            if (p[0] != q || p[1] != ']') {
                bad_name(errbuf, errlen, "bad JSON path '%s': unterminated [' at offset %zu",
                         name, (size_t)(p - name));
                goto out;
            }
            st.len = (size_t)(kp - st.key);
            p += 2;
        } else if (*p == '[' && p[1] >= '0' && p[1] <= '9') {
            p++;
            size_t v = 0;
            while (*p >= '0' && *p <= '9') {
                if (v > (SIZE_MAX - 9) / 10) {
                    bad_name(errbuf, errlen, "bad JSON path '%s': index too big at offset %zu",
                             name, (size_t)(p - name));
                    goto out;
                }
                v = v * 10 + (size_t)(*p++ - '0');
            }
            if (*p != ']') {
                bad_name(errbuf, errlen, "bad JSON path '%s': ']' expected at offset %zu", name,
                         (size_t)(p - name));
                goto out;
            }
            p++;
            st.index = v;
        } else {
            bad_name(errbuf, errlen,
                     "bad JSON path '%s': '.key', '[N]' or '[\\'key\\']' expected at offset %zu",
                     name, (size_t)(p - name));
            goto out;
        }
        SS_GROW(steps, cap, nsteps + 1);
        steps[nsteps++] = st;
    }
    if (nsteps == 0) {
        bad_name(errbuf, errlen, "bad JSON path '%s': no key or index after '$'%.0zu", name, 0);
        goto out;
    }
    /* A record is an object, so "$[N]" can never match; nor can a path deeper than the
     * deepest value jansson accepts (and refusing it bounds our recursion). */
    if (!steps[0].key) {
        bad_name(errbuf, errlen,
                 "bad JSON path '%s': a record is an object, '$[' cannot match%.0zu", name, 0);
        goto out;
    }
    if (nsteps >= SS_JSON_MAX_DEPTH) {
        bad_name(errbuf, errlen, "bad JSON path '%s': deeper than %zu levels", name,
                 (size_t)SS_JSON_MAX_DEPTH - 1);
        goto out;
    }

    int field = sp->nfields, ni = 0;
    for (size_t i = 0; i < nsteps; i++) {
        int mi = steps[i].key ? key_match(sp, ni, steps[i].key, steps[i].len, 0)
                              : index_match(sp, ni, steps[i].index);
        if (i + 1 == nsteps) {
            rc = add_leaf(sp, mi);
            break;
        }
        ni = child_of(sp, mi);
        jnode *nd = &sp->nodes[ni];
        SS_GROW(nd->sub, nd->capsub, nd->nsub + 1);
        nd->sub[nd->nsub++] = field;
    }
out:
    free(steps);
    free(keys);
    return rc;
}

void ss_json_scratch_init(ss_json_scratch *sc) { memset(sc, 0, sizeof *sc); }

void ss_json_scratch_free(ss_json_scratch *sc) { ss_buf_free(&sc->buf); }

/* ---- the scanner ---- */

typedef const unsigned char *cp;

typedef struct scan {
    cp base, end;
    const ss_json_spec *sp;
    ss_json_value *out;
    char *scr; /* scratch, sized so that everything decoded fits without growing */
    size_t scrlen;
    ss_json_error *err;
} scan;

enum { CC_PLAIN = 0, CC_QUOTE, CC_BSLASH, CC_CTRL, CC_HIGH };

/* String byte classes, for the bytes SWAR hands over and for short tails. */
static const unsigned char strclass[256] = {
    [0 ... 0x1f] = CC_CTRL, ['"'] = CC_QUOTE, ['\\'] = CC_BSLASH, [0x80 ... 0xff] = CC_HIGH,
};

static const unsigned char wsclass[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};

static inline cp ws(cp p, cp end)
{
    while (p < end && wsclass[*p])
        p++;
    return p;
}

static inline int is_digit(unsigned c) { return c - '0' < 10u; }
static inline int is_alpha(unsigned c) { return (c | 0x20) - 'a' < 26u; }

/* Length of the well-formed UTF-8 sequence at p (lead byte >= 0x80), 0 if it is not
 * one. Same set as jansson's utf8_check_first + utf8_check_full: no C0/C1, no
 * overlongs, no surrogates (ED A0..BF), nothing above U+10FFFF (F4 90.., F5..FF). */
static inline size_t utf8_seq(cp p, cp end)
{
    unsigned c = p[0];
    size_t left = (size_t)(end - p);
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return left >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c < 0xF5) {
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return left >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 &&
                       (p[3] & 0xC0) == 0x80
                   ? 4
                   : 0;
    }
    return 0;
}

/* ---- errors: cold, and worded like jansson's error_set() ---- */

/* Appends " near '<text>'" as jansson does when its saved token text is 1..20 bytes,
 * " near end of file" when it is empty. Bytes that would make the message invalid
 * UTF-8 or unprintable are shown as \xNN. */
static void near_text(char *dst, size_t cap, cp s, cp e, int at_eof)
{
    size_t n = (size_t)(e - s), o = strlen(dst);
    if (n == 0) {
        if (at_eof)
            snprintf(dst + o, cap - o, " near end of file");
        return;
    }
    if (n > 20)
        return;
    o += (size_t)snprintf(dst + o, cap - o, " near '");
    for (cp p = s; p < e && o + 8 < cap;) {
        size_t k = *p >= 0x80 ? utf8_seq(p, e) : 1;
        if (*p < 0x20 || *p == 0x7f || k == 0) {
            o += (size_t)snprintf(dst + o, cap - o, "\\x%02x", *p);
            p++;
        } else {
            memcpy(dst + o, p, k);
            o += k;
            p += k;
        }
    }
    snprintf(dst + o, cap - o, "'");
}

/* Records an error at `at` with jansson's message `fmt`, and the token text [ts, te)
 * as context (ts == NULL: none, as for jansson's UTF-8 decoding errors). */
COLD static void *fail(scan *s, cp at, cp ts, cp te, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void *fail(scan *s, cp at, cp ts, cp te, const char *fmt, ...)
{
    if (!s->err || s->err->message[0])
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err->message, sizeof s->err->message, fmt, ap);
    va_end(ap);
    if (ts)
        near_text(s->err->message, sizeof s->err->message, ts, te, te >= s->end);
    s->err->offset = (size_t)(at - s->base);
    if (!s->err->message[0])
        s->err->message[0] = '?';
    return NULL;
}

COLD static void *fail_utf8(scan *s, cp at)
{
    return fail(s, at, NULL, NULL, "unable to decode byte 0x%x", *at);
}

/* The extent of the (lexically valid) token at p, for " near '...'" context. */
static cp token_end(cp p, cp end)
{
    if (p >= end)
        return p;
    if (*p == '"') {
        for (cp q = p + 1; q < end; q++) {
            if (*q == '\\')
                q++;
            else if (*q == '"')
                return q + 1;
        }
        return end;
    }
    if (*p == '-' || is_digit(*p)) {
        cp q = p + 1;
        while (q < end && (is_digit(*q) || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' ||
                           *q == '-'))
            q++;
        return q;
    }
    if (is_alpha(*p)) {
        cp q = p + 1;
        while (q < end && is_alpha(*q))
            q++;
        return q;
    }
    if (*p >= 0x80) {
        size_t k = utf8_seq(p, end);
        return p + (k ? k : 1);
    }
    return p + 1;
}

static inline cp str_scan(scan *s, cp p, int *esc, int is_key);
static cp num_slow(scan *s, cp p, ss_json_value *v, int quiet);

/* A parser error ("'}' expected" and the like) at the token starting at p. jansson
 * lexes that token before the parser complains, and keeps the first error set, so a
 * broken token's own error (bad string, integer overflow, bad UTF-8) wins. */
COLD static void *fail_parse(scan *s, cp p, const char *msg)
{
    if (p < s->end) {
        int esc;
        if (*p == '"' && !str_scan(s, p + 1, &esc, 0))
            return NULL;
        if ((*p == '-' || is_digit(*p)) && !num_slow(s, p, NULL, 1))
            return NULL;
        if (*p >= 0x80 && !utf8_seq(p, s->end))
            return fail_utf8(s, p);
    }
    return fail(s, p, p, token_end(p, s->end), "%s", msg);
}

/* A value was expected at p and none of the value tokens starts there. */
COLD static void *fail_value(scan *s, cp p)
{
    if (p >= s->end)
        return fail(s, p, p, p, "unexpected token");
    unsigned c = *p;
    if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',')
        return fail(s, p, p, p + 1, "unexpected token");
    if (c >= 0x80 && !utf8_seq(p, s->end))
        return fail_utf8(s, p);
    return fail(s, p, p, token_end(p, s->end), "invalid token");
}

COLD static void *fail_depth(scan *s, cp p)
{
    return fail(s, p, p, token_end(p, s->end), "maximum parsing depth reached");
}

/* ---- strings ---- */

#define K01 0x0101010101010101ULL
#define K80 0x8080808080808080ULL

/* High bit set in each byte lane of x that is '"', '\\', below 0x20 or 0x80 and above.
 * Lanes after the first hit may be set spuriously (borrows); only the first is used. */
static inline uint64_t str_special(uint64_t x)
{
    uint64_t q = x ^ (K01 * '"'), b = x ^ (K01 * '\\');
    return (((q - K01) & ~q) | ((b - K01) & ~b) | ((x - K01 * 0x20) & ~x) | x) & K80;
}

static inline uint64_t load64(cp p)
{
    uint64_t x;
    memcpy(&x, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    return x;
}

static inline int hexval(unsigned c)
{
    if (c - '0' < 10u)
        return (int)(c - '0');
    c |= 0x20;
    if (c - 'a' < 6u)
        return (int)(c - 'a' + 10);
    return -1;
}

/* Four hex digits at p (bounds already checked), or -1. */
static inline int32_t hex4(cp p)
{
    int a = hexval(p[0]), b = hexval(p[1]), c = hexval(p[2]), d = hexval(p[3]);
    if ((a | b | c | d) < 0)
        return -1;
    return (a << 12) | (b << 8) | (c << 4) | d;
}

/* State for the slow part of a string: jansson checks syntax, UTF-8 and control bytes
 * over the whole string first and pairs surrogates in a second pass, then rejects a
 * decoded NUL; the first error of the earliest pass is the one it reports. */
typedef struct strstate {
    cp pend_at; /* first surrogate error, reported if the string is otherwise fine */
    int32_t pend_a, pend_b;
    int nul;
} strstate;

/* Handles the escape whose backslash is at p; returns the byte after it or NULL. */
COLD static cp str_escape(scan *s, cp q0, cp p, strstate *ss)
{
    cp end = s->end;
    /* jansson tests the byte after '\\' and each of the four hex digits as it reads
     * them: the end of input there is an "invalid escape", not a premature end. */
    if (p + 1 >= end)
        return fail(s, p + 1, q0, end, "invalid escape");
    switch (p[1]) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
        return p + 2;
    case 'u':
        break;
    default:
        return fail(s, p + 1, q0, p + 2, "invalid escape");
    }
    for (int i = 2; i < 6; i++) {
        if (p + i >= end)
            return fail(s, p + i, q0, end, "invalid escape");
        if (hexval(p[i]) < 0)
            return fail(s, p + i, q0, p + i + 1, "invalid escape");
    }
    int32_t u = hex4(p + 2);
    cp at = p;
    p += 6;
    if (u == 0)
        ss->nul = 1;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (p + 1 < end && p[0] == '\\' && p[1] == 'u') {
            for (int i = 2; i < 6; i++) {
                if (p + i >= end)
                    return fail(s, p + i, q0, end, "invalid escape");
                if (hexval(p[i]) < 0)
                    return fail(s, p + i, q0, p + i + 1, "invalid escape");
            }
            int32_t u2 = hex4(p + 2);
            p += 6;
            if ((u2 < 0xDC00 || u2 > 0xDFFF) && !ss->pend_at) {
                ss->pend_at = at;
                ss->pend_a = u;
                ss->pend_b = u2;
            }
        } else if (!ss->pend_at) {
            ss->pend_at = at;
            ss->pend_a = u;
            ss->pend_b = -1;
        }
    } else if (u >= 0xDC00 && u <= 0xDFFF && !ss->pend_at) {
        ss->pend_at = at;
        ss->pend_a = u;
        ss->pend_b = -1;
    }
    return p;
}

COLD static cp str_late_error(scan *s, cp q0, cp close, const strstate *ss, int is_key)
{
    if (ss->pend_at) {
        if (ss->pend_b >= 0)
            return fail(s, ss->pend_at, q0, close + 1, "invalid Unicode '\\u%04X\\u%04X'",
                        (unsigned)ss->pend_a, (unsigned)ss->pend_b);
        return fail(s, ss->pend_at, q0, close + 1, "invalid Unicode '\\u%04X'",
                    (unsigned)ss->pend_a);
    }
    if (is_key)
        return fail(s, q0, q0, close + 1, "NUL byte in object key not supported");
    return fail(s, q0, q0, close + 1, "\\u0000 is not allowed without JSON_ALLOW_NUL");
}

COLD static void *str_ctrl(scan *s, cp q0, cp p)
{
    if (*p == '\n')
        return fail(s, p, q0, p, "unexpected newline");
    return fail(s, p, q0, p, "control character 0x%x", *p);
}

/* str_scan() past its fast path: q0 is the opening quote, [q0+1, p) is plain ASCII. */
static cp str_slow(scan *s, cp q0, cp p, int *esc, int is_key)
{
    cp end = s->end;
    strstate ss = {0};
    int e = 0;
    for (;;) {
        while (end - p >= 8) {
            uint64_t m = str_special(load64(p));
            if (m) {
                p += __builtin_ctzll(m) >> 3;
                goto special;
            }
            p += 8;
        }
        while (p < end && strclass[*p] == CC_PLAIN)
            p++;
        if (p >= end)
            return fail(s, p, q0, p, "premature end of input");
    special:
        switch (strclass[*p]) {
        case CC_QUOTE:
            *esc = e;
            if (UNLIKELY(ss.pend_at || ss.nul))
                return str_late_error(s, q0, p, &ss, is_key);
            return p + 1;
        case CC_BSLASH:
            e = 1;
            p = str_escape(s, q0, p, &ss);
            if (!p)
                return NULL;
            break;
        case CC_CTRL:
            return str_ctrl(s, q0, p);
        case CC_HIGH: {
            size_t k = utf8_seq(p, end);
            if (!k)
                return fail_utf8(s, p);
            p += k;
            break;
        }
        default:
            p++; /* not reached: SWAR and the tail loop stop only on special bytes */
        }
    }
}

/* Validates the string whose opening quote is at p[-1]; returns the byte after the
 * closing quote, or NULL with the error set. *esc tells whether it had escapes.
 * Inline part: plain ASCII up to the closing quote, 8 bytes at a time. */
static inline cp str_scan(scan *s, cp p, int *esc, int is_key)
{
    cp end = s->end, q0 = p - 1;
    while (LIKELY(end - p >= 8)) {
        uint64_t m = str_special(load64(p));
        if (m) {
            p += __builtin_ctzll(m) >> 3;
            if (LIKELY(*p == '"')) {
                *esc = 0;
                return p + 1;
            }
            break;
        }
        p += 8;
    }
    return str_slow(s, q0, p, esc, is_key);
}

static size_t utf8_put(char *d, uint32_t c)
{
    if (c < 0x80) {
        d[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        d[0] = (char)(0xC0 | (c >> 6));
        d[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        d[0] = (char)(0xE0 | (c >> 12));
        d[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        d[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (c >> 18));
    d[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    d[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Decodes the already validated string body [p, e) into d; returns the length. The
 * output is never longer than the input (jansson relies on the same bound). */
static size_t str_decode(cp p, cp e, char *d)
{
    char *d0 = d;
    while (p < e) {
        cp b = memchr(p, '\\', (size_t)(e - p));
        if (!b) {
            memcpy(d, p, (size_t)(e - p));
            d += e - p;
            break;
        }
        memcpy(d, p, (size_t)(b - p));
        d += b - p;
        switch (b[1]) {
        case 'b': *d++ = '\b'; break;
        case 'f': *d++ = '\f'; break;
        case 'n': *d++ = '\n'; break;
        case 'r': *d++ = '\r'; break;
        case 't': *d++ = '\t'; break;
        case 'u': {
            uint32_t u = (uint32_t)hex4(b + 2);
            b += 4;
            if (u >= 0xD800 && u <= 0xDBFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + ((uint32_t)hex4(b + 4) - 0xDC00);
                b += 6;
            }
            d += utf8_put(d, u);
            break;
        }
        default: *d++ = (char)b[1]; break;
        }
        p = b + 2;
    }
    return (size_t)(d - d0);
}

/* ---- numbers ---- */

static inline int all8digits(uint64_t x)
{
    return ((x & (K01 * 0xF0)) | (((x + K01 * 0x06) & (K01 * 0xF0)) >> 4)) == K01 * 0x33;
}

/* The value of 8 ASCII digits, first digit in the lowest byte, as load64() gives them
 * on any host (SWAR, 3 multiplies). */
static inline uint64_t parse8digits(uint64_t x)
{
    x = ((x & (K01 * 0x0F)) * 2561) >> 8;
    x = ((x & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
    return ((x & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod in the C locale on [p, e), which holds a valid JSON number. The text is copied
 * to be NUL-terminated: a short one to the stack, a long one past everything the
 * scratch can hold for this record (the copy is never longer than the record). */
/* A valid JSON number that jansson cannot represent, in big_numbers mode. */
static cp big_number(ss_json_value *v, cp start, cp p)
{
    if (v) {
        v->kind = SS_JV_BIGNUM;
        v->s = (const char *)start;
        v->len = (size_t)(p - start);
    }
    return p;
}

static double slow_strtod(scan *s, cp p, cp e, int *overflow)
{
    char small[128];
    size_t n = (size_t)(e - p);
    char *buf = n < sizeof small ? small : s->scr + s->scrlen;
    memcpy(buf, p, n);
    buf[n] = 0;
    errno = 0;
    double d = s->sp->cloc ? strtod_l(buf, NULL, s->sp->cloc) : strtod(buf, NULL);
    *overflow = (d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE;
    return d;
}

COLD static void *num_malformed(scan *s, cp start, cp p, int quiet)
{
    (void)p;
    if (quiet)
        return (void *)start; /* not a lexer error in jansson: the parser's message wins */
    return fail(s, start, start, token_end(start, s->end), "invalid token");
}

/* Scans the number at p (a '-' or a digit), checks jansson's range rules and, when v is
 * not NULL, stores its value. Returns the byte after it (after one following NUL byte:
 * jansson's pushback loses it), or NULL with the error set. With `quiet`, a malformed
 * number returns non-NULL without an error (only used to find diagnostics). */
static cp num_slow(scan *s, cp p, ss_json_value *v, int quiet)
{
    cp end = s->end, start = p;
    int neg = *p == '-';
    p += neg;
    if (UNLIKELY(p >= end || !is_digit(*p)))
        return num_malformed(s, start, p, quiet);
    cp ds = p;
    uint64_t m = 0;
    if (*p == '0') {
        p++;
        if (UNLIKELY(p < end && is_digit(*p)))
            return num_malformed(s, start, p, quiet);
    } else {
        /* Wraps after 19 digits, but then it is an overflow anyway (19 digits always fit
         * in uint64). Epoch milliseconds have 13 digits: take 8 at once. */
        if (end - p >= 8) {
            uint64_t x = load64(p);
            if (all8digits(x)) {
                m = parse8digits(x);
                p += 8;
            }
        }
        while (p < end && is_digit(*p))
            m = m * 10 + (unsigned)(*p++ - '0');
    }
    if (LIKELY(p >= end || (*p != '.' && (*p | 0x20) != 'e'))) {
        size_t nd = (size_t)(p - ds);
        if (UNLIKELY(nd >= 19) &&
            (nd > 19 || m > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))) {
            if (s->sp->big_numbers)
                return big_number(v, start, p);
            return fail(s, start, start, p, neg ? "too big negative integer" : "too big integer");
        }
        if (v) {
            v->kind = SS_JV_INT;
            v->i = neg ? (int64_t)(0 - m) : (int64_t)m;
        }
        if (p < end && *p == 0)
            p++;
        return p;
    }

    /* A real. Collect up to 19 significant digits in m and the power of ten that scales
     * them; digits past 19 only count for the magnitude. */
    m = 0;
    int64_t nsig = 0, e10 = 0;
    for (cp q = ds; q < p; q++) {
        unsigned d = (unsigned)(*q - '0');
        if (nsig == 0 && d == 0)
            continue;
        if (nsig < 19)
            m = m * 10 + d;
        else
            e10++;
        nsig++;
    }
    if (*p == '.') {
        p++;
        if (UNLIKELY(p >= end || !is_digit(*p))) {
            /* jansson pushes back the byte after '.' before it fails: a NUL there is
             * lost too, which does not matter, the record is invalid. */
            return num_malformed(s, start, p, quiet);
        }
        do {
            unsigned d = (unsigned)(*p - '0');
            if (nsig == 0 && d == 0) {
                e10--;
            } else {
                if (nsig < 19) {
                    m = m * 10 + d;
                    e10--;
                }
                nsig++;
            }
            p++;
        } while (p < end && is_digit(*p));
    }
    if (p < end && (*p | 0x20) == 'e') {
        p++;
        int eneg = 0;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        if (UNLIKELY(p >= end || !is_digit(*p)))
            return num_malformed(s, start, p, quiet);
        int64_t x = 0;
        do {
            if (x < 1000000000000000LL) /* saturate: far past any double's range */
                x = x * 10 + (*p - '0');
            p++;
        } while (p < end && is_digit(*p));
        e10 += eneg ? -x : x;
    }

    /* 10^(k-1) <= |value| < 10^k. DBL_MAX is 1.8e308: k <= 308 cannot overflow,
     * k >= 310 always does, k == 309 needs the real conversion to tell. */
    int64_t k = (nsig < 19 ? nsig : 19) + e10;
    double d = 0.0;
    int over = 0;
    if (nsig == 0) {
        d = 0.0;
    } else if (UNLIKELY(k >= 309)) {
        if (k >= 310)
            over = 1;
        else
            d = slow_strtod(s, start, p, &over);
        if (over && s->sp->big_numbers)
            return big_number(v, start, p);
        if (over)
            return fail(s, start, start, p, "real number overflow");
        goto done;
    } else if (!v) {
        goto done;
#if FLT_EVAL_METHOD == 0
    } else if (nsig <= 19 && m <= (1ULL << 53) && e10 >= -22 && e10 <= 22) {
        /* Clinger's fast path: m and 10^|e10| are exact doubles, so one IEEE operation
         * gives the correctly rounded result, the same that strtod computes. */
        d = (double)m;
        d = e10 < 0 ? d / pow10_exact[-e10] : d * pow10_exact[e10];
#endif
    } else {
        d = slow_strtod(s, start, p, &over);
        goto done;
    }
    if (neg)
        d = -d;
done:
    if (v) {
        v->kind = SS_JV_REAL;
        v->d = d;
    }
    if (p < end && *p == 0)
        p++;
    return p;
}

/* num_slow() for the common shapes, inline: -?[0-9]{1,18} and -?[0-9]+.[0-9]+ with at
 * most 19 digits in all and no exponent. Those cannot overflow, their digits fit a
 * uint64_t exactly, and a real among them is one exact division away (Clinger) when
 * the digits stay below 2^53. Anything else starts over in num_slow(). */
static inline cp num_scan(scan *s, cp p, ss_json_value *v)
{
    cp end = s->end, start = p;
    int neg = *p == '-';
    p += neg;
    if (UNLIKELY(p == end) || !is_digit(*p))
        return num_slow(s, start, v, 0);
    cp ds = p;
    uint64_t m = (unsigned)(*p++ - '0');
    if (m != 0) {
        uint64_t x;
        if (end - p >= 8 && all8digits(x = load64(p))) {
            m = m * 100000000 + parse8digits(x);
            p += 8;
        }
        while (p < end && is_digit(*p))
            m = m * 10 + (unsigned)(*p++ - '0'); /* may wrap: then nint > 18 */
    }
    size_t nint = (size_t)(p - ds);
    if (p == end || *p != '.') {
        if (UNLIKELY(nint > 18 || (p < end && (is_digit(*p) || (*p | 0x20) == 'e'))))
            return num_slow(s, start, v, 0);
        if (v) {
            v->kind = SS_JV_INT;
            v->i = neg ? -(int64_t)m : (int64_t)m;
        }
        return p < end && *p == 0 ? p + 1 : p;
    }
    cp f = ++p;
    while (p < end && is_digit(*p))
        m = m * 10 + (unsigned)(*p++ - '0');
    size_t nfrac = (size_t)(p - f);
    if (UNLIKELY(nfrac == 0 || nint + nfrac > 19 || (p < end && (*p | 0x20) == 'e')))
        return num_slow(s, start, v, 0);
#if FLT_EVAL_METHOD == 0
    if (v) {
        if (UNLIKELY(m > (1ULL << 53)))
            return num_slow(s, start, v, 0);
        double d = (double)m / pow10_exact[nfrac];
        v->kind = SS_JV_REAL;
        v->d = neg ? -d : d;
    }
#else
    if (v)
        return num_slow(s, start, v, 0);
#endif
    return p < end && *p == 0 ? p + 1 : p;
}

/* ---- literals ---- */

/* true / false / null at p. jansson reads the whole run of ASCII letters as one word,
 * so "truex" is an invalid token, and then loses one NUL byte that follows it. */
static inline cp lit_scan(scan *s, cp p, const char *word, size_t n)
{
    cp end = s->end;
    if (LIKELY((size_t)(end - p) >= n && memcmp(p, word, n) == 0 &&
               (p + n == end || !is_alpha(p[n])))) {
        p += n;
        if (p < end && *p == 0)
            p++;
        return p;
    }
    return fail(s, p, p, token_end(p, end), "invalid token");
}

/* ---- skipping unwanted values ---- */

/* Validates the value at p (depth `depth`) without storing anything. Iterative, with a
 * byte per open container (1: object), so hostile nesting costs no C stack. */
static cp skip_value(scan *s, cp p, int depth)
{
    cp end = s->end;
    uint8_t isobj[SS_JSON_MAX_DEPTH + 1];
    int lvl = 0, esc;

value:
    if (UNLIKELY(depth + lvl > SS_JSON_MAX_DEPTH))
        return fail_depth(s, p);
    if (UNLIKELY(p >= end))
        return fail_value(s, p);
    switch (*p) {
    case '"':
        p = str_scan(s, p + 1, &esc, 0);
        break;
    case '-':
    case '0' ... '9':
        p = num_scan(s, p, NULL);
        break;
    case 't':
        p = lit_scan(s, p, "true", 4);
        break;
    case 'f':
        p = lit_scan(s, p, "false", 5);
        break;
    case 'n':
        p = lit_scan(s, p, "null", 4);
        break;
    case '{':
        p = ws(p + 1, end);
        if (p < end && *p == '}') {
            p++;
            break;
        }
        isobj[lvl++] = 1;
        goto key;
    case '[':
        p = ws(p + 1, end);
        if (p < end && *p == ']') {
            p++;
            break;
        }
        isobj[lvl++] = 0;
        goto value;
    default:
        return fail_value(s, p);
    }
    if (!p)
        return NULL;

after:
    if (lvl == 0)
        return p;
    p = ws(p, end);
    if (isobj[lvl - 1]) {
        if (p < end && *p == ',') {
            p = ws(p + 1, end);
            goto key;
        }
        if (p < end && *p == '}') {
            p++;
            lvl--;
            goto after;
        }
        return fail_parse(s, p, "'}' expected");
    }
    if (p < end && *p == ',') {
        p = ws(p + 1, end);
        goto value;
    }
    if (p < end && *p == ']') {
        p++;
        lvl--;
        goto after;
    }
    return fail_parse(s, p, "']' expected");

key:
    if (p >= end || *p != '"')
        return fail_parse(s, p, "string or '}' expected");
    p = str_scan(s, p + 1, &esc, 1);
    if (!p)
        return NULL;
    p = ws(p, end);
    if (p >= end || *p != ':')
        return fail_parse(s, p, "':' expected");
    p = ws(p + 1, end);
    goto value;
}

/* ---- wanted values ---- */

static cp parse_object(scan *s, cp p, const jnode *node, int depth);
static cp parse_array(scan *s, cp p, const jnode *node, int depth);

/* Copies *v to the fields of m, except to v itself. */
static inline void put(scan *s, const jmatch *m, const ss_json_value *v)
{
    for (size_t i = 0; i < m->nleaf; i++)
        if (&s->out[m->leaf[i]] != v)
            s->out[m->leaf[i]] = *v;
}

/* Scans the value at p (depth `depth`) of a member matched by `cs` (exact key or index,
 * may lead deeper) and/or `ci` (case-insensitive top-level name): stores it in their
 * fields and descends where a path continues. */
static cp parse_wanted(scan *s, cp p, int depth, const jmatch *cs, const jmatch *ci)
{
    cp end = s->end;
    /* Decode straight into the first field that wants the value (a local copy would be
     * written piecemeal and read back whole: a store-forwarding stall per field). */
    ss_json_value tmp, *v = &tmp;
    if (cs && cs->nleaf)
        v = &s->out[cs->leaf[0]];
    else if (ci)
        v = &s->out[ci->leaf[0]];
    const jnode *child = NULL;
    if (cs && cs->child >= 0) {
        child = &s->sp->nodes[cs->child];
        for (size_t i = 0; i < child->nsub; i++)
            s->out[child->sub[i]].kind = SS_JV_MISSING;
    }
    if (UNLIKELY(depth > SS_JSON_MAX_DEPTH))
        return fail_depth(s, p);
    if (UNLIKELY(p >= end))
        return fail_value(s, p);
    cp start = p;
    int esc;
    switch (*p) {
    case '"':
        p = str_scan(s, p + 1, &esc, 0);
        if (!p)
            return NULL;
        v->kind = SS_JV_STRING;
        if (LIKELY(!esc)) {
            v->s = (const char *)start + 1;
            v->len = (size_t)(p - start - 2);
        } else {
            char *d = s->scr + s->scrlen;
            v->s = d;
            v->len = str_decode(start + 1, p - 1, d);
            s->scrlen += v->len;
        }
        break;
    case '-':
    case '0' ... '9':
        p = num_scan(s, p, v);
        break;
    case 't':
        v->kind = SS_JV_TRUE;
        p = lit_scan(s, p, "true", 4);
        break;
    case 'f':
        v->kind = SS_JV_FALSE;
        p = lit_scan(s, p, "false", 5);
        break;
    case 'n':
        v->kind = SS_JV_NULL;
        p = lit_scan(s, p, "null", 4);
        break;
    case '{':
        v->kind = SS_JV_OBJECT;
        p = child && child->lenmask ? parse_object(s, p, child, depth) : skip_value(s, p, depth);
        if (p)
            v->len = (size_t)(p - start);
        v->s = (const char *)start;
        break;
    case '[':
        v->kind = SS_JV_ARRAY;
        p = child && child->nidx ? parse_array(s, p, child, depth) : skip_value(s, p, depth);
        if (p)
            v->len = (size_t)(p - start);
        v->s = (const char *)start;
        break;
    default:
        return fail_value(s, p);
    }
    if (!p)
        return NULL;
    if (cs)
        put(s, cs, v);
    if (ci)
        put(s, ci, v);
    return p;
}

/* ASCII 'A'..'Z' to lower case in each byte of x, other bytes unchanged. */
static inline uint64_t fold8(uint64_t x)
{
    uint64_t h = x & (K01 * 0x7f);
    uint64_t ge_a = h + K01 * (0x80 - 'A'), gt_z = h + K01 * (0x7f - 'Z');
    uint64_t upper = (ge_a ^ gt_z) & ~x & K80;
    return x | (upper >> 2);
}

/* Compares the key [k, k+n) with matcher m (n == m->len). Word at a time when 8-byte
 * loads stay inside [k, lim); the bytes past n in the last word are masked off. */
static inline int key_eq(const jmatch *m, cp k, size_t n, cp lim)
{
    size_t i = 0;
    if ((size_t)(lim - k) >= ((n + 7) & ~(size_t)7)) {
        for (; i + 8 <= n; i += 8) {
            uint64_t x = load64(k + i);
            if ((m->ci ? fold8(x) : x) != m->w[i / 8])
                return 0;
        }
        if (i == n)
            return 1;
        uint64_t x = load64(k + i) & (~0ULL >> (64 - 8 * (n - i)));
        return (m->ci ? fold8(x) : x) == m->w[i / 8];
    }
    if (m->ci) {
        for (; i < n; i++)
            if (fold(k[i]) != (unsigned char)m->key[i])
                return 0;
        return 1;
    }
    return memcmp(k, m->key, n) == 0;
}

/* Looks the decoded key [k, k+klen) up among the node's key matchers. */
static inline void lookup(const ss_json_spec *sp, const jnode *n, cp k, size_t klen, cp lim,
                          const jmatch **cs, const jmatch **ci)
{
    size_t b = klen < NBUCKET - 1 ? klen : NBUCKET - 1;
    if (!(n->lenmask >> b & 1))
        return;
    for (int i = n->head[b]; i >= 0; i = sp->m[i].next) {
        const jmatch *m = &sp->m[i];
        if (m->len != klen || !key_eq(m, k, klen, lim))
            continue;
        if (m->ci)
            *ci = m;
        else
            *cs = m;
    }
}

/* The object at p (its '{'), at depth `depth`, whose members `node` may want. */
static cp parse_object(scan *s, cp p, const jnode *node, int depth)
{
    cp end = s->end;
    const ss_json_spec *sp = s->sp;
    /* Members of an object this deep fail the depth check: leave that to skip_value. */
    int shallow = depth < SS_JSON_MAX_DEPTH;
    p = ws(p + 1, end);
    if (p < end && *p == '}')
        return p + 1;
    for (;;) {
        if (UNLIKELY(p >= end || *p != '"'))
            return fail_parse(s, p, "string or '}' expected");
        cp k = p + 1;
        int esc;
        p = str_scan(s, k, &esc, 1);
        if (UNLIKELY(!p))
            return NULL;
        size_t klen = (size_t)(p - 1 - k);
        const jmatch *cs = NULL, *ci = NULL;
        if (node->lenmask) {
            cp lim = end;
            if (UNLIKELY(esc)) {
                /* Decoded past the committed scratch: only needed until the match. */
                char *d = s->scr + s->scrlen;
                klen = str_decode(k, p - 1, d);
                k = (cp)d;
                lim = k + klen;
            }
            lookup(sp, node, k, klen, lim, &cs, &ci);
        }
        if (LIKELY(p < end && *p == ':')) {
            p++;
        } else {
            p = ws(p, end);
            if (p >= end || *p != ':')
                return fail_parse(s, p, "':' expected");
            p++;
        }
        p = ws(p, end);
        if (cs || ci) {
            p = parse_wanted(s, p, depth + 1, cs, ci);
        } else if (LIKELY(shallow) && p < end && *p == '"') {
            p = str_scan(s, p + 1, &esc, 0);
        } else if (LIKELY(shallow) && p < end && (is_digit(*p) || *p == '-')) {
            p = num_scan(s, p, NULL);
        } else {
            p = skip_value(s, p, depth + 1);
        }
        if (UNLIKELY(!p))
            return NULL;
        if (LIKELY(p < end && *p == ',')) {
            p = ws(p + 1, end);
            continue;
        }
        p = ws(p, end);
        if (p < end && *p == ',') {
            p = ws(p + 1, end);
            continue;
        }
        if (p < end && *p == '}')
            return p + 1;
        return fail_parse(s, p, "'}' expected");
    }
}

/* The array at p (its '['), at depth `depth`, some of whose elements `node` wants. */
static cp parse_array(scan *s, cp p, const jnode *node, int depth)
{
    cp end = s->end;
    p = ws(p + 1, end);
    if (p < end && *p == ']')
        return p + 1;
    size_t i = 0, j = 0;
    for (;; i++) {
        while (j < node->nidx && s->sp->m[node->idx[j]].index < i)
            j++;
        if (j < node->nidx && s->sp->m[node->idx[j]].index == i)
            p = parse_wanted(s, p, depth + 1, &s->sp->m[node->idx[j]], NULL);
        else
            p = skip_value(s, p, depth + 1);
        if (!p)
            return NULL;
        p = ws(p, end);
        if (p < end && *p == ',') {
            p = ws(p + 1, end);
            continue;
        }
        if (p < end && *p == ']')
            return p + 1;
        return fail_parse(s, p, "']' expected");
    }
}

ss_json_status ss_json_scan(const ss_json_spec *sp, const char *rec, size_t len,
                            ss_json_value *out, ss_json_scratch *scratch, ss_json_error *err)
{
    static const char empty[1] = "";
    int nf = sp->nfields;
    for (int i = 0; i < nf; i++)
        out[i].kind = SS_JV_MISSING;
    if (err) {
        err->offset = 0;
        err->message[0] = 0;
    }
    if (!rec)
        rec = empty;

    /* Everything decoded from one record (strings, a key, a number copy) fits in len
     * bytes plus a NUL, so reserving that once means no pointer into the scratch moves. */
    ss_buf *b = &scratch->buf;
    b->len = 0;
    if (UNLIKELY(b->cap < len + 2))
        ss_buf_reserve(b, len + 1);

    scan s = {.base = (cp)rec, .end = (cp)rec + len, .sp = sp, .out = out, .scr = b->data,
              .err = err};
    cp p = ws(s.base, s.end);
    cp start = p;
    int is_obj = p < s.end && *p == '{';
    if (is_obj)
        p = parse_object(&s, p, &sp->nodes[0], 1);
    else
        p = skip_value(&s, p, 1);
    if (p) {
        p = ws(p, s.end);
        if (p != s.end)
            p = fail_parse(&s, p, "end of file expected");
    }
    if (UNLIKELY(!p)) {
        for (int i = 0; i < nf; i++)
            out[i].kind = SS_JV_MISSING;
        if (err && !err->message[0])
            snprintf(err->message, sizeof err->message, "invalid JSON");
        return SS_JSON_INVALID;
    }
    if (!is_obj) {
        if (err) {
            err->offset = (size_t)(start - s.base);
            snprintf(err->message, sizeof err->message, "record is not a JSON object");
        }
        return SS_JSON_NOT_OBJECT;
    }
    return SS_JSON_OK;
}
