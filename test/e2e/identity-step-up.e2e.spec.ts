import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { FakeOAuthProvider, FakeUser } from '../support/fake-oauth-provider';
import { browserAgent } from '../support/http';
import { BrowserAgent, finishFlow, signIn, startFlow, stepUp } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('Step-up for security changes: a fresh sign-in made for it, other sessions end, a notice goes out', () => {
  let idp: FakeOAuthProvider;
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  const clock = new ManualClock('2026-05-04T08:00:00.000Z');
  let n = 0;
  const person = (): FakeUser => ({ sub: `g-step-${++n}`, email: `step${n}@example.com`, email_verified: true, name: `Step ${n}` });

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    idp.now = () => clock.now();
    sink = await SmtpSink.start();
    api = await startApi({ clock, env: { ...idp.envFor(), SMTP_URL: sink.url, ADMIN_EMAILS: 'step.admin@example.com', AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
    worker = await startWorker(api.config, { clock });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await sink.stop();
    await idp.stop();
  });

  /** Signed in twice (a laptop and a phone), as the same Google user. */
  async function twoBrowsers(u: FakeUser): Promise<{ laptop: BrowserAgent; phone: BrowserAgent }> {
    const laptop = (await signIn(api, idp, 'google', u)).agent;
    const phone = (await signIn(api, idp, 'google', u)).agent;
    return { laptop, phone };
  }
  const withUa = (a: BrowserAgent): BrowserAgent => ({
    ...a,
    get: (p) => a.get(p).set('User-Agent', CHROME),
    post: (p) => a.post(p).set('User-Agent', CHROME),
    delete: (p) => a.delete(p).set('User-Agent', CHROME),
  });

  it('refuses link, unlink, email change and closing without a step-up, even right after signing in', async () => {
    const u = person();
    const { laptop } = await twoBrowsers(u);
    const link = await laptop.get('/auth/linkedin?link=1').expect(302);
    expect(link.headers.location).toBe(`/auth/reauth?next=${encodeURIComponent('/auth/linkedin?link=1')}`);
    expect((await laptop.delete('/api/identities/google').expect(401)).body.code).toBe('REAUTH_REQUIRED');
    const email = await laptop.post('/api/profile/email').send({ email: 'elsewhere@example.com' }).expect(401);
    expect(email.body).toMatchObject({ code: 'REAUTH_REQUIRED', message: expect.stringContaining('/auth/reauth?next=%2Fprofile') });
    expect((await laptop.post('/api/account/termination').expect(401)).body.code).toBe('REAUTH_REQUIRED');
    // the page sends the browser to the step-up, which goes to the provider used last with prompt=login
    const page = await laptop.post('/profile/email').set('Accept', 'text/html').type('form').send({ newEmail: 'elsewhere@example.com' }).expect(303);
    expect(page.headers.location).toBe('/auth/reauth?next=%2Fprofile');
    const hop = await laptop.get('/auth/reauth?next=%2Fprofile').expect(302);
    expect(hop.headers.location).toBe('/auth/google?reauth=1&next=%2Fprofile');
    const flow = await startFlow(api, idp, 'google', u, laptop, '?reauth=1&next=%2Fprofile');
    expect([flow.authorizeUrl.searchParams.get('prompt'), flow.authorizeUrl.searchParams.get('max_age')]).toEqual([null, '0']);
    expect((await finishFlow(flow)).headers.location).toBe('/profile');
    await laptop.post('/api/profile/email').send({ email: 'elsewhere@example.com' }).expect(202);
    // five minutes later it is stale again
    clock.advance(5 * 60_000 + 1000);
    expect((await laptop.post('/api/profile/email').send({ email: 'elsewhere2@example.com' }).expect(401)).body.code).toBe('REAUTH_REQUIRED');
  });

  it('links with a step-up, ends the other sessions and tells the person; the identity just linked is not a step-up', async () => {
    const u = person();
    const { laptop, phone } = await twoBrowsers(u);
    const ua = withUa(laptop);
    await stepUp(api, idp, u, laptop);
    clock.advance(4 * 60_000);
    const flow = await startFlow(api, idp, 'linkedin', { sub: `li-${u.sub}`, email: u.email, email_verified: true, name: u.name }, ua, '?link=1');
    expect((await finishFlow(flow).set('User-Agent', CHROME)).headers.location).toBe('/profile#linked-accounts');
    expect((await laptop.get('/api/identities').expect(200)).body.items.map((i: { provider: string }) => i.provider).sort()).toEqual(['google', 'linkedin']);
    await phone.get('/api/me').expect(401);
    const notice = await sink.waitFor((m) => m.to.includes(u.email!) && m.subject === 'A sign-in method was added to your account');
    expect(notice.body).toContain('LinkedIn was linked to your RightsDesk account');
    expect(notice.body).toContain('2026-05-04');
    expect(notice.body).toContain('Chrome on Linux');
    expect(notice.body).toContain('If this was not you');
    // two minutes on, the step-up is six minutes old: linking LinkedIn did not refresh it
    clock.advance(2 * 60_000);
    expect((await laptop.delete('/api/identities/linkedin').expect(401)).body.code).toBe('REAUTH_REQUIRED');
  });

  it('refuses a link whose step-up went stale while the person was at the new provider', async () => {
    const u = person();
    const { laptop } = await twoBrowsers(u);
    await stepUp(api, idp, u, laptop);
    const flow = await startFlow(api, idp, 'linkedin', { sub: `li-${u.sub}`, email: u.email, email_verified: true }, laptop, '?link=1');
    clock.advance(5 * 60_000 + 1000);
    const res = await finishFlow(flow);
    expect(res.status).toBe(401);
    expect(res.text).toContain('data-code="REAUTH_REQUIRED"');
    expect((await laptop.get('/api/identities').expect(200)).body.items).toHaveLength(1);
  });

  it('unlinks with a step-up, ends the other sessions and tells the person', async () => {
    const u = person();
    const { laptop, phone } = await twoBrowsers(u);
    await stepUp(api, idp, u, laptop);
    await finishFlow(await startFlow(api, idp, 'facebook', { sub: `fb-${u.sub}`, email: u.email, name: u.name }, laptop, '?link=1')).expect(302);
    const phone2 = (await signIn(api, idp, 'google', u)).agent;
    await withUa(laptop).delete('/api/identities/facebook').expect(204);
    await phone2.get('/api/me').expect(401);
    await phone.get('/api/me').expect(401);
    await laptop.get('/api/me').expect(200);
    const notice = await sink.waitFor((m) => m.to.includes(u.email!) && m.subject === 'A sign-in method was removed from your account');
    expect(notice.body).toContain('Facebook was unlinked');
    expect(notice.body).toContain('Chrome on Linux');
  });

  it('changes the email with a step-up; the confirmation ends the other sessions and tells the new address', async () => {
    const u = person();
    const { laptop, phone } = await twoBrowsers(u);
    await stepUp(api, idp, u, laptop);
    await laptop
      .post('/api/profile/email')
      .send({ email: `new.${u.email}` })
      .expect(202);
    const link = await sink.waitFor((m) => m.to.includes(`new.${u.email}`) && m.subject === 'Confirm your new email address');
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.body)![1];
    await withUa(laptop).post('/api/profile/email/confirm').send({ token }).expect(200);
    await phone.get('/api/me').expect(401);
    expect((await laptop.get('/api/me').expect(200)).body.email).toBe(`new.${u.email}`);
    const notice = await sink.waitFor((m) => m.to.includes(`new.${u.email}`) && m.subject === 'Your email address was changed');
    expect(notice.body).toContain('Chrome on Linux');
  });

  it('asks LinkedIn with prompt=login and max_age=0, and Facebook with auth_type=reauthenticate', async () => {
    const u = person();
    const laptop = (await signIn(api, idp, 'linkedin', u)).agent;
    const li = await startFlow(api, idp, 'linkedin', u, laptop, '?reauth=1');
    expect([li.authorizeUrl.searchParams.get('prompt'), li.authorizeUrl.searchParams.get('max_age')]).toEqual(['login', '0']);
    expect((await finishFlow(li)).status).toBe(302);
    const fbUser = { sub: `fb-${u.sub}`, email: `fb.${u.email}`, name: 'Fb' };
    const fbAgent = (await signIn(api, idp, 'facebook', fbUser)).agent;
    const fb = await startFlow(api, idp, 'facebook', fbUser, fbAgent, '?reauth=1');
    expect(fb.authorizeUrl.searchParams.get('auth_type')).toBe('reauthenticate');
    expect((await finishFlow(fb)).status).toBe(302);
  });

  it('refuses a step-up made with another account’s sign-in, or one the provider did not re-authenticate', async () => {
    const u = person();
    const stranger = person();
    await signIn(api, idp, 'google', stranger);
    const { laptop } = await twoBrowsers(u);
    const other = await finishFlow(await startFlow(api, idp, 'google', stranger, laptop, '?reauth=1'));
    expect(other.status).toBe(403);
    expect(other.text).toContain('data-code="REAUTH_OTHER_ACCOUNT"');
    idp.tamperNextIdToken({ auth_time: Math.floor(clock.now().getTime() / 1000) - 3600 });
    const stale = await finishFlow(await startFlow(api, idp, 'google', u, laptop, '?reauth=1'));
    expect(stale.status).toBe(401);
    expect(stale.text).toContain('data-code="REAUTH_NOT_FRESH"');
    expect((await laptop.delete('/api/identities/google').expect(401)).body.code).toBe('REAUTH_REQUIRED');
  });

  it('needs a step-up for role changes and tells the person whose role changed', async () => {
    const boss: FakeUser = { sub: 'g-step-admin', email: 'step.admin@example.com', email_verified: true, name: 'Boss' };
    const admin = (await signIn(api, idp, 'google', boss)).agent;
    const u = person();
    const target = (await signIn(api, idp, 'google', u)).agent;
    const subjectId = (await target.get('/api/me')).body.id;
    expect((await admin.put(`/api/admin/accounts/${subjectId}/roles/agent`).expect(401)).body.code).toBe('REAUTH_REQUIRED');
    await stepUp(api, idp, boss, admin);
    await admin.put(`/api/admin/accounts/${subjectId}/roles/agent`).expect(200);
    expect((await target.get('/api/me').expect(200)).body.roles).toEqual(['customer', 'agent']);
    const notice = await sink.waitFor((m) => m.to.includes(u.email!) && m.subject === 'Your account was given a new role');
    expect(notice.body).toContain('the agent role');
    await admin.delete(`/api/admin/accounts/${subjectId}/roles/agent`).expect(200);
    await sink.waitFor((m) => m.to.includes(u.email!) && m.subject === 'A role was removed from your account');
    expect((await accounts().findBySubjectId(subjectId))!.roles).toEqual(['customer']);
  });

  it('sends the step-up to the sign-in page when nobody is signed in', async () => {
    expect((await browserAgent(api).get('/auth/reauth?next=%2Fprofile').expect(302)).headers.location).toBe('/signin?reauth=1&next=%2Fprofile');
    expect((await browserAgent(api).get('/auth/reauth?next=https://evil.example').expect(400)).body.errors[0].field).toBe('next');
  });

  const accounts = () => api.app.get(AccountsService);
});
