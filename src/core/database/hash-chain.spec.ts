import { getModelToken } from '@nestjs/mongoose';
import { rmSync } from 'node:fs';
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
    rmSync(ctx.config.checkpoints.dir, { recursive: true, force: true });
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

  it('covers the key with the MAC (format 2) and still verifies entries written before it (format 1)', async () => {
    await ctx.connection.collection('erasure_receipts').deleteMany({});
    const receipts = ctx.app.get(ErasureReceiptsRepository);
    const chain = new HashChain<ReceiptBody>(
      ctx.app.get(getModelToken(ERASURE_RECEIPT_MODEL)),
      ctx.app.get(getModelToken(CHAIN_HEAD_MODEL)),
      'erasure-receipts',
      ctx.app.get(KeyedHash).key('chain:erasure-receipts').toString('hex'),
    );
    const body = (run: string): ReceiptBody => ({ run, reason: 'test', emailHashes: [], items: [], erasedAt: '2027-01-01T00:00:00.000Z' });
    // two entries as the old code wrote them: no `v`, the MAC without the key
    const at = new Date('2027-01-01T00:00:00.000Z');
    const h1 = chain.hashOf(1, at, body('old1'), '0'.repeat(64), undefined, 1);
    const h2 = chain.hashOf(2, at, body('old2'), h1, undefined, 1);
    const raw = ctx.connection.collection('erasure_receipts');
    await raw.insertMany([
      { seq: 1, key: 'old1', at, body: body('old1'), prevHash: '0'.repeat(64), hash: h1 },
      { seq: 2, key: 'old2', at, body: body('old2'), prevHash: h1, hash: h2 },
    ]);
    await ctx.connection.collection('chain_heads').insertOne({ _id: 'erasure-receipts' as never, seq: 2, hash: h2 });
    const added = await receipts.append(body('new3'), new Date());
    expect(added).toMatchObject({ v: 2, seq: 3, key: 'new3', prevHash: h2 });
    await expect(receipts.verify()).resolves.toEqual({ ok: true, count: 3 });
    // the key of a format-2 entry is under its MAC now
    await raw.updateOne({ seq: 3 }, { $set: { key: 'forged' } });
    await expect(receipts.verify()).resolves.toMatchObject({ ok: false, firstBad: { seq: 3, reason: expect.stringMatching(/edited/) } });
    // and stripping `v` to pass it off as format 1 does not help
    await raw.updateOne({ seq: 3 }, { $set: { key: 'new3' }, $unset: { v: '' } });
    await expect(receipts.verify()).resolves.toMatchObject({ ok: false, firstBad: { seq: 3 } });
  });

  it('groups concurrent appends of a process into few inserts, one unbroken chain', async () => {
    const model = ctx.app.get(getModelToken(AUDIT_EVENT_MODEL)) as Model<unknown>;
    const inserts: number[] = [];
    const original = model.collection.insertMany.bind(model.collection);
    const spy = jest.spyOn(model.collection, 'insertMany').mockImplementation(((docs: unknown[], o: never) => {
      inserts.push(docs.length);
      return original(docs as never, o);
    }) as never);
    try {
      await Promise.all(Array.from({ length: 300 }, (_, i) => audit.record({ actor: 'system', action: `g.${i}`, outcome: 'success' })));
    } finally {
      spy.mockRestore();
    }
    expect(inserts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(inserts.length).toBeLessThan(10);
    await expect(audit.verify()).resolves.toEqual({ ok: true, count: 300 });
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
    const rows = await ctx.connection
      .collection('erasure_receipts')
      .find({}, { sort: { seq: 1 } })
      .toArray();
    expect(rows.every((r) => r.v === 2)).toBe(true);
  });
});
