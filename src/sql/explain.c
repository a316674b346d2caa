/* The `explain` printer; see explain.h. It reads the analyzed application
 * directly: each pump's operator chain is what the planner builds from it. */
#include "sql/explain.h"
#include "sql/bindings.h"
#include "util/names.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *ss_format_duration(int64_t ms, char *buf, size_t len)
{
    static const struct {
        int64_t ms;
        const char *unit;
    } units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"}};
    if (ms == 0) {
        snprintf(buf, len, "0s");
        return buf;
    }
    size_t at = 0;
    int64_t left = ms < 0 ? -ms : ms;
    if (ms < 0 && at < len)
        at += (size_t)snprintf(buf + at, len - at, "-");
    for (size_t i = 0; i < sizeof units / sizeof units[0] && left && at < len; i++) {
        if (left >= units[i].ms) {
            at += (size_t)snprintf(buf + at, len - at, "%lld%s", (long long)(left / units[i].ms), units[i].unit);
            left %= units[i].ms;
        }
    }
    return buf;
}

bool ss_is_secret_key(const char *key)
{
    static const char *const words[] = {"password", "secret", "token", "jaas", "credential",
                                        "private", "key.pem", "keystore.key"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(key, words[i]))
            return true;
    return false;
}

typedef struct namer_ctx {
    const ss_query *q;
    bool output; /* naming output slots (grouped/sliding layout) */
} namer_ctx;

static void print_agg(const ss_query *q, const ss_agg *agg, ss_buf *out);

static void name_input_slot(void *ctx, int slot, ss_buf *out)
{
    const namer_ctx *c = ctx;
    const ss_stream *s = c->q->from;
    if (slot >= 0 && (uint32_t)slot < s->ncols)
        ss_buf_puts(out, s->cols[slot].name);
    else
        ss_buf_printf(out, "$%d", slot);
}

static void name_output_slot(void *ctx, int slot, ss_buf *out)
{
    const namer_ctx *c = ctx;
    const ss_query *q = c->q;
    uint32_t base = q->out_base_slots;
    if ((uint32_t)slot >= base && (uint32_t)slot - base < q->naggs) {
        print_agg(q, &q->aggs[(uint32_t)slot - base], out);
        return;
    }
    bool grouped = q->window != SS_WIN_NONE;
    if (grouped && (uint32_t)slot < q->nkeys) {
        namer_ctx in = {q, false};
        ss_slot_namer nm = {name_input_slot, &in, "s.ROWTIME"};
        ss_ast_print_expr_named(q->keys[slot], out, &nm);
        return;
    }
    name_input_slot(ctx, slot, out);
}

static void print_in(const ss_query *q, const ss_expr *e, ss_buf *out)
{
    namer_ctx c = {q, false};
    ss_slot_namer nm = {name_input_slot, &c, "s.ROWTIME"};
    ss_ast_print_expr_named(e, out, &nm);
}

static void print_out(const ss_query *q, const ss_expr *e, ss_buf *out)
{
    namer_ctx c = {q, true};
    ss_slot_namer nm = {name_output_slot, &c, "s.ROWTIME"};
    ss_ast_print_expr_named(e, out, &nm);
}

static void print_agg(const ss_query *q, const ss_agg *agg, ss_buf *out)
{
    ss_buf_printf(out, "%s(", ss_func_by_id(agg->fn)->name);
    if (agg->star)
        ss_buf_putc(out, '*');
    else {
        if (agg->distinct)
            ss_buf_puts(out, "DISTINCT ");
        print_in(q, agg->arg, out);
    }
    ss_buf_putc(out, ')');
}

static void print_type_list(const ss_stream *s, ss_buf *out)
{
    char tb[64], nb[160];
    ss_buf_putc(out, '(');
    for (uint32_t i = 0; i < s->ncols; i++) {
        if (i)
            ss_buf_puts(out, ", ");
        ss_buf_printf(out, "%s %s", ss_names_show(s->cols[i].name, nb, sizeof nb),
                      ss_type_name(s->cols[i].type, tb, sizeof tb));
        if (s->cols[i].hidden)
            ss_buf_puts(out, " (from the connector)");
    }
    ss_buf_putc(out, ')');
}

static void print_binding(const ss_stream *s, ss_buf *out)
{
    char d1[32];
    const ss_binding *b = &s->binding;
    switch (b->connector) {
    case SS_CONN_FILE:
        if (strcmp(b->target, "-") == 0)
            ss_buf_puts(out, s->role == SS_ROLE_SINK ? "stdout" : "stdin");
        else
            ss_buf_printf(out, "file '%s'", b->target);
        break;
    case SS_CONN_KAFKA:
        ss_buf_printf(out, "kafka topic '%s'", b->target);
        if (b->kafka_brokers)
            ss_buf_printf(out, " brokers %s", b->kafka_brokers);
        if (b->kafka_group_id)
            ss_buf_printf(out, " group '%s'", b->kafka_group_id);
        if (b->kafka_key)
            ss_buf_printf(out, " key %s", b->kafka_key);
        for (uint32_t i = 0; i < b->nkafka_props; i++)
            ss_buf_printf(out, " %s=%s", b->kafka_props[i].key,
                          ss_is_secret_key(b->kafka_props[i].key) ? "***" : b->kafka_props[i].value);
        break;
    case SS_CONN_KINESIS:
        ss_buf_printf(out, "kinesis stream '%s'", b->target);
        if (b->kinesis_endpoint)
            ss_buf_printf(out, " endpoint %s", b->kinesis_endpoint);
        if (b->kinesis_region)
            ss_buf_printf(out, " region %s", b->kinesis_region);
        if (b->partition_key)
            ss_buf_printf(out, " partition key %s", b->partition_key);
        break;
    case SS_CONN_GENERATOR:
        ss_buf_printf(out, "generator %s", b->target);
        if (b->count >= 0)
            ss_buf_printf(out, " count %lld", (long long)b->count);
        if (b->rate > 0)
            ss_buf_printf(out, " rate %g/s", b->rate);
        ss_buf_printf(out, " seed %llu", (unsigned long long)b->seed);
        break;
    case SS_CONN_NONE:
        ss_buf_puts(out, "stdout");
        break;
    }
    if (b->connector == SS_CONN_FILE || b->connector == SS_CONN_KAFKA ||
        b->connector == SS_CONN_KINESIS || b->connector == SS_CONN_NONE) {
        if (b->format == SS_FMT_CSV)
            ss_buf_printf(out, " format CSV%s delimiter '%c'", b->csv_header ? " header" : "",
                          b->csv_delimiter);
        else
            ss_buf_puts(out, " format JSON");
    }
    if (s->role == SS_ROLE_SOURCE) {
        if (b->rowtime_column)
            ss_buf_printf(out, ", event time %s", b->rowtime_column);
        else if (b->connector == SS_CONN_KAFKA)
            ss_buf_puts(out, ", event time: message timestamp");
        else if (b->connector == SS_CONN_KINESIS)
            ss_buf_puts(out, ", event time: approximate arrival time");
        else
            ss_buf_puts(out, ", arrival time");
        ss_buf_printf(out, ", watermark delay %s",
                      ss_format_duration(b->watermark_delay_ms, d1, sizeof d1));
        if (b->connector == SS_CONN_KAFKA || b->connector == SS_CONN_KINESIS)
            ss_buf_printf(out, ", idle timeout %s, start %s",
                          ss_format_duration(b->idle_timeout_ms, d1, sizeof d1),
                          b->start == SS_START_LATEST ? "LATEST" : "TRIM_HORIZON");
        if (b->stop_at_end)
            ss_buf_puts(out, ", stop at end");
    }
}

static void print_keys(const ss_query *q, ss_buf *out, bool skip_window)
{
    bool any = false;
    for (uint32_t i = 0; i < q->nkeys; i++) {
        if (skip_window && (int)i == q->window_key)
            continue;
        ss_buf_puts(out, any ? ", " : "");
        print_in(q, q->keys[i], out);
        any = true;
    }
    if (!any)
        ss_buf_puts(out, "(none)");
}

static void print_pump(const ss_pump *p, ss_buf *out)
{
    char d1[32], d2[32], nb[160];
    const ss_query *q = p->q;
    if (p->name)
        ss_buf_printf(out, "pump     %s: %s -> %s\n", ss_names_show(p->name, nb, sizeof nb),
                      p->from->name, p->into->name);
    else
        ss_buf_printf(out, "select   %s -> %s\n", p->from->name, p->into->name);
    ss_buf_printf(out, "  scan      %s\n", p->from->name);
    if (q->where) {
        ss_buf_puts(out, "  filter    ");
        print_in(q, q->where, out);
        ss_buf_putc(out, '\n');
    }
    switch (q->window) {
    case SS_WIN_TUMBLE:
        if (q->calendar)
            ss_buf_printf(out, "  tumble    1 %s (calendar)", ss_unit_name(q->calendar));
        else
            ss_buf_printf(out, "  tumble    size %s", ss_format_duration(q->size_ms, d1, sizeof d1));
        if (q->align_ms)
            ss_buf_printf(out, " aligned to %lld ms", (long long)q->align_ms);
        ss_buf_puts(out, ", group by ");
        print_keys(q, out, true);
        ss_buf_putc(out, '\n');
        break;
    case SS_WIN_HOP:
        ss_buf_printf(out, "  hop       size %s slide %s, group by ",
                      ss_format_duration(q->size_ms, d1, sizeof d1),
                      ss_format_duration(q->slide_ms, d2, sizeof d2));
        print_keys(q, out, true);
        ss_buf_putc(out, '\n');
        break;
    case SS_WIN_SESSION:
        ss_buf_printf(out, "  session   gap %s, group by ", ss_format_duration(q->gap_ms, d1, sizeof d1));
        print_keys(q, out, true);
        ss_buf_putc(out, '\n');
        break;
    case SS_WIN_STAGGER:
        ss_buf_printf(out, "  stagger   range %s, partition by ", ss_format_duration(q->size_ms, d1, sizeof d1));
        print_keys(q, out, false);
        ss_buf_putc(out, '\n');
        break;
    case SS_WIN_NONE:
        break;
    }
    for (uint32_t w = 0; w < q->novers; w++) {
        const ss_over *o = &q->overs[w];
        if (o->frame == SS_FRAME_RANGE)
            ss_buf_printf(out, "  sliding   range %s", ss_format_duration(o->range_ms, d1, sizeof d1));
        else
            ss_buf_printf(out, "  sliding   rows %lld", (long long)o->rows);
        if (o->name)
            ss_buf_printf(out, " (window %s)", o->name);
        ss_buf_puts(out, ", partition by ");
        for (uint32_t i = 0; i < o->npartition; i++) {
            if (i)
                ss_buf_puts(out, ", ");
            print_in(q, o->partition[i], out);
        }
        if (!o->npartition)
            ss_buf_puts(out, "(none)");
        ss_buf_puts(out, ": ");
        bool first = true;
        for (uint32_t i = 0; i < q->naggs; i++) {
            if (q->aggs[i].over != (int)w)
                continue;
            ss_buf_puts(out, first ? "" : ", ");
            print_agg(q, &q->aggs[i], out);
            first = false;
        }
        ss_buf_putc(out, '\n');
    }
    if (q->window != SS_WIN_NONE && q->naggs) {
        ss_buf_puts(out, "  aggregate ");
        for (uint32_t i = 0; i < q->naggs; i++) {
            if (i)
                ss_buf_puts(out, ", ");
            print_agg(q, &q->aggs[i], out);
        }
        ss_buf_putc(out, '\n');
    }
    if (q->having) {
        ss_buf_puts(out, "  having    ");
        print_out(q, q->having, out);
        ss_buf_putc(out, '\n');
    }
    ss_buf_puts(out, "  project   ");
    for (uint32_t i = 0; i < q->nout; i++) {
        if (i)
            ss_buf_puts(out, ", ");
        print_out(q, q->out[i], out);
        if (p->into->synthetic)
            ss_buf_printf(out, " AS %s", ss_names_show(q->out_names[i], nb, sizeof nb));
    }
    ss_buf_putc(out, '\n');
    if (q->distinct)
        ss_buf_puts(out, "  distinct\n");
    ss_buf_printf(out, "  insert    %s, ROWTIME = %s\n", p->into->name,
                  q->window == SS_WIN_NONE                                   ? "the input row's"
                  : q->window == SS_WIN_STAGGER                              ? "window start + range"
                  : q->window == SS_WIN_SESSION                              ? "last row + gap"
                                                                             : "the window's end");
}

void ss_explain(const ss_app *app, ss_buf *out)
{
    char nb[160];
    for (uint32_t i = 0; i < app->nstreams; i++) {
        const ss_stream *s = app->streams[i];
        if (s->role != SS_ROLE_SOURCE)
            continue;
        ss_buf_printf(out, "source   %s  ", ss_names_show(s->name, nb, sizeof nb));
        print_binding(s, out);
        ss_buf_puts(out, "\n         ");
        print_type_list(s, out);
        ss_buf_putc(out, '\n');
    }
    for (uint32_t i = 0; i < app->nstreams; i++) {
        const ss_stream *s = app->streams[i];
        if (s->role != SS_ROLE_INAPP)
            continue;
        ss_buf_printf(out, "stream   %s  ", ss_names_show(s->name, nb, sizeof nb));
        print_type_list(s, out);
        ss_buf_putc(out, '\n');
    }
    for (uint32_t i = 0; i < app->norder; i++)
        print_pump(app->order[i], out);
    for (uint32_t i = 0; i < app->nstreams; i++) {
        const ss_stream *s = app->streams[i];
        if (s->role != SS_ROLE_SINK && s->role != SS_ROLE_STDOUT)
            continue;
        ss_buf_printf(out, "sink     %s  ", ss_names_show(s->name, nb, sizeof nb));
        print_binding(s, out);
        ss_buf_puts(out, "\n         ");
        print_type_list(s, out);
        ss_buf_putc(out, '\n');
    }
    for (uint32_t i = 0; i < app->nstreams; i++) {
        const ss_stream *s = app->streams[i];
        if (s->role == SS_ROLE_UNUSED)
            ss_buf_printf(out, "unused   %s (declared, neither read nor written)\n",
                          ss_names_show(s->name, nb, sizeof nb));
    }
}
