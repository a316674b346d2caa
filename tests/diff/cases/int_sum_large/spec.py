CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "1 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("N", "BIGINT")]},
    },
    "streams": {
        "OUT": [("MINUTE_START", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("N", "BIGINT"), ("SUM_N", "BIGINT"),
                ("AVG_N", "BIGINT"), ("MIN_N", "BIGINT"), ("MAX_N", "BIGINT")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "tumble", "size": "1 MINUTE", "keys": [("K", "k")],
        "aggs": [("c", "COUNT(*)"), ("s", "SUM(n)"), ("a", "avg_int(n)"), ("mn", "MIN(n)"), ("mx", "MAX(n)")],
        "select": ["WIN_START", "K", "c", "s", "a", "mn", "mx"],
    }],
    "outputs": ["OUT"],
}
