CASE = {
    "sources": {
        "EVENTS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "5 SECOND",
                   "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(4)"), ("V", "INTEGER"), ("TAG", "VARCHAR(8)")]},
    },
    "streams": {
        "OUT": [("WIN_START", "TIMESTAMP"), ("K", "VARCHAR(4)"), ("N", "INTEGER"), ("FIRST_V", "INTEGER"),
                ("LAST_V", "INTEGER"), ("FIRST_TAG", "VARCHAR(8)"), ("LAST_TAG", "VARCHAR(8)")],
    },
    "pumps": [{
        "from": "EVENTS", "into": "OUT", "kind": "tumble", "size": "10 SECOND",
        "keys": [("K", "k")],
        # _seq is the processing order (ROWTIME, then arrival)
        "aggs": [("n", "COUNT(*)"), ("fv", "first_by(_seq, v)"), ("lv", "last_by(_seq, v)"),
                 ("ft", "first_by(_seq, tag)"), ("lt", "last_by(_seq, tag)")],
        "select": ["WIN_START", "K", "n", "fv", "lv", "ft", "lt"],
    }],
    "outputs": ["OUT"],
}
