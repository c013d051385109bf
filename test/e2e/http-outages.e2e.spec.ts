import request from 'supertest';
import { sessionCookie, signedInCustomer, SignedInClient } from '../support/session-cookie';
import { controlledFerretDb, controlledRedis, ControlledServer, waitUntil } from '../support/processes';
import { startApi, TestApi } from '../support/test-app';

const HTML = 'text/html';

describe('A dependency outage is a 503 with Retry-After, never a 500 or a hang', () => {
  let redis: ControlledServer;
  let mongo: ControlledServer;
  let api: TestApi;
  let me: SignedInClient;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    [redis, mongo] = await Promise.all([controlledRedis(), controlledFerretDb()]);
    api = await startApi({ env: { REDIS_URL: redis.url, MONGODB_URI: mongo.url } });
    me = await signedInCustomer(api);
    await me.patch('/api/profile').send({ name: 'Before Outage' }).expect(200);
  });

  afterAll(async () => {
    await api?.close({ dropDatabase: false });
    await Promise.all([redis?.dispose(), mongo?.dispose()]);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });

  it('answers DATABASE_UNAVAILABLE (JSON and page) while the database is killed, applies none of the refused writes, and recovers by itself', async () => {
    const { version } = (await me.get('/api/profile').expect(200)).body;
    await mongo.stop('SIGKILL');
    const started = Date.now();
    const read = await me.get('/api/profile');
    expect(Date.now() - started).toBeLessThan(10000);
    expect(read.status).toBe(503);
    expect(read.body).toEqual({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: expect.any(String) });
    expect(Number(read.headers['retry-after'])).toBeGreaterThan(0);
    const write = await me.patch('/api/profile').send({ name: 'During Outage', version });
    expect([write.status, write.body.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    const page = await me.get('/profile').set('Accept', HTML);
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/html/);
    expect(page.text).toContain('DATABASE_UNAVAILABLE');
    await request(api.url).get('/health/live').expect(200);

    await mongo.start();
    await waitUntil(async () => (await me.get('/api/profile')).status === 200, 'profile readable again');
    const after = (await me.get('/api/profile').expect(200)).body;
    expect(after.name).toBe('Before Outage');
    expect(after.version).toBe(version);
    await me.patch('/api/profile').send({ name: 'After Outage', version }).expect(200);
  });

  it('answers REDIS_UNAVAILABLE on signed-in routes and pages while Redis is killed, and recovers by itself', async () => {
    await redis.stop('SIGKILL');
    const started = Date.now();
    const res = await me.get('/api/profile');
    expect(Date.now() - started).toBeLessThan(5000);
    expect([res.status, res.body.code]).toEqual([503, 'REDIS_UNAVAILABLE']);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const write = await me.patch('/api/profile').send({ name: 'During Redis Outage' });
    expect([write.status, write.body.code]).toEqual([503, 'REDIS_UNAVAILABLE']);
    const page = await me.get('/profile').set('Accept', HTML);
    expect(page.status).toBe(503);
    expect(page.text).toContain('REDIS_UNAVAILABLE');
    await request(api.url).get('/health/live').expect(200);

    await redis.start();
    // This Redis keeps nothing on disk, so the old session is gone: a clear 401, then a new one works.
    await waitUntil(async () => (await me.get('/api/profile')).status === 401, 'Redis answering again');
    const again = await sessionCookie(api, me.account.id);
    const back = await request(api.url).get('/api/profile').set('Cookie', again).expect(200);
    expect(back.body.name).toBe('After Outage');
  });

  it('never crashed on the way', () => {
    expect(crashes).toEqual([]);
  });
});
