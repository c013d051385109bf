import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { takeMatching } from '../../core/database/batch-delete';
import { insertManyIfAbsent, isDuplicateKeyError } from '../../core/database/mongo-errors';
import { OutboxMessage, OutboxMessageDoc, toOutboxMessage } from './schemas/outbox-message.schema';

@Injectable()
export class OutboxRepository {
  constructor(@InjectModel(OutboxMessageDoc.name) private readonly model: Model<OutboxMessageDoc>) {}

  /** Stores the message, or returns the one already stored under its idempotency key. */
  async insertOrGet(doc: OutboxMessageDoc): Promise<{ message: OutboxMessage; created: boolean }> {
    try {
      const created = await this.model.create(doc);
      return { message: toOutboxMessage(created.toObject()), created: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await this.model.findOne({ idempotencyKey: doc.idempotencyKey }).lean();
      if (!existing) throw err;
      return { message: toOutboxMessage(existing), created: false };
    }
  }

  /** Ids of the messages under these keys that are still pending (a retried batch whose queueing never happened). */
  async pendingIdsForKeys(keys: string[]): Promise<string[]> {
    if (!keys.length) return [];
    const docs = await this.model.find({ idempotencyKey: { $in: keys }, status: 'pending' }, { _id: 1 }).lean();
    return docs.map((d) => String(d._id));
  }

  async findById(id: string): Promise<OutboxMessage | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model.findById(id).lean();
    return doc ? toOutboxMessage(doc) : null;
  }

  /** Records the outcome only if the message is still pending (a duplicate job changes nothing). */
  async markSent(id: string, at: Date, scrub: boolean): Promise<boolean> {
    const set: Record<string, unknown> = { status: 'sent', sentAt: at };
    const update: Record<string, unknown> = { $set: set, $inc: { attempts: 1 } };
    if (scrub) update.$unset = { to: 1, subject: 1, html: 1, text: 1, headers: 1, accountId: 1 };
    // Recording "sent" is idempotent (a second record sets the same state); which execution sends is decided
    // before, by the job id and the pending check. Not a guarded claim: a worker killed between claim and
    // update would leave the message pending behind a lease nobody retries (found by the outbox fault test).
    const res = await this.model.updateOne({ _id: new Types.ObjectId(id), status: 'pending' }, update);
    return res.modifiedCount === 1;
  }

  async markFinal(id: string, status: 'suppressed' | 'failed', lastError?: string): Promise<void> {
    await this.model.updateOne(
      { _id: new Types.ObjectId(id), status: 'pending' },
      { $set: { status, lastError }, $unset: { to: 1, subject: 1, html: 1, text: 1, headers: 1 } },
    );
  }

  async recordAttempt(id: string, error: string): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(id), status: 'pending' }, { $inc: { attempts: 1 }, $set: { lastError: error } });
  }

  /** Pending messages, oldest ids first (equality on an indexed field: cheap even on FerretDB). */
  async pending(limit: number): Promise<Pick<OutboxMessage, 'id' | 'createdAt'>[]> {
    const docs = await this.model.find({ status: 'pending' }, { _id: 1, createdAt: 1 }).sort({ _id: 1 }).limit(limit).lean();
    return docs.map((d) => ({ id: d._id.toHexString(), createdAt: d.createdAt }));
  }

  /** Ids of sent or finished messages older than `before`, a batch at a time. */
  async finishedBefore(before: Date, limit: number): Promise<string[]> {
    const docs = await this.model
      .find({ status: { $in: ['sent', 'suppressed', 'failed'] }, createdAt: { $lt: before } }, { _id: 1 })
      .limit(limit)
      .lean();
    return docs.map((d) => d._id.toHexString());
  }

  async deleteIds(ids: string[]): Promise<number> {
    if (!ids.length) return 0;
    const res = await this.model.deleteMany({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } });
    return res.deletedCount ?? 0;
  }

  /**
   * A subject's messages, by account and by address. One equality query per identifier on indexed
   * fields: an `$or` or `$in` makes FerretDB read the whole outbox.
   */
  async findForSubject(accountId: string | undefined, emails: string[]): Promise<OutboxMessage[]> {
    const filters: Record<string, string>[] = [...emails.map((e) => ({ to: e })), ...(accountId ? [{ accountId }] : [])];
    const found = new Map<string, OutboxMessage>();
    for (const f of filters) for (const d of await this.model.find(f).lean()) found.set(d._id.toHexString(), toOutboxMessage(d));
    return [...found.values()];
  }

  /** Deletes the messages of these accounts and addresses, in one read and one delete; returns their account and address. */
  async takeForSubjects(accountIds: string[], emails: string[]): Promise<{ accountId?: string; to?: string }[]> {
    const or: Record<string, unknown>[] = [];
    if (accountIds.length) or.push({ accountId: { $in: accountIds } });
    if (emails.length) or.push({ to: { $in: emails } });
    if (!or.length) return [];
    // Erasure receipts (scrubbed once sent) stay: a late duplicate of an erasure must not delete an unsent one.
    return takeMatching<{ _id: unknown; accountId?: string; to?: string }>(this.model, { $or: or, scrubAfterSend: { $ne: true } }, ['accountId', 'to']);
  }

  /** Stores many messages in one write; those whose idempotency key is stored already are left alone. @returns the stored ones that are new */
  async insertManyNew(docs: OutboxMessageDoc[]): Promise<OutboxMessage[]> {
    const hydrated = docs.map((d) => new this.model(d).toObject());
    const inserted = await insertManyIfAbsent(this.model.collection, hydrated);
    return hydrated.filter((_, i) => inserted[i]).map((d) => toOutboxMessage(d as Parameters<typeof toOutboxMessage>[0]));
  }
}
