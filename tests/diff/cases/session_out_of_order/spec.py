CASE = {
    "sources": {
        "EVENTS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "60 SECOND",
                   "columns": [("TS", "TIMESTAMP"), ("USER", "VARCHAR(4)"), ("DEV", "VARCHAR(2)"), ("N", "INTEGER")]},
    },
    "streams": {
        "SESSIONS": [("USER", "VARCHAR(4)"), ("DEV", "VARCHAR(2)"), ("STARTED", "TIMESTAMP"), ("ENDED", "TIMESTAMP"),
                     ("EVENTS", "INTEGER"), ("TOTAL_N", "INTEGER"), ("LAST_EVENT", "TIMESTAMP")],
    },
    "pumps": [{
        "from": "EVENTS", "into": "SESSIONS", "kind": "session", "gap": "30 SECOND",
        "keys": [("USER", '"user"'), ("DEV", "dev")],
        "aggs": [("n", "COUNT(*)"), ("s", "SUM(n)"), ("mx", "MAX(ts)")],
        "select": ['"USER"', "DEV", "WIN_START", "ROWTIME", "n", "s", "mx"],
    }],
    "outputs": ["SESSIONS"],
}
