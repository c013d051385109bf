import { Types } from 'mongoose';
import request from 'supertest';
import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { ErasureService } from '../../src/modules/erasure/erasure.service';
import { ResidueSweepService } from '../../src/modules/erasure/residue-sweep.service';
import { TestimonialsReconfirmService } from '../../src/modules/testimonials/testimonials-reconfirm.service';
import { aTestimonialDraft, asAgent } from '../factories/testimonials';
import { findIdentifiers } from '../support/residue';
import { sessionCookie, signedInCustomer, SignedInClient } from '../support/session-cookie';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

const LINK = (kind: 'consent' | 'withdraw') => new RegExp(`http://127\\.0\\.0\\.1:\\d+/testimonials/[0-9a-f]{24}/${kind}\\?token=[A-Za-z0-9_-]+`);

describe('Testimonials', () => {
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  let agent: ReturnType<typeof asAgent>;
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');

  beforeAll(async () => {
    sink = await SmtpSink.start();
    api = await startApi({ clock, env: { SMTP_URL: sink.url, AUTH_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_MINUTE: '10000' } });
    worker = await startWorker(api.config, { clock });
    const a = await api.app.get(AccountsService).create({ email: 'agent@example.test', emailVerified: true, roles: ['customer', 'agent'] });
    agent = asAgent(api, await sessionCookie(api, a.id));
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await sink.stop();
  });

  const origin = () => new URL(api.url).origin;
  const feed = (etag?: string) => {
    const r = request(api.url).get('/api/public/testimonials');
    return etag ? r.set('If-None-Match', etag) : r;
  };
  const mailTo = (email: string, subject: RegExp, nth = 0) =>
    sink
      .waitFor(() => sink.to(email).filter((m) => subject.test(m.subject)).length > nth)
      .then(() => sink.to(email).filter((m) => subject.test(m.subject))[nth]);
  const linkIn = (body: string, kind: 'consent' | 'withdraw') => {
    const m = LINK(kind).exec(body.replace(/=\r?\n/g, ''));
    if (!m) throw new Error(`no ${kind} link in the email`);
    return new URL(m[0]);
  };

  async function drafted(customer: SignedInClient, overrides: Parameters<typeof aTestimonialDraft>[1] = {}) {
    const res = await agent.post('/api/agent/testimonials').send(aTestimonialDraft(customer.account.subjectId, overrides)).expect(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), status: 'draft' });
    return res.body.id as string;
  }

  it('draft → consent email → grant with a limited scope → publish → feed shows only the allowed fields → withdraw by the email link → gone on the next request', async () => {
    const customer = await signedInCustomer(api, { email: 'kari.quote@example.test' });
    const id = await drafted(customer, {
      quote: 'Our DSARs take minutes now.',
      display: { name: 'Kari Nordmann', jobTitle: 'CTO', company: 'Fjord AS' },
      materialConnection: 'Received a 20% discount',
    });
    expect((await agent.post(`/api/agent/testimonials/${id}/publish`).expect(409)).body.code).toBe('NO_CONSENT');

    const requested = await agent.post(`/api/agent/testimonials/${id}/consent-request`).expect(202);
    expect(requested.body.status).toBe('consent_requested');
    const mail = await mailTo('kari.quote@example.test', /May we publish your testimonial/);
    expect(mail.body).toContain('Our DSARs take minutes now.');
    const link = linkIn(mail.body, 'consent');
    const token = link.searchParams.get('token')!;

    // the page shows the exact text and how it will appear, and decides nothing by itself
    const page = await request(api.url).get(`${link.pathname}${link.search}`).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Our DSARs take minutes now.');
    expect(page.text).toContain('Received a 20% discount');
    expect(page.text).toContain('name="show" value="jobTitle"');
    expect((await agent.get(`/api/agent/testimonials/${id}`)).body.status).toBe('consent_requested');

    const granted = await request(api.url)
      .post(`/api/testimonials/${id}/consent`)
      .set('Origin', origin())
      .send({ decision: 'grant', show: ['jobTitle', 'company'], token })
      .expect(200);
    expect(granted.body).toMatchObject({ id, status: 'consented', receiptId: expect.any(String) });
    const receipt = await mailTo('kari.quote@example.test', /receipt/);
    expect(receipt.body).toContain(granted.body.receiptId);
    const withdrawLink = linkIn(receipt.body, 'withdraw');

    await agent.post(`/api/agent/testimonials/${id}/publish`).expect(200, { id, status: 'published' });
    const first = await feed().expect(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.etag).toBeTruthy();
    const item = first.body.find((t: { id: string }) => t.id === id);
    expect(item).toEqual({ id, quote: 'Our DSARs take minutes now.', jobTitle: 'CTO', company: 'Fjord AS', disclosure: 'Received a 20% discount' });
    const embed = await request(api.url).get('/testimonials/embed?lang=nb').expect(200);
    expect(embed.text).toContain('Our DSARs take minutes now.');
    expect(embed.text).not.toContain('Kari Nordmann');
    expect(embed.headers['cache-control']).toBe('no-cache');

    // a cache revalidates: unchanged → 304
    await feed(first.headers.etag).expect(304);

    await request(api.url)
      .post(`/api/testimonials/${id}/withdraw`)
      .set('Origin', origin())
      .send({ token: withdrawLink.searchParams.get('token') })
      .expect(200, { id, status: 'withdrawn' });
    const after = await feed(first.headers.etag).expect(200);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(after.body.map((t: { id: string }) => t.id)).not.toContain(id);
    await request(api.url).get('/testimonials/embed').set('If-None-Match', embed.headers.etag).expect(200);
    expect((await agent.post(`/api/agent/testimonials/${id}/publish`).expect(409)).body.code).toBe('CONSENT_WITHDRAWN');

    const withdrawnReceipt = await mailTo('kari.quote@example.test', /withdrew/);
    expect(withdrawnReceipt.body).toContain('SHA-256');
    const detail = (await agent.get(`/api/agent/testimonials/${id}`).expect(200)).body;
    expect(detail.consentRecords.map((r: { event: string; method: string }) => `${r.event}:${r.method}`)).toEqual(['granted:link', 'withdrawn:link']);
    expect(detail).toMatchObject({ endedBy: customer.account.subjectId, endReason: 'withdrawn', endedAt: expect.any(String) });
    expect(detail.consentRecords[1].endsReceiptId).toBe(granted.body.receiptId);
  });

  it('refuses to publish after the text changed since consent, and the new text needs a new consent (nb email)', async () => {
    const customer = await signedInCustomer(api, { email: 'ola.edit@example.test', locale: 'nb' });
    const id = await drafted(customer);
    await agent
      .post(`/api/agent/testimonials/${id}/consent`)
      .send({ show: ['name'], callReference: 'CALL-2026-06-01-17' })
      .expect(201);
    await mailTo('ola.edit@example.test', /kvittering/);
    const edited = await agent.patch(`/api/agent/testimonials/${id}`).send({ quote: 'An edited quote that says something else.' }).expect(200);
    expect(edited.body).toMatchObject({ status: 'draft', textVersion: 2 });
    const refused = await agent.post(`/api/agent/testimonials/${id}/publish`).expect(409);
    expect(refused.body).toMatchObject({ code: 'TEXT_CHANGED_SINCE_CONSENT', message: expect.stringContaining('text changed') });

    await agent.post(`/api/agent/testimonials/${id}/consent-request`).expect(202);
    await mailTo('ola.edit@example.test', /Kan vi publisere uttalelsen din/);
    // signed in, the customer decides in My Profile
    const mine = await customer.get('/profile/testimonials').set('Accept', 'text/html').expect(200);
    expect(mine.text).toContain('An edited quote that says something else.');
    expect(mine.text).toContain(`action="/profile/testimonials/${id}/consent"`);
    await customer
      .post(`/api/testimonials/${id}/consent`)
      .send({ decision: 'grant', show: ['name', 'company'] })
      .expect(200);
    await agent.post(`/api/agent/testimonials/${id}/publish`).expect(200);
    const records = (await agent.get(`/api/agent/testimonials/${id}`)).body.consentRecords;
    expect(records.map((r: { method: string; textVersion: number }) => `${r.method}:${r.textVersion}`)).toEqual(['agent_recorded_call:1', 'my_profile:2']);
    expect(records[0].textSha256).not.toBe(records[1].textSha256);
  });

  it('asks the author again after TESTIMONIAL_RECONFIRM_DAYS and takes the quote down when they do not answer within the grace', async () => {
    const customer = await signedInCustomer(api, { email: 'per.reconfirm@example.test' });
    const id = await drafted(customer);
    await agent.post(`/api/agent/testimonials/${id}/consent-request`).expect(202);
    await customer
      .post(`/api/testimonials/${id}/consent`)
      .send({ decision: 'grant', show: ['name'] })
      .expect(200);
    await agent.post(`/api/agent/testimonials/${id}/publish`).expect(200);
    const jobs = api.app.get(TestimonialsReconfirmService);
    expect(await jobs.run()).toEqual({ asked: 0, takenDown: 0 });

    clock.advance(366 * DAY_MS);
    // (quotes of the other tests in this file are due as well)
    expect(await jobs.run()).toMatchObject({ asked: expect.any(Number), takenDown: 0 });
    expect((await agent.get(`/api/agent/testimonials/${id}`)).body.takedownDueAt).toBe(new Date(clock.now().getTime() + 30 * DAY_MS).toISOString());
    await mailTo('per.reconfirm@example.test', /still stand by/);
    expect((await feed()).body.map((t: { id: string }) => t.id)).toContain(id);

    clock.advance(31 * DAY_MS);
    expect((await jobs.run()).takenDown).toBeGreaterThanOrEqual(1);
    expect((await agent.get(`/api/agent/testimonials/${id}`)).body).toMatchObject({ status: 'removed', consentState: 'expired', endReason: 'consent_expired' });
    expect((await feed()).body.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await agent.post(`/api/agent/testimonials/${id}/publish`).expect(409)).body.code).toBe('CONSENT_EXPIRED');
    await mailTo('per.reconfirm@example.test', /expired/);
    expect(await jobs.run()).toEqual({ asked: 0, takenDown: 0 });
  });

  it('erasing the customer removes the testimonial from the feed and the database, keeping only a non-personal proof', async () => {
    const customer = await signedInCustomer(api, { email: 'erase.quote@example.test' });
    const id = await drafted(customer, { display: { name: 'Zelda Erasable', company: 'Gone AS' } });
    await agent.post(`/api/agent/testimonials/${id}/consent-request`).expect(202);
    await customer
      .post(`/api/testimonials/${id}/consent`)
      .send({ decision: 'grant', show: ['name', 'company'] })
      .expect(200);
    await agent.post(`/api/agent/testimonials/${id}/publish`).expect(200);
    expect((await feed()).body.map((t: { id: string }) => t.id)).toContain(id);
    await mailTo('erase.quote@example.test', /receipt/);

    const result = await api.app.get(ErasureService).eraseSubjects([{ accountId: customer.account.id }], 'request');
    expect(result.erased).toContain(customer.account.id);
    expect((await feed()).body.map((t: { id: string }) => t.id)).not.toContain(id);
    expect(await api.app.get(ResidueSweepService).sweep()).toMatchObject({ residue: 0 });
    // (the audit trail keeps the opaque subject id by design: its mapping to the person died with the account)
    expect(await findIdentifiers(api.connection, ['erase.quote@example.test', 'Zelda Erasable', customer.account.id])).toEqual([]);
    expect(await findIdentifiers(api.connection, [customer.account.subjectId], ['audit_events'])).toEqual([]);
    expect(await api.connection.collection('testimonials').countDocuments({ _id: new Types.ObjectId(id) })).toBe(0);
    const proof = await api.connection.collection('testimonial_consent_records').find({ testimonialId: id }).toArray();
    expect(proof).toHaveLength(1);
    expect(proof[0]).toMatchObject({
      receiptId: expect.any(String),
      textSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      at: expect.any(Date),
      erasedAt: expect.any(Date),
    });
    expect(proof[0].quote).toBeUndefined();
    expect(proof[0].display).toBeUndefined();
  });

  it('works as plain pages too: the form behind the emailed link grants, the page behind the receipt link withdraws (nb)', async () => {
    const customer = await signedInCustomer(api, { email: 'siri.pages@example.test', locale: 'nb' });
    const id = await drafted(customer, { display: { name: 'Siri Side', jobTitle: 'Daglig leder' } });
    await agent.post(`/api/agent/testimonials/${id}/consent-request`).expect(202);
    const link = linkIn((await mailTo('siri.pages@example.test', /Kan vi publisere/)).body, 'consent');
    const page = await request(api.url).get(`${link.pathname}${link.search}&lang=nb`).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Slik vil den se ut');
    const done = await request(api.url)
      .post(link.pathname)
      .set('Origin', origin())
      .set('Accept', 'text/html')
      .type('form')
      .send(`token=${link.searchParams.get('token')}&show=jobTitle&decision=grant&lang=nb`)
      .expect(200);
    expect(done.text).toMatch(/Thank you|Takk/);
    const t = (await agent.get(`/api/agent/testimonials/${id}`)).body;
    expect(t).toMatchObject({ status: 'consented', consent: { scope: ['jobTitle'] } });
    await agent.post(`/api/agent/testimonials/${id}/publish`).expect(200);
    expect((await feed()).body.find((f: { id: string }) => f.id === id)).toEqual({ id, quote: expect.any(String), jobTitle: 'Daglig leder' });

    const withdrawLink = linkIn((await mailTo('siri.pages@example.test', /kvittering/)).body, 'withdraw');
    await request(api.url).get(`${withdrawLink.pathname}${withdrawLink.search}`).set('Accept', 'text/html').expect(200);
    await request(api.url)
      .post(withdrawLink.pathname)
      .set('Origin', origin())
      .set('Accept', 'text/html')
      .type('form')
      .send({ token: withdrawLink.searchParams.get('token') })
      .expect(200);
    expect((await feed()).body.map((f: { id: string }) => f.id)).not.toContain(id);
    // the used request link no longer decides anything
    await request(api.url).get(`${link.pathname}${link.search}`).set('Accept', 'text/html').expect(404);
  });

  it('answers bad input with a clear 4xx', async () => {
    const customer = await signedInCustomer(api);
    const bad = await agent.post('/api/agent/testimonials').send({ subjectId: customer.account.subjectId, quote: '', display: {} }).expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/quote|name/);
    expect((await agent.post('/api/agent/testimonials').send(aTestimonialDraft('nosuchsubject123')).expect(404)).body.code).toBe('ACCOUNT_NOT_FOUND');
    await agent.post('/api/agent/testimonials/not-an-id/publish').expect(400);
    expect((await agent.post('/api/agent/testimonials/0123456789abcdef01234567/publish').expect(404)).body.code).toBe('TESTIMONIAL_NOT_FOUND');
    const id = await drafted(customer);
    await customer.post(`/api/testimonials/${id}/consent`).send({ decision: 'maybe' }).expect(400);
    await customer
      .post(`/api/testimonials/${id}/consent`)
      .send({ decision: 'grant', show: ['email'] })
      .expect(400);
    expect(
      (await request(api.url).post(`/api/testimonials/${id}/consent`).set('Origin', origin()).send({ decision: 'grant', token: 'forged' }).expect(404)).body
        .code,
    ).toBe('CONSENT_LINK_INVALID');
    expect((await request(api.url).get(`/testimonials/${id}/consent?token=forged`).set('Accept', 'text/html').expect(404)).text).toContain('not valid');
    // a draft nobody asked about cannot be decided on yet
    expect(
      (
        await customer
          .post(`/api/testimonials/${id}/consent`)
          .send({ decision: 'grant', show: ['name'] })
          .expect(409)
      ).body.code,
    ).toBe('TESTIMONIAL_STATE');
  });
});
