#!/usr/bin/env node
'use strict';
// `npm run dev`: the API and the worker together, on MONGODB_URI/REDIS_URL when set, otherwise on
// services it starts itself (scripts/services.js). Reads .env when present. Data persists between runs.
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { startServices, log, ROOT } = require('./services');

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
  log('building (tsc)...');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    await services.stop();
    process.exit(1);
  }
  const procs = [
    spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], { cwd: ROOT, env, stdio: 'inherit' }),
    spawn(process.execPath, ['--enable-source-maps', 'dist/worker.js'], { cwd: ROOT, env, stdio: 'inherit' }),
  ];
  log(`API on ${env.PUBLIC_BASE_URL} (health: ${env.PUBLIC_BASE_URL}/health/ready, docs: ${env.PUBLIC_BASE_URL}/api/docs); worker running. Ctrl-C stops all.`);
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    procs.forEach((p) => p.exitCode === null && p.kill('SIGTERM'));
    await Promise.all(procs.map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : null)));
    await services.stop();
    process.exit(code);
  };
  procs.forEach((p) => p.on('exit', (c) => shutdown(c ?? 0)));
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
})().catch((err) => {
  process.stderr.write(`npm run dev could not start: ${err.message}\n`);
  process.exit(1);
});
