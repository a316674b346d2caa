/* Allocation that cannot return NULL: out of memory is fatal (see arena.h). */
#ifndef SS_MEM_H
#define SS_MEM_H

#include <stddef.h>

void *ss_xmalloc(size_t n);
void *ss_xcalloc(size_t n, size_t size);
void *ss_xrealloc(void *p, size_t n);
char *ss_xstrdup(const char *s);
char *ss_xstrndup(const char *s, size_t n);

/* Grows a (ptr, cap) array to hold at least `need` elements. */
#define SS_GROW(ptr, cap, need)                                                  \
    do {                                                                         \
        if ((size_t)(need) > (size_t)(cap)) {                                    \
            size_t ss_nc_ = (cap) ? (size_t)(cap) * 2 : 8;                       \
            while (ss_nc_ < (size_t)(need))                                      \
                ss_nc_ *= 2;                                                     \
            (ptr) = ss_xrealloc((ptr), ss_nc_ * sizeof(*(ptr)));                 \
            (cap) = ss_nc_;                                                      \
        }                                                                        \
    } while (0)

#endif
