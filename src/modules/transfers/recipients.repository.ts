import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { guardedUpdate } from '../../core/database/guarded-update';
import type { Recipient, RecipientKind } from './transfers.types';
import { RECIPIENT_MODEL, RecipientDoc, toRecipient } from './schemas/recipient.schema';

const PAGE = 100;

@Injectable()
export class RecipientsRepository {
  constructor(@InjectModel(RECIPIENT_MODEL) private readonly model: Model<RecipientDoc>) {}

  async create(doc: Omit<Recipient, 'id'>): Promise<Recipient> {
    const created = await this.model.create(doc);
    return toRecipient(created.toObject() as RecipientDoc);
  }

  async findById(id: string): Promise<Recipient | null> {
    if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/i.test(id)) return null;
    const doc = await this.model.findById(id).lean<RecipientDoc>();
    return doc ? toRecipient(doc) : null;
  }

  /** Recipients by id, in one read. */
  async findByIds(ids: string[]): Promise<Recipient[]> {
    const valid = [...new Set(ids)].filter((i) => /^[0-9a-f]{24}$/i.test(i)).map((i) => new Types.ObjectId(i));
    if (!valid.length) return [];
    return (await this.model.find({ _id: { $in: valid } }).lean<RecipientDoc[]>()).map(toRecipient);
  }

  /** Newest first, paged by _id. */
  async list(opts: { kind?: RecipientKind; before?: string; limit?: number }): Promise<Recipient[]> {
    const filter: Record<string, unknown> = {};
    if (opts.kind) filter.kind = opts.kind;
    if (opts.before && /^[0-9a-f]{24}$/i.test(opts.before)) filter._id = { $lt: new Types.ObjectId(opts.before) };
    const docs = await this.model
      .find(filter)
      .sort({ _id: -1 })
      .limit(opts.limit ?? PAGE)
      .lean<RecipientDoc[]>();
    return docs.map(toRecipient);
  }

  /** Applies the changed fields if the recipient is still at `version` (one writer wins). */
  async update(id: string, version: number, set: Partial<Omit<Recipient, 'id'>>, unset: string[] = []): Promise<Recipient | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return null;
    const update: Record<string, unknown> = { $set: set };
    if (unset.length) update.$unset = Object.fromEntries(unset.map((f) => [f, 1]));
    const doc = await guardedUpdate(this.model.collection as never, new Types.ObjectId(id), { version }, update);
    if (!doc) return null;
    return this.findById(id);
  }
}
