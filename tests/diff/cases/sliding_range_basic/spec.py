CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("V", "INTEGER"), ("D", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("TS", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("V", "INTEGER"), ("N_10S", "BIGINT"), ("SUM_V", "INTEGER"),
                ("AVG_V", "INTEGER"), ("MIN_V", "INTEGER"), ("MAX_V", "INTEGER"), ("SUM_D", "DOUBLE")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "sliding",
        "windows": {"w": {"partition": ["k"], "range": "10 SECOND"}},
        "aggs": [("n", "w", "COUNT(*)"), ("sv", "w", "SUM(v)"), ("av", "w", "avg_int(v)"), ("mn", "w", "MIN(v)"),
                 ("mx", "w", "MAX(v)"), ("sd", "w", "sum_dbl(d)")],
        "select": ["ROWTIME", "k", "v", "n", "sv", "av", "mn", "mx", "sd"],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.SUM_D": 1e-12},
    "expect_errors": ["late"],
}
