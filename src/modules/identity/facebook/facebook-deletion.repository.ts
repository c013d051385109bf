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

  findByCode(confirmationCode: string): Promise<FacebookDeletionDoc | null> {
    return this.model.findOne({ confirmationCode }, { _id: 0 }).lean();
  }

  findByAccount(accountId: string): Promise<FacebookDeletionDoc[]> {
    return this.model.find({ accountId }, { _id: 0 }).lean();
  }

  /** The request outlives the account only as the code and a keyed hash. */
  async detachAccount(accountId: string): Promise<number> {
    const res = await this.model.updateMany({ accountId }, { $unset: { accountId: 1 } });
    return res.modifiedCount ?? 0;
  }
}
