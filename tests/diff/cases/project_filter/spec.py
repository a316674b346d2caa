CASE = {
    "sources": {
        "LOGS": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
                 "columns": [("TS", "TIMESTAMP"), ("HOST", "VARCHAR(8)"), ("LEVEL", "VARCHAR(8)"),
                             ("MSG", "VARCHAR(32)"), ("CODE", "INTEGER")]},
    },
    "streams": {
        "ALERTS": [("TS", "TIMESTAMP"), ("HOST", "VARCHAR(8)"), ("LEVEL", "VARCHAR(8)"), ("CODE", "INTEGER"),
                   ("MSG", "VARCHAR(32)")],
    },
    "pumps": [{
        "from": "LOGS", "into": "ALERTS", "kind": "project",
        "where": ("level IN ('WARN', 'ERROR') AND host LIKE 'web-_' "
                  "OR code BETWEEN 500 AND 502 AND msg IS NOT NULL OR msg LIKE '%disk%'"),
        "select": ["ts", "host", "level", "code", "msg"],
    }],
    "outputs": ["ALERTS"],
    "expect_errors": ["late"],
}
