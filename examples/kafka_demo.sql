-- examples/kafka_demo.sql: the README demo over Kafka, topic in, topic out.
--
-- Run (from the repository root; docs/KAFKA.md has the walk-through):
--     build/release/streamsql broker --port 9092          # terminal 1
--     sed -E 's/.*"ticker_symbol": "([^"]*)".*/\1\t&/' examples/data/ticker.jsonl |
--         kcat -b localhost:9092 -t ticker -P -K$'\t'      # terminal 2: 3,000 messages
--     build/release/streamsql run examples/kafka_demo.sql
--     kcat -b localhost:9092 -t ticker-minutes -C -e -q -f '%k %s\n'
-- Another broker: --set SOURCE_SQL_STREAM_001.KAFKA_BROKERS=HOST:PORT and the same
-- for DESTINATION_SQL_STREAM, or STREAMSQL_KAFKA_BROKERS=HOST:PORT for both.
--
-- What it does: reads the stock-ticker trades from topic `ticker` (one JSON object
-- a message, keyed by ticker symbol) and writes, for each symbol and each
-- one-minute tumbling window of event time, the number of trades and the average,
-- lowest and highest price to topic `ticker-minutes`, keyed by symbol.
--
-- The input is keyed by the GROUP BY key, so every (symbol, minute) group lives in
-- one partition: that is what keeps the results exact when partitions move between
-- processes (docs/KAFKA.md, "Keys and exactness").
--
-- STOP_AT_END = TRUE makes the run end once every partition has been read to its
-- end, flushing the last window: 110 messages (10 windows x 11 symbols), then exit
-- 0. Without it (--set SOURCE_SQL_STREAM_001.STOP_AT_END=FALSE) the application
-- runs until Ctrl-C and writes a window once the watermark passes its end: every
-- partition that is not idle has a trade at least 5 s past it. Ctrl-C then leaves
-- the open windows to the next run of the same consumer group, which completes
-- them. The group defaults to streamsql-kafka_demo-SOURCE_SQL_STREAM_001; after a
-- complete run it has read everything, so to read the topic again give a new one:
--     --set SOURCE_SQL_STREAM_001.KAFKA_GROUP_ID=demo-2
--
-- Expected: the same 110 rows as examples/demo.sql, as messages keyed by symbol
-- (kcat prints them partition by partition; within a partition, windows in order):
--   ABCD {"WINDOW_START":"2026-11-22 10:00:00.000","TICKER_SYMBOL":"ABCD","TRADE_COUNT":34,
--         "AVG_PRICE":119.15736,"MIN_PRICE":118.02,"MAX_PRICE":120.36}

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    TICKER_SYMBOL VARCHAR(4),
    SECTOR        VARCHAR(16),
    CHANGE        REAL,
    PRICE         REAL,
    EVENT_TIME    TIMESTAMP
) WITH (
    KAFKA_TOPIC     = 'ticker',
    -- Event time from the record; without ROWTIME it would be the message timestamp.
    ROWTIME         = 'EVENT_TIME',
    -- A few trades are up to 4 s out of order.
    WATERMARK_DELAY = INTERVAL '5' SECOND,
    STOP_AT_END     = TRUE
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    WINDOW_START  TIMESTAMP,
    TICKER_SYMBOL VARCHAR(4),
    TRADE_COUNT   INTEGER,
    AVG_PRICE     REAL,
    MIN_PRICE     REAL,
    MAX_PRICE     REAL
) WITH (
    KAFKA_TOPIC = 'ticker-minutes',
    -- Results keyed like the input, so a consumer downstream sees each symbol in order.
    KAFKA_KEY   = 'TICKER_SYMBOL'
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
