#!/bin/bash
# The sample KDA application (examples/kda/ticker_app.json) on Kinesis, bound
# by its own description: kinesalite (behind the SigV4-checking proxy) holds
# the three streams its ARNs name (ticker-trades, 2 shards; ticker-minutes;
# ticker-alerts), the AWS SDK puts examples/data/ticker.jsonl into
# ticker-trades, and `streamsql run` of what `streamsql kda` prints, with the
# printed settings word for word plus the endpoint, event time, a bounded read
# and TRIM_HORIZON (the document says NOW, which would skip what was put
# before the start), reads and writes the streams by their ARNs. The SDK reads
# back exactly the rows of tests/integration/kda_import.sh: the 110 minutes
# of examples/demo.sql as JSON, the 19 alerts as CSV (order compared per
# symbol: rows of different shards may interleave differently).
. "$(cd "$(dirname "$0")" && pwd)/lib/kinesis.sh"

DOC=$SS_SOURCE_DIR/examples/kda/ticker_app.json
DATA=$SS_SOURCE_DIR/examples/data/ticker.jsonl
start_kinesis
sdk create ticker-trades 2
sdk create ticker-minutes 1
sdk create ticker-alerts 1
sdk put ticker-trades "$DATA" --key ticker_symbol

rc=0
"$STREAMSQL" kda "$DOC" >app.sql 2>kda.err || rc=$?
[ "$rc" -eq 0 ] || die "kda: exit status $rc: $(cat kda.err)"
eval "sets=($(sed -n 's/^-- --set /--set /p' app.sql | tr '\n' ' '))"
[ "${#sets[@]}" -eq 16 ] || die "expected 8 printed settings, got ${#sets[@]} words"
rc=0
timeout 120 "$STREAMSQL" run app.sql "${sets[@]}" \
    --set "*.KINESIS_ENDPOINT=$endpoint" \
    --set SOURCE_SQL_STREAM_001.ROWTIME=EVENT_TIME \
    --set SOURCE_SQL_STREAM_001.WATERMARK_DELAY=5s \
    --set SOURCE_SQL_STREAM_001.IDLE_TIMEOUT=0s \
    --set SOURCE_SQL_STREAM_001.STARTING_POSITION=TRIM_HORIZON \
    --set SOURCE_SQL_STREAM_001.STOP_AT_END=TRUE >run.out 2>run.err || rc=$?
[ "$rc" -eq 0 ] || die "run: exit status $rc"
grep -q '3000 rows in, 129 rows out, 0 errors (0 late)' run.err || die "summary: $(grep 'rows in' run.err)"

(cd "$SS_SOURCE_DIR" && "$STREAMSQL" run examples/demo.sql --quiet) >demo.out || die "examples/demo.sql failed"
sdk read ticker-minutes >minutes.jsonl
sdk read ticker-alerts >alerts.csv
python3 - "$DATA" demo.out minutes.jsonl alerts.csv <<'PY' || die "the Kinesis outputs differ from what the data gives"
import collections, json, sys
data, demo, minutes, alerts = (open(p).read().splitlines() for p in sys.argv[1:])
ok = True
def per_symbol(rows, key):
    d = collections.defaultdict(list)
    for r in rows:
        d[key(r)].append(r)
    return dict(d)
# Minutes: the records as demo.sql prints them, each symbol's in window order.
if per_symbol(minutes, lambda r: json.loads(r)["TICKER_SYMBOL"]) != per_symbol(demo, lambda r: json.loads(r)["TICKER_SYMBOL"]):
    print(f"minutes: {len(minutes)} records, want the {len(demo)} rows of demo.sql"); ok = False
want = []
for line in data:
    r = json.loads(line)
    if abs(r["change"]) >= 2:
        want.append(",".join([r["ticker_symbol"], r.get("sector") or "", repr(r["change"]), repr(r["price"])]))
if len(want) != 19 or per_symbol(alerts, lambda r: r.split(",")[0]) != per_symbol(want, lambda r: r.split(",")[0]):
    print(f"alerts: {alerts} want {want}"); ok = False
sys.exit(0 if ok else 1)
PY
echo "kda_kinesis: ok"
