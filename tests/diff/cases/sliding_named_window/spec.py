CASE = {
    "sources": {
        "TICKS": {"file": "input.jsonl", "format": "json", "rowtime": "EVENT_TIME", "delay": "5 SECOND",
                  "columns": [("EVENT_TIME", "TIMESTAMP"), ("SYM", "VARCHAR(4)"), ("PRICE", "DOUBLE"),
                              ("CHANGE", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("EVENT_TIME", "TIMESTAMP"), ("SYM", "VARCHAR(4)"), ("PRICE", "DOUBLE"), ("MIN_PRICE", "DOUBLE"),
                ("MAX_PRICE", "DOUBLE"), ("AVG_PRICE", "DOUBLE"), ("TICKS_10S", "BIGINT"), ("PRICED_10S", "BIGINT"),
                ("OPEN_PRICE", "DOUBLE"), ("LAST_PRICE", "DOUBLE"), ("TICKS_1M", "BIGINT"),
                ("ALL_CHANGE_5S", "DOUBLE")],
    },
    "pumps": [{
        "from": "TICKS", "into": "OUT", "kind": "sliding",
        "windows": {"w1": {"partition": ["sym"], "range": "10 SECOND"},
                    "m1": {"partition": ["sym"], "range": "1 MINUTE"},
                    "all5": {"partition": [], "range": "5 SECOND"}},
        "aggs": [("mn", "w1", "MIN(price)"), ("mx", "w1", "MAX(price)"), ("av", "w1", "avg_dbl(price)"),
                 ("n", "w1", "COUNT(*)"), ("np", "w1", "COUNT(price)"), ("fv", "w1", "first_by(_seq, price)"),
                 ("lv", "w1", "last_by(_seq, price)"), ("n1m", "m1", "COUNT(*)"), ("ch", "all5", "sum_dbl(change)")],
        "select": ["event_time", "sym", "price", "mn", "mx", "av", "n", "np", "fv", "lv", "n1m", "ch"],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.AVG_PRICE": 1e-12, "OUT.ALL_CHANGE_5S": 1e-12},
    "expect_errors": ["late"],
}
