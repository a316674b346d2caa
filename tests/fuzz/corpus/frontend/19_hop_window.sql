-- 19_hop_window.sql
--
-- Computes: every minute, for the five minutes ending then: requests, server
--   errors, the error rate in percent and the average latency, per HTTP method.
--   Each request is counted in the five hopping windows that contain it.
-- Input:    examples/data/weblog.jsonl, request_time in epoch milliseconds,
--   3 s watermark delay.
-- Pattern:  the HOP extension (SPEC section 2), written exactly as SPEC shows it:
--   GROUP BY method, HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE); the same
--   HOP(...) term in the select list gives each window's start. Windows are aligned
--   to the epoch, so the first ones start before the data: starts 09:56 ... 10:09,
--   up to 14 windows per method (a window without rows emits nothing). The rate is
--   computed in DOUBLE so that no integer division is involved.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    REQUEST_TIME TIMESTAMP,
    METHOD       VARCHAR(8),
    PATH         VARCHAR(256),
    STATUS       SMALLINT,
    LATENCY_MS   INTEGER
) WITH (
    FILE            = 'examples/data/weblog.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'request_time',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    WINDOW_START   TIMESTAMP,
    METHOD         VARCHAR(8),
    REQUESTS       INTEGER,
    SERVER_ERRORS  INTEGER,
    ERROR_RATE_PCT DOUBLE,
    AVG_LATENCY_MS DOUBLE
);

CREATE OR REPLACE PUMP "HOP_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE) AS WINDOW_START,
        METHOD,
        COUNT(*) AS REQUESTS,
        SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END) AS SERVER_ERRORS,
        100 * CAST(SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END) AS DOUBLE)
            / COUNT(*) AS ERROR_RATE_PCT,
        AVG(CAST(LATENCY_MS AS DOUBLE)) AS AVG_LATENCY_MS
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY METHOD, HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE);
