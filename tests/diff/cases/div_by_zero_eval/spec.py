CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("A", "INTEGER"), ("B", "INTEGER"), ("X", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("TS", "TIMESTAMP"), ("A", "INTEGER"), ("B", "INTEGER"), ("SAFE_Q", "INTEGER"), ("GUARD_Q", "INTEGER"),
                ("Q", "INTEGER"), ("XQ", "DOUBLE")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "project",
        "select": ["ts", "a", "b", "sdiv(a, NULLIF(b, 0))", "CASE WHEN b = 0 THEN NULL ELSE sdiv(a, b) END",
                   "sdiv(a, b)", "sdiv(x, 4)"],
    }],
    "outputs": ["OUT"],
    "expect_errors": ["eval"],
}
