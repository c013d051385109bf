import { Schema } from 'mongoose';
import { ChainHead } from './hash-chain';

/** One document per hash chain (audit, transfers, erasure receipts): a hint to its latest entry. */
export const CHAIN_HEAD_MODEL = 'ChainHead';
export const ChainHeadSchema = new Schema<ChainHead>({ _id: String, seq: Number, hash: String }, { collection: 'chain_heads', versionKey: false });
