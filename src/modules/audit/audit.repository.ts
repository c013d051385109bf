import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { CHAIN_HEAD_MODEL } from '../../core/database/chain-head.schema';
import { ChainedEntry, ChainHead, HashChain, VerifyResult } from '../../core/database/hash-chain';
import { AUDIT_EVENT_MODEL, AuditBody } from './schemas/audit-event.schema';
import { KeyedHash } from '../../core/crypto/keyed-hash';

@Injectable()
export class AuditRepository {
  private readonly chain: HashChain<AuditBody>;

  constructor(
    @InjectModel(AUDIT_EVENT_MODEL) private readonly model: Model<ChainedEntry<AuditBody>>,
    @InjectModel(CHAIN_HEAD_MODEL) heads: Model<ChainHead>,
    hashes: KeyedHash,
  ) {
    // Each chain's MAC has its own key (KeyedHash purpose chain:audit), derived from HASH_SECRET.
    this.chain = new HashChain(model, heads, 'audit', hashes.key('chain:audit').toString('hex'));
  }

  append(body: AuditBody, at: Date): Promise<ChainedEntry<AuditBody>> {
    return this.chain.append(body, at);
  }

  appendMany(bodies: AuditBody[], at: Date): Promise<ChainedEntry<AuditBody>[]> {
    return this.chain.appendMany(
      bodies.map((body) => ({ body })),
      at,
    );
  }

  verify(): Promise<VerifyResult> {
    return this.chain.verify();
  }

  /** Newest first, paged by _id. */
  async list(opts: { before?: string; limit: number; target?: string }): Promise<(ChainedEntry<AuditBody> & { id: string })[]> {
    const filter: Record<string, unknown> = {};
    if (opts.before && Types.ObjectId.isValid(opts.before)) filter._id = { $lt: new Types.ObjectId(opts.before) };
    if (opts.target) filter['body.target'] = opts.target;
    const docs = await this.model.find(filter).sort({ _id: -1 }).limit(opts.limit).lean();
    return docs.map(({ _id, ...d }) => ({ id: String(_id), ...d }) as ChainedEntry<AuditBody> & { id: string });
  }
}
