import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CONSENT_RECORD_MODEL, ConsentRecordDoc } from './schemas/consent-record.schema';

export type ConsentRecord = ConsentRecordDoc;

/** The append-only consent ledger: records are inserted, never changed (erasure only strips the person). */
@Injectable()
export class ConsentRecordsRepository {
  constructor(@InjectModel(CONSENT_RECORD_MODEL) private readonly model: Model<ConsentRecordDoc>) {}

  async append(record: ConsentRecordDoc): Promise<ConsentRecord> {
    await this.model.create(record);
    return record;
  }

  findByReceiptId(receiptId: string): Promise<ConsentRecord | null> {
    return this.model.findOne({ receiptId }, { _id: 0 }).lean<ConsentRecord>().exec();
  }

  ofTestimonial(testimonialId: string): Promise<ConsentRecord[]> {
    return this.model.find({ testimonialId }, { _id: 0 }).sort({ at: 1, _id: 1 }).lean<ConsentRecord[]>().exec();
  }

  ofAccount(accountId: string): Promise<ConsentRecord[]> {
    return this.model.find({ accountId }, { _id: 0 }).sort({ at: 1, _id: 1 }).limit(1000).lean<ConsentRecord[]>().exec();
  }

  /**
   * Erasure: strips the person, the text and the collector from their records and keeps the proof
   * (receipt id, event, method, text hash and version, scope, policy version, times). @returns whose each was
   */
  async keepProof(accountIds: string[], erasedAt: Date): Promise<{ accountId?: string }[]> {
    if (!accountIds.length) return [];
    const docs = await this.model.find({ accountId: { $in: accountIds } }, { _id: 1, accountId: 1 }).lean();
    if (docs.length)
      await this.model.updateMany(
        { _id: { $in: docs.map((d) => d._id) } },
        { $unset: { accountId: 1, subjectId: 1, quote: 1, display: 1, callReference: 1 }, $set: { erasedAt } },
      );
    return docs.map((d) => ({ accountId: d.accountId }));
  }
}
