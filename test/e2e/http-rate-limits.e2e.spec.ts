import request from 'supertest';
import { signedInCustomer } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

describe('Rate limits in Redis', () => {
  let first: TestApi;
  let second: TestApi;
  beforeAll(async () => {
    first = await startApi({ env: { RATE_LIMIT_PER_MINUTE: '6', EMAIL_RATE_LIMIT_PER_HOUR: '2' } });
    second = await startApi({ config: first.config });
  });
  afterAll(async () => {
    await second.close({ dropDatabase: false });
    await first.close({ dropDatabase: true });
  });

  it('shares one per-client budget between two API processes, unmatched routes (404) included, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(first.url).get('/no/such/route')).status);
    for (let i = 0; i < 3; i++) statuses.push((await request(second.url).get('/api/public/nothing-here')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    const over = await request(second.url).get('/no/such/route');
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await request(first.url).get('/')).status).toBe(429);
    // probes are never limited
    await request(first.url).get('/health/live').expect(200);
  });
});

describe('Per-account limit on actions that send email', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ env: { EMAIL_RATE_LIMIT_PER_HOUR: '2', AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
  });
  afterAll(() => api.close());

  it('allows EMAIL_RATE_LIMIT_PER_HOUR email changes per account across the API and the page, then 429 with Retry-After; another account is not affected', async () => {
    const me = await signedInCustomer(api);
    await me.post('/api/profile/email').send({ email: 'first.new@example.test' }).expect(202);
    await me.post('/api/profile/email').send({ email: 'second.new@example.test' }).expect(202);
    const over = await me.post('/api/profile/email').send({ email: 'third.new@example.test' });
    expect([over.status, over.body.code]).toEqual([429, 'TOO_MANY_REQUESTS']);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(60);
    const page = await me.post('/profile/email').type('form').send({ newEmail: 'fourth.new@example.test' });
    expect(page.status).toBe(429);
    const other = await signedInCustomer(api);
    await other.post('/api/profile/email').send({ email: 'other.new@example.test' }).expect(202);
  });
});

describe('GET /metrics', () => {
  it('is not served without METRICS_TOKEN', async () => {
    const api = await startApi();
    try {
      await request(api.url).get('/metrics').expect(404);
    } finally {
      await api.close();
    }
  });

  it('needs the configured bearer token', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const api = await startApi({ env: { METRICS_TOKEN: token } });
    try {
      const none = await request(api.url).get('/metrics').expect(401);
      expect(none.body.code).toBe('METRICS_TOKEN_REQUIRED');
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      await request(api.url).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789abcdef').expect(401);
      const ok = await request(api.url).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(ok.text).toContain('rightsdesk_');
    } finally {
      await api.close();
    }
  });
});
