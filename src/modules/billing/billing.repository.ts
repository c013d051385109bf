import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { insertIfAbsent } from '../../core/database/mongo-errors';
import { BillingOrderDoc } from './schemas/billing-order.schema';

@Injectable()
export class BillingRepository {
  constructor(@InjectModel(BillingOrderDoc.name) private readonly model: Model<BillingOrderDoc>) {}

  /** @returns false when the billing system recorded this invoice already */
  insert(doc: BillingOrderDoc): Promise<boolean> {
    return insertIfAbsent(this.model, doc);
  }

  findByAccount(accountId: string): Promise<BillingOrderDoc[]> {
    return this.model.find({ accountId }, { _id: 0 }).lean();
  }

  /** Keeps the invoices of an account with the minimum fields: the person is removed. */
  async keepMinimum(accountId: string, keptUntilOf: (invoiceDate: Date) => Date): Promise<number> {
    const docs = await this.model.find({ accountId }, { _id: 1, invoiceDate: 1 }).lean();
    for (const d of docs) {
      await this.model.updateOne({ _id: d._id }, { $set: { keptUntil: keptUntilOf(new Date(d.invoiceDate)) }, $unset: { accountId: 1, contactEmail: 1, contactName: 1 } });
    }
    return docs.length;
  }

  async expiredIds(now: Date, limit: number): Promise<Types.ObjectId[]> {
    return (await this.model.find({ keptUntil: { $lte: now } }, { _id: 1 }).limit(limit).lean()).map((d) => d._id);
  }

  async deleteIds(ids: Types.ObjectId[]): Promise<number> {
    return ids.length ? ((await this.model.deleteMany({ _id: { $in: ids } })).deletedCount ?? 0) : 0;
  }
}
