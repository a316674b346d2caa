CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("V", "INTEGER")]},
    },
    "streams": {
        "PER_10S": [("WIN_START", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("N", "INTEGER"), ("TOTAL", "INTEGER")],
        "PER_MINUTE": [("MINUTE_START", "TIMESTAMP"), ("K", "VARCHAR(2)"), ("N_WINDOWS", "INTEGER"),
                       ("MAX_N", "INTEGER"), ("MIN_N", "INTEGER"), ("TOTAL", "INTEGER"), ("FIRST_START", "TIMESTAMP"),
                       ("LAST_START", "TIMESTAMP")],
    },
    "pumps": [
        {"from": "S", "into": "PER_10S", "kind": "tumble", "size": "10 SECOND", "keys": [("K", "k")],
         "aggs": [("n", "COUNT(*)"), ("s", "SUM(v)")],
         "select": ["WIN_START", "K", "n", "s"]},
        # in aggregates, win_start is PER_10S's column; in select, WIN_START is this window's start
        {"from": "PER_10S", "into": "PER_MINUTE", "kind": "tumble", "size": "1 MINUTE", "keys": [("K", "k")],
         "aggs": [("nw", "COUNT(*)"), ("mx", "MAX(n)"), ("mn", "MIN(n)"), ("s", "SUM(total)"),
                  ("fs", "MIN(win_start)"), ("ls", "MAX(win_start)")],
         "select": ["WIN_START", "K", "nw", "mx", "mn", "s", "fs", "ls"]},
    ],
    "outputs": ["PER_MINUTE"],
    "expect_errors": ["late"],
}
