-- tumble_minmax_types: MIN and MAX over every comparable type, FLOOR(... TO MINUTE).
-- Covers: MIN/MAX of VARCHAR with non-ASCII text (code point order), of REAL (output
--   as single precision), of DECIMAL(9,3) (output with 3 decimals), of a TIMESTAMP
--   column that is not the ROWTIME (given as ISO-8601 with Z or with a space); names
--   longer than VARCHAR(6) are cut to 6 characters (not bytes) on input, before MIN/MAX.

CREATE OR REPLACE STREAM "OBS" (
    TS    TIMESTAMP,
    GRP   VARCHAR(2),
    NAME  VARCHAR(6),
    SCORE REAL,
    PRICE DECIMAL(9,3),
    SEEN  TIMESTAMP
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    MINUTE_START TIMESTAMP,
    GRP          VARCHAR(2),
    MIN_NAME     VARCHAR(6),
    MAX_NAME     VARCHAR(6),
    MIN_SCORE    REAL,
    MAX_SCORE    REAL,
    MIN_PRICE    DECIMAL(9,3),
    MAX_PRICE    DECIMAL(9,3),
    MIN_SEEN     TIMESTAMP,
    MAX_SEEN     TIMESTAMP
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        FLOOR("OBS".ROWTIME TO MINUTE),
        GRP,
        MIN(NAME), MAX(NAME),
        MIN(SCORE), MAX(SCORE),
        MIN(PRICE), MAX(PRICE),
        MIN(SEEN), MAX(SEEN)
    FROM "OBS"
    GROUP BY GRP, FLOOR("OBS".ROWTIME TO MINUTE);
