-- 17_clickstream_sessions.sql
--
-- Computes: one row per user session (a run of a user's events with less than two
--   minutes between consecutive events): start, last event, duration in milliseconds,
--   events, distinct pages, add-to-carts, purchases, revenue, and whether the session
--   ended with a filled cart but no purchase.
-- Input:    examples/data/clickstream.jsonl: 60 users, 1,832 events over ~44 minutes;
--   inside a session events are at most 50 s apart, between sessions at least 3
--   minutes; "amount" only on purchase events. Event time, 5 s watermark delay.
-- Pattern:  sessionization with the SESSION extension (SPEC section 2):
--   GROUP BY user_id, SESSION("CLICKSTREAM".ROWTIME, INTERVAL '2' MINUTE); in the
--   select list the same SESSION(...) term gives the session start. A session is
--   emitted when the watermark passes its last event + 2 minutes. TSDIFF of two
--   aggregates gives the duration. Expected: 126 sessions.

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

CREATE OR REPLACE STREAM "SESSIONS" (
    USER_ID        VARCHAR(16),
    SESSION_START  TIMESTAMP,
    LAST_EVENT     TIMESTAMP,
    DURATION_MS    BIGINT,
    EVENTS         INTEGER,
    DISTINCT_PAGES INTEGER,
    CART_ADDS      INTEGER,
    PURCHASES      INTEGER,
    REVENUE        DECIMAL(12,2),
    ABANDONED_CART BOOLEAN
);

CREATE OR REPLACE PUMP "SESSION_PUMP" AS
    INSERT INTO "SESSIONS"
    SELECT STREAM
        USER_ID,
        SESSION("CLICKSTREAM".ROWTIME, INTERVAL '2' MINUTE)        AS SESSION_START,
        MAX(EVENT_TIME)                                           AS LAST_EVENT,
        TSDIFF(MAX(EVENT_TIME), MIN(EVENT_TIME))                  AS DURATION_MS,
        COUNT(*)                                                  AS EVENTS,
        COUNT(DISTINCT PAGE)                                      AS DISTINCT_PAGES,
        SUM(CASE WHEN EVENT_TYPE = 'add_to_cart' THEN 1 ELSE 0 END) AS CART_ADDS,
        SUM(CASE WHEN EVENT_TYPE = 'purchase' THEN 1 ELSE 0 END)    AS PURCHASES,
        COALESCE(SUM(AMOUNT), 0)                                  AS REVENUE,
        SUM(CASE WHEN EVENT_TYPE = 'add_to_cart' THEN 1 ELSE 0 END) > 0
            AND SUM(CASE WHEN EVENT_TYPE = 'purchase' THEN 1 ELSE 0 END) = 0
                                                                  AS ABANDONED_CART
    FROM "CLICKSTREAM"
    GROUP BY USER_ID, SESSION("CLICKSTREAM".ROWTIME, INTERVAL '2' MINUTE);
