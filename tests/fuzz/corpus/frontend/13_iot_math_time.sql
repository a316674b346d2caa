-- 13_iot_math_time.sql
--
-- Computes: per sensor reading, derived physical values and time fields:
--   temperature in Fahrenheit, distance from a 21 C set point, saturation vapour
--   pressure and dew point (Magnus formula: EXP, LN), vibration magnitude
--   (SQRT, POWER), battery voltage rounded up to 0.1 V (CEIL), the millisecond
--   within the minute (MOD over UNIX_TIMESTAMP), the device clock parsed from its
--   own text form (CHAR_TO_TIMESTAMP) and its skew against the gateway's event time
--   (TSDIFF), the event time formatted as text (TIMESTAMP_TO_CHAR), its DATE and
--   TIME parts, and when streamsql processed the row (CURRENT_ROW_TIMESTAMP).
-- Input:    examples/data/iot_sensors.jsonl: {"device_id": "sensor-01", "site":
--   "plant-a", "event_time": "2026-11-22 10:00:00.130", "reported_at":
--   "22/11/2026 10:00:00", "temperature": 22.75, "humidity": 41.9, "battery_v": 3.87,
--   "vib_x": -0.0105, "vib_y": -0.0234, "location": {...}} (+ "door_open" on
--   warehouse sensors). temperature is null on ~1% of readings.
-- Pattern:  KDA per-row enrichment pump with math and time functions; event time
--   with WATERMARK_DELAY. Note: PROCESSED_AT (CURRENT_ROW_TIMESTAMP) is wall-clock
--   time and differs from run to run; every other column is deterministic.

CREATE OR REPLACE STREAM "SENSOR_READINGS" (
    DEVICE_ID   VARCHAR(16),
    SITE        VARCHAR(16),
    EVENT_TIME  TIMESTAMP,
    REPORTED_AT VARCHAR(19),
    TEMPERATURE DOUBLE,
    HUMIDITY    REAL,
    BATTERY_V   REAL,
    VIB_X       DOUBLE,
    VIB_Y       DOUBLE,
    DOOR_OPEN   BOOLEAN
) WITH (
    FILE            = 'examples/data/iot_sensors.jsonl',
    FORMAT          = 'JSON',
    ROWTIME         = 'event_time',
    WATERMARK_DELAY = INTERVAL '5' SECOND
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    DEVICE_ID       VARCHAR(16),
    READING_DATE    DATE,
    READING_TIME    TIME,
    TIME_TEXT       VARCHAR(12),
    EPOCH_MS        BIGINT,
    MS_OF_MINUTE    INTEGER,
    DEVICE_CLOCK    TIMESTAMP,
    CLOCK_SKEW_MS   BIGINT,
    TEMP_F          DECIMAL(5,1),
    SETPOINT_DIFF   DOUBLE,
    VAPOR_HPA       DOUBLE,
    DEW_POINT_C     DOUBLE,
    VIB_MAGNITUDE   DOUBLE,
    BATTERY_CEIL    DOUBLE,
    DOOR_STATE      VARCHAR(8),
    PROCESSED_AT    TIMESTAMP
);

CREATE OR REPLACE PUMP "ENRICH_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        DEVICE_ID,
        CAST(EVENT_TIME AS DATE),
        CAST(EVENT_TIME AS TIME),
        TIMESTAMP_TO_CHAR('HH:mm:ss.SSS', EVENT_TIME),
        UNIX_TIMESTAMP(EVENT_TIME),
        MOD(UNIX_TIMESTAMP(EVENT_TIME), 60000),
        CHAR_TO_TIMESTAMP('dd/MM/yyyy HH:mm:ss', REPORTED_AT),
        TSDIFF(CHAR_TO_TIMESTAMP('dd/MM/yyyy HH:mm:ss', REPORTED_AT), EVENT_TIME),
        CAST(ROUND(TEMPERATURE * 9 / 5 + 32, 1) AS DECIMAL(5,1)),
        ABS(TEMPERATURE - 21.0),
        6.112 * EXP(17.62 * TEMPERATURE / (243.12 + TEMPERATURE)),
        243.12 * (LN(HUMIDITY / 100) + 17.62 * TEMPERATURE / (243.12 + TEMPERATURE))
            / (17.62 - (LN(HUMIDITY / 100)
                        + 17.62 * TEMPERATURE / (243.12 + TEMPERATURE))),
        SQRT(POWER(VIB_X, 2) + POWER(VIB_Y, 2)),
        CEIL(BATTERY_V * 10) / 10,
        CASE
            WHEN DOOR_OPEN IS NULL THEN 'n/a'
            WHEN DOOR_OPEN THEN 'open'
            ELSE 'closed'
        END,
        CURRENT_ROW_TIMESTAMP
    FROM "SENSOR_READINGS";
