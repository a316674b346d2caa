#!/bin/bash
# `streamsql broker` (SPEC section 1): an outside Kafka client (kcat) bootstraps
# through the forwarder port, produces 1000 keyed messages to a pre-created
# 3-partition topic and reads back exactly those keys and values; the metadata
# shows 3 partitions; `down 1` really takes the broker away and `up 1` brings it
# back, each answered on the control channel; `quit` and SIGTERM exit 0; end of
# stdin does not stop the broker; a port in use fails with exit 1; bad usage
# exits 2.
# Env: STREAMSQL (the binary), SS_SOURCE_DIR (the repository), SS_BUILD_DIR.
. "$(dirname "$0")/lib/common.sh"
for tool in kcat python3 timeout; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed" >&2; exit 1; }
done

# The broker printed its two ready lines, or died trying.
started() { has_lines broker.out 2 || ! kill -0 "$bpid" 2>/dev/null; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- usage errors: exit 2 ----
for bad in "--port x" "--port 70000" "--brokers 0" "--topic a:0" "--topic bad/name" "--nope"; do
    rc=0
    # shellcheck disable=SC2086 # split on purpose
    timeout 10 "$STREAMSQL" broker $bad </dev/null >usage.out 2>usage.err || rc=$?
    [ "$rc" -eq 2 ] || die "'broker $bad': exit status $rc, want 2"
    grep -q '^streamsql broker: ' usage.err || die "'broker $bad': no 'streamsql broker:' message"
done
timeout 10 "$STREAMSQL" broker --help | grep -q 'auto-created\|created on demand' ||
    die "--help does not mention topic auto-creation"

# ---- start the broker, control channel on a FIFO ----
mkfifo ctl
# Read-write: opening does not block, and the FIFO never sees end of input
# while this script holds it.
exec 3<>ctl
bpid=
port=
for attempt in 1 2 3 4 5; do
    # A port found free may be taken before the broker binds it: retry then.
    port=$(free_port)
    : >broker.out
    "$STREAMSQL" broker --port "$port" --topic t:3 <&3 >broker.out 2>broker.err &
    bpid=$!
    pids+=("$bpid")
    wait_until 15 "bootstrap line" "" started
    if has_lines broker.out 2; then break; fi
    wait_exit 5 "$bpid"
    grep -q 'already in use' broker.err || die "broker failed to start (exit status $rc)"
    bpid=
done
[ -n "$bpid" ] || die "no free port after 5 attempts"
want="bootstrap: 127.0.0.1:$port"
[ "$(sed -n 1p broker.out)" = "$want" ] || die "first line is '$(sed -n 1p broker.out)', want '$want'"
sed -n 2p broker.out | grep -Eq '^brokers: 127\.0\.0\.1:[0-9]+$' ||
    die "second line is '$(sed -n 2p broker.out)', want 'brokers: 127.0.0.1:PORT'"
bootstrap=127.0.0.1:$port

# send COMMAND: writes one control command, waits for its one-line answer in
# $answer.
send() {
    local before
    before=$(lines broker.out)
    printf '%s\n' "$1" >&3
    wait_until 10 "answer to '$1'" "$bpid" has_lines broker.out $((before + 1))
    answer=$(sed -n "$((before + 1))p" broker.out)
}

# ---- metadata through the forwarder ----
timeout 20 kcat -L -b "$bootstrap" -t t -m 10 >meta.txt 2>meta.err || die "kcat -L failed"
grep -q 'topic "t" with 3 partitions' meta.txt || die "metadata of t: $(cat meta.txt)"

# ---- 1000 keyed messages in, the same 1000 out ----
awk 'BEGIN { for (i = 1; i <= 1000; i++) printf "key-%d:value %d\n", i, i }' >sent.txt
timeout 30 kcat -P -b "$bootstrap" -t t -K: -X message.timeout.ms=20000 <sent.txt 2>produce.err ||
    die "kcat -P failed"
timeout 30 kcat -C -b "$bootstrap" -t t -o beginning -e -q -f '%p %k:%s\n' >got.txt 2>consume.err ||
    die "kcat -C failed"
n=$(lines got.txt)
[ "$n" -eq 1000 ] || die "consumed $n messages, want 1000"
cut -d' ' -f2- got.txt | sort >got.sorted
sort sent.txt >sent.sorted
cmp -s got.sorted sent.sorted || die "consumed keys/values differ from those produced: $(diff sent.sorted got.sorted | head -5)"
used=$(cut -d' ' -f1 got.txt | sort -u | tr '\n' ' ')
[ "$used" = "0 1 2 " ] || die "messages landed in partitions '$used', want all of 0 1 2"
# Keyed messages: one key, one partition.
dup=$(awk '{ split($2, kv, ":"); if ((kv[1] in p) && p[kv[1]] != $1) print kv[1]; p[kv[1]] = $1 }' got.txt | head -1)
[ -z "$dup" ] || die "key $dup is in more than one partition"

# ---- control channel ----
send "status"
case $answer in "ok brokers=1 up=1 down=none "*"topics=t:3") ;; *) die "status: '$answer'" ;; esac
send "down 1"
[ "$answer" = "ok down 1" ] || die "down 1: '$answer'"
# With its only broker down, the cluster must be unreachable.
if timeout 20 kcat -L -b "$bootstrap" -m 2 >down.txt 2>down.err; then
    die "metadata still answered with broker 1 down"
fi
send "status"
case $answer in "ok brokers=1 up=none down=1 "*) ;; *) die "status after down: '$answer'" ;; esac
send "up 1"
[ "$answer" = "ok up 1" ] || die "up 1: '$answer'"
timeout 20 kcat -L -b "$bootstrap" -t t -m 10 >meta2.txt 2>meta2.err || die "kcat -L after up 1 failed"
grep -q 'topic "t" with 3 partitions' meta2.txt || die "metadata after up 1: $(cat meta2.txt)"
send "down 2"
case $answer in "error "*) ;; *) die "down 2 (no such broker): '$answer'" ;; esac
send "topic t2 5"
[ "$answer" = "ok topic t2 5" ] || die "topic t2 5: '$answer'"
send "topic t2 5"
case $answer in "error "*) ;; *) die "topic t2 twice: '$answer'" ;; esac
send "rtt 1 0"
[ "$answer" = "ok rtt 1 0" ] || die "rtt 1 0: '$answer'"
send "frobnicate"
case $answer in "error unknown command"*) ;; *) die "unknown command: '$answer'" ;; esac

# ---- a second broker on the same port fails clearly ----
rc=0
timeout 20 "$STREAMSQL" broker --port "$port" </dev/null >second.out 2>second.err || rc=$?
[ "$rc" -eq 1 ] || die "second broker on port $port: exit status $rc, want 1"
grep -q "port $port .*already in use" second.err || die "second broker: message '$(cat second.err)'"
[ ! -s second.out ] || die "second broker printed '$(cat second.out)' on stdout"

# ---- quit ----
send "quit"
[ "$answer" = "ok quit" ] || die "quit: '$answer'"
wait_exit 20 "$bpid"
[ "$rc" -eq 0 ] || die "broker exit status after quit: $rc, want 0"

# ---- no forwarder; end of stdin is not the end; SIGTERM exits 0 ----
"$STREAMSQL" broker --port 0 --brokers 2 </dev/null >plain.out 2>plain.err &
ppid=$!
pids+=("$ppid")
wait_until 15 "bootstrap line (--port 0)" "$ppid" has_lines plain.out 2
brokers=$(sed -n 2p plain.out | sed 's/^brokers: //')
[ "$(sed -n 1p plain.out)" = "bootstrap: $brokers" ] || die "--port 0: first line '$(sed -n 1p plain.out)'"
wait_until 10 "end-of-stdin log line" "$ppid" grep -q 'end of stdin' plain.err
timeout 20 kcat -L -b "$brokers" -m 10 >plain.meta 2>plain.meta.err || die "kcat -L after end of stdin failed"
grep -q '2 brokers' plain.meta || die "--brokers 2: metadata $(cat plain.meta)"
kill -TERM "$ppid"
wait_exit 20 "$ppid"
[ "$rc" -eq 0 ] || die "broker exit status after SIGTERM: $rc, want 0"

echo "broker: all checks passed"
