import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { Clock } from '../../../core/clock/clock';
import { isDuplicateKeyError } from '../../../core/database/mongo-errors';
import { NotFoundError } from '../../../core/errors/domain-error';
import { AccountsService } from '../../accounts/accounts.service';
import { AuditService } from '../../audit/audit.service';
import { IdentitiesRepository } from '../identities.repository';
import { InvalidSignedRequestError, StaleSignedRequestError } from '../identity.errors';
import { ERASURE_REQUESTED_EVENT, ErasureRequestedEvent, PROVIDER_DATA_REMOVAL_EVENT, ProviderDataRemovalEvent } from '../identity.events';
import { SecurityNoticeService } from '../notices/security-notice.service';
import { FacebookDeletionRepository } from './facebook-deletion.repository';
import type { FacebookDeletionDoc } from './facebook-deletion.schema';
import { KeyedHash } from '../../../core/crypto/keyed-hash';

/** A signed request is honoured only when Meta issued it this recently (and not from the future, past a small skew). */
export const SIGNED_REQUEST_MAX_AGE_S = 60 * 60;
const FUTURE_SKEW_S = 5 * 60;

export interface DeletionAnswer {
  url: string;
  confirmation_code: string;
}

/**
 * Facebook's data deletion callback: verify Meta's signed_request (signature, algorithm, issued_at),
 * honour each one once, and remove what came from Facebook. The whole account is erased only when
 * Facebook was its last way in; otherwise the Facebook sign-in and Facebook-sourced data go, and the
 * person is told.
 */
@Injectable()
export class FacebookDeletionService {
  constructor(
    private readonly repo: FacebookDeletionRepository,
    private readonly identities: IdentitiesRepository,
    private readonly accounts: AccountsService,
    private readonly notices: SecurityNoticeService,
    private readonly events: EventEmitter2,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly hashes: KeyedHash,
  ) {}

  /** Verifies `<signature>.<payload>` (base64url, HMAC-SHA256 with the app secret) and returns the Facebook user id. */
  verify(signedRequest: string): string {
    const secret = this.config.providers.facebook?.clientSecret;
    const [sig, payload, extra] = signedRequest.split('.');
    if (!secret || !sig || !payload || extra !== undefined) throw new InvalidSignedRequestError();
    const expected = createHmac('sha256', secret).update(payload).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidSignedRequestError();
    let data: unknown;
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidSignedRequestError();
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InvalidSignedRequestError();
    const { algorithm, user_id: userId, issued_at: issuedAt } = data as { algorithm?: unknown; user_id?: unknown; issued_at?: unknown };
    if (typeof algorithm !== 'string' || algorithm.toUpperCase() !== 'HMAC-SHA256' || typeof userId !== 'string' || !userId || userId.length > 64)
      throw new InvalidSignedRequestError();
    if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) throw new InvalidSignedRequestError();
    const now = this.clock.now().getTime() / 1000;
    if (issuedAt < now - SIGNED_REQUEST_MAX_AGE_S || issuedAt > now + FUTURE_SKEW_S) throw new StaleSignedRequestError();
    return userId;
  }

  /** The confirmation code of a signed request: a keyed hash of it, so the same request always maps to the same code. */
  private codeOf(signedRequest: string): string {
    return this.hashes.base64url('provider-subject', `facebook-signed-request:${signedRequest}`).slice(0, 22);
  }

  private answer(code: string): DeletionAnswer {
    return { url: `${this.config.publicBaseUrl}/auth/facebook/data-deletion/status/${code}`, confirmation_code: code };
  }

  async request(signedRequest: string): Promise<DeletionAnswer> {
    const userId = this.verify(signedRequest);
    const confirmationCode = this.codeOf(signedRequest);
    const identity = await this.identities.find('facebook', userId);
    const account = identity ? await this.accounts.findById(identity.accountId) : null;
    const linked = account ? await this.identities.listByAccount(account.id) : [];
    const lastWayIn = !!account && linked.every((i) => i.provider === 'facebook');
    const doc: FacebookDeletionDoc = {
      confirmationCode,
      facebookUserHash: this.hashes.hex('provider-subject', `facebook:${userId}`),
      accountId: account?.id,
      status: !account ? 'no-data' : lastWayIn ? 'received' : 'identity-removed',
      receivedAt: this.clock.now(),
    };
    // Honoured once: the code is unique, so a replay (or a racing duplicate) stops here and changes nothing.
    try {
      await this.repo.create(doc);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await this.audit.record({
        actor: 'provider:facebook',
        action: 'erasure.requested',
        target: account?.subjectId,
        outcome: 'denied',
        details: { source: 'facebook-data-deletion', reason: 'replayed signed request' },
      });
      return this.answer(confirmationCode);
    }
    await this.audit.record({
      actor: 'provider:facebook',
      action: 'erasure.requested',
      target: account?.subjectId,
      outcome: 'success',
      details: { source: 'facebook-data-deletion', scope: doc.status },
    });
    if (account && lastWayIn) {
      const event: ErasureRequestedEvent = { accountId: account.id, subjectId: account.subjectId, source: 'facebook', confirmationCode };
      await this.events.emitAsync(ERASURE_REQUESTED_EVENT, event);
    } else if (account && identity) {
      const removed = await this.removeFacebookData(account.id, identity.email);
      await this.repo.setRemoved(confirmationCode, removed);
      await this.audit.record({
        actor: 'provider:facebook',
        action: 'identity.unlink',
        target: account.subjectId,
        outcome: 'success',
        details: { provider: 'facebook', reason: 'facebook-data-deletion', removed: removed.join(',') },
      });
      await this.notices.changed(account.id, 'facebook-removed', { endOtherSessions: false, provider: 'facebook' });
    }
    return this.answer(confirmationCode);
  }

  /** The Facebook sign-in, the profile fields Facebook set, and an address only Facebook gave (never verified). */
  private async removeFacebookData(accountId: string, facebookEmail: string | undefined): Promise<string[]> {
    const removed: string[] = [];
    if (await this.identities.deleteByAccountAndProvider(accountId, 'facebook')) removed.push('identity.facebook');
    const event: ProviderDataRemovalEvent = { accountId, provider: 'facebook', removed };
    await this.events.emitAsync(PROVIDER_DATA_REMOVAL_EVENT, event);
    const account = await this.accounts.findById(accountId);
    if (account?.email && facebookEmail && account.email === facebookEmail && !account.emailVerified) {
      if (await this.accounts.dropUnverifiedEmail([accountId], facebookEmail)) removed.push('account.email');
    }
    return removed;
  }

  async status(code: string): Promise<{
    confirmation_code: string;
    state: 'no-data' | 'identity-removed' | 'in-progress' | 'completed';
    status: string;
    received_at: Date;
    account_still_exists: boolean;
    removed?: string[];
  }> {
    const found = await this.repo.findByCode(code);
    if (!found) throw new NotFoundError('DELETION_REQUEST_NOT_FOUND', 'No deletion request has that confirmation code.');
    const exists = !!found.accountId && !!(await this.accounts.findById(found.accountId));
    const status =
      found.status === 'no-data'
        ? 'completed: we hold no data for this Facebook user'
        : found.status === 'identity-removed'
          ? 'completed: the Facebook sign-in and the data we received from Facebook were removed; the account stays because it has other ways to sign in'
          : exists
            ? 'in progress: your data will be erased'
            : 'completed: your data has been erased';
    const state = found.status === 'no-data' ? 'no-data' : found.status === 'identity-removed' ? 'identity-removed' : exists ? 'in-progress' : 'completed';
    return {
      confirmation_code: found.confirmationCode,
      state,
      status,
      received_at: found.receivedAt,
      account_still_exists: exists,
      ...(found.removed ? { removed: found.removed } : {}),
    };
  }
}
