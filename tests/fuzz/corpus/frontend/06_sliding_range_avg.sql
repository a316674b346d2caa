-- 06_sliding_range_avg.sql
--
-- Computes: for every trade, the average price and the number of trades of the same
--   symbol over the minute up to and including it (one output row per input row).
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay.
-- Pattern:  KDA sliding window with an inline window specification:
--   AVG(price) OVER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING).
--   "SOURCE_SQL_STREAM_001".ROWTIME (qualified) in the select list is the input
--   row's ROWTIME, here its event time. Expected: 3,000 rows, each emitted once the
--   watermark reaches its ROWTIME.

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
    TRADE_TIME    TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    PRICE         REAL,
    AVG_PRICE_1M  REAL,
    TRADES_1M     INTEGER
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        "SOURCE_SQL_STREAM_001".ROWTIME AS TRADE_TIME,
        ticker_symbol,
        price,
        AVG(price) OVER (PARTITION BY ticker_symbol
                         RANGE INTERVAL '1' MINUTE PRECEDING) AS AVG_PRICE_1M,
        COUNT(*)   OVER (PARTITION BY ticker_symbol
                         RANGE INTERVAL '1' MINUTE PRECEDING) AS TRADES_1M
    FROM "SOURCE_SQL_STREAM_001";
