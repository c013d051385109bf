import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import request from 'supertest';
import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { SchedulerService } from '../../src/core/queue/scheduler.service';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { ErasureReceiptsRepository } from '../../src/modules/erasure/erasure-receipts.repository';
import { ResidueSweepService } from '../../src/modules/erasure/residue-sweep.service';
import { ErasureRunDoc } from '../../src/modules/erasure/schemas/erasure-run.schema';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { RetentionService } from '../../src/modules/retention/retention.service';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { browserAgent } from '../support/http';
import { waitUntil } from '../support/processes';
import { findIdentifiers } from '../support/residue';
import { finishFlow, signIn, startFlow, stepUp } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { RetentionJobs } from '../../src/modules/retention/retention.jobs';
import { ErasureJobs } from '../../src/modules/erasure/erasure.jobs';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

const BILLING_KEY = 'billing-system-key-0123456789abcdef';

describe('Retention purge through the erasure engine', () => {
  let sink: SmtpSink;
  let idp: FakeOAuthProvider;
  let api: TestApi;
  let worker: TestWorker;
  let clock: ManualClock;
  let staff: ReturnType<typeof browserAgent>;

  beforeAll(async () => {
    [sink, idp] = await Promise.all([SmtpSink.start(), FakeOAuthProvider.start()]);
    clock = new ManualClock(new Date('2027-03-01T10:00:00.000Z'));
    idp.now = () => clock.now();
    api = await startApi({
      clock,
      env: {
        ...idp.envFor(['google', 'linkedin']),
        SMTP_URL: sink.url,
        BILLING_API_KEYS: `erp:${BILLING_KEY}`,
        ADMIN_EMAILS: 'staff@example.com',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
        METRICS_TOKEN: METRICS_TOKEN,
      },
    });
    worker = await startWorker(api.config, { clock });
    staff = (await signIn(api, idp, 'google', { sub: 'staff', email: 'staff@example.com', email_verified: true, name: 'Staff' })).agent;
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await Promise.all([sink.stop(), idp.stop()]);
  });

  async function customerWithDataEverywhere(n: string) {
    const email = `customer-${n}@example.com`;
    const { agent } = await signIn(api, idp, 'google', { sub: `g-${n}`, email, email_verified: true, name: `Customer ${n}` });
    await stepUp(api, idp, { sub: `g-${n}`, email, email_verified: true, name: `Customer ${n}` }, agent);
    await finishFlow(
      await startFlow(api, idp, 'linkedin', { sub: `li-${n}`, email: `work-${n}@example.com`, email_verified: true, name: `Customer ${n}` }, agent, '?link=1'),
    );
    const me = (await agent.get('/api/me')).body;
    const account = (await api.app.get(AccountsService).findBySubjectId(me.id))!;
    await agent.put('/api/notifications/preferences').send({ marketing: true }).expect(200);
    const notifications = api.app.get(NotificationsService);
    await notifications.send({
      to: { accountId: account.id },
      template: 'newsletter',
      category: 'marketing',
      idempotencyKey: `nl:${n}`,
      data: { title: `Hello ${n}`, body: 'x' },
    });
    await request(api.url)
      .post('/api/internal/billing/orders')
      .set('X-Api-Key', BILLING_KEY)
      .send({
        externalId: `INV-${n}`,
        subjectId: me.id,
        contactEmail: email,
        contactName: `Customer ${n}`,
        billingCompany: 'Nordmann AS',
        billingAddress: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' },
        product: 'Helpdesk Pro',
        amountMinor: 129900,
        currency: 'NOK',
        invoiceDate: '2027-02-01T00:00:00Z',
      })
      .expect(201);
    await sink.waitFor((m) => m.to.includes(email) && m.subject === `Hello ${n}`);
    return { agent, account, email, identifiers: [account.id, account.subjectId, email, `work-${n}@example.com`, `g-${n}`, `li-${n}`] };
  }

  const scan = () => worker.app.get(SchedulerService).tick(RetentionJobs.RetentionScan);

  it('does nothing at 13 days, purges at 14 days and a minute, leaves no identifier behind and a verifiable receipt', async () => {
    const c = await customerWithDataEverywhere('a');
    const retention = api.app.get(RetentionService);
    const { purgeAfter } = await retention.terminate(c.account.id, c.account.subjectId);
    expect(purgeAfter.toISOString()).toBe('2027-03-15T10:00:00.000Z');
    await sink.waitFor((m) => m.to.includes(c.email) && m.subject === 'Your account is closed');

    clock.advance(13 * DAY_MS);
    expect(await worker.app.get(RetentionService).scan()).toMatchObject({ enqueued: 0 });
    expect(await api.app.get(AccountsService).findById(c.account.id)).not.toBeNull();

    clock.set(new Date(purgeAfter.getTime() + 60_000));
    await scan();
    const runs = api.app.get<Model<ErasureRunDoc>>(getModelToken(ErasureRunDoc.name));
    await waitUntil(async () => (await runs.countDocuments({ status: { $in: ['erased', 'verified'] } })) === 1, 'erasure finished');
    await api.app.get(ResidueSweepService).sweep();
    expect(await runs.findOne().lean()).toMatchObject({ status: 'verified' });
    expect((await runs.findOne().lean())!.subject).toBeUndefined();

    const receipt = await sink.waitFor((m) => m.to.includes(c.email) && m.subject === 'Your data has been erased');
    expect(receipt.body).toContain('billing_orders: 1');
    // Wait for the receipt's outbox record to be scrubbed, then look everywhere for the person.
    await waitUntil(async () => (await findIdentifiers(api.connection, [c.email], ['erasure_runs'])).length === 0, 'receipt scrubbed');
    const residue = await findIdentifiers(
      api.connection,
      c.identifiers.filter((i) => i !== c.account.subjectId),
    );
    expect(residue).toEqual([]);
    // the subject id survives only in the audit trail, which the mapping's deletion made anonymous
    expect((await findIdentifiers(api.connection, [c.account.subjectId])).every((h) => h.startsWith('audit_events:'))).toBe(true);

    // the invoice is kept with the minimum fields, under bookkeeping law
    const order = await api.connection.collection('billing_orders').findOne({ externalId: 'INV-a' });
    expect(order).toMatchObject({ billingCompany: 'Nordmann AS', amountMinor: 129900, keptUntil: new Date('2032-02-01T00:00:00Z') });
    expect(order!.contactEmail).toBeUndefined();
    const receipts = api.app.get(ErasureReceiptsRepository);
    expect(await receipts.count()).toBe(1);
    await expect(receipts.verify()).resolves.toEqual({ ok: true, count: 1 });
    await c.agent.get('/api/me').expect(401);
    // marketing never reaches the address again, even if someone enters it anew
    expect(await api.app.get(NotificationsService).mayMarketTo(c.email)).toBe(false);
    // a second scan or a duplicated job changes nothing
    await scan();
    const queue = worker.app.get(JobQueue);
    await queue.enqueue(ErasureJobs.Erase, { accountIds: [c.account.id], reason: 'retention' }, { jobId: `erase-dup:${c.account.id}` });
    await queue.enqueue(RetentionJobs.EraseBatch, { accountIds: [c.account.id] }, { jobId: `erase-batch-dup:${c.account.id}` });
    // both duplicates ran to the end (the first finds the person erased, the second finds nothing due) ...
    await waitUntil(
      async () =>
        !!(await queue.raw.getJob(`erase-dup:${c.account.id}`))?.finishedOn && !!(await queue.raw.getJob(`erase-batch-dup:${c.account.id}`))?.finishedOn,
      'both duplicated jobs finished',
    );
    expect((await queue.raw.getJob(`erase-dup:${c.account.id}`))!.returnvalue).toMatchObject({ erased: [], alreadyDone: [c.account.id] });
    // ... and wrote no second receipt
    expect(await receipts.count()).toBe(1);
  });

  it('never purges a cancelled termination', async () => {
    const c = await customerWithDataEverywhere('b');
    const retention = api.app.get(RetentionService);
    await retention.terminate(c.account.id, c.account.subjectId);
    clock.advance(2 * DAY_MS);
    await retention.cancelTermination(c.account.id, c.account.subjectId);
    clock.advance(30 * DAY_MS);
    expect(await worker.app.get(RetentionService).scan()).toEqual({ enqueued: 0, reminded: 0, held: 0 });
    expect((await api.app.get(AccountsService).findById(c.account.id))!.status).toBe('active');
    await expect(retention.cancelTermination(c.account.id, c.account.subjectId)).rejects.toMatchObject({ code: 'NOT_TERMINATED' });
  });

  it('reminds 3 days before, holds the purge under a legal hold, and purges once the hold is lifted', async () => {
    const c = await customerWithDataEverywhere('c');
    const { purgeAfter } = await api.app.get(RetentionService).terminate(c.account.id, c.account.subjectId);
    clock.set(new Date(purgeAfter.getTime() - 3 * DAY_MS + 1000));
    expect(await worker.app.get(RetentionService).scan()).toMatchObject({ reminded: 1, enqueued: 0 });
    await sink.waitFor((m) => m.to.includes(c.email) && m.subject.startsWith('Your data will be erased on'));
    const hold = await staff.post('/api/agent/legal-holds').send({ subjectId: c.account.subjectId, reason: 'Case 2027-17 (dispute)' }).expect(201);
    expect((await staff.post('/api/agent/legal-holds').send({ subjectId: 'nope', reason: 'x' }).expect(400)).body.errors[0].field).toBe('subjectId');
    await c.agent.get(`/api/agent/legal-holds?subjectId=${c.account.subjectId}`).expect(403);
    clock.set(new Date(purgeAfter.getTime() + DAY_MS));
    expect(await worker.app.get(RetentionService).scan()).toMatchObject({ held: 1, enqueued: 0 });
    expect(await api.app.get(AccountsService).findById(c.account.id)).not.toBeNull();
    await request(api.url).get('/metrics').expect(401);
    const metrics = await request(api.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(metrics.text).toContain('rightsdesk_erasures_total');
    await staff.delete(`/api/agent/legal-holds/${hold.body.id}`).expect(200);
    expect(await worker.app.get(RetentionService).scan()).toMatchObject({ held: 0, enqueued: 1 });
    await waitUntil(async () => !(await api.app.get(AccountsService).findById(c.account.id)), 'purged after the hold');
  });

  it('refuses billing records without a valid API key, and bad input, changing nothing', async () => {
    await request(api.url).post('/api/internal/billing/orders').send({ externalId: 'X-1' }).expect(401);
    await request(api.url).post('/api/internal/billing/orders').set('X-Api-Key', 'wrong').send({ externalId: 'X-1' }).expect(401);
    const bad = await request(api.url)
      .post('/api/internal/billing/orders')
      .set('X-Api-Key', BILLING_KEY)
      .send({
        externalId: 'X-1',
        billingCompany: 'A',
        billingAddress: { line1: 'a', postalCode: '1', city: 'c', country: 'Norway' },
        product: 'p',
        amountMinor: 1.5,
        currency: 'NOK',
        invoiceDate: 'yesterday',
      })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amountMinor', 'billingAddress.country', 'invoiceDate']);
    expect(await api.connection.collection('billing_orders').countDocuments({ externalId: 'X-1' })).toBe(0);
  });
});
