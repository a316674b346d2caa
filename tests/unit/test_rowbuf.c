/* Unit tests for exec/rowbuf: the ordered holding buffer. Rows come out in
 * (ROWTIME, arrival) order, only up to the watermark, with their strings
 * copied and valid until ss_rowbuf_done; checked on hand-made cases and
 * against a reference model over long random runs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/rowbuf.h"

/* Columns: 0 id (BIGINT), 1 text (VARCHAR), 2 number (DOUBLE). */
enum { COL_ID, COL_TEXT, COL_NUM, NCOLS };
static const bool string_cols[NCOLS] = {false, true, false};

typedef struct outbuf {
    ss_rows rows;
    uint32_t cap;
} outbuf;

static outbuf *out_new(uint32_t cap)
{
    outbuf *o = calloc(1, sizeof *o);
    assert_non_null(o);
    o->cap = cap;
    o->rows.ncols = NCOLS;
    o->rows.rowtime = calloc(cap, sizeof(int64_t));
    o->rows.vals = calloc((size_t)cap * NCOLS, sizeof(ss_value));
    o->rows.origin = calloc(cap, sizeof(ss_origin));
    assert_non_null(o->rows.rowtime), assert_non_null(o->rows.vals), assert_non_null(o->rows.origin);
    return o;
}

static void out_free(outbuf *o)
{
    free(o->rows.rowtime);
    free(o->rows.vals);
    free(o->rows.origin);
    free(o);
}

/* The text of row id: its length and bytes both depend on the id. */
static uint32_t text_of(uint64_t id, char *buf)
{
    int n = snprintf(buf, 32, "row-%llu-", (unsigned long long)id);
    uint32_t len = (uint32_t)n + (uint32_t)(id * 7919 % 211);
    for (uint32_t i = (uint32_t)n; i < len; i++)
        buf[i] = (char)('a' + (id + i) % 26);
    return len;
}

/* Adds row id at t from a scratch buffer that is scribbled over right after. */
static void add_row(ss_rowbuf *b, int64_t t, uint64_t id)
{
    char *buf = malloc(512);
    assert_non_null(buf);
    uint32_t len = text_of(id, buf);
    ss_value v[NCOLS] = {ss_int((int64_t)id), ss_str(buf, len), ss_dbl((double)id * 0.5)};
    if (id % 13 == 5)
        v[COL_TEXT] = ss_null();
    ss_origin o = {id + 1, (uint32_t)(id % 7), 3};
    ss_rowbuf_add(b, t, v, o);
    memset(buf, 0x5A, 512);
    free(buf);
}

/* Checks that taken row r is row id at t, strings included. */
static void check_row(const outbuf *o, uint32_t r, int64_t t, uint64_t id)
{
    const ss_value *v = ss_rows_row(&o->rows, r);
    if (o->rows.rowtime[r] != t || v[COL_ID].null || (uint64_t)v[COL_ID].i != id)
        fail_msg("row %u: (ROWTIME %lld, id %lld), want (%lld, %llu)", r, (long long)o->rows.rowtime[r],
                 (long long)v[COL_ID].i, (long long)t, (unsigned long long)id);
    assert_int_equal(o->rows.origin[r].offset, id + 1);
    assert_int_equal(o->rows.origin[r].part, id % 7);
    assert_int_equal(o->rows.origin[r].source, 3);
    assert_false(v[COL_NUM].null);
    assert_true(v[COL_NUM].d == (double)id * 0.5);
    if (id % 13 == 5) {
        assert_true(v[COL_TEXT].null);
        return;
    }
    char want[512];
    uint32_t len = text_of(id, want);
    assert_false(v[COL_TEXT].null);
    if (v[COL_TEXT].len != len || memcmp(v[COL_TEXT].s, want, len) != 0)
        fail_msg("row id %llu: its text is damaged", (unsigned long long)id);
}

/* ---- hand-made cases ------------------------------------------------------ */

static void test_in_order(void **state)
{
    (void)state;
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(16);
    add_row(b, 1, 0);
    add_row(b, 2, 1);
    add_row(b, 2, 2);
    add_row(b, 3, 3);
    assert_int_equal(ss_rowbuf_count(b), 4);
    assert_int_equal(ss_rowbuf_take(b, 3, &o->rows, 16), 4);
    assert_int_equal(o->rows.n, 4);
    check_row(o, 0, 1, 0);
    check_row(o, 1, 2, 1);
    check_row(o, 2, 2, 2);
    check_row(o, 3, 3, 3);
    assert_int_equal(ss_rowbuf_count(b), 0);
    ss_rowbuf_done(b);
    assert_int_equal(ss_rowbuf_take(b, INT64_MAX, &o->rows, 16), 0);
    assert_int_equal(o->rows.n, 0);
    out_free(o);
    ss_rowbuf_free(b);
}

static void test_out_of_order(void **state)
{
    (void)state;
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(16);
    int64_t ts[] = {5, 3, 4, 1, 2, -7, 9};
    for (uint64_t i = 0; i < 7; i++)
        add_row(b, ts[i], i);
    assert_int_equal(ss_rowbuf_take(b, INT64_MAX, &o->rows, 16), 7);
    check_row(o, 0, -7, 5);
    check_row(o, 1, 1, 3);
    check_row(o, 2, 2, 4);
    check_row(o, 3, 3, 1);
    check_row(o, 4, 4, 2);
    check_row(o, 5, 5, 0);
    check_row(o, 6, 9, 6);
    ss_rowbuf_done(b);
    out_free(o);
    ss_rowbuf_free(b);
}

/* Rows of one ROWTIME: by origin (row id's partition is id % 7), then in
 * arrival order, whatever the order the origins' rows arrived in. */
static void test_ties_by_origin_then_arrival(void **state)
{
    (void)state;
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(16);
    /* Ties among in-order and out-of-order arrivals. */
    int64_t ts[] = {2, 1, 2, 1, 2, 0, 1, 2, 0};
    for (uint64_t i = 0; i < 9; i++)
        add_row(b, ts[i], i);
    assert_int_equal(ss_rowbuf_take(b, INT64_MAX, &o->rows, 16), 9);
    uint64_t want[] = {8, 5, 1, 3, 6, 0, 7, 2, 4};
    for (uint32_t r = 0; r < 9; r++)
        check_row(o, r, ts[want[r]], want[r]);
    ss_rowbuf_done(b);

    /* All at one instant: origin by origin, each in arrival order. */
    for (uint64_t i = 100; i < 400; i++)
        add_row(b, 42, i);
    outbuf *big = out_new(300);
    assert_int_equal(ss_rowbuf_take(b, 42, &big->rows, 300), 300);
    uint32_t r = 0;
    for (uint64_t part = 0; part < 7; part++)
        for (uint64_t i = 100; i < 400; i++)
            if (i % 7 == part)
                check_row(big, r++, 42, i);
    assert_int_equal(r, 300);
    ss_rowbuf_done(b);
    out_free(big);
    out_free(o);
    ss_rowbuf_free(b);
}

static void test_release_only_up_to_watermark(void **state)
{
    (void)state;
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(16);
    add_row(b, 10, 0);
    add_row(b, 20, 1);
    add_row(b, 15, 2);
    add_row(b, 30, 3);
    assert_int_equal(ss_rowbuf_take(b, INT64_MIN, &o->rows, 16), 0);
    assert_int_equal(ss_rowbuf_take(b, 9, &o->rows, 16), 0);
    assert_int_equal(o->rows.n, 0);
    assert_int_equal(ss_rowbuf_take(b, 15, &o->rows, 16), 2); /* <= wm: 15 is released */
    check_row(o, 0, 10, 0);
    check_row(o, 1, 15, 2);
    ss_rowbuf_done(b);
    assert_int_equal(ss_rowbuf_count(b), 2);
    assert_int_equal(ss_rowbuf_take(b, 15, &o->rows, 16), 0);
    assert_int_equal(ss_rowbuf_take(b, 29, &o->rows, 16), 1);
    check_row(o, 0, 20, 1);
    ss_rowbuf_done(b);
    /* A row below the last watermark still comes out first (lateness is the caller's business). */
    add_row(b, 25, 4);
    add_row(b, 31, 5);
    assert_int_equal(ss_rowbuf_take(b, INT64_MAX, &o->rows, 1), 1); /* at most max rows */
    check_row(o, 0, 25, 4);
    assert_int_equal(ss_rowbuf_take(b, INT64_MAX, &o->rows, 16), 2);
    check_row(o, 0, 30, 3);
    check_row(o, 1, 31, 5);
    ss_rowbuf_done(b);
    assert_int_equal(ss_rowbuf_count(b), 0);
    out_free(o);
    ss_rowbuf_free(b);
}

static void test_strings_are_copied(void **state)
{
    (void)state;
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(16);
    char buf[64];
    const char *texts[] = {"alpha", "", "\xc3\xa9t\xc3\xa9", "a string that is long enough to matter"};
    for (int i = 0; i < 4; i++) {
        strcpy(buf, texts[i]);
        ss_value v[NCOLS] = {ss_int(i), ss_str(buf, (uint32_t)strlen(buf)), ss_null()};
        ss_rowbuf_add(b, 100 - i, v, (ss_origin){0, 0, 0});
        memset(buf, 'X', sizeof buf);
    }
    ss_value v[NCOLS] = {ss_int(4), ss_null(), ss_dbl(1.5)};
    ss_rowbuf_add(b, 50, v, (ss_origin){0, 0, 0});
    assert_int_equal(ss_rowbuf_take(b, INT64_MAX, &o->rows, 16), 5);
    const ss_value *r = ss_rows_row(&o->rows, 0);
    assert_int_equal(r[0].i, 4);
    assert_true(r[1].null);
    for (int i = 0; i < 4; i++) {
        r = ss_rows_row(&o->rows, (uint32_t)i + 1);
        assert_int_equal(r[0].i, 3 - i);
        assert_false(r[1].null);
        assert_true(r[2].null);
        assert_int_equal(r[1].len, strlen(texts[3 - i]));
        assert_memory_equal(r[1].s, texts[3 - i], r[1].len);
    }
    ss_rowbuf_done(b);
    out_free(o);
    ss_rowbuf_free(b);

    /* No string columns: nothing to copy, values pass through. */
    b = ss_rowbuf_new(2, NULL);
    o = out_new(4);
    o->rows.ncols = 2;
    ss_value w[2] = {ss_int(7), ss_dbl(2.5)};
    ss_rowbuf_add(b, 1, w, (ss_origin){9, 0, 0});
    assert_int_equal(ss_rowbuf_take(b, 1, &o->rows, 4), 1);
    assert_int_equal(o->rows.vals[0].i, 7);
    assert_true(o->rows.vals[1].d == 2.5);
    assert_int_equal(o->rows.origin[0].offset, 9);
    ss_rowbuf_done(b);
    out_free(o);
    ss_rowbuf_free(b);
}

/* Rows wider than the operator's on-stack scratch record (40 columns). */
static void test_wide_rows(void **state)
{
    (void)state;
    enum { W = 40 };
    bool strs[W];
    for (int c = 0; c < W; c++)
        strs[c] = c % 2 == 1;
    ss_rowbuf *b = ss_rowbuf_new(W, strs);
    ss_rows out = {0, W, calloc(64, sizeof(int64_t)), calloc(64 * W, sizeof(ss_value)), NULL};
    assert_non_null(out.rowtime), assert_non_null(out.vals);
    char buf[W][16];
    int64_t ts[] = {9, 3, 7, 1, 8, 2, 6, 0, 5, 4, 3, 9};
    for (int i = 0; i < 12; i++) {
        ss_value v[W];
        for (int c = 0; c < W; c++) {
            if (strs[c]) {
                int n = snprintf(buf[c], sizeof buf[c], "r%dc%d", i, c);
                v[c] = ss_str(buf[c], (uint32_t)n);
            } else {
                v[c] = ss_int(i * 100 + c);
            }
        }
        ss_rowbuf_add(b, ts[i], v, (ss_origin){(uint64_t)i, 0, 0});
        memset(buf, '?', sizeof buf);
    }
    assert_int_equal(ss_rowbuf_take(b, INT64_MAX, &out, 64), 12);
    int want[] = {7, 3, 5, 1, 10, 9, 8, 6, 2, 4, 0, 11};
    for (int r = 0; r < 12; r++) {
        int i = want[r];
        assert_int_equal(out.rowtime[r], ts[i]);
        const ss_value *v = ss_rows_row(&out, (uint32_t)r);
        for (int c = 0; c < W; c++) {
            if (strs[c]) {
                char w[16];
                int n = snprintf(w, sizeof w, "r%dc%d", i, c);
                assert_int_equal(v[c].len, n);
                assert_memory_equal(v[c].s, w, (size_t)n);
            } else {
                assert_int_equal(v[c].i, i * 100 + c);
            }
        }
    }
    ss_rowbuf_done(b);
    free(out.rowtime);
    free(out.vals);
    ss_rowbuf_free(b);
}

/* ---- against a reference model ------------------------------------------ */

static uint64_t rng_state = 0x243F6A8885A308D3ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

typedef struct ref {
    int64_t t;
    uint64_t id; /* arrival order */
} ref;

/* ROWTIME, then origin (add_row's partition: id % 7), then arrival. */
static int ref_cmp(const void *a, const void *b)
{
    const ref *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->id % 7 != y->id % 7)
        return x->id % 7 < y->id % 7 ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Random adds and takes with a rising watermark, many ties, some rows far
 * out of order, rows from 7 origins interleaved (and, with `drops`, an origin
 * dropped now and then, as when a partition moves away); every take must be
 * exactly what sorting the held rows by (ROWTIME, origin, arrival) and
 * cutting at the watermark gives. */
static void random_against_model(bool drops)
{
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(64);
    ref *held = malloc(sizeof(ref) * 300000);
    assert_non_null(held);
    size_t nheld = 0;
    uint64_t next_id = 0, taken = 0;
    int64_t wm = -1000, max_t = -1000;
    for (int step = 0; step < 200000; step++) {
        uint64_t r = rng() % 100;
        if (drops && r == 0 && rng() % 8 == 0) {
            uint32_t part = (uint32_t)(rng() % 7);
            ss_rowbuf_drop_origin(b, 3, part);
            size_t kept = 0;
            for (size_t i = 0; i < nheld; i++)
                if (held[i].id % 7 != part)
                    held[kept++] = held[i];
            nheld = kept;
        } else if (r < 70) {
            /* Mostly near the newest row, sometimes back toward the watermark. */
            int64_t t = r < 50 ? max_t + (int64_t)(rng() % 3) : wm + (int64_t)(rng() % (uint64_t)(max_t - wm + 1));
            if (t > max_t)
                max_t = t;
            add_row(b, t, next_id);
            held[nheld++] = (ref){t, next_id++};
        } else {
            if (r < 90)
                wm += (int64_t)(rng() % 8);
            if (wm > max_t)
                wm = max_t;
            uint32_t max = 1 + (uint32_t)(rng() % 64);
            qsort(held, nheld, sizeof *held, ref_cmp);
            uint32_t want = 0;
            while (want < max && want < nheld && held[want].t <= wm)
                want++;
            uint32_t got = ss_rowbuf_take(b, wm, &o->rows, max);
            assert_int_equal(got, want);
            for (uint32_t i = 0; i < got; i++)
                check_row(o, i, held[i].t, held[i].id);
            memmove(held, held + got, sizeof(ref) * (nheld - got));
            nheld -= got;
            taken += got;
            if (rng() % 4)
                ss_rowbuf_done(b);
        }
        assert_int_equal(ss_rowbuf_count(b), nheld);
    }
    qsort(held, nheld, sizeof *held, ref_cmp);
    while (nheld) {
        uint32_t got = ss_rowbuf_take(b, INT64_MAX, &o->rows, 64);
        assert_true(got > 0);
        for (uint32_t i = 0; i < got; i++)
            check_row(o, i, held[i].t, held[i].id);
        memmove(held, held + got, sizeof(ref) * (nheld - got));
        nheld -= got;
        taken += got;
        ss_rowbuf_done(b);
    }
    if (!drops)
        assert_int_equal(taken, next_id);
    free(held);
    out_free(o);
    ss_rowbuf_free(b);
}

static void test_random_against_model(void **state)
{
    (void)state;
    random_against_model(false);
}

static void test_random_with_dropped_origins(void **state)
{
    (void)state;
    random_against_model(true);
}

/* More origins than the buffer keeps FIFOs for: the rest go through the
 * heap, and the order is still exact. */
static void test_many_origins(void **state)
{
    (void)state;
    enum { ORIGINS = 1500, PER_ORIGIN = 4 };
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(ORIGINS * PER_ORIGIN);
    for (int64_t k = 0; k < PER_ORIGIN; k++)
        for (uint32_t part = 0; part < ORIGINS; part++) {
            ss_value v[NCOLS] = {ss_int((int64_t)part), ss_null(), ss_dbl(0)};
            /* Each origin in order; across origins, descending. */
            ss_rowbuf_add(b, k * 10000 + (ORIGINS - part), v, (ss_origin){(uint64_t)k, part, 1});
        }
    assert_int_equal(ss_rowbuf_count(b), ORIGINS * PER_ORIGIN);
    uint32_t got = ss_rowbuf_take(b, INT64_MAX, &o->rows, ORIGINS * PER_ORIGIN);
    assert_int_equal(got, ORIGINS * PER_ORIGIN);
    for (uint32_t i = 1; i < got; i++)
        assert_true(o->rows.rowtime[i - 1] < o->rows.rowtime[i]);
    out_free(o);
    ss_rowbuf_free(b);
}

/* ---- arena generations --------------------------------------------------- */

/* One million rows with strings (about 100 MB of text in all) streamed
 * through with a watermark delay: strings of taken rows stay intact until
 * ss_rowbuf_done even while more rows arrive, and the arenas are recycled,
 * so the memory held stays bounded. */
static void test_million_rows_across_generations(void **state)
{
    (void)state;
    enum { ROWS = 1000000, DELAY = 100, BATCH = 512 };
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(BATCH);
    int64_t *times = malloc(sizeof(int64_t) * ROWS);
    assert_non_null(times);
    int64_t max_t = INT64_MIN, wm = INT64_MIN;
    uint64_t added = 0, taken = 0, max_bytes = 0;
    unsigned char *seen = calloc(ROWS, 1);
    assert_non_null(seen);
    int64_t last_t = INT64_MIN, last_id = -1;
    /* Arrival order: ROWTIME rises by 1 per 3 rows, with a jitter of up to 50. */
    while (added < ROWS || taken < ROWS) {
        for (int i = 0; i < 997 && added < ROWS; i++) {
            int64_t t = (int64_t)(added / 3) + (int64_t)(rng() % 50);
            times[added] = t;
            add_row(b, t, added);
            added++;
            if (t > max_t)
                max_t = t;
        }
        wm = added < ROWS ? max_t - DELAY : INT64_MAX;
        uint32_t got;
        while ((got = ss_rowbuf_take(b, wm, &o->rows, BATCH)) > 0) {
            for (uint32_t r = 0; r < got; r++) {
                const ss_value *v = ss_rows_row(&o->rows, r);
                int64_t id = v[COL_ID].i;
                assert_true(id >= 0 && id < ROWS);
                assert_false(seen[id]);
                seen[id] = 1;
                check_row(o, r, times[id], (uint64_t)id);
                /* (ROWTIME, origin, arrival) order, and nothing above the watermark */
                assert_true(times[id] <= wm);
                ref now = {times[id], (uint64_t)id}, last = {last_t, (uint64_t)last_id};
                assert_true(last_id < 0 || ref_cmp(&last, &now) < 0);
                last_t = times[id];
                last_id = id;
            }
            /* More rows arrive before the batch is delivered: its strings must survive. */
            for (int i = 0; i < 50 && added < ROWS; i++) {
                int64_t t = (int64_t)(added / 3) + (int64_t)(rng() % 50);
                if (t <= wm)
                    t = wm + 1; /* not late */
                times[added] = t;
                add_row(b, t, added);
                added++;
                if (t > max_t)
                    max_t = t;
            }
            for (uint32_t r = 0; r < got; r++) {
                const ss_value *v = ss_rows_row(&o->rows, r);
                check_row(o, r, times[v[COL_ID].i], (uint64_t)v[COL_ID].i);
            }
            ss_rowbuf_done(b);
            taken += got;
        }
        uint64_t bytes = ss_rowbuf_bytes(b);
        if (bytes > max_bytes)
            max_bytes = bytes;
    }
    assert_int_equal(taken, ROWS);
    assert_int_equal(ss_rowbuf_count(b), 0);
    print_message("    peak ss_rowbuf_bytes: %llu\n", (unsigned long long)max_bytes);
    /* The backlog is ~300 rows of ~110 bytes; two arenas of a few MiB at most. */
    assert_true(max_bytes < (16u << 20));
    free(times);
    free(seen);
    out_free(o);
    ss_rowbuf_free(b);
}

/* A taken row's string survives any number of arrivals until done. */
static void test_taken_strings_survive_until_done(void **state)
{
    (void)state;
    ss_rowbuf *b = ss_rowbuf_new(NCOLS, string_cols);
    outbuf *o = out_new(4);
    add_row(b, 0, 0);
    assert_int_equal(ss_rowbuf_take(b, 0, &o->rows, 4), 1);
    /* ~20 MB of strings arrive and leave (taken and done) meanwhile, in a
     * second buffer, and in this one without being taken. */
    outbuf *o2 = out_new(256);
    for (uint64_t id = 1; id < 100000; id++) {
        add_row(b, (int64_t)id, id);
        check_row(o, 0, 0, 0);
    }
    check_row(o, 0, 0, 0);
    ss_rowbuf_done(b);
    uint64_t n = 0;
    uint32_t got;
    while ((got = ss_rowbuf_take(b, INT64_MAX, &o2->rows, 256)) > 0) {
        for (uint32_t r = 0; r < got; r++)
            check_row(o2, r, (int64_t)(n + 1 + r), n + 1 + r);
        n += got;
        ss_rowbuf_done(b);
    }
    assert_int_equal(n, 99999);
    out_free(o2);
    out_free(o);
    ss_rowbuf_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_ties_by_origin_then_arrival),
        cmocka_unit_test(test_release_only_up_to_watermark),
        cmocka_unit_test(test_strings_are_copied),
        cmocka_unit_test(test_wide_rows),
        cmocka_unit_test(test_random_against_model),
        cmocka_unit_test(test_random_with_dropped_origins),
        cmocka_unit_test(test_many_origins),
        cmocka_unit_test(test_million_rows_across_generations),
        cmocka_unit_test(test_taken_strings_survive_until_done),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
