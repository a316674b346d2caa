/* LD_PRELOAD shim that counts heap allocations and prints the totals at exit:
 * the check that the engine's hot path allocates per batch or per group, not
 * per row. Run the same application over inputs of different sizes; the
 * counts must not grow with the number of rows.
 *
 *   gcc -O2 -shared -fPIC bench/malloc_count.c -o /tmp/malloc_count.so -ldl
 *   LD_PRELOAD=/tmp/malloc_count.so streamsql run APP.sql --quiet */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static unsigned long long n_malloc, n_calloc, n_realloc;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static char early[4096]; /* dlsym may calloc before real_calloc is known */
static size_t early_used;

void *malloc(size_t n)
{
    if (!real_malloc)
        real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    n_malloc++;
    return real_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (!real_calloc) {
        size_t want = (n * size + 15) & ~(size_t)15;
        if (early_used + want <= sizeof early) {
            void *p = early + early_used;
            early_used += want;
            return p;
        }
        real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    }
    n_calloc++;
    return real_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (!real_realloc)
        real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    n_realloc++;
    return real_realloc(p, n);
}

void free(void *p)
{
    static void (*real_free)(void *);
    if ((char *)p >= early && (char *)p < early + sizeof early)
        return; /* from the bootstrap buffer */
    if (!real_free)
        real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_free(p);
}

__attribute__((destructor)) static void report(void)
{
    char buf[160];
    int len = snprintf(buf, sizeof buf, "malloc_count: malloc %llu calloc %llu realloc %llu\n", n_malloc,
                       n_calloc, n_realloc);
    if (write(2, buf, (size_t)len) < 0)
        return;
}
