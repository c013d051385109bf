import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { ApiKeysService } from '../../src/modules/transfers/api-keys.service';
import { RecipientsService } from '../../src/modules/transfers/recipients.service';
import { TransfersService } from '../../src/modules/transfers/transfers.service';
import type { CreateRecipientDto } from '../../src/modules/transfers/dto/recipient.dto';
import type { RecordTransferDto } from '../../src/modules/transfers/dto/transfer.dto';
import { aRecipient, aTransfer } from '../factories/transfers';
import { buildDist } from '../support/processes';
import { envFor, runNode } from '../support/spawn';
import { startContext } from '../support/test-app';

describe('Transfers CLI: apikeys:create/list/revoke and transfers:verify', () => {
  let ctx: Awaited<ReturnType<typeof startContext>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    ctx = await startContext();
    env = envFor(ctx.config);
  });
  afterAll(() => ctx.close());

  it('apikeys:create prints a key once (stored as a hash); list shows it; revoke ends it', async () => {
    const created = await runNode('cli.js', ['apikeys:create', '--system', 'billing'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^rdk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown only now/);
    const keys = ctx.app.get(ApiKeysService);
    const found = await keys.authenticate(key);
    expect(found.system).toBe('billing');
    expect(JSON.stringify(await ctx.connection.collection('api_keys').find({}).toArray())).not.toContain(key.slice(13));
    const list = await runNode('cli.js', ['apikeys:list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(found.prefix);
    expect(list.stdout).toMatch(/billing .* active/);
    expect(list.stdout).not.toContain(key);
    const revoked = await runNode('cli.js', ['apikeys:revoke', '--key', found.prefix], env);
    expect(revoked.code).toBe(0);
    await expect(keys.authenticate(key)).rejects.toMatchObject({ code: 'INVALID_API_KEY' });
    expect((await runNode('cli.js', ['apikeys:list'], env)).stdout).toMatch(/REVOKED/);
    expect((await runNode('cli.js', ['apikeys:revoke', '--key', 'rdk_unknown1'], env)).code).toBe(1);
  }, 300_000);

  it('apikeys:create exits 2 on a usage error', async () => {
    expect((await runNode('cli.js', ['apikeys:create'], env)).code).toBe(2);
    const bad = await runNode('cli.js', ['apikeys:create', '--system', 'Billing System!'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--system must be/);
    expect((await runNode('cli.js', ['apikeys:revoke'], env)).code).toBe(2);
  }, 120_000);

  it('transfers:verify exits 0 while intact; an edited, deleted or reordered transfer entry is named (the CLI runs of each are in chain-tamper)', async () => {
    const recipient = await ctx.app.get(RecipientsService).create(aRecipient() as unknown as CreateRecipientDto, 'test');
    const transfers = ctx.app.get(TransfersService);
    const accounts = ctx.app.get(AccountsService);
    for (let i = 0; i < 5; i++) {
      const person = await accounts.create({ email: `cli.person${i}@example.test`, emailVerified: true });
      await transfers.record('billing', aTransfer(recipient.id, [person.subjectId]) as unknown as RecordTransferDto);
    }
    const log = ctx.connection.collection('transfer_log');
    const original = await log.find({}).sort({ seq: 1 }).toArray();
    expect(original.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const intact = await runNode('cli.js', ['transfers:verify'], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout.trim()).toMatch(/^transfer log intact: 5 entries; signed checkpoint \S+0005\.checkpoint$/);

    const restore = async () => {
      await log.deleteMany({});
      await log.insertMany(original);
      expect(await transfers.verify()).toMatchObject({ ok: true, count: 5 });
    };

    // edit: a purpose changed in place
    await log.updateOne({ seq: 3 }, { $set: { 'body.purpose': 'marketing' } });
    expect(await transfers.verify()).toMatchObject({ ok: false, firstBad: { seq: 3, reason: expect.stringMatching(/edited/) } });
    await restore();

    // edit: a subject id removed from an entry
    await log.updateOne({ seq: 4 }, { $set: { 'body.subjectIds': [] } });
    expect(await transfers.verify()).toMatchObject({ ok: false, firstBad: { seq: 4 } });
    await restore();

    // delete: one entry in the middle
    await log.deleteOne({ seq: 2 });
    expect(await transfers.verify()).toMatchObject({ ok: false, firstBad: { seq: 2, reason: expect.stringMatching(/missing/) } });
    await restore();

    // reorder: two entries swap places
    await log.updateOne({ seq: 2 }, { $set: { seq: -2 } });
    await log.updateOne({ seq: 4 }, { $set: { seq: 2 } });
    await log.updateOne({ seq: -2 }, { $set: { seq: 4 } });
    expect(await transfers.verify()).toMatchObject({ ok: false, firstBad: { seq: 2, reason: expect.stringMatching(/does not link/) } });
    await restore();
  }, 300_000);
});
