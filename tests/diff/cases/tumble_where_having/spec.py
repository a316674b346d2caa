CASE = {
    "sources": {
        "WEBLOG": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
                   "columns": [("TS", "TIMESTAMP"), ("METHOD", "VARCHAR(8)"), ("PATH", "VARCHAR(64)"),
                               ("STATUS", "SMALLINT"), ("LATENCY_MS", "INTEGER")]},
    },
    "streams": {
        "TROUBLE": [("MINUTE_START", "TIMESTAMP"), ("METHOD", "VARCHAR(8)"), ("REQUESTS", "INTEGER"),
                    ("SERVER_ERRORS", "INTEGER"), ("AVG_LATENCY_MS", "INTEGER"), ("MAX_LATENCY_MS", "INTEGER")],
    },
    "pumps": [{
        "from": "WEBLOG", "into": "TROUBLE", "kind": "tumble", "size": "1 MINUTE",
        "where": "path LIKE '/api/%' AND (status >= 400 OR latency_ms > 800)",
        "keys": [("METHOD", "method")],
        "aggs": [("n", "COUNT(*)"), ("errs", "SUM(CASE WHEN status >= 500 THEN 1 ELSE 0 END)"),
                 ("avg_lat", "avg_int(latency_ms)"), ("max_lat", "MAX(latency_ms)")],
        "having": "n >= 3 AND max_lat > 500",
        "select": ["WIN_START", "METHOD", "n", "errs", "avg_lat", "max_lat"],
    }],
    "outputs": ["TROUBLE"],
    "expect_errors": ["late"],
}
