-- 10_multi_pump_chain.sql
--
-- Computes: first cleans each trade (trimmed upper-case symbol, sector 'UNKNOWN'
--   when missing, price as DECIMAL(10,2), move in percent, direction), then
--   aggregates the clean trades per sector over two-minute tumbling windows: trades,
--   up-ticks, average and largest absolute move in percent.
-- Input:    examples/data/ticker.jsonl, event time, 5 s watermark delay.
-- Pattern:  KDA multi-step application: SOURCE_SQL_STREAM_001 -> pump ->
--   in-application stream "CLEAN_TICKS" -> pump with GROUP BY STEP(...) ->
--   DESTINATION_SQL_STREAM. The first pump does not aggregate, so each clean row
--   keeps the source row's ROWTIME, and the second pump's
--   STEP("CLEAN_TICKS".ROWTIME ...) still groups by event time. Only
--   DESTINATION_SQL_STREAM is printed: CLEAN_TICKS is read by a pump.
--   Expected: 5 windows x (5 sectors + 'UNKNOWN') = 30 rows.

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

-- In-application stream: no WITH clause, read by the second pump.
CREATE OR REPLACE STREAM "CLEAN_TICKS" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    PRICE         DECIMAL(10,2),
    CHANGE_PCT    DOUBLE,
    DIRECTION     VARCHAR(4)
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    PERIOD_START       TIMESTAMP,
    SECTOR             VARCHAR(16),
    TRADES             INTEGER,
    UP_TICKS           INTEGER,
    AVG_CHANGE_PCT     DOUBLE,
    MAX_ABS_CHANGE_PCT DOUBLE
);

CREATE OR REPLACE PUMP "CLEAN_PUMP" AS
    INSERT INTO "CLEAN_TICKS"
    SELECT STREAM
        UPPER(TRIM(TICKER_SYMBOL)),
        COALESCE(SECTOR, 'UNKNOWN'),
        CAST(PRICE AS DECIMAL(10,2)),
        CAST(CHANGE AS DOUBLE) * 100 / NULLIF(PRICE - CHANGE, 0),
        CASE WHEN CHANGE >= 0 THEN 'UP' ELSE 'DOWN' END
    FROM "SOURCE_SQL_STREAM_001"
    WHERE PRICE IS NOT NULL
      AND TICKER_SYMBOL IS NOT NULL;

CREATE OR REPLACE PUMP "AGGREGATE_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        STEP("CLEAN_TICKS".ROWTIME BY INTERVAL '2' MINUTE)   AS PERIOD_START,
        SECTOR,
        COUNT(*)                                            AS TRADES,
        SUM(CASE WHEN DIRECTION = 'UP' THEN 1 ELSE 0 END)   AS UP_TICKS,
        AVG(CHANGE_PCT)                                     AS AVG_CHANGE_PCT,
        MAX(ABS(CHANGE_PCT))                                AS MAX_ABS_CHANGE_PCT
    FROM "CLEAN_TICKS"
    GROUP BY SECTOR, STEP("CLEAN_TICKS".ROWTIME BY INTERVAL '2' MINUTE);
