# Oracle spec for app.sql (see ../../README.md). Expressions are SQLite SQL.
CASE = {
    "sources": {
        "TRADES": {
            "file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
            "columns": [("TS", "TIMESTAMP"), ("SYM", "VARCHAR(8)"), ("QTY", "INTEGER"), ("PX", "DOUBLE")],
        },
    },
    "streams": {
        "OUT": [("WIN_START", "TIMESTAMP"), ("WIN_END", "TIMESTAMP"), ("SYM", "VARCHAR(8)"), ("N", "BIGINT"),
                ("N_QTY", "BIGINT"), ("SUM_QTY", "BIGINT"), ("MIN_QTY", "INTEGER"), ("MAX_QTY", "INTEGER"),
                ("AVG_QTY", "INTEGER"), ("MAX_PX", "DOUBLE")],
    },
    "pumps": [{
        "from": "TRADES", "into": "OUT", "kind": "tumble", "size": "10 SECOND",
        "keys": [("SYM", "sym")],
        "aggs": [("n", "COUNT(*)"), ("n_qty", "COUNT(qty)"), ("sum_qty", "SUM(qty)"), ("min_qty", "MIN(qty)"),
                 ("max_qty", "MAX(qty)"), ("avg_qty", "avg_int(qty)"), ("max_px", "MAX(px)")],
        "select": ["WIN_START", "ROWTIME", "SYM", "n", "n_qty", "sum_qty", "min_qty", "max_qty", "avg_qty",
                   "max_px"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["late"],
}
