#!/bin/bash
# Error paths of `streamsql run` (SPEC sections 1 and 5, docs/DIALECT.md "Records"
# and "The error stream"): every bad record becomes exactly one error record with
# the right kind, stream, position and data, processing goes on, the run exits 0
# and its summary counts each kind; bad SQL exits 2 with FILE:LINE:COL; a missing
# input or an unwritable output exits 1; stdin works as a source; SIGINT on an
# unbounded generator flushes everything and exits 0.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository), SS_BUILD_DIR.
set -eu
: "${SS_SOURCE_DIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${STREAMSQL:=${SS_BUILD_DIR:-$SS_SOURCE_DIR/build/release}/streamsql}"
[ -x "$STREAMSQL" ] || { echo "FAIL: no streamsql binary at $STREAMSQL" >&2; exit 1; }
command -v python3 >/dev/null || { echo "FAIL: python3 is needed" >&2; exit 1; }

tmp=$(mktemp -d)
bgpid=
cleanup() {
    if [ -n "$bgpid" ]; then kill -9 "$bgpid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# Runs streamsql with the given arguments; stdout to out.txt, stderr to err.txt,
# exit status to $rc.
run() {
    rc=0
    "$STREAMSQL" run "$@" >out.txt 2>err.txt || rc=$?
}

expect_rc() { # WANT WHAT
    if [ "$rc" -ne "$1" ]; then
        fail "$2: exit status $rc, want $1; stderr:"
        head -c 2000 err.txt | sed 's/^/    /' >&2 || true
        echo >&2
    fi
}

# check.py ERRORS_FILE SPEC_JSON: the error records, one JSON object a line,
# must be valid UTF-8 JSON with every field of the error stream, and match the
# expected records one for one (in any order). An expected record lists the
# fields it pins: kind, stream, line (position.line), file (position.file),
# message (exact), message_prefix, data (exact), data_len (characters),
# data_truncated (true, or absent when false).
cat >check.py <<'PYEOF'
import json, re, sys
path, spec = sys.argv[1], json.loads(sys.argv[2])
raw = open(path, 'rb').read()
problems = []
try:
    text = raw.decode('utf-8')  # strict: the error stream is valid UTF-8
except UnicodeDecodeError as e:
    print(f"  {path} is not valid UTF-8: {e}")
    sys.exit(1)
records = []
lines = text.split('\n')  # not splitlines(): U+2028 may stand raw inside a JSON string
if lines and lines[-1] == '':
    lines.pop()
for n, line in enumerate(lines, 1):
    if not line.strip():
        problems.append(f"line {n} of {path} is empty")
        continue
    try:
        r = json.loads(line)
    except ValueError as e:
        problems.append(f"line {n} of {path} is not JSON: {e}: {line[:200]!r}")
        continue
    missing = [k for k in ('error_time', 'kind', 'message', 'stream', 'position', 'data') if k not in r]
    if missing:
        problems.append(f"record {n} lacks {missing}: {line[:200]}")
    if not re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}', str(r.get('error_time'))):
        problems.append(f"record {n}: error_time {r.get('error_time')!r}")
    if not isinstance(r.get('data'), str):
        problems.append(f"record {n}: data is not a string")
    records.append(r)

def field(r, k):
    pos = r.get('position') or {}
    if k in ('line', 'file'): return pos.get(k)
    if k == 'message_prefix': return r.get('message', '')
    if k == 'data_len': return len(r.get('data', ''))
    if k == 'data_truncated': return r.get('data_truncated', False)
    return r.get(k)

def mismatches(r, e):
    bad = []
    for k, v in e.items():
        got = field(r, k)
        ok = str(got).startswith(v) if k == 'message_prefix' else got == v
        if not ok:
            bad.append(f"{k}: got {json.dumps(got)[:120]}, want {json.dumps(v)[:120]}")
    return bad

def matches(r, e):
    return not mismatches(r, e)

left = list(records)
for e in spec:
    hit = next((r for r in left if matches(r, e)), None)
    if hit is None:
        near = [r for r in left if (r.get('position') or {}).get('line') == e.get('line')]
        why = ('; the record at that line differs in ' + '; '.join(mismatches(near[0], e))) if near \
            else '; there is no record at that line'
        problems.append(f"no error record matches {json.dumps(e)[:300]}{why}")
        if near:
            left.remove(near[0])
    else:
        left.remove(hit)
for r in left:
    problems.append(f"unexpected error record: {json.dumps(r)[:400]}")
for p in problems:
    print('  ' + p)
sys.exit(1 if problems else 0)
PYEOF

# expect_errors WHAT FILE SPEC
expect_errors() {
    if ! python3 check.py "$2" "$3" >check.out 2>&1; then
        fail "$1: error records differ:"
        cat check.out >&2
    fi
}

# rows.py FILE JSON_LIST: the file holds exactly these JSON rows, in order.
cat >rows.py <<'PYEOF'
import json, sys
path, want = sys.argv[1], json.loads(sys.argv[2])
lines = open(path, 'rb').read().decode('utf-8').splitlines()
got = [json.loads(l) for l in lines]
if got != want:
    print(f"  {path}: got {len(got)} rows, want {len(want)}")
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else None
        w = want[i] if i < len(want) else None
        if g != w:
            print(f"  row {i + 1}: got {json.dumps(g)}, want {json.dumps(w)}")
    sys.exit(1)
PYEOF

expect_rows() { # WHAT FILE JSON_LIST
    if ! python3 rows.py "$2" "$3" >check.out 2>&1; then
        fail "$1: output rows differ:"
        cat check.out >&2
    fi
}

expect_grep() { # WHAT FILE EXTENDED_REGEX
    if ! grep -Eq -- "$3" "$2"; then
        fail "$1: no line of $2 matches /$3/; it holds:"
        head -c 2000 "$2" | sed 's/^/    /' >&2 || true
        echo >&2
    fi
}

# ---------------------------------------------------------------------------
# 1. One file with every kind of bad record, errors to a file, output to a file.
cat >app.sql <<'EOF'
CREATE STREAM S (ts TIMESTAMP, x INTEGER, b BIGINT, s VARCHAR(8), t TINYINT)
    WITH (FILE = 'in.jsonl', ROWTIME = 'ts', WATERMARK_DELAY = INTERVAL '1' SECOND);
CREATE STREAM O (ts TIMESTAMP, x INTEGER, q INTEGER, b BIGINT, s VARCHAR(8));
CREATE PUMP P AS INSERT INTO O SELECT STREAM ts, x, 100 / x, b, s FROM S;
EOF
python3 - <<'EOF'
lines = [
    b'{"ts": 1000, "x": 1, "s": "ok1"}\n',                           # 1 ok
    b'{"ts": 1100, "x": 2, "s": "bad\xff\xfeutf"}\n',                # 2 parse: invalid UTF-8
    b'{"ts": 1200, "x": 3, "s": "nul\x00byte"}\n',                   # 3 parse: a NUL byte
    b'\n',                                                           # 4 blank: skipped
    b' \t \n',                                                       # 5 blank: skipped
    b'{"ts": 1300, "x": 4, "s": "crlf"}\r\n',                        # 6 ok, CRLF
    b'{"ts": 5000, "x": 5}\r\n',                                     # 7 ok: watermark 4000
    b'{"ts": 1500, "x": 6}\n',                                       # 8 late
    b'{"x": 7}\n',                                                   # 9 rowtime: missing
    b'{"ts": 5100, "x": 8, "t": 300}\n',                             # 10 convert: TINYINT
    b'{"ts": 5200, "x": 0}\n',                                       # 11 eval: 100 / 0
    b'{"ts": 5300, "x": 9, "b": 9223372036854775808}\n',             # 12 convert: beyond int64
    b'{"ts": 5400, "x": 10, "b": 9223372036854775807}\n',            # 13 ok
    b'{"ts": 5500, "x": 11, "s": "cut',                              # 14 parse: cut off, no newline
]
open('in.jsonl', 'wb').write(b''.join(lines))
EOF
run app.sql --errors errors.jsonl --output O=o.jsonl
expect_rc 0 "bad records"
[ -f errors.jsonl ] || fail "--errors did not create errors.jsonl"
[ -s out.txt ] && fail "bad records: stdout is not empty with every stream redirected"
expect_rows "bad records" o.jsonl '[
 {"TS": "1970-01-01 00:00:01.000", "X": 1, "Q": 100, "B": null, "S": "ok1"},
 {"TS": "1970-01-01 00:00:01.300", "X": 4, "Q": 25, "B": null, "S": "crlf"},
 {"TS": "1970-01-01 00:00:05.000", "X": 5, "Q": 20, "B": null, "S": null},
 {"TS": "1970-01-01 00:00:05.400", "X": 10, "Q": 10, "B": 9223372036854775807, "S": null}]'
expect_errors "bad records" errors.jsonl '[
 {"kind": "parse", "stream": "S", "file": "in.jsonl", "line": 2, "message_prefix": "invalid JSON",
  "data": "{\"ts\": 1100, \"x\": 2, \"s\": \"bad\ufffd\ufffdutf\"}"},
 {"kind": "parse", "stream": "S", "file": "in.jsonl", "line": 3, "message_prefix": "invalid JSON",
  "data": "{\"ts\": 1200, \"x\": 3, \"s\": \"nul\u0000byte\"}"},
 {"kind": "late", "stream": "S", "file": "in.jsonl", "line": 8,
  "message": "late row: ROWTIME 1970-01-01 00:00:01.500 is below the watermark 1970-01-01 00:00:04.000",
  "data": "{\"ts\": 1500, \"x\": 6}"},
 {"kind": "rowtime", "stream": "S", "file": "in.jsonl", "line": 9,
  "message": "ROWTIME column TS is missing or NULL", "data": "{\"x\": 7}"},
 {"kind": "convert", "stream": "S", "file": "in.jsonl", "line": 10,
  "message": "column T: 300 is out of range for TINYINT", "data": "{\"ts\": 5100, \"x\": 8, \"t\": 300}"},
 {"kind": "eval", "stream": "O", "file": "in.jsonl", "line": 11, "message": "division by zero",
  "data": "{\"TS\":\"1970-01-01 00:00:05.200\",\"X\":0,\"B\":null,\"S\":null,\"T\":null}"},
 {"kind": "convert", "stream": "S", "file": "in.jsonl", "line": 12,
  "message": "column B: cannot convert '\''9223372036854775808'\'' to BIGINT",
  "data": "{\"ts\": 5300, \"x\": 9, \"b\": 9223372036854775808}"},
 {"kind": "parse", "stream": "S", "file": "in.jsonl", "line": 14, "message_prefix": "invalid JSON",
  "data": "{\"ts\": 5500, \"x\": 11, \"s\": \"cut"}]'
# The summary (stderr): rows in = the 12 records (blank lines are not records).
expect_grep "summary" err.txt '^streamsql: 12 rows in, 4 rows out, 8 errors \(1 late\) in [0-9.]+ s'
expect_grep "summary" err.txt '^  source S +in 12 +accepted 5 +parse 3 convert 2 rowtime 1 late 1$'
expect_grep "summary" err.txt '^  stream O +rows 4 +-> o\.jsonl$'
expect_grep "summary" err.txt '^  pumps: eval errors 1, convert errors 0$'
if grep -q '"kind"' err.txt; then fail "with --errors, error records still went to stderr"; fi

# The same run without --errors: the records go to stderr, before the summary.
run app.sql --output O=o2.jsonl
expect_rc 0 "errors on stderr"
grep '^{' err.txt >stderr_records.jsonl || true
expect_errors "errors on stderr" stderr_records.jsonl '[
 {"kind": "parse", "line": 2}, {"kind": "parse", "line": 3}, {"kind": "late", "line": 8},
 {"kind": "rowtime", "line": 9}, {"kind": "convert", "line": 10}, {"kind": "eval", "line": 11},
 {"kind": "convert", "line": 12}, {"kind": "parse", "line": 14}]'
expect_grep "errors on stderr" err.txt '^streamsql: 12 rows in, 4 rows out, 8 errors'

# ---------------------------------------------------------------------------
# 2. A last line without a newline: valid JSON is a record.
cat >tail.sql <<'EOF'
CREATE STREAM S (ts TIMESTAMP, x INTEGER) WITH (FILE = 'tail.jsonl', ROWTIME = 'ts');
CREATE STREAM O (ts TIMESTAMP, x INTEGER);
CREATE PUMP P AS INSERT INTO O SELECT STREAM ts, x FROM S;
EOF
printf '{"ts": 1, "x": 1}\n\n{"ts": 2, "x": 2}' >tail.jsonl
run tail.sql --errors tail_err.jsonl --output O=tail_out.jsonl
expect_rc 0 "last line without newline"
expect_rows "last line without newline" tail_out.jsonl '[
 {"TS": "1970-01-01 00:00:00.001", "X": 1}, {"TS": "1970-01-01 00:00:00.002", "X": 2}]'
expect_errors "last line without newline" tail_err.jsonl '[]'
# Only blank lines: nothing, and no error.
printf '\n\n  \r\n' >tail.jsonl
run tail.sql --errors tail_err.jsonl --output O=tail_out.jsonl
expect_rc 0 "blank lines only"
expect_rows "blank lines only" tail_out.jsonl '[]'
expect_errors "blank lines only" tail_err.jsonl '[]'
expect_grep "blank lines only" err.txt '^streamsql: 0 rows in, 0 rows out, 0 errors'

# ---------------------------------------------------------------------------
# 3. A 10 MB line: a parse error at its line, its first 64 KiB as data with
#    data_truncated, and the lines after it still processed.
python3 - <<'EOF'
with open('tail.jsonl', 'w') as f:
    f.write('{"ts": 1, "x": 1}\n')
    f.write('{"ts": 2, "x": 2, "pad": "' + 'a' * 10_000_000 + '"}\n')
    f.write('{"ts": 3, "x": 3}\n')
    f.write('{"ts": 4, "x": 4}\n')
EOF
run tail.sql --errors tail_err.jsonl --output O=tail_out.jsonl
expect_rc 0 "10 MB line"
expect_rows "10 MB line" tail_out.jsonl '[
 {"TS": "1970-01-01 00:00:00.001", "X": 1}, {"TS": "1970-01-01 00:00:00.003", "X": 3},
 {"TS": "1970-01-01 00:00:00.004", "X": 4}]'
expect_errors "10 MB line" tail_err.jsonl '[
 {"kind": "parse", "stream": "S", "file": "tail.jsonl", "line": 2,
  "message": "record longer than 1048576 bytes", "data_len": 65536, "data_truncated": true}]'
expect_grep "10 MB line" err.txt '^  source S +in 4 +accepted 3 +parse 1$'

# A record longer than --max-record-bytes is an error wherever it falls in the
# read buffer, not only when it fills the buffer.
python3 - <<'EOF'
with open('tail.jsonl', 'w') as f:
    f.write('{"ts": 1, "x": 1}\n')
    f.write('{"ts": 2, "x": 2, "pad": "' + 'b' * 200 + '"}\n')
    f.write('{"ts": 3, "x": 3}\n')
EOF
run tail.sql --errors tail_err.jsonl --output O=tail_out.jsonl --max-record-bytes 64
expect_rc 0 "--max-record-bytes"
expect_rows "--max-record-bytes" tail_out.jsonl '[
 {"TS": "1970-01-01 00:00:00.001", "X": 1}, {"TS": "1970-01-01 00:00:00.003", "X": 3}]'
expect_errors "--max-record-bytes" tail_err.jsonl '[
 {"kind": "parse", "stream": "S", "file": "tail.jsonl", "line": 2, "message": "record longer than 64 bytes"}]'

# ---------------------------------------------------------------------------
# 4. SQL errors exit 2 with FILE:LINE:COL, the line and a caret; nothing runs.
printf 'CREATE STREAM S (ts TIMESTAMP, x INTEGER) WITH (FILE = '"'"'tail.jsonl'"'"');\nSELECT STREAM xx FROM S;\n' >bad.sql
run bad.sql
expect_rc 2 "unknown column"
expect_grep "unknown column" err.txt '^bad\.sql:2:15: error: unknown column XX'
expect_grep "unknown column" err.txt '^SELECT STREAM xx FROM S;$'
expect_grep "unknown column" err.txt '^              \^$'
[ -s out.txt ] && fail "unknown column: something was written to stdout"
printf 'CREATE STREAM S (ts TIMESTAMP x INTEGER) WITH (FILE = '"'"'-'"'"');\n' >bad2.sql
run bad2.sql
expect_rc 2 "syntax error"
expect_grep "syntax error" err.txt '^bad2\.sql:1:31: error: syntax error'

# ---------------------------------------------------------------------------
# 5. Runtime failures exit 1: a missing input file, an unwritable output or
#    error-stream path.
cat >missing.sql <<'EOF'
CREATE STREAM S (ts TIMESTAMP, x INTEGER) WITH (FILE = 'no_such_file.jsonl', ROWTIME = 'ts');
SELECT STREAM x FROM S;
EOF
run missing.sql
expect_rc 1 "missing input file"
expect_grep "missing input file" err.txt 'no_such_file\.jsonl'
printf '{"ts": 1, "x": 1}\n' >tail.jsonl
run tail.sql --output O="$tmp/no_such_dir/out.jsonl"
expect_rc 1 "unwritable output"
expect_grep "unwritable output" err.txt 'no_such_dir/out\.jsonl'
run tail.sql --output O=tail_out.jsonl --errors "$tmp/no_such_dir/errors.jsonl"
expect_rc 1 "unwritable --errors"
expect_grep "unwritable --errors" err.txt 'no_such_dir/errors\.jsonl'

# ---------------------------------------------------------------------------
# 6. stdin as a source (FILE = '-'), results on stdout, errors included.
cat >stdin.sql <<'EOF'
CREATE STREAM S (ts TIMESTAMP, x INTEGER) WITH (FILE = '-', ROWTIME = 'ts');
SELECT STREAM x * 2 AS y FROM S;
EOF
rc=0
printf '{"ts": 1, "x": 21}\nnot json\n{"ts": 2, "x": 5}\n' |
    "$STREAMSQL" run stdin.sql --errors stdin_err.jsonl >out.txt 2>err.txt || rc=$?
expect_rc 0 "stdin"
expect_rows "stdin" out.txt '[{"Y": 42}, {"Y": 10}]'
expect_errors "stdin" stdin_err.jsonl '[{"kind": "parse", "stream": "S", "file": "-", "line": 2, "data": "not json"}]'

# ---------------------------------------------------------------------------
# 7. SIGINT stops an unbounded generator: exit 0, every row and window flushed.
cat >gen.sql <<'EOF'
CREATE STREAM SRC (TICKER_SYMBOL VARCHAR(4), PRICE REAL) WITH (GENERATOR = 'ticker', RATE = 2000, SEED = 7);
CREATE STREAM O (TICKER_SYMBOL VARCHAR(4), PRICE REAL);
CREATE STREAM W (WS TIMESTAMP, N BIGINT);
CREATE PUMP P AS INSERT INTO O SELECT STREAM TICKER_SYMBOL, PRICE FROM SRC;
CREATE PUMP P2 AS INSERT INTO W
    SELECT STREAM STEP(SRC.ROWTIME BY INTERVAL '1' DAY), COUNT(*) FROM SRC GROUP BY STEP(SRC.ROWTIME BY INTERVAL '1' DAY);
EOF
"$STREAMSQL" run gen.sql --output O=gen_o.jsonl --output W=gen_w.jsonl >out.txt 2>err.txt &
bgpid=$!
# Wait until rows are flowing (the signal handler is in place by then), then a bit more.
for _ in $(seq 150); do
    [ -s gen_o.jsonl ] && break
    sleep 0.1
done
sleep 0.5
if ! kill -0 "$bgpid" 2>/dev/null; then
    fail "generator: the unbounded run ended by itself"
fi
kill -INT "$bgpid" 2>/dev/null || true
for _ in $(seq 100); do
    kill -0 "$bgpid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$bgpid" 2>/dev/null; then
    fail "generator: still running 10 s after SIGINT"
    kill -9 "$bgpid" 2>/dev/null || true
fi
rc=0
wait "$bgpid" || rc=$?
bgpid=
expect_rc 0 "SIGINT"
if ! python3 - <<'EOF' >check.out 2>&1; then
import json
rows = [json.loads(l) for l in open('gen_o.jsonl', encoding='utf-8')]
wins = [json.loads(l) for l in open('gen_w.jsonl', encoding='utf-8')]
assert len(rows) > 100, f"only {len(rows)} rows were written"
assert all(set(r) == {"TICKER_SYMBOL", "PRICE"} for r in rows), "a row has other keys"
assert sum(w["N"] for w in wins) == len(rows), \
    f"the open window was not flushed completely: counts {[w['N'] for w in wins]} vs {len(rows)} rows"
EOF
    fail "SIGINT: output not flushed:"
    cat check.out >&2
fi
expect_grep "SIGINT summary" err.txt '^streamsql: [0-9]+ rows in'

if [ "$failures" -ne 0 ]; then
    echo "error_paths: $failures failure(s)" >&2
    exit 1
fi
echo "error_paths: all checks passed"
