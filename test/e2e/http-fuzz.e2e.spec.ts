/**
 * The project's own fuzz test: every OpenAPI operation and every HTML form on the pages, called as a
 * signed-in customer with generated input (property-based, fast-check; seeded and bounded), must
 * never answer a 5xx. A new route is fuzzed as soon as it is in the OpenAPI document or on a page.
 */
import fc from 'fast-check';
import request from 'supertest';
import { FAKE_CLIENTS } from '../support/fake-oauth-provider';
import { signedInCustomer, SignedInClient } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

const SEED = 1313;
const RUNS_PER_OPERATION = 80;
const RUNS_PER_FORM = 50;
/** Operations that end the caller's session or account: fuzzed with a fresh customer each time. */
const ENDS_THE_CALLER = new Set(['POST /auth/logout', 'POST /api/account/termination', 'POST /profile/close']);

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  format?: string;
};
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema }[];
  body?: Schema;
}

const nasty = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '{"$gt":""}',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    'a'.repeat(5000),
    '2026-13-45',
    '+47',
    'x@y',
    '1e309',
    'sub_' + 'x'.repeat(20),
  ),
  fc.constant({ $gt: '' }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(schema: Schema | undefined, doc: { components?: { schemas?: Record<string, Schema> } }, depth = 0): Schema | undefined {
  if (!schema || depth > 6) return schema;
  if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.split('/').pop()!], doc, depth + 1);
  if (schema.allOf?.length) return resolve(schema.allOf[0], doc, depth + 1);
  if (schema.oneOf?.length) return resolve(schema.oneOf[0], doc, depth + 1);
  return schema;
}

/** Values shaped like the schema, each part sometimes replaced by something nasty. */
function valueFor(schema: Schema | undefined, doc: object, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc as never);
  if (!s || depth > 4) return nasty;
  let shaped: fc.Arbitrary<unknown>;
  if (s.enum?.length) shaped = fc.constantFrom(...s.enum);
  else if (s.type === 'object' || s.properties) {
    const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, valueFor(v, doc, depth + 1)]));
    shaped = fc.record(props, { requiredKeys: [] });
  } else if (s.type === 'array') shaped = fc.array(valueFor(s.items, doc, depth + 1), { maxLength: 3 });
  else if (s.type === 'integer' || s.type === 'number') shaped = fc.oneof(fc.integer({ min: -5, max: 10_000 }), fc.double());
  else if (s.type === 'boolean') shaped = fc.boolean();
  else if (s.format === 'date-time' || s.format === 'date') shaped = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  else shaped = fc.oneof(fc.string({ maxLength: 30 }), fc.emailAddress());
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: nasty });
}

const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom('0', '-1', 'null', '%00', 'a'.repeat(300), 'sub_abcdefghijklmnop', '000000000000000000000000', 'version-1'),
);

function operationsOf(doc: {
  paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path,
        params: op.parameters ?? [],
        body: (content['application/json'] ?? Object.values(content)[0])?.schema ?? (method === 'get' || method === 'delete' ? undefined : { type: 'object' }),
      });
    }
  }
  return ops;
}

function formsOf(html: string): { action: string; fields: string[] }[] {
  const forms: { action: string; fields: string[] }[] = [];
  for (const m of html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const fields = [...m[2].matchAll(/<(?:input|select|textarea)[^>]*name="([^"]+)"/g)].map((f) => f[1]);
    forms.push({ action: m[1].replace(/&amp;/g, '&'), fields: [...new Set(fields)] });
  }
  return forms;
}

describe('Fuzzing every OpenAPI operation and page form as a signed-in customer', () => {
  let api: TestApi;
  let me: SignedInClient;
  let doc: Parameters<typeof operationsOf>[0] & { components?: object };
  const fiveHundreds: string[] = [];
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    api = await startApi({
      env: {
        FACEBOOK_CLIENT_ID: FAKE_CLIENTS.facebook.id,
        FACEBOOK_CLIENT_SECRET: FAKE_CLIENTS.facebook.secret,
        BILLING_API_KEYS: 'erp:billing-system-key-0123456789abcdef',
        RATE_LIMIT_PER_MINUTE: '100000',
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
        EMAIL_RATE_LIMIT_PER_HOUR: '100000',
      },
    });
    me = await signedInCustomer(api);
    doc = (await request(api.url).get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => api.close());

  async function call(client: SignedInClient, method: string, path: string, send: (t: request.Test) => request.Test): Promise<number> {
    const res = await send(client[method as 'get'](path));
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) fiveHundreds.push(`${method.toUpperCase()} ${path} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    return res.status;
  }

  it('finds no 5xx in any OpenAPI operation', async () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(15);
    for (const op of ops) {
      const key = `${op.method.toUpperCase()} ${op.path}`;
      const pathParams = op.params.filter((p) => p.in === 'path');
      const queryParams = op.params.filter((p) => p.in === 'query');
      const input = fc.record({
        path: fc.tuple(...pathParams.map(() => segment), fc.constant(0)),
        query: fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(segment, fc.constant(''))])), { requiredKeys: [] }),
        body: op.body ? valueFor(op.body, doc) : fc.constant(undefined),
        raw: fc.option(
          fc.constantFrom(
            '{',
            '[]',
            '"x"',
            'null',
            '{"a":',
            '\u0000',
            '{"__proto__":{"x":1}}',
            '{"email":"a\\ud800@example.com","contactEmail":"\\udfff"}',
            `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
          ),
          { freq: 5 },
        ),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ path, query, body, raw }) => {
          let url = op.path;
          pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(String(path[i])))));
          const client = ENDS_THE_CALLER.has(key) ? await signedInCustomer(api) : me;
          const status = await call(client, op.method, url, (t) => {
            t = t.query(query as Record<string, string>).set('Accept', 'application/json');
            if (raw !== null) return t.set('Content-Type', 'application/json').send(raw);
            if (body === undefined) return t;
            return t.set('Content-Type', 'application/json').send(JSON.stringify(body));
          });
          void status;
          return true; // 5xx are collected and reported together below
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION },
      );
    }
    expect(fiveHundreds).toEqual([]);
    // the customer stayed signed in: most answers are not 401
    process.stdout.write(`fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect(statuses.get(401) ?? 0).toBeLessThan(ops.length * RUNS_PER_OPERATION * 0.3);
  }, 600_000);

  it('finds no 5xx in any form on the pages', async () => {
    const pages = ['/profile', '/', '/cookies', '/profile/export', '/signin'];
    const forms = new Map<string, string[]>();
    for (const p of pages) {
      const html = (await me.get(p).set('Accept', 'text/html')).text;
      for (const f of formsOf(html)) forms.set(f.action, [...new Set([...(forms.get(f.action) ?? []), ...f.fields])]);
    }
    forms.set('/profile/email/confirm', ['token', '_csrf']);
    expect(forms.size).toBeGreaterThan(5);
    for (const [action, fields] of forms) {
      const key = `POST ${action.split('?')[0]}`;
      const value = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('', 'yes', 'nb', 'en', '0', '-1', '99999999999', 'a'.repeat(3000), '\u0000', '2026-02-30', 'NO'),
      );
      const input = fc.record({
        fields: fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof(value, fc.array(value, { maxLength: 2 }))])), { requiredKeys: [] }),
        extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { maxKeys: 2 }),
        encoding: fc.constantFrom('form', 'form', 'form', 'json', 'text', 'none'),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ fields: f, extra, encoding }) => {
          const client = ENDS_THE_CALLER.has(key) ? await signedInCustomer(api) : me;
          const status = await call(client, 'post', action, (t) => {
            t = t.set('Accept', 'text/html');
            const data = { ...extra, ...f };
            if (encoding === 'form') return t.type('form').send(data as Record<string, string>);
            if (encoding === 'json') return t.send(data);
            if (encoding === 'text') return t.set('Content-Type', 'text/plain').send(JSON.stringify(data));
            return t;
          });
          void status;
          return true; // 5xx are collected and reported together below
        }),
        { seed: SEED, numRuns: RUNS_PER_FORM },
      );
    }
    expect(fiveHundreds).toEqual([]);
  }, 600_000);
});
