import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { startContext } from '../../../test/support/test-app';
import { AuditService } from '../../modules/audit/audit.service';
import { AUDIT_EVENT_MODEL } from '../../modules/audit/schemas/audit-event.schema';

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
});
