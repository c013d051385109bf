import { getModelToken } from '@nestjs/mongoose';
import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import request from 'supertest';
import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { ResidueSweepService } from '../../src/modules/erasure/residue-sweep.service';
import { ErasureRunDoc } from '../../src/modules/erasure/schemas/erasure-run.schema';
import { SessionsService } from '../../src/modules/identity/sessions.service';
import { MinorsJobsService } from '../../src/modules/minors/minors-jobs.service';
import { MinorsRepository } from '../../src/modules/minors/minors.repository';
import { uniqueEmail, verifiedRequest, withRole } from '../factories/requests';
import { FakeOAuthProvider, FakeUser } from '../support/fake-oauth-provider';
import { browserAgent } from '../support/http';
import { waitUntil } from '../support/processes';
import { findIdentifiers } from '../support/residue';
import { finishFlow, signIn, startFlow, stepUp } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

describe('Children under 13', () => {
  // 10 March 2026: someone born 1 June 2013 is 12, someone born 10 March 2013 turned 13 today
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  let idp: FakeOAuthProvider;
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  let agent: Awaited<ReturnType<typeof withRole>>;

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    idp.now = () => clock.now();
    sink = await SmtpSink.start();
    api = await startApi({
      clock,
      env: {
        ...idp.envFor(),
        SMTP_URL: sink.url,
        AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        REQUESTS_PER_IP_PER_HOUR: '10000',
        MINOR_BLOCK_DAYS: '200',
        MINOR_AGE_BY_COUNTRY: 'DE:16,FR:15',
      },
    });
    worker = await startWorker(api.config, { clock });
    agent = await withRole(api, 'agent');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.stop();
    await idp?.stop();
  });

  const person = (name: string, over: Partial<FakeUser> = {}): FakeUser => {
    const tag = randomBytes(4).toString('hex');
    return { sub: `${name}-${tag}`, email: `${name}-${tag}@example.com`, email_verified: true, name: `${name} ${tag}`, ...over };
  };
  const accountOf = async (email: string) => (await api.app.get(AccountsService).findByEmail(email))[0];
  const runs = () => api.app.get<Model<ErasureRunDoc>>(getModelToken(ErasureRunDoc.name));
  const erased = async (accountId: string) => {
    await waitUntil(async () => (await api.app.get(AccountsService).findById(accountId)) === null, 'account erased');
    await waitUntil(async () => (await runs().countDocuments({ status: { $in: ['erased', 'verified'] }, reason: 'minor' })) > 0, 'erasure run done');
  };

  it('a first sign-in whose date of birth makes the person 12 ends suspended, sessions gone, erased with no residue; the same provider account, the same email and another date in the same browser are refused', async () => {
    const kid = person('kid');
    const { agent: browser, response } = await signIn(api, idp, 'google', kid, undefined, { ageCheck: false });
    expect([response.status, response.headers.location]).toEqual([302, '/profile']);

    // Nothing works before the age screen: the API says so, pages go to the screen
    expect((await browser.get('/api/profile').expect(403)).body.code).toBe('AGE_CHECK_REQUIRED');
    const page = await browser.get('/profile').set('Accept', 'text/html').expect(303);
    expect(page.headers.location).toBe('/age-check?next=%2Fprofile');
    const screen = await browser.get('/age-check?next=%2Fprofile').set('Accept', 'text/html').expect(200);
    const form = /<form[^>]*data-age-check[^]*?<\/form>/.exec(screen.text)![0];
    expect(form).toContain('type="date"');
    expect(form.replace(/<[^>]*>/g, ' ')).not.toMatch(/\d/); // no hint of a cut-off in what it says
    expect(/<input type="date"[^>]*>/.exec(form)![0]).not.toMatch(/value=|min=|max=/); // nothing pre-filled or bounded
    await browser.get('/children-privacy').expect(200);

    const account = await accountOf(kid.email!);
    expect(account.status).toBe('active');
    const refused = await browser.post('/api/age-check').send({ dateOfBirth: '2013-06-01' }).expect(403);
    expect(refused.body.code).toBe('ACCOUNT_BLOCKED');
    expect(JSON.stringify(refused.body)).not.toMatch(/\b13\b|\bage\b|child/i);
    expect(String(refused.headers['set-cookie'])).toContain('rd.agecheck=');

    expect((await api.app.get(AccountsService).findById(account.id))?.status ?? 'erased').not.toBe('active');
    expect(await api.app.get(SessionsService).listByAccount(account.id)).toEqual([]);
    await browser.get('/api/me').expect(401);

    await erased(account.id);
    await waitUntil(
      async () => {
        await api.app.get(ResidueSweepService).sweep();
        return (await findIdentifiers(api.connection, [kid.email!], ['erasure_runs'])).length === 0;
      },
      'erasure verified and receipt scrubbed',
      20000,
    );
    expect(await findIdentifiers(api.connection, [account.id, kid.email!, kid.sub, kid.name!])).toEqual([]);
    expect((await findIdentifiers(api.connection, [account.subjectId])).every((h) => h.startsWith('audit_events:'))).toBe(true);

    // The same provider account, and the same address at another provider: the neutral refusal
    const again = await signIn(api, idp, 'google', kid, browserAgent(api));
    expect(again.response.status).toBe(403);
    expect(again.response.text).toContain('This account cannot be used to sign in');
    expect(again.response.text).not.toMatch(/under 13|too young|date of birth/i);
    const sameEmail = await signIn(api, idp, 'linkedin', { ...kid, sub: `li-${kid.sub}` }, browserAgent(api));
    expect(sameEmail.response.status).toBe(403);
    expect(sameEmail.response.text).toContain('This account cannot be used to sign in');

    // Another account in the same browser, another date: refused too, and removed
    const other = person('retry');
    const retry = await signIn(api, idp, 'facebook', { ...other, email_verified: undefined }, browser, { ageCheck: false });
    expect(retry.response.status).toBe(302);
    expect((await browser.post('/api/age-check').send({ dateOfBirth: '1990-01-01' }).expect(403)).body.code).toBe('ACCOUNT_BLOCKED');
    const retried = await accountOf(other.email!);
    expect(retried?.status ?? 'erased').not.toBe('active');
  });

  it('an adult answer opens the account; the 13th birthday counts; a second answer is refused; bad dates are a 400 naming the field', async () => {
    const teen = person('teen');
    const { agent: browser } = await signIn(api, idp, 'google', teen, undefined, { ageCheck: false });
    const bad = await browser.post('/api/age-check').send({ dateOfBirth: '2013-02-30' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'dateOfBirth' })]);
    await browser.post('/api/age-check').send({ dateOfBirth: '2030-01-01' }).expect(400);
    await browser.post('/api/age-check').send({ dateOfBirth: '2013-03-10' }).expect(200, { status: 'passed' });
    await browser.post('/api/age-check').send({ dateOfBirth: '2015-03-10' }).expect(409);
    expect((await browser.get('/api/profile').expect(200)).body.dateOfBirth).toBe('2013-03-10');
    // returning sign-ins are not asked again
    const back = await signIn(api, idp, 'google', teen, browserAgent(api), { ageCheck: false });
    await back.agent.get('/api/profile').expect(200);
  });

  it('PATCH /api/profile with a date of birth under 13 suspends at once, ends the sessions and erases without grace', async () => {
    const p = person('patch');
    const { agent: browser } = await signIn(api, idp, 'google', p);
    const account = await accountOf(p.email!);
    await browser.patch('/api/profile').send({ dateOfBirth: '2014-01-01' }).expect(200);
    expect((await api.app.get(AccountsService).findById(account.id))?.status ?? 'erased').not.toBe('active');
    expect(await api.app.get(SessionsService).listByAccount(account.id)).toEqual([]);
    await browser.get('/api/me').expect(401);
    await erased(account.id);
    expect((await signIn(api, idp, 'google', p, browserAgent(api))).response.status).toBe(403);
  });

  it('Facebook’s age_range under 13 refuses the sign-in and removes the account; an adult range passes', async () => {
    const young = person('fbkid', { age_range: { max: 12 } });
    const res = await signIn(api, idp, 'facebook', young);
    expect(res.response.status).toBe(403);
    const account = await accountOf(young.email!);
    if (account) await erased(account.id);
    const adult = await signIn(api, idp, 'facebook', person('fbadult', { age_range: { min: 21 } }));
    expect(adult.response.status).toBe(302);
    await adult.agent.get('/api/profile').expect(200);
  });

  it('Facebook’s age_range under 13 on an identity being linked refuses the link and removes the account', async () => {
    const p = person('linker');
    const { agent: browser } = await signIn(api, idp, 'google', p);
    const account = await accountOf(p.email!);
    await stepUp(api, idp, p, browser);
    const flow = await startFlow(api, idp, 'facebook', person('linkedfb', { age_range: { max: 12 } }), browser, '?link=1');
    expect((await finishFlow(flow)).status).toBe(403);
    await erased(account.id);
  });

  it('a parent’s child_report: verified by the emailed link, the named account suspended meanwhile, confirmed by an agent, removed; the parent hears only the outcome', async () => {
    const child = person('reported');
    const { agent: childBrowser } = await signIn(api, idp, 'google', child);
    const account = await accountOf(child.email!);
    const parent = uniqueEmail('parent');
    const { id: requestId } = await verifiedRequest(api, sink, { type: 'child_report', email: parent, childEmail: child.email, details: 'my son is 11' });
    expect((await api.app.get(AccountsService).findById(account.id))!.status).toBe('suspended');
    await childBrowser.get('/api/me').expect(401);

    const queue = (await agent.get('/api/agent/minors?status=open').expect(200)).body;
    const report = queue.items.find((r: { requestId: string }) => r.requestId === requestId);
    expect(report).toMatchObject({
      source: 'request',
      status: 'open',
      account: { subjectId: account.subjectId, status: 'suspended' },
      suspendedByReport: true,
    });
    const page = await agent.get('/agent/minors').set('Accept', 'text/html').set('Accept-Language', 'nb').expect(200);
    expect(page.text).toContain('Meldinger om barn');

    await agent.post(`/api/agent/minors/${report.id}/confirm`).send({}).expect(400);
    const confirmed = await agent.post(`/api/agent/minors/${report.id}/confirm`).send({ reason: 'internal: the school confirmed his age' }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', decision: { outcome: 'confirmed', by: agent.account.subjectId } });
    await agent.post(`/api/agent/minors/${report.id}/dismiss`).send({ reason: 'too late' }).expect(409);

    const done = await sink.waitFor((m) => m.to.includes(parent) && /request is done/.test(m.subject));
    expect(done.body).toContain('removed the account');
    expect(done.body).not.toContain('school confirmed');
    expect(done.body).not.toContain(child.email!);
    expect((await agent.get(`/api/agent/requests/${requestId}`).expect(200)).body.status).toBe('completed');
    await erased(account.id);
    await waitUntil(
      async () => {
        await api.app.get(ResidueSweepService).sweep();
        return (await findIdentifiers(api.connection, [child.email!], ['erasure_runs'])).length === 0;
      },
      'erasure verified and receipt scrubbed',
      20000,
    );
    expect(await findIdentifiers(api.connection, [account.id, child.email!, child.sub])).toEqual([]);
    expect((await signIn(api, idp, 'google', child, browserAgent(api))).response.status).toBe(403);
  });

  it('an agent’s report by subject id suspends the account; dismissing it with a reason restores it; decisions are audited by subject id', async () => {
    const p = person('dismissed');
    const { agent: browser } = await signIn(api, idp, 'google', p);
    const account = await accountOf(p.email!);
    await agent.post('/api/agent/minors').send({ details: 'no target' }).expect(400);
    const made = await agent.post('/api/agent/minors').send({ subjectId: account.subjectId, details: 'chat said they are in 6th grade' }).expect(201);
    expect(made.body).toMatchObject({ source: 'agent', status: 'open', suspendedByReport: true });
    await browser.get('/api/me').expect(401);
    await agent.post(`/api/agent/minors/${made.body.id}/dismiss`).send({ reason: 'a teacher, not a pupil' }).expect(200);
    expect((await api.app.get(AccountsService).findById(account.id))!.status).toBe('active');
    const again = await signIn(api, idp, 'google', p, browserAgent(api), { ageCheck: false });
    await again.agent.get('/api/profile').expect(200);
    const audit = api.connection.collection('audit_events');
    const entries = await audit.find({ 'body.action': { $in: ['minors.report', 'minors.report.dismiss'] }, 'body.target': account.subjectId }).toArray();
    expect(entries.length).toBe(2);
    expect(JSON.stringify(entries)).not.toContain(p.email!);
  });

  it('/children-privacy states the retention policy from the configuration the jobs use, en and nb, linked from every page footer; the job deletes expired blocks', async () => {
    const en = await request(api.url).get('/children-privacy').expect(200);
    expect(en.text).toContain('Children’s privacy and data retention');
    expect(en.text).toContain('data-block-days="200"');
    expect(en.text).toContain('In DE: anyone under 16.');
    expect(en.text).toContain(api.config.minors.pruneCron);
    const nb = await request(api.url).get('/children-privacy?lang=nb').expect(200);
    expect(nb.text).toContain('Barns personvern og lagring av opplysninger');
    expect(nb.text).toContain('200 dager etter slettingen');
    const cookies = await request(api.url).get('/cookies').expect(200);
    expect(cookies.text).toContain('href="/children-privacy');

    const repo = api.app.get(MinorsRepository);
    expect(await repo.countBlocks()).toBeGreaterThan(0);
    clock.advance(199 * DAY_MS);
    expect((await worker.app.get(MinorsJobsService).prune()).blocks).toBe(0);
    clock.advance(2 * DAY_MS);
    expect((await worker.app.get(MinorsJobsService).prune()).blocks).toBeGreaterThan(0);
    expect(await repo.countBlocks()).toBe(0);
  });
});
