CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "1 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("ID", "INTEGER"), ("USED", "INTEGER"), ("UNUSED_NUM", "INTEGER"),
                          ("UNUSED_TS", "TIMESTAMP")]},
    },
    "streams": {"OUT": [("ID", "INTEGER"), ("USED", "INTEGER")]},
    "pumps": [{"from": "S", "into": "OUT", "kind": "project", "select": ["id", "used"]}],
    "outputs": ["OUT"],
    "expect_errors": ["convert"],
}
