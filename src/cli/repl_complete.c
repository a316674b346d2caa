/* Tab completion for the REPL: keywords, stream names, column names (of the
 * streams the statement names, else of every stream), WITH keys and
 * dot-commands. Pure string work, so it stays apart from libedit: repl.c
 * turns the candidates into an edit of the line. */
#include "cli/repl.h"
#include "sql/bindings.h"
#include "util/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const keywords[] = {
    "CREATE", "OR", "REPLACE", "STREAM", "PUMP", "AS", "INSERT", "INTO", "SELECT", "FROM", "WHERE",
    "GROUP", "BY", "HAVING", "WINDOW", "OVER", "PARTITION", "RANGE", "ROWS", "PRECEDING", "INTERVAL",
    "SECOND", "MINUTE", "HOUR", "DAY", "STEP", "FLOOR", "TO", "AND", "NOT", "NULL", "IS", "LIKE", "IN",
    "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "DISTINCT", "ALL", "WITH", "ROWTIME",
    "COUNT", "SUM", "AVG", "MIN", "MAX", "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "REAL",
    "DOUBLE", "DECIMAL", "VARCHAR", "CHAR", "TIMESTAMP", "DATE", "TIME", "TRUE", "FALSE", "UNION",
    "CURRENT_ROW_TIMESTAMP", "TUMBLE", "HOP", "SESSION", "WINDOWED", "STAGGER", "LIMIT", "ORDER",
    NULL,
};

static const char *const dot_commands[] = {
    ".help", ".streams", ".describe", ".explain", ".load", ".mode", ".quit", ".exit", NULL,
};

typedef struct cands {
    char **v;
    size_t n, cap;
} cands;

/* Adds name when it starts with word (case-insensitively) and is not there
 * yet; a word typed in lower case gets a lower-case completion (identifiers
 * and keywords fold), anything else the name as it is. */
static void add(cands *c, const char *name, const char *word, size_t wlen)
{
    if (strncasecmp(name, word, wlen) != 0 || strlen(name) == wlen)
        return;
    bool lower = false, upper = false;
    for (size_t i = 0; i < wlen; i++) {
        lower |= islower((unsigned char)word[i]) != 0;
        upper |= isupper((unsigned char)word[i]) != 0;
    }
    bool folds = true; /* a name with lower-case letters is quoted: keep its case */
    for (const char *p = name; *p; p++)
        folds &= !islower((unsigned char)*p) && (isalnum((unsigned char)*p) || *p == '_' || *p == '.');
    char *s = ss_xstrdup(name);
    if (lower && !upper && folds)
        for (char *p = s; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i], s) == 0) {
            free(s);
            return;
        }
    SS_GROW(c->v, c->cap, c->n + 1);
    c->v[c->n++] = s;
}

/* Whether text mentions name as a whole word, case-insensitively. */
static bool mentions(const char *text, const char *name)
{
    size_t n = strlen(name);
    if (!text || !n)
        return false;
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, name, n) != 0)
            continue;
        bool before = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
        if (before && after)
            return true;
    }
    return false;
}

/* Inside WITH ( ... ) of the statement: the last WITH before the word is
 * followed by an open parenthesis not closed yet. */
static bool in_with(const char *pending, const char *line_before)
{
    size_t pl = pending ? strlen(pending) : 0, ll = strlen(line_before);
    char *all = ss_xmalloc(pl + ll + 2);
    memcpy(all, pending ? pending : "", pl);
    all[pl] = ' ';
    memcpy(all + pl + 1, line_before, ll + 1);
    const char *with = NULL;
    for (const char *p = all; *p; p++)
        if (strncasecmp(p, "with", 4) == 0 && (p == all || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[4]) && p[4] != '_')
            with = p;
    int depth = 0;
    for (const char *p = with; p && *p; p++)
        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
    free(all);
    return with && depth > 0;
}

/* Whether the last word of text (before trailing blanks) is kw. */
static bool after_word(const char *text, const char *kw)
{
    size_t n = strlen(text), k = strlen(kw);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n == strlen(text) || n < k || strncasecmp(text + n - k, kw, k) != 0)
        return false;
    return n == k || !(isalnum((unsigned char)text[n - k - 1]) || text[n - k - 1] == '_');
}

size_t ss_complete_candidates(const ss_complete_ctx *ctx, const char *line_before, const char *word, size_t wlen,
                              char ***out)
{
    cands c = {0};
    bool at_start = ss_repl_blank(line_before, strlen(line_before)) && (!ctx->pending || !*ctx->pending);
    if (wlen && word[0] == '.' && at_start) {
        for (const char *const *d = dot_commands; *d; d++)
            add(&c, *d, word, wlen);
        *out = c.v;
        return c.n;
    }
    const ss_app *app = ctx->app;
    if (in_with(ctx->pending, line_before)) {
        for (const ss_with_key_info *k = ss_with_keys(); k->name; k++)
            if (!strchr(k->name, '<'))
                add(&c, k->name, word, wlen);
    }
    /* After `.describe`, FROM, INTO or JOIN only stream names make sense. */
    bool describe = strncmp(line_before, ".describe", 9) == 0 || strncmp(line_before, ".desc", 5) == 0 ||
                    after_word(line_before, "FROM") || after_word(line_before, "INTO") ||
                    after_word(line_before, "JOIN");
    if (app) {
        bool named = false;
        for (uint32_t i = 0; i < app->nstreams; i++) {
            const ss_stream *s = app->streams[i];
            if (s->synthetic)
                continue;
            add(&c, s->name, word, wlen);
            named |= mentions(ctx->pending, s->name) || mentions(line_before, s->name);
        }
        for (uint32_t i = 0; i < app->nstreams && !describe; i++) {
            const ss_stream *s = app->streams[i];
            if (s->synthetic || (named && !mentions(ctx->pending, s->name) && !mentions(line_before, s->name)))
                continue;
            for (uint32_t k = 0; k < s->ncols; k++)
                add(&c, s->cols[k].name, word, wlen);
        }
    }
    for (const char *const *k = keywords; *k && !describe; k++)
        add(&c, *k, word, wlen);
    *out = c.v;
    return c.n;
}
