CASE = {
    "sources": {
        "STATIONS": {"file": "input.csv", "format": "csv", "header": True, "rowtime": "TS", "delay": "2 SECOND",
                     "columns": [("TS", "TIMESTAMP"), ("STATION", "VARCHAR(4)"), ("NOTE", "VARCHAR(16)"),
                                 ("READING", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("WIN_START", "TIMESTAMP"), ("STATION", "VARCHAR(4)"), ("N", "INTEGER"), ("NOTES", "INTEGER"),
                ("FIRST_NOTE", "VARCHAR(16)"), ("LAST_NOTE", "VARCHAR(16)"), ("MAX_READING", "DOUBLE"),
                ("AVG_READING", "DOUBLE")],
    },
    "pumps": [{
        "from": "STATIONS", "into": "OUT", "kind": "tumble", "size": "30 SECOND", "keys": [("STATION", "station")],
        "aggs": [("n", "COUNT(*)"), ("nn", "COUNT(note)"), ("a", "MIN(note)"), ("b", "MAX(note)"),
                 ("mx", "MAX(reading)"), ("av", "avg_dbl(reading)")],
        "select": ["WIN_START", "STATION", "n", "nn", "a", "b", "mx", "av"],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.AVG_READING": 1e-12},
    "expect_errors": ["late"],
}
