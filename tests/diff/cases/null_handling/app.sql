-- null_handling: NULLs through WHERE, GROUP BY and every aggregate.
-- Covers: a NULL grouping key (JSON null or the key missing) forms one group of its
--   own; a (minute, key) group whose values are all NULL: SUM, AVG, MIN, MAX NULL,
--   COUNT(x) 0, COUNT(*) counted; COUNT(DISTINCT) skips NULL; a WHERE comparing a
--   nullable column keeps only rows where it is true (X > -30 drops NULL X too, but the
--   OR keeps rows with a non-NULL D); COALESCE over an aggregate.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    K  VARCHAR(2),
    X  INTEGER,
    D  DOUBLE,
    S  VARCHAR(2)
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    MINUTE_START TIMESTAMP,
    K            VARCHAR(2),
    N            INTEGER,
    N_X          INTEGER,
    SUM_X        INTEGER,
    AVG_X        INTEGER,
    MIN_X        INTEGER,
    MAX_X        INTEGER,
    SUM_D        DOUBLE,
    AVG_D        DOUBLE,
    DISTINCT_S   INTEGER,
    SUM_X_OR_0   INTEGER
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        FLOOR("S".ROWTIME TO MINUTE),
        K,
        COUNT(*),
        COUNT(X),
        SUM(X),
        AVG(X),
        MIN(X),
        MAX(X),
        SUM(D),
        AVG(D),
        COUNT(DISTINCT S),
        COALESCE(SUM(X), 0)
    FROM "S"
    WHERE X > -30 OR D IS NOT NULL OR X IS NULL AND D IS NULL
    GROUP BY K, FLOOR("S".ROWTIME TO MINUTE);
