-- 18_clickstream_user_activity.sql
--
-- Computes: for every click, how many events and purchases the same user had in the
--   hour up to and including it, how much they spent in that hour, and an activity
--   level label; only mobile and desktop traffic.
-- Input:    examples/data/clickstream.jsonl, event time, 5 s watermark delay.
-- Pattern:  KDA per-key sliding window over a long range:
--   COUNT(*) OVER (PARTITION BY user_id RANGE INTERVAL '1' HOUR PRECEDING), with a
--   named window shared by three aggregates and CASE over an OVER aggregate.
--   Expected: one row per mobile/desktop event.

CREATE OR REPLACE STREAM "CLICKSTREAM" (
    EVENT_TIME TIMESTAMP,
    USER_ID    VARCHAR(16),
    EVENT_TYPE VARCHAR(16),
    PAGE       VARCHAR(64),
    DEVICE     VARCHAR(8),
    AMOUNT     DECIMAL(10,2)
) WITH (
    FILE            = 'examples/data/clickstream.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "USER_ACTIVITY" (
    EVENT_TIME      TIMESTAMP,
    USER_ID         VARCHAR(16),
    EVENT_TYPE      VARCHAR(16),
    EVENTS_1H       INTEGER,
    PURCHASES_1H    INTEGER,
    SPENT_1H        DECIMAL(12,2),
    ACTIVITY_LEVEL  VARCHAR(6)
);

CREATE OR REPLACE PUMP "ACTIVITY_PUMP" AS
    INSERT INTO "USER_ACTIVITY"
    SELECT STREAM
        EVENT_TIME,
        user_id,
        event_type,
        COUNT(*) OVER (PARTITION BY user_id RANGE INTERVAL '1' HOUR PRECEDING),
        SUM(CASE WHEN event_type = 'purchase' THEN 1 ELSE 0 END) OVER last_hour,
        COALESCE(SUM(amount) OVER last_hour, 0),
        CASE
            WHEN COUNT(*) OVER last_hour >= 40 THEN 'high'
            WHEN COUNT(*) OVER last_hour >= 15 THEN 'medium'
            ELSE 'low'
        END
    FROM "CLICKSTREAM"
    WHERE device IN ('mobile', 'desktop')
    WINDOW last_hour AS (PARTITION BY user_id RANGE INTERVAL '1' HOUR PRECEDING);
