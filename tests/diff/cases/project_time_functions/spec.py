CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "1 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("SENT", "TIMESTAMP"), ("ID", "INTEGER")]},
    },
    "streams": {
        "OUT": [("ID", "INTEGER"), ("RT", "TIMESTAMP"), ("TS", "TIMESTAMP"), ("SECOND_", "TIMESTAMP"),
                ("MINUTE_", "TIMESTAMP"), ("HOUR_", "TIMESTAMP"), ("DAY_", "TIMESTAMP"), ("DELAY_MS", "BIGINT"),
                ("SENT", "TIMESTAMP")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "project",
        "select": ["id", "ROWTIME", "ts", "floor_to(ts, 'SECOND')", "floor_to(ts, 'MINUTE')",
                   "floor_to(ROWTIME, 'HOUR')", "floor_to(ROWTIME, 'DAY')", "ts - sent", "sent"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["rowtime", "convert"],
}
