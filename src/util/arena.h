/* Bump allocator: many small allocations that die together (a query's AST and
 * plan, a batch's strings). Freeing is all-at-once; there is no per-object free. */
#ifndef SS_ARENA_H
#define SS_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct ss_arena_chunk ss_arena_chunk;

typedef struct ss_arena {
    ss_arena_chunk *head;
    char *cur, *end;
    size_t chunk_size;  /* default size of the next chunk */
    size_t total;       /* bytes obtained from malloc, for accounting */
} ss_arena;

void ss_arena_init(ss_arena *a, size_t chunk_size);
void ss_arena_free(ss_arena *a);
/* Keeps the first chunk, drops the rest: cheap reuse for per-batch arenas. */
void ss_arena_reset(ss_arena *a);
/* Aborts on out-of-memory, like every allocation in streamsql: a streaming
 * engine that half-handles OOM corrupts state, so we fail loudly instead. */
void *ss_arena_alloc(ss_arena *a, size_t n);
void *ss_arena_zalloc(ss_arena *a, size_t n);
char *ss_arena_strndup(ss_arena *a, const char *s, size_t n);
char *ss_arena_strdup(ss_arena *a, const char *s);
char *ss_arena_sprintf(ss_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Arrays that grow in an arena: `items` is copied into a buffer of at least
 * `need` elements when *cap is too small (the old buffer stays in the arena). */
void *ss_arena_grow(ss_arena *a, void *items, uint32_t *cap, uint32_t need, size_t elem);
#define SS_ARENA_PUSH(arena, arr, n, cap, x)                                               \
    do {                                                                                   \
        (arr) = ss_arena_grow((arena), (arr), &(cap), (n) + 1, sizeof(*(arr)));            \
        (arr)[(n)++] = (x);                                                                \
    } while (0)

#define SS_ARENA_NEW(a, T) ((T *)ss_arena_zalloc((a), sizeof(T)))
#define SS_ARENA_ARRAY(a, T, n) ((T *)ss_arena_zalloc((a), sizeof(T) * (size_t)(n)))

#endif
