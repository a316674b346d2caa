-- tumble_floor_second: one-second tumbling windows via FLOOR(s.ROWTIME TO SECOND),
-- no grouping key (one group per window).
-- Covers: FLOOR ... TO SECOND; ROWTIME from JSON numbers (epoch milliseconds); many
--   small windows; SUM/MIN/MAX of a DOUBLE (SUM compared with a relative tolerance of
--   1e-12: summation order may differ); 8 late rows with a 1 s delay.

CREATE OR REPLACE STREAM "SAMPLES" (
    T  TIMESTAMP,
    V  DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 't',
    WATERMARK_DELAY = INTERVAL '1' SECOND
);

CREATE OR REPLACE STREAM "PER_SECOND" (
    SEC    TIMESTAMP,
    N      INTEGER,
    SUM_V  DOUBLE,
    MIN_V  DOUBLE,
    MAX_V  DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "PER_SECOND"
    SELECT STREAM
        FLOOR("SAMPLES".ROWTIME TO SECOND),
        COUNT(*),
        SUM(V),
        MIN(V),
        MAX(V)
    FROM "SAMPLES"
    GROUP BY FLOOR("SAMPLES".ROWTIME TO SECOND);
