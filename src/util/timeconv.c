/* Date and time conversions (see timeconv.h). Calendar math is Howard
 * Hinnant's days_from_civil / civil_from_days: exact integer arithmetic over
 * the whole int64 range, no tables, no libc. */
#include "util/timeconv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MS_SEC SS_TIME_MS_PER_SECOND
#define MS_MIN SS_TIME_MS_PER_MINUTE
#define MS_HOUR SS_TIME_MS_PER_HOUR
#define MS_DAY SS_TIME_MS_PER_DAY

/* Years beyond this cannot come from an int64 timestamp (|ts| / ms-per-year
 * ~ 2.9e8), and bounding them keeps days_from_civil far from overflow. */
#define YEAR_LIMIT 300000000LL

static const char digit_pairs[200] = "00010203040506070809"
                                     "10111213141516171819"
                                     "20212223242526272829"
                                     "30313233343536373839"
                                     "40414243444546474849"
                                     "50515253545556575859"
                                     "60616263646566676869"
                                     "70717273747576777879"
                                     "80818283848586878889"
                                     "90919293949596979899";

static const char *const month_long[12] = {"January", "February", "March",     "April",
                                           "May",     "June",     "July",      "August",
                                           "September", "October", "November", "December"};
static const char *const month_short[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
/* Indexed by ISO day of week - 1 (Monday first). */
static const char *const day_long[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
static const char *const day_short[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* ---- Calendar -------------------------------------------------------------- */

int64_t ss_time_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                     /* [0, 399] */
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;   /* [0, 365] */
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void ss_time_civil_from_days(int64_t z, int64_t *year, int *month, int *day)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    const int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    const int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    const int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

bool ss_time_is_leap_year(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int ss_time_days_in_month(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2)
        return ss_time_is_leap_year(y) ? 29 : 28;
    return dim[m - 1];
}

bool ss_time_valid_date(int64_t y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= ss_time_days_in_month(y, m);
}

void ss_time_split(int64_t ts, ss_time_fields *f)
{
    int64_t days = ss_time_floor_div(ts, MS_DAY);
    /* not ts - days * MS_DAY: that product leaves int64 near INT64_MIN */
    int64_t ms = ss_time_floor_mod(ts, MS_DAY);
    ss_time_civil_from_days(days, &f->year, &f->month, &f->day);
    f->hour = (int)(ms / MS_HOUR);
    f->minute = (int)(ms / MS_MIN % 60);
    f->second = (int)(ms / MS_SEC % 60);
    f->millis = (int)(ms % MS_SEC);
}

/* days * MS_DAY + ms_of_day, or -1 when it leaves int64. */
static int make_ts(int64_t days, int64_t ms, int64_t *out)
{
    int64_t t;
    if (__builtin_mul_overflow(days, MS_DAY, &t) || __builtin_add_overflow(t, ms, &t))
        return -1;
    *out = t;
    return 0;
}

int ss_time_join(const ss_time_fields *f, int64_t *ts)
{
    if (f->year < -YEAR_LIMIT || f->year > YEAR_LIMIT ||
        !ss_time_valid_date(f->year, f->month, f->day) || f->hour < 0 || f->hour > 23 ||
        f->minute < 0 || f->minute > 59 || f->second < 0 || f->second > 59 || f->millis < 0 ||
        f->millis > 999)
        return -1;
    int64_t ms = f->hour * MS_HOUR + f->minute * MS_MIN + f->second * MS_SEC + f->millis;
    return make_ts(ss_time_days_from_civil(f->year, f->month, f->day), ms, ts);
}

/* ---- Text in ---------------------------------------------------------------- */

static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

static void trim(const char **s, size_t *len)
{
    const char *p = *s, *e = *s + *len;
    while (p < e && is_blank(*p))
        p++;
    while (e > p && is_blank(e[-1]))
        e--;
    *s = p;
    *len = (size_t)(e - p);
}

/* Two digits at p (bounds checked by the caller), or -1. */
static inline int two_digits(const char *p)
{
    if (!is_digit(p[0]) || !is_digit(p[1]))
        return -1;
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* YYYY-MM-DD at p (needs 10 bytes) into days. */
static int scan_date(const char *p, const char *e, int64_t *days)
{
    if (e - p < 10 || p[4] != '-' || p[7] != '-')
        return -1;
    int y1 = two_digits(p), y2 = two_digits(p + 2), m = two_digits(p + 5),
        d = two_digits(p + 8);
    if (y1 < 0 || y2 < 0 || m < 0 || d < 0)
        return -1;
    int64_t y = y1 * 100 + y2;
    if (!ss_time_valid_date(y, m, d))
        return -1;
    *days = ss_time_days_from_civil(y, m, d);
    return 0;
}

/* HH:MM[:SS[.f{1,9}]] at *pp; advances *pp. */
static int scan_clock(const char **pp, const char *e, int64_t *ms)
{
    const char *p = *pp;
    if (e - p < 5 || p[2] != ':')
        return -1;
    int h = two_digits(p), m = two_digits(p + 3);
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    p += 5;
    int s = 0, frac = 0;
    if (p < e && *p == ':') {
        if (e - p < 3 || (s = two_digits(p + 1)) < 0 || s > 59)
            return -1;
        p += 3;
        if (p < e && *p == '.') {
            const char *f = ++p;
            /* Digits beyond the third are truncated, not rounded: rounding
             * could carry into the next second, minute... day. */
            while (p < e && is_digit(*p)) {
                if (p - f < 3)
                    frac = frac * 10 + (*p - '0');
                p++;
            }
            size_t n = (size_t)(p - f);
            if (n == 0 || n > 9)
                return -1;
            for (; n < 3; n++)
                frac *= 10;
        }
    }
    *ms = h * MS_HOUR + m * MS_MIN + s * MS_SEC + frac;
    *pp = p;
    return 0;
}

/* Z | z | +HH[[:]MM] | -HH[[:]MM] at *pp, into the offset to subtract. */
static int scan_zone(const char **pp, const char *e, int64_t *offset)
{
    const char *p = *pp;
    if (p < e && (*p == 'Z' || *p == 'z')) {
        *offset = 0;
        *pp = p + 1;
        return 0;
    }
    if (p >= e || (*p != '+' && *p != '-'))
        return -1;
    int sign = *p++ == '-' ? -1 : 1;
    if (e - p < 2)
        return -1;
    int h = two_digits(p), m = 0;
    if (h < 0 || h > 23)
        return -1;
    p += 2;
    if (p < e) {
        if (*p == ':')
            p++;
        if (e - p < 2 || (m = two_digits(p)) < 0 || m > 59)
            return -1;
        p += 2;
    }
    *offset = sign * (h * MS_HOUR + m * MS_MIN);
    *pp = p;
    return 0;
}

int ss_time_parse_timestamp(const char *s, size_t len, int64_t *out)
{
    trim(&s, &len);
    const char *p = s, *e = s + len;
    int64_t days, ms = 0, offset = 0;
    if (scan_date(p, e, &days) < 0)
        return -1;
    p += 10;
    if (p < e) {
        if (*p != ' ' && *p != 'T' && *p != 't')
            return -1;
        p++;
        if (scan_clock(&p, e, &ms) < 0)
            return -1;
        if (p < e && scan_zone(&p, e, &offset) < 0)
            return -1;
        if (p != e)
            return -1;
    }
    /* Four-digit years keep days * MS_DAY far inside int64. */
    *out = days * MS_DAY + ms - offset;
    return 0;
}

int ss_time_parse_date(const char *s, size_t len, int64_t *out_days)
{
    trim(&s, &len);
    if (len != 10)
        return -1;
    return scan_date(s, s + len, out_days);
}

int ss_time_parse_time(const char *s, size_t len, int64_t *out_ms)
{
    trim(&s, &len);
    const char *p = s, *e = s + len;
    int64_t ms;
    if (scan_clock(&p, e, &ms) < 0 || p != e)
        return -1;
    *out_ms = ms;
    return 0;
}

/* ---- Text out --------------------------------------------------------------- */

static inline char *put2(char *p, int v)
{
    memcpy(p, digit_pairs + 2 * v, 2);
    return p + 2;
}

static char *put_uint(char *p, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (; n < width; width--)
        *p++ = '0';
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_year(char *p, int64_t y)
{
    if (y >= 0 && y <= 9999) {
        p = put2(p, (int)(y / 100));
        return put2(p, (int)(y % 100));
    }
    if (y < 0) {
        *p++ = '-';
        return put_uint(p, 0 - (uint64_t)y, 4);
    }
    return put_uint(p, (uint64_t)y, 4);
}

static char *put_date(char *p, int64_t days)
{
    int64_t y;
    int m, d;
    ss_time_civil_from_days(days, &y, &m, &d);
    p = put_year(p, y);
    *p++ = '-';
    p = put2(p, m);
    *p++ = '-';
    return put2(p, d);
}

/* HH:MM:SS.fff of 0 <= ms < MS_DAY */
static char *put_clock(char *p, int64_t ms)
{
    int v = (int)ms;
    p = put2(p, v / 3600000);
    *p++ = ':';
    p = put2(p, v / 60000 % 60);
    *p++ = ':';
    p = put2(p, v / 1000 % 60);
    *p++ = '.';
    *p++ = (char)('0' + v % 1000 / 100);
    return put2(p, v % 100);
}

static size_t put_ts(int64_t ts, char *buf, char sep, bool zulu)
{
    int64_t days = ss_time_floor_div(ts, MS_DAY);
    char *p = put_date(buf, days);
    *p++ = sep;
    p = put_clock(p, ss_time_floor_mod(ts, MS_DAY));
    if (zulu)
        *p++ = 'Z';
    *p = 0;
    return (size_t)(p - buf);
}

size_t ss_time_format_timestamp(int64_t ts, char *buf) { return put_ts(ts, buf, ' ', false); }
size_t ss_time_format_iso8601(int64_t ts, char *buf) { return put_ts(ts, buf, 'T', true); }

size_t ss_time_format_date(int64_t days, char *buf)
{
    char *p = put_date(buf, days);
    *p = 0;
    return (size_t)(p - buf);
}

size_t ss_time_format_time(int64_t ms, char *buf)
{
    char *p = put_clock(buf, ss_time_floor_mod(ms, MS_DAY));
    *p = 0;
    return (size_t)(p - buf);
}

/* ---- Truncation ------------------------------------------------------------- */

int64_t ss_time_floor_ms(int64_t ts, int64_t size)
{
    int64_t r = ts % size;
    if (r >= 0)
        return ts - r;
    /* ts - r moves toward zero, so only the final step can overflow. */
    int64_t out;
    return __builtin_sub_overflow(ts - r, size, &out) ? INT64_MIN : out;
}

int64_t ss_time_ceil_ms(int64_t ts, int64_t size)
{
    int64_t r = ts % size;
    if (r <= 0)
        return ts - r;
    int64_t out;
    return __builtin_add_overflow(ts - r, size, &out) ? INT64_MAX : out;
}

static int64_t unit_ms(ss_time_unit u)
{
    switch (u) {
    case SS_TIME_SECOND: return MS_SEC;
    case SS_TIME_MINUTE: return MS_MIN;
    case SS_TIME_HOUR: return MS_HOUR;
    case SS_TIME_DAY: return MS_DAY;
    default: return 1;
    }
}

/* First day of the calendar month/quarter/year containing `days`, and of the
 * next one. */
static void calendar_bounds(int64_t days, ss_time_unit u, int64_t *start, int64_t *next)
{
    int64_t y;
    int m, d;
    ss_time_civil_from_days(days, &y, &m, &d);
    int step = 1;
    if (u == SS_TIME_YEAR) {
        m = 1;
        step = 12;
    } else if (u == SS_TIME_QUARTER) {
        m = (m - 1) / 3 * 3 + 1;
        step = 3;
    }
    *start = ss_time_days_from_civil(y, m, 1);
    int nm = m + step;
    *next = nm > 12 ? ss_time_days_from_civil(y + 1, nm - 12, 1) : ss_time_days_from_civil(y, nm, 1);
}

static bool is_calendar_unit(ss_time_unit u)
{
    return u == SS_TIME_MONTH || u == SS_TIME_QUARTER || u == SS_TIME_YEAR;
}

int64_t ss_time_floor(int64_t ts, ss_time_unit unit)
{
    if (!is_calendar_unit(unit))
        return ss_time_floor_ms(ts, unit_ms(unit));
    int64_t start, next, out;
    calendar_bounds(ss_time_floor_div(ts, MS_DAY), unit, &start, &next);
    return make_ts(start, 0, &out) < 0 ? INT64_MIN : out;
}

int64_t ss_time_ceil(int64_t ts, ss_time_unit unit)
{
    if (!is_calendar_unit(unit))
        return ss_time_ceil_ms(ts, unit_ms(unit));
    int64_t start, next, out;
    calendar_bounds(ss_time_floor_div(ts, MS_DAY), unit, &start, &next);
    if (make_ts(start, 0, &out) == 0 && out == ts)
        return ts;
    return make_ts(next, 0, &out) < 0 ? INT64_MAX : out;
}

int ss_time_add_months(int64_t ts, int64_t months, int64_t *out)
{
    int64_t days = ss_time_floor_div(ts, MS_DAY), ms = ss_time_floor_mod(ts, MS_DAY), y, total;
    int m, d;
    ss_time_civil_from_days(days, &y, &m, &d);
    if (__builtin_add_overflow(y * 12 + (m - 1), months, &total))
        return -1;
    int64_t ny = ss_time_floor_div(total, 12);
    int nm = (int)ss_time_floor_mod(total, 12) + 1;
    if (ny < -YEAR_LIMIT || ny > YEAR_LIMIT)
        return -1;
    int dim = ss_time_days_in_month(ny, nm);
    return make_ts(ss_time_days_from_civil(ny, nm, d > dim ? dim : d), ms, out);
}

/* ---- EXTRACT ---------------------------------------------------------------- */

static int iso_dow(int64_t days) { return (int)ss_time_floor_mod(days + 3, 7) + 1; }

static int64_t iso_week(int64_t days)
{
    /* The ISO week belongs to the year of its Thursday. */
    int64_t thursday = days - iso_dow(days) + 4, y;
    int m, d;
    ss_time_civil_from_days(thursday, &y, &m, &d);
    return (thursday - ss_time_days_from_civil(y, 1, 1)) / 7 + 1;
}

int64_t ss_time_extract(int64_t ts, ss_time_field field)
{
    int64_t days = ss_time_floor_div(ts, MS_DAY), ms = ss_time_floor_mod(ts, MS_DAY), y;
    int m, d;
    switch (field) {
    case SS_TIME_F_HOUR: return ms / MS_HOUR;
    case SS_TIME_F_MINUTE: return ms / MS_MIN % 60;
    case SS_TIME_F_SECOND: return ms / MS_SEC % 60;
    case SS_TIME_F_MILLISECOND: return ms % MS_MIN;
    case SS_TIME_F_DOW: return ss_time_floor_mod(days + 4, 7) + 1;
    case SS_TIME_F_ISODOW: return iso_dow(days);
    case SS_TIME_F_WEEK: return iso_week(days);
    case SS_TIME_F_EPOCH: return ss_time_floor_div(ts, MS_SEC);
    default: break;
    }
    ss_time_civil_from_days(days, &y, &m, &d);
    switch (field) {
    case SS_TIME_F_YEAR: return y;
    case SS_TIME_F_QUARTER: return (m - 1) / 3 + 1;
    case SS_TIME_F_MONTH: return m;
    case SS_TIME_F_DAY: return d;
    case SS_TIME_F_DOY: return days - ss_time_days_from_civil(y, 1, 1) + 1;
    default: return 0;
    }
}

int64_t ss_time_extract_interval_ds(int64_t ms, ss_time_field field)
{
    /* C division truncates toward zero: exactly SQL's signed interval fields. */
    switch (field) {
    case SS_TIME_F_DAY: return ms / MS_DAY;
    case SS_TIME_F_HOUR: return ms / MS_HOUR % 24;
    case SS_TIME_F_MINUTE: return ms / MS_MIN % 60;
    case SS_TIME_F_SECOND: return ms / MS_SEC % 60;
    case SS_TIME_F_MILLISECOND: return ms % MS_MIN;
    default: return 0;
    }
}

int64_t ss_time_extract_interval_ym(int64_t months, ss_time_field field)
{
    switch (field) {
    case SS_TIME_F_YEAR: return months / 12;
    case SS_TIME_F_MONTH: return months % 12;
    default: return 0;
    }
}

/* ---- Interval literals ------------------------------------------------------ */

/* 1..maxdig digits at *pp. */
static int scan_uint(const char **pp, const char *e, int maxdig, int64_t *v)
{
    const char *p = *pp;
    int64_t x = 0;
    int n = 0;
    while (p < e && is_digit(*p) && n < maxdig) {
        x = x * 10 + (*p++ - '0');
        n++;
    }
    if (n == 0 || (p < e && is_digit(*p)))
        return -1;
    *v = x;
    *pp = p;
    return 0;
}

int ss_time_parse_interval_ds(const char *s, size_t len, ss_time_unit from, ss_time_unit to,
                              int64_t *out_ms)
{
    if (from < SS_TIME_SECOND || from > SS_TIME_DAY || to < SS_TIME_SECOND ||
        to > SS_TIME_DAY || to > from)
        return -1;
    trim(&s, &len);
    const char *p = s, *e = s + len;
    int sign = 1;
    if (p < e && (*p == '+' || *p == '-'))
        sign = *p++ == '-' ? -1 : 1;
    static const int64_t limit[] = {[SS_TIME_HOUR] = 23, [SS_TIME_MINUTE] = 59,
                                    [SS_TIME_SECOND] = 59};
    static const char sep[] = {[SS_TIME_HOUR] = ' ', [SS_TIME_MINUTE] = ':',
                               [SS_TIME_SECOND] = ':'};
    int64_t total = 0;
    for (int u = from; u >= (int)to; u--) {
        int64_t v;
        if (u != (int)from) {
            /* the unit above separates from this one */
            if (p >= e || *p != sep[u])
                return -1;
            p++;
            if (scan_uint(&p, e, 2, &v) < 0 || v > limit[u])
                return -1;
        } else if (scan_uint(&p, e, 9, &v) < 0) {
            return -1;
        }
        total += v * unit_ms((ss_time_unit)u);
    }
    if (to == SS_TIME_SECOND && p < e && *p == '.') {
        const char *f = ++p;
        int64_t frac = 0;
        while (p < e && is_digit(*p)) {
            if (p - f < 3)
                frac = frac * 10 + (*p - '0');
            p++;
        }
        size_t n = (size_t)(p - f);
        if (n == 0 || n > 9)
            return -1;
        for (; n < 3; n++)
            frac *= 10;
        total += frac;
    }
    if (p != e)
        return -1;
    *out_ms = sign * total;
    return 0;
}

int ss_time_parse_interval_ym(const char *s, size_t len, ss_time_unit from, ss_time_unit to,
                              int64_t *out_months)
{
    trim(&s, &len);
    const char *p = s, *e = s + len;
    int sign = 1;
    if (p < e && (*p == '+' || *p == '-'))
        sign = *p++ == '-' ? -1 : 1;
    int64_t y = 0, m = 0;
    if (from == SS_TIME_YEAR && to == SS_TIME_YEAR) {
        if (scan_uint(&p, e, 9, &y) < 0)
            return -1;
    } else if (from == SS_TIME_MONTH && to == SS_TIME_MONTH) {
        if (scan_uint(&p, e, 9, &m) < 0)
            return -1;
    } else if (from == SS_TIME_YEAR && to == SS_TIME_MONTH) {
        if (scan_uint(&p, e, 9, &y) < 0 || p >= e || *p++ != '-' ||
            scan_uint(&p, e, 2, &m) < 0 || m > 11)
            return -1;
    } else {
        return -1;
    }
    if (p != e)
        return -1;
    *out_months = sign * (y * 12 + m);
    return 0;
}

size_t ss_time_format_interval_ds(int64_t ms, char *buf)
{
    char *p = buf;
    *p++ = ms < 0 ? '-' : '+';
    uint64_t a = ms < 0 ? 0 - (uint64_t)ms : (uint64_t)ms;
    p = put_uint(p, a / (uint64_t)MS_DAY, 1);
    *p++ = ' ';
    p = put_clock(p, (int64_t)(a % (uint64_t)MS_DAY));
    *p = 0;
    return (size_t)(p - buf);
}

size_t ss_time_format_interval_ym(int64_t months, char *buf)
{
    char *p = buf;
    *p++ = months < 0 ? '-' : '+';
    uint64_t a = months < 0 ? 0 - (uint64_t)months : (uint64_t)months;
    p = put_uint(p, a / 12, 1);
    *p++ = '-';
    p = put_uint(p, a % 12, 1);
    *p = 0;
    return (size_t)(p - buf);
}

/* ---- KDA datetime patterns ------------------------------------------------- */

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Whether the step reads/writes a number (Java's "numeric" fields, which
 * bound each other's width when they abut). */
static bool is_numeric_step(const ss_time_fmt_step *st)
{
    switch (st->letter) {
    case 'y': case 'd': case 'D': case 'u': case 'H': case 'k':
    case 'K': case 'h': case 'm': case 's': case 'S':
        return true;
    case 'M': case 'L':
        return st->count <= 2;
    default:
        return false;
    }
}

static size_t step_max_len(const ss_time_fmt_step *st)
{
    size_t n = st->count;
    size_t w;
    switch (st->letter) {
    case 0: return st->len;
    case 'y': return n == 2 ? 2 : (n > 10 ? n + 1 : 11); /* sign + 10 digits */
    case 'M':
    case 'L': w = n >= 4 ? 9 : n == 3 ? 3 : 2; break;
    case 'E': return n >= 4 ? 9 : 3;
    case 'D': w = 3; break;
    case 'u': w = 1; break;
    case 'a': return 2;
    case 'S': w = 3; break;
    case 'z': return n >= 4 ? 26 : 3;
    case 'Z': return 5;
    case 'X': return 1;
    default: w = 2; break;
    }
    return n > w ? n : w;
}

static int fmt_error(char *err, size_t errlen, const char *msg, char letter)
{
    if (err && errlen)
        snprintf(err, errlen, msg, letter);
    return -1;
}

static int add_literal(ss_time_fmt *f, char c, char *err, size_t errlen)
{
    if (f->ntext >= SS_TIME_FMT_MAX_TEXT)
        return fmt_error(err, errlen, "datetime pattern: too much literal text%c", ' ');
    ss_time_fmt_step *last = f->nsteps ? &f->steps[f->nsteps - 1] : NULL;
    if (last && last->letter == 0 && last->len < 255 && last->off + last->len == f->ntext) {
        last->len++;
    } else {
        if (f->nsteps >= SS_TIME_FMT_MAX_STEPS)
            return fmt_error(err, errlen, "datetime pattern: too many fields%c", ' ');
        ss_time_fmt_step *st = &f->steps[f->nsteps++];
        memset(st, 0, sizeof *st);
        st->off = f->ntext;
        st->len = 1;
    }
    f->text[f->ntext++] = c;
    return 0;
}

int ss_time_fmt_compile(ss_time_fmt *f, const char *pat, size_t len, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    size_t i = 0;
    while (i < len) {
        char c = pat[i];
        if (c == '\'') {
            if (i + 1 < len && pat[i + 1] == '\'') {
                if (add_literal(f, '\'', err, errlen) < 0)
                    return -1;
                i += 2;
                continue;
            }
            bool closed = false;
            for (i++; i < len;) {
                if (pat[i] == '\'') {
                    if (i + 1 < len && pat[i + 1] == '\'') {
                        if (add_literal(f, '\'', err, errlen) < 0)
                            return -1;
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = true;
                    break;
                }
                if (add_literal(f, pat[i++], err, errlen) < 0)
                    return -1;
            }
            if (!closed)
                return fmt_error(err, errlen, "datetime pattern: unterminated quote%c", ' ');
            continue;
        }
        if (!is_alpha(c)) {
            if (add_literal(f, c, err, errlen) < 0)
                return -1;
            i++;
            continue;
        }
        size_t run = 1;
        while (i + run < len && pat[i + run] == c)
            run++;
        i += run;
        switch (c) {
        case 'y': case 'M': case 'L': case 'd': case 'D': case 'E': case 'u': case 'a':
        case 'H': case 'k': case 'K': case 'h': case 'm': case 's': case 'S': case 'z':
        case 'Z': case 'X':
            break;
        case 'G': case 'Y': case 'w': case 'W': case 'F':
            return fmt_error(err, errlen,
                             "datetime pattern letter '%c' is not supported", c);
        default:
            return fmt_error(err, errlen, "unknown datetime pattern letter '%c'", c);
        }
        if (c == 'X' && run > 3)
            return fmt_error(err, errlen, "datetime pattern: too many '%c' letters", c);
        if (f->nsteps >= SS_TIME_FMT_MAX_STEPS)
            return fmt_error(err, errlen, "datetime pattern: too many fields%c", ' ');
        ss_time_fmt_step *st = &f->steps[f->nsteps++];
        memset(st, 0, sizeof *st);
        st->letter = c == 'L' ? 'M' : c;
        st->count = (uint8_t)(run > 255 ? 255 : run);
    }
    size_t max = 0;
    for (uint16_t k = 0; k < f->nsteps; k++) {
        ss_time_fmt_step *st = &f->steps[k];
        st->fixed = st->letter && k + 1 < f->nsteps && is_numeric_step(st) &&
                    is_numeric_step(&f->steps[k + 1]);
        max += step_max_len(st);
    }
    if (max > UINT16_MAX)
        return fmt_error(err, errlen, "datetime pattern: output too long%c", ' ');
    f->max_len = (uint16_t)max;
    return 0;
}

/* Case-insensitive match of the longest of the given names at p; returns the
 * index or -1 and the length matched. */
static int match_name(const char *p, const char *e, const char *const *longn,
                      const char *const *shortn, int n, size_t *mlen)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *const *names = pass ? shortn : longn;
        for (int i = 0; i < n; i++) {
            size_t l = strlen(names[i]);
            if ((size_t)(e - p) >= l && !strncasecmp(p, names[i], l)) {
                *mlen = l;
                return i;
            }
        }
    }
    return -1;
}

/* +HH, +HHMM, +HH:MM per `form`: 1 = HH, 2 = HHMM, 3 = HH:MM, 0 = HHMM or
 * HH:MM, 4 = H[H][[:]MM] (after GMT). */
static int scan_offset(const char **pp, const char *e, int form, int64_t *off)
{
    const char *p = *pp;
    if (p >= e || (*p != '+' && *p != '-'))
        return -1;
    int sign = *p++ == '-' ? -1 : 1;
    int h = 0, m = 0, hd = 0;
    while (p < e && is_digit(*p) && hd < 2) {
        h = h * 10 + (*p++ - '0');
        hd++;
    }
    if (hd == 0 || (hd == 1 && form != 4) || h > 23)
        return -1;
    if (form != 1) {
        bool colon = p < e && *p == ':';
        if (colon && form == 2)
            return -1;
        if (colon)
            p++;
        if (e - p >= 2 && is_digit(p[0]) && is_digit(p[1])) {
            m = two_digits(p);
            p += 2;
        } else if (form != 4 || colon) {
            return -1;
        }
        if (form == 3 && !colon)
            return -1;
        if (m > 59)
            return -1;
    }
    *off = sign * (h * MS_HOUR + m * MS_MIN);
    *pp = p;
    return 0;
}

static int scan_zone_field(const char **pp, const char *e, const ss_time_fmt_step *st,
                           int64_t *off)
{
    const char *p = *pp;
    if (p < e && *p == 'Z') {
        *off = 0;
        *pp = p + 1;
        return 0;
    }
    if (st->letter == 'X')
        return scan_offset(pp, e, st->count, off);
    size_t n = 0;
    if (e - p >= 3 && (!strncasecmp(p, "GMT", 3) || !strncasecmp(p, "UTC", 3)))
        n = 3;
    else if (e - p >= 2 && !strncasecmp(p, "UT", 2))
        n = 2;
    if (n) {
        p += n;
        *off = 0;
        if (p < e && (*p == '+' || *p == '-') && scan_offset(&p, e, 4, off) < 0)
            return -1;
        *pp = p;
        return 0;
    }
    return scan_offset(pp, e, 0, off);
}

typedef struct parsed {
    int64_t year, offset;
    int month, day, doy, hour24, hour12, ampm, minute, second, millis, dow;
    bool have_month, have_day;
} parsed;

int ss_time_fmt_parse(const ss_time_fmt *f, const char *s, size_t len, int64_t *out,
                      size_t *consumed)
{
    parsed r = {.year = 1970, .month = 1, .day = 1, .doy = -1, .hour24 = -1, .hour12 = -1,
                .ampm = -1, .dow = -1};
    const char *p = s, *e = s + len;
    for (uint16_t k = 0; k < f->nsteps; k++) {
        const ss_time_fmt_step *st = &f->steps[k];
        if (st->letter == 0) {
            if ((size_t)(e - p) < st->len || memcmp(p, f->text + st->off, st->len) != 0)
                return -1;
            p += st->len;
            continue;
        }
        while (p < e && is_blank(*p))
            p++;
        if (p >= e)
            return -1;
        if (is_numeric_step(st)) {
            /* 9 digits fit every field and cannot overflow the accumulator */
            int maxdig = st->fixed && st->count < 9 ? st->count : 9;
            const char *start = p;
            int64_t v = 0;
            while (p < e && is_digit(*p) && p - start < maxdig)
                v = v * 10 + (*p++ - '0');
            if (p == start)
                return -1;
            int nd = (int)(p - start);
            switch (st->letter) {
            case 'y':
                if (st->count <= 2 && nd == 2)
                    v += v < 50 ? 2000 : 1900;
                if (v < 1)
                    return -1;
                r.year = v;
                break;
            case 'M':
                if (v < 1 || v > 12)
                    return -1;
                r.month = (int)v;
                r.have_month = true;
                break;
            case 'd':
                if (v < 1 || v > 31)
                    return -1;
                r.day = (int)v;
                r.have_day = true;
                break;
            case 'D':
                if (v < 1 || v > 366)
                    return -1;
                r.doy = (int)v;
                break;
            case 'u':
                if (v < 1 || v > 7)
                    return -1;
                if (r.dow >= 0 && r.dow != v)
                    return -1;
                r.dow = (int)v;
                break;
            case 'H':
                if (v > 23)
                    return -1;
                r.hour24 = (int)v;
                break;
            case 'k':
                if (v < 1 || v > 24)
                    return -1;
                r.hour24 = (int)(v % 24);
                break;
            case 'K':
                if (v > 11)
                    return -1;
                r.hour12 = (int)v;
                break;
            case 'h':
                if (v < 1 || v > 12)
                    return -1;
                r.hour12 = (int)(v % 12);
                break;
            case 'm':
                if (v > 59)
                    return -1;
                r.minute = (int)v;
                break;
            case 's':
                if (v > 59)
                    return -1;
                r.second = (int)v;
                break;
            case 'S':
                if (v > 999)
                    return -1;
                r.millis = (int)v;
                break;
            }
            continue;
        }
        size_t ml;
        int idx;
        switch (st->letter) {
        case 'M':
            if ((idx = match_name(p, e, month_long, month_short, 12, &ml)) < 0)
                return -1;
            r.month = idx + 1;
            r.have_month = true;
            p += ml;
            break;
        case 'E':
            if ((idx = match_name(p, e, day_long, day_short, 7, &ml)) < 0)
                return -1;
            if (r.dow >= 0 && r.dow != idx + 1)
                return -1;
            r.dow = idx + 1;
            p += ml;
            break;
        case 'a':
            if (e - p < 2 || (p[1] != 'M' && p[1] != 'm'))
                return -1;
            if (p[0] == 'A' || p[0] == 'a')
                r.ampm = 0;
            else if (p[0] == 'P' || p[0] == 'p')
                r.ampm = 1;
            else
                return -1;
            p += 2;
            break;
        default: /* z, Z, X */
            if (scan_zone_field(&p, e, st, &r.offset) < 0)
                return -1;
            break;
        }
    }

    int hour = 0;
    if (r.hour24 >= 0) {
        if (r.ampm >= 0 && r.ampm != (r.hour24 >= 12))
            return -1;
        if (r.hour12 >= 0 && r.hour12 != r.hour24 % 12)
            return -1;
        hour = r.hour24;
    } else if (r.hour12 >= 0) {
        hour = r.hour12 + (r.ampm == 1 ? 12 : 0);
    } else if (r.ampm == 1) {
        hour = 12; /* "PM" alone: Java sets AM_PM with HOUR 0 */
    }
    if (r.doy >= 0) {
        int64_t jan1 = ss_time_days_from_civil(r.year, 1, 1);
        if (r.doy > (ss_time_is_leap_year(r.year) ? 366 : 365))
            return -1;
        int64_t y;
        int m, d;
        ss_time_civil_from_days(jan1 + r.doy - 1, &y, &m, &d);
        if ((r.have_month && m != r.month) || (r.have_day && d != r.day))
            return -1;
        r.month = m;
        r.day = d;
    }
    if (r.year > YEAR_LIMIT || !ss_time_valid_date(r.year, r.month, r.day))
        return -1;
    int64_t days = ss_time_days_from_civil(r.year, r.month, r.day);
    if (r.dow >= 0 && r.dow != iso_dow(days))
        return -1;
    int64_t ts;
    int64_t ms = hour * MS_HOUR + r.minute * MS_MIN + r.second * MS_SEC + r.millis;
    if (make_ts(days, ms, &ts) < 0 || __builtin_sub_overflow(ts, r.offset, &ts))
        return -1;
    *out = ts;
    if (consumed)
        *consumed = (size_t)(p - s);
    return 0;
}

/* Bounded writer: counts everything, stores what fits. */
typedef struct outbuf {
    char *buf;
    size_t cap, n;
} outbuf;

static void out_mem(outbuf *o, const char *s, size_t n)
{
    if (o->n < o->cap) {
        size_t room = o->cap - o->n;
        memcpy(o->buf + o->n, s, n < room ? n : room);
    }
    o->n += n;
}

static void out_str(outbuf *o, const char *s) { out_mem(o, s, strlen(s)); }

static void out_num(outbuf *o, int64_t v, int width)
{
    char tmp[300];
    char *p = tmp;
    if (v < 0) {
        *p++ = '-';
        p = put_uint(p, 0 - (uint64_t)v, width);
    } else {
        p = put_uint(p, (uint64_t)v, width);
    }
    out_mem(o, tmp, (size_t)(p - tmp));
}

size_t ss_time_fmt_format(const ss_time_fmt *f, int64_t ts, char *buf, size_t cap)
{
    /* Leave room for the NUL inside cap. */
    outbuf o = {buf, cap ? cap - 1 : 0, 0};
    int64_t days = ss_time_floor_div(ts, MS_DAY), ms = ss_time_floor_mod(ts, MS_DAY), y;
    int mo, d;
    ss_time_civil_from_days(days, &y, &mo, &d);
    int hour = (int)(ms / MS_HOUR);
    for (uint16_t k = 0; k < f->nsteps; k++) {
        const ss_time_fmt_step *st = &f->steps[k];
        int n = st->count;
        switch (st->letter) {
        case 0: out_mem(&o, f->text + st->off, st->len); break;
        case 'y':
            if (n == 2)
                out_num(&o, ss_time_floor_mod(y, 100), 2);
            else
                out_num(&o, y, n);
            break;
        case 'M':
            if (n >= 4)
                out_str(&o, month_long[mo - 1]);
            else if (n == 3)
                out_str(&o, month_short[mo - 1]);
            else
                out_num(&o, mo, n);
            break;
        case 'd': out_num(&o, d, n); break;
        case 'D': out_num(&o, days - ss_time_days_from_civil(y, 1, 1) + 1, n); break;
        case 'E': {
            int i = iso_dow(days) - 1;
            out_str(&o, n >= 4 ? day_long[i] : day_short[i]);
            break;
        }
        case 'u': out_num(&o, iso_dow(days), n); break;
        case 'a': out_str(&o, hour < 12 ? "AM" : "PM"); break;
        case 'H': out_num(&o, hour, n); break;
        case 'k': out_num(&o, hour == 0 ? 24 : hour, n); break;
        case 'K': out_num(&o, hour % 12, n); break;
        case 'h': out_num(&o, hour % 12 == 0 ? 12 : hour % 12, n); break;
        case 'm': out_num(&o, ms / MS_MIN % 60, n); break;
        case 's': out_num(&o, ms / MS_SEC % 60, n); break;
        case 'S': out_num(&o, ms % MS_SEC, n); break;
        case 'z': out_str(&o, n >= 4 ? "Coordinated Universal Time" : "UTC"); break;
        case 'Z': out_str(&o, "+0000"); break;
        case 'X': out_str(&o, "Z"); break;
        }
    }
    if (cap)
        buf[o.n < o.cap ? o.n : o.cap] = 0;
    return o.n;
}
