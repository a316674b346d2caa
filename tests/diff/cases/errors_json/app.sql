-- errors_json: every kind of bad JSON record, and the run goes on.
-- Covers: kind parse (a record cut off, a CSV line, an array, a bare string, a bare
--   number, NaN, a trailing comma, single quotes); kind convert ('abc' and true for a
--   DOUBLE, 1.5 and 3000000000 for an INTEGER, an object and an array for a VARCHAR);
--   kind rowtime (the key missing, null, 'yesterday', hour 25, a boolean); kind late;
--   and records that are fine: "42"/"12.5" strings into INTEGER/DOUBLE (CAST of the
--   text), 7.0 into an INTEGER, keys in other letter cases.

CREATE OR REPLACE STREAM "ORDERS" (
    TS    TIMESTAMP,
    NAME  VARCHAR(8),
    QTY   INTEGER,
    PRICE DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WIN_START TIMESTAMP,
    NAME      VARCHAR(8),
    ORDERS    INTEGER,
    QTY       INTEGER,
    MAX_PRICE DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("ORDERS".ROWTIME BY INTERVAL '10' SECOND),
        NAME,
        COUNT(*),
        SUM(QTY),
        MAX(PRICE)
    FROM "ORDERS"
    GROUP BY NAME, STEP("ORDERS".ROWTIME BY INTERVAL '10' SECOND);
