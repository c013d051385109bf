import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../core/errors/domain-error';
import { sessionHandle } from '../../core/http/session-store';
import { SessionsRepository, SessionSummary } from './sessions.repository';

export interface OwnSession extends SessionSummary {
  /** The session this request came with */
  current: boolean;
}

/** A person's sign-in sessions: list them, end one, end the others, end all (revocation is one call). */
@Injectable()
export class SessionsService {
  constructor(private readonly repo: SessionsRepository) {}

  /** Ends every session of the account at once; returns how many there were. */
  revokeAll(accountId: string): Promise<number> {
    return this.repo.deleteByAccount(accountId);
  }

  listByAccount(accountId: string): Promise<SessionSummary[]> {
    return this.repo.listByAccount(accountId);
  }

  /** The caller's sessions, the current one marked. */
  async listOwn(accountId: string, currentSid: string): Promise<OwnSession[]> {
    const current = sessionHandle(currentSid);
    return (await this.repo.listByAccount(accountId)).map((s) => ({ ...s, current: s.id === current }));
  }

  /** Ends one of the caller's sessions by its handle (the current one too: that is signing out). */
  async revokeOne(accountId: string, handle: string): Promise<void> {
    if (!(await this.repo.deleteByHandles(accountId, [handle]))) throw new NotFoundError('SESSION_NOT_FOUND', 'No such session of yours is active.');
  }

  /**
   * Ends every session of the account except `currentSid` (the one making a security change, or asking
   * to end the others); without one, every session. Returns how many ended.
   */
  revokeOthers(accountId: string, currentSid: string | undefined): Promise<number> {
    return currentSid ? this.repo.deleteAllBut(accountId, currentSid) : this.repo.deleteByAccount(accountId);
  }
}
