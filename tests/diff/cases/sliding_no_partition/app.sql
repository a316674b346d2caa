-- sliding_no_partition: sliding windows over the whole stream (no PARTITION BY), after
-- a WHERE.
-- Covers: WHERE filters rows before the window (filtered rows are neither output nor
--   counted); RANGE INTERVAL '1' MINUTE PRECEDING with COUNT(*), MIN, MAX, STDDEV_POP
--   and VAR_SAMP of a DOUBLE (tolerance 1e-12; VAR_SAMP of the first row is NULL);
--   ROWS 2 PRECEDING with SUM; 'YYYY-MM-DD HH:MM:SS.fff' timestamps; late rows.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    V  INTEGER,
    D  DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TS        TIMESTAMP,
    V         INTEGER,
    N_1M      BIGINT,
    MIN_V_1M  INTEGER,
    MAX_V_1M  INTEGER,
    SD_POP_1M DOUBLE,
    VAR_S_1M  DOUBLE,
    SUM_V_3   INTEGER
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        TS,
        V,
        COUNT(*)      OVER (RANGE INTERVAL '1' MINUTE PRECEDING),
        MIN(V)        OVER (RANGE INTERVAL '1' MINUTE PRECEDING),
        MAX(V)        OVER (RANGE INTERVAL '1' MINUTE PRECEDING),
        STDDEV_POP(D) OVER (RANGE INTERVAL '1' MINUTE PRECEDING),
        VAR_SAMP(D)   OVER (RANGE INTERVAL '1' MINUTE PRECEDING),
        SUM(V)        OVER (ROWS 2 PRECEDING)
    FROM "S"
    WHERE V > 0;
