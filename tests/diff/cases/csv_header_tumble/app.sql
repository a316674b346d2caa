-- csv_header_tumble: CSV with a header row into 30-second STEP windows.
-- Covers: RFC 4180 quoting (a delimiter inside quotes, doubled quotes, a quoted field
--   spanning two lines), an empty field (NULL: not counted by COUNT(NOTE), skipped by
--   AVG), a quoted empty field (the empty string: counted), MIN/MAX of the text,
--   'YYYY-MM-DD HH:MM:SS.fff' timestamps; late rows after the multi-line records, whose
--   position is the line where their record starts.

CREATE OR REPLACE STREAM "STATIONS" (
    TS      TIMESTAMP,
    STATION VARCHAR(4),
    NOTE    VARCHAR(16),
    READING DOUBLE
) WITH (
    FILE            = 'input.csv',
    FORMAT          = 'CSV',
    HEADER          = TRUE,
    ROWTIME         = 'ts',
    WATERMARK_DELAY = INTERVAL '2' SECOND
);

CREATE OR REPLACE STREAM "OUT" (
    WIN_START TIMESTAMP,
    STATION   VARCHAR(4),
    N         INTEGER,
    NOTES     INTEGER,
    FIRST_NOTE VARCHAR(16),
    LAST_NOTE  VARCHAR(16),
    MAX_READING DOUBLE,
    AVG_READING DOUBLE
);

CREATE OR REPLACE PUMP "P" AS
    INSERT INTO "OUT"
    SELECT STREAM
        STEP("STATIONS".ROWTIME BY INTERVAL '30' SECOND),
        STATION,
        COUNT(*),
        COUNT(NOTE),
        MIN(NOTE),
        MAX(NOTE),
        MAX(READING),
        AVG(READING)
    FROM "STATIONS"
    GROUP BY STATION, STEP("STATIONS".ROWTIME BY INTERVAL '30' SECOND);
