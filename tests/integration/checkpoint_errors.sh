#!/bin/bash
# Checkpoints (issue 6): a clean stop and resume, and every way a checkpoint
# can be refused or fail. Each refusal must exit 1 with its message, and a
# failed checkpoint must leave the last good one usable: the run after it
# still ends with the uninterrupted run's output.
. "$(dirname "$0")/lib/common.sh"

python3 - <<PY
import sys
sys.path.insert(0, "$SS_SOURCE_DIR/tests/crash")
import crash
crash.make_inputs(400000, 11, "input.jsonl", "input.csv")
PY
sed "s|@INPUT@|input.jsonl|" "$SS_SOURCE_DIR/tests/crash/apps/tumbling.sql" >app.sql

# run NAME [ARGS...]: the application, outputs NAME.out/NAME.out2/NAME.errors,
# exit status in $rc, stderr in NAME.err.
run() {
    local name=$1
    shift
    rc=0
    "$STREAMSQL" run app.sql --output OUT="$name.out" --output OUT2="$name.out2" --errors "$name.errors" \
        "$@" 2>"$name.err" >/dev/null || rc=$?
}

# same_as_reference NAME: NAME's outputs are byte for byte the reference's
# (error records but for when they were written).
same_as_reference() {
    for part in out out2; do
        cmp -s "ref.$part" "$1.$part" || die "$1.$part differs from the uninterrupted run's"
    done
    same_errors ref.errors "$1.errors"
}

# same_errors A B: the error streams A and B hold the same records.
same_errors() {
    cmp -s <(sed 's/"error_time":"[^"]*",//' "$1") <(sed 's/"error_time":"[^"]*",//' "$2") ||
        die "$2 differs from the uninterrupted run's $1"
}

# expect_failure NAME PATTERN: the last run exited 1 saying PATTERN.
expect_failure() {
    [ "$rc" -eq 1 ] || die "$1: exit status $rc, expected 1"
    grep -q -- "$2" "$1.err" || die "$1: no '$2' in: $(cat "$1.err")"
}

run ref
[ "$rc" -eq 0 ] || die "reference run: exit status $rc"
[ -s ref.out ] || die "reference run: no output"

# A clean stop (SIGINT) keeps open windows in the checkpoint, the next run
# completes them: together, the reference's output. The stop must land
# mid-run; on a machine fast enough to finish first, it is tried again.
for attempt in 1 2 3 4 5; do
    rm -f stop.db stop.db-wal stop.out stop.out2 stop.errors
    "$STREAMSQL" run app.sql --output OUT=stop.out --output OUT2=stop.out2 --errors stop.errors \
        --checkpoint stop.db --checkpoint-interval 20ms 2>stop.err >/dev/null &
    pid=$!
    pids+=("$pid")
    wait_until 30 "a first checkpoint" "" test -s stop.db-wal
    kill -INT "$pid" 2>/dev/null || true
    wait_exit 30 "$pid"
    [ "$rc" -eq 0 ] || die "stopped run: exit status $rc"
    grep -q "windows still open are in the checkpoint" stop.err && break
    [ "$attempt" -lt 5 ] || die "the run always ended before it could be stopped"
done
run stop --checkpoint stop.db
[ "$rc" -eq 0 ] || die "resumed run: exit status $rc: $(cat stop.err)"
grep -q "resuming from checkpoint" stop.err || die "the resumed run did not say it resumed"
same_as_reference stop
# The input done, a run from the final checkpoint has nothing left to do.
cp stop.out stop.out.kept
run stop --checkpoint stop.db
[ "$rc" -eq 0 ] && cmp -s stop.out stop.out.kept || die "a run from a finished checkpoint changed the output"

# Comments and layout are not the application: the checkpoint is kept.
{ echo "-- a comment"; sed 's/  */ /g' app.sql; } >app2.sql
"$STREAMSQL" run app2.sql --output OUT=stop.out --output OUT2=stop.out2 --errors stop.errors \
    --checkpoint stop.db 2>reformatted.err >/dev/null || die "reformatted application refused: $(cat reformatted.err)"

# Another application (a window size changed) is refused, naming the change.
sed 's/INTERVAL .10. SECOND/INTERVAL '"'"'20'"'"' SECOND/g' app.sql >other.sql
rc=0
"$STREAMSQL" run other.sql --output OUT=stop.out --output OUT2=stop.out2 --errors stop.errors \
    --checkpoint stop.db 2>other.err >/dev/null || rc=$?
expect_failure other "belongs to another application, or this one changed since"
grep -q "where it was '.*INTERVAL '10' SECOND.*it is now '.*INTERVAL '20' SECOND" other.err || die "the refusal does not show the change: $(cat other.err)"

# Not a checkpoint at all.
head -c 8192 /dev/urandom >garbage.db
run garbage --checkpoint garbage.db
expect_failure garbage "checkpoint garbage.db is damaged"

# A checkpoint file cut short.
run whole --checkpoint whole.db --checkpoint-interval 20ms
[ "$rc" -eq 0 ] || die "run for the truncation test failed: $(cat whole.err)"
size=$(stat -c %s whole.db)
[ "$size" -gt 16384 ] || die "whole.db is only $size bytes: the truncation would not cut into its state"
truncate -s $((size / 2)) whole.db
run whole --checkpoint whole.db
expect_failure whole "checkpoint whole.db is damaged"

# State that does not decode: a chunk of a base cut short, and a changed
# group whose value is garbage.
run garbled --checkpoint garbled.db --checkpoint-interval 20ms
cp garbled.db garbled2.db
python3 - <<'PY'
import sqlite3
groups = "(SELECT id FROM ns WHERE name = 'pump P1: groups')"
db = sqlite3.connect("garbled.db")
n = db.execute("UPDATE chunk SET data = substr(data, 1, length(data) / 2) WHERE ns = %s AND seq = 0" % groups).rowcount
db.commit()
assert n == 1, "no chunk of groups to garble"
db = sqlite3.connect("garbled2.db")
n = db.execute("INSERT INTO delta(ns, key, value) SELECT ns, key, x'ff' FROM delta WHERE ns = %s LIMIT 1" % groups).rowcount
if n == 0:
    db.execute("INSERT INTO delta(ns, key, value) VALUES (%s, x'010000000000000001', x'ff')" % groups)
db.commit()
PY
run garbled --checkpoint garbled.db
expect_failure garbled "checkpoint garbled.db is damaged: a chunk of state does not decode"
run garbled --checkpoint garbled2.db
expect_failure garbled "checkpoint garbled2.db is damaged: the state of pump P1 does not decode"

# A checkpoint where nothing can be created.
run nowhere --checkpoint /proc/streamsql-test/checkpoint.db
expect_failure nowhere "cannot open checkpoint /proc/streamsql-test/checkpoint.db"

# One checkpoint, two processes: the second is refused while the first runs.
cat >busy.sql <<'SQL'
CREATE STREAM T (TICKER_SYMBOL VARCHAR(4)) WITH (GENERATOR = 'ticker', RATE = 100);
CREATE STREAM OUT (SYM VARCHAR(4));
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM TICKER_SYMBOL FROM T;
SQL
"$STREAMSQL" run busy.sql --output OUT=busy1.out --checkpoint busy.db --checkpoint-interval 10ms 2>busy1.err >/dev/null &
first=$!
pids+=("$first")
wait_until 10 "the first process to take a checkpoint" "$first" test -s busy.db-wal
rc=0
"$STREAMSQL" run busy.sql --output OUT=busy2.out --checkpoint busy.db 2>busy2.err >/dev/null || rc=$?
expect_failure busy2 "checkpoint busy.db is in use by another process"
kill -INT "$first"
wait_exit 30 "$first"
[ "$rc" -eq 0 ] || die "the first process, stopped: exit status $rc"

# Inputs that cannot be read again are refused up front.
rc=0
cat >stdin.sql <<'SQL'
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8)) WITH (FILE = '-', ROWTIME = 'TS');
CREATE STREAM OUT (K VARCHAR(8));
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K FROM S;
SQL
"$STREAMSQL" run stdin.sql --output OUT=stdin.out --checkpoint stdin.db </dev/null 2>stdin.err >/dev/null || rc=$?
expect_failure stdin "stream S reads stdin, which cannot be read again after a restart"

# An output changed behind the checkpoint's back.
run cut --checkpoint cut.db --checkpoint-interval 20ms
: >cut.out
run cut --checkpoint cut.db
expect_failure cut "cut.out is shorter"

# Disk full, simulated by a file size limit (the same failed write), on an
# application whose state (a group for every value of V in one long window)
# outgrows everything else it writes: the run fails with the store's error,
# and the last good checkpoint stays usable: resuming from it without the
# limit gives the uninterrupted run's output.
cat >big.sql <<'SQL'
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER, X DOUBLE, TAG VARCHAR(12))
  WITH (FILE = 'input.jsonl', ROWTIME = 'TS', WATERMARK_DELAY = INTERVAL '3' SECOND);
CREATE STREAM OUT (W TIMESTAMP, V INTEGER, N BIGINT, SX DOUBLE);
CREATE PUMP P AS INSERT INTO OUT
  SELECT STREAM STEP(S.ROWTIME BY INTERVAL '1' HOUR), V, COUNT(*), SUM(X)
  FROM S GROUP BY V, STEP(S.ROWTIME BY INTERVAL '1' HOUR);
SQL
big() { "$STREAMSQL" run big.sql --output OUT="$1.out" --errors "$1.errors" "${@:2}"; }
big bigref 2>bigref.err >/dev/null || die "big.sql: uninterrupted run failed: $(cat bigref.err)"
[ "$(wc -l <bigref.out)" -gt 50000 ] || die "big.sql: too few groups to outgrow the limit"
# Every file may grow to 4 MiB: the first checkpoints fit, the growing
# state soon does not, long before the window's results are written.
rc=0
(
    trap '' XFSZ
    ulimit -f 4096
    exec "$STREAMSQL" run big.sql --output OUT=full.out --errors full.errors --checkpoint full.db \
        --checkpoint-interval 20ms
) 2>full.err >/dev/null || rc=$?
expect_failure full "checkpoint failed, the last good one is kept: checkpoint full.db: "
big full --checkpoint full.db 2>full.err >/dev/null || die "resuming after the disk-full run failed: $(cat full.err)"
grep -q "resuming from checkpoint" full.err || die "the run after the disk-full one did not resume"
cmp -s bigref.out full.out || die "after the disk-full run, the output differs from the uninterrupted run's"
same_errors bigref.errors full.errors

echo "checkpoint_errors: all checks passed"
