import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Clock } from '../../core/clock/clock';
import type { Account } from '../accounts/account.types';
import { SessionsService } from '../identity/sessions.service';
import { RetentionService } from '../retention/retention.service';
import './profile-session.types';

/** Closing one's own account from My Profile, and cancelling during the grace period. */
@Injectable()
export class AccountClosingService {
  constructor(
    private readonly retention: RetentionService,
    private readonly sessions: SessionsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Terminates the account (RetentionService: status, purgeAfter, confirmation email) and ends every
   * session but this one, which stays signed in, restricted to what a closed account may do (cancel).
   */
  async close(account: Account, req: Request): Promise<{ terminatedAt: Date; purgeAfter: Date }> {
    const result = await this.retention.terminate(account.id, account.subjectId);
    await this.sessions.revokeAll(account.id);
    // Write this session back at once: the revocation above removed it from the store, and
    // express-session would otherwise save it while the redirect is already on its way.
    if (req.session) {
      req.session.accountClosedAt = this.clock.now().getTime();
      await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    }
    return result;
  }

  cancel(account: Account): Promise<void> {
    return this.retention.cancelTermination(account.id, account.subjectId);
  }
}
