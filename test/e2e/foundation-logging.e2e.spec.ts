import { spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { buildDist, killAndWait, ROOT, waitUntil } from '../support/processes';
import { freePort } from '../support/ports';
import { envFor } from '../support/spawn';
import { testConfig } from '../support/test-config';

/**
 * Runs dist/main.js with the test config and `env`, waits for it to answer, runs `use` against it, stops
 * it, and returns everything it printed (stdout and stderr).
 */
async function withApiProcess(env: Record<string, string>, use: (url: string, output: () => string) => Promise<void>): Promise<string> {
  buildDist();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: envFor(testConfig(), { PORT: String(port), PUBLIC_BASE_URL: url, ...env }),
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    await waitUntil(
      async () =>
        (
          await request(url)
            .get('/health/live')
            .catch(() => ({ status: 0 }))
        ).status === 200,
      'API up',
    );
    await use(url, () => out);
  } finally {
    await killAndWait(child);
  }
  return out;
}

describe('Log output of the API process', () => {
  it('never contains a user’s email address, phone number or token, even at debug level', async () => {
    const out = await withApiProcess({ LOG_LEVEL: 'debug' }, async (url, output) => {
      const email = 'kari.nordmann@example.no';
      const phone = '+47 912 34 567';
      await request(url).get(`/api/unknown?email=${encodeURIComponent(email)}&phone=${encodeURIComponent(phone)}`);
      await request(url).get(`/auth/google/callback?code=secretcode123&state=abc&email=${email}`);
      await request(url).post('/api/anything').set('Origin', url).set('Content-Type', 'application/json').send(`{"email":"${email}",`);
      await request(url).put('/api/admin/accounts/sub_abcdefghijklmn/roles/agent').set('Origin', 'https://evil.example').send({ email, phone });
      await request(url)
        .get(`/${encodeURIComponent(email)}`)
        .set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl');
      // the last request's line (its path redacted) is out before the output is read
      await waitUntil(async () => output().includes('"path":"/[email]"'), 'the last request logged');
    });
    expect(out).toContain('"statusCode":404'); // requests were logged
    // the malformed JSON, refused by the body parser before routing, is logged by path and status too
    expect(out.split('\n').some((l) => l.includes('"path":"/api/anything"') && l.includes('"statusCode":400'))).toBe(true);
    expect(out).not.toMatch(/kari|nordmann|example\.no/i);
    expect(out).not.toMatch(/912 ?34 ?567/);
    expect(out).not.toContain('secretcode123');
    expect(out).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  it('logs a request the client rate limit refuses, by path and status only', async () => {
    const out = await withApiProcess({ LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '2' }, async (url, output) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await request(url).get(`/api/limited/${encodeURIComponent('kari.nordmann@example.no')}`)).status);
      expect(statuses).toEqual([404, 404, 429]);
      await waitUntil(async () => output().includes('"statusCode":429'), 'the refused request logged');
    });
    const refused = out.split('\n').find((l) => l.includes('"statusCode":429'))!;
    expect(JSON.parse(refused)).toMatchObject({ msg: 'request completed', req: { method: 'GET', path: '/api/limited/[email]' }, res: { statusCode: 429 } });
    expect(out).not.toMatch(/kari|nordmann|example\.no/i);
  });

  it('is readable in development (pino-pretty: LOG_PRETTY=true or a terminal), redacted the same; JSON in production', async () => {
    const run = (extra: Record<string, string>) =>
      withApiProcess({ LOG_LEVEL: 'info', ...extra }, async (url, output) => {
        await request(url).get(`/api/unknown/${encodeURIComponent('kari.nordmann@example.no')}?phone=%2B4791234567`);
        await waitUntil(async () => /\/api\/unknown/.test(output()) && /404/.test(output()), 'the request logged');
      });
    const pretty = await run({ NODE_ENV: 'development', LOG_PRETTY: 'true' });
    const line = pretty.split('\n').find((l) => l.includes('/api/unknown'))!;
    expect(line).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] (INFO|WARN)/);
    expect(() => JSON.parse(line)).toThrow();
    expect(pretty).not.toMatch(/kari|nordmann|example\.no|91234567/i);
    const json = await run({ NODE_ENV: 'production', ALLOW_INSECURE_COOKIES: 'true', SESSION_SECRET: 'p'.repeat(40), HASH_SECRET: 'q'.repeat(40) });
    const jsonLine = json.split('\n').find((l) => l.includes('/api/unknown'))!;
    expect(JSON.parse(jsonLine)).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 404 } });
    expect(json).not.toMatch(/kari|nordmann|example\.no|91234567/i);
  });
});
