#!/bin/bash
# Kinesis in /metrics (issue 7): a run reading the 2 shards of stream `in`
# shows streamsql_kinesis_millis_behind_latest for each shard, from the
# GetRecords answers it gets anyway (kinesalite always says 0, so only the
# series and their values as answered are checked), and counts the records
# the SDK put.
. "$(dirname "$0")/lib/kinesis.sh"

start_kinesis
make_input 300 6
sdk create in 2
sdk put in input.jsonl
cat >app.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KINESIS_STREAM = 'in', KINESIS_ENDPOINT = '$endpoint', ROWTIME = 'TS',
        STARTING_POSITION = 'TRIM_HORIZON');
CREATE STREAM OUT (K VARCHAR(8), V INTEGER);
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K, V FROM S;
SQL
"$STREAMSQL" run app.sql --metrics 127.0.0.1:0 --output OUT=out.jsonl >run.out 2>run.err &
pid=$!
pids+=("$pid")
metrics_port "$pid" run.err

# Both shards' series, as kinesalite answers (0), and every record read.
shown() {
    curl -sSf "http://127.0.0.1:$port/metrics" >now.prom || return 1
    [ "$(grep -c '^streamsql_kinesis_millis_behind_latest{app="app",stream="S",shard="shardId-[0-9]*"} 0$' now.prom)" = 2 ] &&
        grep -q '^streamsql_source_records_total{app="app",stream="S"} 300$' now.prom
}
wait_until 60 "both shards in /metrics" "$pid" shown
grep streamsql_kinesis_millis_behind_latest now.prom
kill -TERM "$pid"
wait_exit 60 "$pid"
[ "$rc" -eq 0 ] || die "exit status $rc"
echo "metrics_kinesis: ok"
