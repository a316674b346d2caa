-- insert_column_list: INSERT INTO a stream with a column list, and identifier case.
-- Covers: INSERT INTO "READINGS" (TEMP_F, "sensorId", TS) maps the select items to the
--   named columns, in that order; the unlisted column NOTE is NULL; a quoted
--   mixed-case column keeps its case in the output JSON key, unquoted ones are upper
--   case; JSON keys match columns case-insensitively ("Sensor_ID", "temp_C", "TS");
--   VARCHAR(10) cuts a longer id; DOUBLE arithmetic evaluated left to right.

CREATE OR REPLACE STREAM "RAW" (
    ts        TIMESTAMP,
    sensor_id VARCHAR(16),
    temp_c    DOUBLE,
    unit      VARCHAR(2)
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "READINGS" (
    ts         TIMESTAMP,
    "sensorId" VARCHAR(10),
    temp_f     DOUBLE,
    note       VARCHAR(8)
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "READINGS" (temp_f, "sensorId", ts)
    SELECT STREAM temp_c * 9 / 5 + 32, sensor_id, ts
    FROM "RAW";
