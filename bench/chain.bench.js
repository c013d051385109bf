'use strict';
/**
 * Hash-chain benchmark (issue 18: transfer log, anchoring).
 *
 * 1. Append rate: --appends transfer-log-style entries (default 20,000; recipient, opaque subject ids,
 *    categories, purpose, legal basis, initiator, an idempotency key) appended through HashChain by
 *    --callers concurrent callers in one process (default 64), as the transfers API under load would:
 *    group commit turns them into few inserts. Also a single caller, one append after another (latency).
 * 2. Verify: --verify entries (default 100,000) in a chain, then HashChain.verify() (one sorted cursor,
 *    MAC of each entry, the signed checkpoint checked and written). Target < 2 s.
 * 3. Floors, to explain the verify figure: the same 100,000 documents read by a raw cursor (no MAC),
 *    sorted and unsorted, and the MACs alone in memory.
 * Plain JavaScript over dist/ (npm run bench builds first).
 */
require('reflect-metadata');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes, createHmac } = require('node:crypto');

function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const APPENDS = flag('appends', 20000);
const CALLERS = flag('callers', 64);
const SINGLE = flag('single', 500);
const VERIFY = flag('verify', 100000);

function uriFor(db) {
  const u = new URL(process.env.BENCH_MONGODB_URI);
  u.pathname = `/${db}`;
  return u.toString();
}

const CATEGORIES = ['contact', 'billing', 'usage', 'support'];
function transferBody(i) {
  return {
    recipientId: `rcp_${(i % 17).toString(16).padStart(24, '0')}`,
    subjectIds: Array.from({ length: 1 + (i % 3) }, (_, k) => `sub_${randomBytes(12).toString('hex')}${k}`),
    categories: CATEGORIES.slice(0, 1 + (i % 4)),
    purpose: 'delivery of the service (support tooling)',
    legalBasis: 'contract (Art. 6(1)(b))',
    initiatedBy: 'system:billing',
  };
}

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { getConnectionToken, getModelToken } = require('@nestjs/mongoose');
  const { Schema } = require('mongoose');
  const { AppModule } = require('../dist/app.module');
  const { loadConfig } = require('../dist/config/app-config');
  const { HashChain } = require('../dist/core/database/hash-chain');
  const { CHAIN_HEAD_MODEL } = require('../dist/core/database/chain-head.schema');
  const checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rightsdesk-bench-checkpoints-'));
  const config = loadConfig({
    MONGODB_URI: uriFor(`bench_chain_${randomBytes(3).toString('hex')}`),
    REDIS_URL: process.env.BENCH_REDIS_URL,
    QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123',
    HASH_SECRET: 'bench-hash-secret-0123456789abcdef012345678',
    LOG_LEVEL: 'silent',
    SMTP_URL: 'smtp://127.0.0.1:1',
    DB_RETRY_ATTEMPTS: '1',
    CHECKPOINT_SIGNING_KEY: randomBytes(32).toString('base64'),
    CHECKPOINT_DIR: checkpointDir,
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ role: 'cli', config }), { logger: false });
  const connection = app.get(getConnectionToken());
  const heads = app.get(getModelToken(CHAIN_HEAD_MODEL), { strict: false });
  const modelOf = (name) => {
    const schema = new Schema(
      {
        v: Number,
        seq: { type: Number, unique: true },
        key: { type: String, unique: true, sparse: true },
        at: Date,
        body: Schema.Types.Mixed,
        prevHash: String,
        hash: String,
      },
      { collection: name, versionKey: false },
    );
    return connection.model(name, schema);
  };
  const secret = 'bench-chain-secret-0123456789abcdef';
  verifyBench.ctx = { modelOf, heads, secret, HashChain };
  const results = { at: new Date().toISOString(), database: process.env.BENCH_MONGODB_KIND || 'MONGODB_URI', cpus: os.cpus().length, loadavg: os.loadavg() };

  // 1. append rate
  const appendModel = modelOf('bench_transfer_log');
  await appendModel.init();
  const chain = new HashChain(appendModel, heads, 'bench-transfers', secret);
  let t = Date.now();
  for (let i = 0; i < SINGLE; i++) await chain.append(transferBody(i), new Date(), `idem-single-${i}`);
  const singleSeconds = (Date.now() - t) / 1000;
  let next = 0;
  const inserts = [];
  const coll = appendModel.collection;
  const original = coll.insertMany.bind(coll);
  coll.insertMany = (docs, o) => (inserts.push(docs.length), original(docs, o));
  t = Date.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < APPENDS) {
        const i = next++;
        await chain.append(transferBody(i), new Date(), `idem-${i}`);
      }
    }),
  );
  const appendSeconds = (Date.now() - t) / 1000;
  coll.insertMany = original;
  results.append = {
    entries: APPENDS,
    callers: CALLERS,
    seconds: appendSeconds,
    entriesPerSecond: APPENDS / appendSeconds,
    inserts: inserts.length,
    meanGroup: APPENDS / inserts.length,
    singleCaller: { entries: SINGLE, seconds: singleSeconds, entriesPerSecond: SINGLE / singleSeconds },
    target: 2000,
  };
  console.log(
    `append: ${APPENDS} transfer-log entries by ${CALLERS} concurrent callers in ${appendSeconds.toFixed(2)} s = ${results.append.entriesPerSecond.toFixed(0)} entries/s (target >= 2000; ${inserts.length} inserts, ${results.append.meanGroup.toFixed(0)} entries each); one caller: ${results.append.singleCaller.entriesPerSecond.toFixed(0)} entries/s`,
  );
  // floor: the same number of documents inserted raw (no chain), in groups of the size group commit made, one after another
  const floorModel = modelOf('bench_insert_floor');
  await floorModel.init();
  const group = Math.max(1, Math.round(results.append.meanGroup));
  t = Date.now();
  for (let i = 0; i < APPENDS; i += group)
    await floorModel.collection.insertMany(
      Array.from({ length: Math.min(group, APPENDS - i) }, (_, k) => ({
        v: 2,
        seq: i + k + 1,
        key: `f-${i + k}`,
        at: new Date(),
        body: transferBody(i + k),
        prevHash: 'a'.repeat(64),
        hash: 'b'.repeat(64),
      })),
      { ordered: true },
    );
  results.append.rawInsertFloor = { group, seconds: (Date.now() - t) / 1000, entriesPerSecond: APPENDS / ((Date.now() - t) / 1000) };
  console.log(
    `append floor: the same ${APPENDS} documents inserted raw in groups of ${group}, one insert after another: ${results.append.rawInsertFloor.entriesPerSecond.toFixed(0)} docs/s`,
  );
  const check = await chain.verify();
  if (!check.ok || check.count !== APPENDS + SINGLE) throw new Error(`append chain does not verify: ${JSON.stringify(check)}`);

  if (VERIFY > 0) await verifyBench(results);
  const out = path.join(__dirname, 'results', `chain-${results.at.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`results: ${path.relative(process.cwd(), out)}`);
  await connection.dropDatabase().catch(() => undefined);
  await app.close();
  fs.rmSync(checkpointDir, { recursive: true, force: true });
}

async function verifyBench(results) {
  const { modelOf, heads, secret, HashChain } = verifyBench.ctx;
  let t;
  // 2. verify 100k
  const verifyModel = modelOf('bench_verify_log');
  await verifyModel.init();
  const big = new HashChain(verifyModel, heads, 'bench-verify', secret);
  t = Date.now();
  for (let i = 0; i < VERIFY; i += 1000)
    await big.appendMany(
      Array.from({ length: Math.min(1000, VERIFY - i) }, (_, k) => ({ body: transferBody(i + k), key: `v-${i + k}` })),
      new Date(),
    );
  const seedSeconds = (Date.now() - t) / 1000;
  console.log(`seeded ${VERIFY} entries through appendMany in ${seedSeconds.toFixed(1)} s (${(VERIFY / seedSeconds).toFixed(0)} entries/s)`);
  const runs = [];
  for (let r = 0; r < 2; r++) {
    t = Date.now();
    const v = await big.verify();
    runs.push((Date.now() - t) / 1000);
    if (!v.ok || v.count !== VERIFY) throw new Error(`verify failed: ${JSON.stringify(v)}`);
  }
  results.verify = { entries: VERIFY, seconds: Math.min(...runs), runs, seedSeconds, target: 2 };
  console.log(`verify: ${VERIFY} entries in ${results.verify.seconds.toFixed(2)} s (runs ${runs.map((s) => s.toFixed(2)).join(', ')}; target < 2 s)`);

  // 3. floors
  const raw = verifyModel.collection;
  const readAll = async (opts) => {
    const s = Date.now();
    let n = 0;
    const docs = [];
    for await (const d of raw.find({}, { projection: { _id: 0 }, batchSize: 10000, ...opts })) {
      n++;
      if (docs.length < VERIFY) docs.push(d);
    }
    return { seconds: (Date.now() - s) / 1000, n, docs };
  };
  const sorted = await readAll({ sort: { seq: 1 } });
  const unsorted = await readAll({});
  const seqOnly = await readAll({ projection: { _id: 0, seq: 1 } });
  t = Date.now();
  for (const e of sorted.docs) big.hashOf(e.seq, e.at, e.body, e.prevHash, e.key, 2);
  const macSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  for (let i = 0; i < VERIFY; i++) createHmac('sha256', secret).update('x'.repeat(300)).digest('hex');
  results.floor = {
    rawSortedReadSeconds: sorted.seconds,
    rawUnsortedReadSeconds: unsorted.seconds,
    rawSeqOnlyReadSeconds: seqOnly.seconds,
    rawDocsPerSecond: VERIFY / sorted.seconds,
    macSeconds,
    bareHmacSeconds: (Date.now() - t) / 1000,
  };
  console.log(
    `floor: raw cursor over the same ${VERIFY} documents, no MAC: sorted ${sorted.seconds.toFixed(2)} s, unsorted ${unsorted.seconds.toFixed(2)} s, seq only ${seqOnly.seconds.toFixed(2)} s (${results.floor.rawDocsPerSecond.toFixed(0)} docs/s); the MACs alone ${macSeconds.toFixed(2)} s`,
  );
  console.log(`verify / raw sorted read = ${(results.verify.seconds / sorted.seconds).toFixed(2)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
