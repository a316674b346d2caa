-- examples/kafka_to_kinesis.sql: a bridge from a Kafka topic to a Kinesis data
-- stream, the job Kafka Connect's Kinesis sink connector used to do.
--
-- What it does: reads the IoT sensor readings from Kafka topic `sensors` (one JSON
-- object a message, keyed by device) and writes each reading, unchanged in meaning,
-- as one record to the Kinesis stream `sensor-readings`, with the device id as the
-- partition key (PARTITION_KEY), so that every reading of a device lands in one
-- shard, in order. examples/kinesis_minute_aggregates.sql reads that stream.
--
-- Run locally (from the repository root) against `streamsql broker` and kinesalite
-- (README.md, "Kinesis", installs kinesalite and the AWS SDK client used here):
--     build/release/streamsql broker --port 9092                        # terminal 1
--     build/kinesis/node_modules/.bin/kinesalite --port 4567            # terminal 2
--     # terminal 3: credentials are required, kinesalite accepts any
--     export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1
--     export KINESIS_NPM_DIR=build/kinesis
--     node tests/kinesis/client.mjs --endpoint http://localhost:4567 create sensor-readings 4
--     sed -E 's/.*"device_id": "([^"]*)".*/\1\t&/' examples/data/iot_sensors.jsonl |
--         kcat -b localhost:9092 -t sensors -P -K$'\t'                # 1,440 readings
--     build/release/streamsql run examples/kafka_to_kinesis.sql
--     node tests/kinesis/client.mjs --endpoint http://localhost:4567 read sensor-readings --meta
-- On AWS: the stream must exist (aws kinesis create-stream ...), credentials and
-- region come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
-- AWS_REGION, and the endpoint is given on the command line instead of kinesalite's:
--     --set KINESIS_READINGS.KINESIS_ENDPOINT=https://kinesis.eu-west-1.amazonaws.com
-- Another Kafka cluster: --set KAFKA_READINGS.KAFKA_BROKERS=HOST:PORT (TLS and SASL
-- as 'kafka.<property>' keys, docs/KAFKA.md).
--
-- Expected: 1,440 records in `sensor-readings`, one per reading, each shard in
-- event-time order, keyed by device:
--   sensor-01  {"DEVICE_ID":"sensor-01","SITE":"plant-a","EVENT_TIME":"2026-11-22 10:00:00.130",
--               "TEMPERATURE":22.75,"HUMIDITY":41.9,"BATTERY_V":3.87,"BUILDING":"A1","FLOOR_NO":0}
-- STOP_AT_END = TRUE ends the run once every partition of `sensors` has been read;
-- to run the bridge as a service, remove it (or --set KAFKA_READINGS.STOP_AT_END=FALSE):
-- it then copies readings as they come until Ctrl-C, and the next run of the same
-- consumer group (streamsql-kafka_to_kinesis-KAFKA_READINGS) goes on from the
-- offsets it committed, which only ever cover readings Kinesis has accepted.
--
-- What a KDA user should know:
-- - A record is decoded into the columns below and encoded again: keys that are not
--   columns are dropped, names come out as declared (upper case), timestamps as
--   "YYYY-MM-DD HH:MM:SS.fff". MAPPING flattens the nested `location` object, as a
--   KDA input schema's RecordColumns Mapping did.
-- - ROWTIME is the reading's own event time, so the bridge writes the readings in
--   event-time order (held back by up to WATERMARK_DELAY), and every shard of the
--   Kinesis stream is in event-time order for the applications that read it.
--   Without ROWTIME it would be the Kafka message timestamp, and messages of several
--   partitions produced in the same millisecond would interleave in any order.
-- - Kinesis takes a record at least once: a PutRecords call that failed in
--   transit is sent again, so after a network failure a reading may be written
--   twice, and a record the service refused (throttled) and that was sent again
--   lands after later ones of its device (docs/KINESIS.md).

CREATE OR REPLACE STREAM "KAFKA_READINGS" (
    DEVICE_ID   VARCHAR(16),
    SITE        VARCHAR(16),
    EVENT_TIME  TIMESTAMP,
    TEMPERATURE DOUBLE,
    HUMIDITY    DOUBLE,
    BATTERY_V   DOUBLE,
    BUILDING    VARCHAR(8) MAPPING '$.location.building',
    FLOOR_NO    INTEGER    MAPPING '$.location.floor'
) WITH (
    KAFKA_TOPIC     = 'sensors',
    -- No KAFKA_BROKERS: STREAMSQL_KAFKA_BROKERS, else localhost:9092.
    ROWTIME         = 'EVENT_TIME',
    -- Readings reach the gateway up to ~4 s out of order.
    WATERMARK_DELAY = INTERVAL '5' SECOND,
    STOP_AT_END     = TRUE
);

CREATE OR REPLACE STREAM "KINESIS_READINGS" (
    DEVICE_ID   VARCHAR(16),
    SITE        VARCHAR(16),
    EVENT_TIME  TIMESTAMP,
    TEMPERATURE DOUBLE,
    HUMIDITY    DOUBLE,
    BATTERY_V   DOUBLE,
    BUILDING    VARCHAR(8),
    FLOOR_NO    INTEGER
) WITH (
    KINESIS_STREAM   = 'sensor-readings',
    -- kinesalite's default port; for AWS, --set as above (or leave the key out:
    -- the default is https://kinesis.$AWS_REGION.amazonaws.com).
    KINESIS_ENDPOINT = 'http://localhost:4567',
    PARTITION_KEY    = 'DEVICE_ID'
);

CREATE OR REPLACE PUMP "BRIDGE_PUMP" AS
    INSERT INTO "KINESIS_READINGS"
    SELECT STREAM DEVICE_ID, SITE, EVENT_TIME, TEMPERATURE, HUMIDITY, BATTERY_V,
                  BUILDING, FLOOR_NO
    FROM "KAFKA_READINGS";
