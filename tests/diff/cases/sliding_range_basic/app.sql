-- sliding_range_basic: a RANGE sliding window of 10 seconds per key.
-- Covers: OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING): one output row
--   per input row; the frame holds the partition's rows with ROWTIME in [t - 10 s, t]
--   (rows exactly 10 s earlier are in), processed so far (a later row with the same
--   ROWTIME is not in the earlier row's frame); COUNT(*), SUM/AVG (truncated)/MIN/MAX
--   of an INTEGER, SUM of a DOUBLE (tolerance 1e-12); s.ROWTIME in the select list;
--   rows out of order within the delay; late rows.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    K  VARCHAR(2),
    V  INTEGER,
    D  DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TS     TIMESTAMP,
    K      VARCHAR(2),
    V      INTEGER,
    N_10S  BIGINT,
    SUM_V  INTEGER,
    AVG_V  INTEGER,
    MIN_V  INTEGER,
    MAX_V  INTEGER,
    SUM_D  DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        "S".ROWTIME,
        K,
        V,
        COUNT(*) OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING),
        SUM(V)   OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING),
        AVG(V)   OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING),
        MIN(V)   OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING),
        MAX(V)   OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING),
        SUM(D)   OVER (PARTITION BY K RANGE INTERVAL '10' SECOND PRECEDING)
    FROM "S";
