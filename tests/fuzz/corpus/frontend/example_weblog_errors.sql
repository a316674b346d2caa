-- examples/weblog_errors.sql: HTTP error rate per minute from a web-server log.
--
-- Run (from the repository root):
--     streamsql run examples/weblog_errors.sql
--
-- What it does: reads the access log examples/data/weblog.jsonl (2,400 requests,
-- 10:00-10:10 UTC; request_time is epoch milliseconds) and reports, per minute:
-- requests, client errors (4xx), server errors (5xx), the server-error rate in
-- percent, the slowest request, and a level: ALERT at 10% or more server errors,
-- WARN at 5% or more, OK otherwise. The log has two 5xx bursts.
--
-- Expected output on stdout: 10 JSON lines, one per minute, 240 requests each;
-- server errors per minute 2, 10, 5, 52, 4, 2, 6, 40, 13, 3, so:
--   {"MINUTE_START": "2026-11-22 10:03:00.000", "REQUESTS": 240,
--    "CLIENT_ERRORS": 4, "SERVER_ERRORS": 52, "ERROR_RATE_PCT": 21.67,
--    "MAX_LATENCY_MS": 1515, "LEVEL": "ALERT"}
--   10:07 is ALERT too (16.67%), 10:08 is WARN (5.42%), the other minutes are OK.

CREATE OR REPLACE STREAM "WEBLOG" (
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

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    MINUTE_START   TIMESTAMP,
    REQUESTS       INTEGER,
    CLIENT_ERRORS  INTEGER,
    SERVER_ERRORS  INTEGER,
    ERROR_RATE_PCT DECIMAL(5,2),
    MAX_LATENCY_MS INTEGER,
    LEVEL          VARCHAR(5)
);

CREATE OR REPLACE PUMP "ERROR_RATE_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        FLOOR("WEBLOG".ROWTIME TO MINUTE),
        COUNT(*),
        SUM(CASE WHEN STATUS BETWEEN 400 AND 499 THEN 1 ELSE 0 END),
        SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END),
        CAST(100 * CAST(SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END) AS DOUBLE)
             / COUNT(*) AS DECIMAL(5,2)),
        MAX(LATENCY_MS),
        CASE
            WHEN SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END) * 10 >= COUNT(*)
                THEN 'ALERT'
            WHEN SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END) * 20 >= COUNT(*)
                THEN 'WARN'
            ELSE 'OK'
        END
    FROM "WEBLOG"
    GROUP BY FLOOR("WEBLOG".ROWTIME TO MINUTE);
