import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';

const DAY = 86400000;

/**
 * Accounts written straight into the database, each with an identity, a profile, a marketing preference,
 * two sent outbox messages, a policy acknowledgement and an invoice (the purge benchmark's shape); the
 * first `due` of them terminated and past their grace period, with their purge schedule entries.
 */
export async function bulkAccounts(
  connection: Connection,
  opts: { count: number; due: number; now: Date; tag?: string },
): Promise<{ id: string; email: string; subjectId: string }[]> {
  const db = connection.db!;
  const tag = opts.tag ?? randomBytes(3).toString('hex');
  const terminatedAt = new Date(opts.now.getTime() - 20 * DAY);
  const purgeAfter = new Date(terminatedAt.getTime() + 14 * DAY);
  const accounts = Array.from({ length: opts.count }, (_, i) => ({
    _id: new Types.ObjectId(),
    subjectId: `sub_${randomBytes(12).toString('base64url')}`,
    email: `bulk-${tag}-${i}@example.test`,
    emailVerified: true,
    status: i < opts.due ? 'terminated' : 'active',
    roles: ['customer'],
    locale: 'en',
    version: 0,
    createdAt: opts.now,
    updatedAt: opts.now,
    ...(i < opts.due ? { terminatedAt, purgeAfter } : {}),
  }));
  const now = opts.now;
  const by: Record<string, object[]> = {};
  const add = (c: string, d: object) => (by[c] ??= []).push(d);
  for (const a of accounts) {
    const id = a._id.toHexString();
    add('identities', { provider: 'google', providerSubject: `g-${id}`, accountId: id, email: a.email, emailVerified: true, linkedAt: now, lastSignInAt: now });
    add('notification_preferences', { accountId: id, marketing: true, updatedAt: now });
    for (const k of [0, 1])
      add('outbox_messages', {
        idempotencyKey: `bulk:${id}:${k}`,
        to: a.email,
        accountId: id,
        template: 'service-notice',
        category: 'service',
        locale: 'en',
        subject: 'Hello',
        html: '<p>x</p>',
        text: 'x',
        status: 'sent',
        attempts: 1,
        scrubAfterSend: false,
        createdAt: now,
        sentAt: now,
      });
    add('policy_acknowledgements', { accountId: id, version: '2027-01', at: now });
    add('profiles', { accountId: id, name: 'Bulk Person', phone: '+4791234567', provenance: { name: 'self' }, version: 1, updatedAt: now });
    add('billing_orders', {
      externalId: `INV-${id}`,
      source: 'erp',
      accountId: id,
      contactEmail: a.email,
      contactName: 'Bulk Person',
      billingCompany: 'Firma AS',
      billingAddress: { line1: 'Gate 1', postalCode: '0150', city: 'Oslo', country: 'NO' },
      product: 'Pro',
      amountMinor: 1000,
      currency: 'NOK',
      invoiceDate: new Date('2026-01-01'),
      keptUntil: new Date('2031-01-01'),
    });
  }
  for (let i = 0; i < accounts.length; i += 1000) await db.collection('accounts').insertMany(accounts.slice(i, i + 1000));
  for (const [c, docs] of Object.entries(by)) for (let i = 0; i < docs.length; i += 1000) await db.collection(c).insertMany(docs.slice(i, i + 1000));
  const due = accounts.slice(0, opts.due);
  if (due.length)
    await db.collection('purge_schedule').insertMany(
      due.map((a) => ({
        _id: a._id.toHexString() as never,
        subjectId: a.subjectId,
        dueAt: purgeAfter,
        remindAt: new Date(purgeAfter.getTime() - 3 * DAY),
        reminded: true,
      })),
    );
  return accounts.map((a) => ({ id: a._id.toHexString(), email: a.email, subjectId: a.subjectId }));
}
