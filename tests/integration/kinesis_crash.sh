#!/bin/bash
# Checkpoints over Kinesis (issue 6): the AWS SDK puts 20,000 keyed records
# into the 4 shards of stream `in`; `streamsql run --checkpoint` computes
# 2-second tumbling windows per key into stream `out` (results all through
# the run, not only at its end) and is killed with
# SIGKILL at random moments, then restarted from its checkpoint, until it
# reaches the end of the input. The proxy answers GetRecords with at most 50
# records, so a run takes about 20 s and the kills land all through it
# (KINESIS_CRASH_KILLS=N: N kills, and fewer records a call; scripts/test-crash
# runs 50).
#
# Kinesis outputs are at-least-once: records a killed run sent after its last
# checkpoint are sent again. Every record carries `_seq`, the same for every
# copy of a row, so the SDK's reading of `out` must be: every copy of a _seq
# identical, the _seq numbers 1..N of one output id without a gap, and the
# rows, one per _seq, exactly the oracle's. Reading the input again from a
# wrong position, or losing window state, would change the counts and sums.
#
# Then STARTING_POSITION = 'LATEST' across a restart: a run that read nothing
# is stopped; records put while nothing runs are read by the next run.
. "$(dirname "$0")/lib/kinesis.sh"

kills_wanted=${KINESIS_CRASH_KILLS:-6}
start_kinesis
make_input 20000 11
sed -i 's/"size": "10 SECOND"/"size": "2 SECOND"/' spec.py
sdk create in 4
sdk create out 2
sdk put in input.jsonl
# The more kills, the slower the reading: about 1000/cap seconds for a run.
set_faults "cap:GetRecords:$((kills_wanted > 6 ? 150 / kills_wanted : 50))"
write_app app.sql in out 2 ", STOP_AT_END = TRUE"

# put_calls: PutRecords calls the proxy has seen (0 before the first). Not
# proxy_stats: its Python start-up makes a poll too slow to kill before the
# next checkpoint, and then no run resends anything.
put_calls() {
    local n
    n=$(curl -sf "$endpoint/_proxy/stats" | grep -o '"PutRecords":[0-9]*' | cut -d: -f2)
    echo "${n:-0}"
}

# Every other kill lands just after a PutRecords call (or 1.5 s on), most
# likely before the next checkpoint: rows the restored run must send again.
before_kill() {
    [ $((kills % 2)) -eq 1 ] || return 0
    local puts give_up
    puts=$(put_calls)
    give_up=$(($(date +%s%N) / 1000000 + 1500))
    while [ "$(put_calls)" -eq "$puts" ] && [ "$(($(date +%s%N) / 1000000))" -lt "$give_up" ]; do
        sleep 0.01
    done
}
crash_runs "$kills_wanted" 0.5 1.5 "$STREAMSQL" run app.sql --checkpoint ck.db --checkpoint-interval 300ms
grep -q "resuming from checkpoint" "run$runs.err" || die "the last run did not resume: $(head -5 "run$runs.err")"
echo "last run: $(grep 'rows in' "run$runs.err") (crash runs done after ${SECONDS}s)"

sdk read out >got_all.jsonl
python3 - got_all.jsonl got.jsonl <<'PY' || die "the copies in 'out' are not one row per _seq"
import json, re, sys
by_seq = {}
copies = 0
for line in open(sys.argv[1]):
    rec = json.loads(line)
    seq = rec.pop("_seq", None)
    if seq is None or not re.fullmatch(r"[0-9a-f]{16}-[1-9][0-9]*", seq):
        sys.exit("a record without a valid _seq: " + line.strip())
    copies += 1
    if seq in by_seq and by_seq[seq] != rec:
        sys.exit("two different records with _seq %s: %s and %s" % (seq, by_seq[seq], rec))
    by_seq[seq] = rec
ids = {s.split("-")[0] for s in by_seq}
numbers = sorted(int(s.split("-")[1]) for s in by_seq)
if len(ids) != 1:
    sys.exit("more than one output id: %s" % sorted(ids))
if numbers != list(range(1, len(numbers) + 1)):
    sys.exit("the _seq numbers have gaps: %d numbers up to %d" % (len(numbers), numbers[-1]))
(output_id,) = ids
with open(sys.argv[2], "w") as out:
    for n in numbers:
        out.write(json.dumps(by_seq["%s-%d" % (output_id, n)]) + "\n")
print("out: %d records, %d rows, %d sent again after a kill" % (copies, len(numbers), copies - len(numbers)))
PY
python3 "$SS_SOURCE_DIR/tests/diff/check_output.py" --spec . --stream OUT --got got.jsonl --ignore-order \
    >compare.txt 2>&1 || die "results differ from the oracle's: $(head -30 compare.txt)"
cat compare.txt

# ---- LATEST across a restart ----
set_faults ""
sdk create late 2
head -n 5 input.jsonl >before.jsonl
sed -n 6,25p input.jsonl >between.jsonl
sdk put late before.jsonl
cat >late.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KINESIS_STREAM = 'late', KINESIS_ENDPOINT = '$endpoint', STARTING_POSITION = 'LATEST');
CREATE STREAM OUT (K VARCHAR(8), V INTEGER);
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K, V FROM S;
SQL
"$STREAMSQL" run late.sql --checkpoint late.db --output OUT=late.out >late1.out 2>late1.err &
pid=$!
pids+=("$pid")
# Both shards caught up (each asked at least twice), then stopped.
wait_until 30 "the LATEST run reading" "$pid" python3 -c '
import sys, urllib.request, json
s = json.load(urllib.request.urlopen(sys.argv[1] + "/_proxy/stats"))
sys.exit(0 if s["requests"].get("GetRecords", 0) >= 4 else 1)' "$endpoint"
kill -TERM "$pid"
wait_exit 30 "$pid"
[ "$rc" -eq 0 ] || die "the LATEST run: exit status $rc: $(cat late1.err)"
[ ! -s late.out ] || die "the LATEST run read records put before it started: $(cat late.out)"
sdk put late between.jsonl
"$STREAMSQL" run late.sql --checkpoint late.db --output OUT=late.out >late2.out 2>late2.err &
pid=$!
pids+=("$pid")
wait_until 30 "the 20 records put between the runs" "$pid" has_lines late.out 20
kill -TERM "$pid"
wait_exit 30 "$pid"
[ "$rc" -eq 0 ] || die "the resumed LATEST run: exit status $rc: $(cat late2.err)"
python3 - between.jsonl late.out <<'PY' || die "the resumed LATEST run did not read exactly what was put between the runs"
import json, sys
want = sorted((r["K"], r["V"]) for r in map(json.loads, open(sys.argv[1])))
got = sorted((r["K"], r["V"]) for r in map(json.loads, open(sys.argv[2])))
if want != got:
    sys.exit("want %s\ngot  %s" % (want, got))
PY
echo "kinesis_crash: $kills kills in $runs runs; all checks passed in ${SECONDS}s"
