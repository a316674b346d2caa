-- tumble_floor_hour: one-hour tumbling windows via FLOOR(s.ROWTIME TO HOUR) per sensor.
-- Covers: FLOOR ... TO HOUR over 6 hours of data; ROWTIME from a mix of epoch-ms JSON
--   numbers and ISO-8601 strings without Z; AVG of a DOUBLE (tolerance 1e-12), MIN,
--   MAX, COUNT(x) with NULL readings; a 2-minute delay with rows up to 90 s out of
--   order; 5 late rows.

CREATE OR REPLACE STREAM "READINGS" (
    TS     TIMESTAMP,
    SENSOR VARCHAR(4),
    TEMP   DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' MINUTE
);

CREATE OR REPLACE STREAM "HOURLY" (
    HOUR_START TIMESTAMP,
    HOUR_END   TIMESTAMP,
    SENSOR     VARCHAR(4),
    READINGS   INTEGER,
    VALID      INTEGER,
    AVG_TEMP   DOUBLE,
    MIN_TEMP   DOUBLE,
    MAX_TEMP   DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "HOURLY"
    SELECT STREAM
        FLOOR("READINGS".ROWTIME TO HOUR) AS HOUR_START,
        ROWTIME AS HOUR_END,
        SENSOR,
        COUNT(*),
        COUNT(TEMP),
        AVG(TEMP),
        MIN(TEMP),
        MAX(TEMP)
    FROM "READINGS"
    GROUP BY SENSOR, FLOOR("READINGS".ROWTIME TO HOUR);
