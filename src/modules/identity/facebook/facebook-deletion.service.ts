import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { Clock } from '../../../core/clock/clock';
import { NotFoundError } from '../../../core/errors/domain-error';
import { AccountsService } from '../../accounts/accounts.service';
import { AuditService } from '../../audit/audit.service';
import { InvalidSignedRequestError } from '../identity.errors';
import { ERASURE_REQUESTED_EVENT, ErasureRequestedEvent } from '../identity.events';
import { IdentitiesRepository } from '../identities.repository';
import { FacebookDeletionRepository } from './facebook-deletion.repository';

/** Facebook's data deletion callback: verify Meta's signed_request, open an erasure, give a status URL. */
@Injectable()
export class FacebookDeletionService {
  constructor(
    private readonly repo: FacebookDeletionRepository,
    private readonly identities: IdentitiesRepository,
    private readonly accounts: AccountsService,
    private readonly events: EventEmitter2,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Verifies `<signature>.<payload>` (base64url, HMAC-SHA256 with the app secret) and returns the Facebook user id. */
  verify(signedRequest: string): string {
    const secret = this.config.providers.facebook?.clientSecret;
    const [sig, payload, extra] = signedRequest.split('.');
    if (!secret || !sig || !payload || extra !== undefined) throw new InvalidSignedRequestError();
    const expected = createHmac('sha256', secret).update(payload).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidSignedRequestError();
    let data: { algorithm?: string; user_id?: unknown };
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidSignedRequestError();
    }
    // a correctly signed payload may still be null, a number or an array: not a deletion request
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InvalidSignedRequestError();
    if (String(data.algorithm).toUpperCase() !== 'HMAC-SHA256' || typeof data.user_id !== 'string' || !data.user_id) throw new InvalidSignedRequestError();
    return data.user_id;
  }

  async request(signedRequest: string): Promise<{ url: string; confirmation_code: string }> {
    const userId = this.verify(signedRequest);
    const identity = await this.identities.find('facebook', userId);
    const account = identity ? await this.accounts.findById(identity.accountId) : null;
    const confirmationCode = randomBytes(9).toString('base64url');
    await this.repo.create({
      confirmationCode,
      facebookUserHash: createHmac('sha256', this.config.hashSecret).update(`facebook:${userId}`).digest('hex'),
      accountId: account?.id,
      status: account ? 'received' : 'no-data',
      receivedAt: this.clock.now(),
    });
    await this.audit.record({ actor: 'provider:facebook', action: 'erasure.requested', target: account?.subjectId, outcome: 'success', details: { source: 'facebook-data-deletion' } });
    if (account) {
      const event: ErasureRequestedEvent = { accountId: account.id, subjectId: account.subjectId, source: 'facebook', confirmationCode };
      await this.events.emitAsync(ERASURE_REQUESTED_EVENT, event);
    }
    return { url: `${this.config.publicBaseUrl}/auth/facebook/data-deletion/status/${confirmationCode}`, confirmation_code: confirmationCode };
  }

  async status(code: string): Promise<{ confirmation_code: string; status: string; received_at: Date; account_still_exists: boolean }> {
    const found = await this.repo.findByCode(code);
    if (!found) throw new NotFoundError('DELETION_REQUEST_NOT_FOUND', 'No deletion request has that confirmation code.');
    const exists = !!found.accountId && !!(await this.accounts.findById(found.accountId));
    return {
      confirmation_code: found.confirmationCode,
      status: found.status === 'no-data' ? 'completed: we hold no data for this Facebook user' : exists ? 'in progress: your data will be erased' : 'completed: your data has been erased',
      received_at: found.receivedAt,
      account_still_exists: exists,
    };
  }
}
