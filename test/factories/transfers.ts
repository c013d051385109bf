import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { ApiKeysService } from '../../src/modules/transfers/api-keys.service';

let n = 0;

/** A recipient body for POST /api/admin/recipients (a subcontractor in Ireland unless overridden). */
export function aRecipient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    name: `Recipient ${n} Ltd`,
    kind: 'subcontractor',
    country: 'IE',
    mechanism: 'eea',
    purposes: ['payment processing'],
    categories: ['contact', 'billing'],
    noticeEmail: `privacy-${n}-${randomBytes(3).toString('hex')}@recipient.example`,
    agreementRef: `DPA-${n}`,
    ...overrides,
  };
}

/** A transfer body for POST /api/transfers. */
export function aTransfer(recipientId: string, subjectIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    recipientId,
    subjectIds,
    categories: ['contact'],
    purpose: 'payment processing',
    legalBasis: 'contract (Art. 6(1)(b))',
    idempotencyKey: `test-${n}-${randomBytes(4).toString('hex')}`,
    ...overrides,
  };
}

/** An API key of an internal system (the plain key, as apikeys:create prints it). */
export async function anApiKey(app: INestApplicationContext, system = 'billing'): Promise<string> {
  return (await app.get(ApiKeysService).create(system, 'test')).key;
}

/**
 * Many active accounts at once, straight into the accounts collection with insertMany (for the
 * fan-out at scale): each with a subject id and a verified address `<prefix>-<i>@example.test`.
 */
export async function manyAccounts(connection: Connection, count: number, prefix = 'bulk'): Promise<{ id: string; subjectId: string; email: string }[]> {
  const now = new Date();
  const docs = Array.from({ length: count }, (_, i) => ({
    _id: new Types.ObjectId(),
    subjectId: `sub_${randomBytes(16).toString('base64url')}`,
    email: `${prefix}-${i}@example.test`,
    emailVerified: true,
    status: 'active',
    roles: ['customer'],
    locale: 'en',
    localeChosen: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < docs.length; i += 1000) await connection.collection('accounts').insertMany(docs.slice(i, i + 1000));
  return docs.map((d) => ({ id: d._id.toHexString(), subjectId: d.subjectId, email: d.email }));
}
