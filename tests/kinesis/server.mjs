// A Kinesis endpoint for the integration tests: kinesalite on a loopback port
// the system picks, and in front of it a small proxy that does what
// kinesalite does not and AWS does:
//   - checks SigV4 signatures (with the SDK's own signer) against one set of
//     credentials, and answers wrong ones as AWS would, canonical request
//     (session token included) quoted in the message;
//   - pages ListShards when MaxResults is given (kinesalite ignores it);
//   - injects faults on demand: throttling, 5xx, expired iterators, dropped
//     connections, PutRecords records failing one by one.
//
// Usage: node server.mjs [--shard-limit N] [--verify AKID:SECRET[:TOKEN]]
//                        [--fault KIND:OP:N]...
// Prints "kinesalite URL" and "endpoint URL" (the proxy), then serves until
// killed. KIND is throttle, limit, fail (500), unavailable (503), expired,
// reset (connection closed without an answer), leaky (403 quoting the
// session token: what no client may repeat) or partial (PutRecords only:
// every Nth record fails); OP is an operation name or '*'; every Nth matching
// request (record, for partial) gets the fault. cap:GetRecords:N is not a
// fault but the service's own habit of answering with fewer records than
// asked for: every GetRecords answer has at most N records.
// Control, on the proxy: GET /_proxy/stats (JSON: connections that carried
// API calls, requests per operation, faults injected, signatures refused);
// GET /_proxy/faults?set=KIND:OP:N,... replaces the faults ('' clears them).
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(process.env.KINESIS_NPM_DIR || here, 'package.json'));
const kinesalite = require('kinesalite');
const { SignatureV4 } = require('@smithy/signature-v4');

const opts = { shardLimit: 50, verify: null, faults: [] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--shard-limit') opts.shardLimit = Number(argv[++i]);
  else if (a === '--verify') {
    const [akid, secret, token] = argv[++i].split(':');
    opts.verify = { akid, secret, token };
  } else if (a === '--fault') opts.faults.push(parseFault(argv[++i]));
  else {
    console.error(`server.mjs: unknown argument ${a}`);
    process.exit(2);
  }
}

function parseFault(spec) {
  const [kind, op, n] = spec.split(':');
  const kinds = ['throttle', 'limit', 'fail', 'unavailable', 'expired', 'reset', 'leaky', 'partial', 'cap'];
  if (!kinds.includes(kind) || !op || !(Number(n) >= 1)) throw new Error(`bad fault '${spec}'`);
  const fixedOp = { partial: 'PutRecords', cap: 'GetRecords' }[kind];
  return { kind, op: fixedOp || op, every: Number(n), seen: 0 };
}

const stats = { connections: 0, requests: {}, injected: {}, refused: 0 };

const faultAnswers = {
  throttle: [400, 'ProvisionedThroughputExceededException', 'Rate exceeded for shard (injected)'],
  limit: [400, 'LimitExceededException', 'Rate exceeded for stream (injected)'],
  fail: [500, 'InternalFailure', 'Internal service failure (injected)'],
  unavailable: [503, 'ServiceUnavailable', 'Service unavailable (injected)'],
  expired: [400, 'ExpiredIteratorException', 'Iterator expired (injected)'],
};

// ---- kinesalite ----
const store = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: opts.shardLimit });
// Node closes idle connections after 5 s; on a loaded machine the proxy then
// reuses one just as it goes. Idle connections stay open here instead, and a
// request that still meets a closed one is sent again (kinesalite never saw it).
store.keepAliveTimeout = 600000;
await new Promise((ok, ko) => store.listen(0, '127.0.0.1', ok).on('error', ko));
const backend = store.address();
const agent = new http.Agent({ keepAlive: true });

async function forward(req, body) {
  try {
    return await forwardOnce(req, body);
  } catch (e) {
    if (e.code !== 'ECONNRESET') throw e;
    return forwardOnce(req, body);
  }
}

function forwardOnce(req, body) {
  return new Promise((ok, ko) => {
    const headers = { ...req.headers, 'content-length': Buffer.byteLength(body) };
    delete headers.expect;
    const out = http.request(
      { host: backend.address, port: backend.port, method: req.method, path: req.url, headers, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', ko);
      },
    );
    out.on('error', ko);
    out.end(body);
  });
}

function send(res, status, obj, extraHeaders = {}) {
  const body = typeof obj === 'string' || Buffer.isBuffer(obj) ? obj : JSON.stringify(obj);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': crypto.randomUUID(),
    ...extraHeaders,
  });
  res.end(body);
}

function sendError(res, status, type, message) {
  // AWS names the type twice: header and body; clients may read either.
  send(res, status, { __type: type, message }, { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/` });
}

// ---- SigV4 ----
class Sha256 {
  constructor(secret) {
    this.h = secret ? crypto.createHmac('sha256', Buffer.from(secret)) : crypto.createHash('sha256');
  }
  update(data) {
    this.h.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

// Returns null when the request is signed by the configured credentials, else
// [status, type, message] as AWS would answer.
async function checkSignature(req, body) {
  const v = opts.verify;
  const auth = req.headers.authorization || '';
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return [400, 'IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature'];
  const [, akid, , region, service, signedHeaders, signature] = m;
  const token = req.headers['x-amz-security-token'];
  if (akid !== v.akid || (v.token !== undefined && token !== v.token))
    return [400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'];
  if (service !== 'kinesis') return [400, 'InvalidSignatureException', "Credential should be scoped to correct service: 'kinesis'."];
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(req.headers['x-amz-date'] || '');
  if (!d) return [400, 'IncompleteSignatureException', 'X-Amz-Date is missing or malformed'];
  const signingDate = new Date(Date.UTC(+d[1], d[2] - 1, +d[3], +d[4], +d[5], +d[6]));
  const names = signedHeaders.split(';');
  const headers = {};
  for (const h of names) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
  const signer = new SignatureV4({
    credentials: { accessKeyId: akid, secretAccessKey: v.secret, sessionToken: names.includes('x-amz-security-token') ? token : undefined },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const [hostname, port] = (req.headers.host || '').split(':');
  const signed = await signer.sign(
    { method: req.method, protocol: 'http:', hostname, port: port ? Number(port) : undefined, path: req.url, query: {}, headers, body },
    { signingDate, signableHeaders: new Set(names) },
  );
  const want = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1];
  if (want === signature) return null;
  // AWS's wording, canonical request quoted: a client must not pass it on verbatim.
  const canonical = [req.method, req.url, '', ...names.map((h) => `${h}:${(req.headers[h] || '').trim()}`), '', signedHeaders,
    crypto.createHash('sha256').update(body).digest('hex')].join('\n');
  return [400, 'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key ' +
      'and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request ' +
      `should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${req.headers['x-amz-date']}'\n`];
}

// ---- faults ----
function due(op, kinds) {
  for (const f of opts.faults) {
    if (!kinds.includes(f.kind) || (f.op !== '*' && f.op !== op)) continue;
    if (++f.seen % f.every === 0) {
      stats.injected[f.kind] = (stats.injected[f.kind] || 0) + 1;
      return f.kind;
    }
  }
  return null;
}

async function putRecordsPartly(req, res, data, fault) {
  const failed = data.Records.map(() => ++fault.seen % fault.every === 0);
  const keep = data.Records.filter((_, i) => !failed[i]);
  stats.injected.partial = (stats.injected.partial || 0) + failed.filter(Boolean).length;
  let results = [];
  if (keep.length) {
    const answer = await forward(req, JSON.stringify({ ...data, Records: keep }));
    if (answer.status !== 200) return send(res, answer.status, answer.body);
    results = JSON.parse(answer.body).Records;
  }
  let j = 0;
  const records = failed.map((f) =>
    f ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard (injected)' } : results[j++],
  );
  send(res, 200, { FailedRecordCount: records.filter((r) => r.ErrorCode).length, Records: records });
}

// ListShards as AWS pages it: MaxResults shards per answer and an opaque
// NextToken that stands alone (with StreamName beside it, AWS refuses).
async function listShardsPaged(req, res, data) {
  let { StreamName, ExclusiveStartShardId, NextToken, MaxResults } = data;
  if (NextToken && StreamName) return sendError(res, 400, 'InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
  if (NextToken) {
    try {
      ({ s: StreamName, a: ExclusiveStartShardId } = JSON.parse(Buffer.from(NextToken, 'base64url').toString()));
    } catch {
      return sendError(res, 400, 'InvalidArgumentException', 'Invalid NextToken.');
    }
  }
  const query = { StreamName };
  if (ExclusiveStartShardId) query.ExclusiveStartShardId = ExclusiveStartShardId;
  const answer = await forward(req, JSON.stringify(query));
  if (answer.status !== 200) return send(res, answer.status, answer.body);
  const shards = JSON.parse(answer.body).Shards;
  const page = MaxResults ? shards.slice(0, MaxResults) : shards;
  const out = { Shards: page };
  if (page.length < shards.length)
    out.NextToken = Buffer.from(JSON.stringify({ s: StreamName, a: page[page.length - 1].ShardId })).toString('base64url');
  send(res, 200, out);
}

// ---- proxy ----
async function handle(req, res, body) {
  if (req.url.startsWith('/_proxy/')) {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/_proxy/faults') {
      const set = u.searchParams.get('set') || '';
      opts.faults = set ? set.split(',').map(parseFault) : [];
    }
    return send(res, 200, stats);
  }
  const op = (req.headers['x-amz-target'] || '').split('.')[1] || '?';
  stats.requests[op] = (stats.requests[op] || 0) + 1;
  if (!req.socket.carriedApiCalls) {
    req.socket.carriedApiCalls = true;
    stats.connections++;
  }
  if (opts.verify) {
    const refusal = await checkSignature(req, body);
    if (refusal) {
      stats.refused++;
      return sendError(res, ...refusal);
    }
  }
  const kind = due(op, ['throttle', 'limit', 'fail', 'unavailable', 'expired', 'reset', 'leaky']);
  if (kind === 'reset') return req.socket.destroy();
  if (kind === 'leaky')
    return sendError(res, 403, 'AccessDeniedException',
      `Session token ${req.headers['x-amz-security-token']} may not call ${op} (injected, a server that quotes secrets)`);
  if (kind) return sendError(res, ...faultAnswers[kind]);

  const json = (req.headers['content-type'] || '').startsWith('application/x-amz-json');
  let data = null;
  if (json) {
    try {
      data = JSON.parse(body.toString('utf8'));
    } catch {
      data = null;
    }
  }
  if (data && op === 'ListShards' && (data.MaxResults || data.NextToken)) return listShardsPaged(req, res, data);
  const partial = opts.faults.find((f) => f.kind === 'partial');
  if (data && op === 'PutRecords' && partial && Array.isArray(data.Records)) return putRecordsPartly(req, res, data, partial);
  const cap = opts.faults.find((f) => f.kind === 'cap');
  if (data && op === 'GetRecords' && cap) {
    data.Limit = Math.min(data.Limit || 10000, cap.every);
    body = Buffer.from(JSON.stringify(data));
  }
  const answer = await forward(req, body);
  const headers = {};
  for (const h of ['content-type', 'x-amzn-requestid', 'x-amzn-errortype']) if (answer.headers[h]) headers[h] = answer.headers[h];
  res.writeHead(answer.status, { ...headers, 'content-length': answer.body.length });
  res.end(answer.body);
}

const proxy = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () =>
    handle(req, res, Buffer.concat(chunks)).catch((e) => {
      console.error(`server.mjs: ${e.stack || e}`);
      if (!res.headersSent) sendError(res, 500, 'InternalFailure', 'proxy error');
    }),
  );
});
proxy.keepAliveTimeout = 60000;
await new Promise((ok, ko) => proxy.listen(0, '127.0.0.1', ok).on('error', ko));

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
console.log(`kinesalite http://127.0.0.1:${backend.port}`);
console.log(`endpoint http://127.0.0.1:${proxy.address().port}`);
