-- examples/demo.sql: the README demo.
--
-- Run (from the repository root):
--     streamsql run examples/demo.sql
--
-- What it does: reads the stock-ticker file examples/data/ticker.jsonl (3,000 trades
-- of 11 symbols over ten minutes, 2026-11-22 10:00-10:10 UTC) and computes, for each
-- symbol and each one-minute tumbling window, the number of trades and the average,
-- lowest and highest price. Event time comes from the file's event_time column; a
-- few rows in the file are up to 4 s out of order, which WATERMARK_DELAY absorbs.
--
-- Expected output on stdout: 110 JSON lines (10 windows x 11 symbols). A window is
-- printed when the watermark passes its end; the rows of one window may come in any
-- order. The first window holds, for instance:
--   {"WINDOW_START": "2026-11-22 10:00:00.000", "TICKER_SYMBOL": "ABCD",
--    "TRADE_COUNT": 34, "AVG_PRICE": 119.157..., "MIN_PRICE": 118.02,
--    "MAX_PRICE": 120.36}
--   {"WINDOW_START": "2026-11-22 10:00:00.000", "TICKER_SYMBOL": "MDX",
--    "TRADE_COUNT": 15, "AVG_PRICE": 19.628..., "MIN_PRICE": 19.53,
--    "MAX_PRICE": 19.74}
-- The run summary (rows in/out, errors, late rows, time) goes to stderr.

-- The source: the KDA demo stream's four columns plus the event-time column.
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

-- The result: no WITH clause and no pump reading it, so it is printed to stdout.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    WINDOW_START  TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    TRADE_COUNT   INTEGER,
    AVG_PRICE     REAL,
    MIN_PRICE     REAL,
    MAX_PRICE     REAL
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE) AS WINDOW_START,
        TICKER_SYMBOL,
        COUNT(*)   AS TRADE_COUNT,
        AVG(PRICE) AS AVG_PRICE,
        MIN(PRICE) AS MIN_PRICE,
        MAX(PRICE) AS MAX_PRICE
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY TICKER_SYMBOL,
             STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
