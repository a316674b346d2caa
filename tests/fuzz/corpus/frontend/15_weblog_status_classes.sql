-- 15_weblog_status_classes.sql
--
-- Computes: per minute and HTTP status class (2xx, 3xx, 4xx, 5xx): requests, bytes
--   sent, average and worst latency, and distinct clients.
-- Input:    examples/data/weblog.jsonl (2,400 requests over 10 minutes; 5xx bursts
--   at 10:03 and 10:07:20-10:08:10). request_time is epoch milliseconds.
-- Pattern:  KDA two-step web-log application: a pump classifies each request into
--   the in-application stream "CLASSIFIED_REQUESTS" (CASE with BETWEEN), a second
--   pump counts per class with GROUP BY status_class, FLOOR(ROWTIME TO MINUTE).
--   AVG of the INTEGER latency is an INTEGER (truncated), as on KDA.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    REQUEST_TIME TIMESTAMP,
    CLIENT_IP    VARCHAR(15),
    METHOD       VARCHAR(8),
    PATH         VARCHAR(256),
    STATUS       SMALLINT,
    BYTES_SENT   INTEGER,
    LATENCY_MS   INTEGER
) WITH (
    FILE            = 'examples/data/weblog.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'request_time',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "CLASSIFIED_REQUESTS" (
    CLIENT_IP    VARCHAR(15),
    STATUS_CLASS VARCHAR(5),
    BYTES_SENT   INTEGER,
    LATENCY_MS   INTEGER
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    MINUTE_START   TIMESTAMP,
    STATUS_CLASS   VARCHAR(5),
    REQUESTS       INTEGER,
    BYTES_SENT     BIGINT,
    AVG_LATENCY_MS INTEGER,
    MAX_LATENCY_MS INTEGER,
    CLIENTS        INTEGER
);

CREATE OR REPLACE PUMP "CLASSIFY_PUMP" AS
    INSERT INTO "CLASSIFIED_REQUESTS"
    SELECT STREAM
        CLIENT_IP,
        CASE
            WHEN STATUS BETWEEN 200 AND 299 THEN '2xx'
            WHEN STATUS BETWEEN 300 AND 399 THEN '3xx'
            WHEN STATUS BETWEEN 400 AND 499 THEN '4xx'
            WHEN STATUS BETWEEN 500 AND 599 THEN '5xx'
            ELSE 'other'
        END,
        BYTES_SENT,
        LATENCY_MS
    FROM "SOURCE_SQL_STREAM_001";

CREATE OR REPLACE PUMP "COUNT_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        FLOOR("CLASSIFIED_REQUESTS".ROWTIME TO MINUTE),
        STATUS_CLASS,
        COUNT(*),
        SUM(BYTES_SENT),
        AVG(LATENCY_MS),
        MAX(LATENCY_MS),
        COUNT(DISTINCT CLIENT_IP)
    FROM "CLASSIFIED_REQUESTS"
    GROUP BY STATUS_CLASS, FLOOR("CLASSIFIED_REQUESTS".ROWTIME TO MINUTE);
