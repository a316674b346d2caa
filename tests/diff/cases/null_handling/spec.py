CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("X", "INTEGER"), ("D", "DOUBLE"),
                          ("S", "VARCHAR(2)")]},
    },
    "streams": {
        "OUT": [("MINUTE_START", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("N", "INTEGER"), ("N_X", "INTEGER"),
                ("SUM_X", "INTEGER"), ("AVG_X", "INTEGER"), ("MIN_X", "INTEGER"), ("MAX_X", "INTEGER"),
                ("SUM_D", "DOUBLE"), ("AVG_D", "DOUBLE"), ("DISTINCT_S", "INTEGER"), ("SUM_X_OR_0", "INTEGER")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "tumble", "size": "1 MINUTE", "keys": [("K", "k")],
        "where": "x > -30 OR d IS NOT NULL OR x IS NULL AND d IS NULL",
        "aggs": [("n", "COUNT(*)"), ("nx", "COUNT(x)"), ("sx", "SUM(x)"), ("ax", "avg_int(x)"), ("mn", "MIN(x)"),
                 ("mx", "MAX(x)"), ("sd", "sum_dbl(d)"), ("ad", "avg_dbl(d)"), ("ds", "COUNT(DISTINCT s)")],
        "select": ["WIN_START", "K", "n", "nx", "sx", "ax", "mn", "mx", "sd", "ad", "ds", "COALESCE(sx, 0)"],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.SUM_D": 1e-12, "OUT.AVG_D": 1e-12},
}
