CASE = {
    "sources": {
        "RAW": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "2 SECOND",
                "columns": [("TS", "TIMESTAMP"), ("SENSOR_ID", "VARCHAR(16)"), ("TEMP_C", "DOUBLE"),
                            ("UNIT", "VARCHAR(2)")]},
    },
    "streams": {
        "READINGS": [("TS", "TIMESTAMP"), ("sensorId", "VARCHAR(10)"), ("TEMP_F", "DOUBLE"), ("NOTE", "VARCHAR(8)")],
    },
    "pumps": [{
        "from": "RAW", "into": "READINGS", "kind": "project", "columns": ["TEMP_F", "sensorId", "TS"],
        "select": ["sdiv(temp_c * 9, 5) + 32", "sensor_id", "ts"],
    }],
    "outputs": ["READINGS"],
}
