# Shared by the kinesis_*.sh integration tests (sourced, not run): the npm
# packages of tests/kinesis (kinesalite, the AWS SDK for JavaScript) installed
# once per build tree, a private kinesalite behind the checking, fault-
# injecting proxy of tests/kinesis/server.mjs, the SDK as the outside client,
# and the C client's test driver.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository), SS_BUILD_DIR.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for tool in node npm flock curl python3 timeout; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed" >&2; exit 1; }
done

KINESIS_DIR=$SS_SOURCE_DIR/tests/kinesis
export KINESIS_NPM_DIR=$SS_BUILD_DIR/npm
PROBE=$SS_BUILD_DIR/tests/kinesis_probe

# Test credentials. kinesalite takes any; the proxy takes only these, so
# every request of ours has its SigV4 signature (session token included)
# checked by the SDK's own signer. Nothing from the caller's AWS setup may
# leak in: no profile, no other endpoint, no HTTP proxy for loopback.
export AWS_ACCESS_KEY_ID=AKIDSTREAMSQLTEST
export AWS_SECRET_ACCESS_KEY=streamsql-test-secret-4f1c9e
export AWS_SESSION_TOKEN=streamsql-test-token-8d2b71
export AWS_REGION=us-east-1
unset AWS_DEFAULT_REGION AWS_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_KINESIS KINESIS_ENDPOINT
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

# npm_install: the packages of tests/kinesis/package-lock.json into
# $KINESIS_NPM_DIR, once: a later run (or a parallel test, waiting on the
# lock) finds them there and goes on offline. No install scripts run: none of
# what the tests use needs one. The registry is the one thing the suite
# fetches over the network, so a failed install is tried twice more before
# the test fails: a registry hiccup is not a defect of streamsql.
npm_install() {
    mkdir -p "$KINESIS_NPM_DIR"
    (
        flock 9
        if ! cmp -s "$KINESIS_DIR/package-lock.json" "$KINESIS_NPM_DIR/installed.lock"; then
            rm -f "$KINESIS_NPM_DIR/installed.lock"
            cp "$KINESIS_DIR/package.json" "$KINESIS_DIR/package-lock.json" "$KINESIS_NPM_DIR/"
            local try
            for try in 1 2 3; do
                timeout 600 npm ci --prefix "$KINESIS_NPM_DIR" --ignore-scripts --prefer-offline --no-audit \
                    --no-fund --loglevel=error >npm.log 2>&1 && break
                tail -n 30 npm.log >&2
                [ "$try" -lt 3 ] || die "npm ci of tests/kinesis failed 3 times"
                echo "npm ci of tests/kinesis failed (try $try of 3); trying again in $((try * 15)) s" >&2
                sleep $((try * 15))
            done
            cp "$KINESIS_DIR/package-lock.json" "$KINESIS_NPM_DIR/installed.lock"
        fi
    ) 9>"$KINESIS_NPM_DIR.lock"
}

# start_kinesis [SERVER_ARGS...]: kinesalite and the proxy in front of it,
# each on a port the system picks (no race for a free port); sets $kpid,
# $kinesalite (its URL, for the SDK) and $endpoint (the proxy's, for us).
# Requests are signature-checked against the credentials above.
start_kinesis() {
    npm_install
    node "$KINESIS_DIR/server.mjs" --verify "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY:$AWS_SESSION_TOKEN" "$@" \
        >kinesis.out 2>kinesis.err &
    kpid=$!
    pids+=("$kpid")
    wait_until 30 "kinesalite start" "$kpid" grep -q '^endpoint ' kinesis.out
    kinesalite=$(sed -n 's/^kinesalite //p' kinesis.out)
    endpoint=$(sed -n 's/^endpoint //p' kinesis.out)
}

# sdk COMMAND STREAM ...: tests/kinesis/client.mjs (the AWS SDK) against
# kinesalite itself, past the proxy and its faults.
sdk() {
    timeout 120 node "$KINESIS_DIR/client.mjs" --endpoint "$kinesalite" "$@" 2>>sdk.err ||
        die "the AWS SDK failed: sdk $*"
}

# probe [OPTIONS] COMMAND STREAM ...: the C client's driver, through the proxy.
probe() { timeout 120 "$PROBE" --endpoint "$endpoint" "$@"; }

# proxy_stats KEY: a number from the proxy's counters ("connections",
# "refused", "requests.GetRecords", "injected.throttle"); 0 if never counted.
proxy_stats() {
    curl -sf "$endpoint/_proxy/stats" | python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v.get(k, 0) if isinstance(v, dict) else 0
print(v)' "$1"
}

# set_faults SPEC: replaces the proxy's faults ("KIND:OP:N,..."; "" clears).
set_faults() { curl -sf "$endpoint/_proxy/faults?set=$1" >/dev/null || die "cannot set faults '$1'"; }

# by_position FILE: FILE's "SHARD SEQ ..." lines in reading order: shards by
# id, records by sequence number (numbers of up to 129 digits).
by_position() {
    python3 -c '
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
rows.sort(key=lambda r: (r[0], int(r[1])))
sys.stdout.write("".join("\t".join(r) + "\n" for r in rows))' "$1"
}

# same FILE_A FILE_B WHAT: the files are equal, else the first differences.
same() {
    cmp -s "$1" "$2" || die "$3: $1 and $2 differ ($(lines "$1") and $(lines "$2") lines):
$(diff "$1" "$2" | head -20)"
}

# write_app FILE IN OUT SECONDS [SOURCE_KEYS]: the tests' application: keyed
# records of stream IN (make_input's), SECONDS-second tumbling windows per
# key, written to stream OUT keyed by K; SOURCE_KEYS are more WITH keys of
# the source (", STOP_AT_END = TRUE"). spec.py (make_input) restates it for
# the oracle with 10-second windows.
write_app() {
    cat >"$1" <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KINESIS_STREAM = '$2', KINESIS_ENDPOINT = '$endpoint', ROWTIME = 'TS',
        WATERMARK_DELAY = INTERVAL '3' SECOND${5:-});
CREATE STREAM OUT (W TIMESTAMP, K VARCHAR(8), N BIGINT, TOTAL BIGINT, LO INTEGER, HI INTEGER)
  WITH (KINESIS_STREAM = '$3', KINESIS_ENDPOINT = '$endpoint', PARTITION_KEY = 'K');
CREATE PUMP P AS INSERT INTO OUT
  SELECT STREAM STEP(S.ROWTIME BY INTERVAL '$4' SECOND) AS W, K, COUNT(*), SUM(V), MIN(V), MAX(V)
  FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '$4' SECOND);
SQL
}
