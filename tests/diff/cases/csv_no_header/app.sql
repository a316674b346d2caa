-- csv_no_header: CSV without a header, ';' as delimiter, with bad records.
-- Covers: positional CSV columns; DELIMITER = ';' (a quoted ';' is data); kind convert
--   for 'abc' and '1.5' in an INTEGER column and 'x1' in a DOUBLE; kind rowtime for an
--   empty (NULL) and an unparsable ROWTIME field; kind parse for a quote inside an
--   unquoted field and for text after a closing quote; the quoted empty field (the
--   empty string) and the empty field (NULL) as grouping keys; late rows.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    K  VARCHAR(4),
    N  INTEGER,
    X  DOUBLE
) WITH (
    FILE            = 'input.csv',
    FORMAT          = 'CSV',
    HEADER          = FALSE,
    DELIMITER       = ';',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WIN_START TIMESTAMP,
    K         VARCHAR(4),
    ROWS_     INTEGER,
    SUM_N     INTEGER,
    MAX_X     DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("S".ROWTIME BY INTERVAL '30' SECOND),
        K,
        COUNT(*),
        SUM(N),
        MAX(X)
    FROM "S"
    GROUP BY K, STEP("S".ROWTIME BY INTERVAL '30' SECOND);
