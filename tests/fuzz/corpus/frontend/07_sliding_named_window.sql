-- 07_sliding_named_window.sql
--
-- Computes: for every trade, statistics of its symbol over the last 10 seconds:
--   lowest, highest and average price, summed change, number of trades, the price
--   the 10 seconds opened with (FIRST_VALUE) and the latest price (LAST_VALUE, which
--   is the current row's price, since the window ends at the current row).
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay.
-- Pattern:  KDA sliding window through a named window specification:
--   WINDOW W1 AS (PARTITION BY ticker_symbol RANGE INTERVAL '10' SECOND PRECEDING),
--   used by several aggregates as OVER W1 (the form in the KDA WINDOW clause
--   reference). FIRST_VALUE/LAST_VALUE are used with OVER, as KDA required.

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
    PRICE         REAL,
    MIN_PRICE     REAL,
    MAX_PRICE     REAL,
    AVG_PRICE     DOUBLE,
    SUM_CHANGE    REAL,
    TRADES        BIGINT,
    OPEN_PRICE    REAL,
    LAST_PRICE    REAL
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        ticker_symbol,
        price,
        MIN(price)         OVER W1 AS min_price,
        MAX(price)         OVER W1 AS max_price,
        AVG(price)         OVER W1 AS avg_price,
        SUM(change)        OVER W1 AS sum_change,
        COUNT(*)           OVER W1 AS trades,
        FIRST_VALUE(price) OVER W1 AS open_price,
        LAST_VALUE(price)  OVER W1 AS last_price
    FROM "SOURCE_SQL_STREAM_001"
    WINDOW W1 AS (
        PARTITION BY ticker_symbol
        RANGE INTERVAL '10' SECOND PRECEDING);
