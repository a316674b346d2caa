#!/bin/bash
# Kinesis end to end (issue 5): the AWS SDK for JavaScript, an outside client,
# puts 20,000 JSON records keyed by K into the 4 shards of stream `in`, up to
# 2 s out of order in event time; `streamsql run` reads every shard (through
# the SigV4-checking proxy) to its end, computes 10-second tumbling windows per
# key, and writes the results with PutRecords to the 2-shard stream `out`,
# partition key K; the SDK reads `out` back. The rows must be exactly the
# oracle's (tests/diff), and each record's partition key its row's K.
# Then bad records (invalid JSON, a value of the wrong type) put by the SDK
# reach the error stream with the stream, shard and sequence number the SDK
# was given for them, APPROXIMATE_ARRIVAL_TIME is the SDK's arrival time, and
# STARTING_POSITION = 'LATEST' skips what was there before the run.
# The same run again through a proxy that answers GetRecords with at most 500
# records (so that each shard takes many calls), throttles, fails (500, 503),
# expires iterators, drops connections and refuses PutRecords records one by
# one: nothing is lost or doubled, and no row is late (a shard that cannot be
# read is not idle, however long its backoff). Failures for good (a missing stream, a server
# quoting the session token) stop the run with exit 1 and no secret.
. "$(dirname "$0")/lib/kinesis.sh"

start_kinesis

# ---- 1. exact results through two streams ----
make_input 20000 4
sdk create in 4
sdk create out 2
sdk put in input.jsonl
write_app app.sql in out 10 ", STOP_AT_END = TRUE"
rc=0
timeout 120 "$STREAMSQL" run app.sql >run.out 2>run.err || rc=$?
[ "$rc" -eq 0 ] || die "streamsql run: exit status $rc"
grep -q '20000 rows in, .* 0 errors' run.err || die "run summary: $(grep 'rows in' run.err)"
grep -q -- '-> kinesis stream out' run.err || die "run summary names no kinesis sink: $(cat run.err)"
sdk read out --meta >got.tsv
python3 - got.tsv got.jsonl <<'PY' || die "partition keys of 'out' differ from their rows' K"
import json, sys
bad = 0
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        shard, seq, key, value = line.rstrip("\n").split("\t", 3)
        if json.loads(value)["K"] != key:
            bad += 1
        out.write(value + "\n")
sys.exit(1 if bad else 0)
PY
python3 "$SS_SOURCE_DIR/tests/diff/check_output.py" --spec . --stream OUT --got got.jsonl --ignore-order \
    >compare.txt 2>&1 || die "results differ from the oracle's: $(head -30 compare.txt)"
cat compare.txt
# Both shards of `out` got records: the partition key spreads them.
[ "$(cut -f1 got.tsv | sort -u | wc -l)" -eq 2 ] || die "the results are not spread over both shards of out"

# ---- 2. bad records and APPROXIMATE_ARRIVAL_TIME ----
cat >bad.jsonl <<'EOF'
{"K":"a","V":1,"TS":1767225600000}
{"K":"b","V":"not a number","TS":1767225600001}
{"K":"c","V":3,"TS":1767225600002
{"K":"d","V":4,"TS":1767225600003}
EOF
sdk create bad 1
# The broken line is not JSON, so it goes in by --base64 with its own key.
python3 - <<'PY'
import base64, json
with open("bad.jsonl") as f, open("bad.b64", "w") as out:
    for line in f:
        line = line.rstrip("\n")
        try:
            key = json.loads(line)["K"]
        except ValueError:
            key = "c"
        out.write(key + "\t" + base64.b64encode(line.encode()).decode() + "\n")
PY
sdk put bad bad.b64 --base64 --placements bad_put.tsv
sdk read bad --meta --arrival >bad_read.tsv
cat >bad.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KINESIS_STREAM = 'bad', KINESIS_ENDPOINT = '$endpoint', STOP_AT_END = TRUE);
CREATE STREAM OUT (K VARCHAR(8), V INTEGER, ARRIVED TIMESTAMP);
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K, V, APPROXIMATE_ARRIVAL_TIME FROM S;
SQL
rc=0
timeout 60 "$STREAMSQL" run bad.sql --output OUT=bad.out --errors bad.errors >bad.stdout 2>bad.err || rc=$?
[ "$rc" -eq 0 ] || die "streamsql run (bad records): exit status $rc"
python3 - bad_read.tsv bad.errors bad.out <<'PY' || die "error records or arrival times are not as put"
import datetime, json, sys
recs = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]  # shard seq key data arrival
errors = [json.loads(l) for l in open(sys.argv[2])]
out = [json.loads(l) for l in open(sys.argv[3])]
want_err = {("convert", recs[1][0], recs[1][1], recs[1][3]), ("parse", recs[2][0], recs[2][1], recs[2][3])}
got_err = {(e["kind"], e["position"]["shard"], e["position"]["sequence"], e["data"]) for e in errors
           if e["position"]["stream"] == "bad" and e["stream"] == "S"}
ok = got_err == want_err and len(errors) == 2
if not ok:
    print("errors: want", sorted(want_err), "got", errors, file=sys.stderr)
def ms(text):
    t = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
    return round(t.timestamp() * 1000)
want_out = [(json.loads(r[3])["K"], json.loads(r[3])["V"], int(r[4])) for r in (recs[0], recs[3])]
got_out = [(o["K"], o["V"], ms(o["ARRIVED"])) for o in out]
if got_out != want_out:
    print("rows: want", want_out, "got", got_out, file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
PY
grep -q '4 rows in, 2 rows out, 2 errors' bad.err || die "bad records summary: $(grep 'rows in' bad.err)"
# STARTING_POSITION = 'LATEST': only what comes after the start, so nothing here.
sed "s/STOP_AT_END = TRUE/STOP_AT_END = TRUE, STARTING_POSITION = 'LATEST'/" bad.sql >latest.sql
timeout 60 "$STREAMSQL" run latest.sql --output OUT=latest.out >latest.stdout 2>latest.err ||
    die "streamsql run (LATEST): $(cat latest.err)"
grep -q '0 rows in, 0 rows out, 0 errors' latest.err || die "LATEST summary: $(grep 'rows in' latest.err)"

# ---- 3. the same through faults: retried, nothing lost or doubled ----
sdk create out2 2
# IDLE_TIMEOUT 0: a shard is idle as soon as it has nothing waiting, so the
# watermark is right only if a shard behind its tip (MillisBehindLatest > 0),
# or in a backoff, never counts as idle: otherwise the others' rows would
# close its windows.
sed -e 's/'"'"'out'"'"'/'"'"'out2'"'"'/' -e "s/STOP_AT_END = TRUE/STOP_AT_END = TRUE, IDLE_TIMEOUT = INTERVAL '0' SECOND/" \
    app.sql >app2.sql
set_faults "cap:GetRecords:500,throttle:GetRecords:7,unavailable:GetRecords:11,expired:GetRecords:9,reset:GetRecords:13,fail:GetShardIterator:3,throttle:PutRecords:3,reset:PutRecords:5,partial:PutRecords:4"
rc=0
timeout 120 "$STREAMSQL" run app2.sql >run2.out 2>run2.err || rc=$?
[ "$rc" -eq 0 ] || die "streamsql run through faults: exit status $rc"
grep -q '20000 rows in, .* 0 errors' run2.err || die "run summary through faults: $(grep 'rows in' run2.err)"
echo "through faults: $(grep 'rows in' run2.err)"
set_faults ""
echo "faults injected: $(curl -sf "$endpoint/_proxy/stats")"
for kind in throttle expired fail unavailable reset partial; do
    [ "$(proxy_stats "injected.$kind")" -gt 0 ] || die "no $kind fault was injected"
done
sdk read out2 >got2.jsonl
python3 "$SS_SOURCE_DIR/tests/diff/check_output.py" --spec . --stream OUT --got got2.jsonl --ignore-order \
    >compare2.txt 2>&1 || die "results through faults differ from the oracle's: $(head -30 compare2.txt)"
cat compare2.txt

# ---- 4. failures for good ----
sed 's/'"'"'in'"'"'/'"'"'nosuch'"'"'/' app.sql >nosuch.sql
rc=0
timeout 60 "$STREAMSQL" run nosuch.sql >nosuch.out 2>nosuch.err || rc=$?
[ "$rc" -eq 1 ] || die "a missing input stream: exit status $rc, want 1"
grep -q "stream S: kinesis stream nosuch: .*ResourceNotFoundException" nosuch.err ||
    die "a missing input stream: $(cat nosuch.err)"
set_faults "leaky:GetRecords:1"
rc=0
timeout 60 "$STREAMSQL" run app.sql >leaky.out 2>leaky.err || rc=$?
set_faults ""
[ "$rc" -eq 1 ] || die "a refused GetRecords: exit status $rc, want 1"
grep -q "stream S: kinesis stream in: .*AccessDenied" leaky.err || die "a refused GetRecords: $(cat leaky.err)"
! grep -q -e "$AWS_SESSION_TOKEN" -e "$AWS_SECRET_ACCESS_KEY" leaky.err nosuch.err ||
    die "a secret reached the error messages"
sdk create out3 1
sed 's/'"'"'out'"'"'/'"'"'out3'"'"'/' app.sql >app3.sql
set_faults "leaky:PutRecords:1"
rc=0
timeout 60 "$STREAMSQL" run app3.sql >leaky3.out 2>leaky3.err || rc=$?
set_faults ""
[ "$rc" -eq 1 ] || die "a refused PutRecords: exit status $rc, want 1"
grep -q "stream OUT: writing to kinesis stream out3: .*AccessDenied" leaky3.err ||
    die "a refused PutRecords: $(cat leaky3.err)"
! grep -q -e "$AWS_SESSION_TOKEN" -e "$AWS_SECRET_ACCESS_KEY" leaky3.err || die "a secret reached the error messages"
echo "kinesis_exact: all checks passed"
