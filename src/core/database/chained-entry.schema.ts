import { Schema, SchemaDefinition } from 'mongoose';
import type { ChainedEntry } from './hash-chain';

/**
 * The schema of a hash-chained log (HashChain writes and verifies it): a unique `seq`, the time, the
 * body, the previous and own hash. `keyed` adds a unique `key` that every entry carries, so appending
 * twice with one key yields one entry (one receipt per erasure run, one entry per idempotency key).
 */
export function chainedEntrySchema<B>(collection: string, opts: { keyed?: boolean } = {}): Schema<ChainedEntry<B>> {
  const fields: SchemaDefinition = {
    seq: { type: Number, required: true, unique: true },
    ...(opts.keyed ? { key: { type: String, required: true, unique: true } } : {}),
    at: { type: Date, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  };
  return new Schema<ChainedEntry<B>>(fields, { collection, versionKey: false });
}
