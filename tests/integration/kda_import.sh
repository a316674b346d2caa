#!/bin/bash
# KDA import end to end (docs/KDA_IMPORT.md): `streamsql kda` turns the sample
# describe-application document examples/kda/ticker_app.json into an
# application file whose SQL checks as it is and whose `-- --set` lines bind
# its streams as the document says; the same application, its input rebound
# from Kinesis to examples/data/ticker.jsonl and its two outputs to files (the
# migration path of the docs, through `kda --set`, whose printed settings are
# then passed to `run` word for word), computes exactly:
# - DESTINATION_SQL_STREAM: the 110 one-minute rows of examples/demo.sql,
#   which binds the same SQL by hand;
# - PRICE_ALERT_STREAM (CSV, as its DestinationSchema says): the 19 trades
#   with |change| >= 2, computed here by Python from the data file.
# Also `run` of the printed SQL with only a FILE setting (no generated
# settings), and the refusals: exit 2 with the JSON path in the message.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository), SS_BUILD_DIR.
. "$(cd "$(dirname "$0")" && pwd)/lib/common.sh"
command -v python3 >/dev/null || die "python3 is needed"

DOC=$SS_SOURCE_DIR/examples/kda/ticker_app.json
DATA=$SS_SOURCE_DIR/examples/data/ticker.jsonl
ARN=arn:aws:kinesis:us-east-1:123456789012:stream

# ---- 1. The generated application, as printed ----
rc=0
"$STREAMSQL" kda "$DOC" >app.sql 2>kda.err || rc=$?
[ "$rc" -eq 0 ] || die "kda: exit status $rc"
[ ! -s kda.err ] || die "kda wrote to stderr: $(cat kda.err)"
grep -q '^CREATE STREAM "SOURCE_SQL_STREAM_001" ($' app.sql || die "no input stream in: $(cat app.sql)"
grep -qF "    \"EVENT_TIME\" TIMESTAMP MAPPING '\$.event_time'" app.sql || die "no mapped EVENT_TIME column"
grep -qxF ") WITH (KINESIS_STREAM = '$ARN/ticker-trades');" app.sql || die "input not bound to its ARN"
sed -n '/^-- Bindings: run with$/,$p' app.sql >bindings.txt
cat >bindings.want <<EOF
-- Bindings: run with
-- --set '"SOURCE_SQL_STREAM_001".KINESIS_REGION=us-east-1'
-- --set '"SOURCE_SQL_STREAM_001".STARTING_POSITION=LATEST'
-- --set '"DESTINATION_SQL_STREAM".KINESIS_STREAM=$ARN/ticker-minutes'
-- --set '"DESTINATION_SQL_STREAM".KINESIS_REGION=us-east-1'
-- --set '"DESTINATION_SQL_STREAM".FORMAT=JSON'
-- --set '"PRICE_ALERT_STREAM".KINESIS_STREAM=$ARN/ticker-alerts'
-- --set '"PRICE_ALERT_STREAM".KINESIS_REGION=us-east-1'
-- --set '"PRICE_ALERT_STREAM".FORMAT=CSV'
EOF
diff -u bindings.want bindings.txt >&2 || die "the printed bindings differ"
# The ApplicationCode is in it unchanged.
python3 - "$DOC" app.sql <<'PY' || die "the ApplicationCode is not in the output unchanged"
import json, sys
code = json.load(open(sys.argv[1]))["ApplicationDetail"]["ApplicationCode"]
text = open(sys.argv[2]).read()
head = text.index("-- ApplicationCode\n") + len("-- ApplicationCode\n")
sys.exit(0 if text[head:].startswith(code) else 1)
PY
# The file checks as it is: the input's binding is in its WITH clause.
rc=0
"$STREAMSQL" check app.sql >check.out 2>check.err || rc=$?
[ "$rc" -eq 0 ] || die "check app.sql: exit status $rc: $(cat check.err)"
grep -qxF "app.sql: ok: 3 streams (1 source, 2 sinks), 2 pumps" check.out || die "check: $(cat check.out)"

# ---- 2. Migrated off Kinesis: kda --set, then run with the printed settings ----
rc=0
"$STREAMSQL" kda "$DOC" \
    --set "\"SOURCE_SQL_STREAM_001\".FILE=$DATA" \
    --set SOURCE_SQL_STREAM_001.ROWTIME=EVENT_TIME \
    --set SOURCE_SQL_STREAM_001.WATERMARK_DELAY=5s \
    --set DESTINATION_SQL_STREAM.FILE=minutes.jsonl \
    --set PRICE_ALERT_STREAM.FILE=alerts.csv >moved.sql 2>moved.err || rc=$?
[ "$rc" -eq 0 ] || die "kda --set: exit status $rc: $(cat moved.err)"
# The Kinesis-only keys of the rebound streams are gone; the formats stay.
sed -n 's/^-- --set //p' moved.sql >moved.sets
cat >moved.want <<EOF
'"DESTINATION_SQL_STREAM".FORMAT=JSON'
'"PRICE_ALERT_STREAM".FORMAT=CSV'
'"SOURCE_SQL_STREAM_001".FILE=$DATA'
'SOURCE_SQL_STREAM_001.ROWTIME=EVENT_TIME'
'SOURCE_SQL_STREAM_001.WATERMARK_DELAY=5s'
'DESTINATION_SQL_STREAM.FILE=minutes.jsonl'
'PRICE_ALERT_STREAM.FILE=alerts.csv'
EOF
diff -u moved.want moved.sets >&2 || die "the merged settings differ"
# The printed lines are shell words: run takes them as printed.
eval "sets=($(sed 's/^/--set /' moved.sets | tr '\n' ' '))"
rc=0
"$STREAMSQL" run moved.sql "${sets[@]}" >run.out 2>run.err || rc=$?
[ "$rc" -eq 0 ] || die "run of the migrated application: exit status $rc"
grep -q '3000 rows in, 129 rows out, 0 errors (0 late)' run.err || die "summary: $(grep 'rows in' run.err)"
[ ! -s run.out ] || die "run wrote to stdout: $(head -3 run.out)"
# DESTINATION_SQL_STREAM: what examples/demo.sql computes with bindings by hand.
(cd "$SS_SOURCE_DIR" && "$STREAMSQL" run examples/demo.sql --quiet) >demo.out || die "examples/demo.sql failed"
[ "$(wc -l <demo.out)" -eq 110 ] || die "demo.sql: $(wc -l <demo.out) rows, want 110"
cmp -s demo.out minutes.jsonl || { diff demo.out minutes.jsonl | head -20 >&2; die "minutes differ from demo.sql"; }
head -1 minutes.jsonl | grep -qxF '{"WINDOW_START":"2026-11-22 10:00:00.000","TICKER_SYMBOL":"MDX","TRADE_COUNT":15,"AVG_PRICE":19.628666,"MIN_PRICE":19.53,"MAX_PRICE":19.74}' ||
    die "first minute row: $(head -1 minutes.jsonl)"
# PRICE_ALERT_STREAM: CSV, the trades with |change| >= 2 in file order (the
# data file is in event-time order within the 5 s delay).
python3 - "$DATA" >alerts.want <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if abs(r["change"]) >= 2:
        print(",".join([r["ticker_symbol"], r.get("sector") or "", repr(r["change"]), repr(r["price"])]))
PY
[ "$(wc -l <alerts.want)" -eq 19 ] || die "expected 19 alerts, Python found $(wc -l <alerts.want)"
diff -u alerts.want alerts.csv >&2 || die "alerts differ"

# ---- 3. The printed SQL alone, rebound with one setting (no generated ones) ----
rc=0
"$STREAMSQL" run app.sql --set "\"SOURCE_SQL_STREAM_001\".FILE=$DATA" \
    --set SOURCE_SQL_STREAM_001.ROWTIME=EVENT_TIME --set SOURCE_SQL_STREAM_001.WATERMARK_DELAY=5s \
    --output DESTINATION_SQL_STREAM=plain.jsonl --output PRICE_ALERT_STREAM=plain_alerts.jsonl --quiet \
    >plain.out 2>plain.err || rc=$?
[ "$rc" -eq 0 ] || die "run app.sql with a FILE setting: exit status $rc: $(cat plain.err)"
cmp -s demo.out plain.jsonl || die "app.sql with a FILE setting: minutes differ from demo.sql"
[ "$(wc -l <plain_alerts.jsonl)" -eq 19 ] || die "app.sql with a FILE setting: $(wc -l <plain_alerts.jsonl) alerts"

# ---- 4. Refusals: exit 2, the JSON path in the message, nothing on stdout ----
refuse() { # EDIT_PYTHON WANT_MESSAGE
    python3 - "$DOC" bad.json "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
d = doc["ApplicationDetail"]
exec(sys.argv[3])
json.dump(doc, open(sys.argv[2], "w"))
PY
    rc=0
    "$STREAMSQL" kda bad.json >bad.out 2>bad.err || rc=$?
    [ "$rc" -eq 2 ] || die "kda bad.json ($1): exit status $rc, want 2"
    [ ! -s bad.out ] || die "kda bad.json ($1) wrote to stdout"
    grep -qxF "streamsql: bad.json: $2" bad.err || die "kda bad.json ($1): $(cat bad.err)"
}
refuse 'd["InputDescriptions"][0]["InputParallelism"]["Count"] = 2' \
    '$.ApplicationDetail.InputDescriptions[0].InputParallelism.Count: 2: streamsql reads every shard of the stream into one in-application stream; parallel in-application input streams are not supported (set Count to 1 and use the _001 stream in the code)'
refuse 'del d["ApplicationCode"]' '$.ApplicationDetail.ApplicationCode: missing: the application has no SQL code'
refuse 'd["OutputDescriptions"][1]["Name"] = "ALERTS"' \
    '$.ApplicationDetail.OutputDescriptions[1].Name: the ApplicationCode creates no stream "ALERTS" (names are compared exactly)'
# Valid as a document, but the code does not compile: exit 2, the SQL still
# printed, and the error at its line and column within the ApplicationCode
# (not the generated SQL), with that line and a caret; `run --config` with
# the document as an entry says the same.
python3 - "$DOC" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = d["ApplicationDetail"]
a["ApplicationCode"] = a["ApplicationCode"].replace("AVG(PRICE)", "AVG(PRICES)")
json.dump(d, open("bad.json", "w"))
lines = a["ApplicationCode"].split("\n")
n = next(i for i, l in enumerate(lines) if "PRICES" in l)
with open("bad.want", "w") as f:
    f.write("bad.json (ApplicationCode):%d:%d: error: unknown column PRICES" % (n + 1, lines[n].index("PRICES") + 1))
    f.write("\t" + lines[n] + "\n")
json.dump({"applications": [{"name": "bad", "kda": "bad.json"}]}, open("badapp.json", "w"))
PY
rc=0
"$STREAMSQL" kda bad.json >bad.out 2>bad.err || rc=$?
[ "$rc" -eq 2 ] || die "kda of code that does not compile: exit status $rc, want 2"
grep -q '^CREATE STREAM "SOURCE_SQL_STREAM_001"' bad.out || die "kda of code that does not compile printed no SQL"
code_error() { # code_error FILE: the error, then the code's line, as bad.want says
    local want line
    want=$(cut -f1 bad.want) line=$(cut -f2- bad.want)
    grep -A1 -F "$want" "$1" | tail -n 1 | grep -qxF -- "$line" || die "compile error, want '$want' and '$line': $(cat "$1")"
}
code_error bad.err
rc=0
"$STREAMSQL" run --config badapp.json --app bad >/dev/null 2>badrun.err || rc=$?
[ "$rc" -eq 2 ] || die "run --config of code that does not compile: exit status $rc, want 2"
code_error badrun.err
echo '{"ApplicationDetail": ' >trunc.json
rc=0
"$STREAMSQL" kda trunc.json >bad.out 2>bad.err || rc=$?
[ "$rc" -eq 2 ] || die "kda of invalid JSON: exit status $rc, want 2"
grep -q '^streamsql: trunc.json:' bad.err || die "kda of invalid JSON: $(cat bad.err)"
echo "kda_import: ok"
