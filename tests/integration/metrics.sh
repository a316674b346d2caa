#!/bin/bash
# Metrics (issue 7): `run --metrics` serves /metrics in the Prometheus text
# format and /healthz. Over a FIFO the test controls, the counters must equal
# exactly the rows and error records the application produced, batch after
# batch, while it runs; over an unbounded generator they must keep moving;
# a listen address in use or malformed must stop the run with a clear error.
. "$(dirname "$0")/lib/common.sh"
command -v curl >/dev/null || die "curl is needed"

# scrape OUT: the current /metrics text into OUT (curl fails on non-200).
scrape() { curl -sSf "http://127.0.0.1:$port/metrics" >"$1"; }
kind_count() { { grep -o "\"kind\":\"$1\"" errors.jsonl || true; } | wc -l; }

# valid_exposition FILE: every sample is NAME{LABELS} VALUE under its own
# # HELP and # TYPE, each family once, counters named *_total.
valid_exposition() {
    python3 - "$1" <<'PY' || die "$1 is not valid Prometheus text"
import re, sys
seen, family, ftype = set(), None, None
sample = re.compile(r'^([a-z_]+)\{app="m"(,[a-z_]+="(?:[^"\\\n]|\\.)*")*\} (-?[0-9.e+]+|NaN|[+-]Inf)$')
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith("# HELP "):
        family = line.split()[2]
        assert family.startswith("streamsql_") and family not in seen, line
        seen.add(family)
    elif line.startswith("# TYPE "):
        _, _, name, ftype = line.split()
        assert name == family and ftype in ("counter", "gauge"), line
        assert (ftype == "counter") == name.endswith("_total"), line
    else:
        m = sample.match(line)
        assert m and m.group(1) == family, line
PY
}

# monotonic A B: no counter of scrape A is missing from B or smaller there.
monotonic() {
    python3 - "$1" "$2" <<'PY' || die "a counter went back between $1 and $2"
import sys
def samples(path):
    return {l.rsplit(" ", 1)[0]: float(l.rsplit(" ", 1)[1]) for l in open(path)
            if not l.startswith("#") and l.split("{")[0].endswith("_total")}
a, b = samples(sys.argv[1]), samples(sys.argv[2])
for k, v in a.items():
    assert k in b and b[k] >= v, (k, v, b.get(k))
PY
}

# ---- exact counts over a FIFO -------------------------------------------------

cat >m.sql <<'EOF'
CREATE STREAM S (TS BIGINT, K VARCHAR(8), V INTEGER)
  WITH (FILE = 'in.fifo', FORMAT = 'JSON', ROWTIME = 'TS');
CREATE STREAM OUT (K VARCHAR(8), V INTEGER, Q INTEGER);
CREATE STREAM W (WSTART TIMESTAMP, K VARCHAR(8), N BIGINT);
CREATE PUMP P1 AS INSERT INTO OUT SELECT STREAM K, V, 100 / (V - 7) FROM S WHERE V >= 0;
CREATE PUMP P2 AS INSERT INTO W
  SELECT STREAM STEP(S.ROWTIME BY INTERVAL '1' MINUTE), K, COUNT(*)
  FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '1' MINUTE);
EOF
mkfifo in.fifo
# Read-write: opening does not block, and the run sees end of input only
# once this is closed (the run must not inherit it).
exec 3<>in.fifo
"$STREAMSQL" run m.sql --metrics 127.0.0.1:0 --output OUT=out.jsonl --output W=w.jsonl --errors errors.jsonl \
    2>m.err >/dev/null 3>&- &
pid=$!
pids+=("$pid")
metrics_port "$pid" m.err
[ -n "$port" ] && [ "$port" -gt 0 ] || die "no port in: $(cat m.err)"

# Batch 1: ten good rows (V 7 divides by zero in P1: an eval error), two
# unparsable records, a value that does not convert, a late row and one
# without ROWTIME.
{
    for i in 0 1 2 3 4 5 6 7 8 9; do
        printf '{"TS":%d,"K":"k%d","V":%d}\n' $((1000 * (i + 1))) $((i % 3)) "$i"
    done
    echo 'garbage'
    echo '{"TS":'
    echo '{"TS":11000,"K":"x","V":"abc"}'
    echo '{"TS":500,"K":"x","V":1}'
    echo '{"K":"x","V":1}'
} >&3

# counts_are RECORDS ACCEPTED OUT PARSE CONVERT LATE ROWTIME EVAL: a scrape
# (in now.prom) says exactly that, and so do the output and error files.
counts_are() {
    scrape now.prom || return 1
    [ "$(metric_value now.prom 'streamsql_source_records_total{app="m",stream="S"}')" = "$1" ] &&
        [ "$(metric_value now.prom 'streamsql_source_rows_total{app="m",stream="S"}')" = "$2" ] &&
        [ "$(metric_value now.prom 'streamsql_sink_rows_total{app="m",stream="OUT"}')" = "$3" ] &&
        [ "$(lines out.jsonl)" = "$3" ] &&
        [ "$(metric_value now.prom 'streamsql_stream_rows_total{app="m",stream="OUT"}')" = "$3" ] &&
        [ "$(metric_value now.prom 'streamsql_errors_total{app="m",stream="S",kind="parse"}')" = "$4" ] &&
        [ "$(kind_count parse)" = "$4" ] &&
        [ "$(metric_value now.prom 'streamsql_errors_total{app="m",stream="S",kind="convert"}')" = "$5" ] &&
        [ "$(kind_count convert)" = "$5" ] &&
        [ "$(metric_value now.prom 'streamsql_errors_total{app="m",stream="S",kind="late"}')" = "$6" ] &&
        [ "$(metric_value now.prom 'streamsql_late_rows_total{app="m",stream="S"}')" = "$6" ] &&
        [ "$(kind_count late)" = "$6" ] &&
        [ "$(metric_value now.prom 'streamsql_errors_total{app="m",stream="S",kind="rowtime"}')" = "$7" ] &&
        [ "$(kind_count rowtime)" = "$7" ] &&
        [ "$(metric_value now.prom 'streamsql_errors_total{app="m",stream="OUT",kind="eval"}')" = "$8" ] &&
        [ "$(kind_count eval)" = "$8" ]
}
wait_until 60 "the first batch counted" "$pid" counts_are 15 10 9 2 1 1 1 1
cp now.prom batch1.prom
valid_exposition batch1.prom
# Every key of the minute's window is still open: 3 keys, 1 window.
[ "$(metric_value batch1.prom 'streamsql_open_windows{app="m",pump="P2"}')" = 1 ] || die "open windows: $(grep open_windows batch1.prom)"
[ "$(metric_value batch1.prom 'streamsql_group_keys{app="m",pump="P2"}')" = 3 ] || die "group keys: $(grep group_keys batch1.prom)"
[ "$(metric_value batch1.prom 'streamsql_pump_rows_in_total{app="m",pump="P1"}')" = 10 ] || die "pump rows in"
[ "$(metric_value batch1.prom 'streamsql_running{app="m"}')" = 1 ] || die "not running"
# Event time 1970: the watermark (10 s) is decades behind the wall clock.
lag=$(metric_value batch1.prom 'streamsql_watermark_lag_seconds{app="m",stream="S"}')
python3 -c "import sys; sys.exit(0 if float('$lag') > 1e9 else 1)" || die "watermark lag $lag"
[ "$(metric_value batch1.prom 'streamsql_watermark_seconds{app="m",stream="S"}')" = 10 ] || die "watermark not 10 s"

# The other endpoints.
[ "$(curl -s "http://127.0.0.1:$port/healthz")" = ok ] || die "/healthz is not ok"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] || die "/healthz not 200"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/nothing")" = 404 ] || die "unknown path not 404"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/metrics")" = 405 ] ||
    die "POST /metrics not 405"
curl -sSf -D headers.txt -o /dev/null "http://127.0.0.1:$port/metrics" || die "no /metrics"
grep -qi '^content-type: text/plain; version=0.0.4' headers.txt || die "content type: $(cat headers.txt)"

# Batch 2: twenty more good rows and one more bad one.
{
    for i in $(seq 10 29); do
        printf '{"TS":%d,"K":"k%d","V":%d}\n' $((1000 * (i + 1))) $((i % 3)) "$i"
    done
    echo 'more garbage'
} >&3
wait_until 60 "the second batch counted" "$pid" counts_are 36 30 29 3 1 1 1 1
cp now.prom batch2.prom
valid_exposition batch2.prom
monotonic batch1.prom batch2.prom

# End of input: the run ends, and its summary agrees with the last scrape.
exec 3>&-
wait_exit 60 "$pid"
[ "$rc" -eq 0 ] || die "the run exited $rc"
grep -q "36 rows in, 32 rows out, 7 errors (1 late)" m.err || die "summary: $(cat m.err)"
[ "$(lines w.jsonl)" = 3 ] || die "the window did not flush at the end"

# ---- counters moving over an unbounded generator --------------------------------

cat >g.sql <<'EOF'
CREATE STREAM T (TICKER_SYMBOL VARCHAR(4), PRICE REAL)
  WITH (GENERATOR = 'ticker', RATE = 2000, SEED = 7); -- no COUNT: unbounded
CREATE STREAM OUT (SYM VARCHAR(4), PRICE REAL);
CREATE PUMP P1 AS INSERT INTO OUT SELECT STREAM TICKER_SYMBOL, PRICE FROM T;
EOF
"$STREAMSQL" run g.sql --metrics 127.0.0.1:0 --output OUT=g.out 2>g.err >/dev/null &
gpid=$!
pids+=("$gpid")
metrics_port "$gpid" g.err

# moved N: the records counter has taken N increasing values so far.
seen=()
moved() {
    scrape g.prom || return 1
    local v
    v=$(metric_value g.prom 'streamsql_source_records_total{app="g",stream="T"}')
    [ "$v" != none ] || return 1
    if [ "${#seen[@]}" -eq 0 ] || [ "$v" != "${seen[-1]}" ]; then
        [ "${#seen[@]}" -eq 0 ] || [ "$v" -gt "${seen[-1]}" ] || die "records went from ${seen[-1]} to $v"
        seen+=("$v")
        cp g.prom "g${#seen[@]}.prom"
    fi
    [ "${#seen[@]}" -ge "$1" ]
}
wait_until 60 "the counters moving" "$gpid" moved 3
monotonic g1.prom g2.prom
monotonic g2.prom g3.prom
# Rows out follow rows in (a projection: one each).
out3=$(metric_value g3.prom 'streamsql_sink_rows_total{app="g",stream="OUT"}')
[ "$out3" -gt 0 ] && [ "$out3" -le "${seen[2]}" ] || die "rows out $out3 for ${seen[2]} in"

# A second run on the same address is refused, clearly, and runs nothing.
rc=0
"$STREAMSQL" run g.sql --metrics "127.0.0.1:$port" --output OUT=g2.out 2>busy.err >/dev/null || rc=$?
[ "$rc" -eq 1 ] || die "address in use: exit $rc"
grep -q "cannot listen on 127.0.0.1:$port: Address already in use" busy.err || die "address in use: $(cat busy.err)"
[ ! -s g2.out ] || die "the refused run wrote output"
rc=0
"$STREAMSQL" run g.sql --metrics nonsense 2>bad.err >/dev/null || rc=$?
[ "$rc" -eq 1 ] && grep -q "bad listen address 'nonsense'" bad.err || die "bad address: exit $rc, $(cat bad.err)"

kill -TERM "$gpid"
wait_exit 60 "$gpid"
[ "$rc" -eq 0 ] || die "the generator run exited $rc after SIGTERM"
in=$(sed -n 's/^streamsql: \([0-9]*\) rows in, \([0-9]*\) rows out.*/\1/p' g.err)
out=$(sed -n 's/^streamsql: \([0-9]*\) rows in, \([0-9]*\) rows out.*/\2/p' g.err)
[ -n "$in" ] && [ "$in" -ge "${seen[2]}" ] && [ "$out" = "$(lines g.out)" ] || die "summary: $(cat g.err)"
echo "metrics: ok"
