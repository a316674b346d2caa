#!/bin/bash
# Kafka broker outages (issue 4): while `streamsql run` is part way through
# 100,000 keyed records, the brokers go down (rd_kafka_mock_broker_set_down
# through `streamsql broker`'s control channel) and come back: once for 4 s
# (shorter than the 10 s session timeout: the group holds), once for 14 s (the
# session times out, the assignment is lost and comes back to the same
# process). Each run must name the lost brokers on stderr, carry on when they
# return, and end with exactly the oracle's rows on its result topic: nothing
# lost (the source waited, the sink buffered), nothing twice (rows re-read
# after the loss are replays; the sink's retries are idempotent). IDLE_TIMEOUT
# is 0: a partition counts as idle the moment it has nothing waiting, so the
# results are exact only if one not yet read to its end (before, during and
# after an outage) holds the watermark back, however long it is silent.
#
# The results go to a second cluster, down and up with the first, for a
# reason of the mock's: it keeps no producer sequence state, so unlike a real
# broker it cannot discard a batch the idempotent producer re-sends. Were a
# result batch appended while its response was held back by the input
# cluster's round-trip delay, the outage would drop the response and the
# mock append the batch twice. The results' cluster has no delay: a response
# leaves as soon as its batch is appended.
. "$(dirname "$0")/lib/kafka.sh"

start_broker
start_cluster results 4
rpid=$cluster_pid
OUT_BROKERS=$cluster_brokers
make_input 100000 7
# Small batches and one batch per fetch, with 5 ms a round trip: reading takes
# several seconds, so each outage falls in the middle of its run.
produce input.jsonl in -X batch.num.messages=50
send "rtt all 5"

# outage SECONDS NAME: one run (group NAME, results to topic NAME) with the
# broker down SECONDS in the middle.
outage() {
    local secs=$1 name=$2
    write_app "$name.sql" "$name" "$name" TRUE \
        "'kafka.max.partition.fetch.bytes' = '1000', 'kafka.fetch.wait.max.ms' = '10', IDLE_TIMEOUT = INTERVAL '0' SECOND"
    "$STREAMSQL" run "$name.sql" >"$name.out" 2>"$name.err" &
    local run=$!
    pids+=("$run")
    # Mid-run: some results are out, so the source is reading and the sink writing.
    first_results() { [ "$(count "$name")" -gt 0 ]; }
    wait_until 60 "$name: first results" "$run" first_results
    send "down all"
    send_to results 4 "$rpid" "down all"
    sleep "$secs"
    kill -0 "$run" 2>/dev/null || die "$name: streamsql ended during the outage"
    grep -q "warning: stream S: .*$brokers.*unreachable" "$name.err" || die "$name: no warning naming the broker $brokers"
    grep -q "warning: stream OUT: .*$OUT_BROKERS.*unreachable" "$name.err" ||
        die "$name: no warning naming the broker $OUT_BROKERS"
    send "up all"
    send_to results 4 "$rpid" "up all"
    wait_exit 120 "$run"
    [ "$rc" -eq 0 ] || die "$name: streamsql run: exit status $rc"
    grep -q "reachable again" "$name.err" || die "$name: the return of the brokers was not reported"
    grep -q '^streamsql: [0-9]* rows in, 1100 rows out, 0 errors' "$name.err" ||
        die "$name: run summary: $(grep 'rows in' "$name.err")"
    consume "$name" "$name.jsonl"
    expect_exact "$name.jsonl"
}

outage 4 short
grep -q 'lost to a rebalance' short.err && die "short: a 4 s outage cost the group its assignment"
outage 14 long
grep -q 'lost to a rebalance' long.err || die "long: a 14 s outage did not cost the assignment (the test misses its case)"
echo "kafka_outage: all checks passed"
