/* Unit tests for util/timeconv: calendar math, ISO text in and out, window
 * truncation, EXTRACT, interval literals and KDA datetime patterns. Expected
 * epoch values were computed independently (Python's datetime). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/timeconv.h"

#define DAY SS_TIME_MS_PER_DAY

/* 2026-11-22 10:00:01.123 UTC, a Sunday */
#define TS_2026 1795341601123LL

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int64_t ts_of(const char *s)
{
    int64_t v = 0;
    assert_int_equal(ss_time_parse_timestamp(s, strlen(s), &v), 0);
    return v;
}

static int parse_ts(const char *s, int64_t *v) { return ss_time_parse_timestamp(s, strlen(s), v); }

static void assert_ts_text(int64_t ts, const char *want)
{
    char buf[SS_TIME_BUFSZ];
    size_t n = ss_time_format_timestamp(ts, buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

/* ---- calendar --------------------------------------------------------------- */

static void test_days_from_civil_known_dates(void **state)
{
    (void)state;
    assert_int_equal(ss_time_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(ss_time_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(ss_time_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(ss_time_days_from_civil(1900, 3, 1), -25508);
    assert_int_equal(ss_time_days_from_civil(0, 1, 1), -719528);
    assert_int_equal(ss_time_days_from_civil(0, 2, 29), -719469);
    assert_int_equal(ss_time_days_from_civil(-1, 12, 31), -719529);
    assert_int_equal(ss_time_days_from_civil(10000, 1, 1), 2932897);
}

static void test_civil_from_days_walks_every_day_in_order(void **state)
{
    (void)state;
    /* 1 million consecutive days around the epoch (years ~ -770..4700): each
     * is the day after the previous one, and converts back. */
    int64_t y;
    int m, d;
    ss_time_civil_from_days(-500001, &y, &m, &d);
    for (int64_t days = -500000; days <= 500000; days++) {
        int64_t py = y;
        int pm = m, pd = d;
        ss_time_civil_from_days(days, &y, &m, &d);
        assert_true(ss_time_valid_date(y, m, d));
        if (pd == ss_time_days_in_month(py, pm)) {
            assert_int_equal(d, 1);
            if (pm == 12) {
                assert_int_equal(y, py + 1);
                assert_int_equal(m, 1);
            } else {
                assert_int_equal(y, py);
                assert_int_equal(m, pm + 1);
            }
        } else {
            assert_int_equal(y, py);
            assert_int_equal(m, pm);
            assert_int_equal(d, pd + 1);
        }
        assert_int_equal(ss_time_days_from_civil(y, m, d), days);
    }
}

static void test_leap_years_follow_gregorian_rules(void **state)
{
    (void)state;
    assert_true(ss_time_is_leap_year(2000));
    assert_false(ss_time_is_leap_year(1900));
    assert_true(ss_time_is_leap_year(2024));
    assert_false(ss_time_is_leap_year(2023));
    assert_false(ss_time_is_leap_year(2100));
    assert_true(ss_time_is_leap_year(1600));
    assert_true(ss_time_is_leap_year(0));
    assert_true(ss_time_is_leap_year(-4));
    assert_int_equal(ss_time_days_in_month(2000, 2), 29);
    assert_int_equal(ss_time_days_in_month(1900, 2), 28);
    assert_int_equal(ss_time_days_in_month(2024, 2), 29);
    assert_int_equal(ss_time_days_in_month(2023, 2), 28);
    assert_int_equal(ss_time_days_in_month(2023, 4), 30);
    assert_int_equal(ss_time_days_in_month(2023, 12), 31);
    assert_false(ss_time_valid_date(2023, 2, 29));
    assert_false(ss_time_valid_date(2023, 13, 1));
    assert_false(ss_time_valid_date(2023, 0, 1));
    assert_false(ss_time_valid_date(2023, 1, 0));
}

static void test_split_and_join_are_inverse_and_validate(void **state)
{
    (void)state;
    ss_time_fields f;
    ss_time_split(-1, &f);
    assert_int_equal(f.year, 1969);
    assert_int_equal(f.month, 12);
    assert_int_equal(f.day, 31);
    assert_int_equal(f.hour, 23);
    assert_int_equal(f.minute, 59);
    assert_int_equal(f.second, 59);
    assert_int_equal(f.millis, 999);
    int64_t ts;
    assert_int_equal(ss_time_join(&f, &ts), 0);
    assert_int_equal(ts, -1);
    f.day = 32;
    assert_int_equal(ss_time_join(&f, &ts), -1);
    f.day = 31;
    f.hour = 24;
    assert_int_equal(ss_time_join(&f, &ts), -1);
    f.hour = 0;
    f.second = 60;
    assert_int_equal(ss_time_join(&f, &ts), -1);
    ss_time_split(INT64_MIN, &f);
    assert_int_equal(f.year, -292275055);
    ss_time_split(INT64_MAX, &f);
    assert_int_equal(f.year, 292278994);
    f.year = 292278995; /* beyond int64 milliseconds */
    assert_int_equal(ss_time_join(&f, &ts), -1);
}

/* ---- ISO text in ------------------------------------------------------------ */

static void test_parse_timestamp_accepts_sql_and_iso_forms(void **state)
{
    (void)state;
    assert_int_equal(ts_of("2026-11-22 10:00:01.123"), TS_2026);
    assert_int_equal(ts_of("2026-11-22T10:00:01.123Z"), TS_2026);
    assert_int_equal(ts_of("2026-11-22t10:00:01.123z"), TS_2026);
    assert_int_equal(ts_of("2026-11-22T10:00:01.123+00:00"), TS_2026);
    assert_int_equal(ts_of("  2026-11-22 10:00:01.123\t"), TS_2026);
    assert_int_equal(ts_of("2026-11-22 10:00:01"), TS_2026 - 123);
    assert_int_equal(ts_of("2026-11-22 10:00"), TS_2026 - 1123);
    assert_int_equal(ts_of("1970-01-01"), 0);
    assert_int_equal(ts_of("1970-01-01 00:00:00"), 0);
    assert_int_equal(ts_of("1969-12-31 23:59:59.999"), -1);
    assert_int_equal(ts_of("1900-01-01 00:00:00"), -2208988800LL * 1000);
    assert_int_equal(ts_of("2000-02-29"), 951782400000LL);
    assert_int_equal(ts_of("2024-02-29 00:00:00"), 1709164800000LL);
    assert_int_equal(ts_of("0001-01-01 00:00:00"), -62135596800000LL);
    assert_int_equal(ts_of("0000-01-01"), -62167219200000LL);
    assert_int_equal(ts_of("9999-12-31 23:59:59.999"), 253402300799999LL);
}

static void test_parse_timestamp_fraction_of_1_to_9_digits_truncates_to_ms(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int64_t ms;
    } cases[] = {
        {"1970-01-01 00:00:00.1", 100},
        {"1970-01-01 00:00:00.12", 120},
        {"1970-01-01 00:00:00.123", 123},
        {"1970-01-01 00:00:00.1239", 123},
        {"1970-01-01 00:00:00.12399", 123},
        {"1970-01-01 00:00:00.123999", 123},
        {"1970-01-01 00:00:00.1239999", 123},
        {"1970-01-01 00:00:00.12399999", 123},
        {"1970-01-01 00:00:00.123999999", 123},
        {"1970-01-01 00:00:00.000999999", 0},
        {"1969-12-31 23:59:59.9999", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(ts_of(cases[i].s), cases[i].ms);
    int64_t v;
    assert_int_equal(parse_ts("1970-01-01 00:00:00.1234567890", &v), -1);
    assert_int_equal(parse_ts("1970-01-01 00:00:00.", &v), -1);
}

static void test_parse_timestamp_offsets_convert_to_utc_across_days(void **state)
{
    (void)state;
    /* local 2026-01-01 00:30 at +01:00 is the previous year in UTC */
    assert_int_equal(ts_of("2026-01-01T00:30:00+01:00"), 1767223800000LL);
    assert_int_equal(ts_of("2026-01-01T00:30:00+0100"), 1767223800000LL);
    assert_int_equal(ts_of("2026-01-01T00:30:00+01"), 1767223800000LL);
    /* and a negative offset pushes into the next day */
    assert_int_equal(ts_of("2026-01-01T23:30:00-01:00"), 1767313800000LL);
    assert_int_equal(ts_of("2026-11-22T10:00:00+05:30"), 1795321800000LL);
    assert_int_equal(ts_of("2026-11-22T10:00:00-0800"), 1795370400000LL);
    assert_int_equal(ts_of("2026-11-22T10:00:00-00:00"), ts_of("2026-11-22T10:00:00"));
    assert_int_equal(ts_of("1970-01-01T00:00:00+23:59"), -(23 * 3600000LL + 59 * 60000LL));
}

static void test_parse_timestamp_rejects_invalid_text(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        " ",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-01-32",
        "2026-02-29",
        "2024-02-30",
        "1900-02-29",
        "2026-04-31",
        "2026-11-22 24:00:00",
        "2026-11-22 24:00",
        "2026-11-22 23:60:00",
        "2026-11-22 23:59:60",
        "2026-11-22x",
        "2026-11-22 10:00:00 extra",
        "2026-11-22 10:00:00Zjunk",
        "2026-1-22",
        "26-11-22",
        "+2026-11-22",
        "-2026-11-22",
        "12026-11-22",
        "2026-11-22T",
        "2026-11-22 10",
        "2026-11-22 10:0",
        "2026-11-22 1:00:00",
        "2026-11-22 10:00:0",
        "2026-11-22 10:00.5",
        "2026-11-22 10:00:00+1",
        "2026-11-22 10:00:00+24:00",
        "2026-11-22 10:00:00+01:60",
        "2026-11-22 10:00:00+01:",
        "2026-11-22 10:00:00+01:0",
        "2026-11-22 10:00:00 +01:00",
        "2026-11-22 10:00:00UTC",
        "2026-11-22Z",
        "2026/11/22",
        "2026-11-22 10:00:00,5",
        "2026-11-22  10:00:00",
        "2026-11-22_10:00:00",
        "2O26-11-22",
        "1795341601123",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 42;
        if (parse_ts(bad[i], &v) != -1)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(v, 42);
    }
}

static void test_parse_date_and_time_literals(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(ss_time_parse_date("2000-03-01", 10, &v), 0);
    assert_int_equal(v, 11017);
    assert_int_equal(ss_time_parse_date(" 1969-12-31 ", 12, &v), 0);
    assert_int_equal(v, -1);
    assert_int_equal(ss_time_parse_date("2026-11-22 10:00:00", 19, &v), -1);
    assert_int_equal(ss_time_parse_date("2023-02-29", 10, &v), -1);
    assert_int_equal(ss_time_parse_date("2026-11-2", 9, &v), -1);

    assert_int_equal(ss_time_parse_time("10:00", 5, &v), 0);
    assert_int_equal(v, 36000000);
    assert_int_equal(ss_time_parse_time("00:00:00", 8, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(ss_time_parse_time("23:59:59.999", 12, &v), 0);
    assert_int_equal(v, 86399999);
    assert_int_equal(ss_time_parse_time("12:34:56.7", 10, &v), 0);
    assert_int_equal(v, 45296700);
    assert_int_equal(ss_time_parse_time("24:00:00", 8, &v), -1);
    assert_int_equal(ss_time_parse_time("1:00:00", 7, &v), -1);
    assert_int_equal(ss_time_parse_time("10:00:00Z", 9, &v), -1);
    assert_int_equal(ss_time_parse_time("10:00:00+01:00", 14, &v), -1);
    assert_int_equal(ss_time_parse_time("", 0, &v), -1);
}

/* ---- ISO text out ----------------------------------------------------------- */

static void test_format_timestamp_always_three_fraction_digits(void **state)
{
    (void)state;
    assert_ts_text(0, "1970-01-01 00:00:00.000");
    assert_ts_text(-1, "1969-12-31 23:59:59.999");
    assert_ts_text(TS_2026, "2026-11-22 10:00:01.123");
    assert_ts_text(TS_2026 - 123 + 5, "2026-11-22 10:00:01.005");
    assert_ts_text(951782400000LL, "2000-02-29 00:00:00.000");
    assert_ts_text(-2208988800000LL, "1900-01-01 00:00:00.000");
    assert_ts_text(-2208988800001LL, "1899-12-31 23:59:59.999");
    assert_ts_text(1767225599999LL, "2025-12-31 23:59:59.999");
    assert_ts_text(1767225600000LL, "2026-01-01 00:00:00.000");
    assert_ts_text(-62135596800000LL, "0001-01-01 00:00:00.000");
    assert_ts_text(253402300799999LL, "9999-12-31 23:59:59.999");
}

static void test_format_timestamp_outside_years_1_to_9999(void **state)
{
    (void)state;
    assert_ts_text(-62167219200000LL, "0000-01-01 00:00:00.000");
    assert_ts_text(-62167219200001LL, "-0001-12-31 23:59:59.999");
    assert_ts_text(253402300800000LL, "10000-01-01 00:00:00.000");
    assert_ts_text(INT64_MAX, "292278994-08-17 07:12:55.807");
    assert_ts_text(INT64_MIN, "-292275055-05-16 16:47:04.192");
    char buf[SS_TIME_BUFSZ];
    size_t n = ss_time_format_iso8601(INT64_MIN, buf);
    assert_string_equal(buf, "-292275055-05-16T16:47:04.192Z");
    assert_int_equal(n, strlen(buf));
}

static void test_format_iso8601_date_and_time(void **state)
{
    (void)state;
    char buf[SS_TIME_BUFSZ];
    assert_int_equal(ss_time_format_iso8601(TS_2026, buf), 24);
    assert_string_equal(buf, "2026-11-22T10:00:01.123Z");
    assert_int_equal(ss_time_format_date(0, buf), 10);
    assert_string_equal(buf, "1970-01-01");
    ss_time_format_date(-1, buf);
    assert_string_equal(buf, "1969-12-31");
    ss_time_format_date(11016, buf);
    assert_string_equal(buf, "2000-02-29");
    assert_int_equal(ss_time_format_time(45296700, buf), 12);
    assert_string_equal(buf, "12:34:56.700");
    ss_time_format_time(0, buf);
    assert_string_equal(buf, "00:00:00.000");
    ss_time_format_time(-1, buf);
    assert_string_equal(buf, "23:59:59.999");
    ss_time_format_time(DAY + 1, buf);
    assert_string_equal(buf, "00:00:00.001");
}

static void test_format_then_parse_round_trips_1900_to_2100(void **state)
{
    (void)state;
    const int64_t lo = -2208988800000LL, hi = 4102444800000LL; /* 1900..2100 */
    char buf[SS_TIME_BUFSZ];
    for (int i = 0; i < 200000; i++) {
        int64_t ts = lo + (int64_t)(rng() % (uint64_t)(hi - lo));
        size_t n = ss_time_format_timestamp(ts, buf);
        int64_t back;
        assert_int_equal(ss_time_parse_timestamp(buf, n, &back), 0);
        assert_int_equal(back, ts);
        n = ss_time_format_iso8601(ts, buf);
        assert_int_equal(ss_time_parse_timestamp(buf, n, &back), 0);
        assert_int_equal(back, ts);
        int64_t days = ss_time_floor_div(ts, DAY);
        n = ss_time_format_date(days, buf);
        assert_int_equal(ss_time_parse_date(buf, n, &back), 0);
        assert_int_equal(back, days);
        n = ss_time_format_time(ts, buf);
        assert_int_equal(ss_time_parse_time(buf, n, &back), 0);
        assert_int_equal(back, ss_time_floor_mod(ts, DAY));
    }
}

/* ---- truncation ------------------------------------------------------------- */

static void test_floor_ms_floors_negative_timestamps(void **state)
{
    (void)state;
    assert_int_equal(ss_time_floor_ms(-1, 60000), -60000);
    assert_int_equal(ss_time_floor_ms(-60000, 60000), -60000);
    assert_int_equal(ss_time_floor_ms(-60001, 60000), -120000);
    assert_int_equal(ss_time_floor_ms(0, 60000), 0);
    assert_int_equal(ss_time_floor_ms(59999, 60000), 0);
    assert_int_equal(ss_time_floor_ms(60000, 60000), 60000);
    assert_int_equal(ss_time_ceil_ms(-1, 1000), 0);
    assert_int_equal(ss_time_ceil_ms(-1000, 1000), -1000);
    assert_int_equal(ss_time_ceil_ms(-1001, 1000), -1000);
    assert_int_equal(ss_time_ceil_ms(1, 1000), 1000);
    assert_int_equal(ss_time_ceil_ms(1000, 1000), 1000);
    assert_int_equal(ss_time_floor_ms(12345, 1), 12345);
    /* arbitrary sizes (STEP BY INTERVAL '7' SECOND) */
    assert_int_equal(ss_time_floor_ms(TS_2026, 7000), TS_2026 - TS_2026 % 7000);
    for (int i = 0; i < 100000; i++) {
        int64_t ts = (int64_t)(rng() % 8000000000000ULL) - 4000000000000LL;
        int64_t size = (int64_t)(rng() % 100000000) + 1;
        int64_t f = ss_time_floor_ms(ts, size), c = ss_time_ceil_ms(ts, size);
        assert_true(f <= ts && ts < f + size);
        assert_int_equal(f % size, 0);
        assert_true(c >= ts && c - size < ts);
        assert_int_equal(c % size, 0);
    }
}

static void test_floor_and_ceil_saturate_at_int64_limits(void **state)
{
    (void)state;
    assert_int_equal(ss_time_floor_ms(INT64_MIN, 1000), INT64_MIN);
    assert_int_equal(ss_time_floor_ms(INT64_MIN + 1, 1000), INT64_MIN);
    assert_int_equal(ss_time_ceil_ms(INT64_MAX, 1000), INT64_MAX);
    assert_int_equal(ss_time_ceil(INT64_MAX, SS_TIME_DAY), INT64_MAX);
    assert_int_equal(ss_time_ceil(INT64_MAX, SS_TIME_YEAR), INT64_MAX);
    assert_int_equal(ss_time_floor(INT64_MIN, SS_TIME_YEAR), INT64_MIN);
    assert_int_equal(ss_time_floor(INT64_MIN, SS_TIME_MONTH), INT64_MIN);
    assert_int_equal(ss_time_floor(INT64_MAX, SS_TIME_SECOND), INT64_MAX - 807);
}

static void test_floor_and_ceil_to_fixed_units(void **state)
{
    (void)state;
    assert_int_equal(ss_time_floor(TS_2026, SS_TIME_MILLISECOND), TS_2026);
    assert_int_equal(ss_time_floor(TS_2026, SS_TIME_SECOND), ts_of("2026-11-22 10:00:01"));
    assert_int_equal(ss_time_floor(TS_2026, SS_TIME_MINUTE), ts_of("2026-11-22 10:00"));
    assert_int_equal(ss_time_floor(TS_2026, SS_TIME_HOUR), ts_of("2026-11-22 10:00"));
    assert_int_equal(ss_time_floor(TS_2026, SS_TIME_DAY), ts_of("2026-11-22"));
    assert_int_equal(ss_time_ceil(TS_2026, SS_TIME_SECOND), ts_of("2026-11-22 10:00:02"));
    assert_int_equal(ss_time_ceil(TS_2026, SS_TIME_MINUTE), ts_of("2026-11-22 10:01"));
    assert_int_equal(ss_time_ceil(TS_2026, SS_TIME_HOUR), ts_of("2026-11-22 11:00"));
    assert_int_equal(ss_time_ceil(TS_2026, SS_TIME_DAY), ts_of("2026-11-23"));
    assert_int_equal(ss_time_floor(-1, SS_TIME_SECOND), -1000);
    assert_int_equal(ss_time_floor(-1, SS_TIME_DAY), -DAY);
    assert_int_equal(ss_time_ceil(-1, SS_TIME_DAY), 0);
    assert_int_equal(ss_time_ceil(0, SS_TIME_DAY), 0);
}

static void test_floor_and_ceil_to_calendar_units(void **state)
{
    (void)state;
    int64_t leap = ts_of("2024-02-29 13:00:00");
    assert_int_equal(ss_time_floor(leap, SS_TIME_MONTH), ts_of("2024-02-01"));
    assert_int_equal(ss_time_ceil(leap, SS_TIME_MONTH), ts_of("2024-03-01"));
    assert_int_equal(ss_time_ceil(ts_of("2024-02-01"), SS_TIME_MONTH), ts_of("2024-02-01"));
    assert_int_equal(ss_time_ceil(ts_of("2024-12-31 23:59:59.999"), SS_TIME_MONTH),
                     ts_of("2025-01-01"));
    assert_int_equal(ss_time_floor(TS_2026, SS_TIME_QUARTER), ts_of("2026-10-01"));
    assert_int_equal(ss_time_ceil(TS_2026, SS_TIME_QUARTER), ts_of("2027-01-01"));
    assert_int_equal(ss_time_floor(ts_of("2026-03-31 23:59:59.999"), SS_TIME_QUARTER),
                     ts_of("2026-01-01"));
    assert_int_equal(ss_time_floor(ts_of("2026-04-01"), SS_TIME_QUARTER), ts_of("2026-04-01"));
    assert_int_equal(ss_time_floor(TS_2026, SS_TIME_YEAR), ts_of("2026-01-01"));
    assert_int_equal(ss_time_ceil(TS_2026, SS_TIME_YEAR), ts_of("2027-01-01"));
    int64_t before = ts_of("1969-06-15 12:00:00");
    assert_int_equal(before, -17236800000LL);
    assert_int_equal(ss_time_floor(before, SS_TIME_YEAR), -31536000000LL);
    assert_int_equal(ss_time_ceil(before, SS_TIME_YEAR), 0);
    assert_int_equal(ss_time_floor(before, SS_TIME_MONTH), ts_of("1969-06-01"));
    assert_int_equal(ss_time_floor(-1, SS_TIME_YEAR), ts_of("1969-01-01"));
}

static void test_add_months_clamps_to_month_end(void **state)
{
    (void)state;
    int64_t out;
    assert_int_equal(ss_time_add_months(ts_of("2024-01-31 10:00"), 1, &out), 0);
    assert_int_equal(out, ts_of("2024-02-29 10:00"));
    assert_int_equal(ss_time_add_months(ts_of("2023-01-31"), 1, &out), 0);
    assert_int_equal(out, ts_of("2023-02-28"));
    assert_int_equal(ss_time_add_months(ts_of("2024-02-29"), 12, &out), 0);
    assert_int_equal(out, ts_of("2025-02-28"));
    assert_int_equal(ss_time_add_months(ts_of("2026-03-15 10:00"), -3, &out), 0);
    assert_int_equal(out, ts_of("2025-12-15 10:00"));
    assert_int_equal(ss_time_add_months(ts_of("1969-12-31 23:00"), 1, &out), 0);
    assert_int_equal(out, ts_of("1970-01-31 23:00"));
    assert_int_equal(ss_time_add_months(ts_of("2026-11-22"), -12 * 2026 - 10, &out), 0);
    assert_int_equal(out, ts_of("0000-01-22"));
    assert_int_equal(ss_time_add_months(0, INT64_MAX, &out), -1);
    assert_int_equal(ss_time_add_months(0, INT64_MIN, &out), -1);
    assert_int_equal(ss_time_add_months(INT64_MAX, 1, &out), -1);
}

/* ---- EXTRACT ---------------------------------------------------------------- */

static void test_extract_fields_from_timestamp(void **state)
{
    (void)state;
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_YEAR), 2026);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_QUARTER), 4);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_MONTH), 11);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_WEEK), 47);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_DAY), 22);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_HOUR), 10);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_MINUTE), 0);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_SECOND), 1);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_MILLISECOND), 1123);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_DOW), 1); /* Sunday */
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_ISODOW), 7);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_DOY), 326);
    assert_int_equal(ss_time_extract(TS_2026, SS_TIME_F_EPOCH), 1795341601);
    /* KDA's example: 2016-09-23 04:29:26.234 */
    int64_t kda = ts_of("2016-09-23 04:29:26.234");
    assert_int_equal(ss_time_extract(kda, SS_TIME_F_MINUTE), 29);
    assert_int_equal(ss_time_extract(kda, SS_TIME_F_HOUR), 4);
    assert_int_equal(ss_time_extract(kda, SS_TIME_F_MILLISECOND), 26234);
}

static void test_extract_before_epoch_and_at_year_edges(void **state)
{
    (void)state;
    assert_int_equal(ss_time_extract(-1, SS_TIME_F_YEAR), 1969);
    assert_int_equal(ss_time_extract(-1, SS_TIME_F_DOY), 365);
    assert_int_equal(ss_time_extract(-1, SS_TIME_F_DOW), 4); /* Wednesday */
    assert_int_equal(ss_time_extract(-1, SS_TIME_F_ISODOW), 3);
    assert_int_equal(ss_time_extract(-1, SS_TIME_F_HOUR), 23);
    assert_int_equal(ss_time_extract(-1, SS_TIME_F_MILLISECOND), 59999);
    assert_int_equal(ss_time_extract(-1, SS_TIME_F_EPOCH), -1);
    assert_int_equal(ss_time_extract(0, SS_TIME_F_DOW), 5); /* Thursday */
    assert_int_equal(ss_time_extract(ts_of("2024-12-31"), SS_TIME_F_DOY), 366);
    assert_int_equal(ss_time_extract(ts_of("2021-01-03"), SS_TIME_F_WEEK), 53);
    assert_int_equal(ss_time_extract(ts_of("2020-12-31"), SS_TIME_F_WEEK), 53);
    assert_int_equal(ss_time_extract(ts_of("2024-12-30"), SS_TIME_F_WEEK), 1);
    assert_int_equal(ss_time_extract(ts_of("2026-01-01"), SS_TIME_F_WEEK), 1);
    assert_int_equal(ss_time_extract(ts_of("2000-02-29"), SS_TIME_F_DAY), 29);
    assert_int_equal(ss_time_extract(ts_of("2000-02-29"), SS_TIME_F_DOY), 60);
}

static void test_extract_from_intervals_keeps_sign(void **state)
{
    (void)state;
    int64_t iv = 2 * DAY + 3 * 3600000 + 4 * 60000 + 5678; /* '2 3:4:5.678' */
    assert_int_equal(ss_time_extract_interval_ds(iv, SS_TIME_F_DAY), 2);
    assert_int_equal(ss_time_extract_interval_ds(iv, SS_TIME_F_HOUR), 3);
    assert_int_equal(ss_time_extract_interval_ds(iv, SS_TIME_F_MINUTE), 4);
    assert_int_equal(ss_time_extract_interval_ds(iv, SS_TIME_F_SECOND), 5);
    assert_int_equal(ss_time_extract_interval_ds(iv, SS_TIME_F_MILLISECOND), 5678);
    assert_int_equal(ss_time_extract_interval_ds(-iv, SS_TIME_F_DAY), -2);
    assert_int_equal(ss_time_extract_interval_ds(-iv, SS_TIME_F_HOUR), -3);
    assert_int_equal(ss_time_extract_interval_ds(-iv, SS_TIME_F_MILLISECOND), -5678);
    assert_int_equal(ss_time_extract_interval_ds(iv, SS_TIME_F_YEAR), 0);
    assert_int_equal(ss_time_extract_interval_ym(18, SS_TIME_F_YEAR), 1);
    assert_int_equal(ss_time_extract_interval_ym(18, SS_TIME_F_MONTH), 6);
    assert_int_equal(ss_time_extract_interval_ym(-18, SS_TIME_F_YEAR), -1);
    assert_int_equal(ss_time_extract_interval_ym(-18, SS_TIME_F_MONTH), -6);
}

/* ---- intervals -------------------------------------------------------------- */

static int ivds(const char *s, ss_time_unit from, ss_time_unit to, int64_t *v)
{
    return ss_time_parse_interval_ds(s, strlen(s), from, to, v);
}

static void test_parse_interval_day_to_second_forms(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(ivds("2 3:4:5.678", SS_TIME_DAY, SS_TIME_SECOND, &v), 0);
    assert_int_equal(v, 2 * DAY + 3 * 3600000 + 4 * 60000 + 5678);
    assert_int_equal(ivds("10", SS_TIME_SECOND, SS_TIME_SECOND, &v), 0);
    assert_int_equal(v, 10000);
    assert_int_equal(ivds("1.5", SS_TIME_SECOND, SS_TIME_SECOND, &v), 0);
    assert_int_equal(v, 1500);
    assert_int_equal(ivds("90", SS_TIME_MINUTE, SS_TIME_MINUTE, &v), 0);
    assert_int_equal(v, 5400000);
    assert_int_equal(ivds("1:30", SS_TIME_HOUR, SS_TIME_MINUTE, &v), 0);
    assert_int_equal(v, 5400000);
    assert_int_equal(ivds("25", SS_TIME_HOUR, SS_TIME_HOUR, &v), 0);
    assert_int_equal(v, 25 * 3600000LL);
    assert_int_equal(ivds("-1", SS_TIME_DAY, SS_TIME_DAY, &v), 0);
    assert_int_equal(v, -DAY);
    assert_int_equal(ivds(" +3 04 ", SS_TIME_DAY, SS_TIME_HOUR, &v), 0);
    assert_int_equal(v, 3 * DAY + 4 * 3600000);
    assert_int_equal(ivds("5:06", SS_TIME_MINUTE, SS_TIME_SECOND, &v), 0);
    assert_int_equal(v, 306000);
    assert_int_equal(ivds("1:02:03.4", SS_TIME_HOUR, SS_TIME_SECOND, &v), 0);
    assert_int_equal(v, 3723400);
    assert_int_equal(ivds("1 2:3", SS_TIME_DAY, SS_TIME_MINUTE, &v), 0);
    assert_int_equal(v, DAY + 2 * 3600000 + 3 * 60000);

    assert_int_equal(ivds("1:60", SS_TIME_HOUR, SS_TIME_MINUTE, &v), -1);
    assert_int_equal(ivds("2 24", SS_TIME_DAY, SS_TIME_HOUR, &v), -1);
    assert_int_equal(ivds("1.5", SS_TIME_MINUTE, SS_TIME_MINUTE, &v), -1);
    assert_int_equal(ivds("", SS_TIME_SECOND, SS_TIME_SECOND, &v), -1);
    assert_int_equal(ivds("abc", SS_TIME_SECOND, SS_TIME_SECOND, &v), -1);
    assert_int_equal(ivds("1 2", SS_TIME_DAY, SS_TIME_SECOND, &v), -1);
    assert_int_equal(ivds("1", SS_TIME_SECOND, SS_TIME_DAY, &v), -1);
    assert_int_equal(ivds("1", SS_TIME_YEAR, SS_TIME_YEAR, &v), -1);
    assert_int_equal(ivds("1234567890", SS_TIME_SECOND, SS_TIME_SECOND, &v), -1);
}

static void test_parse_interval_year_to_month_and_format(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(ss_time_parse_interval_ym("1-6", 3, SS_TIME_YEAR, SS_TIME_MONTH, &v), 0);
    assert_int_equal(v, 18);
    assert_int_equal(ss_time_parse_interval_ym("-2", 2, SS_TIME_YEAR, SS_TIME_YEAR, &v), 0);
    assert_int_equal(v, -24);
    assert_int_equal(ss_time_parse_interval_ym("14", 2, SS_TIME_MONTH, SS_TIME_MONTH, &v), 0);
    assert_int_equal(v, 14);
    assert_int_equal(ss_time_parse_interval_ym("1-12", 4, SS_TIME_YEAR, SS_TIME_MONTH, &v), -1);
    assert_int_equal(ss_time_parse_interval_ym("1", 1, SS_TIME_DAY, SS_TIME_DAY, &v), -1);
    assert_int_equal(ss_time_parse_interval_ym("1-", 2, SS_TIME_YEAR, SS_TIME_MONTH, &v), -1);

    char buf[SS_TIME_BUFSZ];
    ss_time_format_interval_ds(2 * DAY + 3 * 3600000 + 4 * 60000 + 5678, buf);
    assert_string_equal(buf, "+2 03:04:05.678");
    ss_time_format_interval_ds(-1, buf);
    assert_string_equal(buf, "-0 00:00:00.001");
    size_t n = ss_time_format_interval_ds(INT64_MIN, buf);
    assert_string_equal(buf, "-106751991167 07:12:55.808");
    assert_int_equal(n, strlen(buf));
    ss_time_format_interval_ym(18, buf);
    assert_string_equal(buf, "+1-6");
    ss_time_format_interval_ym(-18, buf);
    assert_string_equal(buf, "-1-6");
    ss_time_format_interval_ym(0, buf);
    assert_string_equal(buf, "+0-0");
}

/* ---- KDA datetime patterns -------------------------------------------------- */

static ss_time_fmt compile_ok(const char *pattern)
{
    ss_time_fmt f;
    char err[128] = "";
    if (ss_time_fmt_compile(&f, pattern, strlen(pattern), err, sizeof err) != 0)
        fail_msg("pattern \"%s\": %s", pattern, err);
    return f;
}

/* CHAR_TO_TIMESTAMP(pattern, s) as text, or "no result". */
static const char *c2t(const char *pattern, const char *s)
{
    static char out[SS_TIME_BUFSZ];
    ss_time_fmt f = compile_ok(pattern);
    int64_t ts;
    if (ss_time_fmt_parse(&f, s, strlen(s), &ts, NULL) != 0)
        return "no result";
    ss_time_format_timestamp(ts, out);
    return out;
}

/* TIMESTAMP_TO_CHAR(pattern, ts), checking max_len on the way. */
static const char *t2c(const char *pattern, int64_t ts)
{
    static char out[1024];
    ss_time_fmt f = compile_ok(pattern);
    size_t n = ss_time_fmt_format(&f, ts, out, sizeof out);
    assert_int_equal(n, strlen(out));
    assert_true(n <= f.max_len);
    return out;
}

static void test_fmt_compile_rejects_bad_patterns(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "yyyy-MM-dd'T",
        /* the SQL literal 'yyyy-MM-dd''T''HH' is the pattern yyyy-MM-dd'T'HH; doubled
         * quotes in the pattern itself are a quote character, leaving T a letter */
        "yyyy-MM-dd''T''HH",
        "YYYY-MM-dd", "yyyy-ww", "W", "F", "G yyyy", "q", "yyyy-MM-dd HH:mm:ss.SSS XXXX",
        "bb", "'unterminated''",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ss_time_fmt f;
        char err[128] = "";
        if (ss_time_fmt_compile(&f, bad[i], strlen(bad[i]), err, sizeof err) != -1)
            fail_msg("compiled \"%s\"", bad[i]);
        assert_true(err[0] != 0);
    }
    ss_time_fmt f;
    char err[128];
    assert_int_equal(ss_time_fmt_compile(&f, "YYYY", 4, err, sizeof err), -1);
    assert_string_equal(err, "datetime pattern letter 'Y' is not supported");
    assert_int_equal(ss_time_fmt_compile(&f, "yyyy-Q", 6, err, sizeof err), -1);
    assert_string_equal(err, "unknown datetime pattern letter 'Q'");
    assert_int_equal(ss_time_fmt_compile(&f, "'abc", 4, NULL, 0), -1);
    char longpat[400];
    memset(longpat, '-', sizeof longpat);
    assert_int_equal(ss_time_fmt_compile(&f, longpat, sizeof longpat, err, sizeof err), -1);
    for (size_t i = 0; i < sizeof longpat; i += 2)
        longpat[i] = 'd';
    assert_int_equal(ss_time_fmt_compile(&f, longpat, sizeof longpat, err, sizeof err), -1);
    assert_int_equal(ss_time_fmt_compile(&f, "", 0, err, sizeof err), 0);
}

static void test_fmt_parse_kda_reference_examples(void **state)
{
    (void)state;
    /* The table "Template Strings to Create Specific Output Timestamps" of the
     * KDA SQL reference. */
    assert_string_equal(c2t("yyyy-MM-dd hh:mm:ss", "2009-09-16 03:15:24"),
                        "2009-09-16 03:15:24.000");
    assert_string_equal(c2t("yyyy-mm", "2011-02-08 07:23:19"), "2011-01-01 00:02:00.000");
    assert_string_equal(c2t("MMM dd, yyyy", "March 7, 2010"), "2010-03-07 00:00:00.000");
    assert_string_equal(c2t("MMM dd, yyyy", "March 7 2010"), "no result");
    assert_string_equal(c2t("MMM dd,", "March 7, 2010"), "1970-03-07 00:00:00.000");
    assert_string_equal(c2t("MMM dd,y", "March 7, 2010"), "2010-03-07 00:00:00.000");
    assert_string_equal(c2t("M-d", "2-8"), "1970-02-08 00:00:00.000");
    assert_string_equal(c2t("M-d", "2-8-2011"), "1970-02-08 00:00:00.000");
    assert_string_equal(c2t("M-d", "2011-2-8"), "no result");
    assert_string_equal(c2t("MM-dd-yyyy", "06-23-2011 10:11:12"), "2011-06-23 00:00:00.000");
    assert_string_equal(c2t("dd-MM-yy hh:mm:ss", "23-06-11 10:11:12"), "2011-06-23 10:11:12.000");
    assert_string_equal(c2t("MM-dd-yy ss:hh:mm", "06-23-11 12:10:11"), "2011-06-23 10:11:12.000");
    assert_string_equal(c2t("yy-dd-MM ss:hh:mm", "06-23-11 12:10:11"), "2006-11-23 10:11:12.000");
}

static void test_fmt_parse_common_log_formats(void **state)
{
    (void)state;
    assert_string_equal(c2t("yyyy-MM-dd'T'HH:mm:ss.SSS", "2026-11-22T10:00:01.123"),
                        "2026-11-22 10:00:01.123");
    /* Apache access log */
    assert_string_equal(c2t("dd/MMM/yyyy:HH:mm:ss Z", "10/Oct/2000:13:55:36 -0700"),
                        "2000-10-10 20:55:36.000");
    /* RFC 1123, with a day name that must agree with the date */
    assert_string_equal(c2t("EEE, dd MMM yyyy HH:mm:ss z", "Tue, 15 Nov 1994 08:12:31 GMT"),
                        "1994-11-15 08:12:31.000");
    assert_string_equal(c2t("EEE, dd MMM yyyy HH:mm:ss z", "Wed, 15 Nov 1994 08:12:31 GMT"),
                        "no result");
    assert_string_equal(c2t("EEEE MMMM d yyyy", "tuesday NOVEMBER 15 1994"),
                        "1994-11-15 00:00:00.000");
    assert_string_equal(c2t("E MMM d yyyy", "Tuesday Nov 15 1994"), "1994-11-15 00:00:00.000");
    /* compact, abutting numeric fields take their pattern widths */
    assert_string_equal(c2t("yyyyMMddHHmmss", "20261122100001"), "2026-11-22 10:00:01.000");
    assert_string_equal(c2t("yyyyMMddHHmmssSSS", "20261122100001123"),
                        "2026-11-22 10:00:01.123");
    assert_string_equal(c2t("yyMMdd", "261122"), "2026-11-22 00:00:00.000");
    assert_string_equal(c2t("HHmm", "0930"), "1970-01-01 09:30:00.000");
    /* spaces before a field are skipped, as Java does */
    assert_string_equal(c2t("MMM dd yyyy", "Mar  7  2010"), "2010-03-07 00:00:00.000");
    assert_string_equal(c2t("yyyy-MM-dd", " 2010-03-07"), "2010-03-07 00:00:00.000");
}

static void test_fmt_parse_hours_and_am_pm(void **state)
{
    (void)state;
    assert_string_equal(c2t("hh:mm a", "12:30 AM"), "1970-01-01 00:30:00.000");
    assert_string_equal(c2t("hh:mm a", "12:30 PM"), "1970-01-01 12:30:00.000");
    assert_string_equal(c2t("hh:mm a", "01:05 pm"), "1970-01-01 13:05:00.000");
    assert_string_equal(c2t("hh:mm", "12:05"), "1970-01-01 00:05:00.000");
    assert_string_equal(c2t("hh:mm a", "13:00 PM"), "no result");
    assert_string_equal(c2t("hh:mm", "00:00"), "no result");
    assert_string_equal(c2t("HH:mm", "24:00"), "no result");
    assert_string_equal(c2t("HH:mm", "23:59"), "1970-01-01 23:59:00.000");
    assert_string_equal(c2t("kk:mm", "24:00"), "1970-01-01 00:00:00.000");
    assert_string_equal(c2t("kk:mm", "00:00"), "no result");
    assert_string_equal(c2t("KK a", "11 PM"), "1970-01-01 23:00:00.000");
    assert_string_equal(c2t("KK a", "12 PM"), "no result");
    assert_string_equal(c2t("HH a", "15 PM"), "1970-01-01 15:00:00.000");
    assert_string_equal(c2t("HH a", "15 AM"), "no result");
    assert_string_equal(c2t("a", "PM"), "1970-01-01 12:00:00.000");
    assert_string_equal(c2t("a", "XM"), "no result");
    assert_string_equal(c2t("mm:ss", "60:00"), "no result");
    assert_string_equal(c2t("mm:ss", "59:60"), "no result");
}

static void test_fmt_parse_dates_are_range_checked(void **state)
{
    (void)state;
    assert_string_equal(c2t("yyyy-MM-dd", "2011-13-01"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "2011-02-29"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "2012-02-29"), "2012-02-29 00:00:00.000");
    assert_string_equal(c2t("yyyy-MM-dd", "2000-02-29"), "2000-02-29 00:00:00.000");
    assert_string_equal(c2t("yyyy-MM-dd", "1900-02-29"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "2011-04-31"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "2011-00-10"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "2011-01-00"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "0000-01-01"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "0010-01-01"), "0010-01-01 00:00:00.000");
    assert_string_equal(c2t("yyyy-MM-dd", "2011-x1-01"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", "2011-01"), "no result");
    assert_string_equal(c2t("yyyy-MM-dd", ""), "no result");
    assert_string_equal(c2t("yy", "49"), "2049-01-01 00:00:00.000");
    assert_string_equal(c2t("yy", "50"), "1950-01-01 00:00:00.000");
    assert_string_equal(c2t("yy", "2026"), "2026-01-01 00:00:00.000");
    assert_string_equal(c2t("y", "10"), "2010-01-01 00:00:00.000");
    assert_string_equal(c2t("y", "010"), "0010-01-01 00:00:00.000");
    assert_string_equal(c2t("yyyy", "10"), "0010-01-01 00:00:00.000");
    assert_string_equal(c2t("yyyy D", "2024 60"), "2024-02-29 00:00:00.000");
    assert_string_equal(c2t("yyyy D", "2023 366"), "no result");
    assert_string_equal(c2t("yyyy D", "2024 366"), "2024-12-31 00:00:00.000");
    assert_string_equal(c2t("yyyy-MM-dd D", "2024-03-01 61"), "2024-03-01 00:00:00.000");
    assert_string_equal(c2t("yyyy-MM-dd D", "2024-03-01 60"), "no result");
    assert_string_equal(c2t("u yyyy-MM-dd", "7 2026-11-22"), "2026-11-22 00:00:00.000");
    assert_string_equal(c2t("u yyyy-MM-dd", "1 2026-11-22"), "no result");
    assert_string_equal(c2t("u yyyy-MM-dd", "8 2026-11-22"), "no result");
    assert_string_equal(c2t("MMM", "Sept"), "1970-09-01 00:00:00.000"); /* "Sep", rest ignored */
    assert_string_equal(c2t("MMM", "mar"), "1970-03-01 00:00:00.000");
    assert_string_equal(c2t("MMM", "Mars"), "1970-03-01 00:00:00.000");
    assert_string_equal(c2t("MMM", "Mx"), "no result");
    assert_string_equal(c2t("MM", "Mar"), "no result");
    assert_string_equal(c2t("LLLL d", "JULY 4"), "1970-07-04 00:00:00.000");
    assert_string_equal(c2t("LL/dd", "07/04"), "1970-07-04 00:00:00.000");
}

static void test_fmt_parse_milliseconds_as_java_does(void **state)
{
    (void)state;
    assert_string_equal(c2t("ss.S", "05.5"), "1970-01-01 00:00:05.005");
    assert_string_equal(c2t("ss.SSS", "05.5"), "1970-01-01 00:00:05.005");
    assert_string_equal(c2t("ss.SSS", "05.500"), "1970-01-01 00:00:05.500");
    assert_string_equal(c2t("ss.SSS", "05.999"), "1970-01-01 00:00:05.999");
    assert_string_equal(c2t("ss.SSS", "05.1234"), "no result");
}

static void test_fmt_parse_zones(void **state)
{
    (void)state;
    const char *base = "yyyy-MM-dd'T'HH:mm:ss";
    char pat[64];
    snprintf(pat, sizeof pat, "%sX", base);
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00Z"), "2026-11-22 10:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+01"), "2026-11-22 09:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00-1"), "no result");
    snprintf(pat, sizeof pat, "%sXX", base);
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+0130"), "2026-11-22 08:30:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+01:30"), "no result");
    snprintf(pat, sizeof pat, "%sXXX", base);
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00-01:30"), "2026-11-22 11:30:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00-0130"), "no result");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+24:00"), "no result");
    snprintf(pat, sizeof pat, "%sZ", base);
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+0100"), "2026-11-22 09:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+01:00"), "2026-11-22 09:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00Z"), "2026-11-22 10:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+01"), "no result");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00+0160"), "no result");
    snprintf(pat, sizeof pat, "%s z", base);
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00 UTC"), "2026-11-22 10:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00 gmt"), "2026-11-22 10:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00 UT"), "2026-11-22 10:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00 GMT+8:00"), "2026-11-22 02:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00 GMT-08:00"), "2026-11-22 18:00:00.000");
    assert_string_equal(c2t(pat, "2026-11-22T10:00:00 PST"), "no result");
    /* the offset can move the result across a day and a year */
    snprintf(pat, sizeof pat, "%sXXX", base);
    assert_string_equal(c2t(pat, "2026-01-01T00:30:00+01:00"), "2025-12-31 23:30:00.000");
}

static void test_fmt_parse_reports_consumed_and_ignores_trailing_text(void **state)
{
    (void)state;
    ss_time_fmt f = compile_ok("yyyy-MM-dd");
    int64_t ts;
    size_t used = 0;
    const char *s = "2011-06-23 10:11:12";
    assert_int_equal(ss_time_fmt_parse(&f, s, strlen(s), &ts, &used), 0);
    assert_int_equal(used, 10);
    assert_int_equal(ts, 1308787200000LL);
    ss_time_fmt empty = compile_ok("");
    assert_int_equal(ss_time_fmt_parse(&empty, "junk", 4, &ts, &used), 0);
    assert_int_equal(ts, 0);
    assert_int_equal(used, 0);
    /* the input need not be NUL-terminated */
    assert_int_equal(ss_time_fmt_parse(&f, "2011-06-239", 10, &ts, &used), 0);
    assert_int_equal(ts, 1308787200000LL);
}

static void test_fmt_format_every_letter(void **state)
{
    (void)state;
    int64_t t = ts_of("2026-01-05 13:07:09.045"); /* a Monday */
    assert_string_equal(t2c("yyyy-MM-dd HH:mm:ss.SSS", t), "2026-01-05 13:07:09.045");
    assert_string_equal(t2c("yy", t), "26");
    assert_string_equal(t2c("y", t), "2026");
    assert_string_equal(t2c("yyy", t), "2026");
    assert_string_equal(t2c("yyyyy", t), "02026");
    assert_string_equal(t2c("M|MM|MMM|MMMM", t), "1|01|Jan|January");
    assert_string_equal(t2c("L|LL|LLL|LLLL", t), "1|01|Jan|January");
    assert_string_equal(t2c("d|dd|D|DDD", t), "5|05|5|005");
    assert_string_equal(t2c("E|EEE|EEEE|u", t), "Mon|Mon|Monday|1");
    assert_string_equal(t2c("a|H|HH|k|K|h|hh", t), "PM|13|13|13|1|1|01");
    assert_string_equal(t2c("m|mm|s|ss", t), "7|07|9|09");
    assert_string_equal(t2c("S|SS|SSS|SSSS", t), "45|45|045|0045");
    assert_string_equal(t2c("z|zzzz|Z|X|XX|XXX", t),
                        "UTC|Coordinated Universal Time|+0000|Z|Z|Z");
    int64_t midnight = ts_of("2026-11-22"); /* a Sunday */
    assert_string_equal(t2c("a h K k H", midnight), "AM 12 0 24 0");
    assert_string_equal(t2c("EEEE u D", midnight), "Sunday 7 326");
    assert_string_equal(t2c("a h K k H", midnight + 12 * 3600000), "PM 12 0 12 12");
    assert_string_equal(t2c("MMMM", ts_of("2026-09-01")), "September");
    assert_string_equal(t2c("EEEE", ts_of("2026-09-02")), "Wednesday");
}

static void test_fmt_format_quotes_and_literals(void **state)
{
    (void)state;
    assert_string_equal(t2c("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", TS_2026), "2026-11-22T10:00:01.123Z");
    assert_string_equal(t2c("''", TS_2026), "'");
    assert_string_equal(t2c("h 'o''clock' a", TS_2026), "10 o'clock AM");
    assert_string_equal(t2c("'yyyy' yyyy", TS_2026), "yyyy 2026");
    assert_string_equal(t2c("[dd/MM/yyyy] #1 ~", TS_2026), "[22/11/2026] #1 ~");
    assert_string_equal(t2c("", TS_2026), "");
    assert_string_equal(t2c("\xc3\xa0 yyyy \xe2\x82\xac", TS_2026), "\xc3\xa0 2026 \xe2\x82\xac"); /* UTF-8 */
}

static void test_fmt_format_outside_usual_years_and_truncation(void **state)
{
    (void)state;
    assert_string_equal(t2c("yyyy-MM-dd", -62167219200001LL), "-0001-12-31");
    assert_string_equal(t2c("yy", -62167219200001LL), "99");
    assert_string_equal(t2c("yyyy-MM-dd", INT64_MAX), "292278994-08-17");
    assert_string_equal(t2c("yyyy-MM-dd HH:mm:ss.SSS", -1), "1969-12-31 23:59:59.999");

    ss_time_fmt f = compile_ok("yyyy-MM-dd");
    char small[5];
    assert_int_equal(ss_time_fmt_format(&f, TS_2026, small, sizeof small), 10);
    assert_string_equal(small, "2026");
    assert_int_equal(ss_time_fmt_format(&f, TS_2026, NULL, 0), 10);
    char big[64];
    assert_int_equal(ss_time_fmt_format(&f, TS_2026, big, 11), 10);
    assert_string_equal(big, "2026-11-22");
}

static void test_fmt_format_then_parse_round_trips(void **state)
{
    (void)state;
    static const char *const patterns[] = {
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "yyyyMMddHHmmssSSS",
        "EEE, dd MMM yyyy HH:mm:ss.SSS Z",
        "EEEE, MMMM d, yyyy h:mm:ss.SSS a z",
        "dd/MMM/yyyy:kk:mm:ss.SSS X",
        "yyyy D KK:mm:ss.SSS a u",
    };
    const int64_t lo = -2208988800000LL, hi = 4102444800000LL; /* 1900..2100 */
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        ss_time_fmt f = compile_ok(patterns[p]);
        for (int i = 0; i < 20000; i++) {
            int64_t ts = lo + (int64_t)(rng() % (uint64_t)(hi - lo));
            char buf[256];
            size_t n = ss_time_fmt_format(&f, ts, buf, sizeof buf);
            assert_true(n <= f.max_len);
            int64_t back;
            size_t used;
            if (ss_time_fmt_parse(&f, buf, n, &back, &used) != 0)
                fail_msg("pattern %s: could not parse back \"%s\"", patterns[p], buf);
            assert_int_equal(used, n);
            assert_int_equal(back, ts);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_from_civil_known_dates),
        cmocka_unit_test(test_civil_from_days_walks_every_day_in_order),
        cmocka_unit_test(test_leap_years_follow_gregorian_rules),
        cmocka_unit_test(test_split_and_join_are_inverse_and_validate),
        cmocka_unit_test(test_parse_timestamp_accepts_sql_and_iso_forms),
        cmocka_unit_test(test_parse_timestamp_fraction_of_1_to_9_digits_truncates_to_ms),
        cmocka_unit_test(test_parse_timestamp_offsets_convert_to_utc_across_days),
        cmocka_unit_test(test_parse_timestamp_rejects_invalid_text),
        cmocka_unit_test(test_parse_date_and_time_literals),
        cmocka_unit_test(test_format_timestamp_always_three_fraction_digits),
        cmocka_unit_test(test_format_timestamp_outside_years_1_to_9999),
        cmocka_unit_test(test_format_iso8601_date_and_time),
        cmocka_unit_test(test_format_then_parse_round_trips_1900_to_2100),
        cmocka_unit_test(test_floor_ms_floors_negative_timestamps),
        cmocka_unit_test(test_floor_and_ceil_saturate_at_int64_limits),
        cmocka_unit_test(test_floor_and_ceil_to_fixed_units),
        cmocka_unit_test(test_floor_and_ceil_to_calendar_units),
        cmocka_unit_test(test_add_months_clamps_to_month_end),
        cmocka_unit_test(test_extract_fields_from_timestamp),
        cmocka_unit_test(test_extract_before_epoch_and_at_year_edges),
        cmocka_unit_test(test_extract_from_intervals_keeps_sign),
        cmocka_unit_test(test_parse_interval_day_to_second_forms),
        cmocka_unit_test(test_parse_interval_year_to_month_and_format),
        cmocka_unit_test(test_fmt_compile_rejects_bad_patterns),
        cmocka_unit_test(test_fmt_parse_kda_reference_examples),
        cmocka_unit_test(test_fmt_parse_common_log_formats),
        cmocka_unit_test(test_fmt_parse_hours_and_am_pm),
        cmocka_unit_test(test_fmt_parse_dates_are_range_checked),
        cmocka_unit_test(test_fmt_parse_milliseconds_as_java_does),
        cmocka_unit_test(test_fmt_parse_zones),
        cmocka_unit_test(test_fmt_parse_reports_consumed_and_ignores_trailing_text),
        cmocka_unit_test(test_fmt_format_every_letter),
        cmocka_unit_test(test_fmt_format_quotes_and_literals),
        cmocka_unit_test(test_fmt_format_outside_usual_years_and_truncation),
        cmocka_unit_test(test_fmt_format_then_parse_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
