-- 04_tumbling_floor_sector.sql
--
-- Computes: per sector and minute: trades, distinct symbols traded, sample standard
--   deviation of the price, population variance and range of the price change.
--   Groups with fewer than 20 trades in a minute are left out (HAVING). About 1% of
--   the input rows have no "sector" key: they form a NULL group, labelled 'UNKNOWN'
--   by COALESCE, which HAVING drops (1-8 rows a minute). Expected: 5 sectors x 10
--   minutes = 50 rows.
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay.
-- Pattern:  KDA tumbling window written with FLOOR(... ROWTIME TO MINUTE) in both the
--   select list and GROUP BY; HAVING; COUNT(DISTINCT x), STDDEV_SAMP, VAR_POP,
--   MIN/MAX; COALESCE over a grouping column.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    CHANGE        REAL,
    PRICE         REAL,
    EVENT_TIME    TIMESTAMP
) WITH (
    FILE            = 'examples/data/ticker.jsonl',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    MINUTE_START    TIMESTAMP,
    SECTOR          VARCHAR(16),
    TRADE_COUNT     BIGINT,
    SYMBOLS_TRADED  INTEGER,
    PRICE_STDDEV    DOUBLE,
    CHANGE_VARIANCE DOUBLE,
    MIN_CHANGE      REAL,
    MAX_CHANGE      REAL
);

CREATE OR REPLACE PUMP "SECTOR_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE) AS MINUTE_START,
        COALESCE(SECTOR, 'UNKNOWN')    AS SECTOR,
        COUNT(*)                       AS TRADE_COUNT,
        COUNT(DISTINCT TICKER_SYMBOL)  AS SYMBOLS_TRADED,
        STDDEV_SAMP(PRICE)             AS PRICE_STDDEV,
        VAR_POP(CHANGE)                AS CHANGE_VARIANCE,
        MIN(CHANGE)                    AS MIN_CHANGE,
        MAX(CHANGE)                    AS MAX_CHANGE
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY SECTOR, FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE)
    HAVING COUNT(*) >= 20;
