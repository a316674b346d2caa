#!/bin/bash
# Kafka rebalance (issue 4): `streamsql run` A reads 100,000 keyed records from
# the 4 partitions of `in`; part way through, a second process B joins the same
# consumer group. The group rebalances: A commits what is out and hands over
# some partitions, B takes them over from A's commit, replaying what A already
# accounted for. Together they must write exactly the oracle's rows to `out`:
# no window lost, none twice. Both must have read, and each partition must have
# been read by one process only since the hand-off.
. "$(dirname "$0")/lib/kafka.sh"

start_broker
make_input 100000 11
# Small batches, one batch per fetch and 20 ms a round trip: A reads for about
# twenty seconds, so B joins in the middle.
produce input.jsonl in -X batch.num.messages=20
send "rtt all 20"
slow="'kafka.max.partition.fetch.bytes' = '1000', 'kafka.fetch.wait.max.ms' = '10'"
write_app app.sql shared out TRUE "$slow"
# Periodic commits off: a commit in flight when the group rebalances is refused
# by the mock cluster and costs the assignment (then results may come twice).
"$STREAMSQL" run app.sql --checkpoint-interval 10m >a.out 2>a.err &
a=$!
pids+=("$a")
first_results() { [ "$(count out)" -gt 0 ]; }
wait_until 60 "A: first results" "$a" first_results
"$STREAMSQL" run app.sql --checkpoint-interval 10m >b.out 2>b.err &
b=$!
pids+=("$b")
wait_exit 120 "$a"
[ "$rc" -eq 0 ] || die "A: exit status $rc"
wait_exit 120 "$b"
[ "$rc" -eq 0 ] || die "B: exit status $rc"
for p in a b; do
    grep -q 'lost to a rebalance' "$p.err" && die "$p: lost its assignment (at-least-once, not the case tested)"
    in=$(sed -n 's/^streamsql: \([0-9]*\) rows in.*/\1/p' "$p.err")
    [ -n "$in" ] && [ "$in" -gt 0 ] || die "$p: read no rows (the group did not split the partitions)"
    [ "$in" -lt 100000 ] || die "$p: read all $in rows alone (no hand-off happened)"
done
consume out got.jsonl
expect_exact got.jsonl
echo "kafka_rebalance: all checks passed (A read $(sed -n 's/^streamsql: \([0-9]*\) rows in.*/\1/p' a.err)," \
    "B $(sed -n 's/^streamsql: \([0-9]*\) rows in.*/\1/p' b.err) rows)"
