import { Schema, Types } from 'mongoose';

/**
 * The per-person index of the transfer log: one row per (transfer, subject), so "who received this
 * person's data" is one indexed lookup. Opaque subject ids only; kept after erasure (Art. 19 notices
 * and accountability), when the id identifies nobody any more.
 */
export interface TransferSubjectDoc {
  _id?: Types.ObjectId;
  transferId: string;
  seq?: number;
  subjectId: string;
  recipientId: string;
  categories: string[];
  purpose: string;
  legalBasis: string;
  at: Date;
}

export const TRANSFER_SUBJECT_MODEL = 'TransferSubject';
export const TransferSubjectSchema = new Schema<TransferSubjectDoc>(
  {
    transferId: { type: String, required: true },
    seq: { type: Number },
    subjectId: { type: String, required: true, index: true },
    recipientId: { type: String, required: true },
    categories: { type: [String], required: true },
    purpose: { type: String, required: true },
    legalBasis: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'transfer_subjects', versionKey: false },
);
TransferSubjectSchema.index({ transferId: 1, subjectId: 1 }, { unique: true });
