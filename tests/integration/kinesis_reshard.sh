#!/bin/bash
# Kinesis resharding (issue 5), mid-run: `streamsql run` reads a 4-shard
# stream the SDK filled with the first half of 20,000 keyed records; while it
# runs, the SDK splits shard 0 and merges shards 2 and 3, then puts the second
# half, which lands in the children, and finally one far-future record per key
# so that every window of the data closes. The run must find the children by
# listing the shards again, read each closed parent to its end before its
# children, and read no record twice or never: once the results are out it is
# stopped (SIGINT; the last, far-future windows flush), and the rows are
# exactly the oracle's, with no error.
. "$(dirname "$0")/lib/kinesis.sh"

start_kinesis
make_input 20000 9
head -n 10000 input.jsonl >first.jsonl
tail -n +10001 input.jsonl >second.jsonl
python3 - <<'PY'
import json
with open("last.jsonl", "w") as f:
    for k in range(100):
        f.write(json.dumps({"TS": 1767225600000 + 3600000, "K": "key%02d" % k, "V": k}, separators=(",", ":")) + "\n")
PY
cat last.jsonl >>input.jsonl # the oracle's input: everything put
sdk create in 4
sdk create out 2
sdk put in first.jsonl
write_app app.sql in out 10
"$STREAMSQL" run app.sql >run.out 2>run.err &
run=$!
pids+=("$run")
read_calls() { [ "$(proxy_stats requests.GetRecords)" -ge "$1" ]; }
wait_until 30 "the first half read" "$run" read_calls 8
sdk split in shardId-000000000000
sdk merge in shardId-000000000002 shardId-000000000003
sdk shards in >shards.txt
[ "$(lines shards.txt)" -eq 7 ] || die "want 7 shards after a split and a merge: $(cat shards.txt)"
sdk put in second.jsonl
sdk put in last.jsonl
# Every window of the data (300 rows) is out once the run has read the
# children (found within 10 s) up to the far-future records.
# (The SDK takes a while to start: poll once a second.)
for try in $(seq 60); do
    [ "$(sdk read out | wc -l)" -ge 300 ] && break
    kill -0 "$run" 2>/dev/null || die "streamsql run ended early: $(cat run.err)"
    [ "$try" -lt 60 ] || die "the results of both halves are not out after 60 s"
    sleep 1
done
kill -INT "$run"
wait_exit 60 "$run"
[ "$rc" -eq 0 ] || die "streamsql run: exit status $rc"
grep -q '20100 rows in, .* 0 errors' run.err || die "run summary: $(grep 'rows in' run.err)"
sdk read out >got.jsonl
python3 "$SS_SOURCE_DIR/tests/diff/check_output.py" --spec . --stream OUT --got got.jsonl --ignore-order \
    >compare.txt 2>&1 || die "results differ from the oracle's: $(head -30 compare.txt)"
cat compare.txt
echo "kinesis_reshard: all checks passed"
