import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { AccountsService } from '../accounts/accounts.service';
import type { Account, Locale } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { IdentitiesRepository } from './identities.repository';
import { AccountExistsError, IdentityNotLinkedError, LastIdentityError, SignInError } from './identity.errors';
import { PROVIDER_CLAIMS_EVENT, ProviderClaimsEvent, SIGN_IN_SCREEN_EVENT, SIGNED_IN_EVENT, SignedInEvent, SignInScreenEvent } from './identity.events';
import { SecurityChangeContext, SecurityNoticeService } from './notices/security-notice.service';
import type { ProviderProfile } from './providers/provider-profile';
import type { Identity, ProviderName } from './schemas/identity.schema';

/** What the sign-in request says besides the provider's profile. */
export interface SignInContext {
  browserLocale?: Locale;
}

/**
 * Which account a provider identity belongs to. Race-free: the (provider, subject) link is unique, so
 * concurrent first sign-ins of one person converge on one account.
 *
 * Linking rules (docs/identity.md): an identity joins an existing account only when the person proved
 * they own that account in the same browser (signed in, or signed in with one of its methods after
 * the "account already exists" page). An email address alone never links anything.
 */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);

  constructor(
    private readonly identities: IdentitiesRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly notices: SecurityNoticeService,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Resolves (or creates) the account for a provider profile, for a sign-in. */
  /**
   * `ctx.browserLocale`: the language the browser asks for (Accept-Language), if we have it; a new account
   * takes it, and so does an account whose owner never chose a language in My Profile.
   */
  async signIn(profile: ProviderProfile, ctx: SignInContext = {}): Promise<Account> {
    await this.screen(profile);
    const made = { created: false };
    let account = await this.accountOfIdentity(profile);
    if (!account) account = await this.firstSignIn(profile, ctx, made);
    if (this.blocked(account)) {
      await this.audit.record({
        actor: account.subjectId,
        action: 'identity.sign-in',
        target: account.subjectId,
        outcome: 'denied',
        details: { provider: profile.provider, reason: 'blocked' },
      });
      throw new SignInError('ACCOUNT_BLOCKED', 'forbidden');
    }
    await this.signedIn(account, profile, made.created, 'identity.sign-in');
    account = await this.afterSignIn(account, profile, ctx);
    await this.audit.record({
      actor: account.subjectId,
      action: 'identity.sign-in',
      target: account.subjectId,
      outcome: 'success',
      details: { provider: profile.provider },
    });
    return account;
  }

  /** Tells the listeners which account a sign-in (or link) resolved; one that removes it refuses the sign-in. */
  private async signedIn(account: Account, profile: ProviderProfile, firstSignIn: boolean, action: string): Promise<void> {
    const signed: SignedInEvent = {
      accountId: account.id,
      subjectId: account.subjectId,
      provider: profile.provider,
      firstSignIn,
      ...(profile.ageRange ? { ageRange: profile.ageRange } : {}),
      ...(profile.birthday ? { birthday: profile.birthday } : {}),
      refused: false,
    };
    await this.events.emitAsync(SIGNED_IN_EVENT, signed);
    if (!signed.refused) return;
    await this.audit.record({
      actor: account.subjectId,
      action,
      target: account.subjectId,
      outcome: 'denied',
      details: { provider: profile.provider, reason: 'refused' },
    });
    throw new SignInError('ACCOUNT_BLOCKED', 'forbidden');
  }

  /**
   * Asks the listeners whether this identity may come in at all (e.g. a removed child's re-registration
   * block); a refusal looks exactly like any blocked account and says nothing about why.
   */
  private async screen(profile: ProviderProfile): Promise<void> {
    const event: SignInScreenEvent = { provider: profile.provider, subject: profile.subject, email: profile.email, refused: false };
    await this.events.emitAsync(SIGN_IN_SCREEN_EVENT, event);
    if (!event.refused) return;
    await this.audit.record({ actor: 'anonymous', action: 'identity.sign-in', outcome: 'denied', details: { provider: profile.provider, reason: 'refused' } });
    throw new SignInError('ACCOUNT_BLOCKED', 'forbidden');
  }

  /**
   * Suspended accounts, and accounts past their grace period (due for erasure, or being erased), cannot
   * sign in or gain links: nothing new may attach to a person while the erasure runs.
   */
  private blocked(account: Account): boolean {
    if (account.status === 'suspended' || account.status === 'erased') return true;
    return account.status === 'terminated' && !!account.purgeAfter && account.purgeAfter <= this.clock.now();
  }

  /**
   * Links another provider to an account whose owner proved, in this browser, that it is theirs. The
   * caller ends the other sessions and sends the notice once the session is saved (see SignInFlowService).
   */
  async link(accountId: string, profile: ProviderProfile, via: 'signed-in' | 'existing-method' = 'signed-in', ctx: SignInContext = {}): Promise<Account> {
    const account = await this.accounts.getById(accountId);
    if (this.blocked(account) || account.status !== 'active') throw new SignInError('ACCOUNT_BLOCKED', 'forbidden');
    await this.screen(profile);
    const { identity } = await this.identities.insertOrGet(this.newIdentity(profile, accountId));
    if (identity.accountId !== accountId) {
      await this.audit.record({
        actor: account.subjectId,
        action: 'identity.link',
        target: account.subjectId,
        outcome: 'denied',
        details: { provider: profile.provider, reason: 'identity belongs to another account' },
      });
      throw new SignInError('IDENTITY_IN_USE', 'conflict');
    }
    await this.audit.record({
      actor: account.subjectId,
      action: 'identity.link',
      target: account.subjectId,
      outcome: 'success',
      details: { provider: profile.provider, via },
    });
    // What the linked provider says about the person's age counts for the account too.
    await this.signedIn(account, profile, false, 'identity.link');
    return this.afterSignIn(account, profile, ctx);
  }

  /** Unlinks a provider (never the last one); ends the other sessions and tells the person. */
  async unlink(account: Account, provider: ProviderName, ctx: SecurityChangeContext = {}): Promise<void> {
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
    await this.notices.changed(account.id, 'unlinked', { ...ctx, provider });
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
    return this.createAccount(accountId, profile);
  }

  /**
   * A provider identity seen for the first time. It never joins an existing account here:
   * - an account holding the address verified: the "account already exists" page (AccountExistsError);
   * - accounts holding it unverified, and the provider verified it: the verified person gets an
   *   account of their own with the address, and the other accounts lose it;
   * - otherwise a new account, the address kept unverified when the provider did not verify it.
   */
  private async firstSignIn(profile: ProviderProfile, ctx: SignInContext = {}, made = { created: false }): Promise<Account> {
    const sameEmail = profile.email ? await this.accounts.findByEmail(profile.email) : [];
    if (sameEmail.length > 0) {
      // A concurrent first sign-in of this very identity may have made one of them: check the link again.
      const twin = await this.accountOfIdentity(profile);
      if (twin) return twin;
      const holder = sameEmail.find((a) => a.emailVerified);
      if (holder) {
        await this.audit.record({
          actor: 'anonymous',
          action: 'identity.sign-in',
          target: holder.subjectId,
          outcome: 'denied',
          details: { provider: profile.provider, reason: 'address held by an existing account' },
        });
        const providers = [...new Set((await this.identities.listByAccount(holder.id)).map((i) => i.provider))];
        throw new AccountExistsError(holder.id, providers);
      }
    }
    // The unique (provider, subject) link decides which concurrent request creates the account: link first.
    const accountId = new Types.ObjectId().toHexString();
    const { identity, created } = await this.identities.insertOrGet(this.newIdentity(profile, accountId));
    if (!created) return this.accountBehind(identity.accountId, profile);
    const account = await this.createAccount(accountId, profile, ctx);
    made.created = true;
    await this.audit.record({
      actor: account.subjectId,
      action: 'account.create',
      target: account.subjectId,
      outcome: 'success',
      details: { provider: profile.provider },
    });
    if (profile.emailVerified && sameEmail.length) {
      const losers = sameEmail.filter((a) => !a.emailVerified && a.id !== account.id);
      await this.accounts.dropUnverifiedEmail(
        losers.map((a) => a.id),
        profile.email!,
      );
      for (const a of losers)
        await this.audit.record({
          actor: 'system:identity',
          action: 'account.email.dropped',
          target: a.subjectId,
          outcome: 'success',
          details: { reason: 'a provider verified the address for another person' },
        });
    }
    return account;
  }

  /** A new account; ADMIN_EMAILS makes it admin only when the provider verified the address, at this first sign-in. */
  private async createAccount(accountId: string, profile: ProviderProfile, ctx: SignInContext = {}): Promise<Account> {
    const admin = profile.emailVerified && !!profile.email && this.config.adminEmails.includes(profile.email);
    const account = await this.accounts.createWithId(accountId, {
      email: profile.email,
      emailVerified: profile.emailVerified,
      roles: admin ? ['admin'] : [],
      locale: ctx.browserLocale ?? 'en',
    });
    if (admin)
      await this.audit.record({
        actor: 'system:admin-emails',
        action: 'account.role.grant',
        target: account.subjectId,
        outcome: 'success',
        details: { role: 'admin' },
      });
    return account;
  }

  private newIdentity(profile: ProviderProfile, accountId: string): Omit<Identity, 'id'> {
    const now = this.clock.now();
    return {
      provider: profile.provider,
      providerSubject: profile.subject,
      accountId,
      email: profile.email,
      emailVerified: profile.emailVerified,
      linkedAt: now,
      lastSignInAt: now,
    };
  }

  private async afterSignIn(account: Account, profile: ProviderProfile, ctx: SignInContext): Promise<Account> {
    const now = this.clock.now();
    const identity = await this.identities.find(profile.provider, profile.subject);
    if (identity) await this.identities.recordSignIn(identity.id, now, profile.email, profile.emailVerified);
    // Until the person chooses a language, mail follows the browser they last signed in with.
    const follow = !account.localeChosen && ctx.browserLocale && ctx.browserLocale !== account.locale ? { locale: ctx.browserLocale } : {};
    const updated = (await this.accounts.update(account.id, { lastAuthAt: now, ...follow })) ?? account;
    const event: ProviderClaimsEvent = {
      accountId: updated.id,
      provider: profile.provider,
      claims: { name: profile.name, givenName: profile.givenName, familyName: profile.familyName },
    };
    try {
      await this.events.emitAsync(PROVIDER_CLAIMS_EVENT, event);
    } catch (err) {
      this.logger.warn({ err, subjectId: updated.subjectId }, 'a provider-claims listener failed; sign-in goes on');
    }
    return updated;
  }
}
