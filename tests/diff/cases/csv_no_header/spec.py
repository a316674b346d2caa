CASE = {
    "sources": {
        "S": {"file": "input.csv", "format": "csv", "header": False, "delimiter": ";", "rowtime": "TS",
              "delay": "3 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(4)"), ("N", "INTEGER"), ("X", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("WIN_START", "TIMESTAMP"), ("K", "VARCHAR(4)"), ("ROWS_", "INTEGER"), ("SUM_N", "INTEGER"),
                ("MAX_X", "DOUBLE")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "tumble", "size": "30 SECOND", "keys": [("K", "k")],
        "aggs": [("n", "COUNT(*)"), ("s", "SUM(n)"), ("mx", "MAX(x)")],
        "select": ["WIN_START", "K", "n", "s", "mx"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["late", "parse", "convert", "rowtime"],
}
