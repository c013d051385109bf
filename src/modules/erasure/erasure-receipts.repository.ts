import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CHAIN_HEAD_MODEL } from '../../core/database/chain-head.schema';
import { ChainedEntry, ChainHead, HashChain, VerifyResult } from '../../core/database/hash-chain';
import { ERASURE_RECEIPT_MODEL, ReceiptBody } from './schemas/erasure-receipt.schema';
import { KeyedHash } from '../../core/crypto/keyed-hash';

/** The hash-chained erasure receipts (HMAC with HASH_SECRET): one per run, enforced by its key. */
@Injectable()
export class ErasureReceiptsRepository {
  private readonly chain: HashChain<ReceiptBody>;

  constructor(
    @InjectModel(ERASURE_RECEIPT_MODEL) private readonly model: Model<ChainedEntry<ReceiptBody>>,
    @InjectModel(CHAIN_HEAD_MODEL) heads: Model<ChainHead>,
    hashes: KeyedHash,
  ) {
    // Each chain's MAC has its own key (KeyedHash purpose chain:erasure-receipts), derived from HASH_SECRET.
    this.chain = new HashChain(model, heads, 'erasure-receipts', hashes.key('chain:erasure-receipts').toString('hex'));
  }

  append(body: ReceiptBody, at: Date): Promise<ChainedEntry<ReceiptBody>> {
    return this.chain.append(body, at, body.run);
  }

  /** One receipt per run (keyed by run), many in one write. */
  appendMany(bodies: ReceiptBody[], at: Date): Promise<ChainedEntry<ReceiptBody>[]> {
    return this.chain.appendMany(
      bodies.map((body) => ({ body, key: body.run })),
      at,
    );
  }

  verify(): Promise<VerifyResult> {
    return this.chain.verify();
  }

  findByRun(run: string): Promise<ChainedEntry<ReceiptBody> | null> {
    return this.model.findOne({ key: run }).lean();
  }

  count(): Promise<number> {
    return this.model.countDocuments();
  }
}
