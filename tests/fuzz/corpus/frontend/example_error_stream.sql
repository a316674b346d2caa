-- examples/error_stream.sql: what happens to bad input (the error stream).
--
-- Run (from the repository root):
--     streamsql run examples/error_stream.sql                      # errors on stderr
--     streamsql run examples/error_stream.sql --errors errors.jsonl  # errors to a file
--
-- What it does: the demo's per-minute ticker aggregation, over
-- examples/data/ticker_dirty.jsonl: 24 lines, of which 8 cannot be used. Each of
-- those becomes one JSON record of the error stream (error_time, kind, message,
-- stream, position = file line, data = the raw line); the run goes on and exits 0.
--
--   line  4   parse    the record is cut off mid-object
--   line  6   parse    not JSON at all (a CSV line)
--   line  8   convert  "price": "forty-eight" is not a REAL
--   line 10   rowtime  no event_time key
--   line 12   rowtime  event_time "yesterday at noon" is not a timestamp
--   line 14   parse    a JSON array, not an object
--   line 17   late     10:00:10, after a 10:00:25 row: below the watermark 10:00:20
--   line 21   convert  "price" is a JSON object
--
-- Not errors: line 18's 7-character symbol "TOOLONG" is cut to VARCHAR(4) "TOOL"
-- (the summary counts the cut), line 19's null price and missing sector are NULLs
-- (COUNT(*) counts the row, AVG skips the price), and line 20's event_time is a JSON
-- number, read as epoch milliseconds (10:00:35).
--
-- Expected output on stdout: 8 JSON lines. Window 10:00: ABCD 5 trades (AVG over the
-- 4 non-null prices), OILY 3, QRS 2, SHOP 2, HLTH 1, TOOL 1; window 10:01: ABCD 1,
-- OILY 1. The summary on stderr counts 16 rows accepted and 8 errors: 3 parse,
-- 2 convert, 2 rowtime, 1 late.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    CHANGE        REAL,
    PRICE         REAL,
    EVENT_TIME    TIMESTAMP
) WITH (
    FILE            = 'examples/data/ticker_dirty.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

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
