-- examples/iot_minute_stats.sql: per-device temperature statistics per minute.
--
-- Run (from the repository root):
--     streamsql run examples/iot_minute_stats.sql
--
-- What it does: reads examples/data/iot_sensors.jsonl (12 sensors at 3 sites, one
-- reading every 5 s each, 10:00-10:10 UTC) and reports, per sensor and minute of
-- event time: readings, readings with a temperature, min/max/average temperature,
-- and a status: OVERHEAT when the minute's maximum reached 28 C, GAPS when some
-- readings had no temperature (null), OK otherwise. Readings arrive at the gateway
-- up to ~4 s out of order; WATERMARK_DELAY = 5 s puts them back in their minute, so
-- no reading is late and every minute counts 12 readings.
--
-- Expected output on stdout: 120 JSON lines (12 sensors x 10 minutes), e.g.
--   {"MINUTE_START": "2026-11-22 10:00:00.000", "DEVICE_ID": "sensor-01",
--    "SITE": "plant-a", "READINGS": 12, "VALID_TEMPS": 12, "MIN_TEMP": 22.4,
--    "MAX_TEMP": 23.34, "AVG_TEMP": 22.92, "STATUS": "OK"}
-- sensor-07 (plant-b) heats up from 10:05 on and is OVERHEAT at 10:07, 10:08 and
-- 10:09 (max 28.62, 31.08, 33.55); 13 other sensor-minutes are GAPS.

CREATE OR REPLACE STREAM "SENSOR_READINGS" (
    DEVICE_ID   VARCHAR(16),
    SITE        VARCHAR(16),
    EVENT_TIME  TIMESTAMP,
    TEMPERATURE DOUBLE,
    HUMIDITY    REAL
) WITH (
    FILE            = 'examples/data/iot_sensors.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    MINUTE_START TIMESTAMP,
    DEVICE_ID    VARCHAR(16),
    SITE         VARCHAR(16),
    READINGS     INTEGER,
    VALID_TEMPS  INTEGER,
    MIN_TEMP     DOUBLE,
    MAX_TEMP     DOUBLE,
    AVG_TEMP     DECIMAL(5,2),
    STATUS       VARCHAR(8)
);

CREATE OR REPLACE PUMP "MINUTE_STATS_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        STEP("SENSOR_READINGS".ROWTIME BY INTERVAL '1' MINUTE) AS MINUTE_START,
        DEVICE_ID,
        SITE,
        COUNT(*)                               AS READINGS,
        COUNT(TEMPERATURE)                     AS VALID_TEMPS,
        MIN(TEMPERATURE)                       AS MIN_TEMP,
        MAX(TEMPERATURE)                       AS MAX_TEMP,
        CAST(AVG(TEMPERATURE) AS DECIMAL(5,2)) AS AVG_TEMP,
        CASE
            WHEN MAX(TEMPERATURE) >= 28             THEN 'OVERHEAT'
            WHEN COUNT(TEMPERATURE) < COUNT(*)      THEN 'GAPS'
            ELSE 'OK'
        END                                    AS STATUS
    FROM "SENSOR_READINGS"
    GROUP BY DEVICE_ID, SITE,
             STEP("SENSOR_READINGS".ROWTIME BY INTERVAL '1' MINUTE);
