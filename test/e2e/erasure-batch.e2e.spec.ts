import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { Account } from '../../src/modules/accounts/schemas/account.schema';
import { BillingService } from '../../src/modules/billing/billing.service';
import { ErasureReceiptsRepository } from '../../src/modules/erasure/erasure-receipts.repository';
import { ErasureRunsRepository } from '../../src/modules/erasure/erasure-runs.repository';
import { ErasureService } from '../../src/modules/erasure/erasure.service';
import { ResidueSweepService } from '../../src/modules/erasure/residue-sweep.service';
import { ErasureRunDoc } from '../../src/modules/erasure/schemas/erasure-run.schema';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { RetentionService } from '../../src/modules/retention/retention.service';
import { findIdentifiers } from '../support/residue';
import { startApi, TestApi } from '../support/test-app';

describe('Erasure in batches', () => {
  const clock = new ManualClock(new Date('2027-09-01T10:00:00.000Z'));
  let api: TestApi;
  let identity: IdentityService;
  let retention: RetentionService;
  let receipts: ErasureReceiptsRepository;
  let erasure: ErasureService;

  beforeAll(async () => {
    api = await startApi({ clock });
    identity = api.app.get(IdentityService);
    retention = api.app.get(RetentionService);
    receipts = api.app.get(ErasureReceiptsRepository);
    erasure = api.app.get(ErasureService);
  });
  afterAll(() => api.close());

  async function person(tag: string, opts: { invoices?: number; linkedEmail?: string } = {}): Promise<Account> {
    const account = await identity.signIn({ provider: 'google', subject: `g-${tag}`, email: `${tag}@example.com`, emailVerified: true, name: tag });
    if (opts.linkedEmail)
      await identity.link(account.id, { provider: 'linkedin', subject: `li-${tag}`, email: opts.linkedEmail, emailVerified: true, name: tag });
    for (let i = 0; i < (opts.invoices ?? 0); i++) {
      await api.app.get(BillingService).record('erp', {
        externalId: `INV-${tag}-${i}`,
        subjectId: account.subjectId,
        contactEmail: `${tag}@example.com`,
        billingCompany: 'Firma AS',
        billingAddress: { line1: 'Gate 1', postalCode: '0150', city: 'Oslo', country: 'NO' },
        product: 'Pro',
        amountMinor: 1000,
        currency: 'NOK',
        invoiceDate: new Date('2027-01-15'),
      });
    }
    await retention.terminate(account.id, account.subjectId);
    return account;
  }

  const countOf = async (account: Account, collection: string) =>
    (await receipts.findByRun(erasure.runIdOf(account.id)))!.body.items.find((i) => i.collection === collection)!.count;

  it('gives each person of a batch their own counts, and finds the addresses of linked sign-ins', async () => {
    const a = await person('batch-a', { invoices: 2 });
    const b = await person('batch-b');
    const c = await person('batch-c', { linkedEmail: 'batch-c-work@example.com' });
    clock.advance(15 * DAY_MS);
    expect(await retention.purgeBatch([a.id, b.id, c.id], clock.now())).toEqual({ erased: 3, alreadyDone: 0, busy: 0, held: 0, notDue: 0, gone: 0 });
    expect(await countOf(a, 'billing_orders')).toBe(2);
    expect(await countOf(b, 'billing_orders')).toBe(0);
    expect(await countOf(c, 'identities')).toBe(2);
    expect(await countOf(a, 'identities')).toBe(1);
    expect(await countOf(c, 'accounts')).toBe(1);
    // the linked sign-in's address is suppressed too, and the sweep looks for it
    expect(await countOf(c, 'suppressions')).toBe(2);
    expect(await api.app.get(ResidueSweepService).sweep()).toMatchObject({ verified: 3, residue: 0 });
    expect(await findIdentifiers(api.connection, ['batch-c-work@example.com', 'li-batch-c', a.id, b.id, c.id])).toEqual([]);
    // a batch that is asked again reports them as done and writes nothing
    expect(await retention.purgeBatch([a.id, b.id, c.id], clock.now())).toMatchObject({ erased: 0, alreadyDone: 3 });
    expect(await receipts.count()).toBe(3);
    await expect(receipts.verify()).resolves.toEqual({ ok: true, count: 3 });
  });

  it('leaves a person to the live batch that claimed them, and takes over from a batch that went quiet, keeping what it did', async () => {
    const d = await person('batch-d', { linkedEmail: 'batch-d-work@example.com' });
    clock.advance(15 * DAY_MS);
    const runs = api.app.get<Model<ErasureRunDoc>>(getModelToken(ErasureRunDoc.name));
    const run = erasure.runIdOf(d.id);
    // another worker claimed d a moment ago (its batch is alive) and had erased the sign-in identities
    await runs.create({
      _id: run,
      batch: 'batch_elsewhere',
      status: 'running',
      reason: 'retention',
      subject: { accountId: d.id, subjectId: d.subjectId, emails: [d.email!] },
      heartbeatAt: clock.now(),
      startedAt: clock.now(),
    });
    await api.connection.collection('identities').deleteMany({ accountId: d.id });
    await api.connection.collection('erasure_steps').insertOne({
      _id: 'batch_elsewhere:identity:0' as never,
      batch: 'batch_elsewhere',
      module: 'identity',
      runs: [run],
      outcomes: [
        {
          module: 'identity',
          items: [{ collection: 'identities', category: 'identity', action: 'deleted', count: 2 }],
          found: { emails: ['batch-d-work@example.com'], providerSubjects: [{ provider: 'linkedin', subject: 'li-batch-d' }] },
        },
      ],
      at: clock.now(),
    });
    expect(await retention.purgeBatch([d.id], clock.now())).toMatchObject({ erased: 0, busy: 1 });
    expect(await api.app.get(AccountsService).findById(d.id)).not.toBeNull();
    // that worker died: after the lease the next batch finishes the job, with what the first one did
    clock.advance(11 * 60_000);
    expect(await retention.purgeBatch([d.id], clock.now())).toMatchObject({ erased: 1, busy: 0 });
    expect(await api.app.get(AccountsService).findById(d.id)).toBeNull();
    expect((await runs.findById(run).lean())!.status).toBe('erased');
    expect(await countOf(d, 'identities')).toBe(2);
    expect(await api.connection.collection('erasure_steps').countDocuments({ batch: 'batch_elsewhere' })).toBe(0);
    // the linked address the first batch found is suppressed and swept for
    expect(await countOf(d, 'suppressions')).toBe(2);
    expect(await api.app.get(ResidueSweepService).sweep()).toMatchObject({ verified: 1, residue: 0 });
    expect(await api.connection.collection('erasure_steps').countDocuments({ batch: (await runs.findById(run).lean())!.batch })).toBe(0);
  });

  it('keeps the addresses of linked sign-ins when the identity step dies after deleting them', async () => {
    const f = await person('batch-f', { linkedEmail: 'batch-f-work@example.com' });
    clock.advance(15 * DAY_MS);
    const runsRepo = api.app.get(ErasureRunsRepository);
    const record = runsRepo.recordStep.bind(runsRepo);
    // the process "dies" right after the identity handler deleted the identities, before its step is written
    const dieAtIdentityStep = async (step: Parameters<typeof record>[0]) => (step.module === 'identity' ? Promise.reject(new Error('killed')) : record(step));
    // the first two steps written are the identity module's found identifiers, then its own step
    const spy = jest.spyOn(runsRepo, 'recordStep').mockImplementationOnce(dieAtIdentityStep).mockImplementationOnce(dieAtIdentityStep);
    await expect(retention.purgeBatch([f.id], clock.now())).rejects.toThrow('killed');
    spy.mockRestore();
    expect(await api.connection.collection('identities').countDocuments({ accountId: f.id })).toBe(0);
    expect(await retention.purgeBatch([f.id], clock.now())).toMatchObject({ erased: 1 });
    // the retry still knew the linked address: suppressed, and the sweep looked for it
    expect(await countOf(f, 'suppressions')).toBe(2);
    expect(await api.app.get(ResidueSweepService).sweep()).toMatchObject({ residue: 0 });
    expect(await findIdentifiers(api.connection, ['batch-f-work@example.com', 'li-batch-f', f.id])).toEqual([]);
  });

  it('refuses sign-in, and new links by verified email, once the grace period is over', async () => {
    const e = await person('batch-e');
    clock.advance(15 * DAY_MS);
    await expect(identity.signIn({ provider: 'google', subject: 'g-batch-e', email: 'batch-e@example.com', emailVerified: true })).rejects.toMatchObject({
      code: 'ACCOUNT_BLOCKED',
    });
    // an address never links by itself: the account-exists page, and nothing attaches to the account being erased
    await expect(identity.signIn({ provider: 'facebook', subject: 'fb-batch-e', email: 'batch-e@example.com', emailVerified: true })).rejects.toMatchObject({
      code: 'ACCOUNT_EXISTS',
    });
    expect(await identity.findIdentity('facebook', 'fb-batch-e')).toBeNull();
    expect((await identity.list(e.id)).map((i) => i.provider)).toEqual(['google']);
  });
});
