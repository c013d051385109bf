'use strict';
/**
 * Purge benchmark (issue: erasure engine and retention purge).
 *
 * 1. Seeds --accounts accounts (default 20,000), --due of them terminated and past their grace period
 *    (default 2,000), each with related records across the registered collections (an identity, a
 *    marketing preference, two outbox messages, a policy acknowledgement, an invoice).
 * 2. Purges the due ones through the real path the scheduled scan takes (RetentionService.purgeBatch:
 *    batches of ERASURE_BATCH_SIZE (--batch, default 500) through the erasure engine, receipts, receipt
 *    emails into the outbox), --concurrency batches at a time (default 2, as two workers would), then one
 *    residue sweep; measures time and peak RSS.
 * 3. Seeds the same related records again for the same accounts and times the floor: a raw batched
 *    deleteMany of exactly those documents on the same database, one batch after another (the issue's
 *    floor), and once more with --concurrency batches at a time, for comparison.
 * 4. Times a retention scan that finds nothing due among --scan-accounts accounts (default 100,000).
 * Plain JavaScript over dist/ (npm run bench builds first). Sizes are flags, so the same run works at
 * 20,000 here and 1,000,000 against a real MongoDB (MONGODB_URI).
 */
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { ObjectId } = require('mongodb');

function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const ACCOUNTS = flag('accounts', 20000);
const DUE = flag('due', 2000);
const SCAN_ACCOUNTS = flag('scan-accounts', 100000);
const CONCURRENCY = flag('concurrency', 2);
const ERASE_BATCH = flag('batch', 500);
const BATCH = 1000;
const DAY = 86400000;

function uriFor(db) {
  const u = new URL(process.env.BENCH_MONGODB_URI);
  u.pathname = `/${db}`;
  return u.toString();
}

async function boot(db) {
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require('../dist/app.module');
  const { loadConfig } = require('../dist/config/app-config');
  const config = loadConfig({
    MONGODB_URI: uriFor(db),
    REDIS_URL: process.env.BENCH_REDIS_URL,
    QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123',
    HASH_SECRET: 'bench-hash-secret-0123456789abcdef012345678',
    LOG_LEVEL: 'silent',
    SMTP_URL: 'smtp://127.0.0.1:1',
    DB_RETRY_ATTEMPTS: '1',
    ERASURE_BATCH_SIZE: String(ERASE_BATCH),
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ role: 'cli', config }), { logger: false });
  const { getConnectionToken } = require('@nestjs/mongoose');
  return { app, connection: app.get(getConnectionToken()) };
}

async function insertBatched(coll, docs) {
  for (let i = 0; i < docs.length; i += BATCH) await coll.insertMany(docs.slice(i, i + BATCH), { ordered: false });
}

function relatedFor(a, now, tag = '') {
  const id = a._id.toHexString();
  const email = a.email;
  return {
    identities: [{ provider: 'google', providerSubject: `g-${id}`, accountId: id, email, emailVerified: true, linkedAt: now, lastSignInAt: now }],
    notification_preferences: [{ accountId: id, marketing: true, updatedAt: now }],
    outbox_messages: [0, 1].map((k) => ({ idempotencyKey: `bench${tag}:${id}:${k}`, to: email, accountId: id, template: 'service-notice', category: 'service', locale: 'en', subject: 'Hello', html: '<p>x</p>', text: 'x', messageId: `<${id}-${k}${tag}@bench>`, status: 'sent', attempts: 1, scrubAfterSend: false, createdAt: now, sentAt: now })),
    policy_acknowledgements: [{ accountId: id, version: '2027-01', at: now }],
    profiles: [{ accountId: id, name: 'Bench Person', phone: '+4791234567', company: { name: 'Firma AS' }, provenance: { name: 'self', phone: 'self' }, version: 1, updatedAt: now }],
    billing_orders: [{ externalId: `INV-${id}${tag}`, source: 'erp', accountId: id, contactEmail: email, contactName: 'Bench Person', billingCompany: 'Firma AS', billingAddress: { line1: 'Gate 1', postalCode: '0150', city: 'Oslo', country: 'NO' }, product: 'Pro', amountMinor: 1000, currency: 'NOK', invoiceDate: new Date('2026-01-01'), keptUntil: new Date('2031-01-01') }],
  };
}

async function seedRelated(db, accounts, now, tag) {
  const by = {};
  for (const a of accounts) for (const [c, docs] of Object.entries(relatedFor(a, now, tag))) (by[c] ??= []).push(...docs);
  for (const [c, docs] of Object.entries(by)) await insertBatched(db.collection(c), docs);
  return Object.values(by).reduce((n, d) => n + d.length, 0);
}

async function main() {
  const results = { at: new Date().toISOString(), sizes: { accounts: ACCOUNTS, due: DUE, scanAccounts: SCAN_ACCOUNTS, concurrency: CONCURRENCY, batch: ERASE_BATCH }, database: process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB (scripts/services.js)' };
  const dbName = `bench_purge_${randomBytes(3).toString('hex')}`;
  const { app, connection } = await boot(dbName);
  const db = connection.db;
  const now = new Date();
  const terminatedAt = new Date(now.getTime() - 20 * DAY);
  let t = Date.now();
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    _id: new ObjectId(),
    subjectId: `sub_${randomBytes(16).toString('base64url')}`,
    email: `bench${i}@example.com`,
    emailVerified: true,
    status: i < DUE ? 'terminated' : 'active',
    roles: ['customer'],
    locale: 'en',
    version: 0,
    createdAt: now,
    updatedAt: now,
    ...(i < DUE ? { terminatedAt, purgeAfter: new Date(terminatedAt.getTime() + 14 * DAY) } : {}),
  }));
  await insertBatched(db.collection('accounts'), accounts);
  const related = await seedRelated(db, accounts, now);
  const due = accounts.slice(0, DUE);
  await insertBatched(db.collection('purge_schedule'), due.map((a) => ({ _id: a._id.toHexString(), subjectId: a.subjectId, dueAt: a.purgeAfter, remindAt: new Date(a.purgeAfter.getTime() - 3 * DAY), reminded: true })));
  results.seed = { accounts: ACCOUNTS, relatedDocuments: related, seconds: (Date.now() - t) / 1000 };
  console.log(`seeded ${ACCOUNTS} accounts and ${related} related documents in ${results.seed.seconds.toFixed(1)} s`);

  const { RetentionService } = require('../dist/modules/retention/retention.service');
  const { ResidueSweepService } = require('../dist/modules/erasure/residue-sweep.service');
  const retention = app.get(RetentionService);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  t = Date.now();
  const found = await retention.due(now);
  const batches = [];
  for (let i = 0; i < found.length; i += ERASE_BATCH) batches.push(found.slice(i, i + ERASE_BATCH).map((e) => e.accountId));
  let next = 0;
  let erased = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) {
      const tally = await retention.purgeBatch(batches[next++], now);
      erased += tally.erased;
    }
  }));
  if (erased !== found.length) throw new Error(`purged ${erased} of ${found.length} due accounts`);
  const purgeSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const sweep = await app.get(ResidueSweepService).sweep();
  const sweepSeconds = (Date.now() - t) / 1000;
  clearInterval(sampler);
  results.purge = { accounts: found.length, seconds: purgeSeconds, accountsPerSecond: found.length / purgeSeconds, residueSweepSeconds: sweepSeconds, sweep, peakRssMb: peak / 1048576, rssGrowthMb: (peak - rssBefore) / 1048576 };
  console.log(`purge: ${found.length} accounts in ${purgeSeconds.toFixed(1)} s = ${(found.length / purgeSeconds).toFixed(1)} accounts/s; residue sweep ${sweepSeconds.toFixed(1)} s (${sweep.verified} verified, ${sweep.residue} residue); peak RSS ${(peak / 1048576).toFixed(0)} MB (${peak >= rssBefore ? '+' : '-'}${(Math.abs(peak - rssBefore) / 1048576).toFixed(0)} MB)`);

  // The floor: the same documents, deleted by raw batched deleteMany (seeded again before each run).
  const relatedCollections = ['identities', 'notification_preferences', 'outbox_messages', 'policy_acknowledgements', 'profiles', 'billing_orders'];
  const floorRun = async (concurrency) => {
    await db.collection('accounts').insertMany(due.map((a) => ({ ...a })), { ordered: false });
    await seedRelated(db, due, now, `-floor${concurrency}`);
    const chunks = [];
    for (let i = 0; i < due.length; i += ERASE_BATCH) chunks.push(due.slice(i, i + ERASE_BATCH));
    const started = Date.now();
    let k = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (k < chunks.length) {
        const chunk = chunks[k++];
        const hex = chunk.map((a) => a._id.toHexString());
        for (const c of relatedCollections) await db.collection(c).deleteMany({ accountId: { $in: hex } });
        await db.collection('accounts').deleteMany({ _id: { $in: chunk.map((a) => a._id) } });
      }
    }));
    return (Date.now() - started) / 1000;
  };
  const floorSeconds = await floorRun(1);
  const floorConcurrentSeconds = await floorRun(CONCURRENCY);
  results.floor = { seconds: floorSeconds, ratio: purgeSeconds / floorSeconds, ratioWithSweep: (purgeSeconds + sweepSeconds) / floorSeconds, concurrentSeconds: floorConcurrentSeconds, ratioToConcurrentFloor: purgeSeconds / floorConcurrentSeconds };
  console.log(`floor (raw batched deleteMany of the same documents, one batch after another): ${floorSeconds.toFixed(1)} s; purge / floor = ${results.floor.ratio.toFixed(2)} (target <= 2; with the sweep ${results.floor.ratioWithSweep.toFixed(2)})`);
  console.log(`floor with ${CONCURRENCY} batches at a time, as the purge ran: ${floorConcurrentSeconds.toFixed(1)} s; purge / that floor = ${results.floor.ratioToConcurrentFloor.toFixed(2)}`);
  await app.close();

  // An empty scan among many accounts: reads only the (empty) purge schedule.
  const scanDb = `bench_scan_${randomBytes(3).toString('hex')}`;
  const scan = await boot(scanDb);
  t = Date.now();
  for (let i = 0; i < SCAN_ACCOUNTS; i += BATCH) {
    await scan.connection.db.collection('accounts').insertMany(Array.from({ length: Math.min(BATCH, SCAN_ACCOUNTS - i) }, (_, k) => ({ subjectId: `sub_s${i + k}_${randomBytes(6).toString('hex')}`, email: `s${i + k}@example.com`, emailVerified: true, status: 'active', roles: ['customer'], locale: 'en', version: 0, createdAt: now, updatedAt: now })), { ordered: false });
  }
  const seeded = (Date.now() - t) / 1000;
  const scanRetention = scan.app.get(RetentionService);
  await scanRetention.scanAt(now); // warm-up
  const times = [];
  for (let i = 0; i < 5; i++) {
    const s = process.hrtime.bigint();
    await scanRetention.scanAt(now);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  times.sort((a, b) => a - b);
  results.emptyScan = { accounts: SCAN_ACCOUNTS, seedSeconds: seeded, medianMs: times[2], maxMs: times[4] };
  console.log(`empty retention scan among ${SCAN_ACCOUNTS} accounts: median ${times[2].toFixed(1)} ms, max ${times[4].toFixed(1)} ms (target < 100 ms)`);
  await scan.connection.dropDatabase();
  await scan.app.close();
  const { app: cleanup, connection: c2 } = await boot(dbName);
  await c2.dropDatabase();
  await cleanup.close();

  const out = path.join(__dirname, 'results', `purge-${results.at.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`report: ${path.relative(process.cwd(), out)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
