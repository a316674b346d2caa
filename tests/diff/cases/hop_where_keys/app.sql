-- hop_where_keys: five-minute hopping windows every minute, as in queries/19, with a
-- WHERE and a HAVING.
-- Covers: HOP with MINUTE units; ROWTIME from epoch-ms JSON numbers; WHERE on a
--   SMALLINT; HAVING COUNT(*); AVG of an INTEGER (truncated); a rate computed in DOUBLE
--   from two aggregates; 3 late rows.

CREATE OR REPLACE STREAM "REQUESTS" (
    REQUEST_TIME TIMESTAMP,
    METHOD       VARCHAR(8),
    STATUS       SMALLINT,
    LATENCY_MS   INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'request_time',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WINDOW_START   TIMESTAMP,
    METHOD         VARCHAR(8),
    REQUESTS       INTEGER,
    FAILED         INTEGER,
    FAIL_PCT       DOUBLE,
    AVG_LATENCY_MS INTEGER
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE) AS WINDOW_START,
        METHOD,
        COUNT(*) AS REQUESTS,
        SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END) AS FAILED,
        100 * CAST(SUM(CASE WHEN STATUS >= 500 THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS FAIL_PCT,
        AVG(LATENCY_MS) AS AVG_LATENCY_MS
    FROM "REQUESTS"
    WHERE STATUS <> 404
    GROUP BY METHOD, HOP(ROWTIME, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)
    HAVING COUNT(*) > 10;
