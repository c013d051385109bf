import { Schema, Types } from 'mongoose';
import type { Recipient } from '../transfers.types';

export const RECIPIENT_MODEL = 'TransferRecipient';
export type RecipientDoc = Omit<Recipient, 'id'> & { _id: Types.ObjectId };

/** Who receives personal data from us: group companies, subcontractors, successors, authorities. No personal data of customers. */
export const RecipientSchema = new Schema<RecipientDoc>(
  {
    name: { type: String, required: true },
    kind: { type: String, required: true, index: true },
    country: { type: String, required: true },
    mechanism: { type: String, required: true },
    purposes: { type: [String], required: true },
    categories: { type: [String], required: true },
    agreementRef: { type: String },
    legalReference: { type: String },
    noticeEmail: { type: String, required: true },
    locale: { type: String, required: true, default: 'en' },
    activeFrom: { type: Date, required: true },
    activeUntil: { type: Date },
    deactivatedAt: { type: Date },
    version: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'transfer_recipients', versionKey: false },
);

export function toRecipient(doc: RecipientDoc): Recipient {
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
