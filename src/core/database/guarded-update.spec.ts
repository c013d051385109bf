import { anAccount } from '../../../test/factories/accounts';
import { startContext } from '../../../test/support/test-app';
import { AccountsService } from '../../modules/accounts/accounts.service';
import { ProfileService } from '../../modules/profile/profile.service';
import { GUARD_CLAIMS, GUARD_LEASE_MS, guardedUpdate } from './guarded-update';

const WRITERS = 5;
const TRIALS = 5;

/** Runs `writers` calls at once and returns how many won. */
async function race(write: (i: number) => Promise<boolean>): Promise<number> {
  const results = await Promise.all(Array.from({ length: WRITERS }, (_, i) => write(i)));
  return results.filter(Boolean).length;
}

describe('guardedUpdate (five racing writers, one winner)', () => {
  let ctx: Awaited<ReturnType<typeof startContext>>;
  beforeAll(async () => {
    ctx = await startContext();
  });
  afterAll(() => ctx.close());

  it('lets exactly one of five writers move a document from one state to the next', async () => {
    const col = ctx.connection.collection('guarded_update_spec');
    for (let t = 0; t < TRIALS; t++) {
      const { insertedId } = await col.insertOne({ state: 'open', version: 0 });
      const wins = await race(async (i) => !!(await guardedUpdate(col, insertedId, { state: 'open' }, { $set: { state: 'closed', by: i } })));
      expect(wins).toBe(1);
      expect(await col.findOne({ _id: insertedId })).toMatchObject({ state: 'closed', version: 1 });
    }
    expect(await ctx.connection.collection(GUARD_CLAIMS).countDocuments({})).toBe(0);
    await col.drop();
  });

  it('clears the claim of a writer that died mid-way once its lease is over, and not before', async () => {
    const col = ctx.connection.collection('guarded_update_spec2');
    const { insertedId } = await col.insertOne({ state: 'open', version: 3 });
    const claims = ctx.connection.collection<{ _id: string; at: Date }>(GUARD_CLAIMS);
    const diedAt = new Date('2027-01-01T00:00:00Z');
    await claims.insertOne({ _id: `guarded_update_spec2:${String(insertedId)}:3`, at: diedAt });
    expect(
      await guardedUpdate(col, insertedId, { state: 'open' }, { $set: { state: 'closed' } }, { now: new Date(diedAt.getTime() + GUARD_LEASE_MS - 1000) }),
    ).toBeNull();
    expect(
      await guardedUpdate(col, insertedId, { state: 'open' }, { $set: { state: 'closed' } }, { now: new Date(diedAt.getTime() + GUARD_LEASE_MS + 1000) }),
    ).toMatchObject({ state: 'closed', version: 4 });
    await col.drop();
  });

  it('moves an account from active to terminated once among five racing status changes', async () => {
    const accounts = ctx.app.get(AccountsService);
    for (let t = 0; t < TRIALS; t++) {
      const account = await anAccount(ctx.app);
      const wins = await race(async () => !!(await accounts.setStatus(account.id, 'terminated', {}, { whereStatus: ['active'] })));
      expect(wins).toBe(1);
      expect((await accounts.getById(account.id)).version).toBe(account.version + 1);
    }
  });

  it('applies exactly one of five racing profile edits made on the same version', async () => {
    const profiles = ctx.app.get(ProfileService);
    for (let t = 0; t < TRIALS; t++) {
      const account = await anAccount(ctx.app);
      const before = await profiles.get(account);
      const wins = await race(async (i) => {
        try {
          await profiles.update(account, { name: `Writer ${i}` }, { bodyVersion: before.version });
          return true;
        } catch (err) {
          if ((err as { code?: string }).code === 'PROFILE_VERSION_CONFLICT') return false;
          throw err;
        }
      });
      expect(wins).toBe(1);
      expect((await profiles.get(account)).version).toBe(before.version + 1);
    }
  });
});
