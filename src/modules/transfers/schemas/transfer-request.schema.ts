import { Schema } from 'mongoose';

/**
 * An internal system's call to record a transfer, by its idempotency key (`<system>:<key>`, the _id):
 * the same key again records nothing new; the same key with another body is refused.
 */
export interface TransferRequestDoc {
  _id: string;
  /** SHA-256 of the canonical request body */
  bodyHash: string;
  transferId: string;
  createdAt: Date;
}

export const TRANSFER_REQUEST_MODEL = 'TransferRequest';
export const TransferRequestSchema = new Schema<TransferRequestDoc>(
  {
    _id: { type: String, required: true },
    bodyHash: { type: String, required: true },
    transferId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'transfer_requests', versionKey: false },
);
