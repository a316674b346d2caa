-- 11_fan_out.sql
--
-- Computes: two results from one input stream. "PRICE_ALERTS" gets every trade that
--   moved its symbol's price by more than 1.5% in one tick; "TICKER_VOLUME" gets, per
--   symbol and minute, the number of trades and the first and last trade time.
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay.
-- Pattern:  KDA fan-out: one in-application stream read by two pumps into two
--   destination streams. Both destinations have no binding and are printed to stdout,
--   interleaved; to separate them run e.g.
--     streamsql run queries/11_fan_out.sql --output PRICE_ALERTS=alerts.jsonl
--   Expected: 8 alerts (the four one-tick spikes in the data and the ticks that
--   return from them) and 110 volume rows.

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

CREATE OR REPLACE STREAM "PRICE_ALERTS" (
    EVENT_TIME    TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    PRICE         REAL,
    CHANGE        REAL,
    MOVE_PCT      DECIMAL(6,2)
);

CREATE OR REPLACE STREAM "TICKER_VOLUME" (
    MINUTE_START  TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    TRADES        INTEGER,
    FIRST_TRADE   TIMESTAMP,
    LAST_TRADE    TIMESTAMP
);

CREATE OR REPLACE PUMP "ALERT_PUMP" AS
    INSERT INTO "PRICE_ALERTS"
    SELECT STREAM
        EVENT_TIME,
        TICKER_SYMBOL,
        PRICE,
        CHANGE,
        CAST(100 * CHANGE / (PRICE - CHANGE) AS DECIMAL(6,2))
    FROM "SOURCE_SQL_STREAM_001"
    WHERE PRICE <> CHANGE
      AND ABS(CHANGE / (PRICE - CHANGE)) > 0.015;

CREATE OR REPLACE PUMP "VOLUME_PUMP" AS
    INSERT INTO "TICKER_VOLUME"
    SELECT STREAM
        FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE),
        TICKER_SYMBOL,
        COUNT(*),
        MIN(EVENT_TIME),
        MAX(EVENT_TIME)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY TICKER_SYMBOL, FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);
