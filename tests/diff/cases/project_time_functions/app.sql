-- project_time_functions: timestamps in every accepted input form, and time functions.
-- Covers: ROWTIME given as ISO-8601 with and without Z, with 0-3 fractional digits,
--   'YYYY-MM-DD HH:MM:SS[.fff]', and epoch-ms JSON numbers, all printed as
--   'YYYY-MM-DD HH:MM:SS.fff'; FLOOR(ts TO SECOND/MINUTE/HOUR/DAY) in a projection
--   (`check` refuses STEP outside GROUP BY, so it is not used here); TSDIFF with a
--   second, nullable TIMESTAMP column; an ISO-8601 date alone ('2026-11-22') read as
--   midnight; invalid ROWTIMEs (30 February, minute 61, no date: kind rowtime) and
--   invalid other timestamps ('not a time', hour 25: kind convert).

CREATE OR REPLACE STREAM "S" (
    TS   TIMESTAMP,
    SENT TIMESTAMP,
    ID   INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '1' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    ID          INTEGER,
    RT          TIMESTAMP,
    TS          TIMESTAMP,
    SECOND_     TIMESTAMP,
    MINUTE_     TIMESTAMP,
    HOUR_       TIMESTAMP,
    DAY_        TIMESTAMP,
    DELAY_MS    BIGINT,
    SENT        TIMESTAMP
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        ID,
        "S".ROWTIME,
        TS,
        FLOOR(TS TO SECOND),
        FLOOR(TS TO MINUTE),
        FLOOR("S".ROWTIME TO HOUR),
        FLOOR("S".ROWTIME TO DAY),
        TSDIFF(TS, SENT),
        SENT
    FROM "S";
