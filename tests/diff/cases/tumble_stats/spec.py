CASE = {
    "sources": {
        "METER": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
                  "columns": [("TS", "TIMESTAMP"), ("DEV", "VARCHAR(4)"), ("READING", "DOUBLE")]},
    },
    "streams": {
        "STATS": [("WIN_START", "TIMESTAMP"), ("DEV", "VARCHAR(4)"), ("N", "INTEGER"), ("N_READING", "INTEGER"),
                  ("AVG_R", "DOUBLE"), ("STDDEV_POP_R", "DOUBLE"), ("STDDEV_SAMP_R", "DOUBLE"),
                  ("VAR_POP_R", "DOUBLE"), ("VAR_SAMP_R", "DOUBLE")],
    },
    "pumps": [{
        "from": "METER", "into": "STATS", "kind": "tumble", "size": "30 SECOND",
        "keys": [("DEV", "dev")],
        "aggs": [("n", "COUNT(*)"), ("nr", "COUNT(reading)"), ("av", "avg_dbl(reading)"),
                 ("sp", "stddev_pop(reading)"), ("ss", "stddev_samp(reading)"), ("vp", "var_pop(reading)"),
                 ("vs", "var_samp(reading)")],
        "select": ["WIN_START", "DEV", "n", "nr", "av", "sp", "ss", "vp", "vs"],
    }],
    "outputs": ["STATS"],
    # floating aggregates: summation order may differ from the engine's
    "tolerance": {"STATS.AVG_R": 1e-12, "STATS.STDDEV_POP_R": 1e-12, "STATS.STDDEV_SAMP_R": 1e-12,
                  "STATS.VAR_POP_R": 1e-12, "STATS.VAR_SAMP_R": 1e-12},
}
