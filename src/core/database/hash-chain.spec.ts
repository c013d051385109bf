import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { startContext } from '../../../test/support/test-app';
import { AuditService } from '../../modules/audit/audit.service';
import { AUDIT_EVENT_MODEL } from '../../modules/audit/schemas/audit-event.schema';
import { ErasureReceiptsRepository } from '../../modules/erasure/erasure-receipts.repository';
import { ERASURE_RECEIPT_MODEL, ReceiptBody } from '../../modules/erasure/schemas/erasure-receipt.schema';
import { CHAIN_HEAD_MODEL } from './chain-head.schema';
import { HashChain } from './hash-chain';
import { KeyedHash } from '../crypto/keyed-hash';

describe('HashChain (through the audit trail)', () => {
  let ctx: Awaited<ReturnType<typeof startContext>>;
  let audit: AuditService;
  let model: Model<{ seq: number; body: { action: string } }>;

  beforeAll(async () => {
    ctx = await startContext();
    audit = ctx.app.get(AuditService);
    model = ctx.app.get(getModelToken(AUDIT_EVENT_MODEL));
  });
  afterAll(() => ctx.close());
  beforeEach(async () => {
    await model.deleteMany({});
    await ctx.connection.collection('chain_heads').deleteMany({});
  });

  it('forms one unbroken chain from concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.record({ actor: 'system', action: `test.${i}`, outcome: 'success' })));
    const seqs = (await model.find().lean()).map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await expect(audit.verify()).resolves.toEqual({ ok: true, count: 20 });
  });

  it('names the first edited entry', async () => {
    for (let i = 0; i < 5; i++) await audit.record({ actor: 'system', action: `a.${i}`, outcome: 'success' });
    await model.updateOne({ seq: 3 }, { $set: { 'body.action': 'forged' } });
    await expect(audit.verify()).resolves.toMatchObject({ ok: false, firstBad: { seq: 3 } });
  });

  it('notices a deleted entry, even the last one', async () => {
    for (let i = 0; i < 4; i++) await audit.record({ actor: 'system', action: `a.${i}`, outcome: 'success' });
    await model.deleteOne({ seq: 4 });
    await expect(audit.verify()).resolves.toMatchObject({ ok: false, firstBad: { seq: 4 } });
  });

  it('appends many in one write, returns the stored entry for a key already there, and stays one chain across processes', async () => {
    await ctx.connection.collection('erasure_receipts').deleteMany({});
    const receipts = ctx.app.get(ErasureReceiptsRepository);
    const body = (run: string): ReceiptBody => ({ run, reason: 'test', emailHashes: [], subjectHash: 'x', items: [], erasedAt: '2027-01-01T00:00:00.000Z' });
    const first = await receipts.appendMany(['r1', 'r2', 'r3'].map(body), new Date());
    expect(first.map((e) => e.seq)).toEqual([1, 2, 3]);
    const again = await receipts.appendMany(['r4', 'r2', 'r5'].map(body), new Date());
    expect(again.map((e) => [e.key, e.seq])).toEqual([
      ['r4', 4],
      ['r2', 2],
      ['r5', 5],
    ]);
    // two processes (two chain objects, each with its own queue) appending at once
    const other = new HashChain<ReceiptBody>(
      ctx.app.get(getModelToken(ERASURE_RECEIPT_MODEL)),
      ctx.app.get(getModelToken(CHAIN_HEAD_MODEL)),
      'erasure-receipts',
      ctx.app.get(KeyedHash).key('chain:erasure-receipts').toString('hex'),
    );
    await Promise.all([
      receipts.appendMany(
        Array.from({ length: 30 }, (_, i) => body(`a${i}`)),
        new Date(),
      ),
      other.appendMany(
        Array.from({ length: 30 }, (_, i) => ({ body: body(`b${i}`), key: `b${i}` })),
        new Date(),
      ),
    ]);
    await expect(receipts.verify()).resolves.toEqual({ ok: true, count: 65 });
  });
});
