-- hop_basic: hopping windows (extension), 30 s long, every 10 s, per key.
-- Covers: HOP(ROWTIME, INTERVAL '10' SECOND, INTERVAL '30' SECOND): each row in the
--   three windows containing it; windows aligned to the epoch (the first ones start
--   before the data); rows exactly on 10 s multiples; HOP(...) in the select list as
--   the window start, ROWTIME as the end; SUM of a DOUBLE (tolerance 1e-12); late rows.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    K  VARCHAR(2),
    X  DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WIN_START TIMESTAMP,
    WIN_END   TIMESTAMP,
    K         VARCHAR(2),
    N         INTEGER,
    SUM_X     DOUBLE,
    MIN_X     DOUBLE,
    MAX_X     DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        HOP(ROWTIME, INTERVAL '10' SECOND, INTERVAL '30' SECOND),
        ROWTIME,
        K,
        COUNT(*),
        SUM(X),
        MIN(X),
        MAX(X)
    FROM "S"
    GROUP BY K, HOP(ROWTIME, INTERVAL '10' SECOND, INTERVAL '30' SECOND);
