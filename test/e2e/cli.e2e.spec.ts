import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { AUDIT_EVENT_MODEL } from '../../src/modules/audit/schemas/audit-event.schema';
import { buildDist } from '../support/processes';
import { envFor, runNode } from '../support/spawn';
import { startContext } from '../support/test-app';

describe('Admin CLI', () => {
  let ctx: Awaited<ReturnType<typeof startContext>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildDist();
    ctx = await startContext();
    env = envFor(ctx.config);
  }, 300_000); // buildDist() runs tsc: minutes on a loaded machine
  afterAll(() => ctx.close());

  it('accounts:grant-role grants the agent role and audits it by subject id', async () => {
    const account = await ctx.app.get(AccountsService).create({ email: 'Agent.Smith@Example.com', emailVerified: true });
    const r = await runNode('cli.js', ['accounts:grant-role', '--email', 'agent.smith@example.com', '--role', 'agent'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(account.subjectId);
    expect(r.stdout).not.toContain('example.com');
    expect((await ctx.app.get(AccountsService).findById(account.id))!.roles).toEqual(['customer', 'agent']);
    const audit = await runNode('cli.js', ['audit:verify'], env);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/intact: 1 entries/);
  });

  it('accounts:grant-role exits 1 with a clear message for an unknown email', async () => {
    const r = await runNode('cli.js', ['accounts:grant-role', '--email', 'nobody@example.com', '--role', 'admin'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No account matches/);
  });

  it('accounts:grant-role names an account by --subject, and refuses an email nobody verified', async () => {
    const accounts = ctx.app.get(AccountsService);
    const unverified = await accounts.create({ email: 'said.so@example.com', emailVerified: false });
    const refused = await runNode('cli.js', ['accounts:grant-role', '--email', 'said.so@example.com', '--role', 'admin'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/never verified/);
    expect((await accounts.findById(unverified.id))!.roles).toEqual(['customer']);
    const bySubject = await runNode('cli.js', ['accounts:grant-role', '--subject', unverified.subjectId, '--role', 'agent'], env);
    expect([bySubject.code, bySubject.stderr]).toEqual([0, '']);
    expect(bySubject.stdout).toContain(unverified.subjectId);
    expect((await accounts.findById(unverified.id))!.roles).toEqual(['customer', 'agent']);
    const badSubject = await runNode('cli.js', ['accounts:grant-role', '--subject', 'nope', '--role', 'agent'], env);
    expect(badSubject.code).toBe(2);
  });

  it('exits 2 on a usage error', async () => {
    const badRole = await runNode('cli.js', ['accounts:grant-role', '--email', 'a@example.com', '--role', 'owner'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be agent or admin/);
    const missing = await runNode('cli.js', ['accounts:grant-role', '--role', 'agent'], env);
    expect(missing.code).toBe(2);
    const unknown = await runNode('cli.js', ['no-such-command'], env);
    expect(unknown.code).toBe(2);
  });

  it('subjects:export prints everything held about a person as JSON, for an account or an email alone', async () => {
    const a = await ctx.app.get(AccountsService).create({ email: 'export.me@example.com', emailVerified: true });
    const r = await runNode('cli.js', ['subjects:export', '--email', 'Export.Me@example.com'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.subjectId).toBe(a.subjectId);
    const accounts = doc.modules.find((m: { module: string }) => m.module === 'accounts');
    expect(accounts.data.accounts[0]).toMatchObject({ email: 'export.me@example.com', status: 'active' });
    expect(accounts.describes[0].fields[0]).toMatchObject({
      purpose: expect.any(String),
      legalBasis: expect.any(String),
      retention: expect.any(String),
      source: expect.any(String),
    });
    const stranger = JSON.parse((await runNode('cli.js', ['subjects:export', '--email', 'stranger@example.com'], env)).stdout);
    expect(stranger.modules.every((m: { holdsNothing: boolean; module: string }) => m.holdsNothing || m.module === 'notifications')).toBe(true);
    expect((await runNode('cli.js', ['subjects:export', '--email', 'not-an-email'], env)).code).toBe(2);
  });

  it('audit:verify exits non-zero and names the first bad entry after tampering', async () => {
    const accounts = ctx.app.get(AccountsService);
    const a = await accounts.create({ email: 'x@example.com', emailVerified: true });
    await accounts.grantRole(a.id, 'agent', 'test');
    await accounts.revokeRole(a.id, 'agent', 'test');
    const model = ctx.app.get<Model<{ seq: number }>>(getModelToken(AUDIT_EVENT_MODEL));
    await model.updateOne({ seq: 2 }, { $set: { 'body.outcome': 'denied' } });
    const r = await runNode('cli.js', ['audit:verify'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BROKEN at entry 2/);
  });
});
