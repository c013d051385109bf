'use strict';
// Brings up what RightsDesk needs to run: a MongoDB-compatible server and Redis.
// Used by `npm run dev`, `npm test`, `npm run bench` and .ci/run alike.
//
// MongoDB: MONGODB_URI if set; else a `mongod` on PATH; else FerretDB (built once from its Go module
// by scripts/build-ferretdb.sh and cached), on the local PostgreSQL when it answers, SQLite otherwise.
// Redis: REDIS_URL if set; else 127.0.0.1:6379 if it answers; else `redis-server` on a free port.
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');

function log(msg) {
  process.stderr.write(`[services] ${msg}\n`);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tcpAnswers(host, port, payload, expect, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    let buf = '';
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => {
      if (!payload) return done(true);
      sock.write(payload);
    });
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes(expect)) done(true);
    });
  });
}

async function mongoPing(uri, timeoutMs = 2000) {
  const { MongoClient } = require('mongodb');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

async function waitFor(check, what, timeoutMs, proc) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (proc && proc.exitCode !== null) throw new Error(`${what} exited with code ${proc.exitCode}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
}

function cacheDir() {
  return process.env.RIGHTSDESK_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'rightsdesk');
}

function buildFerret() {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'build-ferretdb.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) return null;
  return r.stdout.trim().split('\n').pop();
}

async function postgresAnswers() {
  if (!which('psql')) return false;
  if (!(await tcpAnswers('127.0.0.1', 5432))) return false;
  const r = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'select 1'], { encoding: 'utf8' });
  return r.status === 0;
}

function psql(sql) {
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });
}

/**
 * @param {{ name?: string, persistent?: boolean }} opts
 *   name: label of this run (dev, test, bench); persistent: keep data between runs (dev)
 * @returns {Promise<{ mongoUri: string, redisUrl: string, stop: () => Promise<void>, describe: string[] }>}
 */
async function startServices(opts = {}) {
  const name = opts.name || 'run';
  const stops = [];
  const describe = [];
  let mongoUri = process.env.MONGODB_URI;
  let redisUrl = process.env.REDIS_URL;

  const stop = async () => {
    for (const s of stops.reverse()) {
      try {
        await s();
      } catch (e) {
        log(`cleanup: ${e.message}`);
      }
    }
  };

  try {
    if (mongoUri) {
      describe.push(`MongoDB: MONGODB_URI from the environment`);
    } else if (which('mongod')) {
      const port = await freePort();
      const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), `rightsdesk-mongod-`));
      const proc = spawn('mongod', ['--bind_ip', '127.0.0.1', '--port', String(port), '--dbpath', dbPath, '--quiet'], {
        stdio: 'ignore',
      });
      stops.push(async () => {
        proc.kill('SIGTERM');
        fs.rmSync(dbPath, { recursive: true, force: true });
      });
      mongoUri = `mongodb://127.0.0.1:${port}/rightsdesk`;
      await waitFor(() => mongoPing(mongoUri), 'mongod', 60000, proc);
      describe.push(`MongoDB: mongod on 127.0.0.1:${port}`);
    } else {
      const bin = buildFerret();
      if (!bin) {
        throw new Error(
          'No MongoDB-compatible server available. Do one of: install Go (FerretDB is then built automatically), ' +
            'set MONGODB_URI to a MongoDB server, or run `docker compose up -d mongo redis` and set MONGODB_URI=mongodb://127.0.0.1:27017/rightsdesk.',
        );
      }
      const port = await freePort();
      const suffix = opts.persistent ? name : `${name}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
      const stateDir = opts.persistent
        ? path.join(cacheDir(), `ferretdb-state-${name}`)
        : fs.mkdtempSync(path.join(os.tmpdir(), `rightsdesk-ferretdb-`));
      fs.mkdirSync(stateDir, { recursive: true });
      const args = ['--listen-addr', `127.0.0.1:${port}`, '--telemetry=disable', '--debug-addr=-', `--state-dir=${stateDir}`, '--log-level=ERROR'];
      let backend;
      if (await postgresAnswers()) {
        const pgdb = `rightsdesk_${suffix}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
        if (opts.persistent) {
          try {
            psql(`CREATE DATABASE ${pgdb}`);
          } catch {
            /* exists already */
          }
        } else {
          psql(`CREATE DATABASE ${pgdb}`);
          stops.push(async () => psql(`DROP DATABASE IF EXISTS ${pgdb} WITH (FORCE)`));
        }
        args.push('--handler=postgresql', `--postgresql-url=postgres://postgres@127.0.0.1:5432/${pgdb}`);
        backend = `PostgreSQL database ${pgdb}`;
      } else {
        const sqliteDir = path.join(stateDir, 'sqlite');
        fs.mkdirSync(sqliteDir, { recursive: true });
        args.push('--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`);
        backend = `SQLite in ${sqliteDir}`;
      }
      const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let errTail = '';
      proc.stderr.on('data', (d) => {
        errTail = (errTail + d.toString()).slice(-2000);
      });
      stops.push(async () => {
        if (proc.exitCode === null) {
          proc.kill('SIGTERM');
          await new Promise((r) => {
            const t = setTimeout(() => {
              proc.kill('SIGKILL');
              r();
            }, 5000);
            proc.once('exit', () => {
              clearTimeout(t);
              r();
            });
          });
        }
        if (!opts.persistent) fs.rmSync(stateDir, { recursive: true, force: true });
      });
      mongoUri = `mongodb://127.0.0.1:${port}/rightsdesk`;
      try {
        await waitFor(() => mongoPing(mongoUri), 'FerretDB', 60000, proc);
      } catch (e) {
        throw new Error(`${e.message}\n${errTail}`);
      }
      describe.push(`MongoDB-compatible: FerretDB on 127.0.0.1:${port} (${backend})`);
    }

    if (redisUrl) {
      describe.push('Redis: REDIS_URL from the environment');
    } else if (await tcpAnswers('127.0.0.1', 6379, 'PING\r\n', 'PONG')) {
      redisUrl = 'redis://127.0.0.1:6379/0';
      describe.push('Redis: 127.0.0.1:6379');
    } else if (which('redis-server')) {
      const port = await freePort();
      const proc = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      stops.push(async () => proc.kill('SIGTERM'));
      await waitFor(() => tcpAnswers('127.0.0.1', port, 'PING\r\n', 'PONG'), 'redis-server', 20000, proc);
      redisUrl = `redis://127.0.0.1:${port}/0`;
      describe.push(`Redis: redis-server on 127.0.0.1:${port}`);
    } else {
      throw new Error('No Redis available: install redis-server (apt-get install redis-server), or set REDIS_URL.');
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { mongoUri, redisUrl, stop, describe };
}

module.exports = { startServices, freePort, mongoPing, tcpAnswers, buildFerret, log, ROOT };
