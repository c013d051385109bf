import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { deleteIds, takeMatching } from '../../core/database/batch-delete';
import { LegalHold, LegalHoldDoc, toLegalHold } from './schemas/legal-hold.schema';
import { PurgeScheduleDoc } from './schemas/purge-schedule.schema';

/** The purge schedule and legal holds. */
@Injectable()
export class RetentionRepository {
  constructor(
    @InjectModel(PurgeScheduleDoc.name) private readonly schedule: Model<PurgeScheduleDoc>,
    @InjectModel(LegalHoldDoc.name) private readonly holds: Model<LegalHoldDoc>,
  ) {}

  async schedulePurge(doc: PurgeScheduleDoc): Promise<void> {
    await this.schedule.updateOne({ _id: doc._id }, { $set: doc }, { upsert: true });
  }

  async unschedule(accountId: string): Promise<number> {
    return (await this.schedule.deleteOne({ _id: accountId })).deletedCount ?? 0;
  }

  findScheduled(accountId: string): Promise<PurgeScheduleDoc | null> {
    return this.schedule.findById(accountId).lean();
  }

  /** Entries whose reminder or purge is due at `now`, oldest first (pages by _id for very long lists). */
  dueAt(now: Date, limit: number, afterId?: string): Promise<PurgeScheduleDoc[]> {
    const filter: Record<string, unknown> = { remindAt: { $lte: now } };
    if (afterId) filter._id = { $gt: afterId };
    return this.schedule.find(filter).sort({ _id: 1 }).limit(limit).lean();
  }

  async markReminded(accountId: string): Promise<void> {
    await this.schedule.updateOne({ _id: accountId }, { $set: { reminded: true } });
  }

  countScheduled(): Promise<number> {
    return this.schedule.countDocuments();
  }

  async addHold(doc: LegalHoldDoc): Promise<LegalHold> {
    return toLegalHold((await this.holds.create(doc)).toObject());
  }

  async liftHold(id: string, by: string, at: Date): Promise<LegalHold | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.holds
      .findOneAndUpdate({ _id: id, liftedAt: { $exists: false } }, { $set: { liftedAt: at, liftedBy: by } }, { returnDocument: 'after' })
      .lean();
    return doc ? toLegalHold(doc) : null;
  }

  async holdsOf(subjectId: string): Promise<LegalHold[]> {
    return (await this.holds.find({ subjectId }).lean()).map(toLegalHold);
  }

  /** Removes these accounts from the purge schedule; returns the ids that were scheduled. */
  async takeScheduled(accountIds: string[]): Promise<string[]> {
    if (!accountIds.length) return [];
    return (await takeMatching<{ _id: string }>(this.schedule, { _id: { $in: accountIds } }, [])).map((d) => d._id);
  }

  async unscheduleMany(accountIds: string[]): Promise<number> {
    return deleteIds(this.schedule, accountIds);
  }

  /** Deletes the legal holds of these subjects; returns the subject of each deleted hold. */
  async takeHoldsOf(subjectIds: string[]): Promise<string[]> {
    if (!subjectIds.length) return [];
    return (await takeMatching<{ _id: unknown; subjectId: string }>(this.holds, { subjectId: { $in: subjectIds } }, ['subjectId'])).map((d) => d.subjectId);
  }

  /** Which of these subjects a legal hold protects at `now` (one read). */
  async heldAmong(subjectIds: string[], now: Date): Promise<Set<string>> {
    if (!subjectIds.length) return new Set();
    const docs = await this.holds.find({ subjectId: { $in: subjectIds } }).lean();
    return new Set(
      docs
        .map(toLegalHold)
        .filter((h) => !h.liftedAt && (!h.until || new Date(h.until) > now))
        .map((h) => h.subjectId),
    );
  }
}
