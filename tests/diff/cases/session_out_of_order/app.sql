-- session_out_of_order: sessions whose rows arrive out of order within a 60 s delay.
-- Covers: a row arriving up to 50 s after later rows that falls in the gap between two
--   runs of a user's events and bridges them into one session (results must equal
--   processing in ROWTIME order); two grouping keys; a NULL user (explicit null or a
--   missing key) forming its own sessions.

CREATE OR REPLACE STREAM "EVENTS" (
    TS     TIMESTAMP,
    "USER" VARCHAR(4),
    DEV    VARCHAR(2),
    N      INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '60' SECOND
);

CREATE OR REPLACE STREAM "SESSIONS" (
    "USER"     VARCHAR(4),
    DEV        VARCHAR(2),
    STARTED    TIMESTAMP,
    ENDED      TIMESTAMP,
    EVENTS     INTEGER,
    TOTAL_N    INTEGER,
    LAST_EVENT TIMESTAMP
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "SESSIONS"
    SELECT STREAM
        "USER",
        DEV,
        SESSION(ROWTIME, INTERVAL '30' SECOND),
        ROWTIME,
        COUNT(*),
        SUM(N),
        MAX(TS)
    FROM "EVENTS"
    GROUP BY "USER", DEV, SESSION(ROWTIME, INTERVAL '30' SECOND);
