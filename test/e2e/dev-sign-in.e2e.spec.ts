import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { browserAgent } from '../support/http';
import { freePort } from '../support/ports';
import { killAndWait, ROOT } from '../support/processes';
import { startApi, TestApi } from '../support/test-app';

/** scripts/dev-oidc as `npm run dev` starts it, in a child process (oidc-provider is an ES module). */
async function startDevOidc(redirectBase: string): Promise<{ url: string; env: Record<string, string>; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'scripts', 'dev-oidc', 'serve.js')], {
    env: { PATH: process.env.PATH, NODE_ENV: 'development', DEV_SIGN_IN_PORT: '0', DEV_SIGN_IN_REDIRECT_BASE: redirectBase },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ ...JSON.parse(out.split('\n')[0]), proc });
    });
    proc.on('exit', (code) => reject(new Error(`dev-oidc exited with ${code}: ${err}`)));
  });
}

type Person = { name: string; email: string; verified: boolean };

/** Development sign-in (scripts/dev-oidc): a real OpenID Provider standing in for each provider. */
describe('Development sign-in', () => {
  let oidc: Awaited<ReturnType<typeof startDevOidc>>;
  let api: TestApi;

  beforeAll(async () => {
    const port = await freePort();
    oidc = await startDevOidc(`http://127.0.0.1:${port}`);
    api = await startApi({ port, env: { NODE_ENV: 'development', LOG_PRETTY: 'false', ...oidc.env } });
  });
  afterAll(async () => {
    await api?.close();
    await killAndWait(oidc?.proc);
  });

  /** The browser's walk: app -> development sign-in (its own cookies) -> pick the person -> app callback. */
  async function walk(provider: string, person: Person | 'cancel', agent = browserAgent(api)) {
    const start = await agent.get(`/auth/${provider}`).expect(302);
    const jar = new Map<string, string>();
    const devFetch = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      return res;
    };
    let url = start.headers.location as string;
    let page = '';
    let pageUrl = '';
    let posted = false;
    for (let hops = 0; hops < 12; hops++) {
      if (!url.startsWith(oidc.url)) break;
      const res = await devFetch(url);
      if (res.status === 200) {
        page = await res.text();
        pageUrl = url;
        if (posted) break;
        const uid = /\/interaction\/([\w-]+)/.exec(url)![1];
        const form =
          person === 'cancel'
            ? ''
            : new URLSearchParams({ name: person.name, email: person.email, ...(person.verified ? { verified: 'yes' } : {}) }).toString();
        const post = await devFetch(`${oidc.url}/interaction/${uid}/${person === 'cancel' ? 'abort' : 'login'}`, {
          method: 'POST',
          body: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        posted = true;
        url = new URL(post.headers.get('location')!, oidc.url).toString();
        continue;
      }
      url = new URL(res.headers.get('location')!, oidc.url).toString();
    }
    expect(url.startsWith(`${api.url}/auth/${provider}/callback`)).toBe(true);
    const back = new URL(url);
    const callback = await agent.get(`${back.pathname}${back.search}`).set('Accept', 'text/html');
    return { agent, page, pageUrl, callback };
  }

  it.each(['google', 'facebook', 'linkedin'])(
    'signs in a typed demo person through the %s stand-in, saying plainly that it is development sign-in',
    async (provider) => {
      const email = `${provider}.${randomBytes(3).toString('hex')}@example.test`;
      const { agent, page, callback } = await walk(provider, { name: 'Dev Person', email, verified: true });
      expect(page).toContain('Development sign-in');
      expect(callback.status).toBe(302);
      expect(callback.headers.location).toBe('/profile');
      const me = await agent.get('/api/me').expect(200);
      expect(me.body).toMatchObject({ email, status: 'active' });
      const profile = await agent.get('/api/profile').expect(200);
      expect(JSON.stringify(profile.body)).toContain('Dev Person');
    },
  );

  it('the same person signing in again lands on the same account; the sign-in page says it is development sign-in', async () => {
    const email = `again.${randomBytes(3).toString('hex')}@example.test`;
    const first = await walk('google', { name: 'Again', email, verified: true });
    const id = (await first.agent.get('/api/me').expect(200)).body.id;
    const second = await walk('google', { name: 'Again', email, verified: true });
    expect((await second.agent.get('/api/me').expect(200)).body.id).toBe(id);
    const signin = await browserAgent(api).get('/signin').set('Accept', 'text/html').expect(200);
    expect(signin.text).toContain('Development sign-in: these buttons lead to a stand-in provider');
  });

  it('a second sign-in method with an address an account holds links nothing (the account-exists page), as with a real provider; cancelling is consent denied', async () => {
    const email = `taken.${randomBytes(3).toString('hex')}@example.test`;
    await walk('google', { name: 'Owner', email, verified: true });
    const refused = await walk('linkedin', { name: 'Impostor', email, verified: false });
    expect(refused.callback.status).toBe(409);
    expect(refused.callback.text).toContain('data-code="ACCOUNT_EXISTS"');
    await refused.agent.get('/api/me').expect(401);
    const cancelled = await walk('google', 'cancel');
    expect(cancelled.callback.status).toBe(400);
    expect(cancelled.callback.text).toContain('CONSENT_DENIED');
  });
});
