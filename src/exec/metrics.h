/* Metrics of a running application (ss_run_options.on_metrics): the
 * counters the runtime keeps anyway, read once per interval from the
 * runtime's own thread and rendered in the Prometheus text format. Nothing
 * here runs per row. */
#ifndef SS_METRICS_H
#define SS_METRICS_H

#include "exec/rt.h"
#include "util/prom.h"

typedef struct ss_metrics ss_metrics;

/* NULL when the run's options ask for no metrics. */
ss_metrics *ss_metrics_new(const ss_rt *rt);
void ss_metrics_free(ss_metrics *m);
/* Hands a rendering to on_metrics when the interval has passed since the
 * last one (at once the first time); m may be NULL. */
void ss_metrics_tick(ss_metrics *m, const ss_rt *rt);
/* The last rendering, at the end of the run (running 0); m may be NULL. */
void ss_metrics_final(ss_metrics *m, const ss_rt *rt);

/* Renders rt's metrics into p (after ss_prom_begin), as of wall clock
 * now_ms; running: whether the application still runs. */
void ss_metrics_render(const ss_rt *rt, ss_prom *p, int64_t now_ms, bool running);

#endif
