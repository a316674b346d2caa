/* The analyzer: turns a parsed script into an ss_app (streams, bindings,
 * pumps, typed queries), or reports every semantic error with a position. */
#ifndef SS_ANALYZE_H
#define SS_ANALYZE_H

#include "sql/app.h"

/* Returns the application (allocated in arena). It is only complete and safe
 * to plan when diags holds no errors afterwards. */
ss_app *ss_analyze(const ss_script *script, const ss_source *src, ss_arena *arena, ss_diags *diags);

/* Structural equality of analyzed expressions (GROUP BY matching, dedup). */
bool ss_expr_equal(const ss_expr *a, const ss_expr *b);

/* Compiles source text all the way: parse + analyze. Convenience for the CLI,
 * the REPL and tests. Returns NULL when there were errors (see diags). */
ss_app *ss_compile(const ss_source *src, ss_arena *arena, ss_diags *diags);

/* The same, after applying `run --set STREAM.KEY=VALUE` settings: each adds
 * or replaces one WITH key of a stream, its text read as the key's type
 * (strings as they are, numbers, TRUE/FALSE, durations like 5s for
 * intervals). A setting that names no stream or no key is an error in diags,
 * reported at the start of the file with the setting quoted. */
ss_app *ss_compile_with_settings(const ss_source *src, ss_arena *arena, ss_diags *diags,
                                 const char *const *settings, uint32_t nsettings);

#endif
