/**
 * A real Dovecot IMAP server on a free loopback port, from a configuration of our own in a temporary
 * folder (its own base_dir, so several can run at once), for the mailbox reader's tests.
 *
 *   const imap = await ImapServer.start();
 *   await imap.append(rawMessage);          // into INBOX
 *   ... SUPPORT_IMAP_URL: imap.url ...
 *   await imap.stop();
 *
 * Plain IMAP (ssl = no) on 127.0.0.1 only; one user with a static password; mail owned by the `dovecot`
 * system user, kept as a maildir in the temporary folder. Needs `dovecot` on PATH (apt-get install
 * dovecot-imapd; `.ci/run` installs it) and root or the dovecot user's rights to switch to it.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './ports';
import { killAndWait, waitUntil } from './processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script of ours
const { tcpAnswers } = require('../../scripts/services') as { tcpAnswers: (h: string, p: number, payload?: string, expect?: string) => Promise<boolean> };

export const IMAP_TEST_USER = 'support';
export const IMAP_TEST_PASSWORD = 'imap-test-password';

function dovecotBinary(): string {
  const r = spawnSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' });
  const bin = r.stdout.trim();
  if (!bin) throw new Error('dovecot is not installed: apt-get install dovecot-imapd (.ci/run installs it)');
  return bin;
}

function configFor(dir: string, port: number): string {
  return `# RightsDesk test Dovecot (generated)
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
first_valid_gid = 1
mail_uid = dovecot
mail_gid = dovecot
mail_location = maildir:${dir}/mail/%u
mail_max_userip_connections = 100
imap_idle_notify_interval = 1 secs
passdb {
  driver = static
  args = password=${IMAP_TEST_PASSWORD}
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
namespace inbox {
  inbox = yes
  separator = /
}
`;
}

export class ImapServer {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private proc: ChildProcess,
  ) {}

  /** imap://host:port/INBOX (credentials separate, as SUPPORT_IMAP_USER / SUPPORT_IMAP_PASSWORD) */
  get url(): string {
    return `imap://127.0.0.1:${this.port}/INBOX`;
  }

  /** The variables that point the worker at this mailbox */
  get env(): Record<string, string> {
    return { SUPPORT_IMAP_URL: this.url, SUPPORT_IMAP_USER: IMAP_TEST_USER, SUPPORT_IMAP_PASSWORD: IMAP_TEST_PASSWORD };
  }

  static async start(): Promise<ImapServer> {
    const bin = dovecotBinary();
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rightsdesk-test-imap-'));
    fs.chmodSync(dir, 0o755);
    for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { mode: 0o755 });
    const owner = spawnSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).stdout.trim();
    const group = spawnSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).stdout.trim();
    if (owner && group) fs.chownSync(path.join(dir, 'mail'), Number(owner), Number(group));
    const file = path.join(dir, 'dovecot.conf');
    fs.writeFileSync(file, configFor(dir, port));
    const proc = spawn(bin, ['-F', '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d) => (stderr += d));
    const server = new ImapServer(port, dir, proc);
    try {
      await waitUntil(async () => {
        if (proc.exitCode !== null) throw new Error(`dovecot exited (${proc.exitCode}): ${stderr}${server.log()}`);
        return tcpAnswers('127.0.0.1', port, '', '* OK');
      }, 'Dovecot');
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** A client logged in as the test user (logout when done). */
  async client(): Promise<ImapFlow> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: IMAP_TEST_USER, pass: IMAP_TEST_PASSWORD },
      logger: false,
    });
    await client.connect();
    return client;
  }

  /** APPENDs raw messages (RFC 5322 text) into a mailbox (INBOX by default); returns their UIDs. */
  async append(raw: string | Buffer | (string | Buffer)[], mailbox = 'INBOX'): Promise<number[]> {
    const client = await this.client();
    try {
      const uids: number[] = [];
      for (const message of Array.isArray(raw) ? raw : [raw]) {
        const res = await client.append(mailbox, message);
        if (res && typeof res === 'object' && res.uid) uids.push(res.uid);
      }
      return uids;
    } finally {
      await client.logout().catch(() => undefined);
    }
  }

  /** How many messages a mailbox holds (0 when it does not exist). */
  async count(mailbox = 'INBOX'): Promise<number> {
    const client = await this.client();
    try {
      const status = await client.status(mailbox, { messages: true });
      return status ? (status.messages ?? 0) : 0;
    } catch {
      return 0;
    } finally {
      await client.logout().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    await killAndWait(this.proc);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One RFC 5322 message, CRLF line ends; headers as given (From, To, Subject, Message-ID are filled when absent). */
export function rawEmail(opts: { from: string; to?: string; subject: string; text: string; headers?: Record<string, string>; messageId?: string }): string {
  const headers: Record<string, string> = {
    From: opts.from,
    To: opts.to ?? 'support@rightsdesk.test',
    Subject: opts.subject,
    Date: new Date().toUTCString(),
    'Message-ID': opts.messageId ?? `<${Math.random().toString(36).slice(2)}.${Date.now()}@sender.test>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...opts.headers,
  };
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${opts.text.replace(/\r?\n/g, '\r\n')}\r\n`;
}
