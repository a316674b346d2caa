#!/bin/bash
# `streamsql serve --config` (issue 7): three applications from one config
# against the Kafka mock cluster, the Kafka brokers given once, as a default.
#  - counts: 20,000 keyed records that kcat produced, 10-second windows per
#    key, into a file; bounded (STOP_AT_END): it finishes, is not started
#    again, and its rows are exactly the oracle's;
#  - ticks: the ticker generator, per-second counts per symbol, into a topic;
#  - broken: its input file is missing: it fails and is started again with a
#    growing backoff while the others go on.
# /metrics has the applications' counters and serve's own in one exposition:
# counts' rows equal its output's, ticks' move, broken's restarts count, and
# /healthz is 503 while broken fails.
# SIGHUP after removing `broken` from the config and moving metrics.listen
# stops broken, leaves `ticks` running (the same process) and moves /metrics.
# SIGTERM stops everything with exit 0; a second serve resumes `ticks` from
# its checkpoint, and after a second SIGTERM kcat
# reads its topic: every (second, symbol) once, and no second missing across
# the restart. Then `run --config --app` alone, with an SQL file and with a
# KDA application description, and the config's error paths, each with its
# exact message.
. "$(dirname "$0")/lib/kafka.sh"

start_broker
make_input 20000 5
produce input.jsonl in

cat >counts.sql <<'SQL'
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KAFKA_TOPIC = 'in', ROWTIME = 'TS', WATERMARK_DELAY = INTERVAL '3' SECOND, STOP_AT_END = TRUE);
CREATE STREAM OUT (W TIMESTAMP, K VARCHAR(8), N BIGINT, TOTAL BIGINT, LO INTEGER, HI INTEGER);
CREATE PUMP P AS INSERT INTO OUT
  SELECT STREAM STEP(S.ROWTIME BY INTERVAL '10' SECOND) AS W, K, COUNT(*), SUM(V), MIN(V), MAX(V)
  FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '10' SECOND);
SQL
cat >ticks.sql <<'SQL'
CREATE STREAM T (TICKER_SYMBOL VARCHAR(4), SECTOR VARCHAR(16), CHANGE REAL, PRICE REAL)
  WITH (GENERATOR = 'ticker', RATE = 300);
CREATE STREAM OUT (W TIMESTAMP, TICKER_SYMBOL VARCHAR(4), N BIGINT);
CREATE PUMP P AS INSERT INTO OUT
  SELECT STREAM STEP(T.ROWTIME BY INTERVAL '1' SECOND), TICKER_SYMBOL, COUNT(*)
  FROM T GROUP BY TICKER_SYMBOL, STEP(T.ROWTIME BY INTERVAL '1' SECOND);
SQL
cat >broken.sql <<'SQL'
CREATE STREAM S (K VARCHAR(8)) WITH (FILE = 'missing.jsonl');
CREATE STREAM OUT (K VARCHAR(8));
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K FROM S;
SQL
write_config() { # write_config WITH_BROKEN METRICS_HOST
    python3 - "$brokers" "$1" "$2" <<'PY'
import json, sys
apps = [
    {"name": "counts", "sql": "counts.sql", "streams": {"OUT": {"FILE": "counts.out"}}, "checkpoint": False},
    {"name": "ticks", "sql": "ticks.sql", "streams": {"OUT": {"KAFKA_TOPIC": "ticks", "KAFKA_KEY": "TICKER_SYMBOL"}}},
]
if sys.argv[2] == "yes":
    apps.append({"name": "broken", "sql": "broken.sql", "streams": {"OUT": {"FILE": "broken.out"}}})
json.dump({"kafka": {"brokers": sys.argv[1], "properties": {"client.id": "serve-test"}},
           "checkpoints": {"directory": "state", "interval": "200ms"},
           "metrics": {"listen": sys.argv[3] + ":0"},
           "log": {"level": "info", "format": "json"},
           "applications": apps}, open("service.json", "w"), indent=1)
PY
}
# log_has APP TEXT: a JSON log line of APP whose message contains TEXT.
log_has() {
    python3 - "$1" "$2" "${3:-serve.err}" <<'PY'
import json, sys
app, text, path = sys.argv[1:4]
for line in open(path):
    try:
        e = json.loads(line)
    except ValueError:
        sys.exit("not a JSON log line: " + line)
    if e.get("app") == app and text in e["message"]:
        sys.exit(0)
sys.exit(1)
PY
}

write_config yes 127.0.0.1
"$STREAMSQL" serve --config service.json 2>serve.err &
serve=$!
pids+=("$serve")
wait_until 60 "counts finishing" "$serve" log_has counts "finished: its input ended"
wait_until 30 "broken failing twice" "$serve" log_has broken "starting again in 2 s"
log_has broken "starting again in 1 s" || die "the first backoff was not 1 s: $(cat serve.err)"
# What broken printed is logged under its name, at the level its line says.
python3 - <<'PY' || die "broken's failure is not an error event: $(grep broken serve.err | head -5)"
import json, sys
sys.exit(0 if any(e.get("app") == "broken" and e["level"] == "error" and e["message"].startswith("cannot open missing.jsonl")
                  for e in map(json.loads, open("serve.err"))) else 1)
PY
python3 "$SS_SOURCE_DIR/tests/diff/check_output.py" --spec . --stream OUT --got counts.out --ignore-order \
    >compare.txt 2>&1 || die "counts differ from the oracle's: $(head -30 compare.txt)"
cat compare.txt
[ "$(grep -c '"app":"counts","message":"started' serve.err)" -eq 1 ] || die "counts was started again after finishing"
# /metrics: the applications' counters and serve's own, in one exposition.
# metrics_at HOST: the port of serve's last "metrics at http://HOST:PORT" line.
metrics_at() {
    python3 - "$1" <<'PY'
import json, sys
for l in open("serve.err"):
    m = json.loads(l)["message"]
    if m.startswith("metrics at http://%s:" % sys.argv[1]):
        port = m.split(":")[2].split("/")[0]
print(port)
PY
}
host=127.0.0.1
port=$(metrics_at $host) || die "serve did not say where its metrics are"
scrape() { curl -sf "http://$host:$port/metrics" >"$1" || die "GET /metrics failed"; }
health() { curl -s -o /dev/null -w '%{http_code}' "http://$host:$port/healthz"; }
scrape m1.txt
python3 - m1.txt <<'PY' || die "/metrics is not one family per name: $(head -20 m1.txt)"
import sys
seen = set()
for line in open(sys.argv[1]):
    if line.startswith("# TYPE "):
        name = line.split()[2]
        if name in seen:
            sys.exit("family %s twice" % name)
        seen.add(name)
PY
[ "$(metric_value m1.txt 'streamsql_sink_rows_total{app="counts",stream="OUT"}')" = "$(lines counts.out)" ] ||
    die "counts: sink rows in /metrics differ from counts.out's $(lines counts.out): $(grep counts m1.txt)"
[ "$(metric_value m1.txt 'streamsql_source_records_total{app="counts",stream="S"}')" = 20000 ] ||
    die "counts: source records in /metrics are not 20000: $(grep 'source_records.*counts' m1.txt)"
[ "$(metric_value m1.txt 'streamsql_app_up{app="counts"}')" = 0 ] || die "counts is up after finishing"
[ "$(metric_value m1.txt 'streamsql_app_restarts_total{app="broken"}')" -ge 2 ] || die "broken's restarts: $(grep broken m1.txt)"
[ "$(health)" = 503 ] || die "/healthz is not 503 while broken fails"
ticks_records() { scrape mt.txt && metric_value mt.txt 'streamsql_source_records_total{app="ticks",stream="T"}'; }
t1=$(ticks_records)
ticks_moved() { [ "$(ticks_records)" -gt "$t1" ]; }
wait_until 10 "ticks' counters moving" "$serve" ticks_moved
ticks_pid=$(python3 -c '
import json, sys
for l in open("serve.err"):
    e = json.loads(l)
    if e.get("app") == "ticks" and e["message"].startswith("started (pid "):
        print(e["message"].split()[2].rstrip(")"))' | tail -1)
[ -n "$ticks_pid" ] || die "no pid logged for ticks"

# SIGHUP without `broken`, and metrics moved to another address: broken
# stops for good; ticks is not touched; /metrics answers at the new address
# only.
write_config no 127.0.0.2
kill -HUP "$serve"
wait_until 30 "broken removed" "$serve" log_has broken "removed from the config"
old_port=$port
port=$(metrics_at 127.0.0.2) || die "serve did not move its metrics to 127.0.0.2: $(tail -5 serve.err)"
host=127.0.0.2
! curl -s -o /dev/null "http://127.0.0.1:$old_port/metrics" || die "metrics still answer at 127.0.0.1:$old_port"
kill -0 "$ticks_pid" || die "ticks (pid $ticks_pid) did not survive the reload"
starts=$(grep -c '"app":"broken","message":"started' serve.err)
sleep 3
[ "$(grep -c '"app":"broken","message":"started' serve.err)" -eq "$starts" ] || die "broken started after its removal"
[ "$(grep -c '"app":"ticks","message":"started' serve.err)" -eq 1 ] || die "the reload restarted ticks"
[ "$(health)" = 200 ] || die "/healthz is not 200 once broken is gone"
scrape m2.txt
! grep -q 'app="broken"' m2.txt || die "broken is still in /metrics after its removal"
[ "$(metric_value m2.txt 'streamsql_app_up{app="ticks"}')" = 1 ] || die "ticks is not up: $(grep ticks m2.txt | head)"

# SIGTERM: drained and checkpointed, exit 0; a second serve resumes ticks.
kill -TERM "$serve"
wait_exit 60 "$serve"
[ "$rc" -eq 0 ] || die "serve after SIGTERM: exit status $rc: $(tail -5 serve.err)"
log_has ticks "windows still open are in the checkpoint" || die "ticks did not checkpoint at SIGTERM"
[ -s state/ticks.ckpt ] || die "no checkpoint state/ticks.ckpt"
"$STREAMSQL" serve --config service.json 2>serve2.err &
serve=$!
pids+=("$serve")
wait_until 30 "ticks resuming" "$serve" log_has ticks "resuming from checkpoint" serve2.err
sleep 2
kill -TERM "$serve"
wait_exit 60 "$serve"
[ "$rc" -eq 0 ] || die "the second serve after SIGTERM: exit status $rc"
timeout 60 kcat -C -b "$brokers" -t ticks -o beginning -e -q >ticks.jsonl 2>/dev/null || die "kcat could not read ticks"
python3 - ticks.jsonl <<'PY' || die "the ticks topic has rows twice or a second missing across the restart"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
keys = [(r["W"], r["TICKER_SYMBOL"]) for r in rows]
if len(keys) != len(set(keys)):
    sys.exit("%d rows, %d distinct (second, symbol)" % (len(keys), len(set(keys))))
seconds = sorted({r["W"] for r in rows})
import datetime
ts = [datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S.%f") for s in seconds]
gaps = [(a, b) for a, b in zip(ts, ts[1:]) if (b - a).total_seconds() != 1]
if gaps:
    sys.exit("seconds missing: %s" % gaps[:5])
print("ticks: %d rows over %d seconds, none twice, none missing" % (len(rows), len(seconds)))
PY

# run --config --app: one application of the config, with its bindings.
rm -f counts.out
"$STREAMSQL" run --config service.json --app counts --set S.KAFKA_GROUP_ID=again --quiet || die "run --config --app counts failed"
python3 "$SS_SOURCE_DIR/tests/diff/check_output.py" --spec . --stream OUT --got counts.out --ignore-order \
    >compare.txt 2>&1 || die "run --config --app: counts differ from the oracle's: $(head -30 compare.txt)"

# A KDA application entry, moved off Kinesis by its streams: the minutes are
# what examples/demo.sql computes from the same file.
python3 - "$SS_SOURCE_DIR" <<'PY'
import json, sys
src = sys.argv[1]
json.dump({"applications": [{"name": "kda", "kda": src + "/examples/kda/ticker_app.json", "streams": {
    "SOURCE_SQL_STREAM_001": {"FILE": src + "/examples/data/ticker.jsonl", "ROWTIME": "EVENT_TIME",
                              "WATERMARK_DELAY": "5s"},
    "DESTINATION_SQL_STREAM": {"FILE": "minutes.jsonl"},
    "PRICE_ALERT_STREAM": {"FILE": "alerts.csv"}}}]}, open("kda.json", "w"))
PY
"$STREAMSQL" run --config kda.json --app kda --quiet 2>kda.err || die "run --config --app kda: $(cat kda.err)"
(cd "$SS_SOURCE_DIR" && "$STREAMSQL" run examples/demo.sql --quiet) >demo.out || die "examples/demo.sql failed"
[ "$(lines demo.out)" -eq 110 ] || die "demo.sql: $(lines demo.out) rows, want 110"
cmp -s demo.out minutes.jsonl || die "the KDA application's minutes differ from demo.sql's"

# Config errors: exit 2 and the message, with the JSON path.
config_error() { # config_error JSON MESSAGE
    printf '%s\n' "$1" >bad.json
    rc=0
    "$STREAMSQL" serve --config bad.json 2>bad.err >/dev/null || rc=$?
    [ "$rc" -eq 2 ] || die "config $1: exit status $rc, want 2"
    [ "$(cat bad.err)" = "streamsql: $2" ] || die "config $1:
  got:  $(cat bad.err)
  want: streamsql: $2"
}
config_error '{"applications": [{"name": "a", "sql": "x.sql"}], "kafka": {"brokers": 9092}}' \
    'bad.json: $.kafka: "brokers" must be a string, not an integer'
config_error '{"applications": [{"name": "a", "sql": "x.sql", "bogus": 1}]}' \
    'bad.json: $.applications[0]: unknown key "bogus" (known: name, sql, kda, streams, errors, enabled, checkpoint)'
config_error '{"applications": [], "metrics": {}}' \
    'bad.json: $: "applications" is missing or empty: there is nothing to run'
config_error '{"applications": [{"sql": "x.sql"}]}' 'bad.json: $.applications[0]: "name" is missing'
config_error '{"applications": [{"name": "a b", "sql": "x.sql"}]}' \
    "bad.json: \$.applications[0]: \"name\" must be 1 to 64 letters, digits, '_', '-' or '.', not \"a b\""
config_error '{"applications": [{"name": "a", "sql": "x.sql"}, {"name": "a", "sql": "y.sql"}]}' \
    'bad.json: $.applications[1]: the name "a" is taken by $.applications[0]'
config_error '{"applications": [{"name": "a"}]}' 'bad.json: $.applications[0]: "sql" or "kda" is missing'
config_error '{"applications": [{"name": "a", "sql": "x.sql", "kda": "k.json"}]}' \
    'bad.json: $.applications[0]: give "sql" or "kda", not both'
config_error '{"applications": [{"name": "a", "sql": "x.sql", "streams": {"S": {"FILE": null}}}]}' \
    'bad.json: $.applications[0].streams.S.FILE: must be a string, a number or a boolean, not null'
config_error '{"applications": [{"name": "a", "sql": "x.sql", "streams": {"S": "t"}}]}' \
    'bad.json: $.applications[0].streams.S: must be an object of WITH keys, not a string'
config_error '{"applications": [{"name": "a", "sql": "x.sql"}], "checkpoints": {"interval": "soon"}}' \
    'bad.json: $.checkpoints: "interval" must be a duration such as "250ms", "10s" or "1m", not "soon"'
config_error '{"applications": [{"name": "a", "sql": "x.sql", "checkpoint": true}]}' \
    'bad.json: $.applications[0]: "checkpoint" is true but $.checkpoints.directory is not set'
config_error '{"applications": [{"name": "a", "sql": "x.sql"}], "log": {"level": "loud"}}' \
    'bad.json: $.log: "level" must be "debug", "info", "warning" or "error", not "loud"'
config_error '{"applications": [{"name": "a", "sql": "x.sql"}], "metrics": {"listen": "9249"}}' \
    'bad.json: $.metrics: "listen" must be HOST:PORT, not "9249"'
config_error '{"applications": [{"name": "a", "sql": "x.sql"}], "kafka": {"properties": {"acks": 1}}}' \
    'bad.json: $.kafka.properties.acks: must be a string (librdkafka takes every property as text), not an integer'
config_error '[1]' 'bad.json: $: the config must be an object, not an array'
config_error '{"applications": [7]}' 'bad.json: $.applications[0]: must be an object, not an integer'
config_error '{"applications": [{"name": "a", "sql": ""}]}' 'bad.json: $.applications[0]: "sql" must not be empty'
config_error '{"applications": [{"name": "a", "sql": "x.sql"}], "log": {"format": "xml"}}' \
    'bad.json: $.log: "format" must be "text" or "json", not "xml"'
config_error '{"applications": [{"name": "a", "kda": "nosuch.json"}]}' \
    'bad.json: $.applications[0]: "kda": unable to open nosuch.json: No such file or directory'
printf '{"ApplicationDetail": \n' >broken_kda.json
config_error '{"applications": [{"name": "a", "kda": "broken_kda.json"}]}' \
    "bad.json: \$.applications[0]: \"kda\": broken_kda.json:2:0: unexpected token near end of file"
config_error '{"applications": [' "bad.json:2:0: ']' expected near end of file"
config_error '{"applications": [], "applications": []}' "bad.json:1:35: duplicate object key near '\"applications\"'"
echo "serve: all checks passed"
