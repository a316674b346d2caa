/* The Kinesis sink: rows are encoded (one JSON object or CSV record, without
 * the line end) and buffered; flush and drain send them with PutRecords in
 * batches of at most 500 records / 5 MB. The partition key is the
 * PARTITION_KEY column's text (cut to 256 bytes at a character boundary; a
 * NULL value is the key "null"); without PARTITION_KEY every record has the
 * in-application stream's name as its key, so the output keeps its order
 * (in one shard) and is the same from run to run.
 *
 * Records the service refuses one by one with a retriable error
 * (ProvisionedThroughputExceeded, InternalFailure), and whole calls that
 * fail retriably (throttling, 5xx, no answer), are sent again after an
 * exponential backoff with jitter, for up to RETRY_FOR_MS; a record resent
 * may then follow later records of its key. Anything else, or retrying for
 * longer, fails the application (exit 1) with a message naming the stream.
 *
 * PutRecords is at-least-once: a call whose answer is lost may have stored
 * its records, and after a restore the rows since the checkpoint are sent
 * again. So records can carry a field (SEQUENCE_FIELD, '_seq' in checkpointed
 * runs) that names each one the same way every time it is sent: the output's
 * id and the row's number in the output, "<16 hex digits>-<n>". A checkpoint
 * waits until everything before it is stored. */
#include "exec/rt.h"
#include "io/kinesis_client.h"
#include "util/mem.h"
#include "util/numconv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RETRY_FOR_MS (5 * 60 * 1000)
#define BACKOFF_MIN_MS 50
#define BACKOFF_MAX_MS 5000

typedef struct pending { /* one buffered record: data, then key, in ks->data */
    size_t off;
    size_t len;
    size_t key_len;
} pending;

typedef struct kinesis_sink {
    ss_kinesis *client;
    int key_col;
    ss_buf data; /* the buffered records' bytes and keys */
    pending *recs;
    size_t n, cap;
    ss_kinesis_put_entry entries[SS_KINESIS_PUT_MAX_RECORDS];
    ss_kinesis_put_result results[SS_KINESIS_PUT_MAX_RECORDS];
    size_t batch[SS_KINESIS_PUT_MAX_RECORDS]; /* index in recs of each entry */
    bool *sent;
    size_t sent_cap;
    uint64_t rng;
    uint64_t written, resent;
    /* What goes before a record's number: `,"_seq":"<id>-` (JSON) or
     * `,<id>-` (CSV); empty: records carry no sequence field. */
    ss_buf seq_prefix;
    bool prefix_made;
    char last_error[sizeof(((ss_kinesis_error *)0)->msg)]; /* why the last retried record or call
                                                              failed */
} kinesis_sink;

static void sleep_ms(int64_t ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static int64_t backoff(kinesis_sink *ks, int64_t *cur)
{
    *cur = *cur ? *cur * 2 : BACKOFF_MIN_MS;
    if (*cur > BACKOFF_MAX_MS)
        *cur = BACKOFF_MAX_MS;
    ks->rng ^= ks->rng << 13;
    ks->rng ^= ks->rng >> 7;
    ks->rng ^= ks->rng << 17;
    int64_t half = *cur / 2;
    return half + (int64_t)(ks->rng % (uint64_t)(half + 1));
}

static int kinesis_open(ss_rt_sink *k, char *err, size_t errlen)
{
    kinesis_sink *ks = ss_xcalloc(1, sizeof *ks);
    k->impl = ks;
    ks->key_col = -1;
    ks->rng = (uint64_t)ss_rt_clock_ms() * 0x9E3779B97F4A7C15ull | 1;
    for (uint32_t i = 0; k->def->binding.partition_key && i < k->def->ncols; i++)
        if (strcmp(k->def->cols[i].name, k->def->binding.partition_key) == 0)
            ks->key_col = (int)i;
    ss_kinesis_config cfg = {k->def->binding.kinesis_endpoint, k->def->binding.kinesis_region, 0, 0};
    ss_kinesis_error e;
    ks->client = ss_kinesis_new(&cfg, &e);
    if (!ks->client) {
        snprintf(err, errlen, "stream %s: kinesis stream %s: %s", k->def->name, k->def->binding.target, e.msg);
        return -1;
    }
    return 0;
}

/* The sequence field's text up to the row number, once k->output_id is set
 * (after open). */
static void make_seq_prefix(ss_rt_sink *k, kinesis_sink *ks)
{
    const char *field = k->def->binding.sequence_field;
    if (!field)
        field = k->checkpointed ? "_seq" : "";
    if (!field[0])
        return;
    char id[17];
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++)
        id[i] = hex[(k->output_id >> (60 - 4 * i)) & 15];
    id[16] = 0;
    if (k->enc.format == SS_FMT_CSV) {
        ss_buf_putc(&ks->seq_prefix, k->enc.delimiter);
    } else {
        ss_buf_putc(&ks->seq_prefix, ',');
        ss_encode_json_string(&ks->seq_prefix, field, strlen(field));
        ss_buf_puts(&ks->seq_prefix, ":\"");
    }
    ss_buf_puts(&ks->seq_prefix, id);
    ss_buf_putc(&ks->seq_prefix, '-');
}

/* Appends the sequence field of the row numbered `number` to the record just
 * encoded at data[off..]: inside the JSON object, or as a last CSV field. */
static void add_seq(ss_rt_sink *k, kinesis_sink *ks, size_t off, uint64_t number)
{
    const char *prefix = ks->seq_prefix.data;
    size_t plen = ks->seq_prefix.len;
    bool json = k->enc.format != SS_FMT_CSV;
    if (json)
        ks->data.len--; /* the closing brace: the field goes inside */
    if (ks->data.len - off == (json ? 1u : 0u))
        prefix++, plen--; /* nothing before it: no separator */
    ss_buf_append(&ks->data, prefix, plen);
    char digits[24];
    ss_buf_append(&ks->data, digits, ss_num_format_uint64(number, digits));
    if (json)
        ss_buf_append(&ks->data, "\"}", 2);
}

/* The longest prefix of s, at most max bytes, that ends at a character
 * boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static void kinesis_write(ss_rt_sink *k, const ss_rows *rows)
{
    kinesis_sink *ks = k->impl;
    if (!ks->prefix_made) {
        make_seq_prefix(k, ks);
        ks->prefix_made = true;
    }
    uint64_t first_number = k->rows - rows->n + 1; /* k->rows counts these rows already */
    for (uint32_t r = 0; r < rows->n && !k->failed; r++) {
        const ss_value *row = ss_rows_row(rows, r);
        size_t off = ks->data.len;
        ss_encode_row(&k->enc, row, &ks->data);
        if (ks->data.len > off && ks->data.data[ks->data.len - 1] == '\n')
            ks->data.len--; /* a record is one row, without the line end */
        if (ks->seq_prefix.len)
            add_seq(k, ks, off, first_number + r);
        size_t len = ks->data.len - off;
        const char *key = k->def->name;
        size_t klen = strlen(key);
        char keybuf[SS_VALUE_TEXT_MAX];
        if (ks->key_col >= 0) {
            if (row[ks->key_col].null) {
                key = "null", klen = 4;
            } else {
                klen = ss_value_text(row[ks->key_col], k->def->cols[ks->key_col].type, keybuf, &key);
                if (klen == 0)
                    key = "null", klen = 4; /* the API wants 1..256 characters */
            }
        }
        klen = utf8_cut(key, klen, SS_KINESIS_PARTITION_KEY_MAX);
        ss_buf_append(&ks->data, key, klen);
        ss_buf_putc(&ks->data, 0);
        if (len + klen > SS_KINESIS_RECORD_MAX_BYTES) {
            ss_rt_sink_fail(k,
                            "stream %s: a row of %zu bytes is larger than a kinesis "
                            "record may be (1 MB)",
                            k->def->name, len + klen);
            return;
        }
        SS_GROW(ks->recs, ks->cap, ks->n + 1);
        ks->recs[ks->n++] = (pending){off, len, klen};
    }
}

/* Sends every buffered record, batch by batch, retrying what may succeed
 * later; -1 once the sink has failed. */
static int send_all(ss_rt_sink *k)
{
    kinesis_sink *ks = k->impl;
    if (k->failed)
        return -1;
    if (!ks->n)
        return 0;
    SS_GROW(ks->sent, ks->sent_cap, ks->n);
    memset(ks->sent, 0, ks->n * sizeof(bool));
    size_t left = ks->n, next = 0; /* next: first record never tried */
    int64_t cur_backoff = 0;
    int64_t started = ss_rt_clock_ms();
    while (left) {
        /* A batch: first the records to send again (in order), then new ones. */
        size_t nb = 0, bytes = 0;
        for (size_t i = 0; i < ks->n && nb < SS_KINESIS_PUT_MAX_RECORDS; i++) {
            if (ks->sent[i] || (i >= next && i != next))
                continue;
            const pending *p = &ks->recs[i];
            ss_kinesis_put_entry e = {ks->data.data + p->off, p->len, ks->data.data + p->off + p->len, NULL};
            size_t sz = ss_kinesis_put_entry_size(&e);
            if (nb && bytes + sz > SS_KINESIS_PUT_MAX_BYTES)
                break;
            bytes += sz;
            ks->entries[nb] = e;
            ks->batch[nb++] = i;
            if (i == next)
                next++;
        }
        size_t failed = 0;
        ss_kinesis_error err;
        ss_kinesis_rc rc =
            ss_kinesis_put_records(ks->client, k->def->binding.target, ks->entries, nb, ks->results, &failed, &err);
        if (rc == SS_KINESIS_FATAL || rc == SS_KINESIS_EXPIRED) {
            ss_rt_sink_fail(k, "stream %s: writing to kinesis stream %s: %s", k->def->name, k->def->binding.target,
                            err.msg);
            return -1;
        }
        size_t retry = 0;
        for (size_t j = 0; j < nb; j++) {
            size_t i = ks->batch[j];
            if (rc == SS_KINESIS_RETRY) {
                snprintf(ks->last_error, sizeof ks->last_error, "%s", err.msg);
                retry++;
                continue;
            }
            const ss_kinesis_put_result *res = &ks->results[j];
            if (res->rc == SS_KINESIS_OK) {
                ks->sent[i] = true;
                left--;
                ks->written++;
            } else if (res->rc == SS_KINESIS_RETRY) {
                snprintf(ks->last_error, sizeof ks->last_error, "%s", res->error_code);
                retry++;
            } else {
                ss_rt_sink_fail(k, "stream %s: kinesis stream %s refused a record: %s: %s", k->def->name,
                                k->def->binding.target, res->error_code, res->error_message);
                return -1;
            }
        }
        /* Records not sent yet but tried are in `left` and not `sent`: the
         * next batch picks them up first. Records never tried come after. */
        if (!retry) {
            cur_backoff = 0;
            started = ss_rt_clock_ms(); /* the bound is on retrying without a clean batch */
            continue;
        }
        ks->resent += retry;
        int64_t waited = ss_rt_clock_ms() - started;
        if (waited > RETRY_FOR_MS) {
            ss_rt_sink_fail(k,
                            "stream %s: kinesis stream %s: %zu record(s) not "
                            "accepted after %lld s of retries (%s)",
                            k->def->name, k->def->binding.target, left, (long long)(waited / 1000), ks->last_error);
            return -1;
        }
        sleep_ms(backoff(ks, &cur_backoff));
    }
    ks->n = 0;
    ss_buf_clear(&ks->data);
    return 0;
}

static int kinesis_flush(ss_rt_sink *k)
{
    return send_all(k);
}

static int kinesis_drain(ss_rt_sink *k, int timeout_ms)
{
    (void)timeout_ms; /* sending is synchronous: bounded by RETRY_FOR_MS */
    return send_all(k) ? -1 : 0;
}

/* A checkpoint: everything written so far is stored (send_all returns only
 * then). Nothing is noted: on restore the rows since are sent again. */
static int kinesis_mark(ss_rt_sink *k, ss_buf *pos, char *err, size_t errlen)
{
    (void)pos;
    if (send_all(k) == 0)
        return 0;
    snprintf(err, errlen, "%s", k->failure);
    return -1;
}

static int kinesis_rewind(ss_rt_sink *k, ss_reader *pos, char *err, size_t errlen)
{
    (void)k, (void)pos, (void)err, (void)errlen;
    return 0;
}

static void kinesis_close(ss_rt_sink *k)
{
    kinesis_sink *ks = k->impl;
    if (!ks)
        return;
    if (ks->client && !k->failed)
        send_all(k);
    ss_kinesis_free(ks->client);
    ss_buf_free(&ks->data);
    ss_buf_free(&ks->seq_prefix);
    free(ks->recs);
    free(ks->sent);
    free(ks);
    k->impl = NULL;
}

const ss_sink_driver ss_kinesis_sink = {kinesis_open,  kinesis_write, kinesis_flush,  kinesis_drain,
                                        kinesis_close, kinesis_mark,  kinesis_rewind};
