-- tumble_floor_minute: one-minute tumbling windows via FLOOR(s.ROWTIME TO MINUTE), per
-- device (NULL devices form their own group).
-- Covers: FLOOR ... TO MINUTE; COUNT(DISTINCT) over strings that differ only in case;
--   MIN/MAX of VARCHAR and of TIMESTAMP; SUM/MIN/MAX of DECIMAL(8,2) with missing
--   values; 'YYYY-MM-DD HH:MM:SS.fff' timestamps; a NULL grouping key; 4 late rows.

CREATE OR REPLACE STREAM "CLICKS" (
    EVENT_TIME TIMESTAMP,
    "USER"     VARCHAR(16),
    PAGE       VARCHAR(32),
    DEVICE     VARCHAR(8),
    AMOUNT     DECIMAL(8,2)
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "PER_MINUTE" (
    MINUTE_START  TIMESTAMP,
    DEVICE        VARCHAR(8),
    EVENTS        INTEGER,
    USERS         INTEGER,
    PAGES         INTEGER,
    FIRST_USER    VARCHAR(16),
    LAST_USER     VARCHAR(16),
    FIRST_EVENT   TIMESTAMP,
    LAST_EVENT    TIMESTAMP,
    REVENUE       DECIMAL(10,2),
    MIN_AMOUNT    DECIMAL(8,2),
    MAX_AMOUNT    DECIMAL(8,2)
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "PER_MINUTE"
    SELECT STREAM
        FLOOR("CLICKS".ROWTIME TO MINUTE),
        DEVICE,
        COUNT(*),
        COUNT(DISTINCT "USER"),
        COUNT(DISTINCT PAGE),
        MIN("USER"),
        MAX("USER"),
        MIN(EVENT_TIME),
        MAX(EVENT_TIME),
        SUM(AMOUNT),
        MIN(AMOUNT),
        MAX(AMOUNT)
    FROM "CLICKS"
    GROUP BY DEVICE, FLOOR("CLICKS".ROWTIME TO MINUTE);
