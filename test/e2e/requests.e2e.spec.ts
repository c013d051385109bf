import request from 'supertest';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ManualClock } from '../../src/core/clock/clock';
import { CHILD_REPORT_DECIDED_EVENT, CHILD_REPORT_EVENT, ChildReportEvent } from '../../src/modules/minors/minors.events';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { RequestsJobsService } from '../../src/modules/requests/requests-jobs.service';
import { linkIn, tokenOf, uniqueEmail, verifiedRequest, withRole } from '../factories/requests';
import { findIdentifiers } from '../support/residue';
import { signedInCustomer } from '../support/session-cookie';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { waitUntil } from '../support/processes';

describe('Requests desk', () => {
  const clock = new ManualClock('2026-01-31T09:00:00.000Z');
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  let agent: Awaited<ReturnType<typeof withRole>>;
  const DIGEST = 'desk@example.test';

  beforeAll(async () => {
    sink = await SmtpSink.start();
    api = await startApi({
      clock,
      env: { SMTP_URL: sink.url, AUTH_RATE_LIMIT_PER_MINUTE: '10000', REQUESTS_PER_IP_PER_HOUR: '10000', REQUESTS_DIGEST_TO: DIGEST },
    });
    worker = await startWorker(api.config, { clock });
    agent = await withRole(api, 'agent');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.stop();
  });

  const mailTo = (email: string, subject: RegExp) => sink.waitFor((m) => m.to.includes(email) && subject.test(m.subject));
  const post = (p: string) => request(api.url).post(p).set('Origin', api.url);

  it('access: a public request is verified by a one-time link, due one calendar month later (31 Jan → 28 Feb), and completed with an expiring link to the export', async () => {
    const email = uniqueEmail('access');
    const res = await post('/api/requests').send({ type: 'access', email, details: 'all you have' }).expect(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^req_/), status: 'awaiting_verification' });
    const verifyMail = await mailTo(email, /Confirm your data-rights request/);
    const link = linkIn(verifyMail, '/requests/verify');
    expect(link.startsWith(`${api.url}/requests/verify?token=`)).toBe(true);
    // the page posts the token; GET changes nothing
    const page = await request(api.url)
      .get(`/requests/verify?token=${tokenOf(link)}`)
      .expect(200);
    expect(page.text).toContain('action="/requests/verify"');
    expect((await agent.get(`/api/agent/requests/${res.body.id}`).expect(200)).body.status).toBe('awaiting_verification');

    const v = await post('/api/requests/verify')
      .send({ token: tokenOf(link) })
      .expect(200);
    expect(v.body).toEqual({ id: res.body.id, status: 'verified' });
    await post('/api/requests/verify')
      .send({ token: tokenOf(link) })
      .expect(410); // single use
    const received = await mailTo(email, /working on your request/);
    expect(received.body).toContain('28 February 2026');

    const detail = (await agent.get(`/api/agent/requests/${res.body.id}`).expect(200)).body;
    expect(detail.dueAt).toBe('2026-02-28T09:00:00.000Z');
    expect(detail.timeline.map((e: { what: string }) => e.what)).toEqual(
      expect.arrayContaining(['awaiting_verification', 'verified', 'requests.verify', 'requests.received']),
    );

    const status = await request(api.url)
      .get(`/requests/status?token=${tokenOf(linkIn(received, '/requests/status'))}`)
      .expect(200);
    expect(status.text).toContain('28 February 2026');

    const done = await agent.post(`/api/agent/requests/${res.body.id}/complete`).send({}).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', outcome: { kind: 'access' } });
    const ready = await mailTo(email, /copy of your data is ready/);
    const accessToken = tokenOf(linkIn(ready, '/requests/access'));
    const exported = await post('/api/requests/access').send({ token: accessToken }).expect(200);
    const mine = exported.body.modules.find((m: { module: string }) => m.module === 'requests');
    expect(JSON.stringify(mine.data)).toContain(email);
    expect(mine.describes[0].fields[0]).toMatchObject({
      purpose: expect.any(String),
      legalBasis: expect.any(String),
      retention: expect.any(String),
      source: expect.any(String),
    });
    // the link expires
    clock.advance(8 * 86_400_000);
    await post('/api/requests/access').send({ token: accessToken }).expect(410);
  });

  it('answers the same for a known and an unknown address, and refuses a bad type with a 400 naming it', async () => {
    const known = await signedInCustomer(api);
    const a = await post('/api/requests').send({ type: 'confirmation', email: known.account.email }).expect(202);
    const b = await post('/api/requests')
      .send({ type: 'confirmation', email: uniqueEmail('nobody') })
      .expect(202);
    expect(Object.keys(a.body)).toEqual(Object.keys(b.body));
    expect(a.body.status).toBe(b.body.status);
    const bad = await post('/api/requests').send({ type: 'everything', email: 'x@example.test' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('type must be one of');
    await post('/api/requests').send({ type: 'access', email: 'x@example.test', admin: true }).expect(400);
  });

  it('the public form (nb) is refused without Origin or token, validated as a DTO, and sends the verification email', async () => {
    const page = await request(api.url).get('/requests/new?lang=nb').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Har dere opplysninger om meg?');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const cookies = ((page.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => c.split(';')[0]).join('; ');
    const email = uniqueEmail('form');
    const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
    await request(api.url)
      .post('/requests/new')
      .set('Cookie', cookies)
      .type('form')
      .send(form({ type: 'confirmation', email, locale: 'nb' }))
      .expect(403); // no token, no Origin
    // Browsers send Origin with a form POST: that is what an anonymous visitor's form passes on (no session to bind a token to)
    const bad = await request(api.url)
      .post('/requests/new')
      .set('Cookie', cookies)
      .set('Origin', api.url)
      .type('form')
      .send(form({ _csrf: token, type: 'nonsense', email, locale: 'nb' }))
      .expect(400);
    expect(bad.text).toMatch(/type must be one of|VALIDATION_FAILED/);
    const sent = await request(api.url)
      .post('/requests/new')
      .set('Cookie', cookies)
      .set('Origin', api.url)
      .type('form')
      .send(form({ _csrf: token, type: 'confirmation', email, details: 'trial form', locale: 'nb' }))
      .expect(202);
    expect(sent.text).toContain('Sjekk e-posten din');
    const mail = await sink.waitFor((m) => m.to.includes(email) && m.body.includes('Bekreft at adressen er din'));
    expect(linkIn(mail, '/requests/verify')).toContain('/requests/verify?token=');
  });

  it('limits intake per address (429 naming the limit) without telling whether the address is known', async () => {
    const email = uniqueEmail('flood');
    for (let i = 0; i < 5; i++) await post('/api/requests').send({ type: 'access', email }).expect(202);
    const sixth = await post('/api/requests').send({ type: 'access', email }).expect(429);
    expect(sixth.body.code).toBe('REQUEST_RATE_LIMITED');
  });

  it('confirmation: "do you hold data about me?" is answered yes with categories for an account with a verified address', async () => {
    const me = await signedInCustomer(api);
    const { id } = await verifiedRequest(api, sink, { type: 'confirmation', email: me.account.email });
    const done = await agent.post(`/api/agent/requests/${id}/complete`).send({}).expect(200);
    expect(done.body.outcome).toMatchObject({ kind: 'confirmation', holds: true, categories: expect.arrayContaining(['contact']) });
    await mailTo(me.account.email!, /request is done/);
  });

  it('extension: one, before the original due date, with the requester told; refused a second time and after the due date', async () => {
    const email = uniqueEmail('ext');
    const { id } = await verifiedRequest(api, sink, { type: 'access', email });
    const before = (await agent.get(`/api/agent/requests/${id}`)).body;
    const ext = await agent.post(`/api/agent/requests/${id}/extend`).send({ reason: 'many systems to search' }).expect(200);
    expect(new Date(ext.body.dueAt).getTime()).toBeGreaterThan(new Date(before.dueAt).getTime());
    const notice = await mailTo(email, /need more time/);
    expect(notice.body).toContain('many systems to search');
    const again = await agent.post(`/api/agent/requests/${id}/extend`).send({ reason: 'still more' }).expect(409);
    expect(again.body.code).toBe('EXTENSION_ALREADY_USED');
    const status = await request(api.url)
      .get(`/requests/status?token=${tokenOf(linkIn(notice, '/requests/status'))}`)
      .expect(200);
    expect(status.text).toContain('many systems to search');

    const late = await verifiedRequest(api, sink, { type: 'access', email: uniqueEmail('late') });
    clock.advance(32 * 86_400_000);
    const refused = await agent.post(`/api/agent/requests/${late.id}/extend`).send({ reason: 'too late now' }).expect(409);
    expect(refused.body.code).toBe('EXTENSION_TOO_LATE');
    // the overdue view finds it
    const overdue = await agent.get(`/api/agent/requests?dueBefore=${clock.now().toISOString()}&status=verified`).expect(200);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(late.id);
    expect(overdue.body.items[0]).toEqual({
      id: expect.any(String),
      type: expect.any(String),
      status: 'verified',
      channel: 'web',
      dueAt: expect.any(String),
      assignee: null,
      createdAt: expect.any(String),
    });
    // the daily digest reaches the agents through the outbox
    await api.app.get(RequestsJobsService).digest({ slot: clock.now().toISOString() });
    const digest = await mailTo(DIGEST, /Requests desk/);
    expect(digest.body).toContain(late.id);
  });

  it('expiry: an unverified request is purged with its data once its time is up, and its link stops working', async () => {
    const email = uniqueEmail('expire');
    const res = await post('/api/requests').send({ type: 'erasure', email, details: 'my forum posts' }).expect(202);
    const mail = await mailTo(email, /Confirm your data-rights request/);
    clock.advance(25 * 3_600_000);
    await post('/api/requests/verify')
      .send({ token: tokenOf(linkIn(mail, '/requests/verify')) })
      .expect(410);
    expect(await worker.app.get(RequestsJobsService).expire()).toBeGreaterThanOrEqual(1);
    await agent.get(`/api/agent/requests/${res.body.id}`).expect(404);
    expect(await api.connection.collection('data_requests').countDocuments({ email })).toBe(0);
  });

  it('erasure: a person without an account is erased at once, with no residue, and the record keeps only the proof', async () => {
    const email = uniqueEmail('noacct');
    const { id } = await verifiedRequest(api, sink, { type: 'erasure', email, details: 'a colleague entered me in the trial form' });
    const done = await agent.post(`/api/agent/requests/${id}/complete`).send({}).expect(200);
    expect(done.body.outcome.kind).toBe('erasure');
    await mailTo(email, /request is done/);
    await waitUntil(async () => (await findIdentifiers(api.connection, [email])).length === 0, 'no residue of the address');
    const kept = (await agent.get(`/api/agent/requests/${id}`).expect(200)).body;
    expect(kept).toMatchObject({ type: 'erasure', status: 'completed', email: null, details: null });
  });

  it('erasure of an account whose verified address equals the requester; kept items are named', async () => {
    const me = await signedInCustomer(api);
    const res = await me.post('/api/requests').send({ type: 'erasure', email: me.account.email }).expect(202);
    expect(res.body.status).toBe('verified'); // already verified: no extra step
    const done = await agent.post(`/api/agent/requests/${res.body.id}/complete`).send({}).expect(200);
    expect(done.body.outcome).toMatchObject({ kind: 'erasure', kept: expect.any(Array) });
  });

  it('rectification: the profile change is recorded as made by the agent and the person is told', async () => {
    const me = await signedInCustomer(api);
    const res = await me.post('/api/requests').send({ type: 'rectification', email: me.account.email, details: 'my name is Kari Nordmann' }).expect(202);
    await agent
      .post(`/api/agent/requests/${res.body.id}/complete`)
      .send({ changes: { unknownField: 1 } })
      .expect(400);
    const done = await agent
      .post(`/api/agent/requests/${res.body.id}/complete`)
      .send({ changes: { name: 'Kari Nordmann' } })
      .expect(200);
    expect(done.body.outcome.kind).toBe('rectification');
    const history = await me.get('/api/profile/history').expect(200);
    expect(JSON.stringify(history.body)).toContain('agent');
    await mailTo(me.account.email!, /request is done/);
  });

  it('objection: the address goes on the suppression list, which survives erasure', async () => {
    const email = uniqueEmail('object');
    const { id } = await verifiedRequest(api, sink, { type: 'objection', email });
    await agent.post(`/api/agent/requests/${id}/complete`).send({}).expect(200);
    expect(await api.app.get(NotificationsService).mayMarketTo(email)).toBe(false);
    await mailTo(email, /request is done/);
  });

  it('child_report: handed to the minors queue on verification; the decision completes it and the reporter hears only the outcome', async () => {
    const events = api.app.get(EventEmitter2);
    const seen: ChildReportEvent[] = [];
    const listener = (e: ChildReportEvent) => void seen.push(e);
    events.on(CHILD_REPORT_EVENT, listener);
    try {
      const email = uniqueEmail('parent');
      const { id } = await verifiedRequest(api, sink, { type: 'child_report', email, childEmail: 'kid@example.test', details: 'my son is 11' });
      expect(seen).toEqual([expect.objectContaining({ requestId: id, reporterEmail: email, childEmail: 'kid@example.test' })]);
      expect((await agent.get(`/api/agent/requests/${id}`)).body.status).toBe('in_progress');
      await events.emitAsync(CHILD_REPORT_DECIDED_EVENT, {
        requestId: id,
        outcome: 'confirmed',
        reason: 'internal: matched by birthday',
        decidedBy: agent.account.subjectId,
      });
      expect((await agent.get(`/api/agent/requests/${id}`)).body.status).toBe('completed');
      const mail = await mailTo(email, /request is done/);
      expect(mail.body).not.toContain('matched by birthday');
    } finally {
      events.off(CHILD_REPORT_EVENT, listener);
    }
  });

  it('agent intake on someone’s behalf, duplicates linked, processor case referred to the controller, rejection with a reason', async () => {
    const email = uniqueEmail('phone');
    const entered = await agent
      .post('/api/agent/requests')
      .send({ type: 'access', email, channel: 'phone', reference: 'call 42', details: 'called in' })
      .expect(202);
    expect(entered.body.status).toBe('awaiting_verification');
    await agent.post('/api/agent/requests').send({ type: 'access', email, channel: 'fax' }).expect(400);
    const mail = await mailTo(email, /Confirm your data-rights request/);
    await post('/api/requests/verify')
      .send({ token: tokenOf(linkIn(mail, '/requests/verify')) })
      .expect(200);
    const dup = await verifiedRequest(api, sink, { type: 'access', email });
    expect((await agent.get(`/api/agent/requests/${dup.id}`)).body.duplicateOf).toBe(entered.body.id);
    const detail = (await agent.get(`/api/agent/requests/${entered.body.id}`)).body;
    expect(detail).toMatchObject({ channel: 'phone', reference: 'call 42' });

    const referred = await agent.post(`/api/agent/requests/${dup.id}/complete`).send({ referTo: 'Acme Helpdesk AS' }).expect(200);
    expect(referred.body.outcome).toMatchObject({ kind: 'refer_to_controller', controller: 'Acme Helpdesk AS' });
    expect((await mailTo(email, /another company controls/)).body).toContain('Acme Helpdesk AS');

    await agent.post(`/api/agent/requests/${entered.body.id}/notes`).send({ text: 'asked for ID' }).expect(201);
    const rejected = await agent.post(`/api/agent/requests/${entered.body.id}/reject`).send({ reason: 'manifestly unfounded' }).expect(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await mailTo(email, /About your data-rights request/)).body).toContain('manifestly unfounded');
    await agent.post(`/api/agent/requests/${entered.body.id}/complete`).send({}).expect(409);
  });

  it('role matrix: anonymous, customer, agent and admin on every new route', async () => {
    const customer = await withRole(api, null);
    const admin = await withRole(api, 'admin');
    const { id } = await verifiedRequest(api, sink, { type: 'access', email: uniqueEmail('matrix') });
    const agentRoutes: [string, string][] = [
      ['get', '/api/agent/requests'],
      ['get', `/api/agent/requests/${id}`],
      ['post', '/api/agent/requests'],
      ['post', `/api/agent/requests/${id}/complete`],
      ['post', `/api/agent/requests/${id}/extend`],
      ['post', `/api/agent/requests/${id}/reject`],
      ['post', `/api/agent/requests/${id}/notes`],
      ['post', `/api/agent/requests/${id}/assign`],
      ['post', `/api/agent/requests/${id}/start`],
      ['get', '/agent/requests'],
      ['get', `/agent/requests/${id}`],
    ];
    for (const [method, path] of agentRoutes) {
      const anon = method === 'get' ? request(api.url).get(path) : post(path).send({});
      expect([401, 302, 303]).toContain((await anon).status);
      expect((await (method === 'get' ? customer.get(path) : customer.post(path).send({}))).status).toBe(403);
      expect((await (method === 'get' ? admin.get(path) : admin.post(path).send({}))).status).toBe(403);
    }
    expect((await agent.get('/api/agent/requests')).status).toBe(200);
    expect((await agent.get('/agent/requests')).status).toBe(200);
    expect((await agent.get(`/agent/requests/${id}?lang=nb`)).text).toContain('Tidslinje');
    // public routes: anyone, signed in or not
    for (const client of [customer, agent, admin]) expect((await client.get('/requests/new')).status).toBe(200);
    expect((await request(api.url).get('/requests/new?lang=nb')).text).toContain('Spør om opplysningene dine');
    await post('/api/requests/verify')
      .send({ token: 'x'.repeat(40) })
      .expect(410);
    await request(api.url)
      .get(`/requests/status?token=${'y'.repeat(40)}`)
      .expect(410);
  });
});
