-- 20_select_stream_adhoc.sql
--
-- Computes: an ad-hoc look at the ticker stream: trades of symbols starting with
--   'S' or of any symbol in the RETAIL sector, excluding rows without a sector, with
--   the price in cents.
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay.
-- Pattern:  a bare SELECT STREAM statement with no pump and no destination stream,
--   as typed into the KDA console's SQL editor: its rows go to stdout. Also shows
--   SELECT STREAM ALL, LIKE, NOT, OR, IS NOT NULL and a /* block comment */.

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

/* No pump: the query below runs as it is and prints
   {"TICKER_SYMBOL": ..., "SECTOR": ..., "PRICE_CENTS": ..., "UP": ...} lines. */
SELECT STREAM ALL
    s.ticker_symbol,
    s.sector,
    CAST(ROUND(s.price * 100) AS BIGINT) AS price_cents,
    s.change > 0                         AS up
FROM "SOURCE_SQL_STREAM_001" AS s
WHERE (s.ticker_symbol LIKE 'S%' OR s.sector = 'RETAIL')
  AND s.sector IS NOT NULL
  AND NOT s.change = 0;
