-- select_star_passthrough: SELECT STREAM * into a stream of the same shape.
-- Covers: every scalar type read from JSON and written back: BOOLEAN (true/false and
--   the strings "true"/"FALSE"), TINYINT/SMALLINT/BIGINT (up to 2^62), REAL (printed
--   in single precision), DECIMAL(7,3) (always 3 decimals, rounded half away from
--   zero, no ties in the data), VARCHAR(5) (cut; trailing spaces and the empty string
--   kept), TIMESTAMP from four input forms; out-of-range values (128 for TINYINT,
--   40000 for SMALLINT, 2^63 for BIGINT, 123456 for DECIMAL(7,3)), a number and "yes"
--   for a BOOLEAN: kind convert. `*` does not include ROWTIME.

CREATE OR REPLACE STREAM "S" (
    TS    TIMESTAMP,
    FLAG  BOOLEAN,
    TINY  TINYINT,
    SMALL SMALLINT,
    BIG   BIGINT,
    R     REAL,
    DEC   DECIMAL(7,3),
    S     VARCHAR(5)
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TS    TIMESTAMP,
    FLAG  BOOLEAN,
    TINY  TINYINT,
    SMALL SMALLINT,
    BIG   BIGINT,
    R     REAL,
    DEC   DECIMAL(7,3),
    S     VARCHAR(5)
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM * FROM "S";
