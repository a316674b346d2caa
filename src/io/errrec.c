/* Error-stream records as JSON lines; see errrec.h. Strings go through the
 * same JSON string writer as the sinks (encode.c), which repairs UTF-8. */
#include "io/errrec.h"
#include "io/encode.h"
#include "util/numconv.h"
#include "util/timeconv.h"

#include <string.h>

static const char *const kind_names[SS_ERR__COUNT] = {"parse", "convert", "rowtime", "late", "eval"};

const char *ss_err_kind_name(ss_err_kind k)
{
    return (unsigned)k < SS_ERR__COUNT ? kind_names[k] : "?";
}

static void put_str(ss_buf *out, const char *s)
{
    if (s)
        ss_encode_json_string(out, s, strlen(s));
    else
        ss_buf_append(out, "null", 4);
}

static void put_i64(ss_buf *out, int64_t v)
{
    ss_buf_reserve(out, SS_NUM_INT64_BUFSZ);
    out->len += ss_num_format_int64(v, out->data + out->len);
}

static void put_u64(ss_buf *out, uint64_t v)
{
    ss_buf_reserve(out, SS_NUM_INT64_BUFSZ);
    out->len += ss_num_format_uint64(v, out->data + out->len);
}

static void put_position(ss_buf *out, const ss_err_position *p)
{
    switch (p->kind) {
    case SS_POS_FILE:
        ss_buf_puts(out, "{\"file\":");
        put_str(out, p->name);
        ss_buf_puts(out, ",\"line\":");
        put_u64(out, p->line);
        break;
    case SS_POS_KAFKA:
        ss_buf_puts(out, "{\"topic\":");
        put_str(out, p->name);
        ss_buf_puts(out, ",\"partition\":");
        put_i64(out, p->partition);
        ss_buf_puts(out, ",\"offset\":");
        put_i64(out, p->offset);
        break;
    case SS_POS_KINESIS:
        ss_buf_puts(out, "{\"stream\":");
        put_str(out, p->name);
        ss_buf_puts(out, ",\"shard\":");
        put_str(out, p->shard);
        ss_buf_puts(out, ",\"sequence\":");
        put_str(out, p->sequence);
        break;
    case SS_POS_GENERATOR:
        ss_buf_puts(out, "{\"generator\":");
        put_str(out, p->name);
        ss_buf_puts(out, ",\"row\":");
        put_u64(out, p->line);
        break;
    default: ss_buf_puts(out, "null"); return;
    }
    ss_buf_putc(out, '}');
}

void ss_errrec_encode(const ss_err_record *r, ss_buf *out)
{
    char ts[SS_TIME_BUFSZ];
    size_t n = ss_time_format_timestamp(r->error_time, ts);
    ss_buf_puts(out, "{\"error_time\":\"");
    ss_buf_append(out, ts, n);
    ss_buf_puts(out, "\",\"kind\":\"");
    ss_buf_puts(out, ss_err_kind_name(r->kind));
    ss_buf_puts(out, "\",\"message\":");
    put_str(out, r->message);
    ss_buf_puts(out, ",\"stream\":");
    put_str(out, r->stream);
    ss_buf_puts(out, ",\"position\":");
    put_position(out, &r->position);
    ss_buf_puts(out, ",\"data\":");
    size_t len = r->data ? r->data_len : 0;
    size_t used = ss_encode_json_string_max(out, r->data ? r->data : "", len, SS_ERRREC_DATA_MAX);
    if (used < len)
        ss_buf_puts(out, ",\"data_truncated\":true");
    ss_buf_puts(out, "}\n");
}
