CASE = {
    "sources": {
        "SAMPLES": {"file": "input.jsonl", "format": "json", "rowtime": "T", "delay": "1 SECOND",
                    "columns": [("T", "TIMESTAMP"), ("V", "DOUBLE")]},
    },
    "streams": {
        "PER_SECOND": [("SEC", "TIMESTAMP"), ("N", "INTEGER"), ("SUM_V", "DOUBLE"), ("MIN_V", "DOUBLE"),
                       ("MAX_V", "DOUBLE")],
    },
    "pumps": [{
        "from": "SAMPLES", "into": "PER_SECOND", "kind": "tumble", "size": "1 SECOND",
        "aggs": [("n", "COUNT(*)"), ("s", "sum_dbl(v)"), ("mn", "MIN(v)"), ("mx", "MAX(v)")],
        "select": ["WIN_START", "n", "s", "mn", "mx"],
    }],
    "outputs": ["PER_SECOND"],
    "tolerance": {"PER_SECOND.SUM_V": 1e-12},
    "expect_errors": ["late"],
}
