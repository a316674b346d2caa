CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "5 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(8)"), ("V", "INTEGER")]},
    },
    "streams": {
        "OUT": [("K", "VARCHAR(8)"), ("WINDOW_CLOSE", "TIMESTAMP"), ("FIRST_TS", "TIMESTAMP"),
                ("LAST_TS", "TIMESTAMP"), ("N", "INTEGER"), ("SUM_V", "INTEGER"), ("AVG_V", "INTEGER")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "stagger", "range": "1 MINUTE",
        "keys": [("K", "k")],
        "aggs": [("ft", "MIN(ts)"), ("lt", "MAX(ts)"), ("n", "COUNT(*)"), ("s", "SUM(v)"), ("a", "avg_int(v)")],
        "select": ["K", "ROWTIME", "ft", "lt", "n", "s", "a"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["late"],
}
