-- sliding_rows: a ROWS sliding window over CSV input with a header, as in queries/08.
-- Covers: OVER (PARTITION BY SYM ROWS 4 PRECEDING) = the row and the 4 before it in
--   its partition; SUM and AVG (truncated) of an INTEGER, MIN/MAX of a DECIMAL(10,2),
--   COUNT of a column with NULLs, SUM(CASE ...), FIRST_VALUE and MAX of a VARCHAR; CSV with HEADER = TRUE: quoted fields
--   with a delimiter or doubled quotes, an empty field (NULL, so COALESCE replaces it)
--   and a quoted empty field (the empty string, counted, kept by COALESCE).

CREATE OR REPLACE STREAM "TRADES" (
    TRADE_ID   BIGINT,
    TRADE_TIME TIMESTAMP,
    SYM        VARCHAR(4),
    SIDE       VARCHAR(4),
    QTY        INTEGER,
    PRICE      DECIMAL(10,2),
    VENUE      VARCHAR(24)
) WITH (
    FILE            = 'input.csv',
    FORMAT          = 'CSV',
    HEADER          = TRUE,
    DELIMITER       = ',',
    ROWTIME         = 'trade_time',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TRADE_ID   BIGINT,
    SYM        VARCHAR(4),
    QTY        INTEGER,
    SUM_QTY_5  INTEGER,
    AVG_QTY_5  INTEGER,
    MIN_PX_5   DECIMAL(10,2),
    MAX_PX_5   DECIMAL(10,2),
    VENUES_5   INTEGER,
    NET_FLOW_5 INTEGER,
    FIRST_VENUE_5 VARCHAR(24),
    MAX_VENUE_5   VARCHAR(24),
    VENUE      VARCHAR(24)
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        TRADE_ID,
        SYM,
        QTY,
        SUM(QTY)     OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        AVG(QTY)     OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        MIN(PRICE)   OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        MAX(PRICE)   OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        COUNT(VENUE) OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        SUM(CASE WHEN SIDE = 'BUY' THEN QTY ELSE -QTY END)
                     OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        FIRST_VALUE(VENUE) OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        MAX(VENUE)   OVER (PARTITION BY SYM ROWS 4 PRECEDING),
        COALESCE(VENUE, 'UNREPORTED')
    FROM "TRADES";
