import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AnchoringService } from '../../src/modules/anchoring/anchoring.service';
import { appendEntries, ChainUnderTest, resetChain, swapEntries } from '../support/chain-tamper';
import { buildDist } from '../support/processes';
import { envFor, runNode } from '../support/spawn';
import { startContext } from '../support/test-app';

/** Every hash-chained log, tampered with through its real verify command. */
const CHAINS: ChainUnderTest[] = [
  { chain: 'audit', collection: 'audit_events', command: 'audit:verify' },
  { chain: 'erasure-receipts', collection: 'erasure_receipts', command: 'erasure:verify' },
  { chain: 'transfers', collection: 'transfer_log', command: 'transfers:verify' },
];

describe('Tampering with a hash-chained log makes its verify command fail, naming the problem', () => {
  let ctx: Awaited<ReturnType<typeof startContext>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    ctx = await startContext({ env: { CHECKPOINT_AUDITOR_EMAIL: 'auditor@example.org' } });
    env = envFor(ctx.config, { CHECKPOINT_AUDITOR_EMAIL: 'auditor@example.org' });
  }, 300_000); // buildDist() runs tsc: minutes on a loaded machine
  afterAll(() => ctx.close());

  const verify = (c: ChainUnderTest) => runNode('cli.js', [c.command], env);
  const checkpointsOf = (c: ChainUnderTest) => {
    try {
      return readdirSync(path.join(ctx.config.checkpoints.dir, c.chain)).filter((f) => f.endsWith('.checkpoint'));
    } catch {
      return [];
    }
  };

  describe.each(CHAINS)('$chain ($command)', (c) => {
    beforeEach(async () => {
      await resetChain(ctx.connection, ctx.config, c);
      await appendEntries(ctx.connection, c.chain, 6);
    });

    it('intact: exits 0 and writes a signed checkpoint an auditor can check, emailed once', async () => {
      const r = await verify(c);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/intact: 6 /);
      expect(checkpointsOf(c)).toEqual(['0000000000000006.checkpoint']);
      const file = path.join(ctx.config.checkpoints.dir, c.chain, '0000000000000006.checkpoint');
      const note = readFileSync(file, 'utf8');
      expect(note).toMatch(
        new RegExp(
          `^${ctx.config.checkpoints.origin}/${c.chain}\\n6\\n[A-Za-z0-9+/]{43}=\\n\\n\u2014 ${ctx.config.checkpoints.origin}/${c.chain} [A-Za-z0-9+/]{91}=\\n$`,
        ),
      );
      const checked = await runNode('cli.js', ['checkpoints:verify', '--file', file], env);
      expect(checked.code).toBe(0);
      expect(checked.stdout).toMatch(new RegExp(`checkpoint valid: \\S+/${c.chain} has 6 entries`));
      // a second run with nothing new appended: the same checkpoint, no second email
      expect((await verify(c)).code).toBe(0);
      const mails = await ctx.connection.collection('outbox_messages').find({ to: 'auditor@example.org', template: 'anchoring.checkpoint' }).toArray();
      expect(mails.filter((m) => String(m.text).includes(note.trim()))).toHaveLength(1);
      // an altered checkpoint does not pass the auditor's check
      const forged = path.join(ctx.config.checkpoints.dir, 'forged.note');
      writeFileSync(forged, note.replace('\n6\n', '\n7\n'));
      const bad = await runNode('cli.js', ['checkpoints:verify', '--file', forged], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/checkpoint INVALID: the signature of \S+ does not verify/);
    });

    it('an edited entry: exits 1 naming it', async () => {
      await ctx.connection.collection(c.collection).updateOne({ seq: 3 }, { $set: { 'body.n': 99 } });
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/BROKEN at entry 3: content does not match its hash \(edited\)/);
      expect(checkpointsOf(c)).toEqual([]); // a broken chain gets no checkpoint
    });

    it('an edited key: exits 1 naming the entry', async () => {
      await ctx.connection.collection(c.collection).updateOne({ seq: 2 }, { $set: { key: 'another' } });
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/BROKEN at entry 2: content does not match its hash/);
    });

    it('a deleted entry: exits 1 naming the missing one', async () => {
      await ctx.connection.collection(c.collection).deleteOne({ seq: 4 });
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/BROKEN at entry 4: entry 4 is missing/);
    });

    it('two entries swapped: exits 1 naming the first out of place', async () => {
      await swapEntries(ctx.connection, c, 2, 5);
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/BROKEN at entry 2: does not link to the previous entry/);
    });

    it('the newest three entries and the head deleted after a checkpoint: exits 1 naming the truncation', async () => {
      expect((await verify(c)).code).toBe(0); // checkpoint at 6
      await ctx.connection.collection(c.collection).deleteMany({ seq: { $gte: 4 } });
      await ctx.connection.collection('chain_heads').deleteOne({ _id: c.chain as never });
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /BROKEN at entry 4: the chain is truncated: it has 3 entries but the signed checkpoint \S+0006\.checkpoint has 6 \(the newest 3 entries were deleted/,
      );
    });

    it('rolled back and rewritten past the checkpoint: exits 1 naming the checkpointed entry', async () => {
      expect((await verify(c)).code).toBe(0); // checkpoint at 6
      await ctx.connection.collection(c.collection).deleteMany({ seq: { $gte: 5 } });
      await ctx.connection.collection('chain_heads').deleteOne({ _id: c.chain as never });
      await appendEntries(ctx.connection, c.chain, 4); // the chain grows past 6 again, but differently
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/BROKEN at entry 6: entry 6 differs from the signed checkpoint/);
    });

    it('the head record deleted: exits 1 naming it', async () => {
      await ctx.connection.collection('chain_heads').deleteOne({ _id: c.chain as never });
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/the head record of the chain is missing/);
    });

    it('a checkpoint file altered in the directory: exits 1 naming it', async () => {
      expect((await verify(c)).code).toBe(0);
      const file = path.join(ctx.config.checkpoints.dir, c.chain, '0000000000000006.checkpoint');
      // another root hash under the old signature
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n[A-Za-z0-9+/]{43}=\n\n/, `\n${Buffer.alloc(32, 9).toString('base64')}\n\n`));
      const r = await verify(c);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/the latest checkpoint \S+0006\.checkpoint does not verify/);
    });
  });

  it('the scheduled job verifies and checkpoints every chain', async () => {
    for (const c of CHAINS) {
      await resetChain(ctx.connection, ctx.config, c);
      await appendEntries(ctx.connection, c.chain, 2);
    }
    const results = await ctx.app.get(AnchoringService).checkpointOnSchedule({ slot: '2027-01-01T00:00' });
    for (const c of CHAINS) {
      expect(results).toContainEqual({ chain: c.chain, ok: true, count: 2 });
      expect(checkpointsOf(c)).toEqual(['0000000000000002.checkpoint']);
    }
  });
});
