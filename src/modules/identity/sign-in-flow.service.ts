import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Clock } from '../../core/clock/clock';
import { DomainError } from '../../core/errors/domain-error';
import { SESSION_COOKIE } from '../../core/http/configure-http';
import { fromAcceptLanguage } from '../../core/http/views/locale';
import { AuditService } from '../audit/audit.service';
import type { StartSignInQuery } from './dto/start-sign-in.query';
import { SignInError } from './identity.errors';
import { IdentityService } from './identity.service';
import { OAuthProviders } from './providers/oauth-providers';
import type { ProviderName } from './schemas/identity.schema';
import { renderSignInError } from './views/identity.pages';
import '../../core/auth/session.types';

declare module 'express-session' {
  interface SessionData {
    /** What the person wanted when they left for the provider */
    signInIntent?: { linkAccountId?: string; next?: string };
  }
}

export type FlowOutcome = { ok: true; redirectTo: string } | { ok: false; status: number; page: string };

const STATUS: Record<string, number> = {
  CONSENT_DENIED: 400,
  STATE_MISMATCH: 400,
  CODE_EXCHANGE_FAILED: 400,
  SIGN_IN_FAILED: 400,
  PROVIDER_ERROR: 502,
  ACCOUNT_BLOCKED: 403,
  EMAIL_IN_USE_UNVERIFIED: 409,
  IDENTITY_IN_USE: 409,
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
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async rememberIntent(req: Request, q: StartSignInQuery): Promise<void> {
    req.session.signInIntent = { linkAccountId: q.link === '1' ? req.account?.id : undefined, next: q.next };
  }

  async finish(provider: ProviderName, req: Request, res: Response): Promise<FlowOutcome> {
    const intent = req.session.signInIntent;
    delete req.session.signInIntent;
    let code: string;
    try {
      const result = await this.providers.finish(provider, req, res);
      if (!result.profile) throw this.classify(req, result.error, result.info);
      const account = intent?.linkAccountId && intent.linkAccountId === req.account?.id
        ? await this.identity.link(intent.linkAccountId, result.profile, { browserLocale: fromAcceptLanguage(req.headers['accept-language']) })
        : await this.identity.signIn(result.profile, { browserLocale: fromAcceptLanguage(req.headers['accept-language']) });
      // A fresh session id at every sign-in (no session fixation); the old one is gone.
      await promisify((cb) => req.session.regenerate(cb));
      req.session.accountId = account.id;
      req.session.authAt = this.clock.now().getTime();
      await promisify((cb) => req.session.save(cb));
      return { ok: true, redirectTo: intent?.linkAccountId ? '/profile#linked-accounts' : (intent?.next ?? '/profile') };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      code = err.code;
    }
    await this.audit.record({ actor: req.account?.subjectId ?? 'anonymous', action: 'identity.sign-in', outcome: 'failed', details: { provider, reason: code } });
    return { ok: false, status: STATUS[code] ?? 400, page: renderSignInError(req, code) };
  }

  private classify(req: Request, error: unknown, info: unknown): SignInError {
    const q = req.query as Record<string, string | undefined>;
    if (q.error === 'access_denied') return new SignInError('CONSENT_DENIED');
    if (q.error) return new SignInError('PROVIDER_ERROR');
    const name = (error as { name?: string } | undefined)?.name;
    if (name === 'TokenError') return new SignInError('CODE_EXCHANGE_FAILED');
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
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (who) await this.audit.record({ actor: who, action: 'identity.sign-out', target: who, outcome: 'success' });
  }
}
