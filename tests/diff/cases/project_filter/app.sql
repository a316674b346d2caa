-- project_filter: a non-aggregating pump with a WHERE clause.
-- Covers: IN, LIKE with '_' and '%' (case-sensitive: 'Disk slow' does not match
--   '%disk%'), BETWEEN, IS NOT NULL, AND/OR precedence, NULLs in conditions (filtered);
--   each output row keeps its input ROWTIME and the output is in ROWTIME order
--   although a fifth of the input arrives out of order; ties; late rows.

CREATE OR REPLACE STREAM "LOGS" (
    TS    TIMESTAMP,
    HOST  VARCHAR(8),
    LEVEL VARCHAR(8),
    MSG   VARCHAR(32),
    CODE  INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '3' SECOND
);

CREATE OR REPLACE STREAM "ALERTS" (
    TS    TIMESTAMP,
    HOST  VARCHAR(8),
    LEVEL VARCHAR(8),
    CODE  INTEGER,
    MSG   VARCHAR(32)
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "ALERTS"
    SELECT STREAM TS, HOST, LEVEL, CODE, MSG
    FROM "LOGS"
    WHERE LEVEL IN ('WARN', 'ERROR') AND HOST LIKE 'web-_'
       OR CODE BETWEEN 500 AND 502 AND MSG IS NOT NULL
       OR MSG LIKE '%disk%';
