-- 12_weblog_strings.sql
--
-- Computes: a cleaned-up record of every GET/POST request to the /api/ routes: the
--   route without its query string, the query string alone, the first path segment
--   after /api/, the path length, a request label, a client class derived from the
--   user agent and where the visit came from.
-- Input:    examples/data/weblog.jsonl, an HTTP access log:
--   {"request_time": 1795341600481, "client_ip": "10.0.8.42", "method": "GET",
--    "path": "/api/products?category=garden", "status": 200, "bytes_sent": 13912,
--    "latency_ms": 17, "user_agent": "...", "referrer": null, "country": "JP"}
--   request_time is epoch milliseconds (a JSON number); user_agent and country are
--   missing on some rows and referrer is often null.
-- Pattern:  a KDA row-by-row transformation pump using the string functions:
--   UPPER, LOWER, TRIM (plain and TRIM(BOTH ... FROM ...)), SUBSTRING(... FROM ... FOR
--   ...), POSITION(... IN ...), CHAR_LENGTH, ||, LIKE, IN, IS NULL, COALESCE, CASE.

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    REQUEST_TIME TIMESTAMP,
    CLIENT_IP    VARCHAR(15),
    METHOD       VARCHAR(8),
    PATH         VARCHAR(256),
    STATUS       SMALLINT,
    BYTES_SENT   INTEGER,
    LATENCY_MS   INTEGER,
    USER_AGENT   VARCHAR(128),
    REFERRER     VARCHAR(256),
    COUNTRY      CHAR(2)
) WITH (
    FILE            = 'examples/data/weblog.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'request_time',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    REQUEST_TIME  TIMESTAMP,
    REQUEST_LABEL VARCHAR(300),
    ROUTE         VARCHAR(256),
    QUERY_STRING  VARCHAR(256),
    RESOURCE      VARCHAR(32),
    PATH_LENGTH   INTEGER,
    CLIENT_CLASS  VARCHAR(8),
    AGENT         VARCHAR(128),
    TRAFFIC_SOURCE VARCHAR(256),
    COUNTRY       CHAR(2),
    IS_ERROR      BOOLEAN
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        REQUEST_TIME,
        LOWER(METHOD) || ' ' || PATH || ' -> ' || CAST(STATUS AS VARCHAR(3)),
        CASE
            WHEN POSITION('?' IN PATH) > 0
                THEN SUBSTRING(PATH FROM 1 FOR POSITION('?' IN PATH) - 1)
            ELSE PATH
        END,
        CASE
            WHEN POSITION('?' IN PATH) > 0
                THEN SUBSTRING(PATH FROM POSITION('?' IN PATH) + 1)
        END,
        UPPER(TRIM(BOTH '/' FROM
            CASE
                WHEN POSITION('/' IN SUBSTRING(PATH FROM 6)) > 0
                    THEN SUBSTRING(PATH FROM 6
                                   FOR POSITION('/' IN SUBSTRING(PATH FROM 6)) - 1)
                WHEN POSITION('?' IN PATH) > 0
                    THEN SUBSTRING(PATH FROM 6 FOR POSITION('?' IN PATH) - 6)
                ELSE SUBSTRING(PATH FROM 6)
            END)),
        CHAR_LENGTH(PATH),
        CASE
            WHEN USER_AGENT IS NULL                  THEN 'unknown'
            WHEN LOWER(USER_AGENT) LIKE '%bot%'      THEN 'bot'
            WHEN USER_AGENT LIKE '%Mobile%'          THEN 'mobile'
            WHEN TRIM(USER_AGENT) LIKE 'curl/%'      THEN 'script'
            ELSE 'browser'
        END,
        TRIM(USER_AGENT),
        COALESCE(REFERRER, 'direct'),
        COALESCE(COUNTRY, '??'),
        STATUS >= 400
    FROM "SOURCE_SQL_STREAM_001"
    WHERE METHOD IN ('GET', 'POST')
      AND PATH LIKE '/api/%';
