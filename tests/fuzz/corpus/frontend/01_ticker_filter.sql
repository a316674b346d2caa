-- 01_ticker_filter.sql
--
-- Computes: the KDA getting-started "continuous filter": every TECHNOLOGY trade
--   whose price went up, passed through unchanged.
-- Input:    examples/data/ticker.jsonl, the stock-ticker demo stream, one JSON object
--   a line: {"event_time": "...", "ticker_symbol": "ABCD", "sector": "TECHNOLOGY",
--   "change": 0.12, "price": 120.12}. Only the four columns of the KDA demo schema
--   are declared; the extra event_time key is not read.
-- Pattern:  SOURCE_SQL_STREAM_001 -> one pump with WHERE -> DESTINATION_SQL_STREAM,
--   SELECT STREAM *. There is no ROWTIME key in WITH, so ROWTIME is the arrival
--   time, as it was on KDA. DESTINATION_SQL_STREAM has no binding: it goes to stdout.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    CHANGE        REAL,
    PRICE         REAL
) WITH (
    FILE   = 'examples/data/ticker.jsonl',
    FORMAT = 'JSON'
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    CHANGE        REAL,
    PRICE         REAL
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM *
    FROM "SOURCE_SQL_STREAM_001"
    WHERE sector = 'TECHNOLOGY' AND change > 0;
