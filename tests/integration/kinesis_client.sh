#!/bin/bash
# The Kinesis API client (src/io/kinesis_client.c, issue 5) against
# kinesalite, with the AWS SDK for JavaScript as the outside party; every
# request of ours has its SigV4 signature checked by the SDK's signer.
#  1. The SDK fills a 4-shard stream; the client lists the shards (pages of
#     1 and 3: NextToken followed) and reads every shard to its end through
#     iterators and GetRecords: data, partition key, sequence number, shard,
#     per-shard order and arrival time are exactly what the SDK put and reads.
#  2. Iterators AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP and
#     LATEST start where they should.
#  3. The client's PutRecords (text with escapes and non-ASCII keys; binary
#     data of every size up to 1 MB, batches cut at 500 records and at 5 MB)
#     is read back by the SDK exactly.
#  4. One connection carries all calls of a run (keep-alive).
#  5. Throttling, 5xx, expired iterators, dropped connections and records
#     failing one by one are classified as retriable (or expired) and, with
#     retries, nothing is lost or doubled.
#  6. Errors: a wrong secret, access key or session token, a missing stream,
#     an invalid argument, an unreachable or malformed endpoint, missing
#     credentials: each a clear, classified message, never with a secret.
#  7. After a split and a merge the client sees the closed parents and the
#     children as the SDK does, and reads closed shards to their end.
. "$(dirname "$0")/lib/kinesis.sh"

[ -x "$PROBE" ] || die "no kinesis_probe at $PROBE (build the tests)"
REAL_SECRET=$AWS_SECRET_ACCESS_KEY
REAL_TOKEN=$AWS_SESSION_TOKEN
start_kinesis --shard-limit 40

# ---- 1. SDK writes, the client lists and reads ----
python3 - <<'PY'
import json, random
rnd = random.Random(5)
keys = ["key%02d" % i for i in range(40)] + ['quo"te', "back\\slash", "ключ", "клиент 7", "a b", "€uro"]
with open("in.jsonl", "w") as f:
    for i in range(3000):
        k = rnd.choice(keys)
        f.write(json.dumps({"K": k, "V": i, "S": rnd.choice(["plain", "ünï\u00e7ødé", "tab\\there", "q\"q", ""])},
                           ensure_ascii=False, separators=(",", ":")) + "\n")
PY
sdk create in 4
sdk put in in.jsonl --placements sdk_put.tsv
by_position sdk_put.tsv >want.tsv
[ "$(lines want.tsv)" -eq 3000 ] || die "the SDK placed $(lines want.tsv) records, want 3000"

sdk shards in >sdk_shards.txt
for page in 1 3 0; do
    before=$(proxy_stats requests.ListShards)
    probe --page "$page" shards in >shards.txt 2>shards.err || die "shards --page $page"
    same sdk_shards.txt shards.txt "shards, pages of $page"
    calls=$(($(proxy_stats requests.ListShards) - before))
    want=$((page == 1 ? 4 : page == 3 ? 2 : 1))
    [ "$calls" -eq "$want" ] || die "ListShards in pages of $page: $calls calls, want $want"
done
# A stream named by its ARN, as KDA's input descriptions give it.
probe shards arn:aws:kinesis:us-east-1:000000000000:stream/in >arn.txt 2>shards.err || die "shards by ARN"
same sdk_shards.txt arn.txt "shards of the stream named by its ARN"
probe --page 2 shards in shardId-000000000001 >after.txt 2>shards.err || die "shards after shard 1"
sed -n '3,$p' sdk_shards.txt >want_after.txt
same want_after.txt after.txt "shards after shardId-000000000001"

sdk read in --meta --arrival >sdk_read.tsv
cut -f1-4 sdk_read.tsv >sdk_read4.tsv
same want.tsv sdk_read4.tsv "the SDK's own reading"
conns=$(proxy_stats connections)
probe --limit 97 --arrival read in >got.tsv 2>read.err || die "read"
same sdk_read.tsv got.tsv "records read (data, key, sequence, shard, order, arrival ms)"
# ---- 4. keep-alive: that whole read on one connection ----
[ "$(($(proxy_stats connections) - conns))" -eq 1 ] ||
    die "read used $(($(proxy_stats connections) - conns)) connections, want 1"
calls=$(sed -n 's/^calls \([0-9]*\) .*/\1/p' read.err)
[ "$calls" -ge 30 ] || die "read made $calls calls, want at least 30 (GetRecords with --limit 97)"

# ---- 2. iterator positions, on shard 0 ----
grep "^shardId-000000000000	" got.tsv >shard0.tsv
[ "$(lines shard0.tsv)" -ge 20 ] || die "shard 0 holds only $(lines shard0.tsv) records"
seq10=$(sed -n '10p' shard0.tsv | cut -f2)
probe --arrival read-from in shardId-000000000000 AT_SEQUENCE_NUMBER "$seq10" >at.tsv 2>at.err || die "AT_SEQUENCE_NUMBER"
sed -n '10,$p' shard0.tsv >want_at.tsv
same want_at.tsv at.tsv "AT_SEQUENCE_NUMBER"
probe --arrival read-from in shardId-000000000000 AFTER_SEQUENCE_NUMBER "$seq10" >after.tsv 2>at.err ||
    die "AFTER_SEQUENCE_NUMBER"
sed -n '11,$p' shard0.tsv >want_after.tsv
same want_after.tsv after.tsv "AFTER_SEQUENCE_NUMBER"
ts=$(sed -n '15p' shard0.tsv | cut -f5)
probe --arrival read-from in shardId-000000000000 AT_TIMESTAMP "$ts" >ts.tsv 2>at.err || die "AT_TIMESTAMP"
awk -F'\t' -v ts="$ts" '$5 >= ts' shard0.tsv >want_ts.tsv
same want_ts.tsv ts.tsv "AT_TIMESTAMP $ts"
probe read-from in shardId-000000000000 LATEST >latest.tsv 2>at.err || die "LATEST"
[ ! -s latest.tsv ] || die "LATEST returned $(lines latest.tsv) old records"

# ---- 3. the client writes, the SDK reads ----
python3 - <<'PY'
import base64, json, random
rnd = random.Random(6)
keys = ["p%d" % i for i in range(30)] + ['"x"', "\\", "ключ", "日本", "k\u00e9y"]
with open("text.tsv", "w") as f:
    for i in range(1200):  # three batches: 500, 500, 200
        f.write("%s\t%s\n" % (rnd.choice(keys), json.dumps({"i": i, "s": "é\"\\/\u2028"}, ensure_ascii=False)))
sizes = list(range(0, 70)) + [rnd.randrange(1, 5000) for _ in range(200)] + [1000000 - 2] * 6
with open("binary.tsv", "w") as f:
    for i, n in enumerate(sizes):
        f.write("b%d\t%s\n" % (i % 17, base64.b64encode(rnd.randbytes(n)).decode()))
PY
sdk create out 3
probe put out text.tsv >put_text.tsv 2>put.err || die "put text"
grep -q '^put 1200 records in 3 batches$' put.err || die "text batches: $(grep '^put' put.err)"
by_position put_text.tsv >want_out.tsv
sdk read out --meta >sdk_out.tsv
same want_out.tsv sdk_out.tsv "text records put by the client, read by the SDK"

sdk create bin 2
probe --base64 put bin binary.tsv >put_bin.tsv 2>put.err || die "put binary"
# 276 records, six of them of nearly 1 MB: the 5 MB bound, not the count, cuts.
grep -q '^put 276 records in 2 batches$' put.err || die "binary batches: $(grep '^put' put.err)"
by_position put_bin.tsv >want_bin.tsv
sdk read bin --meta --base64 >sdk_bin.tsv
same want_bin.tsv sdk_bin.tsv "binary records put by the client, read by the SDK"
probe --base64 read bin >got_bin.tsv 2>read.err || die "read binary"
same want_bin.tsv got_bin.tsv "binary records read back by the client"

# ---- 5. faults: classified, retried, nothing lost or doubled ----
set_faults "throttle:GetRecords:3,unavailable:GetShardIterator:3,expired:GetRecords:5,reset:GetRecords:7,fail:GetRecords:11"
probe --retries 10 --limit 97 --arrival read in >faulty.tsv 2>faulty.err || die "read with faults"
same sdk_read.tsv faulty.tsv "records read through faults"
grep -Eq '^calls [0-9]+ retries [1-9][0-9]* expired [1-9]' faulty.err || die "no retries or expiries: $(tail -1 faulty.err)"
for kind in throttle unavailable fail expired reset; do
    [ "$(proxy_stats "injected.$kind")" -gt 0 ] || die "fault $kind was never injected"
done
set_faults "partial:PutRecords:4,throttle:PutRecords:3"
sdk create out2 2
probe --retries 10 put out2 text.tsv >put_faulty.tsv 2>put_faulty.err || die "put with faults"
[ "$(proxy_stats injected.partial)" -gt 300 ] || die "few records were failed: $(proxy_stats injected.partial)"
by_position put_faulty.tsv >want_out2.tsv
sdk read out2 --meta >sdk_out2.tsv
same want_out2.tsv sdk_out2.tsv "records put through partial failures, read by the SDK"
cut -f1,2 text.tsv | sort >a.txt
cut -f3,4 want_out2.tsv | sort >b.txt
same a.txt b.txt "records put through partial failures, against the input"

# expect_failure EXIT CLASS TYPE HTTP TEXT PROBE_ARGS...: the probe fails with
# EXIT, prints the class line, a message containing TEXT, and no secret.
expect_failure() {
    local want_rc=$1 class=$2 type=$3 http=$4 text=$5
    shift 5
    local rc=0
    probe "$@" >fail.out 2>fail.txt || rc=$?
    [ "$rc" -eq "$want_rc" ] || die "probe $*: exit $rc, want $want_rc: $(cat fail.txt)"
    grep -qxF "class=$class type=$type http=$http" fail.txt ||
        die "probe $*: want class=$class type=$type http=$http, got: $(cat fail.txt)"
    grep -qF -- "$text" fail.txt || die "probe $*: message without '$text': $(cat fail.txt)"
    for secret in "$REAL_SECRET" "$REAL_TOKEN" "${SECRET:-}" "${TOKEN:-}" Signature= Credential=; do
        [ -z "$secret" ] || ! grep -qF -- "$secret" fail.txt || die "probe $*: a secret in the message: $(cat fail.txt)"
    done
}
set_faults "throttle:GetRecords:1"
expect_failure 3 retry ProvisionedThroughputExceededException 400 "kinesis GetRecords: HTTP 400" read in
set_faults "fail:ListShards:1"
expect_failure 3 retry InternalFailure 500 "kinesis ListShards stream 'in': HTTP 500" shards in
set_faults "unavailable:GetShardIterator:1"
expect_failure 3 retry ServiceUnavailable 503 "GetShardIterator stream 'in' shard shardId-000000000000" read in
set_faults "expired:GetRecords:1"
expect_failure 4 expired ExpiredIteratorException 400 "Iterator expired" read in
set_faults "reset:ListShards:1"
expect_failure 3 retry - 0 "cannot reach $endpoint" shards in
set_faults "leaky:ListShards:1"
expect_failure 5 fatal AccessDeniedException 403 "Session token *** may not call ListShards" shards in
set_faults ""

# ---- 6. errors ----
expect_failure 5 fatal ResourceNotFoundException 400 "stream 'nosuch'" shards nosuch
expect_failure 5 fatal InvalidArgumentException 400 "AT_SEQUENCE_NUMBER" \
    read-from in shardId-000000000000 AT_SEQUENCE_NUMBER 12345
# kinesalite's shard limit: LimitExceededException, which for data calls is a rate limit.
expect_failure 3 retry LimitExceededException 400 "shard limit" create huge 41
SECRET=wrong-secret-do-not-print-71c2
TOKEN=wrong-token-do-not-print-0a9e
refused=$(proxy_stats refused)
AWS_SECRET_ACCESS_KEY=$SECRET expect_failure 5 fatal InvalidSignatureException 400 \
    "check the credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN" shards in
AWS_SESSION_TOKEN=$TOKEN expect_failure 5 fatal UnrecognizedClientException 400 \
    "The security token included in the request is invalid" shards in
AWS_ACCESS_KEY_ID=AKIDNOBODY expect_failure 5 fatal UnrecognizedClientException 400 "check the credentials" shards in
[ "$(($(proxy_stats refused) - refused))" -eq 3 ] || die "the proxy refused $(($(proxy_stats refused) - refused)) requests, want 3"
# The proxy quotes the canonical request, session token and all, as AWS does.
AWS_SECRET_ACCESS_KEY=$SECRET timeout 10 node -e '
const http = require("http");
const req = http.request(process.argv[1], { method: "POST", headers: {
  "content-type": "application/x-amz-json-1.1", "x-amz-target": "Kinesis_20131202.ListShards",
  "x-amz-date": "20260101T000000Z", "x-amz-security-token": process.argv[2],
  authorization: "AWS4-HMAC-SHA256 Credential=" + process.argv[3] + "/20260101/us-east-1/kinesis/aws4_request, " +
    "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=" + "0".repeat(64) } },
  (res) => { let b = ""; res.on("data", (c) => (b += c)); res.on("end", () => console.log(b)); });
req.end("{}");' "$endpoint/" "$AWS_SESSION_TOKEN" "$AWS_ACCESS_KEY_ID" >raw_refusal.txt
grep -qF "$AWS_SESSION_TOKEN" raw_refusal.txt || die "the proxy's refusal does not quote the token; the check above proves nothing"
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_failure 3 retry - 0 "cannot reach http://127.0.0.1:$closed: Failed to connect" \
    --endpoint "http://127.0.0.1:$closed" shards in
expect_failure 5 fatal - 0 "endpoint must be http://HOST[:PORT] or https://HOST[:PORT]" --endpoint "ftp://127.0.0.1/" shards in
expect_failure 5 fatal - 0 "without user info" --endpoint "http://me:pa55word@127.0.0.1:$closed" shards in
! grep -q pa55word fail.txt || die "the endpoint's password is in the message"
env -u AWS_SECRET_ACCESS_KEY "$PROBE" --endpoint "$endpoint" shards in >fail.out 2>fail.txt && die "ran without credentials"
grep -q 'no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' fail.txt ||
    die "missing credentials: $(cat fail.txt)"

# ---- 7. resharding: closed parents, children, reading to the ends ----
sdk split in shardId-000000000000
sdk merge in shardId-000000000002 shardId-000000000003
sdk put in in.jsonl
sdk shards in >sdk_shards2.txt
[ "$(lines sdk_shards2.txt)" -eq 7 ] || die "after a split and a merge the SDK sees $(lines sdk_shards2.txt) shards, want 7"
grep -q '^shardId-000000000006 shardId-000000000002 shardId-000000000003 ' sdk_shards2.txt || die "no merged shard with its two parents: $(cat sdk_shards2.txt)"
probe --page 2 shards in >shards2.txt 2>shards.err || die "shards after resharding"
same sdk_shards2.txt shards2.txt "shards after a split and a merge"
sdk read in --meta --arrival >sdk_read2.tsv
[ "$(lines sdk_read2.tsv)" -eq 6000 ] || die "the SDK reads $(lines sdk_read2.tsv) records after resharding, want 6000"
probe --limit 500 --arrival read in >got2.tsv 2>read.err || die "read after resharding"
same sdk_read2.tsv got2.tsv "records read after resharding"
echo "kinesis_client: all checks passed"
