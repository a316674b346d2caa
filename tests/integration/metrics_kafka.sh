#!/bin/bash
# Kafka consumer lag in /metrics (issue 7): with the broker slowed down (a
# 1 s round trip, fetches of a few messages), the application reading topic
# `in` is far behind, and streamsql_kafka_consumer_lag says so for every
# partition; with the broker at full speed again it catches up, and the lag
# of every partition goes to 0 with every record counted.
. "$(dirname "$0")/lib/kafka.sh"
command -v curl >/dev/null || die "curl is needed"

start_broker --topic in:2
make_input 400 5
# One message per batch: a fetch returns whole batches, so this is what
# makes a small fetch size mean a few messages.
produce input.jsonl in -X batch.num.messages=1 -X linger.ms=0
write_app app.sql lag out FALSE \
    "'kafka.max.partition.fetch.bytes' = '300', 'kafka.queued.max.messages.kbytes' = '1'"
send "rtt all 1000"
"$STREAMSQL" run app.sql --metrics 127.0.0.1:0 >run.out 2>run.err &
pid=$!
pids+=("$pid")
metrics_port "$pid" run.err

# lags OP N: every partition's lag series is there, and each OP N (-gt, -eq).
lags() {
    curl -sSf "http://127.0.0.1:$port/metrics" >now.prom || return 1
    local n=0 v
    for p in 0 1; do
        v=$(awk -v k="streamsql_kafka_consumer_lag{app=\"app\",stream=\"S\",topic=\"in\",partition=\"$p\"}" \
            '$1 == k { print $2 }' now.prom)
        [ -n "$v" ] && [ "$v" "$1" "$2" ] || return 1
        n=$((n + 1))
    done
    [ "$n" -eq 2 ]
}
records() { awk '$1 == "streamsql_source_records_total{app=\"app\",stream=\"S\"}" { print $2 }' now.prom; }

wait_until 120 "a lag on both partitions" "$pid" lags -gt 0
cp now.prom behind.prom
[ "$(records)" -lt 400 ] || die "lag reported with every record read"
send "rtt all 0"
caught_up() { lags -eq 0 && [ "$(records)" = 400 ]; }
wait_until 120 "caught up" "$pid" caught_up
grep "streamsql_kafka_consumer_lag" behind.prom now.prom
kill -TERM "$pid"
wait_exit 60 "$pid"
[ "$rc" -eq 0 ] || die "exit status $rc"
grep -q "400 rows in" run.err || die "summary: $(grep 'rows in' run.err)"
echo "metrics_kafka: ok"
