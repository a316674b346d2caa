CASE = {
    "sources": {
        "REQUESTS": {"file": "input.jsonl", "format": "json", "rowtime": "REQUEST_TIME", "delay": "3 SECOND",
                     "columns": [("REQUEST_TIME", "TIMESTAMP"), ("METHOD", "VARCHAR(8)"), ("STATUS", "SMALLINT"),
                                 ("LATENCY_MS", "INTEGER")]},
    },
    "streams": {
        "OUT": [("WINDOW_START", "TIMESTAMP"), ("METHOD", "VARCHAR(8)"), ("REQUESTS", "INTEGER"),
                ("FAILED", "INTEGER"), ("FAIL_PCT", "DOUBLE"), ("AVG_LATENCY_MS", "INTEGER")],
    },
    "pumps": [{
        "from": "REQUESTS", "into": "OUT", "kind": "hop", "slide": "1 MINUTE", "size": "5 MINUTE",
        "where": "status <> 404",
        "keys": [("METHOD", "method")],
        "aggs": [("n", "COUNT(*)"), ("f", "SUM(CASE WHEN status >= 500 THEN 1 ELSE 0 END)"),
                 ("al", "avg_int(latency_ms)")],
        "having": "n > 10",
        # (100 * CAST(f AS DOUBLE)) / n, left to right as in SQL
        "select": ["WIN_START", "METHOD", "n", "f", "sdiv(100 * CAST(f AS REAL), n)", "al"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["late"],
}
