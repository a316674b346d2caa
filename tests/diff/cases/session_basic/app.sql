-- session_basic: sessions (extension) with a 30-second gap per user.
-- Covers: SESSION(ROWTIME, INTERVAL '30' SECOND): consecutive rows less than 30 s
--   apart share a session, exactly 30 s apart do not (29.999 s apart do); the
--   SESSION(...) term as the session start and ROWTIME as its end (last row + gap);
--   TSDIFF of MAX and MIN; COUNT(DISTINCT); SUM of a DECIMAL present only on some rows;
--   late rows.

CREATE OR REPLACE STREAM "CLICKS" (
    TS     TIMESTAMP,
    "USER" VARCHAR(4),
    ACTION VARCHAR(8),
    AMOUNT DECIMAL(10,2)
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "SESSIONS" (
    "USER"        VARCHAR(4),
    SESSION_START TIMESTAMP,
    SESSION_END   TIMESTAMP,
    EVENTS        INTEGER,
    DURATION_MS   BIGINT,
    ACTIONS       INTEGER,
    REVENUE       DECIMAL(12,2)
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "SESSIONS"
    SELECT STREAM
        "USER",
        SESSION("CLICKS".ROWTIME, INTERVAL '30' SECOND),
        ROWTIME,
        COUNT(*),
        TSDIFF(MAX(TS), MIN(TS)),
        COUNT(DISTINCT ACTION),
        SUM(AMOUNT)
    FROM "CLICKS"
    GROUP BY "USER", SESSION("CLICKS".ROWTIME, INTERVAL '30' SECOND);
