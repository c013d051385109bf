import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { TEST_HASH_SECRET, TEST_SESSION_SECRET } from './test-config';
import { ROOT } from './processes';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a compiled entry point needs to reach the same database and queue as `config`. */
export function envFor(config: AppConfig, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    MONGODB_URI: config.mongodbUri,
    REDIS_URL: config.redisUrl,
    QUEUE_PREFIX: config.queuePrefix,
    SESSION_SECRET: TEST_SESSION_SECRET,
    HASH_SECRET: TEST_HASH_SECRET,
    SMTP_URL: config.smtpUrl,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    // a process started while the suite loads both cores may need more than a few seconds to connect
    DB_RETRY_ATTEMPTS: '3',
    DB_SERVER_SELECTION_TIMEOUT_MS: '10000',
    CHECKPOINT_SIGNING_KEY: config.checkpoints.signingKey,
    CHECKPOINT_DIR: config.checkpoints.dir,
    CHECKPOINT_ORIGIN: config.checkpoints.origin,
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** Runs `node dist/<entry>` to completion (build dist first: buildDist()). */
export function runNode(entry: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', entry), ...args], { env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts `node dist/worker.js` against the same database and queue as `config`, quiet, with a short
 * queue lock so a job of a killed worker is taken over soon (the fault tests kill it with SIGKILL).
 */
export function spawnWorker(config: AppConfig, extra: Record<string, string | undefined> = {}): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'dist', 'worker.js')], {
    cwd: ROOT,
    env: envFor(config, { LOG_LEVEL: 'error', QUEUE_LOCK_MS: '2000', ...extra }),
    stdio: 'ignore',
  });
}
