-- 08_csv_rows_window.sql
--
-- Computes: for every trade, over the trade and the 10 trades of the same symbol
--   before it (11 trades): the volume-weighted average price, the simple average
--   price, the average trade size and the net order flow (buys minus sells).
-- Input:    examples/data/trades.csv, CSV with a header row:
--     trade_id,trade_time,ticker_symbol,side,quantity,price,venue
--     100001,2026-11-22 10:00:00.030,QRS,BUY,300,48.44,XNYS
--   2,000 trades over 10 minutes, in time order; venue is empty (NULL) on ~5% of
--   rows and quoted when it holds a comma ("Dark Pool, Inc.").
-- Pattern:  KDA row-based sliding window, OVER (PARTITION BY ... ROWS 10 PRECEDING)
--   (the current row and the 10 before it); CSV binding with HEADER and DELIMITER;
--   event time from a CSV column. AVG of the INTEGER quantity is an INTEGER,
--   truncated toward zero, as on KDA.

CREATE OR REPLACE STREAM "TRADES_STREAM" (
    TRADE_ID      BIGINT,
    TRADE_TIME    TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    SIDE          VARCHAR(4),
    QUANTITY      INTEGER,
    PRICE         DECIMAL(10,2),
    VENUE         VARCHAR(24)
) WITH (
    FILE            = 'examples/data/trades.csv',
    FORMAT          = 'CSV',
    HEADER          = TRUE,
    DELIMITER       = ',',
    ROWTIME         = 'trade_time',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    TRADE_ID      BIGINT,
    TICKER_SYMBOL VARCHAR(4),
    SIDE          VARCHAR(4),
    QUANTITY      INTEGER,
    PRICE         DECIMAL(10,2),
    VWAP_11       DOUBLE,
    SMA_11        DOUBLE,
    AVG_QUANTITY  INTEGER,
    NET_FLOW_11   BIGINT,
    VENUE         VARCHAR(24)
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        TRADE_ID,
        TICKER_SYMBOL,
        SIDE,
        QUANTITY,
        PRICE,
        SUM(CAST(PRICE AS DOUBLE) * QUANTITY)
            OVER (PARTITION BY TICKER_SYMBOL ROWS 10 PRECEDING)
          / SUM(QUANTITY)
            OVER (PARTITION BY TICKER_SYMBOL ROWS 10 PRECEDING)     AS VWAP_11,
        AVG(CAST(PRICE AS DOUBLE))
            OVER (PARTITION BY TICKER_SYMBOL ROWS 10 PRECEDING)     AS SMA_11,
        AVG(QUANTITY)
            OVER (PARTITION BY TICKER_SYMBOL ROWS 10 PRECEDING)     AS AVG_QUANTITY,
        SUM(CASE WHEN SIDE = 'BUY' THEN QUANTITY ELSE -QUANTITY END)
            OVER (PARTITION BY TICKER_SYMBOL ROWS 10 PRECEDING)     AS NET_FLOW_11,
        COALESCE(VENUE, 'UNREPORTED')                               AS VENUE
    FROM "TRADES_STREAM";
