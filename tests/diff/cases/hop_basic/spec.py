CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("X", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("WIN_START", "TIMESTAMP"), ("WIN_END", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("N", "INTEGER"),
                ("SUM_X", "DOUBLE"), ("MIN_X", "DOUBLE"), ("MAX_X", "DOUBLE")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "hop", "slide": "10 SECOND", "size": "30 SECOND",
        "keys": [("K", "k")],
        "aggs": [("n", "COUNT(*)"), ("s", "sum_dbl(x)"), ("mn", "MIN(x)"), ("mx", "MAX(x)")],
        "select": ["WIN_START", "ROWTIME", "K", "n", "s", "mn", "mx"],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.SUM_X": 1e-12},
    "expect_errors": ["late"],
}
