import { Schema } from 'mongoose';
import type { ChainedEntry } from '../../../core/database/hash-chain';

/** Proof that an erasure happened: counts and bases, keyed hashes only, no personal data. */
export interface ReceiptBody {
  run: string;
  reason: string;
  /** keyed hashes (HASH_SECRET) of the person's email addresses and subject id */
  emailHashes: string[];
  /** Keyed hash of the subject id; absent for a person who never had an account */
  subjectHash?: string;
  items: { module: string; collection: string; category: string; action: string; count: number; basis?: string; keptUntil?: string }[];
  erasedAt: string;
}

export const ERASURE_RECEIPT_MODEL = 'ErasureReceipt';
export const ErasureReceiptSchema = new Schema<ChainedEntry<ReceiptBody>>(
  {
    seq: { type: Number, required: true, unique: true },
    key: { type: String, required: true, unique: true },
    at: { type: Date, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'erasure_receipts', versionKey: false },
);
