-- examples/sliding_anomaly.sql: price anomalies against a sliding average.
--
-- Run (from the repository root):
--     streamsql run examples/sliding_anomaly.sql
--
-- What it does: for every trade in examples/data/ticker.jsonl it computes the
-- average price of the same symbol over the minute up to and including the trade
-- (a sliding window: one result per trade), then keeps the trades whose price is
-- more than 5% away from that average. The data has four such one-tick spikes.
--
-- Expected output on stdout: exactly 4 JSON lines, in event-time order:
--   {"TRADE_TIME": "2026-11-22 10:02:08.138", "TICKER_SYMBOL": "NVX",  "PRICE": 361.23,
--    "AVG_PRICE_1M": 316.04, "DEVIATION_PCT": 14.30, "TRADES_1M": 34}
--   {"TRADE_TIME": "2026-11-22 10:04:18.163", "TICKER_SYMBOL": "OILY", "PRICE": 47.98,
--    "AVG_PRICE_1M": 54.68, "DEVIATION_PCT": -12.25, "TRADES_1M": 33}
--   {"TRADE_TIME": "2026-11-22 10:06:43.173", "TICKER_SYMBOL": "FINX", "PRICE": 160.01,
--    "AVG_PRICE_1M": 140.72, "DEVIATION_PCT": 13.71, "TRADES_1M": 30}
--   {"TRADE_TIME": "2026-11-22 10:08:36.029", "TICKER_SYMBOL": "MDX",  "PRICE": 17.07,
--    "AVG_PRICE_1M": 19.90, "DEVIATION_PCT": -14.21, "TRADES_1M": 18}
-- (DECIMAL values may print as 19.9 rather than 19.90.)
--
-- How: two pumps. The first writes every trade with its sliding statistics to the
-- in-application stream "PRICE_VS_AVERAGE" (not printed: a pump reads it); the
-- second filters that stream into DESTINATION_SQL_STREAM. A WHERE clause cannot
-- use the OVER aggregates of its own SELECT, hence the intermediate stream.

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

CREATE OR REPLACE STREAM "PRICE_VS_AVERAGE" (
    TICKER_SYMBOL VARCHAR(4),
    PRICE         REAL,
    AVG_PRICE_1M  DOUBLE,
    TRADES_1M     INTEGER
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    TRADE_TIME    TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    PRICE         REAL,
    AVG_PRICE_1M  DECIMAL(10,2),
    DEVIATION_PCT DECIMAL(6,2),
    TRADES_1M     INTEGER
);

CREATE OR REPLACE PUMP "SLIDING_AVG_PUMP" AS
    INSERT INTO "PRICE_VS_AVERAGE"
    SELECT STREAM
        TICKER_SYMBOL,
        PRICE,
        AVG(PRICE) OVER W1,
        COUNT(*)   OVER W1
    FROM "SOURCE_SQL_STREAM_001"
    WINDOW W1 AS (PARTITION BY TICKER_SYMBOL RANGE INTERVAL '1' MINUTE PRECEDING);

CREATE OR REPLACE PUMP "ANOMALY_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        "PRICE_VS_AVERAGE".ROWTIME,
        TICKER_SYMBOL,
        PRICE,
        CAST(AVG_PRICE_1M AS DECIMAL(10,2)),
        CAST(100 * (PRICE - AVG_PRICE_1M) / AVG_PRICE_1M AS DECIMAL(6,2)),
        TRADES_1M
    FROM "PRICE_VS_AVERAGE"
    WHERE TRADES_1M >= 5
      AND ABS(PRICE - AVG_PRICE_1M) > 0.05 * AVG_PRICE_1M;
