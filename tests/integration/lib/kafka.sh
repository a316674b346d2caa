# Shared by the kafka_*.sh integration tests (sourced, not run): a private
# `streamsql broker` (the mock cluster over real TCP), kcat as the outside
# client, a generated keyed input with its oracle spec, and the exact compare.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository), SS_BUILD_DIR.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for tool in kcat python3 timeout; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed" >&2; exit 1; }
done

# start_broker [ARGS...]: a private broker on an ephemeral port, controlled
# through a FIFO on fd 3; sets $bpid and $brokers.
start_broker() {
    start_cluster broker 3 "$@"
    bpid=$cluster_pid
    brokers=$cluster_brokers
}

# start_cluster NAME FD [ARGS...]: another private broker, its control FIFO
# on fd FD, its files NAME.*; sets $cluster_pid and $cluster_brokers.
start_cluster() {
    local name=$1 fd=$2
    shift 2
    mkfifo "$name.ctl"
    # Read-write: opening does not block, and the broker never sees end of input.
    eval "exec $fd<>$name.ctl"
    "$STREAMSQL" broker --port 0 "$@" <&"$fd" >"$name.out" 2>"$name.err" &
    cluster_pid=$!
    pids+=("$cluster_pid")
    wait_until 20 "$name start" "$cluster_pid" grep -q '^brokers: ' "$name.out"
    cluster_brokers=$(sed -n 's/^brokers: //p' "$name.out")
}

# send COMMAND: one control command to the broker; its answer in $answer.
send() {
    send_to broker 3 "$bpid" "$1"
}

# send_to NAME FD PID COMMAND: the same, to the broker of start_cluster NAME FD.
send_to() {
    local name=$1 fd=$2 pid=$3 before
    before=$(lines "$name.out")
    printf '%s\n' "$4" >&"$fd"
    wait_until 10 "answer to '$4'" "$pid" has_lines "$name.out" $((before + 1))
    answer=$(sed -n "$((before + 1))p" "$name.out")
    case $answer in "ok "*) ;; *) die "$name: '$4' answered '$answer'" ;; esac
}

# produce FILE TOPIC [KCAT_ARGS...]: every line of FILE as a message keyed by
# its "K" field, through kcat.
produce() {
    local file=$1 topic=$2
    shift 2
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    sys.stdout.write(json.loads(line)["K"] + "\t" + line)' "$file" |
        timeout 60 kcat -P -b "$brokers" -t "$topic" -K$'\t' -X message.timeout.ms=30000 "$@" 2>produce.err ||
        die "kcat could not produce $file to $topic"
}

# write_app FILE GROUP OUT_TOPIC STOP_AT_END [EXTRA_SOURCE_WITH]: the
# application of spec.py, reading topic $IN_TOPIC (default `in`) and writing
# OUT_TOPIC (on $OUT_BROKERS, default $brokers) keyed by K.
write_app() {
    cat >"$1" <<SQL
CREATE STREAM S (TS TIMESTAMP, K VARCHAR(8), V INTEGER)
  WITH (KAFKA_TOPIC = '${IN_TOPIC:-in}', KAFKA_BROKERS = '$brokers', KAFKA_GROUP_ID = '$2',
        ROWTIME = 'TS', WATERMARK_DELAY = INTERVAL '3' SECOND, STOP_AT_END = $4${5:+, $5});
CREATE STREAM OUT (W TIMESTAMP, K VARCHAR(8), N BIGINT, TOTAL BIGINT, LO INTEGER, HI INTEGER)
  WITH (KAFKA_TOPIC = '$3', KAFKA_BROKERS = '${OUT_BROKERS:-$brokers}', KAFKA_KEY = 'K');
CREATE PUMP P AS INSERT INTO OUT
  SELECT STREAM STEP(S.ROWTIME BY INTERVAL '10' SECOND) AS W, K, COUNT(*), SUM(V), MIN(V), MAX(V)
  FROM S GROUP BY K, STEP(S.ROWTIME BY INTERVAL '10' SECOND);
SQL
}

# consume TOPIC FILE: every message of TOPIC (on $OUT_BROKERS, default $brokers) (kcat, to the end) into FILE, one
# JSON value per line; fails if any message's key is not its row's K.
consume() {
    timeout 60 kcat -C -b "${OUT_BROKERS:-$brokers}" -t "$1" -o beginning -e -q -f '%k\t%s\n' >"$2.keyed" 2>consume.err ||
        die "kcat could not consume $1"
    python3 - "$2.keyed" "$2" <<'PY' || die "result keys of $1 differ from their rows' K"
import json, sys
bad = 0
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        key, value = line.rstrip("\n").split("\t", 1)
        if json.loads(value)["K"] != key:
            bad += 1
        out.write(value + "\n")
sys.exit(1 if bad else 0)
PY
}

# expect_exact FILE: FILE holds exactly the oracle's rows of OUT, in any order.
expect_exact() {
    python3 "$SS_SOURCE_DIR/tests/diff/check_output.py" --spec . --stream OUT --got "$1" --ignore-order \
        >compare.txt 2>&1 || die "results differ from the oracle's: $(head -30 compare.txt)"
    cat compare.txt
}

# count TOPIC: how many messages TOPIC (on $OUT_BROKERS, default $brokers) holds now.
count() {
    timeout 30 kcat -C -b "${OUT_BROKERS:-$brokers}" -t "$1" -o beginning -e -q -f '.\n' 2>/dev/null | wc -l
}
