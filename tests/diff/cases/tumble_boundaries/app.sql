-- tumble_boundaries: 5-second STEP windows with no watermark delay.
-- Covers: rows exactly on window starts (t = k * 5 s, which open window k, not close
--   k - 1), 1 ms after them and 1 ms before the next; ties (several rows with the same
--   ROWTIME, equal to the watermark, so accepted); rows 1 ms below the watermark (late).

CREATE OR REPLACE STREAM "EVENTS" (
    TS TIMESTAMP,
    K  VARCHAR(2),
    X  INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '0' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WIN_START TIMESTAMP,
    WIN_END   TIMESTAMP,
    K         VARCHAR(2),
    N         INTEGER,
    SUM_X     INTEGER,
    MIN_X     INTEGER,
    MAX_X     INTEGER,
    FIRST_TS  TIMESTAMP,
    LAST_TS   TIMESTAMP
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("EVENTS".ROWTIME BY INTERVAL '5' SECOND),
        ROWTIME,
        K,
        COUNT(*),
        SUM(X),
        MIN(X),
        MAX(X),
        MIN(TS),
        MAX(TS)
    FROM "EVENTS"
    GROUP BY K, STEP("EVENTS".ROWTIME BY INTERVAL '5' SECOND);
