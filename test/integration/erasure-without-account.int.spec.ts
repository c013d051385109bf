import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ManualClock } from '../../src/core/clock/clock';
import { AuditService } from '../../src/modules/audit/audit.service';
import { BillingService } from '../../src/modules/billing/billing.service';
import { ErasureReceiptsRepository } from '../../src/modules/erasure/erasure-receipts.repository';
import { ErasureService } from '../../src/modules/erasure/erasure.service';
import { ResidueSweepService } from '../../src/modules/erasure/residue-sweep.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { SuppressionDoc } from '../../src/modules/notifications/schemas/suppression.schema';
import { UnsubscribeTokens } from '../../src/modules/notifications/unsubscribe-tokens';
import { SubjectExportService } from '../../src/core/personal-data/subject-export.service';
import { findIdentifiers } from '../support/residue';
import { startContext } from '../support/test-app';

describe(`${ErasureService.name}.eraseSubjects for a person without an account`, () => {
  const clock = new ManualClock(new Date('2027-03-01T09:00:00.000Z'));
  let ctx: Awaited<ReturnType<typeof startContext>>;
  const email = 'trial.contact@example.org';

  beforeAll(async () => {
    ctx = await startContext({ clock });
  });
  afterAll(() => ctx.close());

  it('erases a contact known only by email from billing orders, the outbox and suppressions, with a receipt naming the reason and no residue', async () => {
    // A colleague bought a licence naming them as the contact; we emailed them; they unsubscribed.
    await ctx.app.get(BillingService).record('erp', {
      externalId: 'INV-contact-1',
      contactEmail: 'Trial.Contact@example.org',
      contactName: 'Kari Kontakt',
      billingCompany: 'Firma AS',
      billingAddress: { line1: 'Gate 1', postalCode: '0150', city: 'Oslo', country: 'NO' },
      product: 'Pro',
      amountMinor: 1000,
      currency: 'NOK',
      invoiceDate: new Date('2027-01-15'),
    });
    await ctx.app.get(NotificationsService).send({
      to: { email },
      template: 'erasure.receipt',
      category: 'service',
      idempotencyKey: 'contact-notice-1',
      data: { erasedAt: 'x', receipt: 'y', deleted: 0, kept: 'nothing' },
    });
    const tokens = ctx.app.get(UnsubscribeTokens);
    await ctx.app.get(NotificationsService).unsubscribe(tokens.sign({ h: tokens.emailHash(email), e: Math.floor(clock.now().getTime() / 1000) + 3600 }));
    const before = await ctx.app.get(SubjectExportService).exportSubject({ emails: [email] });
    expect(before.modules.find((m) => m.module === 'billing')?.data.billing_orders).toHaveLength(1);
    expect(before.modules.find((m) => m.module === 'notifications')?.data.outbox_messages).toHaveLength(1);
    expect((await findIdentifiers(ctx.connection, [email])).length).toBeGreaterThan(0);

    const result = await ctx.app.get(ErasureService).eraseSubjects([{ email }], 'request');
    expect(result).toEqual({ erased: [email], alreadyDone: [], busy: [], gone: [] });

    const receipt = await ctx.app.get(ErasureReceiptsRepository).findByRun(ctx.app.get(ErasureService).runIdOf({ email }));
    expect(receipt?.body).toMatchObject({ reason: 'request' });
    const counted = Object.fromEntries(receipt!.body.items.filter((i) => i.count > 0).map((i) => [`${i.module}/${i.collection}`, i.action]));
    expect(counted).toMatchObject({ 'billing/billing_orders': 'kept', 'notifications/outbox_messages': 'deleted' });
    // the invoice is kept for bookkeeping, without the person
    const order = await ctx.connection.collection('billing_orders').findOne({ externalId: 'INV-contact-1' });
    expect(order).toMatchObject({ billingCompany: 'Firma AS' });
    expect(order!.contactEmail).toBeUndefined();
    expect(order!.contactName).toBeUndefined();
    // the suppression outlives the erasure, as a keyed hash only
    expect(await ctx.app.get<Model<SuppressionDoc>>(getModelToken(SuppressionDoc.name)).countDocuments({})).toBeGreaterThan(0);
    expect(await ctx.app.get(NotificationsService).mayMarketTo(email)).toBe(false);
    // the audit trail names the reason and no person
    const audit = await ctx.app.get(AuditService).list({ limit: 20 });
    expect(audit.find((e) => e.body.action === 'erasure.complete')?.body.details).toMatchObject({ reason: 'request' });

    // verified: nothing of the address is left but the erasure's own bookkeeping (dropped at verification)
    expect(await ctx.app.get(ResidueSweepService).sweep()).toMatchObject({ verified: 1, residue: 0 });
    // only the receipt itself is left, waiting to be sent (no worker runs here); it is scrubbed once sent
    const left = await findIdentifiers(ctx.connection, [email, 'Kari Kontakt']);
    expect(left).toHaveLength(1);
    expect(await ctx.connection.collection('outbox_messages').findOne({ to: email })).toMatchObject({
      template: 'erasure.receipt',
      scrubAfterSend: true,
      status: 'pending',
    });
    // a second request changes nothing
    expect((await ctx.app.get(ErasureService).eraseSubjects([{ email }], 'request')).alreadyDone).toEqual([email]);
  });
});
