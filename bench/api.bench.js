'use strict';
/**
 * Request-path benchmark (issue 13): a signed-in customer's GET and PATCH /api/profile against a bare
 * route of the same app (GET /health/live: no session, no database, no guard that does any work).
 *
 * 1. Starts the built API (`node dist/main.js`, what `npm start` runs) as its own process, NODE_ENV
 *    production, on the services `npm run bench` brought up.
 * 2. In this (second) process: creates one customer per connection, each with a session stored the way
 *    sign-in stores one (through the application's own services), then drives the API with autocannon over loopback:
 *    --connections (16) for --duration seconds (10) per route, after a short warm-up.
 *    GET /api/me (signed in, no database read: session and cached account from Redis) shows what the
 *    auth path costs apart from the profile read.
 * 3. Measures GET /api/profile again at 70% of its own maximum rate, for p99 under a steady load.
 * Prints requests/s, p50/p99 and the ratios to the bare route; writes bench/results/api-<time>.json.
 */
require('reflect-metadata');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const { sign } = require('cookie-signature');

const ROOT = path.resolve(__dirname, '..');
function flag(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const CONNECTIONS = flag('connections', 16);
const DURATION = flag('duration', 10);
const WARMUP = flag('warmup', 3);

function uriFor(db) {
  const u = new URL(process.env.BENCH_MONGODB_URI);
  u.pathname = `/${db}`;
  return u.toString();
}

async function freePort() {
  const net = require('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url, ms = 60000) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    try {
      const r = await fetch(`${url}/health/ready`);
      if (r.status === 200) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('API not ready');
}

function run(opts) {
  return new Promise((resolve, reject) => {
    const inst = autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
    autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

function summary(res) {
  const bad = res.non2xx + res.errors + res.timeouts;
  return { rps: Math.round(res.requests.average), p50: res.latency.p50, p99: res.latency.p99, requests: res.requests.total, non2xx: res.non2xx, errors: res.errors + res.timeouts, ok: bad === 0 };
}

(async () => {
  const db = `bench_api_${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    ALLOW_INSECURE_COOKIES: 'true',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    MONGODB_URI: uriFor(db),
    REDIS_URL: process.env.BENCH_REDIS_URL,
    QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123',
    HASH_SECRET: 'bench-hash-secret-0123456789abcdef012345678',
    LOG_LEVEL: 'error',
    SMTP_URL: 'smtp://127.0.0.1:1',
    RATE_LIMIT_PER_MINUTE: '100000000',
  };
  const api = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  let ctx;
  try {
    await waitReady(url);
    // The customer and their session, written the way sign-in writes them.
    const { NestFactory } = require('@nestjs/core');
    const { AppModule } = require('../dist/app.module');
    const { loadConfig } = require('../dist/config/app-config');
    const config = loadConfig(env);
    ctx = await NestFactory.createApplicationContext(AppModule.forRoot({ role: 'cli', config }), { logger: false });
    const { AccountsService } = require('../dist/modules/accounts/accounts.service');
    const { AccountSessionStore } = require('../dist/core/http/session-store');
    const { sessionCookieName } = require('../dist/core/http/configure-http');
    // One customer per connection: each connection is one person's browser (a person does not edit
    // their profile from 16 tabs at once).
    const cookies = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const account = await ctx.get(AccountsService).create({ email: `bench-${i}-${randomBytes(3).toString('hex')}@example.test`, emailVerified: true });
      const sid = randomBytes(24).toString('base64url');
      const maxAge = config.sessions.absoluteLifetimeS * 1000;
      await ctx.get(AccountSessionStore).set(sid, { cookie: { originalMaxAge: maxAge, expires: new Date(Date.now() + maxAge), httpOnly: true, path: '/', sameSite: 'lax' }, accountId: account.id, authAt: Date.now() });
      cookies.push(`${sessionCookieName(config)}=${encodeURIComponent(`s:${sign(sid, config.sessionSecret)}`)}`);
    }
    const headers = { cookie: cookies[0], origin: url, 'content-type': 'application/json' };
    const check = await fetch(`${url}/api/profile`, { headers });
    if (check.status !== 200) throw new Error(`GET /api/profile as the customer answered ${check.status}`);
    let client = 0;
    const perCustomer = (c) => c.setHeaders({ ...headers, cookie: cookies[client++ % cookies.length] });

    let n = 0;
    const routes = {
      bare: { url: `${url}/health/live` },
      // signed in, no database: the session and the cached account from Redis (what the guard costs)
      me: { url: `${url}/api/me`, headers, setupClient: perCustomer },
      getProfile: { url: `${url}/api/profile`, headers, setupClient: perCustomer },
      patchProfile: {
        url: `${url}/api/profile`,
        setupClient: perCustomer,
        requests: [{ method: 'PATCH', setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Bench Person ${n++ % 1000}` }) }) }],
      },
    };
    const results = {};
    const loadBefore = Math.round(require('node:os').loadavg()[0] * 10) / 10;
    for (const [name, opts] of Object.entries(routes)) {
      await run({ ...opts, duration: WARMUP });
      results[name] = summary(await run(opts));
      process.stderr.write(`[bench api] ${name}: ${JSON.stringify(results[name])}\n`);
    }
    const steadyRate = Math.max(1, Math.floor(results.getProfile.rps * 0.7));
    results.getProfileAt70 = { ...summary(await run({ ...routes.getProfile, overallRate: steadyRate })), rate: steadyRate };
    const ratio = (a) => Math.round((results[a].rps / results.bare.rps) * 100) / 100;
    const report = {
      benchmark: 'api',
      at: new Date().toISOString(),
      database: process.env.BENCH_MONGODB_KIND ?? '',
      // other work on the machine skews every figure: the 1-minute load average before and after
      loadAverage: { before: loadBefore, after: Math.round(require('node:os').loadavg()[0] * 10) / 10, cpus: require('node:os').cpus().length },
      connections: CONNECTIONS,
      durationS: DURATION,
      results,
      ratios: { meToBare: ratio('me'), getProfileToBare: ratio('getProfile'), patchProfileToBare: ratio('patchProfile') },
      targets: { getProfileToBare: '>= 0.5', p99At70PercentMs: '< 25' },
    };
    const rows = [
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'vs bare'],
      ['GET /health/live (bare)', results.bare.rps, results.bare.p50, results.bare.p99, '1.00'],
      ['GET /api/me (session, no database)', results.me.rps, results.me.p50, results.me.p99, report.ratios.meToBare.toFixed(2)],
      ['GET /api/profile', results.getProfile.rps, results.getProfile.p50, results.getProfile.p99, report.ratios.getProfileToBare.toFixed(2)],
      ['PATCH /api/profile', results.patchProfile.rps, results.patchProfile.p50, results.patchProfile.p99, report.ratios.patchProfileToBare.toFixed(2)],
      [`GET /api/profile at ${steadyRate}/s (70%)`, results.getProfileAt70.rps, results.getProfileAt70.p50, results.getProfileAt70.p99, ''],
    ];
    process.stdout.write(`\nAPI benchmark (${CONNECTIONS} connections, ${DURATION} s each; ${report.database}; load average ${report.loadAverage.before} -> ${report.loadAverage.after} on ${report.loadAverage.cpus} CPUs)\n`);
    for (const r of rows) process.stdout.write(`${String(r[0]).padEnd(36)}${String(r[1]).padStart(8)}${String(r[2]).padStart(8)}${String(r[3]).padStart(8)}${String(r[4]).padStart(9)}\n`);
    const file = path.join(ROOT, 'bench', 'results', `api-${report.at.replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(report, null, 2));
    process.stdout.write(`\nreport: ${path.relative(ROOT, file)}\n`);
    const bad = Object.entries(results).filter(([, r]) => !r.ok);
    if (bad.length) {
      process.stderr.write(`non-2xx answers or errors in: ${bad.map(([k]) => k).join(', ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (ctx) {
      const { getConnectionToken } = require('@nestjs/mongoose');
      await ctx.get(getConnectionToken()).dropDatabase().catch(() => undefined);
      await ctx.close();
    }
    api.kill('SIGTERM');
  }
})().catch((err) => {
  process.stderr.write(`api benchmark failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
