#!/bin/bash
# Kafka error paths (issue 4): bad input never vanishes and trouble is said.
#  1. Malformed records (not JSON, a value of the wrong type, a missing ROWTIME)
#     and a late one go to the error stream, each with its topic, partition and
#     offset; the good ones are counted in their windows.
#  2. Brokers that cannot be reached: the run waits, warns naming them, and a
#     SIGINT still ends it cleanly.
#  3. A result that cannot be delivered (the sink's message.timeout.ms passes
#     with the broker down) stops the application with exit status 1 and says
#     how many were lost; nothing is dropped silently.
#  4. 'kafka.*' properties reach librdkafka: an unknown one is refused by name;
#     a secret's value is never echoed, whatever fails.
. "$(dirname "$0")/lib/kafka.sh"

start_broker

# ---- 1. malformed and late records, in `bad`, one partition (a partition
# without data would hold the watermark back: nothing would be late) ----
send "topic bad 1"
cat >bad.jsonl <<'JSON'
{"TS":"2026-01-01 00:00:01","K":"a","V":1}
this is not json
{"TS":"2026-01-01 00:00:02","K":"a","V":"two"}
{"K":"a","V":3}
{"TS":"2026-01-01 00:00:12","K":"a","V":4}
{"TS":"2026-01-01 00:00:05","K":"a","V":5}
{"TS":"2026-01-01 00:00:08","K":"b","V":6}
JSON
timeout 30 kcat -P -b "$brokers" -t bad -p 0 -X message.timeout.ms=30000 <bad.jsonl 2>produce.err ||
    die "kcat could not produce to bad"
cat >bad.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KAFKA_TOPIC = 'bad', KAFKA_BROKERS = '$brokers', ROWTIME = 'TS',
        WATERMARK_DELAY = INTERVAL '5' SECOND, STOP_AT_END = TRUE);
CREATE STREAM OUT (W TIMESTAMP, K VARCHAR(8), N BIGINT, TOTAL BIGINT);
CREATE PUMP P AS INSERT INTO OUT
  SELECT STREAM STEP(S.ROWTIME BY INTERVAL '10' SECOND) AS W, K, COUNT(*), SUM(V)
  FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '10' SECOND);
SQL
rc=0
timeout 60 "$STREAMSQL" run bad.sql --output OUT=bad.out --errors bad.errors >bad.stdout 2>bad.err || rc=$?
[ "$rc" -eq 0 ] || die "malformed records: exit status $rc"
python3 - <<'PY' || die "error stream of the malformed records is wrong (above)"
import json, sys
want = {1: "parse", 2: "convert", 3: "rowtime", 5: "late"}
got = {}
for line in open("bad.errors"):
    r = json.loads(line)
    p = r["position"]
    if p.get("topic") != "bad" or p.get("partition") != 0:
        sys.exit("position %r: want topic bad, partition 0" % p)
    got[p["offset"]] = r["kind"]
if got != want:
    sys.exit("error records by offset %r, want %r" % (got, want))
rows = sorted((r["W"], r["K"], r["N"], r["TOTAL"]) for r in map(json.loads, open("bad.out")))
want_rows = [("2026-01-01 00:00:00.000", "a", 1, 1), ("2026-01-01 00:00:00.000", "b", 1, 6),
             ("2026-01-01 00:00:10.000", "a", 1, 4)]
if rows != want_rows:
    sys.exit("rows %r, want %r" % (rows, want_rows))
PY
grep -q '7 rows in, 3 rows out, 4 errors (1 late)' bad.err || die "summary: $(grep 'rows in' bad.err)"

# ---- 2. unreachable brokers ----
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed "s/$brokers/127.0.0.1:$closed/" bad.sql >down.sql
"$STREAMSQL" run down.sql --output OUT=down.out >down.stdout 2>down.err &
down=$!
pids+=("$down")
warned() { grep -q "warning: stream S: kafka brokers 127.0.0.1:$closed unreachable" down.err; }
wait_until 30 "warning naming the unreachable broker" "$down" warned
sleep 1
kill -0 "$down" 2>/dev/null || die "the run gave up on unreachable brokers instead of waiting"
kill -INT "$down"
wait_exit 30 "$down"
[ "$rc" -eq 0 ] || die "unreachable brokers: exit status $rc after SIGINT, want 0"

# ---- 3. undeliverable results: file source, Kafka sink, broker down ----
printf '{"TS":"2026-01-01 00:00:0%d","K":"a","V":%d}\n' 1 1 2 2 3 3 >rows.jsonl
cat >undeliverable.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER) WITH (FILE = 'rows.jsonl', ROWTIME = 'TS');
CREATE STREAM OUT (K VARCHAR(8), V INTEGER)
  WITH (KAFKA_TOPIC = 'never', KAFKA_BROKERS = '$brokers', KAFKA_KEY = 'K',
        'kafka.message.timeout.ms' = '1500');
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K, V FROM S;
SQL
send "down all"
rc=0
timeout 60 "$STREAMSQL" run undeliverable.sql >undeliverable.out 2>undeliverable.err || rc=$?
send "up all"
[ "$rc" -eq 1 ] || die "undeliverable results: exit status $rc, want 1"
grep -q 'stream OUT: .*not .*delivered to kafka topic never' undeliverable.err ||
    die "undeliverable results: no message saying so"

# ---- 4. passthrough: unknown property refused, secrets never echoed ----
cat >prop.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KAFKA_TOPIC = 'bad', KAFKA_BROKERS = '$brokers', ROWTIME = 'TS', STOP_AT_END = TRUE,
        'kafka.no.such.property' = 'x');
CREATE STREAM OUT (K VARCHAR(8), V INTEGER);
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K, V FROM S;
SQL
rc=0
timeout 30 "$STREAMSQL" run prop.sql >prop.out 2>prop.err || rc=$?
[ "$rc" -ne 0 ] || die "an unknown kafka property was accepted"
grep -q 'no.such.property' prop.err || die "the unknown property is not named: $(cat prop.err)"
secret=hunter2-do-not-print
cat >secret.sql <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KAFKA_TOPIC = 'bad', KAFKA_BROKERS = '$brokers', ROWTIME = 'TS', STOP_AT_END = TRUE,
        'kafka.security.protocol' = 'SASL_PLAINTEXT', 'kafka.sasl.mechanisms' = 'SCRAM-SHA-512',
        'kafka.sasl.username' = 'alice', 'kafka.sasl.password' = '$secret',
        'kafka.ssl.key.password' = '$secret', 'kafka.enable.idempotence' = 'maybe');
CREATE STREAM OUT (K VARCHAR(8), V INTEGER);
CREATE PUMP P AS INSERT INTO OUT SELECT STREAM K, V FROM S;
SQL
for cmd in check explain run; do
    rc=0
    timeout 30 "$STREAMSQL" "$cmd" secret.sql >"secret_$cmd.out" 2>"secret_$cmd.err" || rc=$?
    ! grep -q "$secret" "secret_$cmd.out" "secret_$cmd.err" || die "'$cmd' echoed a secret"
done
[ "$rc" -ne 0 ] || die "'kafka.enable.idempotence' = 'maybe' was accepted"
grep -q 'enable.idempotence' secret_run.err || die "the bad property is not named: $(cat secret_run.err)"
echo "kafka_errors: all checks passed"
