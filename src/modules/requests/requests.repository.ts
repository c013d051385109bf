import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FilterQuery<_T> = Record<string, any>;
import { guardedUpdate } from '../../core/database/guarded-update';
import { DATA_REQUEST_MODEL, DataRequest, DataRequestDoc } from './schemas/data-request.schema';
import type { RequestStatus, RequestType, TimelineEntry } from './requests.types';
import { OPEN_STATUSES } from './requests.types';

export interface QueueFilter {
  status?: RequestStatus;
  type?: RequestType;
  dueBefore?: Date;
  assignee?: string;
  after?: string;
  limit: number;
}

/** The only code touching the data_requests collection. */
@Injectable()
export class RequestsRepository {
  constructor(@InjectModel(DATA_REQUEST_MODEL) private readonly model: Model<DataRequestDoc>) {}

  async insert(doc: DataRequest): Promise<void> {
    await this.model.collection.insertOne(doc as never);
  }

  findById(id: string): Promise<DataRequest | null> {
    return this.model.findById(id).lean<DataRequest>().exec();
  }

  findByTokenHash(hash: string): Promise<DataRequest | null> {
    return this.model.findOne({ tokenHash: hash }).lean<DataRequest>().exec();
  }

  findByStatusTokenHash(hash: string): Promise<DataRequest | null> {
    return this.model.findOne({ statusTokenHash: hash }).lean<DataRequest>().exec();
  }

  findByAccessTokenHash(hash: string): Promise<DataRequest | null> {
    return this.model.findOne({ accessTokenHash: hash }).lean<DataRequest>().exec();
  }

  /** An open, verified request of the same address and type (a duplicate is linked to it). */
  findOpenFor(emailHash: string, type: RequestType, excludeId: string): Promise<DataRequest | null> {
    return this.model
      .findOne({ emailHash, type, status: { $in: ['verified', 'in_progress'] }, _id: { $ne: excludeId } })
      .lean<DataRequest>()
      .exec();
  }

  /**
   * Moves the request from one of `from` to a new state once, among racing writers (guardedUpdate),
   * appending timeline entries. Returns the updated request, or null when the state did not hold.
   */
  async move(
    id: string,
    from: RequestStatus[] | null,
    set: Record<string, unknown>,
    push: TimelineEntry[],
    unset: string[] = [],
    extraWhere: Record<string, unknown> = {},
  ): Promise<DataRequest | null> {
    const where = { ...(from ? { status: { $in: from } } : {}), ...extraWhere };
    const update: Record<string, unknown> = { $set: set };
    if (push.length) update.$push = { timeline: { $each: push } };
    if (unset.length) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
    return (await guardedUpdate(this.model.collection as never, id, where, update)) as unknown as DataRequest | null;
  }

  /** Adds to the timeline without a state change (a note, a message sent). */
  async append(id: string, entries: TimelineEntry[], inc: Record<string, number> = {}): Promise<void> {
    await this.model.collection.updateOne(
      { _id: id } as never,
      { $push: { timeline: { $each: entries } }, ...(Object.keys(inc).length ? { $inc: inc } : {}) } as never,
    );
  }

  async incAttempts(id: string): Promise<number> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id }, { $inc: { verifyAttempts: 1 } }, { returnDocument: 'after' })
      .lean<DataRequest>()
      .exec();
    return doc?.verifyAttempts ?? 0;
  }

  async page(f: QueueFilter): Promise<DataRequest[]> {
    const q: FilterQuery<DataRequestDoc> = {};
    if (f.status) q.status = f.status;
    if (f.type) q.type = f.type;
    if (f.assignee) q.assignee = f.assignee;
    if (f.dueBefore) q.dueAt = { $lt: f.dueBefore };
    if (f.after) q._id = { $gt: f.after };
    return this.model.find(q).sort({ _id: 1 }).limit(f.limit).lean<DataRequest[]>().exec();
  }

  async counts(now: Date, nearDue: Date): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const s of ['needs_triage', 'awaiting_verification', 'verified', 'in_progress'] as RequestStatus[])
      out[s] = await this.model.countDocuments({ status: s }).exec();
    out.overdue = await this.model.countDocuments({ status: { $in: OPEN_STATUSES }, dueAt: { $lt: now } }).exec();
    out.nearDue = await this.model.countDocuments({ status: { $in: OPEN_STATUSES }, dueAt: { $gte: now, $lt: nearDue } }).exec();
    return out;
  }

  /** Open requests due before `before` (the digest): bounded. */
  dueSoon(before: Date, limit: number): Promise<DataRequest[]> {
    return this.model
      .find({ dueAt: { $lt: before }, status: { $in: ['verified', 'in_progress'] } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean<DataRequest[]>()
      .exec();
  }

  /** Unverified requests whose time is up (index on expiresAt; bounded). */
  expiredIds(now: Date, limit: number): Promise<string[]> {
    return this.model
      .find({ expiresAt: { $lte: now } }, { _id: 1 })
      .limit(limit)
      .lean<{ _id: string }[]>()
      .exec()
      .then((d) => d.map((x) => x._id));
  }

  pruneDueIds(now: Date, limit: number): Promise<string[]> {
    return this.model
      .find({ pruneAt: { $lte: now } }, { _id: 1 })
      .limit(limit)
      .lean<{ _id: string }[]>()
      .exec()
      .then((d) => d.map((x) => x._id));
  }

  async deleteIds(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    return (await this.model.deleteMany({ _id: { $in: ids } }).exec()).deletedCount ?? 0;
  }

  /** Everything held for these people (export, erasure): by account or address. */
  findFor(accountIds: string[], emails: string[]): Promise<DataRequest[]> {
    const or: FilterQuery<DataRequestDoc>[] = [];
    if (accountIds.length) or.push({ accountId: { $in: accountIds } });
    if (emails.length) or.push({ email: { $in: emails } });
    if (!or.length) return Promise.resolve([]);
    return this.model.find({ $or: or }).lean<DataRequest[]>().exec();
  }

  /** A child_report naming an erased person as the child keeps the reporter's request, without the child's address. */
  async dropChildEmail(emails: string[]): Promise<number> {
    if (!emails.length) return 0;
    return (await this.model.updateMany({ childEmail: { $in: emails } }, { $unset: { childEmail: '' } }).exec()).modifiedCount ?? 0;
  }

  /** Keeps the proof of these requests: type, dates, outcome, keyed hash of the address; drops the rest. */
  async reduceToProof(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const r = await this.model
      .updateMany(
        { _id: { $in: ids } },
        {
          $unset: {
            email: '',
            accountId: '',
            details: '',
            childEmail: '',
            reference: '',
            tokenHash: '',
            accessTokenHash: '',
            statusTokenHash: '',
            assignee: '',
            extension: '',
          },
          $set: { timeline: [], 'outcome.summary': '' },
        },
      )
      .exec();
    return r.modifiedCount ?? 0;
  }

  /** Adds one timeline entry per `ref` (a message taken twice after a crash is on the timeline once). */
  async appendOnce(id: string, entry: TimelineEntry & { ref: string }): Promise<boolean> {
    const r = await this.model.collection.updateOne({ _id: id, 'timeline.ref': { $ne: entry.ref } } as never, { $push: { timeline: entry } } as never);
    return r.modifiedCount === 1;
  }

  /** The request whose id starts with `prefix` (a reference quoted in a subject); null when none or several. */
  async findByIdPrefix(prefix: string): Promise<DataRequest | null> {
    if (!/^req_[0-9a-f]{6,24}$/.test(prefix)) return null;
    const rows = await this.model
      .find({ _id: { $gte: prefix, $lt: `${prefix}~` } })
      .limit(2)
      .lean<DataRequest[]>()
      .exec();
    return rows.length === 1 ? rows[0] : null;
  }
}
