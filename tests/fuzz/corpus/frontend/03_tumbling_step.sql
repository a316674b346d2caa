-- 03_tumbling_step.sql
--
-- Computes: per ticker symbol and one-minute tumbling window: the number of trades,
--   lowest, highest and average price and the summed price change.
-- Input:    examples/data/ticker.jsonl (3,000 trades over 10 minutes of event time,
--   11 symbols). Event time from the file's event_time column, 5 s allowed disorder.
-- Pattern:  KDA tumbling window, GROUP BY ticker_symbol,
--   STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND). The STEP term in
--   the select list gives the window start; unqualified ROWTIME in the select list is
--   the output row's ROWTIME, i.e. the window end, as in the KDA developer guide
--   example (SELECT STREAM ROWTIME, Ticker_Symbol, MIN(Price) ...).
--   Expected: 10 windows x 11 symbols = 110 rows.

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
    WINDOW_START  TIMESTAMP,
    WINDOW_END    TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    TRADE_COUNT   INTEGER,
    MIN_PRICE     REAL,
    MAX_PRICE     REAL,
    AVG_PRICE     DOUBLE,
    NET_CHANGE    REAL
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND) AS WINDOW_START,
        ROWTIME AS WINDOW_END,
        ticker_symbol,
        COUNT(*)    AS TRADE_COUNT,
        MIN(price)  AS MIN_PRICE,
        MAX(price)  AS MAX_PRICE,
        AVG(price)  AS AVG_PRICE,
        SUM(change) AS NET_CHANGE
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol,
             STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);
