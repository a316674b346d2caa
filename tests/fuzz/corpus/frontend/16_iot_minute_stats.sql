-- 16_iot_minute_stats.sql
--
-- Computes: per sensor and minute of event time: number of readings, readings with a
--   temperature, min/max/average temperature, average humidity and the lowest
--   battery voltage. The building and floor come from the nested "location" object.
-- Input:    examples/data/iot_sensors.jsonl: 12 sensors, one reading every 5 s each,
--   10 minutes; readings reach the gateway up to ~4 s out of order, and
--   temperature is null on ~1% of them. event_time is "2026-11-22 10:00:00.130".
-- Pattern:  KDA IoT aggregation on event time: ROWTIME = 'event_time' with
--   WATERMARK_DELAY = INTERVAL '5' SECOND absorbs the disorder, a tumbling
--   STEP(... BY INTERVAL '1' MINUTE) window groups per device; COUNT(x) skips NULLs
--   where COUNT(*) does not. The nested fields use the MAPPING extension (SPEC
--   section 4). Expected: 12 sensors x 10 minutes = 120 rows, 12 readings each.

CREATE OR REPLACE STREAM "SENSOR_READINGS" (
    DEVICE_ID   VARCHAR(16),
    SITE        VARCHAR(16),
    BUILDING    VARCHAR(4) MAPPING '$.location.building',
    FLOOR_NO    TINYINT    MAPPING '$.location.floor',
    EVENT_TIME  TIMESTAMP,
    TEMPERATURE DOUBLE,
    HUMIDITY    REAL,
    BATTERY_V   REAL
) WITH (
    FILE            = 'examples/data/iot_sensors.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    MINUTE_START  TIMESTAMP,
    DEVICE_ID     VARCHAR(16),
    SITE          VARCHAR(16),
    BUILDING      VARCHAR(4),
    FLOOR_NO      TINYINT,
    READINGS      INTEGER,
    VALID_TEMPS   INTEGER,
    MIN_TEMP      DOUBLE,
    MAX_TEMP      DOUBLE,
    AVG_TEMP      DECIMAL(5,2),
    AVG_HUMIDITY  REAL,
    MIN_BATTERY_V REAL
);

CREATE OR REPLACE PUMP "MINUTE_STATS_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        STEP("SENSOR_READINGS".ROWTIME BY INTERVAL '1' MINUTE) AS MINUTE_START,
        DEVICE_ID,
        SITE,
        BUILDING,
        FLOOR_NO,
        COUNT(*)                                 AS READINGS,
        COUNT(TEMPERATURE)                       AS VALID_TEMPS,
        MIN(TEMPERATURE)                         AS MIN_TEMP,
        MAX(TEMPERATURE)                         AS MAX_TEMP,
        CAST(AVG(TEMPERATURE) AS DECIMAL(5,2))   AS AVG_TEMP,
        AVG(HUMIDITY)                            AS AVG_HUMIDITY,
        MIN(BATTERY_V)                           AS MIN_BATTERY_V
    FROM "SENSOR_READINGS"
    GROUP BY DEVICE_ID, SITE, BUILDING, FLOOR_NO,
             STEP("SENSOR_READINGS".ROWTIME BY INTERVAL '1' MINUTE);
