/* The function catalog: every scalar function, aggregate and window function
 * of the dialect, with its arity. Typing rules live in the analyzer; the
 * evaluator dispatches on the ids. */
#ifndef SS_FUNCS_H
#define SS_FUNCS_H

#include <stdbool.h>

typedef enum ss_func_id {
    SS_F_NONE = 0,
    /* scalar */
    SS_F_COALESCE, SS_F_NULLIF, SS_F_UPPER, SS_F_LOWER, SS_F_TRIM, SS_F_SUBSTRING,
    SS_F_POSITION, SS_F_CHAR_LENGTH, SS_F_ABS, SS_F_MOD, SS_F_ROUND, SS_F_CEIL, SS_F_FLOOR,
    SS_F_POWER, SS_F_SQRT, SS_F_LN, SS_F_LOG10, SS_F_EXP, SS_F_CURRENT_ROW_TIMESTAMP,
    SS_F_TSDIFF, SS_F_CHAR_TO_TIMESTAMP, SS_F_TIMESTAMP_TO_CHAR, SS_F_UNIX_TIMESTAMP,
    SS_F_EXTRACT, SS_F_STEP, SS_F_HOP, SS_F_SESSION, SS_F_DIFF, SS_F_INITCAP,
    /* aggregates */
    SS_F_COUNT, SS_F_SUM, SS_F_AVG, SS_F_MIN, SS_F_MAX, SS_F_STDDEV_POP, SS_F_STDDEV_SAMP,
    SS_F_VAR_POP, SS_F_VAR_SAMP, SS_F_FIRST_VALUE, SS_F_LAST_VALUE,
    SS_F__COUNT
} ss_func_id;

typedef enum ss_func_kind {
    SS_FK_SCALAR,
    SS_FK_AGGREGATE, /* in GROUP BY queries, or with OVER */
    SS_FK_WINDOW,    /* STEP/HOP/SESSION: only as a GROUP BY window term */
} ss_func_kind;

typedef struct ss_func_info {
    const char *name;
    ss_func_id id;
    ss_func_kind kind;
    signed char min_args, max_args; /* max -1: any number */
} ss_func_info;

/* Looks up a function by (folded) name, aliases included; NULL if unknown. */
const ss_func_info *ss_func_lookup(const char *name);
const ss_func_info *ss_func_by_id(ss_func_id id);
/* Every catalog name, for did-you-mean and REPL completion; NULL-terminated. */
const char *const *ss_func_names(void);

#endif
