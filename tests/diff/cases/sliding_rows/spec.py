CASE = {
    "sources": {
        "TRADES": {"file": "input.csv", "format": "csv", "header": True, "delimiter": ",",
                   "rowtime": "TRADE_TIME", "delay": "2 SECOND",
                   "columns": [("TRADE_ID", "BIGINT"), ("TRADE_TIME", "TIMESTAMP"), ("SYM", "VARCHAR(4)"),
                               ("SIDE", "VARCHAR(4)"), ("QTY", "INTEGER"), ("PRICE", "DECIMAL(10,2)"),
                               ("VENUE", "VARCHAR(24)")]},
    },
    "streams": {
        "OUT": [("TRADE_ID", "BIGINT"), ("SYM", "VARCHAR(4)"), ("QTY", "INTEGER"), ("SUM_QTY_5", "INTEGER"),
                ("AVG_QTY_5", "INTEGER"), ("MIN_PX_5", "DECIMAL(10,2)"), ("MAX_PX_5", "DECIMAL(10,2)"),
                ("VENUES_5", "INTEGER"), ("NET_FLOW_5", "INTEGER"),
                ("FIRST_VENUE_5", "VARCHAR(24)"), ("MAX_VENUE_5", "VARCHAR(24)"), ("VENUE", "VARCHAR(24)")],
    },
    "pumps": [{
        "from": "TRADES", "into": "OUT", "kind": "sliding",
        "windows": {"w": {"partition": ["sym"], "rows": 4}},
        "aggs": [("sq", "w", "SUM(qty)"), ("aq", "w", "avg_int(qty)"), ("mn", "w", "MIN(price)"),
                 ("mx", "w", "MAX(price)"), ("nv", "w", "COUNT(venue)"),
                 ("net", "w", "SUM(CASE WHEN side = 'BUY' THEN qty ELSE -qty END)"),
                 ("fvn", "w", "first_by(_seq, venue)"), ("mxv", "w", "MAX(venue)")],
        "select": ["trade_id", "sym", "qty", "sq", "aq", "mn", "mx", "nv", "net", "fvn", "mxv", "COALESCE(venue, 'UNREPORTED')"],
    }],
    "outputs": ["OUT"],
}
