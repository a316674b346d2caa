CASE = {
    "sources": {
        "RAW_TICKS": {"file": "input.jsonl", "format": "json", "rowtime": "EVENT_TIME", "delay": "5 SECOND",
                      "columns": [("EVENT_TIME", "TIMESTAMP"), ("TICKER_SYMBOL", "VARCHAR(8)"),
                                  ("SECTOR", "VARCHAR(16)"), ("PRICE", "DOUBLE"), ("CHANGE", "DOUBLE")]},
    },
    "streams": {
        "CLEAN": [("TICKER_SYMBOL", "VARCHAR(4)"), ("SECTOR", "VARCHAR(16)"), ("PRICE", "DECIMAL(10,2)"),
                  ("DIRECTION", "VARCHAR(4)")],
        "BY_SECTOR": [("PERIOD_START", "TIMESTAMP"), ("SECTOR", "VARCHAR(16)"), ("TRADES", "INTEGER"),
                      ("SYMBOLS", "INTEGER"), ("UP_TICKS", "INTEGER"), ("TURNOVER", "DECIMAL(12,2)"),
                      ("MAX_PRICE", "DECIMAL(10,2)")],
    },
    "pumps": [
        {"from": "RAW_TICKS", "into": "CLEAN", "kind": "project", "where": "price IS NOT NULL",
         "select": ["UPPER(TRIM(ticker_symbol))", "COALESCE(sector, 'UNKNOWN')", "price",
                    "CASE WHEN change >= 0 THEN 'UP' ELSE 'DOWN' END"]},
        {"from": "CLEAN", "into": "BY_SECTOR", "kind": "tumble", "size": "2 MINUTE",
         "keys": [("SECTOR", "sector")],
         "aggs": [("n", "COUNT(*)"), ("syms", "COUNT(DISTINCT ticker_symbol)"),
                  ("up", "SUM(CASE WHEN direction = 'UP' THEN 1 ELSE 0 END)"), ("t", "SUM(price)"),
                  ("mx", "MAX(price)")],
         "select": ["WIN_START", "SECTOR", "n", "syms", "up", "t", "mx"]},
    ],
    "outputs": ["BY_SECTOR"],
    "expect_errors": ["late"],
}
