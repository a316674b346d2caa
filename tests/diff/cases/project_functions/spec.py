CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("NAME", "VARCHAR(16)"), ("CITY", "VARCHAR(16)"), ("CODE", "VARCHAR(2)"),
                          ("A", "INTEGER"), ("B", "INTEGER"), ("X", "DOUBLE"), ("Y", "DOUBLE")]},
    },
    "streams": {
        "OUT": [("TS", "TIMESTAMP"), ("UNAME", "VARCHAR(16)"), ("LNAME", "VARCHAR(16)"), ("SUB", "VARCHAR(3)"),
                ("POS_A", "INTEGER"), ("CITY_LEN", "INTEGER"), ("PLACE", "VARCHAR(10)"), ("BAND", "VARCHAR(4)"),
                ("SIGN_TAG", "VARCHAR(4)"), ("X_INT", "INTEGER"), ("X_DEC", "DECIMAL(8,2)"), ("A_TEXT", "VARCHAR(5)"),
                ("WHO", "VARCHAR(16)"), ("A_NZ", "INTEGER"), ("ABS_DIFF", "INTEGER"), ("A_MOD_B", "INTEGER"),
                ("A_DIV_B", "INTEGER"), ("X_R1", "DOUBLE"), ("X_CEIL", "DOUBLE"), ("X_FLOOR", "DOUBLE"),
                ("X_SQ", "DOUBLE"), ("X_ROOT", "DOUBLE"), ("X_GT_Y", "BOOLEAN"), ("A_SMALL", "BOOLEAN")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "project",
        "select": [
            "ts", "UPPER(TRIM(name))", "LOWER(name)", "substr(TRIM(name), 2, 3)", "instr(name, 'a')",
            "length(city)", "city || '/' || code",
            "CASE WHEN a > 500 THEN 'high' WHEN a > 0 THEN 'mid' ELSE 'low' END",
            "CASE WHEN a < 0 THEN 'neg' END",
            "CAST(x AS INTEGER)", "x", "CAST(a AS TEXT)", "COALESCE(TRIM(name), 'anon')", "NULLIF(a, 0)",
            "ABS(a - b)", "smod(a, b)", "sdiv(a, b)", "sround(x, 1)", "sceil(x)", "sfloor(x)", "spower(x, 2)",
            "ssqrt(ABS(x))", "x > y", "a BETWEEN -100 AND 100",
        ],
    }],
    "outputs": ["OUT"],
    "tolerance": {"OUT.X_SQ": 1e-12, "OUT.X_ROOT": 1e-12},
}
