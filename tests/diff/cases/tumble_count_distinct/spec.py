CASE = {
    "sources": {
        "VISITS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
                   "columns": [("TS", "TIMESTAMP"), ("REGION", "VARCHAR(4)"), ("USER", "VARCHAR(12)"),
                               ("ITEM", "INTEGER")]},
    },
    "streams": {
        "OUT": [("MINUTE_START", "TIMESTAMP"), ("REGION", "VARCHAR(4)"), ("VISITS", "INTEGER"), ("USERS", "INTEGER"),
                ("ITEMS", "INTEGER"), ("VISITS_W_ITEM", "INTEGER")],
    },
    "pumps": [{
        "from": "VISITS", "into": "OUT", "kind": "tumble", "size": "1 MINUTE",
        "keys": [("REGION", "region")],
        "aggs": [("n", "COUNT(*)"), ("u", 'COUNT(DISTINCT "USER")'), ("i", "COUNT(DISTINCT item)"),
                 ("ni", "COUNT(item)")],
        "select": ["WIN_START", "REGION", "n", "u", "i", "ni"],
    }],
    "outputs": ["OUT"],
}
