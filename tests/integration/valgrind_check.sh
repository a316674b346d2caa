#!/bin/bash
# `streamsql check` and `explain` under valgrind memcheck: no invalid access, no
# use of uninitialised memory, no definite or indirect leak, on every file of
# queries/ and on a script full of errors (every front-end stage reports some).
# Registered only in builds without sanitizers (valgrind cannot run ASan binaries).
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository).
set -eu
: "${STREAMSQL:?set STREAMSQL to the streamsql binary}"
: "${SS_SOURCE_DIR:?set SS_SOURCE_DIR to the repository root}"
if ! command -v valgrind >/dev/null 2>&1; then
    echo "FAIL: valgrind is not installed (scripts/install-deps installs it)" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# Runs the binary under memcheck; $1 is the exit status the command itself must give.
# Memcheck's own findings make it exit 1, which neither check nor explain uses (they give 0 or 2).
vg() {
    local want=$1
    shift
    local rc=0
    valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --track-origins=yes "$STREAMSQL" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ "$rc" -ne "$want" ]; then
        if [ "$rc" -eq 1 ]; then
            echo "FAIL: valgrind found errors in: streamsql $*" >&2
        else
            echo "FAIL: streamsql $* exited $rc under valgrind, expected $want" >&2
        fi
        sed -n '1,60p' "$tmp/err" >&2
        failures=$((failures + 1))
    fi
}

cd "$SS_SOURCE_DIR"
for f in queries/*.sql; do
    vg 0 check "$f"
    vg 0 explain "$f"
done

# Errors from the lexer, the parser (with recovery), literals, bindings, the
# analyzer and the pump graph, in one script.
cat >"$tmp/many_errors.sql" <<'EOF'
CREATE STREAM src (sym VARCHAR(4), price DOUBLE, qty INTEGER, ts TIMESTAMP, flag BOOLEAN)
  WITH (FILE = 'in.jsonl', ROWTIME = 'ts', WATERMARK_DELEY = INTERVAL '5' SECOND, FORMAT = 'XML');
CREATE STREAM dst (sym VARCHAR(4), v DOUBLE);
CREATE STREAM dst (sym VARCHAR(4));
CREATE STREAM bad (a INTEGER, a DOUBLE, ROWTIME TIMESTAMP, b VARCHAR, c FLOATY)
  WITH (FILE = 'x', KAFKA_TOPIC = 't', KAFKA_KEY = 'zz', 'kafka.acks' = 'all');
CREATE STREAM broken (a INTEGER,);
CREATE PUMP p1 AS INSERT INTO dst SELECT STREAM sym, prce FROM src;
CREATE PUMP p1 AS INSERT INTO dst SELECT STREAM sym, price, qty FROM src;
CREATE PUMP p2 AS INSERT INTO dst SELECT STREAM sym, SUM(price) FROM src GROUP BY sym;
CREATE PUMP p3 AS INSERT INTO dst SELECT STREAM sym, AVG(price) OVER (PARTITION BY sym) FROM src;
CREATE PUMP p4 AS INSERT INTO dst SELECT STREAM sym, SQRTT(price) FROM srx;
CREATE PUMP p5 AS INSERT INTO dst SELECT STREAM sym, CASE WHEN flag THEN price ELSE sym END FROM src
  WHERE price AND COUNT(*) > 1 HAVING qty > 1;
CREATE PUMP p6 AS INSERT INTO dst SELECT STREAM a, a FROM broken;
SELECT STREAM 'héllo' @ sym FROM src;
SELECT STREAM sym, sym FROM src WHERE ts > TIMESTAMP '2026-13-01 00:00:00' - INTERVAL '1:xx' MINUTE TO SECOND;
SELECT STREAM sym FROM src WINDOWED BY STAGGER (RANGE INTERVAL '1' MONTH);
SELECT STREAM 99999999999999999999, 12abc FROM src;
SELECT STREAM (((((((((( sym FROM src;
CREATE STREAM a1 (x INTEGER);
CREATE STREAM b1 (x INTEGER);
CREATE PUMP c1 AS INSERT INTO a1 SELECT STREAM x FROM b1;
CREATE PUMP c2 AS INSERT INTO b1 SELECT STREAM x FROM a1;
SELECT STREAM 'unterminated FROM src;
EOF
vg 2 check "$tmp/many_errors.sql"
if ! grep -q 'error' "$tmp/err"; then
    echo "FAIL: check of the error script printed no errors" >&2
    failures=$((failures + 1))
fi
vg 2 explain "$tmp/many_errors.sql"

# Deep nesting is refused without touching the C stack limit.
python3 - "$tmp/deep.sql" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("SELECT STREAM " + "(" * 3000 + "a" + ")" * 3000 + " FROM s;\n")
EOF
vg 2 check "$tmp/deep.sql"

# The engine: the README demo and one application per operator, end to end
# (decoding, windows, sliding frames, the error stream, generators).
for app in examples/demo.sql examples/error_stream.sql examples/sliding_anomaly.sql \
           queries/02_ticker_generator.sql queries/09_stagger_window.sql queries/12_weblog_strings.sql \
           queries/13_iot_math_time.sql queries/17_clickstream_sessions.sql queries/19_hop_window.sql; do
    vg 0 run "$app" --quiet --errors "$tmp/errors.jsonl"
done
# Logs: stderr read back through a pipe by a thread (error records included).
vg 0 run examples/error_stream.sql --log-format json

if [ "$failures" -ne 0 ]; then
    echo "valgrind_check: $failures failure(s)" >&2
    exit 1
fi
echo "valgrind_check: clean"
