import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { insertManyIfAbsent } from '../../core/database/mongo-errors';
import { RECIPIENT_NOTICE_MODEL, RecipientNoticeDoc } from './schemas/recipient-notice.schema';

export type RecipientNotice = Omit<RecipientNoticeDoc, '_id'> & { id: string };
const toNotice = ({ _id, ...rest }: RecipientNoticeDoc): RecipientNotice => ({ id: _id.toHexString(), ...rest });

@Injectable()
export class RecipientNoticesRepository {
  constructor(@InjectModel(RECIPIENT_NOTICE_MODEL) private readonly model: Model<RecipientNoticeDoc>) {}

  /** Stores the notices not stored yet (unique key); returns every notice of these keys, new or old. */
  async upsertMany(docs: Omit<RecipientNoticeDoc, '_id'>[]): Promise<RecipientNotice[]> {
    if (!docs.length) return [];
    await insertManyIfAbsent(
      this.model.collection,
      docs.map((d) => ({ _id: new Types.ObjectId(), ...d })),
    );
    const keys = docs.map((d) => d.key);
    return (await this.model.find(keys.length === 1 ? { key: keys[0] } : { key: { $in: keys } }).lean<RecipientNoticeDoc[]>()).map(toNotice);
  }

  async findById(id: string): Promise<RecipientNotice | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return null;
    const doc = await this.model.findById(id).lean<RecipientNoticeDoc>();
    return doc ? toNotice(doc) : null;
  }

  /** Idempotent: acknowledging twice keeps the first time. */
  async acknowledge(id: string, at: Date): Promise<void> {
    await this.model.updateOne(
      { _id: new Types.ObjectId(id), status: 'open' },
      { $set: { status: 'acknowledged', acknowledgedAt: at }, $unset: { remindAt: 1 } },
    );
  }

  /** Open notices whose reminder is due (an indexed range over what is due only). */
  async dueForReminder(now: Date, limit: number): Promise<RecipientNotice[]> {
    return (
      await this.model
        .find({ remindAt: { $lte: now } })
        .sort({ remindAt: 1 })
        .limit(limit)
        .lean<RecipientNoticeDoc[]>()
    ).map(toNotice);
  }

  async reminded(id: string, reminders: number, next: Date | undefined): Promise<void> {
    const update: Record<string, unknown> = next ? { $set: { reminders, remindAt: next } } : { $set: { reminders }, $unset: { remindAt: 1 } };
    await this.model.updateOne({ _id: new Types.ObjectId(id), status: 'open' }, update);
  }

  async forSubject(subjectId: string): Promise<RecipientNotice[]> {
    return (await this.model.find({ subjectId }).sort({ _id: 1 }).limit(1000).lean<RecipientNoticeDoc[]>()).map(toNotice);
  }

  /** Newest first, optionally one recipient's (admin view). */
  async list(opts: { recipientId?: string; status?: 'open' | 'acknowledged'; limit: number }): Promise<RecipientNotice[]> {
    const filter: Record<string, unknown> = {};
    if (opts.recipientId) filter.recipientId = opts.recipientId;
    if (opts.status) filter.status = opts.status;
    return (await this.model.find(filter).sort({ _id: -1 }).limit(opts.limit).lean<RecipientNoticeDoc[]>()).map(toNotice);
  }
}
