import request from 'supertest';
import { startApi, TestApi } from '../support/test-app';

describe('HTTP basics', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers liveness and readiness with MongoDB and Redis up', async () => {
    await request(api.url).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(api.url).get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { mongodb: 'up', redis: 'up' } });
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(api.url).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/health/ready');
    await request(api.url).get('/api/docs').redirects(1).expect(200).expect('Content-Type', /html/);
  });

  it('answers an unknown API route with a JSON 404 in the error shape', async () => {
    const res = await request(api.url).get('/api/nothing-here').set('Accept', 'application/json').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('refuses a state-changing request from another origin with 403', async () => {
    const res = await request(api.url).put('/api/admin/accounts/sub_abcdefghijkl/roles/agent').set('Origin', 'https://evil.example').send({}).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'CROSS_ORIGIN_REJECTED' });
  });

  it('refuses a state-changing request with neither Origin nor CSRF token', async () => {
    const res = await request(api.url).delete('/api/admin/accounts/sub_abcdefghijkl/roles/agent').expect(403);
    expect(res.body.code).toBe('CROSS_ORIGIN_REJECTED');
  });

  it('lets a same-origin request through to the sign-in check', async () => {
    const res = await request(api.url).put('/api/admin/accounts/sub_abcdefghijkl/roles/agent').set('Origin', api.url).send({}).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers a body over the size limit with 413', async () => {
    const big = { blob: 'x'.repeat(200 * 1024) };
    const res = await request(api.url).post('/api/anything').set('Origin', api.url).send(big).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers malformed JSON with 400 naming the problem', async () => {
    const res = await request(api.url).post('/api/anything').set('Origin', api.url).set('Content-Type', 'application/json').send('{"a":').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_BODY' });
  });

  it('sets security headers', async () => {
    const res = await request(api.url).get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
