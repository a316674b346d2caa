-- div_by_zero_eval: integer division by zero in a projection.
-- Covers: A / B with B = 0 is an error record of kind eval and the row is dropped (the
--   other rows go on); NULLIF(B, 0) as the divisor gives NULL instead; a CASE that
--   guards the division evaluates only the branch it takes (no error); integer
--   division truncates toward zero; DOUBLE division.

CREATE OR REPLACE STREAM "S" (
    TS TIMESTAMP,
    A  INTEGER,
    B  INTEGER,
    X  DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    TS      TIMESTAMP,
    A       INTEGER,
    B       INTEGER,
    SAFE_Q  INTEGER,
    GUARD_Q INTEGER,
    Q       INTEGER,
    XQ      DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        TS,
        A,
        B,
        A / NULLIF(B, 0),
        CASE WHEN B = 0 THEN NULL ELSE A / B END,
        A / B,
        X / 4
    FROM "S";
