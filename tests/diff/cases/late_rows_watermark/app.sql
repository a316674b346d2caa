-- late_rows_watermark: the watermark rule, row by row, with a 10 s delay.
-- Covers: rows whose ROWTIME equals the watermark (max ROWTIME so far - 10 s) are
--   accepted, 1 ms below it are late; rows with a ROWTIME 10 hours ahead that are
--   rejected (convert: a string id; parse: a record cut off) do not move the watermark,
--   so the rows after them are not late; rows out of order by up to 9 s are accepted;
--   a pass-through projection keeps the input ROWTIME and order.

CREATE OR REPLACE STREAM "S" (
    TS  TIMESTAMP,
    ID  INTEGER,
    VAL INTEGER
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '10' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TS  TIMESTAMP,
    ID  INTEGER,
    VAL INTEGER
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM TS, ID, VAL FROM "S";
