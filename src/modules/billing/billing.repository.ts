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

  /**
   * Keeps the invoices of these accounts with the minimum fields: the person is removed (account link,
   * contact name and email). Returns the account of each invoice kept. Invoices recorded before
   * keptUntil was set at recording get it now.
   */
  async keepMinimum(accountIds: string[], keptUntilOf: (invoiceDate: Date) => Date): Promise<string[]> {
    if (!accountIds.length) return [];
    const docs = await this.model.find({ accountId: { $in: accountIds } }, { _id: 1, accountId: 1, invoiceDate: 1, keptUntil: 1 }).lean();
    const strip = { $unset: { accountId: 1, contactEmail: 1, contactName: 1 } };
    const dated = docs.filter((d) => d.keptUntil).map((d) => d._id);
    if (dated.length) await this.model.updateMany({ _id: { $in: dated } }, strip);
    for (const d of docs.filter((x) => !x.keptUntil)) await this.model.updateOne({ _id: d._id }, { ...strip, $set: { keptUntil: keptUntilOf(new Date(d.invoiceDate)) } });
    return docs.map((d) => d.accountId!);
  }

  /** Invoices past their retention whose person is gone (erased, or never linked to an account). */
  async expiredIds(now: Date, limit: number): Promise<Types.ObjectId[]> {
    return (await this.model.find({ keptUntil: { $lte: now }, accountId: { $exists: false } }, { _id: 1 }).limit(limit).lean()).map((d) => d._id);
  }

  async deleteIds(ids: Types.ObjectId[]): Promise<number> {
    return ids.length ? ((await this.model.deleteMany({ _id: { $in: ids } })).deletedCount ?? 0) : 0;
  }
}
