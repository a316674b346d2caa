-- fan_out: one source read by two pumps into two destination streams, as in queries/11.
-- Covers: fan-out; a filtering projection with arithmetic and a BOOLEAN column into
--   "HOT" and a one-minute FLOOR aggregation into "PER_MINUTE", each written to its own
--   --output file; late rows reported once (they concern the source, not a pump).

CREATE OR REPLACE STREAM "MACHINES" (
    TS   TIMESTAMP,
    DEV  VARCHAR(4),
    TEMP DOUBLE,
    OK   BOOLEAN
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "HOT" (
    TS     TIMESTAMP,
    DEV    VARCHAR(4),
    TEMP   DOUBLE,
    TEMP_F DOUBLE,
    OK     BOOLEAN
);

CREATE OR REPLACE STREAM "PER_MINUTE" (
    MINUTE_START TIMESTAMP,
    DEV          VARCHAR(4),
    READINGS     INTEGER,
    NOT_OK       INTEGER,
    MAX_TEMP     DOUBLE
);

CREATE OR REPLACE PUMP "HOT_PUMP" AS
    INSERT INTO "HOT"
    SELECT STREAM TS, DEV, TEMP, TEMP * 9 / 5 + 32, OK
    FROM "MACHINES"
    WHERE TEMP > 90 OR NOT OK;

CREATE OR REPLACE PUMP "MINUTE_PUMP" AS
    INSERT INTO "PER_MINUTE"
    SELECT STREAM
        FLOOR("MACHINES".ROWTIME TO MINUTE),
        DEV,
        COUNT(*),
        SUM(CASE WHEN OK THEN 0 ELSE 1 END),
        MAX(TEMP)
    FROM "MACHINES"
    GROUP BY DEV, FLOOR("MACHINES".ROWTIME TO MINUTE);
