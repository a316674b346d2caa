/* The Kafka sink: an idempotent producer; the message value is the row as a
 * JSON object or CSV record, the key the KAFKA_KEY column's text. Every
 * delivery report is checked: one that fails for good (after librdkafka's
 * retries, which ride out broker outages for message.timeout.ms) fails the
 * application with exit 1. A full local queue is back-pressure: producing
 * waits, and so does the pipeline behind it. */
#include "exec/rt.h"
#include "io/kafka.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What close waits for the last deliveries before calling them lost. */
#define CLOSE_DRAIN_MS 60000

typedef struct kafka_sink {
    rd_kafka_t *rk;
    ss_kafka_trouble trouble;
    int key_col;
    ss_buf rec;
    uint64_t produced, delivered;
} kafka_sink;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    ss_rt_sink *k = ((ss_kafka_trouble *)opaque)->owner;
    kafka_sink *ks = k->impl;
    if (m->err) {
        ss_rt_sink_fail(k, "stream %s: a record could not be delivered to kafka topic %s: %s", k->def->name,
                        k->def->binding.target, rd_kafka_err2str(m->err));
        return;
    }
    ks->delivered++;
}

static int kafka_open(ss_rt_sink *k, char *err, size_t errlen)
{
    kafka_sink *ks = ss_xcalloc(1, sizeof *ks);
    k->impl = ks;
    ks->key_col = -1;
    for (uint32_t i = 0; k->def->binding.kafka_key && i < k->def->ncols; i++)
        if (strcmp(k->def->cols[i].name, k->def->binding.kafka_key) == 0)
            ks->key_col = (int)i;
    rd_kafka_conf_t *conf = ss_kafka_conf(k->def, "producer", &ks->trouble, err, errlen);
    if (!conf)
        return -1;
    ks->trouble.owner = k;
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    ks->rk = ss_kafka_new(RD_KAFKA_PRODUCER, conf, k->def, err, errlen);
    if (!ks->rk)
        return -1;
    return 0;
}

static void kafka_write(ss_rt_sink *k, const ss_rows *rows)
{
    kafka_sink *ks = k->impl;
    for (uint32_t r = 0; r < rows->n && !k->failed; r++) {
        const ss_value *row = ss_rows_row(rows, r);
        ss_buf_clear(&ks->rec);
        ss_encode_row(&k->enc, row, &ks->rec);
        size_t len = ks->rec.len;
        if (len && ks->rec.data[len - 1] == '\n')
            len--; /* a message is one record, without the line end */
        char keybuf[SS_VALUE_TEXT_MAX];
        const char *key = NULL;
        uint32_t klen = 0;
        if (ks->key_col >= 0 && !row[ks->key_col].null)
            klen = ss_value_text(row[ks->key_col], k->def->cols[ks->key_col].type, keybuf, &key);
        for (;;) {
            rd_kafka_resp_err_t e =
                rd_kafka_producev(ks->rk, RD_KAFKA_V_TOPIC(k->def->binding.target),
                                  RD_KAFKA_V_VALUE(ks->rec.data, len), RD_KAFKA_V_KEY(key, key ? klen : 0),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(ks->rk, 100); /* wait for room: brokers are slow or away */
                continue;
            }
            if (e)
                ss_rt_sink_fail(k, "stream %s: cannot produce to kafka topic %s: %s", k->def->name,
                                k->def->binding.target, rd_kafka_err2str(e));
            else
                ks->produced++;
            break;
        }
    }
    rd_kafka_poll(ks->rk, 0);
}

static int kafka_flush(ss_rt_sink *k)
{
    kafka_sink *ks = k->impl;
    rd_kafka_poll(ks->rk, 0);
    return k->failed ? -1 : 0;
}

static int kafka_drain(ss_rt_sink *k, int timeout_ms)
{
    kafka_sink *ks = k->impl;
    rd_kafka_resp_err_t e = rd_kafka_flush(ks->rk, timeout_ms);
    if (k->failed)
        return -1;
    return e == RD_KAFKA_RESP_ERR_NO_ERROR && ks->delivered == ks->produced ? 0 : 1;
}

static void kafka_close(ss_rt_sink *k)
{
    kafka_sink *ks = k->impl;
    if (!ks)
        return;
    if (ks->rk) {
        rd_kafka_flush(ks->rk, CLOSE_DRAIN_MS);
        int left = rd_kafka_outq_len(ks->rk);
        if (left > 0 && !k->failed)
            ss_rt_sink_fail(k, "stream %s: %d record(s) not delivered to kafka topic %s (brokers %s)", k->def->name,
                            left, k->def->binding.target, ks->trouble.brokers);
        rd_kafka_destroy(ks->rk);
    }
    ss_buf_free(&ks->rec);
    free(ks);
    k->impl = NULL;
}

const ss_sink_driver ss_kafka_sink = {kafka_open, kafka_write, kafka_flush, kafka_drain, kafka_close};
