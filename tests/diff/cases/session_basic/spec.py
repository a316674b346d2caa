CASE = {
    "sources": {
        "CLICKS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "5 SECOND",
                   "columns": [("TS", "TIMESTAMP"), ("USER", "VARCHAR(4)"), ("ACTION", "VARCHAR(8)"),
                               ("AMOUNT", "DECIMAL(10,2)")]},
    },
    "streams": {
        "SESSIONS": [("USER", "VARCHAR(4)"), ("SESSION_START", "TIMESTAMP"), ("SESSION_END", "TIMESTAMP"),
                     ("EVENTS", "INTEGER"), ("DURATION_MS", "BIGINT"), ("ACTIONS", "INTEGER"),
                     ("REVENUE", "DECIMAL(12,2)")],
    },
    "pumps": [{
        "from": "CLICKS", "into": "SESSIONS", "kind": "session", "gap": "30 SECOND",
        "keys": [("USER", '"user"')],
        "aggs": [("n", "COUNT(*)"), ("mx", "MAX(ts)"), ("mn", "MIN(ts)"), ("a", "COUNT(DISTINCT action)"),
                 ("rev", "SUM(amount)")],
        "select": ['"USER"', "WIN_START", "ROWTIME", "n", "mx - mn", "a", "rev"],
    }],
    "outputs": ["SESSIONS"],
    "expect_errors": ["late"],
}
