-- examples/kafka_repartition.sql: re-partitioning, stage 1 of 2 (the re-key).
-- Stage 2 is kafka_repartition_count.sql.
--
-- Why two stages: topic `clicks` is keyed by user (the producer's choice), and the
-- question is per event type. Aggregating by event type straight from `clicks`
-- would put each (event type, window) group's rows in every partition; when
-- partitions move between processes, such groups are split and counted wrong
-- (docs/KAFKA.md, "Keys and exactness"). So this stage only re-keys: it copies each
-- click to topic `clicks-by-type` with the message key EVENT_TYPE, so that all
-- clicks of one event type land in one partition; stage 2 aggregates there. Each
-- stage is its own application with its own consumer group, and each can run as
-- several processes.
--
-- Run (from the repository root; docs/KAFKA.md has the walk-through):
--     build/release/streamsql broker --port 9092          # terminal 1
--     sed -E 's/.*"user_id": "([^"]*)".*/\1\t&/' examples/data/clickstream.jsonl |
--         kcat -b localhost:9092 -t clicks -P -K$'\t'      # 1,832 clicks keyed by user
--     build/release/streamsql run examples/kafka_repartition.sql
--     build/release/streamsql run examples/kafka_repartition_count.sql
--     kcat -b localhost:9092 -t clicks-per-type -C -e -q -f '%k %s\n'
--
-- Expected: this stage writes 1,832 messages to `clicks-by-type`, one per click,
-- in event-time order per partition, keyed by event type:
--   page_view {"EVENT_TIME":"2026-11-22 10:00:25.676","EVENT_TYPE":"page_view","USER_ID":"u1287",...}
-- STOP_AT_END = TRUE ends the run once `clicks` is read to its end; remove it
-- (or --set CLICKS.STOP_AT_END=FALSE) to keep re-keying until Ctrl-C.

CREATE OR REPLACE STREAM CLICKS (
    EVENT_TIME TIMESTAMP,
    USER_ID    VARCHAR(8),
    EVENT_TYPE VARCHAR(16),
    PAGE       VARCHAR(64),
    DEVICE     VARCHAR(8),
    AMOUNT     DECIMAL(8,2)
) WITH (
    KAFKA_TOPIC     = 'clicks',
    ROWTIME         = 'EVENT_TIME',
    -- Clicks are up to 2.5 s out of order; this stage emits them sorted.
    WATERMARK_DELAY = INTERVAL '3' SECOND,
    STOP_AT_END     = TRUE
);

-- Event time travels as a column: the ROWTIME of a row is not in the message,
-- and the message timestamp is the time this stage produced it.
CREATE OR REPLACE STREAM CLICKS_BY_TYPE (
    EVENT_TIME TIMESTAMP,
    EVENT_TYPE VARCHAR(16),
    USER_ID    VARCHAR(8),
    PAGE       VARCHAR(64),
    DEVICE     VARCHAR(8),
    AMOUNT     DECIMAL(8,2)
) WITH (
    KAFKA_TOPIC = 'clicks-by-type',
    KAFKA_KEY   = 'EVENT_TYPE'
);

CREATE OR REPLACE PUMP REKEY AS
    INSERT INTO CLICKS_BY_TYPE
    SELECT STREAM EVENT_TIME, EVENT_TYPE, USER_ID, PAGE, DEVICE, AMOUNT
    FROM CLICKS;
