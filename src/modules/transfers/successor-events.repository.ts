import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { insertManyIfAbsent } from '../../core/database/mongo-errors';
import { SUCCESSOR_EVENT_MODEL, SUCCESSOR_NOTICE_MODEL, SuccessorEventDoc, SuccessorEventStatus, SuccessorNoticeDoc } from './schemas/successor-event.schema';

export type SuccessorEvent = Omit<SuccessorEventDoc, '_id'> & { id: string };
const toEvent = ({ _id, ...rest }: SuccessorEventDoc): SuccessorEvent => ({ id: _id.toHexString(), ...rest });
const oid = (id: string) => new Types.ObjectId(id);
const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

@Injectable()
export class SuccessorEventsRepository {
  constructor(
    @InjectModel(SUCCESSOR_EVENT_MODEL) private readonly events: Model<SuccessorEventDoc>,
    @InjectModel(SUCCESSOR_NOTICE_MODEL) private readonly notices: Model<SuccessorNoticeDoc>,
  ) {}

  async insert(doc: Omit<SuccessorEventDoc, '_id'>): Promise<SuccessorEvent> {
    const created = await this.events.create(doc);
    return toEvent(created.toObject() as SuccessorEventDoc);
  }

  async findById(id: string): Promise<SuccessorEvent | null> {
    if (!isId(id)) return null;
    const doc = await this.events.findById(id).lean<SuccessorEventDoc>();
    return doc ? toEvent(doc) : null;
  }

  async list(limit = 100): Promise<SuccessorEvent[]> {
    return (await this.events.find({}).sort({ _id: -1 }).limit(limit).lean<SuccessorEventDoc[]>()).map(toEvent);
  }

  /** Events in one status (a handful at most: equality on an indexed field). */
  async byStatus(status: SuccessorEventStatus): Promise<SuccessorEvent[]> {
    return (await this.events.find({ status }).sort({ _id: 1 }).limit(100).lean<SuccessorEventDoc[]>()).map(toEvent);
  }

  /** Records the fan-out's progress after a page: the next run starts after `cursor`. */
  async advance(id: string, cursor: string, count: number): Promise<void> {
    await this.events.updateOne({ _id: oid(id), status: 'announcing' }, { $set: { cursor }, $inc: { notified: count } });
  }

  async markAnnounced(id: string, at: Date, notified: number): Promise<void> {
    await this.events.updateOne({ _id: oid(id), status: 'announcing' }, { $set: { status: 'announced', announcedAt: at, notified } });
  }

  async markTransferred(id: string, at: Date, transferId: string, count: number): Promise<void> {
    await this.events.updateOne(
      { _id: oid(id), status: 'announced' },
      { $set: { status: 'transferred', transferredAt: at, transferId, transferredCount: count } },
    );
  }

  /** One notice per (event, subject): those stored already (a rerun of the page) are left alone. */
  async addNotices(docs: SuccessorNoticeDoc[]): Promise<number> {
    return (await insertManyIfAbsent(this.notices.collection, docs)).filter(Boolean).length;
  }

  countNotices(eventId: string): Promise<number> {
    return this.notices.countDocuments({ eventId });
  }

  async noticesOf(subjectId: string): Promise<SuccessorNoticeDoc[]> {
    return this.notices.find({ subjectId }).sort({ _id: 1 }).limit(100).lean<SuccessorNoticeDoc[]>();
  }

  async acknowledge(eventId: string, subjectId: string, at: Date): Promise<boolean> {
    const existing = await this.notices.findOne({ eventId, subjectId }).lean<SuccessorNoticeDoc>();
    if (!existing) return false;
    if (!existing.acknowledgedAt) await this.notices.updateOne({ eventId, subjectId, acknowledgedAt: { $exists: false } }, { $set: { acknowledgedAt: at } });
    return true;
  }

  /** Deletes these people's notices (erasure). @returns per subject, how many */
  async deleteNoticesOf(subjectIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (!subjectIds.length) return counts;
    const docs = await this.notices.find({ subjectId: { $in: subjectIds } }, { _id: 1, subjectId: 1 }).lean<SuccessorNoticeDoc[]>();
    for (const d of docs) counts.set(d.subjectId, (counts.get(d.subjectId) ?? 0) + 1);
    if (docs.length) await this.notices.deleteMany({ _id: { $in: docs.map((d) => d._id!) } });
    return counts;
  }
}
