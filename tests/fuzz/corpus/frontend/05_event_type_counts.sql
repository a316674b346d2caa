-- 05_event_type_counts.sql
--
-- Computes: how many events of each type (page_view, search, add_to_cart, checkout,
--   purchase) the shop's clickstream had in each minute.
-- Input:    examples/data/clickstream.jsonl: {"event_time": "2026-11-22T10:00:25.676Z",
--   "user_id": "u1287", "event_type": "page_view", "page": "/product/259",
--   "device": "desktop"} (+ "amount" on purchases); 1,832 events over ~44 minutes.
-- Pattern:  the classic KDA per-minute count, written the way the KDA console
--   templates wrote it, with every name quoted: COUNT(*) ... GROUP BY
--   "EVENT_TYPE", FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE).
--   The ROWTIME key names the column in upper case here; JSON keys are lower case
--   and match the declared columns case-insensitively.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    "EVENT_TIME" TIMESTAMP,
    "USER_ID"    VARCHAR(16),
    "EVENT_TYPE" VARCHAR(16),
    "PAGE"       VARCHAR(64),
    "DEVICE"     VARCHAR(8),
    "AMOUNT"     DECIMAL(10,2)
) WITH (
    FILE            = 'examples/data/clickstream.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'EVENT_TIME',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    "EVENT_TYPE"   VARCHAR(16),
    "MINUTE_START" TIMESTAMP,
    "EVENT_COUNT"  INTEGER
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        "EVENT_TYPE",
        FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE) AS "MINUTE_START",
        COUNT(*) AS "EVENT_COUNT"
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY "EVENT_TYPE",
             FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);
