-- stagger_floor_key: the KDA documentation's stagger pattern, partitioned by an
-- expression (the event minute) and a column, as in queries/09.
-- Covers: PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER; the partition expression in
--   the select list; ROWTIME (t0 + 1 minute) as WINDOW_CLOSE; AVG of a DOUBLE
--   (tolerance 1e-12); late rows.

CREATE OR REPLACE STREAM "TICKS" (
    EVENT_TIME TIMESTAMP,
    TICKER     VARCHAR(4),
    PRICE      DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TICKER       VARCHAR(4),
    EVENT_MINUTE TIMESTAMP,
    WINDOW_CLOSE TIMESTAMP,
    TICKS        INTEGER,
    AVG_PRICE    DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        TICKER,
        FLOOR(EVENT_TIME TO MINUTE) AS EVENT_MINUTE,
        ROWTIME                     AS WINDOW_CLOSE,
        COUNT(*)                    AS TICKS,
        AVG(PRICE)                  AS AVG_PRICE
    FROM "TICKS"
    WINDOWED BY STAGGER (
        PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER
        RANGE INTERVAL '1' MINUTE);
