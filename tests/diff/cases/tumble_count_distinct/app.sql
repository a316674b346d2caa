-- tumble_count_distinct: COUNT(DISTINCT ...) in one-minute STEP windows per region.
-- Covers: COUNT(DISTINCT) of strings that differ in case only ('alice', 'Alice',
--   'ALICE' are three values) and of integers, both with NULLs (not counted); COUNT(x)
--   and COUNT(*) beside them.

CREATE OR REPLACE STREAM "VISITS" (
    TS     TIMESTAMP,
    REGION VARCHAR(4),
    "USER" VARCHAR(12),
    ITEM   INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    MINUTE_START   TIMESTAMP,
    REGION         VARCHAR(4),
    VISITS         INTEGER,
    USERS          INTEGER,
    ITEMS          INTEGER,
    VISITS_W_ITEM  INTEGER
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("VISITS".ROWTIME BY INTERVAL '1' MINUTE),
        REGION,
        COUNT(*),
        COUNT(DISTINCT "USER"),
        COUNT(DISTINCT ITEM),
        COUNT(ITEM)
    FROM "VISITS"
    GROUP BY REGION, STEP("VISITS".ROWTIME BY INTERVAL '1' MINUTE);
