-- stagger_basic: KDA stagger windows of one minute per key.
-- Covers: WINDOWED BY STAGGER (PARTITION BY K RANGE INTERVAL '1' MINUTE): a window
--   opens at the ROWTIME t0 of the key's first row, holds its rows in [t0, t0 + 1 min),
--   and the first row at or after t0 + 1 min (some exactly at it) opens the next one at
--   its own ROWTIME; the output ROWTIME is t0 + 1 min (so MIN(TS) = WINDOW_CLOSE - 1 min);
--   keys with long pauses; late rows.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    K  VARCHAR(8),
    V  INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    K            VARCHAR(8),
    WINDOW_CLOSE TIMESTAMP,
    FIRST_TS     TIMESTAMP,
    LAST_TS      TIMESTAMP,
    N            INTEGER,
    SUM_V        INTEGER,
    AVG_V        INTEGER
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        K,
        ROWTIME,
        MIN(TS),
        MAX(TS),
        COUNT(*),
        SUM(V),
        AVG(V)
    FROM "S"
    WINDOWED BY STAGGER (
        PARTITION BY K
        RANGE INTERVAL '1' MINUTE);
