import request from 'supertest';
import { controlledFerretDb, controlledRedis, ControlledServer, waitUntil } from '../support/processes';
import { startApi, TestApi } from '../support/test-app';

async function readiness(api: TestApi) {
  const res = await request(api.url).get('/health/ready');
  return { status: res.status, body: res.body as { status: string; checks: { mongodb: string; redis: string } } };
}

describe('Readiness when a dependency goes away', () => {
  let redis: ControlledServer;
  let mongo: ControlledServer;
  let api: TestApi;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    [redis, mongo] = await Promise.all([controlledRedis(), controlledFerretDb()]);
    api = await startApi({ env: { REDIS_URL: redis.url, MONGODB_URI: mongo.url } });
  });

  afterAll(async () => {
    await api?.close({ dropDatabase: false });
    await Promise.all([redis?.dispose(), mongo?.dispose()]);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });

  it('is ready while MongoDB and Redis answer', async () => {
    expect(await readiness(api)).toEqual({ status: 200, body: { status: 'ok', checks: { mongodb: 'up', redis: 'up' } } });
  });

  it('answers 503 naming Redis while Redis is down, and recovers by itself when it returns', async () => {
    await redis.stop('SIGKILL');
    await waitUntil(async () => (await readiness(api)).status === 503, 'readiness 503');
    expect((await readiness(api)).body.checks).toEqual({ mongodb: 'up', redis: 'down' });
    await request(api.url).get('/health/live').expect(200);
    await redis.start();
    await waitUntil(async () => (await readiness(api)).status === 200, 'readiness back to 200');
  });

  it('answers 503 naming MongoDB while the database is down, and recovers by itself when it returns', async () => {
    await mongo.stop('SIGKILL');
    await waitUntil(async () => (await readiness(api)).status === 503, 'readiness 503');
    expect((await readiness(api)).body.checks).toEqual({ mongodb: 'down', redis: 'up' });
    await request(api.url).get('/health/live').expect(200);
    await mongo.start();
    await waitUntil(async () => (await readiness(api)).status === 200, 'readiness back to 200');
  });

  it('never crashed on the way', () => {
    expect(crashes).toEqual([]);
  });
});
