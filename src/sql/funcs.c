/* The function catalog; see funcs.h. */
#include "sql/funcs.h"

#include <string.h>

static const ss_func_info catalog[] = {
    {"COALESCE", SS_F_COALESCE, SS_FK_SCALAR, 1, -1},
    {"NULLIF", SS_F_NULLIF, SS_FK_SCALAR, 2, 2},
    {"UPPER", SS_F_UPPER, SS_FK_SCALAR, 1, 1},
    {"LOWER", SS_F_LOWER, SS_FK_SCALAR, 1, 1},
    {"INITCAP", SS_F_INITCAP, SS_FK_SCALAR, 1, 1},
    {"TRIM", SS_F_TRIM, SS_FK_SCALAR, 1, 2},
    {"SUBSTRING", SS_F_SUBSTRING, SS_FK_SCALAR, 2, 3},
    {"POSITION", SS_F_POSITION, SS_FK_SCALAR, 2, 2},
    {"CHAR_LENGTH", SS_F_CHAR_LENGTH, SS_FK_SCALAR, 1, 1},
    {"CHARACTER_LENGTH", SS_F_CHAR_LENGTH, SS_FK_SCALAR, 1, 1},
    {"ABS", SS_F_ABS, SS_FK_SCALAR, 1, 1},
    {"MOD", SS_F_MOD, SS_FK_SCALAR, 2, 2},
    {"ROUND", SS_F_ROUND, SS_FK_SCALAR, 1, 2},
    {"CEIL", SS_F_CEIL, SS_FK_SCALAR, 1, 1},
    {"CEILING", SS_F_CEIL, SS_FK_SCALAR, 1, 1},
    {"FLOOR", SS_F_FLOOR, SS_FK_SCALAR, 1, 1},
    {"POWER", SS_F_POWER, SS_FK_SCALAR, 2, 2},
    {"SQRT", SS_F_SQRT, SS_FK_SCALAR, 1, 1},
    {"LN", SS_F_LN, SS_FK_SCALAR, 1, 1},
    {"LOG10", SS_F_LOG10, SS_FK_SCALAR, 1, 1},
    {"EXP", SS_F_EXP, SS_FK_SCALAR, 1, 1},
    {"CURRENT_ROW_TIMESTAMP", SS_F_CURRENT_ROW_TIMESTAMP, SS_FK_SCALAR, 0, 0},
    {"TSDIFF", SS_F_TSDIFF, SS_FK_SCALAR, 2, 2},
    {"CHAR_TO_TIMESTAMP", SS_F_CHAR_TO_TIMESTAMP, SS_FK_SCALAR, 2, 2},
    {"TIMESTAMP_TO_CHAR", SS_F_TIMESTAMP_TO_CHAR, SS_FK_SCALAR, 2, 2},
    {"UNIX_TIMESTAMP", SS_F_UNIX_TIMESTAMP, SS_FK_SCALAR, 1, 1},
    {"EXTRACT", SS_F_EXTRACT, SS_FK_SCALAR, 1, 1},
    {"$DIFF", SS_F_DIFF, SS_FK_SCALAR, 1, 1},
    {"STEP", SS_F_STEP, SS_FK_WINDOW, 2, 2},
    {"HOP", SS_F_HOP, SS_FK_WINDOW, 3, 3},
    {"SESSION", SS_F_SESSION, SS_FK_WINDOW, 2, 2},
    {"COUNT", SS_F_COUNT, SS_FK_AGGREGATE, 0, 1},
    {"SUM", SS_F_SUM, SS_FK_AGGREGATE, 1, 1},
    {"AVG", SS_F_AVG, SS_FK_AGGREGATE, 1, 1},
    {"MIN", SS_F_MIN, SS_FK_AGGREGATE, 1, 1},
    {"MAX", SS_F_MAX, SS_FK_AGGREGATE, 1, 1},
    {"STDDEV_POP", SS_F_STDDEV_POP, SS_FK_AGGREGATE, 1, 1},
    {"STDDEV_SAMP", SS_F_STDDEV_SAMP, SS_FK_AGGREGATE, 1, 1},
    {"STDDEV", SS_F_STDDEV_SAMP, SS_FK_AGGREGATE, 1, 1},
    {"VAR_POP", SS_F_VAR_POP, SS_FK_AGGREGATE, 1, 1},
    {"VAR_SAMP", SS_F_VAR_SAMP, SS_FK_AGGREGATE, 1, 1},
    {"VARIANCE", SS_F_VAR_SAMP, SS_FK_AGGREGATE, 1, 1},
    {"FIRST_VALUE", SS_F_FIRST_VALUE, SS_FK_AGGREGATE, 1, 1},
    {"LAST_VALUE", SS_F_LAST_VALUE, SS_FK_AGGREGATE, 1, 1},
};
#define NCATALOG (sizeof catalog / sizeof catalog[0])

const ss_func_info *ss_func_lookup(const char *name)
{
    for (size_t i = 0; i < NCATALOG; i++)
        if (strcmp(catalog[i].name, name) == 0)
            return &catalog[i];
    return NULL;
}

const ss_func_info *ss_func_by_id(ss_func_id id)
{
    for (size_t i = 0; i < NCATALOG; i++)
        if (catalog[i].id == id)
            return &catalog[i];
    return NULL;
}

const char *const *ss_func_names(void)
{
    /* '$'-names are internal; they are never suggested or completed. */
    static const char *names[NCATALOG + 1];
    if (!names[0]) {
        size_t n = 0;
        for (size_t i = 0; i < NCATALOG; i++)
            if (catalog[i].name[0] != '$')
                names[n++] = catalog[i].name;
        names[n] = NULL;
    }
    return names;
}
