-- examples/kinesis_minute_aggregates.sql: per-minute statistics from one Kinesis
-- stream to another, the shape of most KDA applications.
--
-- What it does: reads IoT sensor readings (JSON records) from the Kinesis stream
-- `sensor-readings` and writes, for each device and each minute of event time, the
-- number of readings, the readings with a temperature, the lowest, highest and
-- average temperature, the lowest battery voltage and an OVERHEAT/OK status to the
-- Kinesis stream `sensor-minutes`, one JSON record per result, partition key the
-- device. The SQL below is a KDA application as it was; only the WITH clauses
-- (the bindings KDA kept in its input and output configuration) are streamsql's.
--
-- Run locally (from the repository root; README.md, "Kinesis", installs kinesalite
-- and the AWS SDK client used here):
--     build/kinesis/node_modules/.bin/kinesalite --port 4567            # terminal 1
--     # terminal 2: credentials are required, kinesalite accepts any
--     export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1
--     export KINESIS_NPM_DIR=build/kinesis
--     kin() { node tests/kinesis/client.mjs --endpoint http://localhost:4567 "$@"; }
--     kin create sensor-readings 4 && kin create sensor-minutes 2
--     kin put sensor-readings examples/data/iot_sensors.jsonl --key device_id
--     build/release/streamsql run examples/kinesis_minute_aggregates.sql
--     kin read sensor-minutes --meta                  # shard, sequence, key, record
-- (or fill `sensor-readings` from Kafka with examples/kafka_to_kinesis.sql.)
-- On AWS: credentials and region from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
-- AWS_SESSION_TOKEN and AWS_REGION, and the endpoint on the command line:
--     --set SOURCE_SQL_STREAM_001.KINESIS_ENDPOINT=https://kinesis.eu-west-1.amazonaws.com
--     --set DESTINATION_SQL_STREAM.KINESIS_ENDPOINT=https://kinesis.eu-west-1.amazonaws.com
--
-- Expected: 120 records (12 devices x 10 minutes) in `sensor-minutes`, e.g.
--   sensor-01  {"MINUTE_START":"2026-11-22 10:00:00.000","DEVICE_ID":"sensor-01",
--               "SITE":"plant-a","READINGS":12,"VALID_TEMPS":12,"MIN_TEMP":22.4,
--               "MAX_TEMP":23.34,"AVG_TEMP":22.91666666666667,"MIN_BATTERY_V":3.858,
--               "STATUS":"OK"}
-- sensor-07 is OVERHEAT at 10:07, 10:08 and 10:09 (highest 28.62, 31.08, 33.55).
-- Counts, minimums and maximums are those of examples/iot_minute_stats.sql, which
-- reads the data file directly. The order across devices depends on the shards.
--
-- Time: ROWTIME is the reading's EVENT_TIME, not the time Kinesis received it (that
-- is the APPROXIMATE_ARRIVAL_TIME column, which every Kinesis source has, as in
-- KDA). Each shard has its own watermark, its newest EVENT_TIME minus
-- WATERMARK_DELAY; the stream's is the lowest over the shards that are not idle. A
-- minute is written once the watermark passes its end; a reading that comes later
-- than that is `late` and goes to the error stream. STOP_AT_END = TRUE ends the run
-- once every shard is read to its end, writing the last minute too; remove it (or
-- --set SOURCE_SQL_STREAM_001.STOP_AT_END=FALSE) to run until Ctrl-C. A run starts
-- at TRIM_HORIZON (STARTING_POSITION = 'LATEST' for only new records); it does not
-- yet resume where an earlier run stopped (that comes with checkpoints).

CREATE OR REPLACE STREAM "SOURCE_SQL_STREAM_001" (
    DEVICE_ID   VARCHAR(16),
    SITE        VARCHAR(16),
    EVENT_TIME  TIMESTAMP,
    TEMPERATURE DOUBLE,
    BATTERY_V   DOUBLE
) WITH (
    KINESIS_STREAM   = 'sensor-readings',
    KINESIS_ENDPOINT = 'http://localhost:4567',
    ROWTIME          = 'EVENT_TIME',
    -- Readings arrive up to ~4 s out of order; 5 s puts them back in their minute.
    WATERMARK_DELAY  = INTERVAL '5' SECOND,
    STOP_AT_END      = TRUE
);

CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    MINUTE_START  TIMESTAMP,
    DEVICE_ID     VARCHAR(16),
    SITE          VARCHAR(16),
    READINGS      INTEGER,
    VALID_TEMPS   INTEGER,
    MIN_TEMP      DOUBLE,
    MAX_TEMP      DOUBLE,
    AVG_TEMP      DOUBLE,
    MIN_BATTERY_V DOUBLE,
    STATUS        VARCHAR(8)
) WITH (
    KINESIS_STREAM   = 'sensor-minutes',
    KINESIS_ENDPOINT = 'http://localhost:4567',
    -- One device's minutes in one shard, in order.
    PARTITION_KEY    = 'DEVICE_ID'
);

CREATE OR REPLACE PUMP "MINUTE_PUMP" AS
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM
        FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE) AS MINUTE_START,
        DEVICE_ID,
        SITE,
        COUNT(*)           AS READINGS,
        COUNT(TEMPERATURE) AS VALID_TEMPS,
        MIN(TEMPERATURE)   AS MIN_TEMP,
        MAX(TEMPERATURE)   AS MAX_TEMP,
        AVG(TEMPERATURE)   AS AVG_TEMP,
        MIN(BATTERY_V)     AS MIN_BATTERY_V,
        CASE WHEN MAX(TEMPERATURE) >= 28 THEN 'OVERHEAT' ELSE 'OK' END AS STATUS
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY DEVICE_ID, SITE, FLOOR("SOURCE_SQL_STREAM_001".ROWTIME TO MINUTE);
