/* Date and time conversions: ISO text in and out, calendar arithmetic, window
 * truncation, EXTRACT, intervals, and KDA's CHAR_TO_TIMESTAMP/TIMESTAMP_TO_CHAR
 * patterns. Pure integer arithmetic: no libc time functions, locale or malloc.
 *
 * Representations: TIMESTAMP = int64 ms since 1970-01-01T00:00:00Z (UTC, may be
 * negative); DATE = int64 days since 1970-01-01; TIME = int64 ms since midnight
 * (0..86399999); INTERVAL DAY TO SECOND = int64 ms; INTERVAL YEAR TO MONTH =
 * int64 months. The calendar is the proleptic Gregorian one, no leap seconds,
 * and year 0 exists (it is 1 BC), as in ISO 8601. */
#ifndef SS_TIMECONV_H
#define SS_TIMECONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SS_TIME_MS_PER_SECOND 1000LL
#define SS_TIME_MS_PER_MINUTE 60000LL
#define SS_TIME_MS_PER_HOUR 3600000LL
#define SS_TIME_MS_PER_DAY 86400000LL

/* Output buffer size (NUL included) for every ss_time_format_* function: the
 * widest text any int64 input can give ("-292275055-05-16 16:47:04.192"). */
#define SS_TIME_BUFSZ 40

/* ---- Calendar -------------------------------------------------------------- */

typedef struct ss_time_fields {
    int64_t year; /* proleptic Gregorian, 0 = 1 BC */
    int month;    /* 1..12 */
    int day;      /* 1..31 */
    int hour;     /* 0..23 */
    int minute;   /* 0..59 */
    int second;   /* 0..59 */
    int millis;   /* 0..999 */
} ss_time_fields;

/* Days since 1970-01-01 of a civil date, and back (Howard Hinnant's
 * algorithms). Valid for any date whose day count fits int64 / 86400000; the
 * month and day are not checked (use ss_time_valid_date). */
int64_t ss_time_days_from_civil(int64_t year, int month, int day);
void ss_time_civil_from_days(int64_t days, int64_t *year, int *month, int *day);
bool ss_time_is_leap_year(int64_t year);
int ss_time_days_in_month(int64_t year, int month);
bool ss_time_valid_date(int64_t year, int month, int day);

/* Floor division and its non-negative remainder: time before 1970 must round
 * toward -infinity, which C's `/` and `%` do not. b > 0. */
static inline int64_t ss_time_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b < 0) ? q - 1 : q;
}
static inline int64_t ss_time_floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}

/* A timestamp into calendar fields, for any int64. */
void ss_time_split(int64_t ts, ss_time_fields *f);
/* Fields into a timestamp; -1 when a field is out of range (month 13, Feb 30,
 * hour 24, second 60, ...) or the result does not fit int64. */
int ss_time_join(const ss_time_fields *f, int64_t *ts);

/* ---- Text in ----------------------------------------------------------------
 *
 * Strict ISO 8601 / SQL literal forms, all of [s, s+len) or -1. Surrounding
 * spaces and tabs are ignored, as SQL CAST from VARCHAR does; anything else
 * that is not part of the form is rejected.
 *
 * ss_time_parse_timestamp accepts
 *     YYYY-MM-DD
 *     YYYY-MM-DD{ |T|t}HH:MM[:SS[.f...]][zone]
 * with exactly 4 year digits (0000..9999), 2 digits for every other field,
 * 1 to 9 fraction digits (truncated to milliseconds: ".1239" is 123 ms),
 * and zone one of Z, z, +HH:MM, -HH:MM, +HHMM, -HHMM, +HH, -HH (offset hours
 * 00..23, minutes 00..59), converted to UTC. Without a zone the time is UTC.
 * A date alone is midnight UTC. Rejected: hour 24 (even 24:00:00), second 60
 * (leap seconds), month 13, Feb 29 in a non-leap year, signs or 5-digit years,
 * a ',' fraction separator, a zone after a date alone. */
int ss_time_parse_timestamp(const char *s, size_t len, int64_t *out);
/* YYYY-MM-DD only; *out in days. */
int ss_time_parse_date(const char *s, size_t len, int64_t *out_days);
/* HH:MM[:SS[.f...]] with the rules above (no zone); *out in ms since midnight. */
int ss_time_parse_time(const char *s, size_t len, int64_t *out_ms);

/* ---- Text out ---------------------------------------------------------------
 *
 * Each writes NUL-terminated text into buf (SS_TIME_BUFSZ bytes) and returns
 * its length. Years 0000..9999 print as 4 digits; later years print all their
 * digits (10000-01-01), years before 0 print with a '-' and at least 4 digits
 * (-0001-12-31), so every int64 gives a well-defined text, but only years
 * 0000..9999 parse back. */

/* "YYYY-MM-DD HH:MM:SS.fff", always 3 fraction digits (SPEC section 4). */
size_t ss_time_format_timestamp(int64_t ts, char *buf);
/* "YYYY-MM-DDTHH:MM:SS.fffZ", for sinks that want ISO 8601 / RFC 3339. */
size_t ss_time_format_iso8601(int64_t ts, char *buf);
/* "YYYY-MM-DD". */
size_t ss_time_format_date(int64_t days, char *buf);
/* "HH:MM:SS.fff", always 3 fraction digits like TIMESTAMP, so a TIME keeps its
 * milliseconds through text. ms outside 0..86399999 is taken modulo a day. */
size_t ss_time_format_time(int64_t ms, char *buf);

/* ---- Truncation (FLOOR/CEIL ... TO unit, STEP, tumbling windows) ---------- */

typedef enum ss_time_unit {
    SS_TIME_MILLISECOND,
    SS_TIME_SECOND,
    SS_TIME_MINUTE,
    SS_TIME_HOUR,
    SS_TIME_DAY,
    SS_TIME_MONTH,   /* calendar month */
    SS_TIME_QUARTER, /* calendar quarter: Jan, Apr, Jul, Oct */
    SS_TIME_YEAR,    /* calendar year */
} ss_time_unit;

/* Start of the unit containing ts (FLOOR(ts TO unit)), and the smallest unit
 * boundary >= ts (CEIL: ts itself when already on a boundary). Results that
 * would leave int64 saturate at INT64_MIN / INT64_MAX, so a watermark of
 * INT64_MAX ("+infinity") stays INT64_MAX. */
int64_t ss_time_floor(int64_t ts, ss_time_unit unit);
int64_t ss_time_ceil(int64_t ts, ss_time_unit unit);

/* floor(ts / size) * size and its ceiling counterpart, size > 0 ms: windows
 * aligned to the epoch (SPEC section 2), correct before 1970 (-1 ms floors to
 * -size, not 0). Saturating like the above. */
int64_t ss_time_floor_ms(int64_t ts, int64_t size);
int64_t ss_time_ceil_ms(int64_t ts, int64_t size);

/* ts + n months (TIMESTAMP + INTERVAL YEAR TO MONTH), time of day kept; a day
 * past the end of the target month is clamped to its last day (Jan 31 + 1
 * month = Feb 28/29), as Java, Postgres and Calcite do. -1 on int64 overflow. */
int ss_time_add_months(int64_t ts, int64_t months, int64_t *out);

/* ---- EXTRACT ---------------------------------------------------------------- */

typedef enum ss_time_field {
    SS_TIME_F_YEAR,
    SS_TIME_F_QUARTER,     /* 1..4 */
    SS_TIME_F_MONTH,       /* 1..12 */
    SS_TIME_F_WEEK,        /* ISO 8601 week of the week-based year, 1..53 */
    SS_TIME_F_DAY,         /* day of month, 1..31 */
    SS_TIME_F_HOUR,
    SS_TIME_F_MINUTE,
    SS_TIME_F_SECOND,      /* whole seconds, 0..59 */
    SS_TIME_F_MILLISECOND, /* seconds * 1000 + ms, 0..59999: KDA's EXTRACT(SECOND)
                            * is DECIMAL(5,3), and this is its scaled value */
    SS_TIME_F_DOW,         /* day of week, 1 = Sunday .. 7 = Saturday (JDBC, Calcite) */
    SS_TIME_F_ISODOW,      /* 1 = Monday .. 7 = Sunday */
    SS_TIME_F_DOY,         /* day of year, 1..366 */
    SS_TIME_F_EPOCH,       /* whole seconds since the epoch, floored */
} ss_time_field;

/* EXTRACT(field FROM timestamp). A DATE is ts = days * SS_TIME_MS_PER_DAY, a
 * TIME is ts = ms (its date fields are then those of 1970-01-01). */
int64_t ss_time_extract(int64_t ts, ss_time_field field);

/* EXTRACT from intervals, signed like the interval (SQL): for DAY TO SECOND,
 * DAY is whole days and HOUR, MINUTE, SECOND, MILLISECOND the remaining parts
 * (-(2 days 3 hours) gives DAY -2, HOUR -3); for YEAR TO MONTH, YEAR is whole
 * years and MONTH the remaining months. Other fields give 0. */
int64_t ss_time_extract_interval_ds(int64_t ms, ss_time_field field);
int64_t ss_time_extract_interval_ym(int64_t months, ss_time_field field);

/* ---- Interval literals -------------------------------------------------------
 *
 * The string of INTERVAL 'text' from [TO to]; `to` equal to `from` for a
 * single unit. Forms, each with an optional leading sign and surrounding
 * spaces ignored:
 *   DAY 'd'   HOUR 'h'   MINUTE 'm'   SECOND 's[.fff]'
 *   DAY TO HOUR 'd h'      DAY TO MINUTE 'd h:m'     DAY TO SECOND 'd h:m:s[.fff]'
 *   HOUR TO MINUTE 'h:m'   HOUR TO SECOND 'h:m:s[.fff]'   MINUTE TO SECOND 'm:s[.fff]'
 *   YEAR 'y'   MONTH 'm'   YEAR TO MONTH 'y-m'
 * The leading field may have up to 9 digits (INTERVAL '90' MINUTE is fine);
 * the others have 1 or 2 digits and are bounded (hours 0..23, minutes and
 * seconds 0..59); seconds take 1 to 9 fraction digits, truncated to ms.
 * Returns -1 on any other text or unit combination. */
int ss_time_parse_interval_ds(const char *s, size_t len, ss_time_unit from, ss_time_unit to,
                              int64_t *out_ms);
int ss_time_parse_interval_ym(const char *s, size_t len, ss_time_unit from, ss_time_unit to,
                              int64_t *out_months);
/* "+D HH:MM:SS.fff" / "-D HH:MM:SS.fff" and "+Y-M" / "-Y-M": the SQL standard
 * DAY TO SECOND and YEAR TO MONTH literal text; return the length. */
size_t ss_time_format_interval_ds(int64_t ms, char *buf);
size_t ss_time_format_interval_ym(int64_t months, char *buf);

/* ---- KDA datetime patterns (CHAR_TO_TIMESTAMP, TIMESTAMP_TO_CHAR) ------------
 *
 * Java SimpleDateFormat patterns, compiled once into a step list that the
 * caller keeps (e.g. per expression, when the pattern is a literal), then run
 * per row without re-reading the pattern. English names, UTC.
 *
 * Letters (n = how many times the letter repeats):
 *   y      year. Formatting: yy is the last two digits, otherwise the year
 *          zero-padded to n digits. Parsing: with n <= 2 and exactly two
 *          digits in the input, the year is placed in 1950..2049 (Java uses a
 *          window moving with the clock; a fixed one keeps replays
 *          deterministic); otherwise the digits are the year ("0010" is 10).
 *   M, L   month: n >= 4 full name, n == 3 short name, else number. Parsing a
 *          name accepts full or short names in any case ("MARCH", "mar").
 *   d      day of month      D  day of year      u  day of week, 1 = Monday
 *   E      day name: n >= 4 "Tuesday", else "Tue"; parsing accepts either.
 *   a      AM/PM marker
 *   H 0-23   k 1-24   K 0-11   h 1-12 (hours, as in Java)
 *   m, s   minute, second
 *   S      milliseconds as a number (Java's meaning): "SSS" formats 5 ms as
 *          "005", and parses "5" as 5 ms and "500" as 500 ms; more than 999
 *          is rejected.
 *   z      formats "UTC" (n >= 4: "Coordinated Universal Time")
 *   Z      formats "+0000"      X, XX, XXX  format "Z"
 *          Parsing: all accept "Z". X takes +HH, XX +HHMM, XXX +HH:MM, as in
 *          Java. z and Z take +HHMM, and (an extension: Java wants +HHMM
 *          there) +HH:MM, or "GMT"/"UTC"/"UT" optionally followed by
 *          +H[H][[:]MM]. Named time zones (PST, Europe/Paris) are rejected:
 *          there is no time zone database.
 *   'text' literal text; '' is a single quote, inside or outside quotes.
 *   Every other non-letter is literal text; letters not listed here (G, Y, w,
 *   W, F and those Java does not define) are a compile error.
 *
 * Parsing follows Java's non-lenient SimpleDateFormat, which KDA used:
 *   - numbers take as many digits as are there, except that a number directly
 *     followed by another number field ("yyyyMMdd") takes at most n digits;
 *   - spaces and tabs before a field are skipped; literal text must match
 *     exactly;
 *   - every field is range checked (month 1..12, Feb 30, hour 24 for H, ...);
 *     a day name or number that contradicts the date is rejected;
 *   - fields missing from the pattern default to 1970-01-01 00:00:00.000;
 *   - text after the end of the pattern is ignored ('yyyy-MM-dd' reads
 *     "2011-06-23 10:11:12" as 2011-06-23 00:00:00), as Java's parse() and
 *     KDA do; *consumed tells how much was used, for callers that want more;
 *   - h/K without a: AM. H with an a that contradicts it: rejected.
 *   - year 0 and negative years are rejected (Java's years start at 1). */

#define SS_TIME_FMT_MAX_STEPS 48
#define SS_TIME_FMT_MAX_TEXT 96

typedef struct ss_time_fmt_step {
    char letter;   /* pattern letter, or 0 for literal text */
    uint8_t count; /* letters in the run (capped at 255) */
    uint8_t fixed; /* numeric and directly followed by another numeric field */
    uint8_t len;   /* literal: text[off .. off+len) */
    uint16_t off;
} ss_time_fmt_step;

typedef struct ss_time_fmt {
    uint16_t nsteps;
    uint16_t ntext;
    uint16_t max_len; /* longest text ss_time_fmt_format can write, NUL excluded */
    ss_time_fmt_step steps[SS_TIME_FMT_MAX_STEPS];
    char text[SS_TIME_FMT_MAX_TEXT];
} ss_time_fmt;

/* Compiles a pattern; -1 with a message in err (may be NULL) on an unknown or
 * unsupported letter, an unterminated quote, or a pattern over the limits
 * above. */
int ss_time_fmt_compile(ss_time_fmt *f, const char *pattern, size_t len, char *err,
                        size_t errlen);
/* CHAR_TO_TIMESTAMP: 0 and *out, or -1. consumed (may be NULL) receives the
 * number of bytes of s that the pattern matched. */
int ss_time_fmt_parse(const ss_time_fmt *f, const char *s, size_t len, int64_t *out,
                      size_t *consumed);
/* TIMESTAMP_TO_CHAR: like snprintf, writes at most cap-1 bytes and a NUL (when
 * cap > 0) and returns the full length; a buffer of f->max_len + 1 bytes is
 * always enough. */
size_t ss_time_fmt_format(const ss_time_fmt *f, int64_t ts, char *buf, size_t cap);

/* UNIX_TIMESTAMP(ts) in KDA is the timestamp's milliseconds since the epoch
 * as BIGINT, which is our representation; TO_TIMESTAMP(ms) is the inverse. */
static inline int64_t ss_time_unix_timestamp(int64_t ts) { return ts; }
static inline int64_t ss_time_to_timestamp(int64_t unix_ms) { return unix_ms; }

#endif
