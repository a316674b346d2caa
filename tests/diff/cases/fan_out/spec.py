CASE = {
    "sources": {
        "MACHINES": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
                     "columns": [("TS", "TIMESTAMP"), ("DEV", "VARCHAR(4)"), ("TEMP", "DOUBLE"), ("OK", "BOOLEAN")]},
    },
    "streams": {
        "HOT": [("TS", "TIMESTAMP"), ("DEV", "VARCHAR(4)"), ("TEMP", "DOUBLE"), ("TEMP_F", "DOUBLE"),
                ("OK", "BOOLEAN")],
        "PER_MINUTE": [("MINUTE_START", "TIMESTAMP"), ("DEV", "VARCHAR(4)"), ("READINGS", "INTEGER"),
                       ("NOT_OK", "INTEGER"), ("MAX_TEMP", "DOUBLE")],
    },
    "pumps": [
        {"from": "MACHINES", "into": "HOT", "kind": "project", "where": "temp > 90 OR NOT ok",
         "select": ["ts", "dev", "temp", "sdiv(temp * 9, 5) + 32", "ok"]},
        {"from": "MACHINES", "into": "PER_MINUTE", "kind": "tumble", "size": "1 MINUTE", "keys": [("DEV", "dev")],
         "aggs": [("n", "COUNT(*)"), ("bad", "SUM(CASE WHEN ok THEN 0 ELSE 1 END)"), ("mx", "MAX(temp)")],
         "select": ["WIN_START", "DEV", "n", "bad", "mx"]},
    ],
    "outputs": ["HOT", "PER_MINUTE"],
    "expect_errors": ["late"],
}
