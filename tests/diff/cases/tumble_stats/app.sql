-- tumble_stats: the four dispersion aggregates over 30-second STEP windows per device.
-- Covers: STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP and AVG of a DOUBLE with NULLs;
--   a device with one reading in its window (the _SAMP ones are NULL, the _POP ones 0);
--   a device whose readings are all NULL in some windows (everything but COUNT(*) is
--   NULL there). Float aggregates compared with a relative tolerance of 1e-12.

CREATE OR REPLACE STREAM "METER" (
    TS      TIMESTAMP,
    DEV     VARCHAR(4),
    READING DOUBLE
) WITH (
    FILE            = 'input.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "STATS" (
    WIN_START   TIMESTAMP,
    DEV         VARCHAR(4),
    N           INTEGER,
    N_READING   INTEGER,
    AVG_R       DOUBLE,
    STDDEV_POP_R  DOUBLE,
    STDDEV_SAMP_R DOUBLE,
    VAR_POP_R     DOUBLE,
    VAR_SAMP_R    DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "STATS"
    SELECT STREAM
        STEP("METER".ROWTIME BY INTERVAL '30' SECOND),
        DEV,
        COUNT(*),
        COUNT(READING),
        AVG(READING),
        STDDEV_POP(READING),
        STDDEV_SAMP(READING),
        VAR_POP(READING),
        VAR_SAMP(READING)
    FROM "METER"
    GROUP BY DEV, STEP("METER".ROWTIME BY INTERVAL '30' SECOND);
