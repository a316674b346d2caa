CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("FLAG", "BOOLEAN"), ("TINY", "TINYINT"), ("SMALL", "SMALLINT"),
                          ("BIG", "BIGINT"), ("R", "REAL"), ("DEC", "DECIMAL(7,3)"), ("S", "VARCHAR(5)")]},
    },
    "streams": {
        "OUT": [("TS", "TIMESTAMP"), ("FLAG", "BOOLEAN"), ("TINY", "TINYINT"), ("SMALL", "SMALLINT"),
                ("BIG", "BIGINT"), ("R", "REAL"), ("DEC", "DECIMAL(7,3)"), ("S", "VARCHAR(5)")],
    },
    "pumps": [{"from": "S", "into": "OUT", "kind": "project",
               "select": ["ts", "flag", "tiny", "small", "big", "r", "dec", "s"]}],
    "outputs": ["OUT"],
    "expect_errors": ["convert"],
}
