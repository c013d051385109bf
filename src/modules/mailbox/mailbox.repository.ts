import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';
import { MAILBOX_MESSAGE_MODEL, MailboxMessage, MailboxMessageDoc, MailboxOutcome } from './schemas/mailbox-message.schema';

/** The only code touching mailbox_messages. */
@Injectable()
export class MailboxRepository {
  constructor(@InjectModel(MAILBOX_MESSAGE_MODEL) private readonly model: Model<MailboxMessageDoc>) {}

  get(key: string): Promise<MailboxMessage | null> {
    return this.model.findById(key).lean<MailboxMessage>().exec();
  }

  /** Records a message as taken; false when another reader recorded it first (the unique _id decides). */
  async claim(doc: MailboxMessage): Promise<boolean> {
    try {
      await this.model.collection.insertOne(doc as never);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /** A reader takes over a message whose first reader stopped (its work is idempotent). */
  async retake(key: string, doc: Partial<MailboxMessage>): Promise<void> {
    await this.model.collection.updateOne({ _id: key, state: 'received' } as never, { $set: doc } as never);
  }

  async finish(key: string, outcome: MailboxOutcome, at: Date, requestId?: string, reason?: string): Promise<void> {
    await this.model.collection.updateOne(
      { _id: key } as never,
      {
        $set: { state: 'done', outcome, doneAt: at, ...(requestId ? { requestId } : {}), ...(reason ? { reason } : {}) },
        ...(requestId ? {} : { $unset: { requestId: '' } }),
      } as never,
    );
  }

  /** Message-IDs of the mail a request received, oldest first (threading our answers). */
  async inboundIds(requestId: string, limit = 10): Promise<string[]> {
    const rows = await this.model
      .find({ requestId, messageId: { $exists: true } }, { messageId: 1 })
      .sort({ receivedAt: 1 })
      .limit(limit)
      .lean<{ messageId?: string }[]>()
      .exec();
    return rows.map((r) => r.messageId!).filter(Boolean);
  }

  findByRequest(requestId: string): Promise<MailboxMessage[]> {
    return this.model.find({ requestId }).sort({ receivedAt: 1 }).lean<MailboxMessage[]>().exec();
  }

  findFrom(emails: string[]): Promise<MailboxMessage[]> {
    if (!emails.length) return Promise.resolve([]);
    return this.model
      .find({ from: { $in: emails } })
      .lean<MailboxMessage[]>()
      .exec();
  }

  /** Keeps the exactly-once key and outcome (so the message is never taken again); drops what identifies the sender. */
  async anonymise(keys: string[]): Promise<number> {
    if (!keys.length) return 0;
    const r = await this.model
      .updateMany({ _id: { $in: keys } }, { $unset: { from: '', messageId: '', subject: '', text: '', auth: '', reason: '' }, $set: { attachments: [] } })
      .exec();
    return r.modifiedCount ?? 0;
  }
}
