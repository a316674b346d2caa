/* Duration parsing; see duration.h. */
#include "util/duration.h"

#include <string.h>

int ss_parse_duration(const char *s, int64_t *ms)
{
    static const struct {
        const char *unit;
        int64_t ms;
    } units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
    int64_t total = 0;
    const char *p = s;
    if (!*p)
        return -1;
    while (*p) {
        if (*p < '0' || *p > '9')
            return -1;
        int64_t n = 0;
        while (*p >= '0' && *p <= '9') {
            if (__builtin_mul_overflow(n, 10, &n) || __builtin_add_overflow(n, *p - '0', &n))
                return -1;
            p++;
        }
        int64_t scale = 0;
        if (!*p && p != s && total == 0) {
            scale = 1; /* a bare number: milliseconds */
        } else {
            for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
                size_t len = strlen(units[i].unit);
                /* "ms" is tried before "m", so the longer unit wins. */
                if (strncmp(p, units[i].unit, len) == 0) {
                    scale = units[i].ms;
                    p += len;
                    break;
                }
            }
        }
        if (!scale)
            return -1;
        int64_t part;
        if (__builtin_mul_overflow(n, scale, &part) || __builtin_add_overflow(total, part, &total))
            return -1;
    }
    *ms = total;
    return 0;
}
