import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAndWait, ROOT, waitUntil } from './processes';
import { freePorts } from './ports';

export interface DevRun {
  proc: ChildProcess;
  apiUrl: string;
  signInUrl: string;
  mailboxUrl: string;
  /** its cache folder (dev secrets, the environment it leaves for `npm run cli`) */
  cacheDir: string;
  /** everything it printed so far (stdout and stderr) */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm run dev` as a child process (node scripts/dev.js) on fresh ports, against the given database and
 * Redis; resolves once it printed the URLs of development sign-in and the mailbox and the API is ready.
 */
export async function startDev(env: Record<string, string>, timeoutMs = 90_000): Promise<DevRun> {
  // distinct ports for the API, development sign-in, SMTP and the mailbox page: with `0` for the others,
  // the OS could hand one of them the API's port before the API listens on it
  const [port, signInPort, smtpPort, mailboxPort] = await freePorts(4);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-dev-cache-'));
  let out = '';
  const proc = spawn(process.execPath, [path.join(ROOT, 'scripts', 'dev.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RIGHTSDESK_CACHE: cacheDir,
      NODE_ENV: 'development',
      PORT: String(port),
      DEV_SIGN_IN_PORT: String(signInPort),
      DEV_SMTP_PORT: String(smtpPort),
      DEV_MAILBOX_PORT: String(mailboxPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const run: DevRun = {
    proc,
    apiUrl: '',
    signInUrl: '',
    mailboxUrl: '',
    cacheDir,
    output: () => out,
    stop: async () => {
      await killAndWait(proc);
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntil(
      async () => {
        if (proc.exitCode !== null) throw new Error(`scripts/dev.js exited with ${proc.exitCode}:\n${out}`);
        const api = /API on (http:\/\/\S+) /.exec(out);
        const signIn = /development sign-in \(stands in for [^)]*\): (http:\/\/\S+)/.exec(out);
        const mailbox = /development mailbox: (http:\/\/\S+)/.exec(out);
        if (!api || !signIn || !mailbox) return false;
        Object.assign(run, { apiUrl: api[1], signInUrl: signIn[1], mailboxUrl: mailbox[1] });
        const ready = await fetch(`${api[1]}/health/ready`).catch(() => undefined);
        return ready?.status === 200;
      },
      'npm run dev',
      timeoutMs,
    );
  } catch (err) {
    await run.stop();
    throw new Error(`${(err as Error).message}\n${out}`, { cause: err });
  }
  return run;
}
