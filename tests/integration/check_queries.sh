#!/bin/bash
# `streamsql check` and `streamsql explain` over the whole query corpus (queries/
# and examples/*.sql): every file checks clean and explains to a plan with one
# pump/select block per pump; and `check` on a script with errors exits 2 and
# prints each error as FILE:LINE:COL: error: MESSAGE, the source line and a caret.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository).
set -eu
: "${STREAMSQL:?set STREAMSQL to the streamsql binary}"
: "${SS_SOURCE_DIR:?set SS_SOURCE_DIR to the repository root}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The query files name their data relative to the repository root.
cd "$SS_SOURCE_DIR"
nfiles=0
for f in queries/*.sql examples/*.sql; do
    nfiles=$((nfiles + 1))
    rc=0
    "$STREAMSQL" check "$f" >"$tmp/check.out" 2>"$tmp/check.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "check $f exited $rc"
        cat "$tmp/check.err" >&2
        continue
    fi
    if [ -s "$tmp/check.err" ]; then
        fail "check $f wrote to stderr:"
        cat "$tmp/check.err" >&2
    fi
    if ! grep -Eq "^$f: ok: [0-9]+ streams? \([0-9]+ sources?, [0-9]+ sinks?\), [0-9]+ pumps?$" "$tmp/check.out"; then
        fail "check $f did not print its summary line:"
        cat "$tmp/check.out" >&2
        continue
    fi
    pumps=$(sed -E 's/.*, ([0-9]+) pumps?$/\1/' "$tmp/check.out")

    rc=0
    "$STREAMSQL" explain "$f" >"$tmp/explain.out" 2>"$tmp/explain.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "explain $f exited $rc"
        cat "$tmp/explain.err" >&2
        continue
    fi
    if [ ! -s "$tmp/explain.out" ]; then
        fail "explain $f printed nothing"
        continue
    fi
    if ! head -n 1 "$tmp/explain.out" | grep -Eq '^(source|stream|pump|select) '; then
        fail "explain $f does not start with a source, stream, pump or select line:"
        head -n 3 "$tmp/explain.out" >&2
    fi
    blocks=$(grep -Ec '^(pump|select) ' "$tmp/explain.out" || true)
    if [ "$blocks" -ne "$pumps" ]; then
        fail "explain $f shows $blocks pump/select blocks for $pumps pumps"
        cat "$tmp/explain.out" >&2
    fi
    # Every pump block reads something and writes somewhere.
    scans=$(grep -Ec '^  scan ' "$tmp/explain.out" || true)
    inserts=$(grep -Ec '^  insert ' "$tmp/explain.out" || true)
    if [ "$scans" -ne "$pumps" ] || [ "$inserts" -ne "$pumps" ]; then
        fail "explain $f: $scans scan and $inserts insert lines for $pumps pumps"
        cat "$tmp/explain.out" >&2
    fi
done
if [ "$nfiles" -lt 20 ]; then
    fail "only $nfiles query files found under $SS_SOURCE_DIR"
fi

# A script with errors of every stage: exit 2, every error with its source line
# and a caret under its column (columns count characters: 'é' is one).
cd "$tmp"
cat >bad.sql <<'EOF'
CREATE STREAM src (sym VARCHAR(4), price DOUBLE) WITH (FILE = 'in.jsonl');
CREATE STREAM dst (sym VARCHAR(4), price DOUBLE);
CREATE PUMP p AS INSERT INTO dst SELECT STREAM sym, prce FROM src;
SELECT STREAM 'héllo' AS h, price FROM src WHERE;
SELECT STREAM sym FROM nowhere;
EOF
cat >expected.err <<'EOF'
bad.sql:3:53: error: unknown column PRCE in SRC; did you mean PRICE?
CREATE PUMP p AS INSERT INTO dst SELECT STREAM sym, prce FROM src;
                                                    ^
bad.sql:4:49: error: syntax error at ';': expected an expression
SELECT STREAM 'héllo' AS h, price FROM src WHERE;
                                                ^
bad.sql:5:24: error: unknown stream NOWHERE in FROM (define it with CREATE STREAM)
SELECT STREAM sym FROM nowhere;
                       ^
3 errors
EOF
rc=0
"$STREAMSQL" check bad.sql >bad.out 2>bad.err || rc=$?
if [ "$rc" -ne 2 ]; then
    fail "check bad.sql exited $rc, expected 2"
fi
if [ -s bad.out ]; then
    fail "check bad.sql wrote errors to stdout:"
    cat bad.out >&2
fi
if ! diff -u expected.err bad.err >diff.out; then
    fail "check bad.sql printed other diagnostics than expected:"
    cat diff.out >&2
fi
# Each error line is followed by its source line and a line that is only a caret.
if ! awk '/^bad\.sql:[0-9]+:[0-9]+: error: / { e = NR } NR == e + 2 && e && !/^ *\^$/ { bad = 1 }
          END { exit bad }' bad.err; then
    fail "check bad.sql: an error without a caret line"
fi

rc=0
"$STREAMSQL" check does-not-exist.sql >/dev/null 2>missing.err || rc=$?
if [ "$rc" -ne 2 ]; then
    fail "check of a missing file exited $rc, expected 2"
fi

if [ "$failures" -ne 0 ]; then
    echo "check_queries: $failures failure(s)" >&2
    exit 1
fi
echo "check_queries: $nfiles files checked and explained; bad script reported as expected"
