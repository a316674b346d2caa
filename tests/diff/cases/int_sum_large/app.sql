-- int_sum_large: exact 64-bit integer aggregates.
-- Covers: SUM of BIGINT values around 10^16..5*10^16 (sums near 10^18, beyond the 2^53
--   a DOUBLE holds exactly), AVG of a BIGINT truncated toward zero (negative sums too),
--   MIN and MAX; the output JSON numbers must be exact.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    K  VARCHAR(2),
    N  BIGINT
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '1' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    MINUTE_START TIMESTAMP,
    K            VARCHAR(2),
    N            BIGINT,
    SUM_N        BIGINT,
    AVG_N        BIGINT,
    MIN_N        BIGINT,
    MAX_N        BIGINT
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("S".ROWTIME BY INTERVAL '1' MINUTE),
        K,
        COUNT(*),
        SUM(N),
        AVG(N),
        MIN(N),
        MAX(N)
    FROM "S"
    GROUP BY K, STEP("S".ROWTIME BY INTERVAL '1' MINUTE);
