import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { deleteIds } from '../../core/database/batch-delete';

interface StoredSession {
  _id: string;
  expires: Date;
  session: { accountId?: string; authAt?: number };
}

/** The session store's collection (written by connect-mongo), read and pruned per account. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<StoredSession>('sessions');
  }

  async listByAccount(accountId: string): Promise<{ expires: Date; authAt?: Date }[]> {
    const rows = await this.collection.find({ 'session.accountId': accountId }).toArray();
    return rows.map((r) => ({ expires: r.expires, authAt: r.session.authAt ? new Date(r.session.authAt) : undefined }));
  }

  async deleteByAccount(accountId: string): Promise<number> {
    return (await this.collection.deleteMany({ 'session.accountId': accountId })).deletedCount;
  }

  /** Deletes every session of the account except `keepSessionId`. */
  async deleteOthers(accountId: string, keepSessionId: string): Promise<number> {
    return (await this.collection.deleteMany({ 'session.accountId': accountId, _id: { $ne: keepSessionId } })).deletedCount;
  }

  /** Deletes the sessions of these accounts; returns the account of each deleted session. */
  async takeByAccounts(accountIds: string[]): Promise<string[]> {
    if (!accountIds.length) return [];
    const rows = await this.collection.find({ 'session.accountId': { $in: accountIds } }, { projection: { 'session.accountId': 1 } }).toArray();
    await deleteIds(this.collection, rows.map((r) => r._id));
    return rows.map((r) => r.session.accountId!);
  }
}
