#!/bin/bash
# The two Kinesis examples run end to end, unchanged but for their endpoints
# (--set), as a user would run them: kcat produces examples/data/iot_sensors.jsonl
# to topic `sensors` of a private `streamsql broker`, keyed by device;
# examples/kafka_to_kinesis.sql bridges it to the 4-shard Kinesis stream
# `sensor-readings` (kinesalite behind the SigV4-checking proxy);
# examples/kinesis_minute_aggregates.sql reads that stream and writes the
# per-device minute statistics to the 2-shard stream `sensor-minutes`. The AWS
# SDK reads both streams back, and Python computes what they must hold straight
# from the data file:
# - sensor-readings, written by the bridge run as a service, stopped with
#   SIGINT, then run again to the end of the topic: exactly one record per
#   reading, its columns as the bridge declares them (nested location
#   flattened, no other key), partition key the device, every shard in
#   event-time order;
# - sensor-minutes: exactly the 120 (device, minute) results, partition key the
#   device, each device's minutes in order.
. "$(cd "$(dirname "$0")" && pwd)/lib/kafka.sh"
# Both libs set up a private directory (lib/common.sh); keep the second one.
kafka_tmp=$tmp
. "$SS_SOURCE_DIR/tests/integration/lib/kinesis.sh"
rmdir "$kafka_tmp"

DATA=$SS_SOURCE_DIR/examples/data/iot_sensors.jsonl
start_broker
start_kinesis
sdk create sensor-readings 4
sdk create sensor-minutes 2

# ---- 1. Kafka -> Kinesis: examples/kafka_to_kinesis.sql ----
# The producing command of the example's header.
sed -E 's/.*"device_id": "([^"]*)".*/\1\t&/' "$DATA" |
    timeout 60 kcat -P -b "$brokers" -t sensors -K$'\t' -X message.timeout.ms=30000 2>produce.err ||
    die "kcat could not produce the readings"
# First as a service (STOP_AT_END off), as the header says, stopped with SIGINT
# once most readings are through (the newest 5 s wait for the watermark).
bridge=("$STREAMSQL" run "$SS_SOURCE_DIR/examples/kafka_to_kinesis.sql"
    --set KAFKA_READINGS.KAFKA_BROKERS="$brokers" --set KINESIS_READINGS.KINESIS_ENDPOINT="$endpoint")
has_records() { [ "$(sdk read "$1" | wc -l)" -ge "$2" ]; }
# Started directly (no timeout wrapper), so that the SIGINT reaches it.
"${bridge[@]}" --set KAFKA_READINGS.STOP_AT_END=FALSE >bridge1.out 2>bridge1.err &
run_pid=$!
pids+=("$run_pid")
wait_until 60 "1,400 readings in sensor-readings" "$run_pid" has_records sensor-readings 1400
kill -INT "$run_pid"
wait_exit 30 "$run_pid"
[ "$rc" -eq 0 ] || die "kafka_to_kinesis.sql as a service, stopped: exit status $rc"
grep -q 'stopped; windows still open were not emitted' bridge1.err || die "no stop message: $(cat bridge1.err)"
first=$(sdk read sensor-readings | wc -l)
# Then as written: the same consumer group goes on from its committed offsets
# and ends at the end of the topic. Together: every reading once.
rc=0
timeout 120 "${bridge[@]}" >bridge2.out 2>bridge2.err || rc=$?
[ "$rc" -eq 0 ] || die "kafka_to_kinesis.sql: exit status $rc"
grep -q ' 0 errors (0 late)' bridge2.err || die "kafka_to_kinesis.sql summary: $(grep 'rows in' bridge2.err)"
echo "bridge: $first records before the stop, $(sdk read sensor-readings | wc -l) after the second run"
sdk read sensor-readings --meta >readings.tsv
python3 - "$DATA" readings.tsv <<'PY' || die "sensor-readings does not hold the readings as bridged"
import collections, datetime, json, sys

def ts(text):  # the data's "YYYY-MM-DD HH:MM:SS.fff", as streamsql writes TIMESTAMPs
    t = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f")
    return t.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (t.microsecond // 1000)

want = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    want.append({"DEVICE_ID": r["device_id"], "SITE": r["site"], "EVENT_TIME": ts(r["event_time"]),
                 "TEMPERATURE": r.get("temperature"), "HUMIDITY": r.get("humidity"),
                 "BATTERY_V": r.get("battery_v"), "BUILDING": r["location"]["building"],
                 "FLOOR_NO": r["location"]["floor"]})
columns = list(want[0])
got, problems = [], []
by_shard = collections.defaultdict(list)
for line in open(sys.argv[2]):
    shard, seq, key, data = line.rstrip("\n").split("\t", 3)
    rec = json.loads(data)
    if list(rec) != columns:
        problems.append("keys %s, want %s" % (list(rec), columns))
    if key != rec.get("DEVICE_ID"):
        problems.append("partition key %r of %s" % (key, data))
    by_shard[shard].append(rec.get("EVENT_TIME"))
    got.append(rec)
for shard, times in sorted(by_shard.items()):
    if times != sorted(times):
        problems.append("shard %s is not in event-time order" % shard)
order = lambda r: (r["DEVICE_ID"], r["EVENT_TIME"])
if sorted(got, key=order) != sorted(want, key=order):
    have = collections.Counter(json.dumps(r, sort_keys=True) for r in got)
    need = collections.Counter(json.dumps(r, sort_keys=True) for r in want)
    problems.append("%d records, want %d; missing %s; unexpected %s" % (
        len(got), len(want), list((need - have).elements())[:3], list((have - need).elements())[:3]))
for p in problems[:10]:
    print(p, file=sys.stderr)
print("sensor-readings: %d records in %d shards, as bridged" % (len(got), len(by_shard)))
sys.exit(1 if problems else 0)
PY

# ---- 2. Kinesis -> Kinesis: examples/kinesis_minute_aggregates.sql ----
rc=0
timeout 120 "$STREAMSQL" run "$SS_SOURCE_DIR/examples/kinesis_minute_aggregates.sql" \
    --set SOURCE_SQL_STREAM_001.KINESIS_ENDPOINT="$endpoint" \
    --set DESTINATION_SQL_STREAM.KINESIS_ENDPOINT="$endpoint" >minutes.out 2>minutes.err || rc=$?
[ "$rc" -eq 0 ] || die "kinesis_minute_aggregates.sql: exit status $rc"
grep -q '1440 rows in, 120 rows out, 0 errors (0 late)' minutes.err ||
    die "kinesis_minute_aggregates.sql summary: $(grep 'rows in' minutes.err)"
sdk read sensor-minutes --meta >minutes.tsv
python3 - "$DATA" minutes.tsv <<'PY' || die "sensor-minutes does not hold the minute statistics"
import collections, datetime, json, math, sys

groups = collections.OrderedDict()
for line in open(sys.argv[1]):
    r = json.loads(line)
    t = datetime.datetime.strptime(r["event_time"], "%Y-%m-%d %H:%M:%S.%f")
    minute = t.replace(second=0, microsecond=0).strftime("%Y-%m-%d %H:%M:%S.000")
    groups.setdefault((r["device_id"], r["site"], minute), []).append(r)
want = {}
for (device, site, minute), rows in groups.items():
    temps = [r["temperature"] for r in rows if r.get("temperature") is not None]
    batts = [r["battery_v"] for r in rows if r.get("battery_v") is not None]
    hi = max(temps) if temps else None
    want[(device, minute)] = {
        "MINUTE_START": minute, "DEVICE_ID": device, "SITE": site, "READINGS": len(rows),
        "VALID_TEMPS": len(temps), "MIN_TEMP": min(temps) if temps else None, "MAX_TEMP": hi,
        "AVG_TEMP": sum(temps) / len(temps) if temps else None, "MIN_BATTERY_V": min(batts) if batts else None,
        "STATUS": "OVERHEAT" if hi is not None and hi >= 28 else "OK"}
columns = list(next(iter(want.values())))

def same(a, b):
    # DOUBLE 20.0 is written 20 (ECMAScript style); AVG may differ in the last
    # bits, as the sum's order may differ.
    num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    if num(a) and num(b) and (isinstance(a, float) or isinstance(b, float)):
        return math.isclose(a, b, rel_tol=1e-12)
    return a == b and type(a) == type(b)

problems, got = [], {}
last = {}
for line in open(sys.argv[2]):
    shard, seq, key, data = line.rstrip("\n").split("\t", 3)
    rec = json.loads(data)
    if list(rec) != columns:
        problems.append("keys %s, want %s" % (list(rec), columns))
        continue
    if key != rec["DEVICE_ID"]:
        problems.append("partition key %r of %s" % (key, data))
    k = (rec["DEVICE_ID"], rec["MINUTE_START"])
    if k in got:
        problems.append("written twice: %s" % data)
    got[k] = rec
    if last.get(rec["DEVICE_ID"], "") >= rec["MINUTE_START"]:
        problems.append("minutes of %s out of order at %s" % (rec["DEVICE_ID"], rec["MINUTE_START"]))
    last[rec["DEVICE_ID"]] = rec["MINUTE_START"]
for k in sorted(set(want) | set(got)):
    if k not in got:
        problems.append("missing: %s" % json.dumps(want[k]))
    elif k not in want:
        problems.append("unexpected: %s" % json.dumps(got[k]))
    elif not all(same(got[k][c], want[k][c]) for c in columns):
        problems.append("got  %s\n  want %s" % (json.dumps(got[k]), json.dumps(want[k])))
for p in problems[:10]:
    print(p, file=sys.stderr)
overheat = sorted(m[11:16] for (d, m), r in want.items() if r["STATUS"] == "OVERHEAT")
print("sensor-minutes: %d results, OVERHEAT at %s" % (len(got), ", ".join(overheat)))
sys.exit(1 if problems or len(want) != 120 else 0)
PY
echo "kinesis_examples: all checks passed"
