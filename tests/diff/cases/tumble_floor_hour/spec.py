CASE = {
    "sources": {
        "READINGS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 MINUTE",
                     "columns": [("TS", "TIMESTAMP"), ("SENSOR", "VARCHAR(4)"), ("TEMP", "DOUBLE")]},
    },
    "streams": {
        "HOURLY": [("HOUR_START", "TIMESTAMP"), ("HOUR_END", "TIMESTAMP"), ("SENSOR", "VARCHAR(4)"),
                   ("READINGS", "INTEGER"), ("VALID", "INTEGER"), ("AVG_TEMP", "DOUBLE"), ("MIN_TEMP", "DOUBLE"),
                   ("MAX_TEMP", "DOUBLE")],
    },
    "pumps": [{
        "from": "READINGS", "into": "HOURLY", "kind": "tumble", "size": "1 HOUR",
        "keys": [("SENSOR", "sensor")],
        "aggs": [("n", "COUNT(*)"), ("nv", "COUNT(temp)"), ("av", "avg_dbl(temp)"), ("mn", "MIN(temp)"),
                 ("mx", "MAX(temp)")],
        "select": ["WIN_START", "ROWTIME", "SENSOR", "n", "nv", "av", "mn", "mx"],
    }],
    "outputs": ["HOURLY"],
    "tolerance": {"HOURLY.AVG_TEMP": 1e-12},
    "expect_errors": ["late"],
}
