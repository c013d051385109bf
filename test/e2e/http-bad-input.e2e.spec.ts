import { createHmac } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import { checkJsonBody } from '../../src/core/http/json-guard';
import { formFieldsOf } from '../../src/core/http/form-fields.decorator';
import { FAKE_CLIENTS } from '../support/fake-oauth-provider';
import { signedInCustomer, SignedInClient } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

const BILLING_KEY = 'billing-system-key-0123456789abcdef';
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

function signed(payloadJson: string, secret = FAKE_CLIENTS.facebook.secret): string {
  const body = Buffer.from(payloadJson).toString('base64url');
  return `${createHmac('sha256', secret).update(body).digest('base64url')}.${body}`;
}

describe('Bad input is a clear 4xx, never a 500', () => {
  let api: TestApi;
  let me: SignedInClient;
  beforeAll(async () => {
    api = await startApi({
      env: {
        FACEBOOK_CLIENT_ID: FAKE_CLIENTS.facebook.id,
        FACEBOOK_CLIENT_SECRET: FAKE_CLIENTS.facebook.secret,
        BILLING_API_KEYS: `erp:${BILLING_KEY}`,
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        EMAIL_RATE_LIMIT_PER_HOUR: '1000',
      },
    });
    me = await signedInCustomer(api);
  });
  afterAll(() => api.close());

  it('refuses a JSON body nested 5,000 levels deep at parse time with 400 BODY_TOO_DEEP', async () => {
    const body = `{"name":${deep(5000)}}`;
    for (const [method, path] of [
      ['patch', '/api/profile'],
      ['post', '/api/profile/email'],
      ['post', '/api/profile/email/confirm'],
      ['post', '/auth/facebook/data-deletion'],
    ] as const) {
      const res = await me[method](path).set('Content-Type', 'application/json').send(body);
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'BODY_TOO_DEEP']);
    }
    // an ordinary nested profile is fine
    await me
      .patch('/api/profile')
      .send({ postalAddress: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' } })
      .expect(200);
  });

  it('refuses a lone UTF-16 surrogate in an email field with 400 INVALID_UNICODE', async () => {
    const res = await me.post('/api/profile/email').set('Content-Type', 'application/json').send('{"email":"a\\ud800@example.com"}');
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_UNICODE']);
    const billing = await request(api.url)
      .post('/api/internal/billing/orders')
      .set('X-Api-Key', BILLING_KEY)
      .set('Content-Type', 'application/json')
      .send('{"externalId":"INV-9","contactEmail":"x\\udc00y@example.com"}');
    expect([billing.status, billing.body.code]).toEqual([400, 'INVALID_UNICODE']);
    // a proper pair (an emoji) is text
    expect(() => checkJsonBody(Buffer.from('{"a":"\\ud83d\\ude00"}'))).not.toThrow();
    expect(() => checkJsonBody(Buffer.from('{"a":"\\ud83d"}'))).toThrow(/surrogate/);
    expect(() => checkJsonBody(Buffer.from('{"a":"\\\\ud800"}'))).not.toThrow();
  });

  it.each(['/profile', '/profile/email', '/profile/marketing', '/profile/language', '/profile/email/confirm'])(
    'answers 415 on %s to a body that is not form-encoded (none, text/plain, multipart, JSON with an operator object)',
    async (path) => {
      const none = await me.post(path).set('Accept', 'application/json');
      expect(none.status).toBe(415);
      expect(none.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect((await me.post(path).set('Content-Type', 'text/plain').send('name=x')).status).toBe(415);
      expect((await me.post(path).field('name', 'x')).status).toBe(415);
      const json = await me.post(path).send({ name: { $gt: '' }, version: 0 });
      expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    },
  );

  it('names form fields that are not text (400 INVALID_FORM_FIELD)', () => {
    const req = { is: () => 'application/x-www-form-urlencoded', body: { name: { $gt: '' }, ok: 'x', many: ['a', 'b'] } } as never;
    expect(() => formFieldsOf(req)).toThrow(expect.objectContaining({ code: 'INVALID_FORM_FIELD', errors: [{ field: 'name', message: 'name must be text' }] }));
  });

  it('answers 400 to a correctly signed Facebook deletion request whose payload is null', async () => {
    for (const payload of ['null', '42', '[]', '"x"']) {
      const res = await request(api.url)
        .post('/auth/facebook/data-deletion')
        .type('form')
        .send({ signed_request: signed(payload) });
      expect([payload, res.status]).toEqual([payload, 400]);
    }
  });

  it('answers headers over 16 kB with 431 in the JSON error shape', async () => {
    const { status, body, type } = await new Promise<{ status: number; body: string; type?: string }>((resolve, reject) => {
      const req = http.request(`${api.url}/api/profile`, { headers: { 'X-Big': 'a'.repeat(20_000) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text, type: res.headers['content-type'] }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
    expect(type).toMatch(/application\/json/);
    expect(JSON.parse(body)).toEqual({ statusCode: 431, code: 'HEADERS_TOO_LARGE', message: expect.any(String) });
  });

  it('documents the profile billing address with companyName and region (no two schemas share a name)', async () => {
    const doc = (await request(api.url).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.components.schemas.BillingAddressDto.properties)).toEqual(expect.arrayContaining(['companyName', 'region']));
    expect(doc.components.schemas.InvoiceAddressDto).toBeDefined();
    const profile = (await me.get('/api/profile').expect(200)).body;
    const documented = doc.components.schemas.BillingAddressDto.properties;
    for (const k of Object.keys(profile.billingAddress ?? {})) expect(documented).toHaveProperty(k);
  });
});
