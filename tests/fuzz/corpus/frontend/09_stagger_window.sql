-- 09_stagger_window.sql
--
-- Computes: per ticker symbol and event-time minute, how many trades there were and
--   their average price, with one window per (minute, symbol) key that opens at the
--   key's first trade and lasts one minute.
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay.
-- Pattern:  KDA stagger window:
--   WINDOWED BY STAGGER (PARTITION BY FLOOR(event_time TO MINUTE), ticker_symbol
--                        RANGE INTERVAL '1' MINUTE)
--   in place of GROUP BY; the partition keys are the grouping, so the select list
--   may name them (FLOOR(event_time TO MINUTE) and ticker_symbol) beside aggregates.
--   Unqualified ROWTIME in the select list is the output row's ROWTIME: for a stagger
--   window that is t0 + 1 minute, where t0 is the ROWTIME of the key's first row.
--   Expected: 110 rows (10 minutes x 11 symbols), counts equal to 03_tumbling_step.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    CHANGE        REAL,
    PRICE         REAL,
    EVENT_TIME    TIMESTAMP
) WITH (
    FILE            = 'examples/data/ticker.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    TICKER_SYMBOL VARCHAR(4),
    EVENT_MINUTE  TIMESTAMP,
    WINDOW_CLOSE  TIMESTAMP,
    TICKER_COUNT  INTEGER,
    AVG_PRICE     DOUBLE
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        ticker_symbol,
        FLOOR(event_time TO MINUTE) AS event_minute,
        ROWTIME                     AS window_close,
        COUNT(*)                    AS ticker_count,
        AVG(price)                  AS avg_price
    FROM "SOURCE_SQL_STREAM_001"
    WINDOWED BY STAGGER (
        PARTITION BY FLOOR(event_time TO MINUTE), ticker_symbol
        RANGE INTERVAL '1' MINUTE);
