-- tumble_step_basic: one-10-second tumbling windows via STEP, per symbol.
-- Covers: STEP(s.ROWTIME BY INTERVAL '10' SECOND) as the window start and unqualified
--   ROWTIME as the window end; COUNT(*), COUNT(x) with NULLs, SUM/MIN/MAX/AVG of an
--   INTEGER (AVG truncated toward zero, with negative values), MAX of a DOUBLE with
--   missing keys; rows out of order within the 3 s delay; 6 late rows.

CREATE OR REPLACE STREAM "TRADES" (
    TS   TIMESTAMP,
    SYM  VARCHAR(8),
    QTY  INTEGER,
    PX   DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WIN_START TIMESTAMP,
    WIN_END   TIMESTAMP,
    SYM       VARCHAR(8),
    N         BIGINT,
    N_QTY     BIGINT,
    SUM_QTY   BIGINT,
    MIN_QTY   INTEGER,
    MAX_QTY   INTEGER,
    AVG_QTY   INTEGER,
    MAX_PX    DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("TRADES".ROWTIME BY INTERVAL '10' SECOND) AS WIN_START,
        ROWTIME AS WIN_END,
        SYM,
        COUNT(*),
        COUNT(QTY),
        SUM(QTY),
        MIN(QTY),
        MAX(QTY),
        AVG(QTY),
        MAX(PX)
    FROM "TRADES"
    GROUP BY SYM, STEP("TRADES".ROWTIME BY INTERVAL '10' SECOND);
