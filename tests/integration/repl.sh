#!/bin/bash
# The REPL (docs/REPL.md), driven through a pseudo-terminal (tmux) as a person
# would: a stream on the ticker generator, a windowed SELECT STREAM shown live
# as an aligned table, Ctrl-C back to a prompt that still answers, .describe,
# Tab completing a column name, history across a restart; and with piped input
# (no prompts, no colours): exact tables, .mode json, an error with its caret
# under the statement, statements split across lines.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository), SS_BUILD_DIR.
source "$(dirname "$0")/lib/common.sh"
command -v tmux >/dev/null || die "tmux is needed (scripts/install-deps)"

# ---- piped input ----

cat >piped.sql <<'SQL'
CREATE STREAM T (TICKER_SYMBOL VARCHAR(4), PRICE REAL, CHANGE REAL)
    WITH (GENERATOR = 'ticker', COUNT = 5, SEED = 1);
-- a comment; with a semicolon
SELECT STREAM ticker_symbol, price
FROM T;
.mode json
SELECT STREAM ticker_symbol, 'it''s;' AS s FROM T WHERE price > 50;
.mode table
SELECT STREAM * FROM T WHERE change > 0;
SQL
rc=0
"$STREAMSQL" repl <piped.sql >piped.out 2>piped.err || rc=$?
[ "$rc" = 0 ] || die "piped: exit $rc, $(cat piped.err)"
[ ! -s piped.err ] || die "piped: unexpected stderr: $(cat piped.err)"
cat >piped.want <<'OUT'
+---------------+------------+
| TICKER_SYMBOL | PRICE      |
+---------------+------------+
| SOLR          |      12.36 |
| QRS           |      48.48 |
| SOLR          |      12.32 |
| ABCD          |     119.92 |
| WMT           |       60.1 |
+---------------+------------+
{"TICKER_SYMBOL":"ABCD","S":"it's;"}
{"TICKER_SYMBOL":"WMT","S":"it's;"}
+---------------+------------+------------+
| TICKER_SYMBOL | PRICE      | CHANGE     |
+---------------+------------+------------+
| WMT           |       60.1 |        0.1 |
+---------------+------------+------------+
OUT
diff -u piped.want piped.out || die "piped: output differs"
if grep -q $'\033' piped.out; then die "piped: colour codes in the output"; fi

# .load adds a file's statements; a SELECT reads what a pump writes, and the
# pump's unread stream is not shown while the other SELECT runs.
cat >pump.sql <<'SQL'
CREATE STREAM T (TICKER_SYMBOL VARCHAR(4), PRICE REAL, CHANGE REAL)
    WITH (GENERATOR = 'ticker', COUNT = 5, SEED = 1);
CREATE STREAM UP_MOVES (SYM VARCHAR(4), PRICE REAL);
CREATE PUMP P AS INSERT INTO UP_MOVES SELECT STREAM ticker_symbol, price FROM T WHERE change > 0;
SQL
printf '%s\n' ".load pump.sql" ".streams" "SELECT STREAM sym FROM up_moves;" \
    "SELECT STREAM * FROM T WHERE price < 13;" ".explain" | "$STREAMSQL" repl >pump.out 2>pump.err ||
    die "pump: exit $?, $(cat pump.err)"
cat >pump.want <<'OUT'
T                                3 columns  GENERATOR 'ticker'
UP_MOVES                         2 columns  in-application (not read by any pump: its rows are not shown)
+------+
| SYM  |
+------+
| WMT  |
+------+
+---------------+------------+------------+
| TICKER_SYMBOL | PRICE      | CHANGE     |
+---------------+------------+------------+
| SOLR          |      12.36 |      -0.04 |
| SOLR          |      12.32 |      -0.04 |
+---------------+------------+------------+
OUT
"$STREAMSQL" explain pump.sql >>pump.want || die "pump: explain failed"
diff -u pump.want pump.out || die "pump: output differs"

# A windowed query over a file: exact rows, then the input ends and so does the query.
cat >window.sql <<SQL
CREATE STREAM S (TICKER_SYMBOL VARCHAR(4), PRICE REAL, EVENT_TIME TIMESTAMP)
    WITH (FILE = '$SS_SOURCE_DIR/examples/data/ticker.jsonl', ROWTIME = 'EVENT_TIME',
          WATERMARK_DELAY = INTERVAL '5' SECOND);
SELECT STREAM STEP(S.ROWTIME BY INTERVAL '1' MINUTE) AS minute, COUNT(*) AS n
FROM S GROUP BY STEP(S.ROWTIME BY INTERVAL '1' MINUTE);
SQL
"$STREAMSQL" repl <window.sql >window.out 2>window.err || die "window: exit $?, $(cat window.err)"
"$STREAMSQL" run /dev/stdin >window.json 2>/dev/null <<SQL || die "window: run failed"
$(head -3 window.sql)
SELECT STREAM STEP(S.ROWTIME BY INTERVAL '1' MINUTE) AS minute, COUNT(*) AS n
FROM S GROUP BY STEP(S.ROWTIME BY INTERVAL '1' MINUTE);
SQL
python3 - window.json window.out <<'PY' || die "window: table differs from run's rows"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert rows, "run printed no rows"
w = max(23, max(len(str(r["N"])) for r in rows))
want = ["+-------------------------+--------+", "| MINUTE                  | N      |",
        "+-------------------------+--------+"]
want += ["| %-23s | %6s |" % (r["MINUTE"], r["N"]) for r in rows]
want += [want[0]]
got = open(sys.argv[2]).read().splitlines()
if got != want:
    sys.exit("want:\n%s\ngot:\n%s" % ("\n".join(want), "\n".join(got)))
PY

# An error: FILE:LINE:COL within the input, the line, a caret under the place;
# the statement is not kept, the next one runs, and the exit status says so.
printf '%s\n' "CREATE STREAM T (A INTEGER) WITH (GENERATOR = 'ticker');" \
    "CREATE STREAM U (TICKER_SYMBOL VARCHAR(4)) WITH (GENERATOR = 'ticker', COUNT = 1, SEED = 1);" \
    "SELECT STREAM ticker_symbol," "  nope FROM U;" ".streams" >err.sql
rc=0
"$STREAMSQL" repl <err.sql >err.out 2>err.txt || rc=$?
[ "$rc" = 2 ] || die "error: exit $rc, want 2"
grep -qx "<stdin>:1:18: error: .*" err.txt || die "error: no position for the bad column type: $(cat err.txt)"
cat >err.want <<'OUT'
<stdin>:4:3: error: unknown column NOPE in U
  nope FROM U;
  ^
1 error
OUT
tail -n 4 err.txt | diff -u err.want - || die "error: caret output differs"
cat >err.out.want <<'OUT'
U                                1 column   GENERATOR 'ticker'
OUT
diff -u err.out.want err.out || die "error: the bad statements were kept or the good one lost"

# ---- a terminal ----

sock="ssrepl$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null || true; cleanup' EXIT
# The whole scrollback, wrapped lines joined, trailing blanks dropped.
screen() { tm capture-pane -p -J -S - -t repl | sed 's/[[:space:]]*$//'; }
on_screen() { screen | grep -qE -- "$1"; }
# The prompt is back: the last line of the screen is an empty prompt.
at_prompt() { [ "$(screen | grep -v '^$' | tail -n 1)" = "streamsql>" ]; }
# Types a line; tmux takes a trailing ';' as its own separator, so it goes apart.
type_line() {
    local s=$1
    if [ "${s%;}" != "$s" ]; then
        tm send-keys -t repl -l -- "${s%;}"
        tm send-keys -t repl -l '\;'
    else
        tm send-keys -t repl -l -- "$s"
    fi
    tm send-keys -t repl Enter
}
# start_repl [ARGS]: the shell in a fresh terminal (`repl`, or nothing at all).
start_repl() {
    rm -f exit.txt
    tm new-session -d -s repl -x 200 -y 50 \
        "env STREAMSQL_HISTORY='$tmp/history' HOME='$tmp' '$STREAMSQL' $*; echo \$? >'$tmp/exit.txt'; sleep 600"
    wait_until 20 "the first prompt" "" at_prompt
}

start_repl repl
type_line "CREATE STREAM TICKS (TICKER_SYMBOL VARCHAR(4), PRICE REAL, EVENT_TIME TIMESTAMP)"
type_line "  WITH (GENERATOR = 'ticker', RATE = 200, ROWTIME = 'EVENT_TIME');"
wait_until 20 "the prompt after CREATE" "" at_prompt
type_line "SELECT STREAM ticker_symbol, COUNT(*) AS n FROM TICKS GROUP BY ticker_symbol, STEP(TICKS.ROWTIME BY INTERVAL '1' SECOND);"
wait_until 30 "the table header" "" on_screen '^\| TICKER_SYMBOL \| N      \|$'
# Rows of a closed one-second window: the symbol padded, the count right-aligned.
wait_until 30 "rows of the windowed query" "" on_screen '^\| [A-Z]{3}[A-Z ] {10}\| +[0-9]+ \|$'
tm send-keys -t repl C-c
wait_until 30 "Ctrl-C stopping the query" "" on_screen '^[0-9]+ rows? \(stopped by Ctrl-C\)$'
wait_until 20 "the prompt after Ctrl-C" "" at_prompt
[ ! -e exit.txt ] || die "Ctrl-C ended the shell: $(cat exit.txt)"

# The shell still answers.
type_line ".describe ticks"
wait_until 20 ".describe" "" on_screen '^  RATE = 200$'
screen | sed -n '/^streamsql> .describe ticks$/,/^  ROWTIME/p' >describe.out
cat >describe.want <<'OUT'
streamsql> .describe ticks
Stream TICKS: GENERATOR 'ticker'
  COLUMN         TYPE
  TICKER_SYMBOL  VARCHAR(4)
  PRICE          REAL
  EVENT_TIME     TIMESTAMP
WITH
  GENERATOR = 'ticker'
  RATE = 200
  ROWTIME = 'EVENT_TIME'
OUT
diff -u describe.want describe.out || die ".describe output differs"

# Tab completes a column name (in the case it is typed in), then Ctrl-C drops the line.
tm send-keys -t repl -l "SELECT STREAM ticker_sy"
tm send-keys -t repl Tab
wait_until 20 "completion of a column name" "" on_screen '^streamsql> SELECT STREAM ticker_symbol$'
tm send-keys -t repl -l "FROM TI"
tm send-keys -t repl Tab
wait_until 20 "completion of a stream name" "" on_screen '^streamsql> SELECT STREAM ticker_symbol FROM TICKS$'
tm send-keys -t repl C-c
wait_until 20 "the prompt after Ctrl-C on a line" "" at_prompt

type_line ".quit"
wait_until 20 "the shell ending on .quit" "" test -s exit.txt
[ "$(cat exit.txt)" = 0 ] || die ".quit: exit $(cat exit.txt) (a sanitizer report?): $(screen | tail -20)"
tm kill-session -t repl

# History across a restart: Up brings back .quit, then .describe, then the SELECT whole.
grep -q "^SELECT" history || die "history file without the SELECT: $(cat history)"
start_repl # `streamsql` alone on a terminal is the REPL too
tm send-keys -t repl Up
wait_until 20 "history: .quit" "" on_screen '^streamsql> \.quit$'
tm send-keys -t repl Up Up
wait_until 20 "history: the SELECT" "" on_screen \
    "^streamsql> SELECT STREAM ticker_symbol, COUNT\(\*\) AS n FROM TICKS GROUP BY ticker_symbol, STEP\(TICKS.ROWTIME BY INTERVAL '1' SECOND\);$"
tm send-keys -t repl C-c
wait_until 20 "the prompt" "" at_prompt
tm send-keys -t repl C-d
wait_until 20 "the shell ending on Ctrl-D" "" test -s exit.txt
[ "$(cat exit.txt)" = 0 ] || die "Ctrl-D: exit $(cat exit.txt): $(screen | tail -20)"

echo "ok: repl"
