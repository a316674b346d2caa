-- 02_ticker_generator.sql
--
-- Computes: for the big movers in two sectors, the price rounded to cents, the move
--   in percent of the previous price, and a direction label.
-- Input:    the built-in 'ticker' generator (no file needed): the KDA demo schema
--   TICKER_SYMBOL, SECTOR, CHANGE, PRICE; 20,000 rows at 5,000 rows/s, seed 42, so the
--   values are the same on every run. ROWTIME is the arrival time.
-- Pattern:  KDA demo-stream filter with CASE, IN, BETWEEN, NULLIF, CAST to DECIMAL
--   and ROUND; the generator binding stands in for KDA's demo data stream.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    CHANGE        REAL,
    PRICE         REAL
) WITH (
    GENERATOR = 'ticker',
    COUNT     = 20000,
    RATE      = 5000,
    SEED      = 42
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    PRICE         DECIMAL(10,2),
    CHANGE_PCT    DOUBLE,
    MOVE          VARCHAR(4)
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        TICKER_SYMBOL,
        SECTOR,
        CAST(PRICE AS DECIMAL(10,2)) AS PRICE,
        ROUND(100 * CHANGE / NULLIF(PRICE - CHANGE, 0), 3) AS CHANGE_PCT,
        CASE
            WHEN CHANGE > 0 THEN 'UP'
            WHEN CHANGE < 0 THEN 'DOWN'
            ELSE 'FLAT'
        END AS MOVE
    FROM "SOURCE_SQL_STREAM_001"
    WHERE SECTOR IN ('TECHNOLOGY', 'ENERGY')
      AND PRICE BETWEEN 5 AND 1000
      AND ABS(CHANGE) >= 0.5;
