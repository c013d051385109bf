#!/usr/bin/env node
'use strict';
// `npm run dev`: the API and the worker together, on MONGODB_URI/REDIS_URL when set, otherwise on
// services it starts itself (scripts/services.js). Reads .env when present. Data persists between runs.
// Outside production it also starts, on loopback, development sign-in (scripts/dev-oidc: a real OpenID
// Provider standing in for every provider that has no client id) and, when SMTP_URL is unset, a
// development mailbox (scripts/dev-mailbox: an SMTP server with a web page listing what was sent).
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { startServices, log, ROOT } = require('./services');

const PROVIDERS = ['google', 'facebook', 'linkedin'];
const portOf = (name, fallback) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name}: must be a port number (0 picks a free one)`);
  return n;
};

function loadDotEnv() {
  const file = path.join(ROOT, '.env');
  if (!fs.existsSync(file)) return;
  const parsed = util.parseEnv(fs.readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(parsed)) if (process.env[k] === undefined) process.env[k] = v;
  log('loaded .env');
}

function devSecrets() {
  const dir = process.env.RIGHTSDESK_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'rightsdesk');
  const file = path.join(dir, 'dev-secrets.json');
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file)) {
    const s = { SESSION_SECRET: crypto.randomBytes(32).toString('hex'), HASH_SECRET: crypto.randomBytes(32).toString('hex') };
    fs.writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Where a running `npm run dev` leaves its environment for `npm run cli` (removed when it stops). */
function devEnvFile() {
  const dir = process.env.RIGHTSDESK_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'rightsdesk');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, 'dev-env.json');
}

(async () => {
  loadDotEnv();
  const services = await startServices({ name: 'dev', persistent: true });
  services.describe.forEach((d) => log(d));
  const secrets = devSecrets();
  const port = process.env.PORT || '3000';
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    MONGODB_URI: services.mongoUri,
    REDIS_URL: services.redisUrl,
    PORT: port,
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || `http://127.0.0.1:${port}`,
    SESSION_SECRET: process.env.SESSION_SECRET || secrets.SESSION_SECRET,
    HASH_SECRET: process.env.HASH_SECRET || secrets.HASH_SECRET,
  };
  const stops = [() => services.stop()];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`cleanup: ${e.message}`));
  };
  const notes = [];
  try {
    if (env.NODE_ENV !== 'production') {
      const missing = PROVIDERS.filter((p) => !env[`${p.toUpperCase()}_CLIENT_ID`]);
      if (missing.length) {
        const { startDevOidc } = require('./dev-oidc');
        const oidc = await startDevOidc({ port: portOf('DEV_SIGN_IN_PORT', 3001), redirectBase: env.PUBLIC_BASE_URL });
        stops.push(() => oidc.stop());
        Object.assign(env, oidc.envFor(missing));
        notes.push(`development sign-in (stands in for ${missing.join(', ')}): ${oidc.url}`);
      }
      if (!env.SMTP_URL) {
        const { startDevMailbox } = require('./dev-mailbox');
        const mailbox = await startDevMailbox({ smtpPort: portOf('DEV_SMTP_PORT', 1025), webPort: portOf('DEV_MAILBOX_PORT', 8025) });
        stops.push(() => mailbox.stop());
        env.SMTP_URL = mailbox.smtpUrl;
        notes.push(`development mailbox: ${mailbox.url} (SMTP_URL=${mailbox.smtpUrl})`);
      }
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  log('building (tsc)...');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    await stopAll();
    process.exit(1);
  }
  const procs = [
    spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: ROOT, env, stdio: 'inherit' }),
    spawn(process.execPath, ['--enable-source-maps', 'dist/worker.js'], { cwd: ROOT, env, stdio: 'inherit' }),
  ];
  log(`API on ${env.PUBLIC_BASE_URL} (health: ${env.PUBLIC_BASE_URL}/health/ready, docs: ${env.PUBLIC_BASE_URL}/api/docs); worker running. Ctrl-C stops all.`);
  notes.forEach((n) => log(n));
  // `npm run cli` in another terminal finds this run's database and queue (scripts/cli.js reads it).
  const handoff = devEnvFile();
  const shared = ['NODE_ENV', 'MONGODB_URI', 'REDIS_URL', 'QUEUE_PREFIX', 'SESSION_SECRET', 'HASH_SECRET', 'SMTP_URL', 'PUBLIC_BASE_URL', 'PORT', 'ADMIN_EMAILS'];
  fs.writeFileSync(handoff, JSON.stringify({ pid: process.pid, env: Object.fromEntries(shared.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])) }), { mode: 0o600 });
  stops.push(async () => fs.rmSync(handoff, { force: true }));
  log(`open ${env.PUBLIC_BASE_URL}/ and click "Sign in"; demo people: npm run cli -- demo:seed (in another terminal)`);
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    procs.forEach((p) => p.exitCode === null && p.kill('SIGTERM'));
    await Promise.all(procs.map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : null)));
    await stopAll();
    process.exit(code);
  };
  procs.forEach((p) => p.on('exit', (c) => shutdown(c ?? 0)));
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
})().catch((err) => {
  process.stderr.write(`npm run dev could not start: ${err.message}\n`);
  process.exit(1);
});
