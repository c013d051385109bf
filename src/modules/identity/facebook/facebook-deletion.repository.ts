import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { FacebookDeletionDoc } from './facebook-deletion.schema';

@Injectable()
export class FacebookDeletionRepository {
  constructor(@InjectModel(FacebookDeletionDoc.name) private readonly model: Model<FacebookDeletionDoc>) {}

  async create(doc: FacebookDeletionDoc): Promise<void> {
    await this.model.create(doc);
  }

  async setRemoved(confirmationCode: string, removed: string[]): Promise<void> {
    await this.model.updateOne({ confirmationCode }, { $set: { removed } });
  }

  findByCode(confirmationCode: string): Promise<FacebookDeletionDoc | null> {
    return this.model.findOne({ confirmationCode }, { _id: 0 }).lean();
  }

  findByAccount(accountId: string): Promise<FacebookDeletionDoc[]> {
    return this.model.find({ accountId }, { _id: 0 }).lean();
  }

  /** Detaches these accounts from their deletion requests; returns the account of each detached request. */
  async detachAccounts(accountIds: string[]): Promise<string[]> {
    if (!accountIds.length) return [];
    const docs = await this.model.find({ accountId: { $in: accountIds } }, { _id: 1, accountId: 1 }).lean<{ _id: unknown; accountId: string }[]>();
    if (docs.length) await this.model.updateMany({ _id: { $in: docs.map((d) => d._id) } }, { $unset: { accountId: 1 } });
    return docs.map((d) => d.accountId);
  }
}
