import { Schema, Types } from 'mongoose';

export type NoticeCause = 'erasure' | 'rectification';

/**
 * An Art. 19 notice: a recipient is told that a person's data it received was erased or corrected.
 * One per (cause, subject, recipient) by its unique key; tracked until acknowledged, with reminders.
 * Opaque subject ids only.
 */
export interface RecipientNoticeDoc {
  _id: Types.ObjectId;
  /** `<cause>:<subjectId>[:<change>]:<recipientId>` */
  key: string;
  cause: NoticeCause;
  subjectId: string;
  recipientId: string;
  /** Corrected fields (names only) for a rectification */
  fields?: string[];
  /** The categories and dates of what the recipient received */
  categories: string[];
  firstTransferAt: Date;
  lastTransferAt: Date;
  status: 'open' | 'acknowledged';
  createdAt: Date;
  /** The next reminder is due (open notices only) */
  remindAt?: Date;
  reminders: number;
  acknowledgedAt?: Date;
}

export const RECIPIENT_NOTICE_MODEL = 'RecipientNotice';
export const RecipientNoticeSchema = new Schema<RecipientNoticeDoc>(
  {
    key: { type: String, required: true, unique: true },
    cause: { type: String, required: true },
    subjectId: { type: String, required: true, index: true },
    recipientId: { type: String, required: true, index: true },
    fields: { type: [String], default: undefined },
    categories: { type: [String], required: true },
    firstTransferAt: { type: Date, required: true },
    lastTransferAt: { type: Date, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    remindAt: { type: Date, index: true },
    reminders: { type: Number, required: true, default: 0 },
    acknowledgedAt: { type: Date },
  },
  { collection: 'transfer_recipient_notices', versionKey: false },
);
