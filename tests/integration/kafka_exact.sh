#!/bin/bash
# Kafka end to end (issue 4): kcat, an outside client, produces 100,000 records
# keyed by K over the 4 partitions of topic `in`, up to 2 s out of order in event
# time; `streamsql run` reads them in a consumer group, computes 10-second
# tumbling windows per key, and writes the results to topic `out` keyed by K;
# kcat reads `out` back. The rows must be exactly the oracle's (tests/diff), each
# message's key must be its row's K, and every offset of `in` must be committed.
. "$(dirname "$0")/lib/kafka.sh"

start_broker
make_input 100000 4
produce input.jsonl in
write_app app.sql exact out TRUE
rc=0
timeout 120 "$STREAMSQL" run app.sql >run.out 2>run.err || rc=$?
[ "$rc" -eq 0 ] || die "streamsql run: exit status $rc"
grep -q '100000 rows in, .* 0 errors' run.err || die "run summary: $(grep 'rows in' run.err)"
consume out got.jsonl
expect_exact got.jsonl

# The group's committed offsets are the end of every partition: a member of
# the same group (reading from the start where nothing is committed) gets nothing.
timeout 30 kcat -b "$brokers" -G exact -X auto.offset.reset=earliest -e -q in >rest.txt 2>rest.err ||
    die "kcat could not join group exact"
[ ! -s rest.txt ] || die "$(lines rest.txt) records of 'in' were left uncommitted by the run"
echo "kafka_exact: all checks passed"
