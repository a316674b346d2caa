// The outside Kinesis client of the integration tests: the AWS SDK for
// JavaScript, which we did not write, fills and reads streams so that what
// streamsql reads and writes is checked against someone else's idea of Kinesis.
//
// Usage: node client.mjs --endpoint URL COMMAND ...
//   create STREAM SHARDS          create, wait until ACTIVE
//   put STREAM FILE [--key FIELD] [--base64] [--placements OUT]
//                                 every line of FILE (JSON lines; with --base64
//                                 lines "KEY<TAB>BASE64 DATA") as a record, keyed
//                                 by the line's FIELD (default K); PutRecords in
//                                 batches of 500, failed records sent again;
//                                 OUT gets "SHARD SEQ KEY DATA" per record
//   read STREAM [--meta] [--base64] [--arrival]
//                                 every record of every shard, TRIM_HORIZON to
//                                 the end, shard by shard in id order: one data
//                                 line each (--meta: "SHARD SEQ KEY DATA", tab
//                                 separated; --base64: data base64-encoded;
//                                 --arrival: then ApproximateArrivalTimestamp
//                                 in epoch ms)
//   shards STREAM                 "ID PARENT ADJACENT START END SEQSTART SEQEND"
//   split STREAM SHARD_ID         SplitShard at the middle of its hash range
//   merge STREAM SHARD_A SHARD_B  MergeShards
// Credentials and region: the AWS_* environment, else dummies (kinesalite
// checks neither).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The pinned SDK supports Debian 12's node 20; its notice about future
// versions would only clutter test logs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(process.env.KINESIS_NPM_DIR || here, 'package.json'));
const K = require('@aws-sdk/client-kinesis');
const { NodeHttpHandler } = require('@smithy/node-http-handler');

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const option = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const endpoint = option('--endpoint', process.env.KINESIS_SDK_ENDPOINT);
const keyField = option('--key', 'K');
const placements = option('--placements', null);
const meta = flag('--meta');
const b64 = flag('--base64');
const arrival = flag('--arrival');
const [command, stream, ...rest] = args;
if (!endpoint || !command || !stream) {
  console.error('usage: node client.mjs --endpoint URL create|put|read|shards|split|merge STREAM ...');
  process.exit(2);
}

const client = new K.KinesisClient({
  endpoint,
  region: process.env.AWS_REGION || 'us-east-1',
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID || 'AKIDTEST',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || 'test',
    sessionToken: process.env.AWS_SESSION_TOKEN || undefined,
  },
  maxAttempts: 10,
  // The Kinesis client speaks HTTP/2 by default (for SubscribeToShard);
  // kinesalite, like the other JSON calls' users, speaks HTTP/1.1.
  requestHandler: new NodeHttpHandler(),
});
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function waitActive() {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new K.DescribeStreamSummaryCommand({ StreamName: stream }));
    if (d.StreamDescriptionSummary.StreamStatus === 'ACTIVE') return;
    await sleep(50);
  }
  throw new Error(`stream ${stream} not ACTIVE after 10 s`);
}

async function listShards() {
  const shards = [];
  let NextToken;
  do {
    const r = await client.send(new K.ListShardsCommand(NextToken ? { NextToken } : { StreamName: stream }));
    shards.push(...r.Shards);
    NextToken = r.NextToken;
  } while (NextToken);
  return shards.sort((a, b) => (a.ShardId < b.ShardId ? -1 : a.ShardId > b.ShardId ? 1 : 0));
}

async function put(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length);
  const records = lines.map((line) => {
    if (b64) {
      const tab = line.indexOf('\t');
      return { PartitionKey: line.slice(0, tab), Data: Buffer.from(line.slice(tab + 1), 'base64'), text: line.slice(tab + 1) };
    }
    return { PartitionKey: String(JSON.parse(line)[keyField]), Data: Buffer.from(line, 'utf8'), text: line };
  });
  const placed = [];
  let retried = 0;
  for (let start = 0; start < records.length; start += 500) {
    // One batch at a time, its failures resent before the next batch, so that
    // a key's records stay in order unless the service failed some of them.
    let pending = records.slice(start, start + 500);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 20) throw new Error(`${pending.length} records still failing after 20 attempts`);
      if (attempt) await sleep(Math.min(1000, 20 * 2 ** attempt));
      const r = await client.send(
        new K.PutRecordsCommand({ StreamName: stream, Records: pending.map(({ PartitionKey, Data }) => ({ PartitionKey, Data })) }),
      );
      const again = [];
      r.Records.forEach((res, i) => {
        if (res.ErrorCode) again.push(pending[i]);
        else placed.push([res.ShardId, res.SequenceNumber, pending[i].PartitionKey, pending[i].text].join('\t'));
      });
      retried += again.length;
      pending = again;
    }
  }
  if (placements) fs.writeFileSync(placements, placed.map((l) => l + '\n').join(''));
  console.error(`put ${records.length} records to ${stream} (${retried} resent)`);
}

async function read() {
  const out = [];
  for (const shard of await listShards()) {
    let it = (await client.send(new K.GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' })))
      .ShardIterator;
    while (it) {
      const r = await client.send(new K.GetRecordsCommand({ ShardIterator: it }));
      for (const rec of r.Records) {
        const data = Buffer.from(rec.Data).toString(b64 ? 'base64' : 'utf8');
        const line = meta ? [shard.ShardId, rec.SequenceNumber, rec.PartitionKey, data] : [data];
        if (arrival) line.push(rec.ApproximateArrivalTimestamp.getTime());
        out.push(line.join('\t'));
      }
      // An open shard is read to its end when nothing came and nothing is behind.
      if (!r.Records.length && r.MillisBehindLatest === 0 && !shard.SequenceNumberRange.EndingSequenceNumber) break;
      it = r.NextShardIterator;
    }
  }
  process.stdout.write(out.map((l) => l + '\n').join(''));
}

async function split(shardId) {
  const shard = (await listShards()).find((s) => s.ShardId === shardId);
  if (!shard) throw new Error(`no shard ${shardId} in ${stream}`);
  const lo = BigInt(shard.HashKeyRange.StartingHashKey), hi = BigInt(shard.HashKeyRange.EndingHashKey);
  await client.send(new K.SplitShardCommand({ StreamName: stream, ShardToSplit: shardId, NewStartingHashKey: String((lo + hi + 1n) / 2n) }));
  await waitActive();
}

try {
  switch (command) {
    case 'create':
      await client.send(new K.CreateStreamCommand({ StreamName: stream, ShardCount: Number(rest[0]) }));
      await waitActive();
      break;
    case 'put':
      await put(rest[0]);
      break;
    case 'read':
      await read();
      break;
    case 'shards':
      for (const s of await listShards()) {
        const r = s.SequenceNumberRange;
        console.log([s.ShardId, s.ParentShardId || '-', s.AdjacentParentShardId || '-', s.HashKeyRange.StartingHashKey,
          s.HashKeyRange.EndingHashKey, r.StartingSequenceNumber, r.EndingSequenceNumber || '-'].join(' '));
      }
      break;
    case 'split':
      await split(rest[0]);
      break;
    case 'merge':
      await client.send(new K.MergeShardsCommand({ StreamName: stream, ShardToMerge: rest[0], AdjacentShardToMerge: rest[1] }));
      await waitActive();
      break;
    default:
      console.error(`client.mjs: unknown command ${command}`);
      process.exit(2);
  }
} catch (e) {
  console.error(`client.mjs ${command} ${stream}: ${e.name}: ${e.message}`);
  process.exit(1);
}
