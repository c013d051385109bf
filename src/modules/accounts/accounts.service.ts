import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Clock } from '../../core/clock/clock';
import { ACCOUNT_ROLE_CHANGED_EVENT, AccountRoleChangedEvent } from './accounts.events';
import { AuditService } from '../audit/audit.service';
import { AccountNotFoundError, AmbiguousAccountError, InvalidRoleError, UnverifiedEmailError } from './accounts.errors';
import { AccountPatch, AccountsRepository } from './accounts.repository';
import { Account, AccountStatus, Locale, Role } from './schemas/account.schema';

export function newSubjectId(): string {
  return `sub_${randomBytes(16).toString('base64url')}`;
}

/** The account aggregate: status, roles, subject id. The only writer of accounts. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly repo: AccountsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
  ) {}

  private async roleChanged(event: AccountRoleChangedEvent): Promise<void> {
    await this.events.emitAsync(ACCOUNT_ROLE_CHANGED_EVENT, event);
  }

  create(input: { email?: string; emailVerified: boolean; locale?: Locale; roles?: Role[] }): Promise<Account> {
    return this.createWithId(undefined, input);
  }

  /** Creates the account with a chosen id; when it exists already (a concurrent create), returns it. */
  createWithId(id: string | undefined, input: { email?: string; emailVerified: boolean; locale?: Locale; roles?: Role[] }): Promise<Account> {
    const roles = new Set<Role>(['customer', ...(input.roles ?? [])]);
    return this.repo.create({
      id,
      subjectId: newSubjectId(),
      email: input.email?.trim().toLowerCase(),
      emailVerified: input.emailVerified,
      roles: [...roles],
      locale: input.locale ?? 'en',
      localeChosen: false,
      lastAuthAt: this.clock.now(),
    });
  }

  findById(id: string): Promise<Account | null> {
    return this.repo.findById(id);
  }

  findByIds(ids: string[]): Promise<Account[]> {
    return this.repo.findByIds(ids);
  }

  existingSubjectIds(subjectIds: string[]): Promise<Set<string>> {
    return this.repo.existingSubjectIds(subjectIds);
  }

  findBySubjectId(subjectId: string): Promise<Account | null> {
    return this.repo.findBySubjectId(subjectId);
  }

  findByEmail(email: string): Promise<Account[]> {
    return this.repo.findByEmail(email);
  }

  async getById(id: string): Promise<Account> {
    const a = await this.repo.findById(id);
    if (!a) throw new AccountNotFoundError();
    return a;
  }

  /** The person chose a language in My Profile: it sticks, whatever their browser says later. */
  chooseLocale(id: string, locale: Locale): Promise<Account | null> {
    return this.repo.update(id, { locale, localeChosen: true });
  }

  update(id: string, patch: AccountPatch, opts?: Parameters<AccountsRepository['update']>[2]): Promise<Account | null> {
    return this.repo.update(id, patch, opts);
  }

  setStatus(id: string, status: AccountStatus, extra: AccountPatch = {}, opts?: Parameters<AccountsRepository['update']>[2]): Promise<Account | null> {
    return this.repo.update(id, { ...extra, status }, opts);
  }

  /** Removes an address from accounts that hold it unverified: a provider verified it for someone else. */
  dropUnverifiedEmail(ids: string[], email: string): Promise<number> {
    return this.repo.unsetUnverifiedEmail(ids, email.trim().toLowerCase());
  }

  /**
   * Grants a role to the one account holding this email verified; audited with subject ids only. An
   * address nobody verified identifies nobody: refused (name the account by subject id instead).
   */
  async grantRoleByEmail(email: string, role: string, actor: string): Promise<Account> {
    if (role !== 'agent' && role !== 'admin') throw new InvalidRoleError();
    const matches = await this.repo.findByEmail(email);
    if (matches.length === 0) throw new AccountNotFoundError();
    const verified = matches.filter((a) => a.emailVerified);
    if (verified.length === 0) throw new UnverifiedEmailError();
    if (verified.length > 1) throw new AmbiguousAccountError();
    return this.grantRole(verified[0].id, role, actor);
  }

  async grantRole(accountId: string, role: Role, actor: string): Promise<Account> {
    const updated = await this.repo.addRole(accountId, role);
    if (!updated) throw new AccountNotFoundError();
    await this.audit.record({ actor, action: 'account.role.grant', target: updated.subjectId, outcome: 'success', details: { role } });
    await this.roleChanged({ accountId: updated.id, role, change: 'granted' });
    return updated;
  }

  async grantRoleBySubjectId(subjectId: string, role: Role, actor: string): Promise<Account> {
    const a = await this.repo.findBySubjectId(subjectId);
    if (!a) throw new AccountNotFoundError();
    return this.grantRole(a.id, role, actor);
  }

  async revokeRoleBySubjectId(subjectId: string, role: Role, actor: string): Promise<Account> {
    const a = await this.repo.findBySubjectId(subjectId);
    if (!a) throw new AccountNotFoundError();
    return this.revokeRole(a.id, role, actor);
  }

  async revokeRole(accountId: string, role: Role, actor: string): Promise<Account> {
    if (role === 'customer') throw new InvalidRoleError();
    const updated = await this.repo.removeRole(accountId, role);
    if (!updated) throw new AccountNotFoundError();
    await this.audit.record({ actor, action: 'account.role.revoke', target: updated.subjectId, outcome: 'success', details: { role } });
    await this.roleChanged({ accountId: updated.id, role, change: 'revoked' });
    return updated;
  }

  listActive(afterId: string | undefined, limit: number): Promise<Account[]> {
    return this.repo.listActive(afterId, limit);
  }

  listByRole(role: Role, afterId?: string, limit?: number): Promise<Account[]> {
    return this.repo.listByRole(role, afterId, limit);
  }

  deleteById(id: string): Promise<number> {
    return this.repo.deleteById(id);
  }
}
