import { Injectable } from '@nestjs/common';
import { SessionsRepository } from './sessions.repository';

@Injectable()
export class SessionsService {
  constructor(private readonly repo: SessionsRepository) {}

  /** Ends every session of the account at once; returns how many there were. */
  revokeAll(accountId: string): Promise<number> {
    return this.repo.deleteByAccount(accountId);
  }

  /** Ends every session of the account but `keepSessionId` (the one making a security change). */
  revokeOthers(accountId: string, keepSessionId: string | undefined): Promise<number> {
    return keepSessionId ? this.repo.deleteOthers(accountId, keepSessionId) : this.repo.deleteByAccount(accountId);
  }

  listByAccount(accountId: string) {
    return this.repo.listByAccount(accountId);
  }
}
