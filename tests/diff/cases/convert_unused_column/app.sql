-- convert_unused_column: a bad value in a declared column the application never reads.
-- Covers: SPEC 5 ("a value that cannot be cast to its column's type" is an error
--   record): the record's UNUSED_NUM ('abc' for an INTEGER) or UNUSED_TS ('not a
--   time') cannot be converted, so the row is a convert error and is dropped, even
--   though no pump reads those columns.

CREATE OR REPLACE STREAM "S" (
    TS         TIMESTAMP,
    ID         INTEGER,
    USED       INTEGER,
    UNUSED_NUM INTEGER,
    UNUSED_TS  TIMESTAMP
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '1' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    ID   INTEGER,
    USED INTEGER
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM ID, USED FROM "S";
