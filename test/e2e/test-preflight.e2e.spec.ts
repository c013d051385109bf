import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../support/processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { preflight } = require('../../scripts/preflight') as {
  preflight(opts: { jestArgs?: string[]; machine?: Record<string, unknown> }): Promise<string[]>;
};

/** A bare machine: no tools, nothing listening, no variables. */
const bare = { env: {}, which: () => null, exists: () => false, goAvailable: () => false, ferretBuilt: () => false, redisAnswers: async () => false };

/** Only Dovecot (the mailbox tests' IMAP server) is on PATH */
const dovecotOnly = (cmd: string) => (cmd === 'dovecot' ? '/usr/sbin/dovecot' : null);

describe('npm test on a machine that lacks what it needs', () => {
  it('names every missing tool once, with what to install or which variable to set', async () => {
    const problems = await preflight({ machine: bare });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/install Go .* or set MONGODB_URI/);
    expect(problems[1]).toMatch(/install redis-server .* or set REDIS_URL/);
    expect(problems[2]).toMatch(/Dovecot .*apt-get install dovecot-imapd/);
    expect(problems[3]).toMatch(
      /install it \(apt-get install chromium; it lands in \/usr\/bin\/chromium or \/usr\/bin\/chromium-browser\), or set CHROMIUM_PATH/,
    );
  });

  it('is content with the variables that point at existing services, and with Chromium where Debian or Ubuntu put it', async () => {
    expect(
      await preflight({
        machine: {
          ...bare,
          env: { MONGODB_URI: 'mongodb://db/x', REDIS_URL: 'redis://r:6379/0' },
          which: dovecotOnly,
          exists: (p: string) => p === '/usr/bin/chromium-browser',
        },
      }),
    ).toEqual([]);
    expect(
      await preflight({
        machine: {
          ...bare,
          env: { MONGODB_URI: 'mongodb://db/x', REDIS_URL: 'redis://r:6379/0', CHROMIUM_PATH: '/opt/chrome/chrome' },
          which: dovecotOnly,
          exists: (p: string) => p === '/opt/chrome/chrome',
        },
      }),
    ).toEqual([]);
    // a built FerretDB, or Go to build it, or a mongod on PATH, each do for the database
    expect(await preflight({ jestArgs: ['test/e2e/x.e2e.spec.ts'], machine: { ...bare, ferretBuilt: () => true, redisAnswers: async () => true } })).toEqual(
      [],
    );
  });

  it('asks for Dovecot only when the chosen tests include the mailbox tests', async () => {
    const services = { ...bare, env: { MONGODB_URI: 'mongodb://db/x', REDIS_URL: 'redis://r:6379/0' } };
    expect(await preflight({ jestArgs: ['test/e2e/mailbox.e2e.spec.ts'], machine: services })).toEqual([
      expect.stringMatching(/Dovecot .*apt-get install dovecot-imapd/),
    ]);
    expect(await preflight({ jestArgs: ['test/e2e/mailbox.e2e.spec.ts'], machine: { ...services, which: dovecotOnly } })).toEqual([]);
  });

  it('does not ask for Chromium when the chosen tests are not browser tests', async () => {
    expect(
      await preflight({
        jestArgs: ['test/e2e/cli.e2e.spec.ts', '-t', 'browser'],
        machine: { ...bare, env: { MONGODB_URI: 'mongodb://db/x', REDIS_URL: 'redis://r:6379/0' } },
      }),
    ).toEqual([]);
  });

  it('stops at once, before starting any service, with one message', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'test.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('npm test cannot run on this machine yet. Missing:');
    expect(stderr).toContain('CHROMIUM_PATH=/nonexistent/chromium does not exist');
    expect(stderr).not.toContain('[services]');
  });
});
