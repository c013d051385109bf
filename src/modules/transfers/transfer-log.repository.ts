import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CHAIN_HEAD_MODEL } from '../../core/database/chain-head.schema';
import { ChainedEntry, ChainHead, HashChain, VerifyResult } from '../../core/database/hash-chain';
import { insertManyIfAbsent, isDuplicateKeyError } from '../../core/database/mongo-errors';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { TRANSFER_ENTRY_MODEL, TransferBody } from './schemas/transfer-entry.schema';
import { TRANSFER_REQUEST_MODEL, TransferRequestDoc } from './schemas/transfer-request.schema';
import { TRANSFER_SUBJECT_MODEL, TransferSubjectDoc } from './schemas/transfer-subject.schema';

export type TransferEntry = ChainedEntry<TransferBody>;

const SUBJECT_ROWS_PER_WRITE = 1000;

/**
 * The transfer log: an append-only HMAC hash chain (collection transfer_log, its own key purpose
 * chain:transfers), the per-person index transfer_subjects, and the idempotency records of the API.
 */
@Injectable()
export class TransferLogRepository {
  private readonly chain: HashChain<TransferBody>;

  constructor(
    @InjectModel(TRANSFER_ENTRY_MODEL) private readonly entries: Model<TransferEntry>,
    @InjectModel(TRANSFER_SUBJECT_MODEL) private readonly subjects: Model<TransferSubjectDoc>,
    @InjectModel(TRANSFER_REQUEST_MODEL) private readonly requests: Model<TransferRequestDoc>,
    @InjectModel(CHAIN_HEAD_MODEL) heads: Model<ChainHead>,
    hashes: KeyedHash,
  ) {
    this.chain = new HashChain(entries, heads, 'transfers', hashes.key('chain:transfers').toString('hex'));
  }

  /** Appends one entry under its key: appending the same key again yields the stored entry. */
  append(body: TransferBody, at: Date, key: string): Promise<TransferEntry> {
    return this.chain.append(body, at, key);
  }

  verify(): Promise<VerifyResult> {
    return this.chain.verify();
  }

  findByKey(key: string): Promise<TransferEntry | null> {
    return this.entries.findOne({ key }).lean<TransferEntry>();
  }

  /** Newest first, filtered by recipient, category and time; paged by seq. */
  async list(opts: { recipientId?: string; category?: string; from?: Date; to?: Date; beforeSeq?: number; limit: number }): Promise<TransferEntry[]> {
    const filter: Record<string, unknown> = {};
    if (opts.recipientId) filter['body.recipientId'] = opts.recipientId;
    if (opts.category) filter['body.categories'] = opts.category;
    if (opts.from || opts.to) filter.at = { ...(opts.from ? { $gte: opts.from } : {}), ...(opts.to ? { $lt: opts.to } : {}) };
    if (opts.beforeSeq) filter.seq = { $lt: opts.beforeSeq };
    return this.entries.find(filter).sort({ seq: -1 }).limit(opts.limit).lean<TransferEntry[]>();
  }

  /** Records the idempotency key; when it exists already, returns the stored record instead. */
  findRequest(id: string): Promise<TransferRequestDoc | null> {
    return this.requests.findById(id).lean<TransferRequestDoc>().exec();
  }

  async claimRequest(doc: TransferRequestDoc): Promise<{ created: boolean; request: TransferRequestDoc }> {
    try {
      await this.requests.create(doc);
      return { created: true, request: doc };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await this.requests.findById(doc._id).lean<TransferRequestDoc>();
      if (!existing) throw err;
      return { created: false, request: existing };
    }
  }

  /** Writes the per-person rows of a transfer; rows there already (a retry) are left alone. */
  async addSubjects(rows: TransferSubjectDoc[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < rows.length; i += SUBJECT_ROWS_PER_WRITE) {
      const inserted = await insertManyIfAbsent(this.subjects.collection, rows.slice(i, i + SUBJECT_ROWS_PER_WRITE));
      added += inserted.filter(Boolean).length;
    }
    return added;
  }

  /** Everything disclosed about these people, oldest first (one indexed read). */
  async forSubjects(subjectIds: string[]): Promise<TransferSubjectDoc[]> {
    if (!subjectIds.length) return [];
    const filter = subjectIds.length === 1 ? { subjectId: subjectIds[0] } : { subjectId: { $in: subjectIds } };
    return this.subjects.find(filter).sort({ at: 1 }).limit(10_000).lean<TransferSubjectDoc[]>();
  }
}
