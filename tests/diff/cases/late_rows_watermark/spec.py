CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "10 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("ID", "INTEGER"), ("VAL", "INTEGER")]},
    },
    "streams": {"OUT": [("TS", "TIMESTAMP"), ("ID", "INTEGER"), ("VAL", "INTEGER")]},
    "pumps": [{"from": "S", "into": "OUT", "kind": "project", "select": ["ts", "id", "val"]}],
    "outputs": ["OUT"],
    "expect_errors": ["late", "parse", "convert"],
}
