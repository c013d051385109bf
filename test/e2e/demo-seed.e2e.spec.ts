import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { ProfileService } from '../../src/modules/profile/profile.service';
import { buildDist } from '../support/processes';
import { envFor, runNode } from '../support/spawn';
import { startContext } from '../support/test-app';

describe('npm run cli -- demo:seed', () => {
  let ctx: Awaited<ReturnType<typeof startContext>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    ctx = await startContext();
    env = envFor(ctx.config, { NODE_ENV: 'development' });
  });
  afterAll(() => ctx.close());

  it('creates a demo agent and admin, customers with profiles and a pending termination; a second run keeps them', async () => {
    const r = await runNode('cli.js', ['demo:seed'], env, 60_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^created /gm)).toHaveLength(5);
    const accounts = ctx.app.get(AccountsService);
    const byEmail = async (email: string) => (await accounts.findByEmail(email))[0];
    expect((await byEmail('sam.support@example.test')).roles).toContain('agent');
    expect((await byEmail('ada.admin@example.test')).roles).toContain('admin');
    const kari = await byEmail('kari.nordmann@example.test');
    expect(kari).toMatchObject({ status: 'active', locale: 'nb', emailVerified: true });
    expect(await ctx.app.get(ProfileService).get(kari)).toMatchObject({
      name: 'Kari Nordmann',
      phone: '+4791234567',
      postalAddress: expect.objectContaining({ city: 'Oslo' }),
    });
    const ola = await byEmail('ola.nordmann@example.test');
    expect(ola.status).toBe('terminated');
    expect(ola.purgeAfter!.getTime() - ola.terminatedAt!.getTime()).toBe(14 * 24 * 3600_000);

    const again = await runNode('cli.js', ['demo:seed'], env, 60_000);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^kept /gm)).toHaveLength(5);
    expect(await accounts.findByEmail('kari.nordmann@example.test')).toHaveLength(1);
  });

  it('refuses to run when NODE_ENV=production', async () => {
    const r = await runNode('cli.js', ['demo:seed'], { ...env, NODE_ENV: 'production', ALLOW_INSECURE_COOKIES: 'true' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('demo:seed refuses to run when NODE_ENV=production');
    expect(await ctx.app.get(AccountsService).findByEmail('demo.never@example.test')).toHaveLength(0);
  });
});
