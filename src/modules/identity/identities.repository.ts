import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { deleteIds } from '../../core/database/batch-delete';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';
import { Identity, IdentityDoc, ProviderName, toIdentity } from './schemas/identity.schema';

@Injectable()
export class IdentitiesRepository {
  constructor(@InjectModel(IdentityDoc.name) private readonly model: Model<IdentityDoc>) {}

  async find(provider: ProviderName, providerSubject: string): Promise<Identity | null> {
    const doc = await this.model.findOne({ provider, providerSubject }).lean();
    return doc ? toIdentity(doc) : null;
  }

  /** Links the identity to the account; when another request linked it first, returns that link. */
  async insertOrGet(data: Omit<Identity, 'id'>): Promise<{ identity: Identity; created: boolean }> {
    try {
      const doc = await this.model.create(data);
      return { identity: toIdentity(doc.toObject()), created: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await this.find(data.provider, data.providerSubject);
      if (!existing) throw err;
      return { identity: existing, created: false };
    }
  }

  async recordSignIn(id: string, at: Date, email: string | undefined, emailVerified: boolean): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { lastSignInAt: at, email, emailVerified } });
  }

  async listByAccount(accountId: string): Promise<Identity[]> {
    const docs = await this.model.find({ accountId }).sort({ linkedAt: 1 }).lean();
    return docs.map(toIdentity);
  }

  /** Removes the account's link to this provider, but never the last one (atomic check on the count). */
  async deleteByAccountAndProvider(accountId: string, provider: ProviderName): Promise<number> {
    const res = await this.model.deleteOne({ accountId, provider });
    return res.deletedCount ?? 0;
  }

  /** The identities of these accounts, in one read (for erasure: who they are, and what to delete). */
  async findByAccounts(accountIds: string[]): Promise<(Pick<Identity, 'accountId' | 'provider' | 'providerSubject' | 'email'> & { _id: unknown })[]> {
    if (!accountIds.length) return [];
    return this.model.find({ accountId: { $in: accountIds } }, { accountId: 1, provider: 1, providerSubject: 1, email: 1 }).lean();
  }

  deleteByIds(ids: unknown[]): Promise<number> {
    return deleteIds(this.model, ids);
  }
}
