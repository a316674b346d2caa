-- examples/kafka_repartition_count.sql: re-partitioning, stage 2 of 2 (the
-- aggregate). Stage 1, kafka_repartition.sql, says why and how to run both.
--
-- What it does: reads `clicks-by-type` (every click, keyed by EVENT_TYPE) and
-- writes, per event type and five-minute tumbling window of event time, the number
-- of events, of distinct users and the revenue (sum of purchase amounts; NULL for
-- types without amounts) to topic `clicks-per-type`, keyed by event type. The input
-- is keyed by the GROUP BY key, so this stage can run as several processes of
-- one consumer group and stay exact when partitions move between them.
--
-- Expected: 43 messages, 9 windows from 10:00 to 10:40 (not every type occurs in
-- every window); the first window holds, among others:
--   page_view {"WINDOW_START":"2026-11-22 10:00:00.000","EVENT_TYPE":"page_view","EVENTS":132,"USERS":31,"REVENUE":null}
--   purchase {"WINDOW_START":"2026-11-22 10:00:00.000","EVENT_TYPE":"purchase","EVENTS":3,"USERS":3,"REVENUE":508.77}

CREATE OR REPLACE STREAM CLICKS_BY_TYPE (
    EVENT_TIME TIMESTAMP,
    EVENT_TYPE VARCHAR(16),
    USER_ID    VARCHAR(8),
    PAGE       VARCHAR(64),
    DEVICE     VARCHAR(8),
    AMOUNT     DECIMAL(8,2)
) WITH (
    KAFKA_TOPIC     = 'clicks-by-type',
    ROWTIME         = 'EVENT_TIME',
    -- Stage 1 writes each partition in event-time order; when stage 1 runs as
    -- several processes, their writes interleave, out of order by as much as the
    -- processes' watermarks differ. The delay must cover that, or the rows
    -- behind go to the error stream as late.
    WATERMARK_DELAY = INTERVAL '10' SECOND,
    STOP_AT_END     = TRUE
);

CREATE OR REPLACE STREAM CLICKS_PER_TYPE (
    WINDOW_START TIMESTAMP,
    EVENT_TYPE   VARCHAR(16),
    EVENTS       BIGINT,
    USERS        BIGINT,
    REVENUE      DECIMAL(10,2)
) WITH (
    KAFKA_TOPIC = 'clicks-per-type',
    KAFKA_KEY   = 'EVENT_TYPE'
);

CREATE OR REPLACE PUMP COUNT_BY_TYPE AS
    INSERT INTO CLICKS_PER_TYPE
    SELECT STREAM
        STEP(CLICKS_BY_TYPE.ROWTIME BY INTERVAL '5' MINUTE) AS WINDOW_START,
        EVENT_TYPE,
        COUNT(*)                AS EVENTS,
        COUNT(DISTINCT USER_ID) AS USERS,
        SUM(AMOUNT)             AS REVENUE
    FROM CLICKS_BY_TYPE
    GROUP BY EVENT_TYPE, STEP(CLICKS_BY_TYPE.ROWTIME BY INTERVAL '5' MINUTE);
