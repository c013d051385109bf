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

  /** The invoices of a person: linked to their account, or naming one of their addresses as the contact. */
  findFor(accountId: string | undefined, emails: string[]): Promise<BillingOrderDoc[]> {
    const or = this.ownedBy(accountId ? [accountId] : [], emails);
    return or.length ? this.model.find({ $or: or }, { _id: 0 }).lean() : Promise.resolve([]);
  }

  private ownedBy(accountIds: string[], emails: string[]) {
    return [...(accountIds.length ? [{ accountId: { $in: accountIds } }] : []), ...(emails.length ? [{ contactEmail: { $in: emails } }] : [])];
  }

  /**
   * Keeps the invoices of these accounts and contact addresses with the minimum fields: the person is removed (account link,
   * contact name and email). Returns whose each invoice kept was (account, contact address). Invoices recorded before
   * keptUntil was set at recording get it now.
   */
  async keepMinimum(
    accountIds: string[],
    emails: string[],
    keptUntilOf: (invoiceDate: Date) => Date,
  ): Promise<{ accountId?: string; contactEmail?: string }[]> {
    const or = this.ownedBy(accountIds, emails);
    if (!or.length) return [];
    const docs = await this.model.find({ $or: or }, { _id: 1, accountId: 1, contactEmail: 1, invoiceDate: 1, keptUntil: 1 }).lean();
    const strip = { $unset: { accountId: 1, contactEmail: 1, contactName: 1 } };
    const dated = docs.filter((d) => d.keptUntil).map((d) => d._id);
    if (dated.length) await this.model.updateMany({ _id: { $in: dated } }, strip);
    for (const d of docs.filter((x) => !x.keptUntil))
      await this.model.updateOne({ _id: d._id }, { ...strip, $set: { keptUntil: keptUntilOf(new Date(d.invoiceDate)) } });
    return docs.map((d) => ({ accountId: d.accountId, contactEmail: d.contactEmail }));
  }

  /** Invoices past their retention whose person is gone (erased, or never linked to an account). */
  async expiredIds(now: Date, limit: number): Promise<Types.ObjectId[]> {
    return (
      await this.model
        .find({ keptUntil: { $lte: now }, accountId: { $exists: false } }, { _id: 1 })
        .limit(limit)
        .lean()
    ).map((d) => d._id);
  }

  async deleteIds(ids: Types.ObjectId[]): Promise<number> {
    return ids.length ? ((await this.model.deleteMany({ _id: { $in: ids } })).deletedCount ?? 0) : 0;
  }
}
