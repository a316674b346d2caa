-- project_functions: scalar expressions in a non-aggregating pump.
-- Covers: UPPER, LOWER, TRIM, SUBSTRING(... FROM ... FOR ...), POSITION(... IN ...),
--   CHAR_LENGTH of non-ASCII text, || with a cut to VARCHAR(10) counted in characters,
--   CASE with and without ELSE, CAST(DOUBLE AS INTEGER) (truncates toward zero),
--   CAST(DOUBLE AS DECIMAL(8,2)) (rounds; the data has no ties), CAST(INTEGER AS
--   VARCHAR), COALESCE, NULLIF, ABS, MOD and / on negative integers (truncating),
--   ROUND(x, 1), CEIL, FLOOR, POWER and SQRT (tolerance 1e-12), comparisons and BETWEEN
--   into BOOLEAN; NULL propagation through all of them.

CREATE OR REPLACE STREAM "S" (
    TS   TIMESTAMP,
    NAME VARCHAR(16),
    CITY VARCHAR(16),
    CODE VARCHAR(2),
    A    INTEGER,
    B    INTEGER,
    X    DOUBLE,
    Y    DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TS        TIMESTAMP,
    UNAME     VARCHAR(16),
    LNAME     VARCHAR(16),
    SUB       VARCHAR(3),
    POS_A     INTEGER,
    CITY_LEN  INTEGER,
    PLACE     VARCHAR(10),
    BAND      VARCHAR(4),
    SIGN_TAG  VARCHAR(4),
    X_INT     INTEGER,
    X_DEC     DECIMAL(8,2),
    A_TEXT    VARCHAR(5),
    WHO       VARCHAR(16),
    A_NZ      INTEGER,
    ABS_DIFF  INTEGER,
    A_MOD_B   INTEGER,
    A_DIV_B   INTEGER,
    X_R1      DOUBLE,
    X_CEIL    DOUBLE,
    X_FLOOR   DOUBLE,
    X_SQ      DOUBLE,
    X_ROOT    DOUBLE,
    X_GT_Y    BOOLEAN,
    A_SMALL   BOOLEAN
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        TS,
        UPPER(TRIM(NAME)),
        LOWER(NAME),
        SUBSTRING(TRIM(NAME) FROM 2 FOR 3),
        POSITION('a' IN NAME),
        CHAR_LENGTH(CITY),
        CITY || '/' || CODE,
        CASE WHEN A > 500 THEN 'high' WHEN A > 0 THEN 'mid' ELSE 'low' END,
        CASE WHEN A < 0 THEN 'neg' END,
        CAST(X AS INTEGER),
        CAST(X AS DECIMAL(8,2)),
        CAST(A AS VARCHAR(5)),
        COALESCE(TRIM(NAME), 'anon'),
        NULLIF(A, 0),
        ABS(A - B),
        MOD(A, B),
        A / B,
        ROUND(X, 1),
        CEIL(X),
        FLOOR(X),
        POWER(X, 2),
        SQRT(ABS(X)),
        X > Y,
        A BETWEEN -100 AND 100
    FROM "S";
