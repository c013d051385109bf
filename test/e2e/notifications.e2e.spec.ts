import request from 'supertest';
import { DAY_MS } from '../../src/core/clock/clock';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { OutboxRepository } from '../../src/modules/notifications/outbox.repository';
import { PoliciesService } from '../../src/modules/notifications/policies.service';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { BrowserAgent, signIn } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { outboxSettled } from '../support/outbox';

describe('Notifications', () => {
  let sink: SmtpSink;
  let idp: FakeOAuthProvider;
  let api: TestApi;
  let worker: TestWorker;
  let admin: BrowserAgent;
  let customer: BrowserAgent;
  let accounts: AccountsService;
  let notifications: NotificationsService;

  beforeAll(async () => {
    [sink, idp] = await Promise.all([SmtpSink.start(), FakeOAuthProvider.start()]);
    api = await startApi({ env: { ...idp.envFor(['google']), SMTP_URL: sink.url, ADMIN_EMAILS: 'admin@example.com', AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
    worker = await startWorker(api.config);
    accounts = api.app.get(AccountsService);
    notifications = api.app.get(NotificationsService);
    admin = (await signIn(api, idp, 'google', { sub: 'admin', email: 'admin@example.com', email_verified: true, name: 'Admin' })).agent;
    customer = (await signIn(api, idp, 'google', { sub: 'cust', email: 'customer@example.com', email_verified: true, name: 'Customer' })).agent;
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await Promise.all([sink.stop(), idp.stop()]);
  });

  describe('a material privacy policy change', () => {
    it('reaches every active account exactly once, and no suspended or closed account', async () => {
      const active = await Promise.all([1, 2, 3, 4].map((i) => accounts.create({ email: `active${i}@example.com`, emailVerified: true })));
      const suspended = await accounts.create({ email: 'suspended@example.com', emailVerified: true });
      await accounts.setStatus(suspended.id, 'suspended');
      const closed = await accounts.create({ email: 'closed@example.com', emailVerified: true });
      await accounts.setStatus(closed.id, 'terminated');
      const effectiveAt = new Date(api.clock.now().getTime() + 31 * DAY_MS).toISOString();
      await admin
        .post('/api/admin/policies')
        .send({ version: '2027-01', effectiveAt, material: true, summary: 'We add an email delivery subcontractor.' })
        .expect(201);
      const recipients = ['admin@example.com', 'customer@example.com', ...active.map((a) => a.email!)];
      await sink.waitFor(() => recipients.every((r) => sink.to(r).some((m) => m.subject.startsWith('Our privacy policy changes'))));
      // run the announcement again (a retried job): nobody gets a second copy
      await api.app.get(PoliciesService).announce({ version: '2027-01' });
      await outboxSettled(api.connection);
      for (const r of recipients) expect(sink.to(r).filter((m) => m.subject.startsWith('Our privacy policy changes'))).toHaveLength(1);
      expect(sink.to('suspended@example.com')).toHaveLength(0);
      expect(sink.to('closed@example.com')).toHaveLength(0);
      const mail = sink.to('active1@example.com')[0];
      expect(mail.body).toContain('We add an email delivery subcontractor.');
      expect(mail.headers['list-unsubscribe']).toBeUndefined(); // a legal notice, not marketing
      // the banner until acknowledged
      expect((await customer.get('/api/policies/pending-acknowledgement').expect(200)).body.items.map((p: { version: string }) => p.version)).toEqual([
        '2027-01',
      ]);
      await customer.post('/api/policies/2027-01/acknowledge').expect(204);
      expect((await customer.get('/api/policies/pending-acknowledgement')).body.items).toEqual([]);
      expect((await request(api.url).get('/api/policies/current').expect(200)).body.upcoming[0]).toMatchObject({ version: '2027-01', material: true });
    });

    it('is refused when it takes effect sooner than the notice period, naming effectiveAt', async () => {
      const effectiveAt = new Date(api.clock.now().getTime() + 5 * DAY_MS).toISOString();
      const res = await admin.post('/api/admin/policies').send({ version: '2027-02', effectiveAt, material: true, summary: 'Too soon.' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'effectiveAt', message: expect.stringContaining('30 days') }]);
      expect((await request(api.url).get('/api/policies/current')).body.upcoming.map((p: { version: string }) => p.version)).not.toContain('2027-02');
    });

    it('sends nothing for a non-material edit such as the cookie list, and only admins may publish', async () => {
      const before = sink.messages.length;
      await admin
        .post('/api/admin/policies')
        .send({ version: '2026-11-cookies', effectiveAt: api.clock.now().toISOString(), material: false, summary: 'Updated the list of cookies.' })
        .expect(201);
      await admin
        .post('/api/admin/policies')
        .send({ version: '2026-11-cookies', effectiveAt: api.clock.now().toISOString(), material: false, summary: 'Again.' })
        .expect(409);
      await customer
        .post('/api/admin/policies')
        .send({ version: 'x1', effectiveAt: api.clock.now().toISOString(), material: false, summary: 'Nope.' })
        .expect(403);
      await outboxSettled(api.connection);
      expect(sink.messages.length).toBe(before);
    });
  });

  describe('marketing and unsubscribe', () => {
    it('sends marketing only with consent, stops it after unsubscribing, and still sends service mail', async () => {
      const [keen, leaving, silent] = await Promise.all(
        ['keen', 'leaving', 'silent'].map((n) => accounts.create({ email: `${n}@example.com`, emailVerified: true })),
      );
      await notifications.setMarketingConsent(keen.id, true, keen.subjectId);
      await notifications.setMarketingConsent(leaving.id, true, leaving.subjectId);
      const newsletter = (key: string) =>
        Promise.all(
          [keen, leaving, silent].map((a) =>
            notifications.send({
              to: { accountId: a.id },
              template: 'newsletter',
              category: 'marketing',
              idempotencyKey: `${key}:${a.id}`,
              data: { title: `News ${key}`, body: 'Hello' },
            }),
          ),
        );
      await newsletter('n1');
      const first = await sink.waitFor((m) => m.to.includes('leaving@example.com') && m.subject === 'News n1');
      expect(first.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const link = /<(https?:\/\/[^>]+)>/.exec(first.headers['list-unsubscribe'])![1];
      expect(link).not.toContain('leaving'); // the token carries no address
      // one-click unsubscribe as a mail client does it: POST, no session, no Origin
      await request(api.url)
        .post(new URL(link).pathname + new URL(link).search)
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      await newsletter('n2');
      await Promise.all(
        [keen, leaving, silent].map((a) =>
          notifications.send({
            to: { accountId: a.id },
            template: 'service-notice',
            category: 'service',
            idempotencyKey: `svc:${a.id}`,
            data: { title: 'Maintenance on Sunday', body: 'Short downtime.' },
          }),
        ),
      );
      await sink.waitFor(() => ['keen', 'leaving', 'silent'].every((n) => sink.to(`${n}@example.com`).some((m) => m.subject === 'Maintenance on Sunday')));
      await sink.waitFor((m) => m.to.includes('keen@example.com') && m.subject === 'News n2');
      await outboxSettled(api.connection);
      const subjects = (n: string) =>
        sink
          .to(`${n}@example.com`)
          .map((m) => m.subject)
          .sort();
      expect(subjects('keen')).toEqual(['Maintenance on Sunday', 'News n1', 'News n2']);
      expect(subjects('leaving')).toEqual(['Maintenance on Sunday', 'News n1']);
      expect(subjects('silent')).toEqual(['Maintenance on Sunday']);
      expect(await notifications.getMarketingConsent(leaving.id)).toBe(false);
    });

    it('shows a confirmation page signed out, and refuses a tampered link without changing anything', async () => {
      const a = await accounts.create({ email: 'tamper@example.com', emailVerified: true });
      await notifications.setMarketingConsent(a.id, true, a.subjectId);
      await notifications.send({
        to: { accountId: a.id },
        template: 'newsletter',
        category: 'marketing',
        idempotencyKey: `t:${a.id}`,
        data: { title: 'Tamper news', body: 'x' },
      });
      const mail = await sink.waitFor((m) => m.to.includes('tamper@example.com'));
      const link = new URL(/<(https?:\/\/[^>]+)>/.exec(mail.headers['list-unsubscribe'])![1]);
      const page = await request(api.url)
        .get(link.pathname + link.search)
        .set('Accept', 'text/html')
        .expect(200);
      expect(page.text).toContain('<form method="post" action="/unsubscribe">');
      const token = link.searchParams.get('token')!;
      const forged = `${token.slice(0, -3)}${token.endsWith('A') ? 'B' : 'A'}xy`;
      const bad = await request(api.url).post(`/unsubscribe?token=${forged}`).type('form').send('List-Unsubscribe=One-Click').expect(400);
      expect(bad.text).toContain('data-state="invalid"');
      await request(api.url).get(`/unsubscribe?token=${forged}`).expect(400);
      expect(await notifications.getMarketingConsent(a.id)).toBe(true);
      // the confirmation form, as a signed-out browser submits it
      await request(api.url).post('/unsubscribe').set('Origin', api.url).type('form').send({ token }).expect(200);
      expect(await notifications.getMarketingConsent(a.id)).toBe(false);
    });
  });

  it('sends a message once however often it is sent with the same key, under a stable Message-ID', async () => {
    const a = await accounts.create({ email: 'once@example.com', emailVerified: true });
    const sends = await Promise.all(
      [1, 2, 3].map(() =>
        notifications.send({
          to: { accountId: a.id },
          template: 'service-notice',
          category: 'service',
          idempotencyKey: 'once-key',
          data: { title: 'Only once', body: 'x' },
        }),
      ),
    );
    expect(new Set(sends.map((s) => s.messageId)).size).toBe(1);
    await sink.waitFor((m) => m.subject === 'Only once');
    await outboxSettled(api.connection);
    expect(sink.to('once@example.com')).toHaveLength(1);
    expect(sink.to('once@example.com')[0].messageId).toBe(sends[0].messageId);
  });

  it('queues a message again at once when its sender retries after dying between storing and queueing it', async () => {
    // what a process killed after storing the message, before queueing it, leaves behind: pending, no job
    const { message } = await api.app.get(OutboxRepository).insertOrGet({
      idempotencyKey: 'stranded-key',
      to: 'stranded@example.com',
      template: 'service-notice',
      category: 'service',
      locale: 'en',
      subject: 'Stranded notice',
      html: '<p>x</p>',
      text: 'x',
      messageId: '<stranded@rightsdesk>',
      status: 'pending',
      attempts: 0,
      scrubAfterSend: false,
      createdAt: api.clock.now(),
    });
    expect(await api.app.get(JobQueue).raw.getJob(`email:${message.id}`)).toBeNull();
    // the retry (e.g. the restarted worker taking the same email again) queues it, not the minute's sweeper
    const retry = await notifications.send({
      to: { email: 'stranded@example.com' },
      template: 'service-notice',
      category: 'service',
      idempotencyKey: 'stranded-key',
      data: { title: 'Stranded notice', body: 'x' },
    });
    expect(retry).toEqual({ messageId: '<stranded@rightsdesk>', queued: true });
    expect(await api.app.get(JobQueue).raw.getJob(`email:${message.id}`)).not.toBeNull();
    await sink.waitFor((m) => m.subject === 'Stranded notice');
    await outboxSettled(api.connection);
    expect(sink.to('stranded@example.com')).toHaveLength(1);
  });

  it('queues the stranded messages of a batch again at once when the batch is retried', async () => {
    const batch = (keys: string[]) =>
      keys.map((k) => ({
        to: { email: `${k}@example.com` },
        template: 'service-notice',
        category: 'service' as const,
        idempotencyKey: k,
        data: { title: `Batch notice ${k}`, body: 'x' },
      }));
    // a process killed after storing one receipt of the batch, before queueing it, leaves it pending with no job
    const { message } = await api.app.get(OutboxRepository).insertOrGet({
      idempotencyKey: 'batch-a',
      to: 'batch-a@example.com',
      template: 'service-notice',
      category: 'service',
      locale: 'en',
      subject: 'Batch notice batch-a',
      html: '<p>x</p>',
      text: 'x',
      messageId: '<batch-a@rightsdesk>',
      status: 'pending',
      attempts: 0,
      scrubAfterSend: false,
      createdAt: api.clock.now(),
    });
    expect(await api.app.get(JobQueue).raw.getJob(`email:${message.id}`)).toBeNull();
    expect(await notifications.sendMany(batch(['batch-a', 'batch-b']))).toBe(1);
    expect(await api.app.get(JobQueue).raw.getJob(`email:${message.id}`)).not.toBeNull();
    await sink.waitFor((m) => m.subject === 'Batch notice batch-a');
    await sink.waitFor((m) => m.subject === 'Batch notice batch-b');
    await outboxSettled(api.connection);
    expect(sink.to('batch-a@example.com')).toHaveLength(1);
    expect(sink.to('batch-b@example.com')).toHaveLength(1);
  });

  it('lets a customer change the marketing preference, and rejects a bad value', async () => {
    await customer.put('/api/notifications/preferences').send({ marketing: true }).expect(200, { marketing: true });
    expect((await customer.get('/api/notifications/preferences')).body).toEqual({ marketing: true });
    const bad = await customer.put('/api/notifications/preferences').send({ marketing: 'yes' }).expect(400);
    expect(bad.body.errors[0].field).toBe('marketing');
    expect((await customer.get('/api/notifications/preferences')).body).toEqual({ marketing: true });
  });

  it('previews a template in Norwegian for admins only', async () => {
    const res = await admin.get('/admin/notifications/templates/policy-change/preview?locale=nb').expect(200);
    expect(res.text).toContain('Personvernerklæringen vår endres');
    await customer.get('/admin/notifications/templates/policy-change/preview').expect(403);
    await admin.get('/admin/notifications/templates/nope/preview').expect(404);
  });
});
