'use strict';
/**
 * Purge benchmark (issues: erasure engine and retention purge; cost that follows the work).
 *
 * Each phase runs in a process of its own, so the peak memory reported is that of the service work
 * (purge, verification, audit), never of the seeding:
 *
 * 1. seed: --accounts accounts (default 20,000), --due of them terminated and past their grace period
 *    (default 2,000), each with related records across the registered collections (an identity, a
 *    profile, a marketing preference, two outbox messages, a policy acknowledgement, an invoice),
 *    written 1,000 accounts at a time (the seeding process holds one chunk, not the database).
 * 2. purge: purges the due ones through the real path the scheduled scan takes (RetentionService.purgeBatch:
 *    batches of ERASURE_BATCH_SIZE (--batch, default 500), --concurrency batches at a time (default 2, as
 *    two workers would)), then the per-batch verification (ResidueSweepService.sweep: indexed lookups of
 *    the erased people's declared identifiers); measures both times, the documents the verification read
 *    per erased person, and the peak RSS of this process.
 * 3. audit: the full residue audit (ResidueAuditService.run, no pause between pages) over the whole
 *    database against the keyed hashes of the 2,000 just verified; time, documents, peak RSS.
 * 4. floor: seeds the same related records again for the due accounts and times a raw batched deleteMany
 *    of exactly those documents, one batch after another (`--concurrent-floor` also at --concurrency;
 *    `--take-floor` also the read-then-delete floor: each collection's matches read, projected, then
 *    deleted by _id, the least a handler that reports per-person counts does; `--no-floor` skips it,
 *    `--no-audit` skips phase 3).
 * 5. scan (--scan-accounts, default 0 = skipped): an empty retention scan among that many accounts.
 * `--retained` also reports, for the purge phase, the most heap kept alive (a full collection every second).
 * Plain JavaScript over dist/ (npm run bench builds first). Sizes are flags, so the same run works at
 * 20,000 here and 1,000,000 against a real MongoDB (MONGODB_URI).
 */
require('reflect-metadata');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { ObjectId } = require('mongodb');

function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = process.argv[i + 1];
  return typeof def === 'number' ? Number(v) : v;
}
const has = (name) => process.argv.includes(`--${name}`);
const ACCOUNTS = flag('accounts', 20000);
const DUE = flag('due', 2000);
const SCAN_ACCOUNTS = flag('scan-accounts', 0);
const CONCURRENCY = flag('concurrency', 2);
const ERASE_BATCH = flag('batch', 500);
const CHUNK = 1000;
const DAY = 86400000;
const NOW = new Date(flag('now', new Date().toISOString()));
const RELATED = ['identities', 'notification_preferences', 'outbox_messages', 'policy_acknowledgements', 'profiles', 'billing_orders'];

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
  const connection = app.get(getConnectionToken());
  await Promise.all(connection.modelNames().map((n) => connection.model(n).init()));
  return { app, connection };
}

/**
 * The most heap this process kept alive: with `--retained`, a full collection (--expose-gc) every second and
 * the heap used right after it. The peak RSS follows when V8 chooses to collect; this follows what is kept.
 */
function retainedSampler() {
  if (!process.argv.includes('--retained') || !global.gc) return { stop: () => undefined };
  const sample = () => {
    global.gc();
    return process.memoryUsage().heapUsed;
  };
  let peak = sample();
  const timer = setInterval(() => (peak = Math.max(peak, sample())), 1000);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, sample()) / 1048576;
    },
  };
}

/** Samples this process's RSS every 50 ms. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / 1048576;
    },
  };
}

function accountAt(i, tag) {
  const due = i < DUE;
  const terminatedAt = new Date(NOW.getTime() - 20 * DAY);
  return {
    _id: new ObjectId(),
    subjectId: `sub_${randomBytes(16).toString('base64url')}`,
    email: `bench${tag}${i}@example.com`,
    emailVerified: true,
    status: due ? 'terminated' : 'active',
    roles: ['customer'],
    locale: 'en',
    version: 0,
    createdAt: NOW,
    updatedAt: NOW,
    ...(due ? { terminatedAt, purgeAfter: new Date(terminatedAt.getTime() + 14 * DAY) } : {}),
  };
}

function relatedFor(a, tag = '') {
  const id = a._id.toHexString();
  const email = a.email;
  const now = NOW;
  return {
    identities: [{ provider: 'google', providerSubject: `g-${id}${tag}`, accountId: id, email, emailVerified: true, linkedAt: now, lastSignInAt: now }],
    notification_preferences: [{ accountId: id, marketing: true, updatedAt: now }],
    outbox_messages: [0, 1].map((k) => ({
      idempotencyKey: `bench${tag}:${id}:${k}`,
      to: email,
      accountId: id,
      template: 'service-notice',
      category: 'service',
      locale: 'en',
      subject: 'Hello',
      html: '<p>x</p>',
      text: 'x',
      messageId: `<${id}-${k}${tag}@bench>`,
      status: 'sent',
      attempts: 1,
      scrubAfterSend: false,
      createdAt: now,
      sentAt: now,
    })),
    policy_acknowledgements: [{ accountId: id, version: '2027-01', at: now }],
    profiles: [
      {
        accountId: id,
        name: 'Bench Person',
        phone: '+4791234567',
        company: { name: 'Firma AS' },
        provenance: { name: 'self', phone: 'self' },
        version: 1,
        updatedAt: now,
      },
    ],
    billing_orders: [
      {
        externalId: `INV-${id}${tag}`,
        source: 'erp',
        accountId: id,
        contactEmail: email,
        contactName: 'Bench Person',
        billingCompany: 'Firma AS',
        billingAddress: { line1: 'Gate 1', postalCode: '0150', city: 'Oslo', country: 'NO' },
        product: 'Pro',
        amountMinor: 1000,
        currency: 'NOK',
        invoiceDate: new Date('2026-01-01'),
        keptUntil: new Date('2031-01-01'),
      },
    ],
  };
}

async function seedRelated(db, accounts, tag) {
  const by = {};
  for (const a of accounts) for (const [c, docs] of Object.entries(relatedFor(a, tag))) (by[c] ??= []).push(...docs);
  for (const [c, docs] of Object.entries(by)) await db.collection(c).insertMany(docs, { ordered: false });
  return Object.values(by).reduce((n, d) => n + d.length, 0);
}

// ---- phases (each in its own process) ----

async function seedPhase(dbName, dueFile) {
  const { app, connection } = await boot(dbName);
  const db = connection.db;
  const t = Date.now();
  let related = 0;
  const due = [];
  for (let i = 0; i < ACCOUNTS; i += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, ACCOUNTS - i) }, (_, k) => accountAt(i + k, ''));
    await db.collection('accounts').insertMany(chunk, { ordered: false });
    related += await seedRelated(db, chunk, '');
    for (const a of chunk) if (a.status === 'terminated') due.push(a);
  }
  await db.collection('purge_schedule').insertMany(
    due.map((a) => ({
      _id: a._id.toHexString(),
      subjectId: a.subjectId,
      dueAt: a.purgeAfter,
      remindAt: new Date(a.purgeAfter.getTime() - 3 * DAY),
      reminded: true,
    })),
    { ordered: false },
  );
  fs.writeFileSync(dueFile, JSON.stringify(due.map((a) => ({ ...a, _id: a._id.toHexString() }))));
  await app.close();
  return { accounts: ACCOUNTS, relatedDocuments: related, seconds: (Date.now() - t) / 1000 };
}

async function purgePhase(dbName) {
  const { app } = await boot(dbName);
  const { RetentionService } = require('../dist/modules/retention/retention.service');
  const { ResidueSweepService } = require('../dist/modules/erasure/residue-sweep.service');
  const retention = app.get(RetentionService);
  global.gc?.();
  const rssBeforeMb = process.memoryUsage().rss / 1048576;
  const rss = rssSampler();
  const retained = retainedSampler();
  let t = Date.now();
  const found = await retention.due(NOW);
  const batches = [];
  for (let i = 0; i < found.length; i += ERASE_BATCH) batches.push(found.slice(i, i + ERASE_BATCH).map((e) => e.accountId));
  let next = 0;
  let erased = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const tally = await retention.purgeBatch(batches[next++], NOW);
        erased += tally.erased;
      }
    }),
  );
  if (erased !== found.length) throw new Error(`purged ${erased} of ${found.length} due accounts`);
  const purgeSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  const v = await app.get(ResidueSweepService).sweep();
  const verifySeconds = (Date.now() - t) / 1000;
  const peakRssMb = rss.stop();
  const peakRetainedHeapMb = retained.stop();
  await app.close();
  return {
    accounts: found.length,
    seconds: purgeSeconds,
    accountsPerSecond: found.length / purgeSeconds,
    verification: {
      seconds: verifySeconds,
      verified: v.verified,
      residue: v.residue,
      people: v.people,
      lookups: v.lookups,
      documentsRead: v.documentsRead,
      documentsReadPerPerson: v.documentsRead / Math.max(1, v.people),
      indexedLookups: v.indexed,
      documentsScanned: v.documentsScanned,
      documentsScannedPerPerson: v.documentsScanned / Math.max(1, v.people),
      lookupsPerPerson: v.lookups / Math.max(1, v.people),
      collections: v.queries.length,
    },
    rssBeforeMb,
    peakRssMb,
    peakRetainedHeapMb,
  };
}

async function auditPhase(dbName) {
  const { app } = await boot(dbName);
  const { ResidueAuditService } = require('../dist/modules/erasure/residue-audit.service');
  global.gc?.();
  const rss = rssSampler();
  const t = Date.now();
  const r = await app.get(ResidueAuditService).run({ pauseMs: 0 });
  const seconds = (Date.now() - t) / 1000;
  const peakRssMb = rss.stop();
  await app.close();
  return { seconds, scanned: r.scanned, hashes: r.hashes, hits: r.hits.length, documentsPerSecond: r.scanned / seconds, peakRssMb };
}

async function floorPhase(dbName, dueFile, concurrency, mode = 'delete') {
  const { app, connection } = await boot(dbName);
  const db = connection.db;
  const due = JSON.parse(fs.readFileSync(dueFile, 'utf8')).map((a) => ({
    ...a,
    _id: new ObjectId(a._id),
    createdAt: NOW,
    updatedAt: NOW,
    terminatedAt: new Date(a.terminatedAt),
    purgeAfter: new Date(a.purgeAfter),
  }));
  await db.collection('accounts').insertMany(due, { ordered: false });
  await seedRelated(db, due, `-floor${concurrency}`);
  const chunks = [];
  for (let i = 0; i < due.length; i += ERASE_BATCH) chunks.push(due.slice(i, i + ERASE_BATCH));
  const started = Date.now();
  let k = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (k < chunks.length) {
        const chunk = chunks[k++];
        const hex = chunk.map((a) => a._id.toHexString());
        if (mode === 'take') {
          // What a handler does to report per-person counts and the identifiers it found: read the
          // matches (projected), then delete exactly those by _id
          for (const c of RELATED) {
            const found = await db.collection(c).find({ accountId: { $in: hex } }, { projection: { _id: 1, accountId: 1 } }).toArray();
            await db.collection(c).deleteMany({ _id: { $in: found.map((d) => d._id) } });
          }
          const accounts = await db.collection('accounts').find({ _id: { $in: chunk.map((a) => a._id) } }, { projection: { _id: 1, email: 1 } }).toArray();
          await db.collection('accounts').deleteMany({ _id: { $in: accounts.map((a) => a._id) } });
        } else {
          for (const c of RELATED) await db.collection(c).deleteMany({ accountId: { $in: hex } });
          await db.collection('accounts').deleteMany({ _id: { $in: chunk.map((a) => a._id) } });
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await app.close();
  return { seconds, concurrency, mode };
}

async function scanPhase() {
  const scanDb = `bench_scan_${randomBytes(3).toString('hex')}`;
  const scan = await boot(scanDb);
  let t = Date.now();
  for (let i = 0; i < SCAN_ACCOUNTS; i += CHUNK) {
    await scan.connection.db.collection('accounts').insertMany(
      Array.from({ length: Math.min(CHUNK, SCAN_ACCOUNTS - i) }, (_, k) => ({
        subjectId: `sub_s${i + k}_${randomBytes(6).toString('hex')}`,
        email: `s${i + k}@example.com`,
        emailVerified: true,
        status: 'active',
        roles: ['customer'],
        locale: 'en',
        version: 0,
        createdAt: NOW,
        updatedAt: NOW,
      })),
      { ordered: false },
    );
  }
  const seeded = (Date.now() - t) / 1000;
  const { RetentionService } = require('../dist/modules/retention/retention.service');
  const r = scan.app.get(RetentionService);
  await r.scanAt(NOW);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const s = process.hrtime.bigint();
    await r.scanAt(NOW);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  times.sort((a, b) => a - b);
  await scan.connection.dropDatabase();
  await scan.app.close();
  return { accounts: SCAN_ACCOUNTS, seedSeconds: seeded, medianMs: times[2], maxMs: times[4] };
}

async function dropPhase(dbName) {
  const { app, connection } = await boot(dbName);
  await connection.dropDatabase();
  await app.close();
  return {};
}

const PHASES = { seed: seedPhase, purge: purgePhase, audit: auditPhase, floor: floorPhase, scan: scanPhase, drop: dropPhase };

/** Runs a phase in a child process of its own; its last stdout line is the JSON result. */
function inChild(phase, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', __filename, '--phase', phase, ...args, ...process.argv.slice(2)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0) return reject(new Error(`bench phase ${phase} exited with ${code}`));
      resolve(JSON.parse(line));
    });
  });
}

async function main() {
  const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
  const results = {
    at: new Date().toISOString(),
    sizes: { accounts: ACCOUNTS, due: DUE, scanAccounts: SCAN_ACCOUNTS, concurrency: CONCURRENCY, batch: ERASE_BATCH },
    database: process.env.BENCH_MONGODB_KIND || (process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB (scripts/services.js)'),
    machine: { cpus: os.cpus().length, loadAverageAtStart: load() },
  };
  const dbName = `bench_purge_${randomBytes(3).toString('hex')}`;
  const dueFile = path.join(os.tmpdir(), `${dbName}-due.json`);
  const common = ['--db', dbName, '--due-file', dueFile, '--now', NOW.toISOString()];
  const out = path.join(__dirname, 'results', `purge-${ACCOUNTS}-${results.at.replace(/[:.]/g, '-')}.json`);
  // Written after every phase, so a run stopped half-way keeps what it measured.
  const save = () => {
    results.machine.loadAverageNow = load();
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2));
  };
  try {
    results.seed = await inChild('seed', common);
    save();
    console.log(
      `seeded ${ACCOUNTS} accounts and ${results.seed.relatedDocuments} related documents in ${results.seed.seconds.toFixed(1)} s (a process of its own)`,
    );
    results.purge = await inChild('purge', common);
    save();
    const p = results.purge;
    const v = p.verification;
    console.log(`purge: ${p.accounts} accounts in ${p.seconds.toFixed(1)} s = ${p.accountsPerSecond.toFixed(1)} accounts/s`);
    console.log(
      `verification: ${v.seconds.toFixed(1)} s, ${v.verified} verified, ${v.residue} residue; ${v.lookups} indexed lookups over ${v.collections} collections; ${v.documentsRead} documents read = ${v.documentsReadPerPerson.toFixed(2)} per erased person`,
    );
    console.log(
      v.indexedLookups
        ? 'lookups on indexes: nothing read besides the matches'
        : `FerretDB uses no index: the lookups were one projected pass over the ${v.collections} declared collections, ${v.documentsScanned} documents (${v.documentsScannedPerPerson.toFixed(1)} per erased person)`,
    );
    console.log(`peak RSS of the purge process: ${p.peakRssMb.toFixed(0)} MB (${p.rssBeforeMb.toFixed(0)} MB after boot)`);
    if (p.peakRetainedHeapMb !== undefined) console.log(`most heap kept alive (after a full collection each second): ${p.peakRetainedHeapMb.toFixed(0)} MB`);
    if (!has('no-audit')) {
      results.audit = await inChild('audit', common);
      save();
      const a = results.audit;
      console.log(
        `full residue audit: ${a.scanned} documents in ${a.seconds.toFixed(1)} s (${a.documentsPerSecond.toFixed(0)}/s, no pause) against ${a.hashes} keyed hashes, ${a.hits} hits; peak RSS ${a.peakRssMb.toFixed(0)} MB`,
      );
    }
    if (!has('no-floor')) {
      const floor = await inChild('floor', [...common, '--floor-concurrency', '1']);
      results.floor = { seconds: floor.seconds, ratio: p.seconds / floor.seconds, ratioWithVerification: (p.seconds + v.seconds) / floor.seconds };
      console.log(
        `floor (raw batched deleteMany of the same documents, one batch after another): ${floor.seconds.toFixed(1)} s; purge / floor = ${results.floor.ratio.toFixed(2)}; with verification ${results.floor.ratioWithVerification.toFixed(2)} (target <= 1.5)`,
      );
    }
    if (results.floor && has('take-floor')) {
      const tf = await inChild('floor', [...common, '--floor-concurrency', '1', '--floor-mode', 'take']);
      results.floor.takeSeconds = tf.seconds;
      results.floor.ratioToTakeFloor = p.seconds / tf.seconds;
      results.floor.ratioWithVerificationToTakeFloor = (p.seconds + v.seconds) / tf.seconds;
      console.log(
        `read-then-delete floor (each collection read, projected, then its matches deleted by _id, as a handler reporting per-person counts must): ${tf.seconds.toFixed(1)} s = ${(tf.seconds / results.floor.seconds).toFixed(2)} x the floor; purge / it = ${results.floor.ratioToTakeFloor.toFixed(2)}; with verification ${results.floor.ratioWithVerificationToTakeFloor.toFixed(2)}`,
      );
    }
    if (results.floor && has('concurrent-floor')) {
      const cf = await inChild('floor', [...common, '--floor-concurrency', String(CONCURRENCY)]);
      results.floor.concurrentSeconds = cf.seconds;
      results.floor.ratioToConcurrentFloor = p.seconds / cf.seconds;
      console.log(
        `floor with ${CONCURRENCY} batches at a time: ${cf.seconds.toFixed(1)} s; purge / that floor = ${results.floor.ratioToConcurrentFloor.toFixed(2)}`,
      );
    }
    if (SCAN_ACCOUNTS > 0) {
      results.emptyScan = await inChild('scan', common);
      console.log(`empty retention scan among ${SCAN_ACCOUNTS} accounts: median ${results.emptyScan.medianMs.toFixed(1)} ms (target < 100 ms)`);
    }
  } finally {
    await inChild('drop', common).catch(() => undefined);
    fs.rmSync(dueFile, { force: true });
  }
  results.machine.loadAverageAtEnd = load();
  save();
  console.log(
    `load average ${results.machine.loadAverageAtStart.join(' ')} at the start, ${results.machine.loadAverageAtEnd.join(' ')} at the end (${results.machine.cpus} cores, shared)`,
  );
  console.log(`report: ${path.relative(process.cwd(), out)}`);
}

const phase = flag('phase', '');
const run = phase
  ? async () => {
      const fn = PHASES[phase];
      const dbName = flag('db', '');
      const r =
        phase === 'floor'
          ? await fn(dbName, flag('due-file', ''), flag('floor-concurrency', 1), flag('floor-mode', 'delete'))
          : await fn(dbName, flag('due-file', ''));
      process.stdout.write(`\n${JSON.stringify(r)}\n`);
    }
  : main;

run().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
