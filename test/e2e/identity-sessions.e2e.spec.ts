import request from 'supertest';
import { AccountSessionStore, sessionHandle } from '../../src/core/http/session-store';
import { RedisClient } from '../../src/core/redis/redis.module';
import { IdentityPersonalData } from '../../src/modules/identity/identity.personal-data';
import { SessionsService } from '../../src/modules/identity/sessions.service';
import { cookieFor, sessionCookie, signedInCustomer } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';
import { waitFor } from '../support/wait';

const sidOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
const UA_FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe('Sessions (Redis): where you are signed in', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('lists each session with its browser, start and last use, the current one marked', async () => {
    const me = await signedInCustomer(api);
    await sessionCookie(api, me.account.id, { device: 'Firefox on Linux' });
    const res = await me.get('/api/sessions').expect(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body.items).toHaveLength(2);
    const current = res.body.items.find((s: { current: boolean }) => s.current);
    expect(current.id).toBe(sessionHandle(sidOf(me.cookie)));
    expect(res.body.items.find((s: { current: boolean }) => !s.current)).toMatchObject({
      device: 'Firefox on Linux',
      startedAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    // the handle is not the session id
    expect(JSON.stringify(res.body)).not.toContain(sidOf(me.cookie));
  });

  it('ends all other sessions and leaves the current one alone', async () => {
    const me = await signedInCustomer(api);
    const others = await Promise.all([sessionCookie(api, me.account.id), sessionCookie(api, me.account.id)]);
    const res = await me.post('/api/sessions/revoke-others').expect(200);
    expect(res.body).toEqual({ ended: 2 });
    await me.get('/api/me').expect(200);
    for (const c of others) await request(api.url).get('/api/me').set('Cookie', c).expect(401);
    expect((await me.get('/api/sessions').expect(200)).body.items).toEqual([expect.objectContaining({ current: true })]);
  });

  it('ends one session by its handle; an unknown handle is a 404, a malformed one a 400', async () => {
    const me = await signedInCustomer(api);
    const other = await sessionCookie(api, me.account.id);
    await me.delete(`/api/sessions/${sessionHandle(sidOf(other))}`).expect(204);
    await request(api.url).get('/api/me').set('Cookie', other).expect(401);
    await me.delete(`/api/sessions/${sessionHandle('nobody')}`).expect(404);
    const bad = await me.delete('/api/sessions/not-a-handle').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: expect.stringMatching(/session id/) }]);
    // someone else's session cannot be ended
    const stranger = await signedInCustomer(api);
    await me.delete(`/api/sessions/${sessionHandle(sidOf(stranger.cookie))}`).expect(404);
    await stranger.get('/api/me').expect(200);
  });

  it('revokes every session of a person in one call, through the per-account index', async () => {
    const me = await signedInCustomer(api);
    await sessionCookie(api, me.account.id);
    expect(await api.app.get(SessionsService).revokeAll(me.account.id)).toBe(2);
    await me.get('/api/me').expect(401);
    expect(await api.app.get(SessionsService).listByAccount(me.account.id)).toEqual([]);
  });

  it("exports and erases a person's sessions in Redis through the identity personal-data handler", async () => {
    const me = await signedInCustomer(api);
    await sessionCookie(api, me.account.id, { device: 'Chrome on Android' });
    const handler = api.app.get(IdentityPersonalData);
    const subject = { accountId: me.account.id, subjectId: me.account.subjectId, emails: [] };
    expect((await handler.export(subject)).data.sessions).toHaveLength(2);
    const [outcome] = await handler.eraseMany([subject]);
    expect(outcome.items).toEqual(expect.arrayContaining([expect.objectContaining({ collection: 'sessions', action: 'deleted', count: 2 })]));
    await me.get('/api/me').expect(401);
    expect((await handler.export(subject)).data.sessions).toBeUndefined();
    const [again] = await handler.eraseMany([subject]);
    expect(again.items.find((i) => i.collection === 'sessions')?.count ?? 0).toBe(0);
  });

  it('shows the sessions on My Profile (en and nb) and ends the others from the page', async () => {
    const me = await signedInCustomer(api);
    await sessionCookie(api, me.account.id, { device: 'Safari on iOS' });
    const en = await me.get('/profile').set('Accept', 'text/html').expect(200);
    expect(en.text).toContain('Where you’re signed in');
    expect(en.text).toContain('Safari on iOS');
    expect(en.text).toContain('this browser');
    const nb = await me.get('/profile').set('Accept', 'text/html').set('Accept-Language', 'nb').expect(200);
    expect(nb.text).toMatch(/Der du er logget inn|Where you/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(en.text)![1];
    await me.post('/profile/sessions/end-others').type('form').send({ _csrf: csrf }).expect(303);
    const after = await me.get('/profile').set('Accept', 'text/html').expect(200);
    expect(after.text).not.toContain('Safari on iOS');
  });

  it('writes a session once per touch interval at most, not on every request', async () => {
    const me = await signedInCustomer(api);
    const store = api.app.get(AccountSessionStore);
    const before = await store.redis.get(store.keyPrefix + sidOf(me.cookie));
    for (let i = 0; i < 5; i++) await me.get('/api/me').expect(200);
    expect(await store.redis.get(store.keyPrefix + sidOf(me.cookie))).toBe(before);
  });

  it('puts each session with its browser in the access export', async () => {
    const me = await signedInCustomer(api);
    await sessionCookie(api, me.account.id, { device: 'Firefox on Linux' });
    const doc = (await me.get('/api/profile/export').set('User-Agent', UA_FIREFOX).expect(200)).body;
    const identity = doc.modules.find((m: { module: string }) => m.module === 'identity');
    expect(identity.data.sessions).toEqual(expect.arrayContaining([expect.objectContaining({ device: 'Firefox on Linux', startedAt: expect.any(String) })]));
  });
});

describe('Session lifetimes', () => {
  it('refuses a session idle past SESSION_IDLE_TIMEOUT_S', async () => {
    const api = await startApi({ env: { SESSION_IDLE_TIMEOUT_S: '2', SESSION_TOUCH_INTERVAL_S: '0' } });
    try {
      const me = await signedInCustomer(api);
      await me.get('/api/me').expect(200);
      const redis = api.app.get(RedisClient).client;
      const key = api.app.get(AccountSessionStore).keyPrefix + sidOf(me.cookie);
      // Redis expires keys in real time: wait until the idle session is gone, without using it.
      await waitFor(async () => (await redis.exists(key)) === 0, 'idle session expired');
      await me.get('/api/me').expect(401);
    } finally {
      await api.close();
    }
  });

  it('keeps a session in use alive past the idle timeout (each use refreshes it)', async () => {
    const api = await startApi({ env: { SESSION_IDLE_TIMEOUT_S: '2', SESSION_TOUCH_INTERVAL_S: '0' } });
    try {
      const me = await signedInCustomer(api);
      const started = Date.now();
      while (Date.now() - started < 3500) await me.get('/api/me').expect(200);
    } finally {
      await api.close();
    }
  });

  it('refuses a session past SESSION_ABSOLUTE_LIFETIME_S however recently it was used, and never lets its TTL pass that', async () => {
    const api = await startApi({ env: { SESSION_IDLE_TIMEOUT_S: '3600', SESSION_ABSOLUTE_LIFETIME_S: '7200' } });
    try {
      const me = await signedInCustomer(api);
      const over = await sessionCookie(api, me.account.id, { extra: { createdAt: Date.now() - 7201 * 1000, lastSeenAt: Date.now() } });
      await request(api.url).get('/api/me').set('Cookie', over).expect(401);
      const nearly = await sessionCookie(api, me.account.id, { extra: { createdAt: Date.now() - 7195 * 1000 } });
      await request(api.url).get('/api/me').set('Cookie', nearly).expect(200);
      const ttl = await api.app.get(RedisClient).client.ttl(api.app.get(AccountSessionStore).keyPrefix + sidOf(nearly));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5);
    } finally {
      await api.close();
    }
  });

  it('survives an API restart (sessions live in Redis, not in the process)', async () => {
    const first = await startApi();
    const me = await signedInCustomer(first);
    await me.get('/api/me').expect(200);
    const sid = sidOf(me.cookie);
    await first.close({ dropDatabase: false });
    const second = await startApi({ config: first.config });
    try {
      await request(second.url).get('/api/me').set('Cookie', cookieFor(second, sid)).expect(200);
    } finally {
      await second.close({ dropDatabase: true });
    }
  });
});
