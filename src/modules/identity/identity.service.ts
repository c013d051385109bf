import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { AccountsService } from '../accounts/accounts.service';
import type { Account, Locale } from '../accounts/schemas/account.schema';
import { AuditService } from '../audit/audit.service';
import { IdentitiesRepository } from './identities.repository';
import { IdentityNotLinkedError, LastIdentityError, SignInError } from './identity.errors';
import { PROVIDER_CLAIMS_EVENT, ProviderClaimsEvent } from './identity.events';
import type { ProviderProfile } from './providers/provider-profile';
import type { Identity, ProviderName } from './schemas/identity.schema';

/** What the sign-in request says besides the provider's profile. */
export interface SignInContext {
  browserLocale?: Locale;
}

/**
 * Which account a provider identity belongs to. Race-free: the (provider, subject) link is unique, so
 * concurrent first sign-ins of one person converge on one account.
 */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);

  constructor(
    private readonly identities: IdentitiesRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolves (or creates) the account for a verified provider profile, for a sign-in. `browserLocale`:
   * the language the browser asks for (Accept-Language), if it names one we have; a new account takes
   * it, and so does an account whose owner never chose a language in My Profile.
   */
  async signIn(profile: ProviderProfile, ctx: SignInContext = {}): Promise<Account> {
    let account = await this.accountOfIdentity(profile);
    if (!account) account = await this.firstSignIn(profile, ctx);
    if (this.blocked(account)) {
      await this.audit.record({ actor: account.subjectId, action: 'identity.sign-in', target: account.subjectId, outcome: 'denied', details: { provider: profile.provider, reason: 'blocked' } });
      throw new SignInError('ACCOUNT_BLOCKED', 'forbidden');
    }
    account = await this.afterSignIn(account, profile, ctx);
    await this.audit.record({ actor: account.subjectId, action: 'identity.sign-in', target: account.subjectId, outcome: 'success', details: { provider: profile.provider } });
    return account;
  }

  /**
   * Suspended accounts, and accounts past their grace period (due for erasure, or being erased), cannot
   * sign in or gain links: nothing new may attach to a person while the erasure runs.
   */
  private blocked(account: Account): boolean {
    if (account.status === 'suspended' || account.status === 'erased') return true;
    return account.status === 'terminated' && !!account.purgeAfter && account.purgeAfter <= this.clock.now();
  }

  /** Links another provider to the signed-in account. */
  async link(accountId: string, profile: ProviderProfile, ctx: SignInContext = {}): Promise<Account> {
    const account = await this.accounts.getById(accountId);
    if (this.blocked(account)) throw new SignInError('ACCOUNT_BLOCKED', 'forbidden');
    const { identity } = await this.identities.insertOrGet(this.newIdentity(profile, accountId));
    if (identity.accountId !== accountId) {
      await this.audit.record({ actor: account.subjectId, action: 'identity.link', target: account.subjectId, outcome: 'denied', details: { provider: profile.provider, reason: 'identity belongs to another account' } });
      throw new SignInError('IDENTITY_IN_USE', 'conflict');
    }
    await this.audit.record({ actor: account.subjectId, action: 'identity.link', target: account.subjectId, outcome: 'success', details: { provider: profile.provider } });
    return this.afterSignIn(account, profile, ctx);
  }

  async unlink(account: Account, provider: ProviderName): Promise<void> {
    const linked = await this.identities.listByAccount(account.id);
    if (!linked.some((i) => i.provider === provider)) throw new IdentityNotLinkedError();
    if (linked.length <= 1) throw new LastIdentityError();
    await this.identities.deleteByAccountAndProvider(account.id, provider);
    // Two unlinks racing could both pass the check: put one back if none is left.
    const left = await this.identities.listByAccount(account.id);
    if (left.length === 0) {
      const restored = linked.find((i) => i.provider === provider)!;
      await this.identities.insertOrGet({ ...restored });
      throw new LastIdentityError();
    }
    await this.audit.record({ actor: account.subjectId, action: 'identity.unlink', target: account.subjectId, outcome: 'success', details: { provider } });
  }

  list(accountId: string): Promise<Identity[]> {
    return this.identities.listByAccount(accountId);
  }

  findIdentity(provider: ProviderName, subject: string): Promise<Identity | null> {
    return this.identities.find(provider, subject);
  }

  private async accountOfIdentity(profile: ProviderProfile): Promise<Account | null> {
    const identity = await this.identities.find(profile.provider, profile.subject);
    if (!identity) return null;
    return this.accountBehind(identity.accountId, profile);
  }

  /**
   * The account an identity points at. A concurrent first sign-in may still be creating it (the link is
   * written first); a sign-in that crashed in between left the link alone, so the account is made now.
   */
  private async accountBehind(accountId: string, profile: ProviderProfile): Promise<Account> {
    for (let i = 0; i < 20; i++) {
      const account = await this.accounts.findById(accountId);
      if (account) return account;
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.accounts.createWithId(accountId, { email: profile.email, emailVerified: profile.emailVerified });
  }

  private async firstSignIn(profile: ProviderProfile, ctx: SignInContext): Promise<Account> {
    if (profile.email) {
      const sameEmail = await this.accounts.findByEmail(profile.email);
      if (sameEmail.length > 0) {
        // A concurrent first sign-in of this very identity may have made that account: check the link again.
        const twin = await this.accountOfIdentity(profile);
        if (twin) return twin;
        // Only a provider's assertion that the email is verified proves it is the same person.
        if (!profile.emailVerified || sameEmail.length > 1) {
          await this.audit.record({ actor: 'anonymous', action: 'identity.sign-in', target: sameEmail[0].subjectId, outcome: 'denied', details: { provider: profile.provider, reason: 'unverified email matches an account' } });
          throw new SignInError('EMAIL_IN_USE_UNVERIFIED', 'conflict');
        }
        if (this.blocked(sameEmail[0])) return sameEmail[0]; // refused by signIn; no new link to an account being erased
        const { identity } = await this.identities.insertOrGet(this.newIdentity(profile, sameEmail[0].id));
        await this.audit.record({ actor: sameEmail[0].subjectId, action: 'identity.link', target: sameEmail[0].subjectId, outcome: 'success', details: { provider: profile.provider, via: 'verified email' } });
        return this.accountBehind(identity.accountId, profile);
      }
    }
    // The unique (provider, subject) link decides which concurrent request creates the account: link first.
    const accountId = new Types.ObjectId().toHexString();
    const { identity, created } = await this.identities.insertOrGet(this.newIdentity(profile, accountId));
    if (!created) return this.accountBehind(identity.accountId, profile);
    const account = await this.accounts.createWithId(accountId, { email: profile.email, emailVerified: profile.emailVerified, locale: ctx.browserLocale ?? 'en' });
    await this.audit.record({ actor: account.subjectId, action: 'account.create', target: account.subjectId, outcome: 'success', details: { provider: profile.provider } });
    return account;
  }

  private newIdentity(profile: ProviderProfile, accountId: string): Omit<Identity, 'id'> {
    const now = this.clock.now();
    return { provider: profile.provider, providerSubject: profile.subject, accountId, email: profile.email, emailVerified: profile.emailVerified, linkedAt: now, lastSignInAt: now };
  }

  private async afterSignIn(account: Account, profile: ProviderProfile, ctx: SignInContext): Promise<Account> {
    const now = this.clock.now();
    const identity = await this.identities.find(profile.provider, profile.subject);
    if (identity) await this.identities.recordSignIn(identity.id, now, profile.email, profile.emailVerified);
    // Until the person chooses a language, mail follows the browser they last signed in with.
    const follow = !account.localeChosen && ctx.browserLocale && ctx.browserLocale !== account.locale ? { locale: ctx.browserLocale } : {};
    let updated = (await this.accounts.update(account.id, { lastAuthAt: now, ...follow })) ?? account;
    const isAdminEmail = profile.emailVerified && !!profile.email && profile.email === updated.email && this.config.adminEmails.includes(profile.email);
    if (isAdminEmail && !updated.roles.includes('admin')) updated = await this.accounts.grantRole(updated.id, 'admin', 'system:admin-emails');
    const event: ProviderClaimsEvent = { accountId: updated.id, provider: profile.provider, claims: { name: profile.name, givenName: profile.givenName, familyName: profile.familyName } };
    try {
      await this.events.emitAsync(PROVIDER_CLAIMS_EVENT, event);
    } catch (err) {
      this.logger.warn({ err, subjectId: updated.subjectId }, 'a provider-claims listener failed; sign-in goes on');
    }
    return updated;
  }
}
