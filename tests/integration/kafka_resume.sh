#!/bin/bash
# Kafka stop and resume (issue 4): `streamsql run` reads 100,000 keyed records
# and is stopped with SIGINT part way through. It must exit 0, say that the
# windows still open were not emitted, and commit only the positions whose
# results are out. A second run in the same consumer group, to the end of the
# topic, resumes from there, replays what the first run accounted for, and
# completes the rest: the result topic must hold exactly the oracle's rows.
# Then the same with a stop before any watermark exists (empty partitions).
. "$(dirname "$0")/lib/kafka.sh"

start_broker
make_input 100000 5
produce input.jsonl in -X batch.num.messages=20
send "rtt all 20"
slow="'kafka.max.partition.fetch.bytes' = '1000', 'kafka.fetch.wait.max.ms' = '10'"
write_app first.sql resume out FALSE "$slow"
write_app second.sql resume out TRUE "$slow"
"$STREAMSQL" run first.sql >first.out 2>first.err &
first=$!
pids+=("$first")
first_results() { [ "$(count out)" -gt 0 ]; }
wait_until 60 "first run: first results" "$first" first_results
kill -INT "$first"
wait_exit 60 "$first"
[ "$rc" -eq 0 ] || die "first run: exit status $rc after SIGINT, want 0"
grep -q 'stopped; windows still open were not emitted' first.err || die "first run: no word about open windows"
in=$(sed -n 's/^streamsql: \([0-9]*\) rows in.*/\1/p' first.err)
[ -n "$in" ] && [ "$in" -lt 100000 ] || die "first run read '$in' rows: it was not stopped part way"
out_first=$(count out)
[ "$out_first" -lt 1100 ] || die "first run wrote every window ($out_first) before it was stopped"

send "rtt all 0"
timeout 120 "$STREAMSQL" run second.sql >second.out 2>second.err || die "second run: exit status $?"
grep -q 'replayed' second.err || die "second run replayed nothing: $(grep 'rows' second.err)"
consume out got.jsonl
expect_exact got.jsonl

# ---- a stop before the watermark exists: nothing may be counted out ----
# Two of the four partitions of `sparse` stay empty, so the watermark is not
# defined (for IDLE_TIMEOUT, 30 s) and no window can close: a stop then must
# commit no position past any row, and the next run produces every result.
send "topic sparse 4"
printf '%s\n' '{"TS":"2026-01-01 00:00:01","K":"a","V":1}' '{"TS":"2026-01-01 00:00:15","K":"a","V":2}' |
    timeout 30 kcat -P -b "$brokers" -t sparse -p 0 2>>produce.err || die "kcat could not produce to sparse"
printf '%s\n' '{"TS":"2026-01-01 00:00:02","K":"b","V":3}' '{"TS":"2026-01-01 00:00:25","K":"b","V":4}' |
    timeout 30 kcat -P -b "$brokers" -t sparse -p 1 2>>produce.err || die "kcat could not produce to sparse"
IN_TOPIC=sparse write_app sparse1.sql sparse sparse-out FALSE
IN_TOPIC=sparse write_app sparse2.sql sparse sparse-out TRUE
"$STREAMSQL" run sparse1.sql --metrics 127.0.0.1:0 >sparse1.out 2>sparse1.err &
sparse1=$!
pids+=("$sparse1")
# Stopped once it has read the 4 rows (after the group join, about 3 s), as
# its /metrics tells: a fixed sleep would race a slow machine. No result can
# come before the stop.
metrics_port "$sparse1" sparse1.err
read_four() {
    curl -sf "http://127.0.0.1:$port/metrics" >sparse1.metrics &&
        [ "$(metric_value sparse1.metrics 'streamsql_source_records_total{app="sparse1",stream="S"}')" = 4 ]
}
wait_until 60 "the sparse first run reading its 4 rows" "$sparse1" read_four
kill -INT "$sparse1"
wait_exit 60 "$sparse1"
[ "$rc" -eq 0 ] || die "sparse first run: exit status $rc after SIGINT"
grep -q '^streamsql: 4 rows in, 0 rows out' sparse1.err ||
    die "sparse first run: $(grep 'rows in' sparse1.err)"
timeout 60 "$STREAMSQL" run sparse2.sql >sparse2.out 2>sparse2.err || die "sparse second run: exit status $?"
consume sparse-out sparse.jsonl
python3 - <<'PY' || die "results of sparse after the stop: $(cat sparse.jsonl)"
import json, sys
rows = sorted((r["K"], r["W"], r["N"], r["TOTAL"]) for r in map(json.loads, open("sparse.jsonl")))
want = [("a", "2026-01-01 00:00:00.000", 1, 1), ("a", "2026-01-01 00:00:10.000", 1, 2),
        ("b", "2026-01-01 00:00:00.000", 1, 3), ("b", "2026-01-01 00:00:20.000", 1, 4)]
sys.exit(0 if rows == want else 1)
PY
echo "kafka_resume: all checks passed (first run: $in rows in, $out_first results)"
