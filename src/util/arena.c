/* Chunked bump allocator; see arena.h. */
#include "util/arena.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ss_arena_chunk {
    ss_arena_chunk *next;
    size_t size;
    /* Payload follows, aligned for any scalar type. */
    _Alignas(16) char data[];
};

void ss_arena_init(ss_arena *a, size_t chunk_size)
{
    memset(a, 0, sizeof *a);
    a->chunk_size = chunk_size ? chunk_size : 16384;
}

void ss_arena_free(ss_arena *a)
{
    ss_arena_chunk *c = a->head;
    while (c) {
        ss_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->cur = a->end = NULL;
    a->total = 0;
}

void ss_arena_reset(ss_arena *a)
{
    if (!a->head)
        return;
    /* The oldest chunk is the last in the list; keep it. */
    ss_arena_chunk *c = a->head, *keep = NULL;
    while (c) {
        ss_arena_chunk *next = c->next;
        if (!next)
            keep = c;
        else
            free(c);
        c = next;
    }
    a->head = keep;
    a->cur = keep->data;
    a->end = keep->data + keep->size;
    a->total = sizeof(ss_arena_chunk) + keep->size;
}

void *ss_arena_alloc(ss_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if ((size_t)(a->end - a->cur) < n || !a->cur) {
        size_t size = n > a->chunk_size ? n : a->chunk_size;
        ss_arena_chunk *c = ss_xmalloc(sizeof(ss_arena_chunk) + size);
        c->size = size;
        c->next = a->head;
        a->head = c;
        a->cur = c->data;
        a->end = c->data + size;
        a->total += sizeof(ss_arena_chunk) + size;
    }
    void *p = a->cur;
    a->cur += n;
    return p;
}

void *ss_arena_zalloc(ss_arena *a, size_t n)
{
    void *p = ss_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *ss_arena_strndup(ss_arena *a, const char *s, size_t n)
{
    char *p = ss_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *ss_arena_strdup(ss_arena *a, const char *s)
{
    return ss_arena_strndup(a, s, strlen(s));
}

char *ss_arena_sprintf(ss_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = ss_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *ss_arena_grow(ss_arena *a, void *items, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return items;
    uint32_t nc = *cap ? *cap * 2 : 4;
    while (nc < need)
        nc *= 2;
    void *p = ss_arena_alloc(a, (size_t)nc * elem);
    if (*cap)
        memcpy(p, items, (size_t)*cap * elem);
    *cap = nc;
    return p;
}
