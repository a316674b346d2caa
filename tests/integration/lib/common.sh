# Shared by the integration tests that source a lib/*.sh (sourced, not run):
# where the binary and the build tree are, a private working directory that
# goes away with every process the test started, and the polling helpers.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository), SS_BUILD_DIR.
set -eu
: "${SS_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}"
: "${STREAMSQL:=${SS_BUILD_DIR:-$SS_SOURCE_DIR/build/release}/streamsql}"
STREAMSQL=$(realpath "$STREAMSQL")
[ -x "$STREAMSQL" ] || { echo "FAIL: no streamsql binary at $STREAMSQL" >&2; exit 1; }
: "${SS_BUILD_DIR:=$(dirname "$STREAMSQL")}"
SS_BUILD_DIR=$(realpath "$SS_BUILD_DIR")

tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done
    [ -n "${KEEP_TMP:-}" ] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"

# Stops at the first failure: later steps depend on the earlier ones.
die() {
    echo "FAIL: $*" >&2
    for f in "$tmp"/*.err; do
        [ -s "$f" ] || continue
        echo "--- $(basename "$f") (last 30 lines):" >&2
        tail -n 30 "$f" | sed 's/^/    /' >&2
    done
    exit 1
}

# wait_until SECONDS WHAT PID COMMAND...: polls COMMAND every 50 ms until it
# succeeds; fails after SECONDS or as soon as process PID (if not empty) is gone.
wait_until() {
    local secs=$1 what=$2 pid=$3
    shift 3
    local tries=$((secs * 20))
    until "$@"; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            die "$what: process $pid exited first"
        fi
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || die "$what: not within ${secs}s"
        sleep 0.05
    done
}

# wait_exit SECONDS PID: waits for PID to end; sets $rc to its exit status.
wait_exit() {
    local tries=$(($1 * 20))
    while kill -0 "$2" 2>/dev/null; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || die "process $2 still running after $1s"
        sleep 0.05
    done
    rc=0
    wait "$2" || rc=$?
}

# crash_runs KILLS LO HI COMMAND...: starts COMMAND again and again (run N's
# stdout and stderr in runN.out and runN.err), killing it with SIGKILL a
# random LO..HI seconds after each start (then after before_kill, a function
# the caller may define), until KILLS kills have landed; the run after that
# must end by itself with exit 0. Sets $kills and $runs.
before_kill() { :; }
crash_runs() {
    local wanted=$1 lo=$2 hi=$3 pid
    shift 3
    kills=0 runs=0
    while :; do
        runs=$((runs + 1))
        [ "$runs" -le $((wanted * 2 + 50)) ] || die "no run reached the end in $runs attempts"
        "$@" >"run$runs.out" 2>"run$runs.err" &
        pid=$!
        pids+=("$pid")
        if [ "$kills" -lt "$wanted" ]; then
            sleep "$(python3 -c 'import random, sys; print(round(random.uniform(*map(float, sys.argv[1:])), 2))' "$lo" "$hi")"
            before_kill
            if kill -9 "$pid" 2>/dev/null; then
                wait "$pid" 2>/dev/null || true
                kills=$((kills + 1))
                continue
            fi
        fi
        wait_exit 600 "$pid"
        [ "$rc" -eq 0 ] || die "run $runs: exit status $rc: $(tail -5 "run$runs.err")"
        break
    done
    [ "$kills" -ge "$wanted" ] || die "only $kills kills landed before the input ended"
}

# metrics_port PID ERRFILE: waits until `run --metrics 127.0.0.1:0` (process
# PID, stderr in ERRFILE) says where it serves; sets $port to the port.
metrics_port() {
    wait_until 30 "the metrics address" "$1" grep -q "metrics at http" "$2"
    port=$(sed -n 's|^streamsql: metrics at http://127\.0\.0\.1:\([0-9]*\)/metrics$|\1|p' "$2")
}

# metric_value FILE SAMPLE: the value of SAMPLE (a metric's name and labels,
# exactly as written) in the Prometheus text FILE; "none" if it is not there.
metric_value() { awk -v k="$2" '$1 == k { print $2; found = 1 } END { if (!found) print "none" }' "$1"; }

lines() { wc -l <"$1"; }
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }

# make_input ROWS SEED: input.jsonl, ROWS records of 100 keys over event time,
# each up to 2 s out of order (under the 3 s watermark delay, so no record is
# late whichever way the partitions or shards interleave), and spec.py, the
# application of write_app (lib/kafka.sh, lib/kinesis.sh) restated for the
# oracle. Shared by the Kafka and Kinesis tests.
make_input() {
    python3 - "$1" "$2" <<'PY'
import json, random, sys
rows, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
base = 1767225600000  # 2026-01-01 00:00:00 UTC
with open("input.jsonl", "w") as f:
    for i in range(rows):
        ts = base + i + rnd.randrange(2000)
        f.write(json.dumps({"TS": ts, "K": "key%02d" % rnd.randrange(100), "V": rnd.randrange(-1000, 100000)},
                           separators=(",", ":")) + "\n")
PY
    cat >spec.py <<'PY'
CASE = {
    "sources": {
        "S": {"file": "input.jsonl", "format": "json", "rowtime": "TS", "delay": "3 SECOND",
              "columns": [("TS", "TIMESTAMP"), ("K", "VARCHAR(8)"), ("V", "INTEGER")]},
    },
    "streams": {
        "OUT": [("W", "TIMESTAMP"), ("K", "VARCHAR(8)"), ("N", "BIGINT"), ("TOTAL", "BIGINT"),
                ("LO", "INTEGER"), ("HI", "INTEGER")],
    },
    "pumps": [{
        "from": "S", "into": "OUT", "kind": "tumble", "size": "10 SECOND",
        "keys": [("K", "k")],
        "aggs": [("n", "COUNT(*)"), ("s", "SUM(v)"), ("lo", "MIN(v)"), ("hi", "MAX(v)")],
        "select": ["WIN_START", "K", "n", "s", "lo", "hi"],
    }],
    "outputs": ["OUT"],
}
PY
}
