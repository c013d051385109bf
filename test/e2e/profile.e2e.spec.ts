import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { ManualClock } from '../../src/core/clock/clock';
import { signedInCustomer, SignedInClient } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

const address = { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' };

describe('My Profile API (GET/PATCH /api/profile)', () => {
  let api: TestApi;
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  beforeAll(async () => {
    api = await startApi({ clock });
  });
  afterAll(() => api.close());

  let me: SignedInClient;
  beforeEach(async () => {
    me = await signedInCustomer(api);
  });

  const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

  it('shows a new account its profile with every field empty, its email, and the version as ETag', async () => {
    const res = await me.get('/api/profile').expect(200);
    expect(res.body).toEqual({
      name: null,
      email: me.account.email,
      phone: null,
      company: { name: null, size: null, type: null },
      postalAddress: null,
      billingAddress: null,
      dateOfBirth: null,
      version: 0,
      sources: {},
    });
    expect(res.headers.etag).toBe('"0"');
  });

  it('saves a partial update, stores the phone in E.164, and moves the version on', async () => {
    const res = await me
      .patch('/api/profile')
      .send({
        version: 0,
        name: '  Kari Nordmann ',
        phone: '+47 912 34 567',
        company: { name: 'Nordmann AS', size: '11-50', type: 'private_limited' },
        postalAddress: { ...address, country: 'no' },
        billingAddress: { ...address, line2: 'Faktura', companyName: 'Nordmann Holding AS' },
        dateOfBirth: '1990-05-17',
      })
      .expect(200);
    expect(res.body).toMatchObject({
      name: 'Kari Nordmann',
      phone: '+4791234567',
      company: { name: 'Nordmann AS', size: '11-50', type: 'private_limited' },
      postalAddress: address,
      billingAddress: { ...address, line2: 'Faktura', companyName: 'Nordmann Holding AS' },
      dateOfBirth: '1990-05-17',
      version: 1,
      sources: { name: 'self', phone: 'self', company: 'self', postalAddress: 'self', billingAddress: 'self', dateOfBirth: 'self' },
    });
    expect(res.headers.etag).toBe('"1"');
    const again = await me.get('/api/profile').expect(200);
    expect(again.body).toEqual(res.body);

    // only what is sent changes
    const second = await me.patch('/api/profile').send({ phone: '+1 212 555 0123' }).expect(200);
    expect(second.body).toMatchObject({ name: 'Kari Nordmann', phone: '+12125550123', version: 2 });
  });

  it('does not move the version when nothing changes', async () => {
    await me.patch('/api/profile').send({ name: 'Ola' }).expect(200);
    const res = await me.patch('/api/profile').send({ name: 'Ola' }).expect(200);
    expect(res.body.version).toBe(1);
  });

  it('removes a field sent as null', async () => {
    await me.patch('/api/profile').send({ phone: '+4791234567', postalAddress: address }).expect(200);
    const res = await me.patch('/api/profile').send({ phone: null, postalAddress: null }).expect(200);
    expect(res.body).toMatchObject({ phone: null, postalAddress: null, version: 2 });
  });

  const tomorrow = '2026-03-02';
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['an empty name', { name: '' }, ['name']],
    ['a name of 201 characters', { name: 'x'.repeat(201) }, ['name']],
    ['a name with a line break', { name: 'Kari\nNordmann' }, ['name']],
    ['a name that is not text', { name: 42 }, ['name']],
    ['a phone number that does not exist', { phone: '+47 123' }, ['phone']],
    ['a phone number without country code', { phone: '91234567' }, ['phone']],
    ['a phone number of letters', { phone: 'call me' }, ['phone']],
    ['a phone number sent as a number', { phone: 4791234567 }, ['phone']],
    ['a company that is not an object', { company: 'Nordmann AS' }, ['company']],
    ['an unknown company size', { company: { size: 'huge' } }, ['company.size']],
    ['an unknown company type', { company: { type: 'llc' } }, ['company.type']],
    ['a company name of 201 characters', { company: { name: 'x'.repeat(201) } }, ['company.name']],
    ['an unknown company field', { company: { vat: 'NO123' } }, ['company.vat']],
    [
      'an address without its required parts',
      { postalAddress: {} },
      ['postalAddress.city', 'postalAddress.country', 'postalAddress.line1', 'postalAddress.postalCode'],
    ],
    ['a country that is not ISO 3166', { postalAddress: { ...address, country: 'XX' } }, ['postalAddress.country']],
    ['a country written out', { postalAddress: { ...address, country: 'Norway' } }, ['postalAddress.country']],
    ['a postal code with symbols', { postalAddress: { ...address, postalCode: '01#55' } }, ['postalAddress.postalCode']],
    ['an address line of 201 characters', { postalAddress: { ...address, line1: 'x'.repeat(201) } }, ['postalAddress.line1']],
    ['a city of 101 characters', { postalAddress: { ...address, city: 'x'.repeat(101) } }, ['postalAddress.city']],
    ['a region of 101 characters', { postalAddress: { ...address, region: 'x'.repeat(101) } }, ['postalAddress.region']],
    ['a billing company of 201 characters', { billingAddress: { ...address, companyName: 'x'.repeat(201) } }, ['billingAddress.companyName']],
    ['a billing country that is not ISO 3166', { billingAddress: { ...address, country: 'ZZ' } }, ['billingAddress.country']],
    ['an unknown address field', { billingAddress: { ...address, floor: 3 } }, ['billingAddress.floor']],
    ['a date of birth that does not exist', { dateOfBirth: '2001-02-29' }, ['dateOfBirth']],
    ['a date of birth in another format', { dateOfBirth: '17.05.1990' }, ['dateOfBirth']],
    ['a date of birth before 1900', { dateOfBirth: '1899-12-31' }, ['dateOfBirth']],
    ['a date of birth in the future', { dateOfBirth: tomorrow }, ['dateOfBirth']],
    ['a date of birth today', { dateOfBirth: '2026-03-01' }, ['dateOfBirth']],
    ['an email (it has its own confirmation flow)', { email: 'new@example.test' }, ['email']],
    ['an unknown field', { nickname: 'Kari' }, ['nickname']],
    ['a negative version', { version: -1, name: 'Kari' }, ['version']],
    ['a version that is not a number', { version: '1', name: 'Kari' }, ['version']],
  ];

  it.each(cases)('refuses %s with 400 naming the field, and saves nothing', async (_label, body, fields) => {
    const res = await me.patch('/api/profile').send(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(res.body)).toEqual(fields);
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    const after = await me.get('/api/profile').expect(200);
    expect(after.body.version).toBe(0);
  });

  it('saves nothing when one field among valid ones is invalid', async () => {
    const res = await me
      .patch('/api/profile')
      .send({ name: 'Kari', phone: '+4791234567', postalAddress: { ...address, country: 'XX' }, dateOfBirth: '1990-05-17' })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['postalAddress.country']);
    const after = await me.get('/api/profile').expect(200);
    expect(after.body).toMatchObject({ name: null, phone: null, dateOfBirth: null, version: 0 });
  });

  it('names every invalid field at once', async () => {
    const res = await me
      .patch('/api/profile')
      .send({ name: '', phone: 'x', company: { size: 'huge' }, dateOfBirth: 'soon' })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['company.size', 'dateOfBirth', 'name', 'phone']);
  });

  it('answers a stale version in the body with 409 and keeps the newer edit', async () => {
    await me.patch('/api/profile').send({ version: 0, name: 'First' }).expect(200);
    const res = await me.patch('/api/profile').send({ version: 0, name: 'Stale' }).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'PROFILE_VERSION_CONFLICT' });
    expect((await me.get('/api/profile')).body).toMatchObject({ name: 'First', version: 1 });
    await me.patch('/api/profile').send({ version: 1, name: 'Second' }).expect(200);
  });

  it('answers a stale If-Match with 412 and accepts the current ETag', async () => {
    const first = await me.get('/api/profile').expect(200);
    await me.patch('/api/profile').set('If-Match', first.headers.etag).send({ name: 'First' }).expect(200);
    const stale = await me.patch('/api/profile').set('If-Match', first.headers.etag).send({ name: 'Stale' }).expect(412);
    expect(stale.body).toMatchObject({ statusCode: 412, code: 'PROFILE_PRECONDITION_FAILED' });
    await me.patch('/api/profile').set('If-Match', 'W/"1"').send({ name: 'Weak' }).expect(200);
    await me.patch('/api/profile').set('If-Match', '*').send({ name: 'Any' }).expect(200);
    await me.patch('/api/profile').set('If-Match', 'garbage').send({ name: 'No' }).expect(412);
    expect((await me.get('/api/profile')).body).toMatchObject({ name: 'Any', version: 3 });
  });

  it('lets exactly one of several racing edits of the same version win', async () => {
    const results = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((tab) => me.patch('/api/profile').send({ version: 0, name: `Tab ${tab}` })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body.name;
    expect((await me.get('/api/profile')).body).toMatchObject({ name: winner, version: 1 });
    expect((await me.get('/api/profile/history')).body).toHaveLength(1);
  });

  it('loses none of several racing edits of different fields sent without a version', async () => {
    await me.patch('/api/profile').send({ name: 'Kari' }).expect(200);
    const edits = [
      { phone: '+4791234567' },
      { dateOfBirth: '1990-05-17' },
      { company: { name: 'Nordmann AS' } },
      { postalAddress: address },
      { billingAddress: address },
    ];
    const results = await Promise.all(edits.map((e) => me.patch('/api/profile').send(e)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const after = (await me.get('/api/profile')).body;
    expect(after).toMatchObject({
      name: 'Kari',
      phone: '+4791234567',
      dateOfBirth: '1990-05-17',
      company: { name: 'Nordmann AS' },
      postalAddress: address,
      billingAddress: address,
      version: 6,
    });
    const versions = (await me.get('/api/profile/history')).body.map((h: { version: number }) => h.version);
    expect(versions).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('keeps a name the person corrected when the provider signs in again, and records who changed what', async () => {
    const events = api.app.get(EventEmitter2);
    const claims = (name: string) => events.emitAsync('identity.provider-claims', { accountId: me.account.id, provider: 'google', claims: { name } });
    await claims('Kari From Google');
    expect((await me.get('/api/profile')).body).toMatchObject({ name: 'Kari From Google', sources: { name: 'provider:google' } });
    await claims('Kari Renamed At Google');
    expect((await me.get('/api/profile')).body.name).toBe('Kari Renamed At Google');

    clock.advance(60_000);
    await me.patch('/api/profile').send({ name: 'Kari Nordmann' }).expect(200);
    clock.advance(60_000);
    await claims('Kari From Google Again');
    expect((await me.get('/api/profile')).body).toMatchObject({ name: 'Kari Nordmann', sources: { name: 'self' } });

    const history = await me.get('/api/profile/history').expect(200);
    expect(history.body.map((h: { fields: string[]; source: string }) => [h.fields, h.source])).toEqual([
      [['name'], 'self'],
      [['name'], 'provider:google'],
      [['name'], 'provider:google'],
    ]);
  });

  it('builds the name from given and family name when the provider sends no full name', async () => {
    await api.app
      .get(EventEmitter2)
      .emitAsync('identity.provider-claims', { accountId: me.account.id, provider: 'linkedin', claims: { givenName: 'Ola', familyName: 'Nordmann' } });
    expect((await me.get('/api/profile')).body).toMatchObject({ name: 'Ola Nordmann', sources: { name: 'provider:linkedin' } });
  });

  it('asks for sign-in without a session', async () => {
    const res = await request(api.url).get('/api/profile').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await request(api.url).patch('/api/profile').set('Origin', api.url).send({ name: 'x' }).expect(401);
  });

  it('refuses a PATCH from another site', async () => {
    const res = await request(api.url).patch('/api/profile').set('Cookie', me.cookie).set('Origin', 'https://evil.example').send({ name: 'Evil' }).expect(403);
    expect(res.body.code).toBe('CROSS_ORIGIN_REJECTED');
    expect((await me.get('/api/profile')).body.name).toBeNull();
  });

  it('documents the profile routes and their fields in OpenAPI', async () => {
    const doc = (await request(api.url).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/profile', '/api/profile/export', '/api/profile/email', '/api/account/termination']));
    expect(Object.keys(doc.paths['/api/profile'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(doc.paths['/api/account/termination'])).toEqual(expect.arrayContaining(['post', 'delete']));
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.UpdateProfileDto.properties)).toEqual(
      expect.arrayContaining(['name', 'phone', 'company', 'postalAddress', 'billingAddress', 'dateOfBirth', 'version']),
    );
    expect(Object.keys(schemas.ProfileResponseDto.properties)).toEqual(
      expect.arrayContaining(['name', 'email', 'phone', 'company', 'postalAddress', 'billingAddress', 'dateOfBirth', 'version']),
    );
  });
});
