-- chain_tumble_then_tumble: an aggregate of an aggregate.
-- Covers: 10-second STEP counts per key into an in-application stream whose rows have
--   ROWTIME = window end; a second pump groups those by
--   STEP("PER_10S".ROWTIME BY INTERVAL '1' MINUTE), so the 10 s window
--   [10:00:50, 10:01:00) lands in minute 10:01 (its ROWTIME is 10:01:00): MIN(WIN_START)
--   shows it; empty 10 s windows produce no row (N_WINDOWS < 6); late rows.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    K  VARCHAR(2),
    V  INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "PER_10S" (
    WIN_START TIMESTAMP,
    K         VARCHAR(2),
    N         INTEGER,
    TOTAL     INTEGER
);

CREATE OR REPLACE STREAM "PER_MINUTE" (
    MINUTE_START TIMESTAMP,
    K            VARCHAR(2),
    N_WINDOWS    INTEGER,
    MAX_N        INTEGER,
    MIN_N        INTEGER,
    TOTAL        INTEGER,
    FIRST_START  TIMESTAMP,
    LAST_START   TIMESTAMP
);

CREATE OR REPLACE PUMP "P1" AS
    INSERT INTO "PER_10S"
    SELECT STREAM
        STEP("S".ROWTIME BY INTERVAL '10' SECOND),
        K,
        COUNT(*),
        SUM(V)
    FROM "S"
    GROUP BY K, STEP("S".ROWTIME BY INTERVAL '10' SECOND);

CREATE OR REPLACE PUMP "P2" AS
    INSERT INTO "PER_MINUTE"
    SELECT STREAM
        STEP("PER_10S".ROWTIME BY INTERVAL '1' MINUTE),
        K,
        COUNT(*),
        MAX(N),
        MIN(N),
        SUM(TOTAL),
        MIN(WIN_START),
        MAX(WIN_START)
    FROM "PER_10S"
    GROUP BY K, STEP("PER_10S".ROWTIME BY INTERVAL '1' MINUTE);
