CASE = {
    "sources": {
        "CLICKS": {"file": "input.jsonl", "format": "json", "rowtime": "EVENT_TIME", "delay": "5 SECOND",
                   "columns": [("EVENT_TIME", "TIMESTAMP"), ("USER", "VARCHAR(16)"), ("PAGE", "VARCHAR(32)"),
                               ("DEVICE", "VARCHAR(8)"), ("AMOUNT", "DECIMAL(8,2)")]},
    },
    "streams": {
        "PER_MINUTE": [("MINUTE_START", "TIMESTAMP"), ("DEVICE", "VARCHAR(8)"), ("EVENTS", "INTEGER"),
                       ("USERS", "INTEGER"), ("PAGES", "INTEGER"), ("FIRST_USER", "VARCHAR(16)"),
                       ("LAST_USER", "VARCHAR(16)"), ("FIRST_EVENT", "TIMESTAMP"), ("LAST_EVENT", "TIMESTAMP"),
                       ("REVENUE", "DECIMAL(10,2)"), ("MIN_AMOUNT", "DECIMAL(8,2)"), ("MAX_AMOUNT", "DECIMAL(8,2)")],
    },
    "pumps": [{
        "from": "CLICKS", "into": "PER_MINUTE", "kind": "tumble", "size": "1 MINUTE",
        "keys": [("DEVICE", "device")],
        "aggs": [("n", "COUNT(*)"), ("users", 'COUNT(DISTINCT "USER")'), ("pages", "COUNT(DISTINCT page)"),
                 ("fu", 'MIN("USER")'), ("lu", 'MAX("USER")'), ("fe", "MIN(event_time)"), ("le", "MAX(event_time)"),
                 ("rev", "SUM(amount)"), ("mna", "MIN(amount)"), ("mxa", "MAX(amount)")],
        "select": ["WIN_START", "DEVICE", "n", "users", "pages", "fu", "lu", "fe", "le", "rev", "mna", "mxa"],
    }],
    "outputs": ["PER_MINUTE"],
    "expect_errors": ["late"],
}
