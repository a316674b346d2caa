CASE = {
    "sources": {
        "TICKS": {"file": "input.jsonl", "format": "json", "rowtime": "EVENT_TIME", "delay": "5 SECOND",
                  "columns": [("EVENT_TIME", "TIMESTAMP"), ("TICKER", "VARCHAR(4)"), ("PRICE", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("TICKER", "VARCHAR(4)"), ("EVENT_MINUTE", "TIMESTAMP"), ("WINDOW_CLOSE", "TIMESTAMP"),
                ("TICKS", "INTEGER"), ("AVG_PRICE", "DOUBLE")],
    },
    "pumps": [{
        "from": "TICKS", "into": "OUT", "kind": "stagger", "range": "1 MINUTE",
        "keys": [("M", "floor_to(event_time, 'MINUTE')"), ("TICKER", "ticker")],
        "aggs": [("n", "COUNT(*)"), ("a", "avg_dbl(price)")],
        "select": ["TICKER", "M", "ROWTIME", "n", "a"],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.AVG_PRICE": 1e-12},
    "expect_errors": ["late"],
}
