import { chainedEntrySchema } from '../../../core/database/chained-entry.schema';

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
export const ErasureReceiptSchema = chainedEntrySchema<ReceiptBody>('erasure_receipts', { keyed: true });
