'use strict';
// What `npm test` needs from the machine, checked before anything starts, so that a missing tool gives
// one message naming what to install or which variable points at an existing one (never a wall of
// failing tests). The browser tests' Chromium rule is the same as test/support/chromium.ts.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { tcpAnswers } = require('./services');

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function goAvailable() {
  if (which('go')) return true;
  return ['/usr/local/go/bin/go', path.join(os.homedir(), 'go', 'bin', 'go'), '/usr/lib/go/bin/go'].some((p) => fs.existsSync(p));
}

function ferretBuilt() {
  const version = process.env.FERRETDB_VERSION || 'v1.24.2';
  const cache = process.env.RIGHTSDESK_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'rightsdesk');
  return fs.existsSync(path.join(cache, `ferretdb-${version}`, 'ferretdb'));
}

/** Whether the jest arguments select the browser tests (no file pattern: the whole suite does). */
function selectsBrowserTests(args) {
  const patterns = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^-(t|-testNamePattern)$/.test(args[i - 1])));
  return patterns.length === 0 || patterns.some((p) => /browser/.test(p));
}

/** Whether the jest arguments select the mailbox tests, which start a Dovecot IMAP server (no pattern: the whole suite does). */
function selectsMailboxTests(args) {
  const patterns = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^-(t|-testNamePattern)$/.test(args[i - 1])));
  return patterns.length === 0 || patterns.some((p) => /mailbox/.test(p));
}

const MACHINE = {
  env: process.env,
  which,
  exists: (p) => fs.existsSync(p),
  goAvailable,
  ferretBuilt,
  redisAnswers: () => tcpAnswers('127.0.0.1', 6379, 'PING\r\n', 'PONG'),
};

/**
 * @param {{ jestArgs?: string[], machine?: Partial<typeof MACHINE> }} opts machine: what to look at (tests replace parts)
 * @returns {Promise<string[]>} one line per missing thing, empty when all is there
 */
async function preflight({ jestArgs = [], machine = {} } = {}) {
  const m = { ...MACHINE, ...machine };
  const env = m.env;
  const problems = [];
  if (!env.MONGODB_URI && !m.which('mongod') && !m.ferretBuilt() && !m.goAvailable()) {
    problems.push(
      'a MongoDB-compatible server: install Go (https://go.dev/dl; FerretDB is then built once, about 2 minutes), or set MONGODB_URI to a MongoDB server (e.g. `docker compose up -d mongo` and MONGODB_URI=mongodb://127.0.0.1:27017/rightsdesk)',
    );
  }
  if (!env.REDIS_URL && !m.which('redis-server') && !(await m.redisAnswers())) {
    problems.push('Redis: install redis-server (apt-get install redis-server), or set REDIS_URL to a Redis server (e.g. redis://127.0.0.1:6379/0)');
  }
  if (selectsMailboxTests(jestArgs) && !m.which('dovecot')) {
    problems.push('Dovecot (for the mailbox tests, a real IMAP server on loopback): install it (apt-get install dovecot-imapd)');
  }
  if (selectsBrowserTests(jestArgs)) {
    if (env.CHROMIUM_PATH && !m.exists(env.CHROMIUM_PATH)) {
      problems.push(`Chromium: CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist; point it at a Chromium or Chrome binary`);
    } else if (!env.CHROMIUM_PATH && !CHROMIUM_CANDIDATES.some((p) => m.exists(p))) {
      problems.push(
        `Chromium (for test/browser): install it (apt-get install chromium; it lands in ${CHROMIUM_CANDIDATES.join(' or ')}), or set CHROMIUM_PATH to an existing Chromium or Chrome binary`,
      );
    }
  }
  return problems;
}

module.exports = { preflight, selectsBrowserTests, selectsMailboxTests, CHROMIUM_CANDIDATES };
