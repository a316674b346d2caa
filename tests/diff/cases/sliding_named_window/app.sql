-- sliding_named_window: several OVER aggregates in one select list, through a named
-- window and two inline windows, as in queries/07.
-- Covers: WINDOW W1 AS (PARTITION BY SYM RANGE INTERVAL '10' SECOND PRECEDING) used as
--   OVER W1 by MIN, MAX, AVG (DOUBLE, tolerance 1e-12), COUNT(*), COUNT(PRICE),
--   FIRST_VALUE, LAST_VALUE (NULL prices included: RESPECT NULLS); an inline window of
--   one minute over the same partition; an inline window without PARTITION BY; late rows.

CREATE OR REPLACE STREAM "TICKS" (
    EVENT_TIME TIMESTAMP,
    SYM        VARCHAR(4),
    PRICE      DOUBLE,
    CHANGE     DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    EVENT_TIME  TIMESTAMP,
    SYM         VARCHAR(4),
    PRICE       DOUBLE,
    MIN_PRICE   DOUBLE,
    MAX_PRICE   DOUBLE,
    AVG_PRICE   DOUBLE,
    TICKS_10S   BIGINT,
    PRICED_10S  BIGINT,
    OPEN_PRICE  DOUBLE,
    LAST_PRICE  DOUBLE,
    TICKS_1M    BIGINT,
    ALL_CHANGE_5S DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        EVENT_TIME,
        SYM,
        PRICE,
        MIN(PRICE)         OVER W1,
        MAX(PRICE)         OVER W1,
        AVG(PRICE)         OVER W1,
        COUNT(*)           OVER W1,
        COUNT(PRICE)       OVER W1,
        FIRST_VALUE(PRICE) OVER W1,
        LAST_VALUE(PRICE)  OVER W1,
        COUNT(*)           OVER (PARTITION BY SYM RANGE INTERVAL '1' MINUTE PRECEDING),
        SUM(CHANGE)        OVER (RANGE INTERVAL '5' SECOND PRECEDING)
    FROM "TICKS"
    WINDOW W1 AS (
        PARTITION BY SYM
        RANGE INTERVAL '10' SECOND PRECEDING);
