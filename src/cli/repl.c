/* `streamsql repl` (or `streamsql` alone on a terminal): the interactive
 * shell. CREATE statements build an application step by step; a SELECT
 * STREAM runs that application plus the query, its rows shown live, until
 * Ctrl-C or the end of its bounded sources. On a terminal it edits lines
 * with libedit (history, completion); with piped input it reads statements
 * plainly, with no prompts and no colours, for scripts and tests. */
#include "cli/cli.h"
#include "cli/repl.h"
#include "sql/analyze.h"
#include "sql/bindings.h"
#include "sql/explain.h"
#include "streamsql/streamsql.h"
#include "util/buf.h"
#include "util/mem.h"

#include <ctype.h>
#include <errno.h>
#include <histedit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PROMPT "streamsql> "
#define PROMPT_MORE "      ...> "

/* One compilation: the text it was made from and the arena its app lives
 * in. On the heap, because the app keeps a pointer to its source. */
typedef struct compiled {
    ss_source src;
    ss_arena arena;
    ss_app *app;
} compiled;

typedef struct repl {
    bool tty;          /* interactive: libedit, prompts, colours */
    bool json;         /* .mode json */
    ss_buf acc;        /* the CREATE statements accepted so far */
    compiled *cur;     /* acc compiled (NULL while acc is empty) */
    ss_buf pending;    /* lines of a statement not ended yet */
    uint32_t line0, col0; /* where pending starts in the input */
    ss_table table;
    const char *select_stream; /* the running SELECT's output stream */
    bool quit;
    int status;        /* piped input: 2 after an SQL error, 1 after a runtime failure */
    EditLine *el;
    History *hist;
    char *hist_path;
} repl;

/* Ctrl-C: while a query runs it stops that query (the run loop polls
 * `stop`); at the prompt it abandons the line; with piped input and no
 * query running it ends the program as usual. */
static volatile int stop_flag;
static volatile sig_atomic_t query_running, interrupted, piped;

static void on_sigint(int sig)
{
    stop_flag = 1;
    interrupted = 1;
    if (piped && !query_running) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

/* ---- statements ---- */

/* Skips a comment or quoted token at p; returns p unchanged if none starts
 * there, NULL when it is not closed within text[..len). */
static const char *skip_token(const char *p, const char *end)
{
    if (p + 1 < end && p[0] == '-' && p[1] == '-') {
        while (p < end && *p != '\n')
            p++;
        return p;
    }
    if (p + 1 < end && p[0] == '/' && p[1] == '*') {
        for (p += 2; p + 1 < end; p++)
            if (p[0] == '*' && p[1] == '/')
                return p + 2;
        return NULL;
    }
    if (*p == '\'' || *p == '"') {
        char q = *p;
        for (p++; p < end; p++)
            if (*p == q) {
                if (p + 1 < end && p[1] == q) { /* '' and "" are escapes, not ends */
                    p++;
                    continue;
                }
                return p + 1;
            }
        return NULL;
    }
    return p;
}

size_t ss_repl_stmt_end(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *q = skip_token(p, end);
        if (!q)
            return 0;
        if (q != p) {
            p = q;
            continue;
        }
        if (*p == ';')
            return (size_t)(p + 1 - text);
        p++;
    }
    return 0;
}

/* The first character of text[..end) not blank nor in a comment (a quote
 * counts: it starts a string or a name); end if there is none; NULL inside
 * a comment not closed. */
static const char *first_significant(const char *p, const char *end)
{
    while (p < end) {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        if (*p == '\'' || *p == '"')
            return p;
        const char *q = skip_token(p, end);
        if (!q || q == p)
            return q;
        p = q;
    }
    return p;
}

bool ss_repl_blank(const char *text, size_t len)
{
    return first_significant(text, text + len) == text + len;
}

/* The first word of a statement, past blanks and comments. */
static bool starts_with_word(const char *text, size_t len, const char *word)
{
    const char *end = text + len, *p = first_significant(text, end);
    size_t n = strlen(word);
    return p && (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0 &&
           ((size_t)(end - p) == n || !(isalnum((unsigned char)p[n]) || p[n] == '_'));
}

static void advance(uint32_t *line, uint32_t *col, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static void compiled_free(compiled *c)
{
    if (!c)
        return;
    ss_arena_free(&c->arena);
    free((char *)c->src.text);
    free(c);
}

/* Diagnostics of `text` = accepted statements + the new one at stmt_off:
 * those in the new statement are shown against it alone, numbered from where
 * it was typed (line0:col0 of input `name`); those in earlier statements (a
 * CREATE OR REPLACE that breaks a pump) against the whole application. */
static void print_diags(const ss_diags *d, const compiled *c, size_t stmt_off, const char *name, uint32_t line0,
                        uint32_t col0)
{
    ss_source stmt = {name, c->src.text + stmt_off, c->src.len - stmt_off};
    ss_source earlier = {"(earlier statements)", c->src.text, c->src.len};
    fflush(stdout); /* errors after the rows before them, in one stream */
    for (size_t i = 0; i < d->n; i++) {
        ss_diag dg = d->items[i];
        if (dg.pos.line == 0 || dg.pos.offset < stmt_off) {
            ss_diag_print_one(dg.pos.line == 0 ? &stmt : &earlier, &dg, stderr);
            continue;
        }
        uint32_t rel = dg.pos.offset - (uint32_t)stmt_off;
        ss_pos p = ss_source_pos(&stmt, rel);
        dg.pos.offset = rel;
        dg.pos.col = p.line == 1 ? p.col + col0 - 1 : p.col;
        dg.pos.line = p.line + line0 - 1;
        ss_diag_print_one(&stmt, &dg, stderr);
    }
    if (d->n)
        fprintf(stderr, "%zu error%s\n", d->n, d->n == 1 ? "" : "s");
}

static void on_record(void *ctx, const char *stream, const char *record, size_t len)
{
    repl *r = ctx;
    /* Only the query's own rows: a pump into an unbound stream that nothing
     * reads would otherwise mix its rows into the table (docs/REPL.md). */
    if (strcmp(stream, r->select_stream) != 0)
        return;
    ss_table_row(&r->table, record, len);
    if (r->tty)
        fflush(stdout);
}

static void run_select(repl *r, const ss_app *app, size_t stmt_off)
{
    const ss_stream *out = NULL;
    for (uint32_t i = 0; i < app->nstreams; i++)
        if (app->streams[i]->synthetic && app->streams[i]->stmt && app->streams[i]->stmt->start >= stmt_off)
            out = app->streams[i];
    if (!out)
        return;
    r->select_stream = out->name;
    ss_table_begin(&r->table, stdout, r->json, r->tty, out->cols, out->ncols);
    if (r->tty)
        fflush(stdout);
    ss_run_options opts = {0};
    opts.quiet = true;
    opts.stop = &stop_flag;
    opts.on_record = on_record;
    opts.record_ctx = r;
    stop_flag = 0;
    query_running = 1;
    int rc = ss_run_app(app, &opts, NULL);
    query_running = 0;
    bool stopped = stop_flag != 0;
    stop_flag = 0;
    interrupted = 0;
    unsigned long long rows = r->table.rows;
    if (stopped && r->tty)
        fputc('\r', stdout); /* over the terminal's echo of ^C, which would shift the rule */
    ss_table_end(&r->table);
    if (r->tty)
        printf("%llu row%s%s\n", rows, rows == 1 ? "" : "s",
               stopped ? " (stopped by Ctrl-C)" : "");
    fflush(stdout);
    if (rc)
        r->status = 1;
}

/* Compiles the accepted statements plus stmt[0..len); runs it when it is a
 * SELECT, else keeps it when it compiles. */
static void statement(repl *r, const char *stmt, size_t len, const char *name, uint32_t line0, uint32_t col0)
{
    ss_buf text = {0};
    if (r->acc.len) {
        ss_buf_append(&text, r->acc.data, r->acc.len);
        ss_buf_putc(&text, '\n');
    }
    size_t stmt_off = text.len;
    ss_buf_append(&text, stmt, len);
    compiled *c = ss_xcalloc(1, sizeof *c);
    c->src.name = name;
    c->src.len = text.len;
    c->src.text = ss_buf_cstr(&text);
    ss_arena_init(&c->arena, 65536);
    ss_diags d;
    ss_diags_init(&d, &c->src);
    c->app = ss_compile(&c->src, &c->arena, &d);
    print_diags(&d, c, stmt_off, name, line0, col0);
    ss_diags_free(&d);
    if (!c->app) {
        r->status = r->status ? r->status : 2;
        compiled_free(c);
        return;
    }
    if (starts_with_word(stmt, len, "SELECT")) {
        run_select(r, c->app, stmt_off);
        compiled_free(c);
        return;
    }
    ss_buf_clear(&r->acc);
    ss_buf_append(&r->acc, c->src.text, c->src.len);
    compiled_free(r->cur);
    r->cur = c;
    c->src.name = "(application)"; /* name was the caller's, which may not live on */
}

/* Runs every complete statement in pending; what follows the last ';' stays. */
static void feed(repl *r, const char *name)
{
    size_t end;
    while (!r->quit && (end = ss_repl_stmt_end(r->pending.data, r->pending.len)) > 0) {
        /* The statement starts at its first non-blank character, so that its
         * positions count from there. */
        size_t start = 0;
        while (start < end && isspace((unsigned char)r->pending.data[start]))
            start++;
        advance(&r->line0, &r->col0, r->pending.data, start);
        char *stmt = ss_xstrndup(r->pending.data + start, end - start);
        statement(r, stmt, end - start, name, r->line0, r->col0);
        free(stmt);
        advance(&r->line0, &r->col0, r->pending.data + start, end - start);
        memmove(r->pending.data, r->pending.data + end, r->pending.len - end);
        r->pending.len -= end;
    }
}

/* ---- dot-commands ---- */

static char *fold_name(const char *s, size_t n)
{
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
        return ss_xstrndup(s + 1, n - 2);
    char *r = ss_xstrndup(s, n);
    for (char *p = r; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return r;
}

static void print_binding(const ss_stream *s, FILE *out)
{
    if (s->binding.connector == SS_CONN_NONE)
        fprintf(out, "in-application%s",
                s->role == SS_ROLE_STDOUT ? " (not read by any pump: its rows are not shown)" : "");
    else
        fprintf(out, "%s '%s'", ss_connector_name(s->binding.connector), s->binding.target ? s->binding.target : "");
}

static void cmd_streams(repl *r)
{
    const ss_app *app = r->cur ? r->cur->app : NULL;
    unsigned n = 0;
    for (uint32_t i = 0; app && i < app->nstreams; i++) {
        const ss_stream *s = app->streams[i];
        if (s->synthetic)
            continue;
        uint32_t cols = 0;
        for (uint32_t c = 0; c < s->ncols; c++)
            cols += !s->cols[c].hidden;
        printf("%-30s %3u column%s  ", s->name, cols, cols == 1 ? " " : "s");
        print_binding(s, stdout);
        putchar('\n');
        n++;
    }
    if (!n)
        printf("no streams yet: CREATE STREAM name (column type, ...) WITH (...);\n");
}

/* The text of a WITH value as written: from its start to the next ',' or
 * ')' outside quotes. */
static void print_with_value(const ss_app *app, const ss_expr *v, FILE *out)
{
    const char *text = app->src->text, *end = text + app->src->len;
    const char *p = text + v->pos.offset, *q = p;
    while (q < end && *q != ',' && *q != ')') {
        const char *t = skip_token(q, end);
        q = !t ? end : t != q ? t : q + 1;
    }
    while (q > p && isspace((unsigned char)q[-1]))
        q--;
    fprintf(out, "%.*s", (int)(q - p), p);
}

static void cmd_describe(repl *r, const char *arg)
{
    const ss_app *app = r->cur ? r->cur->app : NULL;
    size_t n = strlen(arg);
    while (n && (isspace((unsigned char)arg[n - 1]) || arg[n - 1] == ';'))
        n--;
    if (!n) {
        fprintf(stderr, "usage: .describe STREAM\n");
        return;
    }
    char *name = fold_name(arg, n);
    const ss_stream *s = app ? ss_app_find_stream(app, name) : NULL;
    if (!s || s->synthetic) {
        fprintf(stderr, "no stream named %s\n", name);
        r->status = r->status ? r->status : 2;
        free(name);
        return;
    }
    free(name);
    printf("Stream %s: ", s->name);
    print_binding(s, stdout);
    putchar('\n');
    size_t w = 6;
    for (uint32_t c = 0; c < s->ncols; c++)
        if (strlen(s->cols[c].name) > w)
            w = strlen(s->cols[c].name);
    printf("  %-*s  TYPE\n", (int)w, "COLUMN");
    for (uint32_t c = 0; c < s->ncols; c++) {
        char tb[64];
        printf("  %-*s  %s%s\n", (int)w, s->cols[c].name, ss_type_name(s->cols[c].type, tb, sizeof tb),
               s->cols[c].hidden ? " (from the connector)" : "");
    }
    const ss_stmt *st = s->stmt;
    if (st && st->nwith) {
        printf("WITH\n");
        for (uint32_t i = 0; i < st->nwith; i++) {
            const ss_with_opt *o = st->with[i];
            printf(o->key_is_string ? "  '%s' = " : "  %s = ", o->key);
            print_with_value(app, o->value, stdout);
            putchar('\n');
        }
    }
}

static void cmd_explain(repl *r)
{
    if (!r->cur) {
        printf("nothing to explain yet\n");
        return;
    }
    ss_buf out = {0};
    ss_explain(r->cur->app, &out);
    fwrite(out.data, 1, out.len, stdout);
    ss_buf_free(&out);
}

static void cmd_load(repl *r, const char *path)
{
    ss_source src;
    if (!*path) {
        fprintf(stderr, "usage: .load FILE.sql\n");
        return;
    }
    if (ss_cli_read_source(path, &src)) {
        r->status = r->status ? r->status : 2;
        return;
    }
    /* The file's statements run as if typed, numbered within the file. */
    ss_buf saved = r->pending;
    uint32_t line = r->line0, col = r->col0;
    memset(&r->pending, 0, sizeof r->pending);
    ss_buf_append(&r->pending, src.text, src.len);
    r->line0 = r->col0 = 1;
    feed(r, path);
    if (!ss_repl_blank(r->pending.data, r->pending.len))
        fprintf(stderr, "%s: the last statement has no ';': ignored\n", path);
    ss_buf_free(&r->pending);
    r->pending = saved;
    r->line0 = line;
    r->col0 = col;
    ss_cli_free_source(&src);
}

static const char help_text[] =
    "Statements end with ';' and may span lines.\n"
    "  CREATE [OR REPLACE] STREAM ... ;   adds a stream to the application\n"
    "  CREATE [OR REPLACE] PUMP ... ;     adds a pump\n"
    "  SELECT STREAM ... ;                runs the application with this query and\n"
    "                                     shows its rows until Ctrl-C (or the end of\n"
    "                                     bounded sources)\n"
    ".help                 this text\n"
    ".streams              the streams: columns and binding\n"
    ".describe STREAM      a stream's columns, types and WITH keys\n"
    ".explain              the application's operator pipeline\n"
    ".load FILE.sql        runs the statements of a file\n"
    ".mode table|json      how rows are shown\n"
    ".quit                 leaves (also Ctrl-D)\n"
    "Tab completes keywords, streams, columns, WITH keys and dot-commands.\n";

static void dot_command(repl *r, const char *line)
{
    while (isspace((unsigned char)*line))
        line++;
    size_t n = 0;
    while (line[n] && !isspace((unsigned char)line[n]))
        n++;
    const char *arg = line + n;
    while (isspace((unsigned char)*arg))
        arg++;
    char *a = ss_xstrdup(arg);
    for (size_t k = strlen(a); k && isspace((unsigned char)a[k - 1]); k--)
        a[k - 1] = 0;
#define IS(cmd) (n == strlen(cmd) && strncmp(line, cmd, n) == 0)
    if (IS(".help"))
        fputs(help_text, stdout);
    else if (IS(".quit") || IS(".exit") || IS(".q"))
        r->quit = true;
    else if (IS(".streams"))
        cmd_streams(r);
    else if (IS(".describe") || IS(".desc"))
        cmd_describe(r, a);
    else if (IS(".explain"))
        cmd_explain(r);
    else if (IS(".load"))
        cmd_load(r, a);
    else if (IS(".mode") && (strcmp(a, "json") == 0 || strcmp(a, "table") == 0))
        r->json = strcmp(a, "json") == 0;
    else if (IS(".mode") && !*a)
        printf("mode %s (.mode table|json)\n", r->json ? "json" : "table");
    else if (IS(".mode")) {
        fprintf(stderr, "usage: .mode table|json\n");
        r->status = r->status ? r->status : 2;
    }
    else {
        fprintf(stderr, "unknown command %.*s: .help lists them\n", (int)n, line);
        r->status = r->status ? r->status : 2;
    }
#undef IS
    free(a);
    fflush(stdout);
}

/* One line of input (no line end), either way it came. */
static void on_line(repl *r, const char *line, const char *name)
{
    if (ss_repl_blank(r->pending.data, r->pending.len)) {
        const char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '.') {
            advance(&r->line0, &r->col0, r->pending.data, r->pending.len);
            r->pending.len = 0;
            dot_command(r, p);
            r->line0++;
            r->col0 = 1;
            return;
        }
    }
    ss_buf_puts(&r->pending, line);
    ss_buf_putc(&r->pending, '\n');
    feed(r, name);
    if (ss_repl_blank(r->pending.data, r->pending.len)) {
        advance(&r->line0, &r->col0, r->pending.data, r->pending.len);
        r->pending.len = 0;
        if (r->tty) /* at the prompt, each statement counts from 1:1 */
            r->line0 = r->col0 = 1;
    }
}

/* ---- the terminal ---- */

static char *prompt(EditLine *el)
{
    repl *r;
    el_get(el, EL_CLIENTDATA, &r);
    return ss_repl_blank(r->pending.data, r->pending.len) ? PROMPT : PROMPT_MORE;
}

static unsigned char complete(EditLine *el, int ch)
{
    (void)ch;
    repl *r;
    el_get(el, EL_CLIENTDATA, &r);
    const LineInfo *li = el_line(el);
    const char *start = li->cursor;
    while (start > li->buffer && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
        start--;
    if (start > li->buffer && start - 1 == li->buffer && start[-1] == '.') /* a dot-command */
        start--;
    char *before = ss_xstrndup(li->buffer, (size_t)(start - li->buffer));
    ss_buf_cstr(&r->pending);
    ss_complete_ctx ctx = {r->cur ? r->cur->app : NULL, r->pending.len ? r->pending.data : ""};
    char **c = NULL;
    size_t wlen = (size_t)(li->cursor - start);
    size_t n = ss_complete_candidates(&ctx, before, start, wlen, &c);
    unsigned char rc = CC_REFRESH;
    if (n == 0) {
        rc = CC_ERROR;
    } else if (n == 1) {
        el_insertstr(el, c[0] + wlen);
        el_insertstr(el, " ");
    } else {
        size_t common = strlen(c[0]);
        for (size_t i = 1; i < n; i++) {
            size_t k = 0;
            while (k < common && c[i][k] && tolower((unsigned char)c[i][k]) == tolower((unsigned char)c[0][k]))
                k++;
            common = k;
        }
        if (common > wlen) {
            char *ins = ss_xstrndup(c[0] + wlen, common - wlen);
            el_insertstr(el, ins);
            free(ins);
        } else {
            fputc('\n', stdout);
            for (size_t i = 0; i < n; i++)
                printf("%s%s", c[i], i + 1 < n ? "  " : "\n");
            rc = CC_REDISPLAY;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(c[i]);
    free(c);
    free(before);
    return rc;
}

static void history_add(repl *r, const char *text, size_t len)
{
    if (!r->hist)
        return;
    /* One entry per statement, on one line, so Up brings it back whole. */
    char *e = ss_xstrndup(text, len);
    size_t w = 0;
    for (size_t i = 0; e[i]; i++) {
        char ch = e[i] == '\n' || e[i] == '\r' || e[i] == '\t' ? ' ' : e[i];
        if (ch == ' ' && (w == 0 || e[w - 1] == ' '))
            continue;
        e[w++] = ch;
    }
    while (w && e[w - 1] == ' ')
        w--;
    e[w] = 0;
    HistEvent ev;
    if (w) {
        history(r->hist, &ev, H_ENTER, e);
        if (r->hist_path)
            history(r->hist, &ev, H_SAVE, r->hist_path);
    }
    free(e);
}

static void terminal_loop(repl *r)
{
    r->el = el_init("streamsql", stdin, stdout, stderr);
    r->hist = history_init();
    HistEvent ev;
    history(r->hist, &ev, H_SETSIZE, 1000);
    history(r->hist, &ev, H_SETUNIQUE, 1);
    const char *hp = getenv("STREAMSQL_HISTORY");
    const char *home = getenv("HOME");
    if (hp && *hp)
        r->hist_path = ss_xstrdup(hp);
    else if (home && *home) {
        ss_buf b = {0};
        ss_buf_printf(&b, "%s/.streamsql_history", home);
        r->hist_path = (char *)ss_buf_cstr(&b);
    }
    if (r->hist_path)
        history(r->hist, &ev, H_LOAD, r->hist_path);
    el_set(r->el, EL_CLIENTDATA, r);
    el_set(r->el, EL_EDITOR, "emacs");
    el_set(r->el, EL_PROMPT, prompt);
    el_set(r->el, EL_HIST, history, r->hist);
    /* The wide call: the narrow one copies the two strings and never frees
     * them (libedit's el.c says so), which the ASan build reports. */
    el_wset(r->el, EL_ADDFN, L"ss-complete", L"complete a keyword, stream, column or WITH key", complete);
    el_set(r->el, EL_BIND, "^I", "ss-complete", NULL);

    printf("streamsql %s: KDA SQL, one statement at a time. .help for help, Ctrl-D to leave.\n", SS_VERSION);
    ss_buf stmt = {0}; /* the statement being typed, for history */
    while (!r->quit) {
        int count = 0;
        interrupted = 0;
        const char *line = el_gets(r->el, &count);
        if (!line && interrupted) { /* Ctrl-C at the prompt: drop what was typed */
            fputs("^C\n", stdout);
            r->pending.len = 0;
            stmt.len = 0;
            r->line0 = r->col0 = 1;
            continue;
        }
        if (!line || count <= 0)
            break;
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        char *l = ss_xstrndup(line, len);
        bool was_blank = ss_repl_blank(r->pending.data, r->pending.len);
        if (was_blank && l[strspn(l, " \t")] == '.') {
            history_add(r, l, len);
        } else {
            ss_buf_append(&stmt, l, len);
            ss_buf_putc(&stmt, '\n');
        }
        on_line(r, l, "<stdin>");
        if (ss_repl_blank(r->pending.data, r->pending.len) && stmt.len) {
            history_add(r, stmt.data, stmt.len);
            stmt.len = 0;
        }
        free(l);
    }
    if (!r->quit)
        putchar('\n');
    ss_buf_free(&stmt);
    history_end(r->hist);
    el_end(r->el);
    free(r->hist_path);
}

static void piped_loop(repl *r)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!r->quit && (n = getline(&line, &cap, stdin)) >= 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        on_line(r, line, "<stdin>");
    }
    free(line);
    if (!r->quit && !ss_repl_blank(r->pending.data, r->pending.len)) {
        fprintf(stderr, "<stdin>:%u:%u: error: the last statement has no ';'\n", r->line0, r->col0);
        r->status = 2;
    }
}

int ss_cmd_repl(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: streamsql repl   (statements come from the terminal or stdin)\n");
        return 2;
    }
    repl r = {0};
    r.tty = isatty(0) && isatty(1);
    r.line0 = r.col0 = 1;
    piped = !r.tty;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint; /* no SA_RESTART: Ctrl-C must end a waiting read */
    sigaction(SIGINT, &sa, NULL);
    if (r.tty)
        terminal_loop(&r);
    else
        piped_loop(&r);
    ss_buf_free(&r.acc);
    ss_buf_free(&r.pending);
    compiled_free(r.cur);
    return r.tty ? 0 : r.status;
}
