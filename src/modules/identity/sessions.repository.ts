import { Injectable } from '@nestjs/common';
import { AccountSessionStore, sessionHandle, SessionSummary } from '../../core/http/session-store';

export type { SessionSummary };

/** Sessions live in Redis (the session store); this reads and ends them per account, through its index. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly store: AccountSessionStore) {}

  async listByAccount(accountId: string): Promise<SessionSummary[]> {
    const live = await this.store.sessionsOf(accountId);
    return live.map(({ sid, data }) => this.store.summarise(sid, data)).sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  }

  async deleteByAccount(accountId: string): Promise<number> {
    return this.store.destroyOf(accountId);
  }

  /** Ends the sessions with these handles (see sessionHandle) among the account's; returns how many ended. */
  async deleteByHandles(accountId: string, handles: string[]): Promise<number> {
    const wanted = new Set(handles);
    const sids = (await this.store.sessionsOf(accountId)).map((s) => s.sid).filter((sid) => wanted.has(sessionHandle(sid)));
    return sids.length ? this.store.destroyOf(accountId, sids) : 0;
  }

  /** Ends every session of the account except `keepSid`; returns how many ended. */
  async deleteAllBut(accountId: string, keepSid: string): Promise<number> {
    const sids = (await this.store.sessionsOf(accountId)).map((s) => s.sid).filter((sid) => sid !== keepSid);
    return sids.length ? this.store.destroyOf(accountId, sids) : 0;
  }

  /** Deletes the sessions of these accounts; returns the account of each deleted session. */
  async takeByAccounts(accountIds: string[]): Promise<string[]> {
    const taken: string[] = [];
    for (const accountId of accountIds) {
      const n = await this.store.destroyOf(accountId);
      for (let i = 0; i < n; i++) taken.push(accountId);
    }
    return taken;
  }
}
