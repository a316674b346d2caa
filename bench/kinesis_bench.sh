#!/bin/bash
# bench/kinesis_bench.sh: records per second through Kinesis, measured against
# kinesalite on this machine (a benchmark, not a test: it checks its results
# and measures; nothing asserts a figure). BENCHMARKS.md, "Kinesis", has the
# figures and what limits them.
#
#   bench/kinesis_bench.sh [--rows N] [--shards N] [--runs N] [--sdk] [--perf] [--profile] [--keep]
#
# (a) write: `streamsql run` of a non-aggregating pump from a JSON-lines file
#     (the engine benchmark's records, 100 keys) into an N-shard stream
#     (default 4), PARTITION_KEY = the key: PutRecords batches of 500. The
#     stream is then read back with the AWS SDK and must hold every row once.
# (b) read: `streamsql run` of the engine benchmark's scenario (a), one-minute
#     tumbling COUNT/AVG/MIN/MAX per key, reading that stream with
#     STOP_AT_END = TRUE; its results must count every row once.
# records/s = rows / the run's wall time (the whole `streamsql run`, start-up
# and end of input included). Beside it: streamsql's CPU (user + sys, from
# wait4) and kinesalite's CPU over the same interval (from /proc), each as a
# share of one core and in microseconds per record (who is the bottleneck,
# and what each side costs), and streamsql's peak RSS. --sdk also times the AWS SDK for JavaScript
# doing the same PutRecords and GetRecords (tests/kinesis/client.mjs):
# kinesalite's speed with another client. --perf
# records a perf profile of each streamsql run (perf-write.data and
# perf-read.data, in the working directory it keeps and names). --profile
# records kinesalite with perf during each streamsql run (node with
# --perf-basic-prof, so that JavaScript functions have names) and prints where
# its time went; profiling slows it down, so take figures from runs without.
#
# kinesalite (3.3.3, from tests/kinesis/package-lock.json, installed into the
# build tree as the integration tests do) runs directly, without the tests'
# signature-checking proxy, in memory, on a loopback port the system picks.
# Env: STREAMSQL (default build/release/streamsql), SS_BUILD_DIR, KEEP_TMP=1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${SS_SOURCE_DIR:=$(dirname "$here")}"
export SS_SOURCE_DIR
# The integration tests' helpers: a private directory, npm_install, sdk, die.
. "$SS_SOURCE_DIR/tests/integration/lib/kinesis.sh"

rows=200000 shards=4 runs=1 with_sdk=false with_perf=false with_profile=false
while [ $# -gt 0 ]; do
    case $1 in
    --rows) rows=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --sdk) with_sdk=true; shift ;;
    --perf) with_perf=true KEEP_TMP=1; shift ;;
    --profile) with_profile=true; shift ;;
    --keep) KEEP_TMP=1; shift ;;
    *) echo "usage: $0 [--rows N] [--shards N] [--runs N] [--sdk] [--perf] [--profile] [--keep]" >&2; exit 2 ;;
    esac
done

npm_install
# --perf-basic-prof: perf can name the JIT-compiled JavaScript (--profile).
node $($with_profile && echo --perf-basic-prof) - >kinesalite.out 2>kinesalite.err <<'JS' &
const { createRequire } = require('node:module');
const req = createRequire(process.env.KINESIS_NPM_DIR + '/package.json');
const server = req('kinesalite')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 });
server.keepAliveTimeout = 600000;
server.listen(0, '127.0.0.1', () => console.log('endpoint http://127.0.0.1:' + server.address().port));
JS
kpid=$!
pids+=("$kpid")
trap 'cleanup; rm -f "/tmp/perf-$kpid.map"' EXIT
wait_until 30 "kinesalite start" "$kpid" grep -qs '^endpoint ' kinesalite.out
endpoint=$(sed -n 's/^endpoint //p' kinesalite.out)
kinesalite=$endpoint # the sdk helper's endpoint

# The engine benchmark's records: event time ascending, 10,000 rows a second,
# 100 keys, a million users.
python3 - "$rows" <<'PY'
import random, sys
rows = int(sys.argv[1])
rnd = random.Random(1)
base = 1767225600000  # 2026-01-01 00:00:00 UTC
with open("input.jsonl", "w") as f:
    for i in range(rows):
        f.write('{"ts":%d,"k":"key%02d","u":"user%06d","v":%.2f}\n'
                % (base + i // 10, rnd.randrange(100), rnd.randrange(1000000), rnd.uniform(0, 1000)))
PY

# timed NAME COMMAND...: runs COMMAND, prints "wall cpu kinesalite_cpu rss":
# COMMAND's wall time, its own CPU (user + sys, with its children) and
# kinesalite's CPU over the same interval, in seconds; COMMAND's peak RSS in MB.
timed() {
    local name=$1
    shift
    python3 - "$kpid" "$name" "$@" <<'PY'
import os, subprocess, sys, time
kpid, name, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
hz = os.sysconf("SC_CLK_TCK")
def kcpu():
    f = open("/proc/%d/stat" % kpid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / hz
k0, t0 = kcpu(), time.monotonic()
with open(name + ".out", "w") as out, open(name + ".err", "w") as err:
    p = subprocess.Popen(cmd, stdout=out, stderr=err)
    _, status, ru = os.wait4(p.pid, 0)
t1, k1 = time.monotonic(), kcpu()
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit("%s: exit status %d" % (name, os.waitstatus_to_exitcode(status)))
print("%.3f %.3f %.3f %.0f" % (t1 - t0, ru.ru_utime + ru.ru_stime, k1 - k0, ru.ru_maxrss / 1024))
PY
}

prof_start() {
    $with_profile || return 0
    perf record -q -F 999 -g -p "$kpid" -o "perf-kinesalite-$1.data" 2>/dev/null &
    perf_pid=$!
    sleep 0.5
}
# prof_stop NAME: stops perf and prints where kinesalite's time went: by
# binary or JIT, and the top symbols (self time).
prof_stop() {
    $with_profile || return 0
    kill -INT "$perf_pid"
    wait "$perf_pid" || true
    echo "kinesalite during $1:"
    for sort in dso sym; do
        perf report -i "perf-kinesalite-$1.data" --no-children --stdio --sort "$sort" -g none 2>/dev/null |
            grep -v -e '^#' -e '^$' | head -n "$([ $sort = dso ] && echo 4 || echo 12)" |
            sed -e 's|/[^ ]*/node_modules/||' -e 's/^/  /'
    done
}

perf_prefix() { if $with_perf; then echo "perf record -q -g -o perf-$1.data --"; fi; }

# report WHAT ROWS "WALL CPU KCPU RSS" [CLIENT]
report() {
    python3 -c '
import sys
what, rows, client, wall, cpu, kcpu, rss = sys.argv[1], int(sys.argv[2]), sys.argv[3], *map(float, sys.argv[4:])
print("%-30s %7d rows %7.3f s %6.0f records/s | %s CPU %5.1f%% of a core, %4.1f us/record, %4.0f MB"
      " | kinesalite CPU %5.1f%%, %4.1f us/record"
      % (what, rows, wall, rows / wall, client, 100 * cpu / wall, 1e6 * cpu / rows, rss, 100 * kcpu / wall,
         1e6 * kcpu / rows))' "$1" "$2" "${4:-streamsql}" $3
}

for run in $(seq 1 "$runs"); do
    s=bench$run
    sdk create "$s" "$shards"
    cat >write.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)
  WITH (FILE = 'input.jsonl', ROWTIME = 'TS');
CREATE STREAM OUT (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)
  WITH (KINESIS_STREAM = '$s', KINESIS_ENDPOINT = '$endpoint', PARTITION_KEY = 'K');
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM TS, K, U, V FROM S;
SQL
    prof_start write
    # shellcheck disable=SC2046 # perf_prefix: words or nothing
    w=$(timed write $(perf_prefix write) "$STREAMSQL" run write.sql) || die "$(cat write.err)"
    prof_stop write >profile-write.txt
    grep -q "$rows rows in, $rows rows out, 0 errors" write.err || die "write run: $(cat write.err)"
    report "(a) write, $shards shards" "$rows" "$w"

    cat >read.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(16), U VARCHAR(16), V DOUBLE)
  WITH (KINESIS_STREAM = '$s', KINESIS_ENDPOINT = '$endpoint', ROWTIME = 'TS', STOP_AT_END = TRUE);
CREATE STREAM OUT (K VARCHAR(16), W TIMESTAMP, N BIGINT, A DOUBLE, LO DOUBLE, HI DOUBLE);
CREATE PUMP P AS INSERT INTO OUT
SELECT STREAM K, STEP(S.ROWTIME BY INTERVAL '1' MINUTE), COUNT(*), AVG(V), MIN(V), MAX(V)
FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '1' MINUTE);
SQL
    prof_start read
    # shellcheck disable=SC2046
    r=$(timed read $(perf_prefix read) "$STREAMSQL" run read.sql --output OUT=results.jsonl) || die "$(cat read.err)"
    prof_stop read >profile-read.txt
    grep -q "$rows rows in, .* 0 errors (0 late)" read.err || die "read run: $(cat read.err)"
    report "(b) read + 1-minute GROUP BY" "$rows" "$r"
    $with_profile && cat profile-write.txt profile-read.txt

    # Checks: the stream holds each row once, spread over every shard; the
    # results count each row once, in the (key, minute) windows of the input.
    sdk read "$s" --meta >stream.tsv
    python3 - input.jsonl stream.tsv results.jsonl "$shards" <<'PY' || die "results are wrong"
import collections, json, sys
inp = [json.loads(l) for l in open(sys.argv[1])]
want = collections.Counter((r["k"], r["u"], r["v"]) for r in inp)
shards, got = collections.Counter(), collections.Counter()
size = 0
for line in open(sys.argv[2]):
    shard, seq, key, data = line.rstrip("\n").split("\t", 3)
    r = json.loads(data)
    assert key == r["K"], line
    got[(r["K"], r["U"], r["V"])] += 1
    shards[shard] += 1
    size += len(data.encode())
assert got == want, "the stream does not hold every row once"
assert len(shards) == int(sys.argv[4]), "records in %d shards" % len(shards)
windows = collections.Counter((r["k"], (r["ts"] // 60000) * 60000) for r in inp)
res = [json.loads(l) for l in open(sys.argv[3])]
assert len(res) == len(windows) and sum(r["N"] for r in res) == len(inp), "wrong results"
print("checked: %d records, %s per shard, %.1f bytes of data each (+ a 5-byte key); %d windows"
      % (len(inp), "/".join(str(shards[s]) for s in sorted(shards)), size / len(inp), len(res)))
PY

    if $with_sdk; then
        # The same records as the AWS SDK puts them: PutRecords, 500 a call,
        # one call at a time, as streamsql does; then read back.
        cut -f3,4 stream.tsv | python3 -c '
import base64, sys
for l in sys.stdin:
    key, data = l.rstrip("\n").split("\t", 1)
    print(key + "\t" + base64.b64encode(data.encode()).decode())' >sdk_input.b64
        sdk create "sdk$run" "$shards"
        p=$(timed sdk-put node "$KINESIS_DIR/client.mjs" --endpoint "$endpoint" put "sdk$run" sdk_input.b64 --base64) ||
            die "sdk put"
        report "    AWS SDK PutRecords" "$rows" "$p" "  the SDK"
        g=$(timed sdk-read node "$KINESIS_DIR/client.mjs" --endpoint "$endpoint" read "sdk$run") || die "sdk read"
        [ "$(lines sdk-read.out)" -eq "$rows" ] || die "the SDK read $(lines sdk-read.out) records"
        report "    AWS SDK GetRecords" "$rows" "$g" "  the SDK"
    fi
done
