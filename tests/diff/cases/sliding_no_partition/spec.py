CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("V", "INTEGER"), ("D", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("TS", "TIMESTAMP"), ("V", "INTEGER"), ("N_1M", "BIGINT"), ("MIN_V_1M", "INTEGER"),
                ("MAX_V_1M", "INTEGER"), ("SD_POP_1M", "DOUBLE"), ("VAR_S_1M", "DOUBLE"), ("SUM_V_3", "INTEGER")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "sliding", "where": "v > 0",
        "windows": {"m": {"range": "1 MINUTE"}, "r": {"rows": 2}},
        "aggs": [("n", "m", "COUNT(*)"), ("mn", "m", "MIN(v)"), ("mx", "m", "MAX(v)"),
                 ("sd", "m", "stddev_pop(d)"), ("vs", "m", "var_samp(d)"), ("s3", "r", "SUM(v)")],
        "select": ["ts", "v", "n", "mn", "mx", "sd", "vs", "s3"],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.SD_POP_1M": 1e-12, "OUT.VAR_S_1M": 1e-12},
    "expect_errors": ["late"],
}
