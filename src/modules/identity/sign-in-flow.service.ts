import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { hasRecentAuth, reauthPath } from '../../core/auth/recent-auth';
import { Clock } from '../../core/clock/clock';
import { DomainError } from '../../core/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { sessionCookieName } from '../../core/http/configure-http';
import type { Account } from '../accounts/account.types';
import { describeUserAgent } from './user-agent';
import { fromAcceptLanguage } from '../../core/http/views/locale';
import { AuditService } from '../audit/audit.service';
import type { StartSignInQuery } from './dto/start-sign-in.query';
import { AccountExistsError, SignInError } from './identity.errors';
import { IdentityService } from './identity.service';
import { SecurityNoticeService } from './notices/security-notice.service';
import { OAuthProviders } from './providers/oauth-providers';
import type { ProviderProfile } from './providers/provider-profile';
import type { ProviderName } from './schemas/identity.schema';
import { renderAccountExists, renderSignInError } from './views/identity.pages';
import '../../core/auth/session.types';

/** A sign-in attempt (its state, PKCE verifier and nonce) is good for this long after it started. */
export const SIGN_IN_ATTEMPT_TTL_MS = 10 * 60 * 1000;
/** How long the "account already exists" offer to link stays open. */
export const PENDING_LINK_TTL_MS = 10 * 60 * 1000;
/** A step-up's auth_time may be this much older than the attempt (clock differences). */
const AUTH_TIME_SKEW_MS = 60 * 1000;

type Mode = 'sign-in' | 'link' | 'reauth';

declare module 'express-session' {
  interface SessionData {
    /** The sign-in attempt in progress: what the person wanted, when it started, and its nonce */
    signInIntent?: { provider: ProviderName; mode: Mode; accountId?: string; next?: string; startedAt: number; nonce: string };
    /** A provider identity waiting to be linked once the person signs in to the account that holds its address */
    pendingLink?: { accountId: string; profile: ProviderProfile; expiresAt: number };
  }
}

export type FlowOutcome = { ok: true; redirectTo: string } | { ok: false; status: number; page: string };
export type StartOutcome = { redirectTo: string } | { authorize: { nonce: string; reauth: boolean } };

const STATUS: Record<string, number> = {
  CONSENT_DENIED: 400,
  STATE_MISMATCH: 400,
  CODE_EXCHANGE_FAILED: 400,
  ID_TOKEN_INVALID: 400,
  SIGN_IN_FAILED: 400,
  PROVIDER_ERROR: 502,
  ACCOUNT_BLOCKED: 403,
  ACCOUNT_EXISTS: 409,
  IDENTITY_IN_USE: 409,
  REAUTH_REQUIRED: 401,
  REAUTH_OTHER_ACCOUNT: 403,
  REAUTH_NOT_FRESH: 401,
};

function promisify(fn: (cb: (err?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

/** Runs a sign-in from the provider's redirect back to a fresh session (or a clear error page). */
@Injectable()
export class SignInFlowService {
  private readonly logger = new Logger(SignInFlowService.name);

  constructor(
    private readonly providers: OAuthProviders,
    private readonly identity: IdentityService,
    private readonly notices: SecurityNoticeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records the attempt before the browser leaves for the provider. Linking needs a step-up first:
   * without one, the browser is sent to re-authenticate and comes back here.
   */
  start(provider: ProviderName, req: Request, q: StartSignInQuery): StartOutcome {
    const now = this.clock.now().getTime();
    const mode: Mode = req.account && q.link === '1' ? 'link' : req.account && q.reauth === '1' ? 'reauth' : 'sign-in';
    if (mode === 'link' && !hasRecentAuth(req.session, now)) return { redirectTo: reauthPath(`/auth/${provider}?link=1`) };
    const nonce = randomBytes(16).toString('base64url');
    req.session.signInIntent = { provider, mode, accountId: mode === 'sign-in' ? undefined : req.account!.id, next: q.next, startedAt: now, nonce };
    return { authorize: { nonce, reauth: mode === 'reauth' } };
  }

  /** Where /auth/reauth sends a signed-in person: the provider they used last (prompt=login), else the sign-in page. */
  async reauthTarget(req: Request, next: string): Promise<string> {
    const q = `reauth=1&next=${encodeURIComponent(next)}`;
    const linked = req.account ? await this.identity.list(req.account.id) : [];
    const last = linked
      .filter((i) => this.providers.isEnabled(i.provider))
      .sort((a, b) => (b.lastSignInAt?.getTime() ?? 0) - (a.lastSignInAt?.getTime() ?? 0))[0];
    return last ? `/auth/${last.provider}?${q}` : `/signin?${q}`;
  }

  async finish(provider: ProviderName, req: Request, res: Response): Promise<FlowOutcome> {
    const intent = req.session.signInIntent;
    const now = this.clock.now().getTime();
    let code: string;
    try {
      if (!intent || intent.provider !== provider || now - intent.startedAt > SIGN_IN_ATTEMPT_TTL_MS || now < intent.startedAt) {
        // No attempt, or an expired one: its state and PKCE verifier go with it.
        delete (req.session as unknown as Record<string, unknown>)[`oauth:${provider}`];
        delete req.session.signInIntent;
        throw new SignInError('STATE_MISMATCH');
      }
      const result = await this.providers.finish(provider, req, res);
      delete req.session.signInIntent;
      if (!result.profile) throw this.classify(req, result.error, result.info);
      return await this.complete(intent, result.profile, req);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      code = err.code;
      if (req.session) delete req.session.signInIntent;
      if (err instanceof AccountExistsError && intent?.mode === 'sign-in') {
        return this.offerLink(req, err, (err as AccountExistsError & { profile?: ProviderProfile }).profile!, provider);
      }
    }
    await this.audit.record({
      actor: req.account?.subjectId ?? 'anonymous',
      action: 'identity.sign-in',
      outcome: 'failed',
      details: { provider, reason: code },
    });
    return { ok: false, status: STATUS[code] ?? 400, page: renderSignInError(req, code) };
  }

  private async complete(intent: NonNullable<Request['session']['signInIntent']>, profile: ProviderProfile, req: Request): Promise<FlowOutcome> {
    const now = this.clock.now().getTime();
    const ctx = { browserLocale: fromAcceptLanguage(req.headers['accept-language']) };
    let account: Account;
    let linked: ProviderProfile | undefined;
    let reauthAt: number | undefined;
    let redirectTo = intent.next ?? '/profile';
    if (intent.mode === 'link') {
      if (!req.account || req.account.id !== intent.accountId) throw new SignInError('SIGN_IN_FAILED');
      // The sign-in just made at the new provider proves nothing about this account: the step-up must still be fresh.
      if (!hasRecentAuth(req.session, now)) throw new SignInError('REAUTH_REQUIRED', 'forbidden');
      account = await this.identity.link(intent.accountId, profile, 'signed-in', ctx);
      linked = profile;
      reauthAt = req.session.reauthAt; // kept, never refreshed by the identity just linked
      redirectTo = '/profile#linked-accounts';
    } else if (intent.mode === 'reauth') {
      const known = await this.identity.findIdentity(profile.provider, profile.subject);
      if (!req.account || !known || known.accountId !== intent.accountId || req.account.id !== intent.accountId)
        throw new SignInError('REAUTH_OTHER_ACCOUNT', 'forbidden');
      if (profile.authTime !== undefined && profile.authTime * 1000 < intent.startedAt - AUTH_TIME_SKEW_MS) throw new SignInError('REAUTH_NOT_FRESH');
      account = await this.identity.signIn(profile, ctx);
      reauthAt = now;
    } else {
      try {
        account = await this.identity.signIn(profile, ctx);
      } catch (err) {
        if (err instanceof AccountExistsError) Object.assign(err, { profile });
        throw err;
      }
      const pending = req.session.pendingLink;
      if (pending && pending.expiresAt > now && pending.accountId === account.id) {
        // The person proved they own this account (signed in with one of its methods): link what they came with.
        account = await this.identity.link(account.id, pending.profile, 'existing-method', ctx);
        linked = pending.profile;
        redirectTo = '/profile#linked-accounts';
      }
    }
    // A fresh session id at every sign-in (no session fixation); the old one is gone.
    await promisify((cb) => req.session.regenerate(cb));
    req.session.accountId = account.id;
    req.session.authAt = now;
    req.session.device = describeUserAgent(req.headers['user-agent']);
    if (reauthAt !== undefined) req.session.reauthAt = reauthAt;
    await promisify((cb) => req.session.save(cb));
    if (linked)
      await this.notices.changed(account.id, 'linked', { keepSessionId: req.sessionID, userAgent: req.headers['user-agent'], provider: linked.provider });
    return { ok: true, redirectTo };
  }

  /** Keycloak's "account already exists": nothing is linked; signing in to that account links this identity. */
  private async offerLink(req: Request, err: AccountExistsError, profile: ProviderProfile, provider: ProviderName): Promise<FlowOutcome> {
    req.session.pendingLink = { accountId: err.accountId, profile, expiresAt: this.clock.now().getTime() + PENDING_LINK_TTL_MS };
    await promisify((cb) => req.session.save(cb));
    await this.audit.record({ actor: 'anonymous', action: 'identity.sign-in', outcome: 'failed', details: { provider, reason: 'ACCOUNT_EXISTS' } });
    const methods = err.providers.filter((p) => this.providers.isEnabled(p));
    return { ok: false, status: 409, page: renderAccountExists(req, provider, methods) };
  }

  private classify(req: Request, error: unknown, info: unknown): SignInError {
    const q = req.query as Record<string, string | undefined>;
    if (q.error === 'access_denied') return new SignInError('CONSENT_DENIED');
    if (q.error) return new SignInError('PROVIDER_ERROR');
    const name = (error as { name?: string } | undefined)?.name;
    if (name === 'TokenError') return new SignInError('CODE_EXCHANGE_FAILED');
    if (name === 'IdTokenError') {
      this.logger.warn({ reason: (error as Error).message }, 'ID token rejected');
      return new SignInError('ID_TOKEN_INVALID');
    }
    if (name === 'InternalOAuthError' || name === 'AuthorizationError') return new SignInError('PROVIDER_ERROR');
    if (error) {
      this.logger.warn({ err: error }, 'sign-in failed');
      return new SignInError('SIGN_IN_FAILED');
    }
    const message = typeof info === 'string' ? info : (info as { message?: string } | undefined)?.message;
    if (message && /state/i.test(message)) return new SignInError('STATE_MISMATCH');
    return new SignInError('SIGN_IN_FAILED');
  }

  async signOut(req: Request, res: Response): Promise<void> {
    const who = req.account?.subjectId;
    if (req.session) await promisify((cb) => req.session.destroy(cb));
    res.clearCookie(sessionCookieName(this.config), { path: '/', secure: this.config.sessions.secureCookie });
    if (who) await this.audit.record({ actor: who, action: 'identity.sign-out', target: who, outcome: 'success' });
  }
}
