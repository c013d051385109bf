import request from 'supertest';
import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { sessionCookie, signedInCustomer } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

type SendInput = Parameters<NotificationsService['send']>[0];

describe('Closing the account from My Profile', () => {
  let api: TestApi;
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  let sent: SendInput[] = [];
  beforeAll(async () => {
    api = await startApi({ clock, env: { RETENTION_DAYS: '14' } });
    const notifications = api.app.get(NotificationsService);
    const send = notifications.send.bind(notifications);
    jest.spyOn(notifications, 'send').mockImplementation(async (input) => {
      sent.push(input);
      return send(input);
    });
  });
  beforeEach(() => {
    sent = [];
  });
  afterAll(() => api.close());

  const accountOf = (id: string) => api.app.get(AccountsService).findById(id);

  it('closes the account with a purge date RETENTION_DAYS later, ends other sessions, and lets this one cancel', async () => {
    const me = await signedInCustomer(api);
    const otherDevice = await sessionCookie(api, me.account.id);
    await request(api.url).get('/api/profile').set('Cookie', otherDevice).expect(200);

    const res = await me.post('/api/account/termination').expect(200);
    expect(res.body).toEqual({ terminatedAt: '2026-03-01T10:00:00.000Z', purgeAfter: '2026-03-15T10:00:00.000Z' });
    expect(sent).toEqual([expect.objectContaining({ to: { accountId: me.account.id }, template: 'retention.terminated', category: 'service' })]);
    const closed = await accountOf(me.account.id);
    expect(closed).toMatchObject({
      status: 'terminated',
      terminatedAt: new Date('2026-03-01T10:00:00.000Z'),
      purgeAfter: new Date('2026-03-15T10:00:00.000Z'),
    });

    // every other session is over
    await request(api.url).get('/api/profile').set('Cookie', otherDevice).expect(401);
    // this one is restricted: no profile, only cancelling
    const restricted = await me.get('/api/profile').expect(403);
    expect(restricted.body.code).toBe('ACCOUNT_TERMINATED');
    const page = await me.get('/profile').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('action="/profile/close/cancel"');
    expect(page.text).not.toContain('action="/profile/email"');

    clock.advance(13 * 24 * 3600_000);
    await me.delete('/api/account/termination').expect(204);
    expect(sent.map((m) => m.template)).toContain('retention.cancelled');
    const reopened = await accountOf(me.account.id);
    expect(reopened?.status).toBe('active');
    expect(reopened?.purgeAfter).toBeUndefined();
    await me.get('/api/profile').expect(200);
  });

  it('needs a sign-in within the last 5 minutes', async () => {
    const me = await signedInCustomer(api, { authAt: new Date(clock.now().getTime() - 10 * 60_000) });
    const res = await me.post('/api/account/termination').expect(401);
    expect(res.body.code).toBe('REAUTH_REQUIRED');
    expect((await accountOf(me.account.id))?.status).toBe('active');
  });

  it('refuses to cancel when the account is not closed', async () => {
    const me = await signedInCustomer(api);
    const res = await me.delete('/api/account/termination').expect(409);
    expect(res.body.code).toBe('NOT_TERMINATED');
    expect((await accountOf(me.account.id))?.status).toBe('active');
  });

  it('refuses to cancel once the grace period is over', async () => {
    const me = await signedInCustomer(api);
    await me.post('/api/account/termination').expect(200);
    clock.advance(14 * 24 * 3600_000 + 1000);
    const res = await me.delete('/api/account/termination').expect(409);
    expect(res.body.code).toBe('GRACE_PERIOD_OVER');
    expect((await accountOf(me.account.id))?.status).toBe('terminated');
  });

  it('lets a closed account cancel, but not close again or change its profile', async () => {
    const me = await signedInCustomer(api);
    const first = await me.post('/api/account/termination').expect(200);
    const second = await me.post('/api/account/termination');
    // the closed account may only cancel now
    expect(second.status).toBe(403);
    expect(second.body.code).toBe('ACCOUNT_TERMINATED');
    await me.patch('/api/profile').send({ name: 'Closed' }).expect(403);
    await me.post('/api/profile/email').send({ email: 'closed@example.test' }).expect(403);
    expect((await accountOf(me.account.id))?.purgeAfter?.toISOString()).toBe(first.body.purgeAfter);
  });

  it('closes and reopens through the page buttons', async () => {
    const me = await signedInCustomer(api);
    const unconfirmed = await me.post('/profile/close').set('Accept', 'text/html').type('form').send({}).expect(400);
    expect(unconfirmed.text).toContain('id="confirm-close-error"');
    expect((await accountOf(me.account.id))?.status).toBe('active');

    const closed = await me.post('/profile/close').set('Accept', 'text/html').type('form').send({ confirm: 'yes' }).expect(303);
    expect(closed.headers.location).toBe('/profile?notice=closed');
    expect((await accountOf(me.account.id))?.status).toBe('terminated');

    const cancelled = await me.post('/profile/close/cancel').set('Accept', 'text/html').type('form').send({}).expect(303);
    expect(cancelled.headers.location).toBe('/profile?notice=restored');
    expect((await accountOf(me.account.id))?.status).toBe('active');
  });

  it('sends a stale page sign-in to the provider before closing', async () => {
    const me = await signedInCustomer(api, { authAt: new Date(clock.now().getTime() - 10 * 60_000) });
    const res = await me.post('/profile/close').set('Accept', 'text/html').type('form').send({ confirm: 'yes' }).expect(303);
    expect(res.headers.location).toBe('/auth/reauth?next=%2Fprofile');
    expect((await accountOf(me.account.id))?.status).toBe('active');
  });
});
