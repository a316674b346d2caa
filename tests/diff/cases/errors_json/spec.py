CASE = {
    "sources": {
        "ORDERS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
                   "columns": [("TS", "TIMESTAMP"), ("NAME", "VARCHAR(8)"), ("QTY", "INTEGER"), ("PRICE", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("WIN_START", "TIMESTAMP"), ("NAME", "VARCHAR(8)"), ("ORDERS", "INTEGER"), ("QTY", "INTEGER"),
                ("MAX_PRICE", "DOUBLE")],
    },
    "pumps": [{
        "from": "ORDERS", "into": "OUT", "kind": "tumble", "size": "10 SECOND", "keys": [("NAME", "name")],
        "aggs": [("n", "COUNT(*)"), ("q", "SUM(qty)"), ("mx", "MAX(price)")],
        "select": ["WIN_START", "NAME", "n", "q", "mx"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["late", "parse", "convert", "rowtime"],
}
