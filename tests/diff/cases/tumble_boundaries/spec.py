CASE = {
    "sources": {
        "EVENTS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "0 SECOND",
                   "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("X", "INTEGER")]},
    },
    "streams": {
        "OUT": [("WIN_START", "TIMESTAMP"), ("WIN_END", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("N", "INTEGER"),
                ("SUM_X", "INTEGER"), ("MIN_X", "INTEGER"), ("MAX_X", "INTEGER"), ("FIRST_TS", "TIMESTAMP"),
                ("LAST_TS", "TIMESTAMP")],
    },
    "pumps": [{
        "from": "EVENTS", "into": "OUT", "kind": "tumble", "size": "5 SECOND",
        "keys": [("K", "k")],
        "aggs": [("n", "COUNT(*)"), ("s", "SUM(x)"), ("mn", "MIN(x)"), ("mx", "MAX(x)"), ("ft", "MIN(ts)"),
                 ("lt", "MAX(ts)")],
        "select": ["WIN_START", "ROWTIME", "K", "n", "s", "mn", "mx", "ft", "lt"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["late"],
}
