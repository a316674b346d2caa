#!/bin/bash
# Checkpoints over Kafka (issue 6): kcat produces 100,000 keyed records to a
# 4-partition topic; `streamsql run --checkpoint` aggregates them into a
# result topic and is killed with SIGKILL at random moments, then restarted
# from its checkpoint, until it reaches the end of the input. kcat then reads
# the result topic: exactly the oracle's rows, none missing, none twice, even
# though killed runs had written results after their last checkpoint.
. "$(dirname "$0")/lib/kafka.sh"

kills_wanted=${KAFKA_CRASH_KILLS:-8}
start_broker
make_input 100000 3
produce input.jsonl in -X batch.num.messages=50
# Slow enough reading (one small batch per fetch, 20 ms a round trip) that a
# run lasts seconds and the kills land all through it; with more kills
# (KAFKA_CRASH_KILLS=N; scripts/test-crash runs 50), slower round trips.
send "rtt all $((kills_wanted > 13 ? kills_wanted * 3 / 2 : 20))"
write_app app.sql crash out TRUE "'kafka.max.partition.fetch.bytes' = '1000', 'kafka.fetch.wait.max.ms' = '10'"

crash_runs "$kills_wanted" 0.3 1.5 "$STREAMSQL" run app.sql --checkpoint ck.db --checkpoint-interval 50ms
grep -q "not written again" run*.err || echo "note: no killed run had written past its last checkpoint" >&2
consume out out.jsonl
expect_exact out.jsonl
echo "kafka_crash: $kills kills in $runs runs; all checks passed"
