-- 14_anomaly_zscore.sql
--
-- Computes: trades whose price is more than 5 standard deviations away from the
--   average price of the same symbol over the preceding two minutes (z-score), with
--   the average, the z-score and whether it is a spike or a drop.
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay. The data
--   holds four one-tick price spikes (NVX +15% at 10:02:08, OILY -14% at 10:04:18,
--   FINX +14% at 10:06:43, MDX -15% at 10:08:36).
-- Pattern:  KDA anomaly-style application without RANDOM_CUT_FOREST: a sliding
--   window (named window W, RANGE INTERVAL '2' MINUTE PRECEDING) computes per-row
--   statistics into the in-application stream "PRICE_STATS"; a second pump filters
--   it. The filter needs its own pump because a WHERE clause cannot use the OVER
--   aggregates of its own SELECT. Expected: exactly the four spikes.

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

CREATE OR REPLACE STREAM "PRICE_STATS" (
    TICKER_SYMBOL VARCHAR(4),
    PRICE         REAL,
    AVG_PRICE     DOUBLE,
    STDDEV_PRICE  DOUBLE,
    SAMPLES       INTEGER
);

CREATE OR REPLACE STREAM "ANOMALY_STREAM" (
    TRADE_TIME    TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    PRICE         REAL,
    AVG_PRICE     DECIMAL(10,2),
    Z_SCORE       DECIMAL(6,2),
    KIND          VARCHAR(5)
);

CREATE OR REPLACE PUMP "STATS_PUMP" AS
    INSERT INTO "PRICE_STATS"
    SELECT STREAM
        TICKER_SYMBOL,
        PRICE,
        AVG(PRICE)        OVER W,
        STDDEV_POP(PRICE) OVER W,
        COUNT(PRICE)      OVER W
    FROM "SOURCE_SQL_STREAM_001"
    WINDOW W AS (PARTITION BY TICKER_SYMBOL RANGE INTERVAL '2' MINUTE PRECEDING);

CREATE OR REPLACE PUMP "ANOMALY_PUMP" AS
    INSERT INTO "ANOMALY_STREAM"
    SELECT STREAM
        "PRICE_STATS".ROWTIME,
        TICKER_SYMBOL,
        PRICE,
        CAST(AVG_PRICE AS DECIMAL(10,2)),
        CAST((PRICE - AVG_PRICE) / STDDEV_PRICE AS DECIMAL(6,2)),
        CASE WHEN PRICE > AVG_PRICE THEN 'SPIKE' ELSE 'DROP' END
    FROM "PRICE_STATS"
    WHERE SAMPLES >= 10
      AND STDDEV_PRICE > 0
      AND ABS(PRICE - AVG_PRICE) > 5 * STDDEV_PRICE;
