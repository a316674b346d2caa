CASE = {
    "sources": {
        "OBS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
                "columns": [("TS", "TIMESTAMP"), ("GRP", "VARCHAR(2)"), ("NAME", "VARCHAR(6)"), ("SCORE", "REAL"),
                            ("PRICE", "DECIMAL(9,3)"), ("SEEN", "TIMESTAMP")]},
    },
    "streams": {
        "OUT": [("MINUTE_START", "TIMESTAMP"), ("GRP", "VARCHAR(2)"), ("MIN_NAME", "VARCHAR(6)"),
                ("MAX_NAME", "VARCHAR(6)"), ("MIN_SCORE", "REAL"), ("MAX_SCORE", "REAL"),
                ("MIN_PRICE", "DECIMAL(9,3)"), ("MAX_PRICE", "DECIMAL(9,3)"), ("MIN_SEEN", "TIMESTAMP"),
                ("MAX_SEEN", "TIMESTAMP")],
    },
    "pumps": [{
        "from": "OBS", "into": "OUT", "kind": "tumble", "size": "1 MINUTE",
        "keys": [("GRP", "grp")],
        "aggs": [("a", "MIN(name)"), ("b", "MAX(name)"), ("c", "MIN(score)"), ("d", "MAX(score)"),
                 ("e", "MIN(price)"), ("f", "MAX(price)"), ("g", "MIN(seen)"), ("h", "MAX(seen)")],
        "select": ["WIN_START", "GRP", "a", "b", "c", "d", "e", "f", "g", "h"],
    }],
    "outputs": ["OUT"],
}
