-- chain_project_then_tumble: source -> cleaning pump -> in-application stream ->
-- aggregating pump, as in queries/10.
-- Covers: a multi-pump chain; the first pump filters (WHERE ... IS NOT NULL), trims and
--   upper-cases, defaults with COALESCE, casts a DOUBLE to DECIMAL(10,2) and classifies
--   with CASE; its rows keep the source ROWTIME, so the second pump's
--   STEP("CLEAN".ROWTIME BY INTERVAL '2' MINUTE) groups by event time; SUM and MAX of
--   the DECIMAL; late rows.

CREATE OR REPLACE STREAM "RAW_TICKS" (
    EVENT_TIME    TIMESTAMP,
    TICKER_SYMBOL VARCHAR(8),
    SECTOR        VARCHAR(16),
    PRICE         DOUBLE,
    CHANGE        DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "CLEAN" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    PRICE         DECIMAL(10,2),
    DIRECTION     VARCHAR(4)
);

CREATE OR REPLACE STREAM "BY_SECTOR" (
    PERIOD_START TIMESTAMP,
    SECTOR       VARCHAR(16),
    TRADES       INTEGER,
    SYMBOLS      INTEGER,
    UP_TICKS     INTEGER,
    TURNOVER     DECIMAL(12,2),
    MAX_PRICE    DECIMAL(10,2)
);

CREATE OR REPLACE PUMP "CLEAN_PUMP" AS
    INSERT INTO "CLEAN"
    SELECT STREAM
        UPPER(TRIM(TICKER_SYMBOL)),
        COALESCE(SECTOR, 'UNKNOWN'),
        CAST(PRICE AS DECIMAL(10,2)),
        CASE WHEN CHANGE >= 0 THEN 'UP' ELSE 'DOWN' END
    FROM "RAW_TICKS"
    WHERE PRICE IS NOT NULL;

CREATE OR REPLACE PUMP "AGG_PUMP" AS
    INSERT INTO "BY_SECTOR"
    SELECT STREAM
        STEP("CLEAN".ROWTIME BY INTERVAL '2' MINUTE),
        SECTOR,
        COUNT(*),
        COUNT(DISTINCT TICKER_SYMBOL),
        SUM(CASE WHEN DIRECTION = 'UP' THEN 1 ELSE 0 END),
        SUM(PRICE),
        MAX(PRICE)
    FROM "CLEAN"
    GROUP BY SECTOR, STEP("CLEAN".ROWTIME BY INTERVAL '2' MINUTE);
