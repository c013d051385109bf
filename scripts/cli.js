#!/usr/bin/env node
'use strict';
// `npm run cli -- <command>`: runs the compiled CLI (building it first when dist/ is missing or stale).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const ROOT = path.resolve(__dirname, '..');
const entry = path.join(ROOT, 'dist', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (!fs.existsSync(entry) || fs.statSync(entry).mtimeMs < newestSource(path.join(ROOT, 'src'))) {
  const b = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) process.exit(1);
}
// Without MONGODB_URI (and outside production), use the database of a running `npm run dev`.
const env = { ...process.env };
if (!env.MONGODB_URI && env.NODE_ENV !== 'production') {
  const cache = env.RIGHTSDESK_CACHE || path.join(env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache'), 'rightsdesk');
  try {
    const handoff = JSON.parse(fs.readFileSync(path.join(cache, 'dev-env.json'), 'utf8'));
    process.kill(handoff.pid, 0); // still running?
    for (const [k, v] of Object.entries(handoff.env)) if (env[k] === undefined) env[k] = v;
    process.stderr.write(`[cli] using the database of the running \`npm run dev\` (pid ${handoff.pid})\n`);
  } catch {
    /* no dev run: the environment (or .env) decides */
  }
}
const r = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
