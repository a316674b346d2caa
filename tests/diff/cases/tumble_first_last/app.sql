-- tumble_first_last: FIRST_VALUE and LAST_VALUE in 10-second STEP windows per key.
-- Covers: first/last in processing order (ROWTIME order, ties in arrival order), not
--   in arrival order: a third of the rows arrive up to 4 s late (delay 5 s); ties with
--   different values; NULL values, which FIRST_VALUE/LAST_VALUE return when the
--   first/last row has one (RESPECT NULLS, the SQL default).

CREATE OR REPLACE STREAM "EVENTS" (
    TS  TIMESTAMP,
    K   VARCHAR(4),
    V   INTEGER,
    TAG VARCHAR(8)
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WIN_START TIMESTAMP,
    K         VARCHAR(4),
    N         INTEGER,
    FIRST_V   INTEGER,
    LAST_V    INTEGER,
    FIRST_TAG VARCHAR(8),
    LAST_TAG  VARCHAR(8)
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("EVENTS".ROWTIME BY INTERVAL '10' SECOND),
        K,
        COUNT(*),
        FIRST_VALUE(V),
        LAST_VALUE(V),
        FIRST_VALUE(TAG),
        LAST_VALUE(TAG)
    FROM "EVENTS"
    GROUP BY K, STEP("EVENTS".ROWTIME BY INTERVAL '10' SECOND);
