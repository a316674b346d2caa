#!/bin/bash
# `run --log-format text|json` and `--log-level` (issue 7: one line per event,
# leveled, with a JSON option), and `run --config` following the config's
# "log": every line streamsql writes to stderr becomes one log event with its
# time, level and application: the summary at info, a bad record of the error
# stream at warning, a runtime failure and an SQL error at error; the level
# drops what is below it; without a format, or under a config with no "log",
# or with `--log-format plain` (what serve asks of its children), stderr
# keeps its plain "streamsql: ..." lines.
. "$(dirname "$0")/lib/common.sh"

cat >app.sql <<'SQL'
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER) WITH (FILE = 'in.jsonl', ROWTIME = 'TS');
CREATE STREAM OUT (K VARCHAR(8), N BIGINT);
CREATE PUMP P AS INSERT INTO OUT
  SELECT STREAM K, COUNT(*) FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '10' SECOND);
SQL
printf '%s\n' '{"TS":1000,"K":"a","V":1}' '{"TS":2000,"K":"b","V":2}' 'not json' '{"TS":3000,"K":"a","V":3}' >in.jsonl

# check_log FILE FORMAT APP: every line of FILE is a log event of APP in
# FORMAT; prints "LEVEL<TAB>MESSAGE" per event to FILE.events.
check_log() {
    python3 - "$@" <<'PY' || die "$1 is not a $2 log of $3: $(cat "$1")"
import json, re, sys
path, fmt, app = sys.argv[1:4]
events = []
for line in open(path):
    line = line.rstrip("\n")
    if fmt == "json":
        e = json.loads(line)
        assert set(e) == {"time", "level", "app", "message"}, e
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", e["time"]), e
        assert e["app"] == app, e
        events.append((e["level"], e["message"]))
    else:
        m = re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (debug|info|warning|error) +\[(.*?)\] (.*)", line)
        assert m and m.group(2) == app, line
        events.append((m.group(1), m.group(3)))
with open(path + ".events", "w") as out:
    for level, message in events:
        out.write(level + "\t" + message + "\n")
PY
}
has_event() { grep -q -- "^$2	$3" "$1.events" || die "$1: no $2 event '$3' in: $(cat "$1.events")"; }

# JSON: the summary at info, the unparsable record (the error stream on
# stderr) at warning; the results on stdout untouched.
rc=0
"$STREAMSQL" run app.sql --log-format json >json.out 2>json.err || rc=$?
[ "$rc" -eq 0 ] || die "json: exit status $rc"
check_log json.err json app
has_event json.err info '4 rows in, 2 rows out, 1 errors (0 late)'
has_event json.err warning '{"error_time":"[^"]*","kind":"parse"'
[ "$(wc -l <json.out)" -eq 2 ] && ! grep -qv '^{"K":' json.out || die "json: stdout is not the 2 results: $(cat json.out)"

# Text, and --log-level warning: the warning stays, the info lines go.
"$STREAMSQL" run app.sql --log-format text --log-level warning >/dev/null 2>text.err || die "text: exit status $?"
check_log text.err text app
has_event text.err warning '{"error_time":"[^"]*","kind":"parse"'
! grep -q '^info' text.err.events || die "text: info events at --log-level warning: $(cat text.err.events)"
[ "$(wc -l <text.err.events)" -eq 1 ] || die "text: $(cat text.err.events)"

# A runtime failure at error, exit 1; an SQL error at error, exit 2, with
# its source line and caret as the events after it.
failing() { # failing APP FORMAT STATUS: APP.sql exits STATUS, its stderr a FORMAT log
    rc=0
    "$STREAMSQL" run "$1.sql" --log-format "$2" >/dev/null 2>"$1.err" || rc=$?
    [ "$rc" -eq "$3" ] || die "$1: exit status $rc, want $3"
    check_log "$1.err" "$2" "$1"
}
sed 's/in.jsonl/missing.jsonl/' app.sql >gone.sql
failing gone json 1
has_event gone.err error 'cannot open missing.jsonl (stream S): No such file or directory'
sed 's/COUNT(\*) FROM S/COUNT(*) FROM S WHERE W > 1/' app.sql >bad.sql
failing bad text 2
has_event bad.err error 'bad.sql:4:42: error: unknown column W in S; did you mean K?'
grep -q '^info	 *\^$' bad.err.events || die "bad: no caret event: $(cat bad.err.events)"

# Bad values: exit 2, and a message that says what is wanted.
rc=0
"$STREAMSQL" run app.sql --log-format xml 2>xml.err >/dev/null || rc=$?
[ "$rc" -eq 2 ] && grep -qxF "streamsql: --log-format takes plain, text or json, not 'xml'" xml.err || die "xml: $rc $(cat xml.err)"
rc=0
"$STREAMSQL" run app.sql --log-level loud 2>loud.err >/dev/null || rc=$?
[ "$rc" -eq 2 ] && grep -qxF "streamsql: --log-level takes debug, info, warning or error, not 'loud'" loud.err ||
    die "loud: $rc $(cat loud.err)"

# run --config: its "log" applies (the app named by --app); --log-level
# overrides it; a config with no "log" leaves stderr plain.
cat >logged.json <<'JSON'
{"log": {"level": "warning", "format": "json"},
 "applications": [{"name": "counts", "sql": "app.sql"}]}
JSON
"$STREAMSQL" run --config logged.json --app counts >/dev/null 2>cfg.err || die "config: exit status $?"
check_log cfg.err json counts
[ "$(cut -f1 cfg.err.events)" = warning ] || die "config: $(cat cfg.err.events)"
"$STREAMSQL" run --config logged.json --app counts --log-level info >/dev/null 2>cfginfo.err || die "config info: $?"
check_log cfginfo.err json counts
has_event cfginfo.err info '4 rows in, 2 rows out'
printf '{"applications": [{"name": "counts", "sql": "app.sql"}]}\n' >plain.json
"$STREAMSQL" run --config plain.json --app counts >/dev/null 2>plain.err || die "plain config: exit status $?"
grep -q '^streamsql: 4 rows in, 2 rows out' plain.err && grep -q '^{"error_time":"[^"]*","kind":"parse"' plain.err ||
    die "plain config: $(cat plain.err)"
# --log-format plain over a config's "log": what serve asks of its children.
"$STREAMSQL" run --config logged.json --app counts --log-format plain >/dev/null 2>forced.err || die "forced: $?"
grep -q '^streamsql: 4 rows in, 2 rows out' forced.err || die "forced plain: $(cat forced.err)"
echo "run_logs: all checks passed"
