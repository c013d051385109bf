import request from 'supertest';
import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { signedInCustomer, SignedInClient } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

type SendInput = Parameters<NotificationsService['send']>[0];

describe('Email change on My Profile', () => {
  let api: TestApi;
  let sent: SendInput[];
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  beforeAll(async () => {
    api = await startApi({ clock });
    const notifications = api.app.get(NotificationsService);
    const send = notifications.send.bind(notifications);
    // Records what goes out and still sends it (the outbox and its job run as in production).
    jest.spyOn(notifications, 'send').mockImplementation(async (input) => {
      sent.push(input);
      return send(input);
    });
  });
  afterAll(() => api.close());

  let me: SignedInClient;
  beforeEach(async () => {
    sent = [];
    me = await signedInCustomer(api, { email: `old${Date.now()}@example.test` });
  });

  const tokenOf = (input: SendInput | undefined) => new URL(String(input?.data.link)).searchParams.get('token')!;
  const confirmMail = () => sent.find((s) => s.template === 'profile.email-change.confirm');

  it('sends a link to the new address and a notice to the old one, and changes the email only when the link is confirmed', async () => {
    const res = await me.post('/api/profile/email').send({ email: ' New.Address@Example.TEST ' }).expect(202);
    expect(new Date(res.body.expiresAt).getTime()).toBe(clock.now().getTime() + 24 * 3600_000);

    expect(sent).toHaveLength(2);
    const confirm = confirmMail()!;
    expect(confirm).toMatchObject({ to: { email: 'new.address@example.test' }, category: 'service' });
    expect(String(confirm.data.link)).toMatch(new RegExp(`^${api.url}/profile/email/confirm\\?token=`));
    const notice = sent.find((s) => s.template === 'profile.email-change.notice')!;
    expect(notice).toMatchObject({ to: { accountId: me.account.id }, category: 'service' });
    expect(JSON.stringify(notice.data)).not.toContain('new.address@example.test');

    // nothing changes before the link is used
    expect((await me.get('/api/profile')).body.email).toBe(me.account.email);

    // opening the link shows what will happen, and changes nothing by itself
    const token = tokenOf(confirm);
    const page = await request(api.url)
      .get(`/profile/email/confirm?token=${encodeURIComponent(token)}`)
      .set('Accept', 'text/html')
      .expect(200);
    expect(page.text).toContain('new.address@example.test');
    expect(page.text).toContain('action="/profile/email/confirm"');
    expect((await me.get('/api/profile')).body.email).toBe(me.account.email);

    const done = await request(api.url).post('/api/profile/email/confirm').set('Origin', api.url).send({ token }).expect(200);
    expect(done.body).toEqual({ email: 'new.address@example.test' });
    expect((await me.get('/api/profile')).body.email).toBe('new.address@example.test');
    expect((await api.app.get(AccountsService).findById(me.account.id))?.emailVerified).toBe(true);

    const history = (await me.get('/api/profile/history')).body;
    expect(history[0]).toMatchObject({ fields: ['email'], source: 'self' });

    // the link works once
    const again = await request(api.url).post('/api/profile/email/confirm').set('Origin', api.url).send({ token }).expect(404);
    expect(again.body.code).toBe('EMAIL_CHANGE_LINK_INVALID');
  });

  it('confirms through the page form as well', async () => {
    await me.post('/api/profile/email').send({ email: 'form.confirm@example.test' }).expect(202);
    const res = await request(api.url)
      .post('/profile/email/confirm')
      .set('Origin', api.url)
      .set('Accept', 'text/html')
      .type('form')
      .send({ token: tokenOf(confirmMail()) })
      .expect(200);
    expect(res.text).toContain('form.confirm@example.test');
    expect((await me.get('/api/profile')).body.email).toBe('form.confirm@example.test');
  });

  it('refuses a link after 24 hours', async () => {
    await me.post('/api/profile/email').send({ email: 'late@example.test' }).expect(202);
    clock.advance(24 * 3600_000 + 1000);
    const res = await request(api.url)
      .post('/api/profile/email/confirm')
      .set('Origin', api.url)
      .send({ token: tokenOf(confirmMail()) })
      .expect(410);
    expect(res.body.code).toBe('EMAIL_CHANGE_LINK_EXPIRED');
    const page = await request(api.url)
      .get(`/profile/email/confirm?token=${tokenOf(confirmMail())}`)
      .set('Accept', 'text/html')
      .expect(410);
    expect(page.text).toContain('expired');
    expect((await me.get('/api/profile')).body.email).toBe(me.account.email);
  });

  it('lets only the newest link work', async () => {
    await me.post('/api/profile/email').send({ email: 'first@example.test' }).expect(202);
    const first = tokenOf(confirmMail());
    sent = [];
    await me.post('/api/profile/email').send({ email: 'second@example.test' }).expect(202);
    await request(api.url).post('/api/profile/email/confirm').set('Origin', api.url).send({ token: first }).expect(404);
    await request(api.url)
      .post('/api/profile/email/confirm')
      .set('Origin', api.url)
      .send({ token: tokenOf(confirmMail()) })
      .expect(200);
    expect((await me.get('/api/profile')).body.email).toBe('second@example.test');
  });

  it('refuses an address another account took meanwhile', async () => {
    await me.post('/api/profile/email').send({ email: 'taken@example.test' }).expect(202);
    await signedInCustomer(api, { email: 'taken@example.test' });
    const res = await request(api.url)
      .post('/api/profile/email/confirm')
      .set('Origin', api.url)
      .send({ token: tokenOf(confirmMail()) })
      .expect(409);
    expect(res.body.code).toBe('EMAIL_IN_USE');
    expect((await me.get('/api/profile')).body.email).toBe(me.account.email);
  });

  it.each([
    ['not an address', { email: 'not-an-email' }],
    ['empty', { email: '' }],
    ['missing', {}],
    ['too long', { email: `${'x'.repeat(250)}@example.test` }],
  ])('refuses a new email that is %s with 400 naming email', async (_label, body) => {
    const res = await me.post('/api/profile/email').send(body).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('email');
    expect(sent).toHaveLength(0);
  });

  it('refuses the address the account already has', async () => {
    const res = await me.post('/api/profile/email').send({ email: me.account.email }).expect(400);
    expect(res.body).toMatchObject({ code: 'EMAIL_UNCHANGED', errors: [{ field: 'email' }] });
  });

  it('needs a sign-in within the last 5 minutes', async () => {
    const stale = await signedInCustomer(api, { authAt: new Date(clock.now().getTime() - 5 * 60_000 - 1000) });
    const res = await stale.post('/api/profile/email').send({ email: 'someone@example.test' }).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'REAUTH_REQUIRED' });
    expect(sent).toHaveLength(0);

    // the page sends the browser to sign in again, and back to My Profile
    const page = await stale.post('/profile/email').set('Accept', 'text/html').type('form').send({ newEmail: 'someone@example.test' }).expect(303);
    expect(page.headers.location).toBe('/auth/reauth?next=%2Fprofile');

    const fresh = await signedInCustomer(api, { authAt: new Date(clock.now().getTime() - 4 * 60_000) });
    await fresh.post('/api/profile/email').send({ email: 'someone@example.test' }).expect(202);
  });

  it('confirms for someone who is not signed in on that device', async () => {
    await me.post('/api/profile/email').send({ email: 'other.device@example.test' }).expect(202);
    await request(api.url)
      .post('/api/profile/email/confirm')
      .set('Origin', api.url)
      .send({ token: tokenOf(confirmMail()) })
      .expect(200);
  });

  it('refuses a made-up token', async () => {
    const res = await request(api.url).post('/api/profile/email/confirm').set('Origin', api.url).send({ token: 'made-up' }).expect(404);
    expect(res.body.code).toBe('EMAIL_CHANGE_LINK_INVALID');
  });
});
