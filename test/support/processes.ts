import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { WAIT_MS, waitFor } from './wait';

const ROOT = path.resolve(__dirname, '..', '..');

/** Polls until `check` holds (the one wait of the suite: ./wait). */
function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = WAIT_MS): Promise<void> {
  return waitFor(check, what, timeoutMs, 150);
}

function killAndWait(proc: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

/** A server of our own that a test can stop and start again on the same port. */
export interface ControlledServer {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** stop and remove its files */
  dispose(): Promise<void>;
}

/** A redis-server child on a free loopback port (nothing kept on disk). */
export async function controlledRedis(): Promise<ControlledServer> {
  const port = await freePort();
  let proc: ChildProcess | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script of ours
  const { tcpAnswers } = require('../../scripts/services') as { tcpAnswers: (h: string, p: number, payload?: string, expect?: string) => Promise<boolean> };
  const server: ControlledServer = {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    async start() {
      proc = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitUntil(() => tcpAnswers('127.0.0.1', port, 'PING\r\n', 'PONG'), 'redis-server');
    },
    stop: (signal) => killAndWait(proc, signal),
    dispose: () => killAndWait(proc),
  };
  await server.start();
  return server;
}

/** A FerretDB child on SQLite in a temporary folder: data survives stop/start. */
export async function controlledFerretDb(): Promise<ControlledServer> {
  const build = spawnSync('bash', [path.join(ROOT, 'scripts', 'build-ferretdb.sh')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`FerretDB build failed: ${build.stderr}`);
  const bin = build.stdout.trim().split('\n').pop()!;
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rightsdesk-test-ferret-'));
  fs.mkdirSync(path.join(dir, 'sqlite'));
  let proc: ChildProcess | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script of ours
  const { mongoPing } = require('../../scripts/services') as { mongoPing: (uri: string, t?: number) => Promise<boolean> };
  const url = `mongodb://127.0.0.1:${port}/rightsdesk_controlled`;
  const server: ControlledServer = {
    url,
    port,
    async start() {
      proc = spawn(
        bin,
        [
          '--listen-addr',
          `127.0.0.1:${port}`,
          '--telemetry=disable',
          '--debug-addr=-',
          `--state-dir=${dir}`,
          '--handler=sqlite',
          `--sqlite-url=file:${dir}/sqlite/`,
          '--log-level=ERROR',
        ],
        { stdio: 'ignore' },
      );
      await waitUntil(() => mongoPing(url, 500), 'FerretDB');
    },
    stop: (signal) => killAndWait(proc, signal),
    async dispose() {
      await killAndWait(proc);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/**
 * Compiles dist/ for tests that spawn the entry points. Type errors do not stop it (tsc still emits;
 * `npm run build` and CI's typecheck catch them); only a missing output does.
 */
export function buildDist(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (!['main.js', 'worker.js', 'cli.js'].every((f) => fs.existsSync(path.join(ROOT, 'dist', f)))) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
}

export { ROOT, waitUntil, killAndWait };
