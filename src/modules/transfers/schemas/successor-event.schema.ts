import { Schema, Types } from 'mongoose';

export type SuccessorEventStatus = 'announcing' | 'announced' | 'transferred';

/**
 * A merger, acquisition or asset sale: the successor (a recipient of kind successor), the date the
 * data moves and its categories. The fan-out's progress (`cursor`: the last account id emailed) is
 * recorded after each page, so a restarted worker resumes where it stopped.
 */
export interface SuccessorEventDoc {
  _id: Types.ObjectId;
  recipientId: string;
  effectiveAt: Date;
  categories: string[];
  createdBy: string;
  createdAt: Date;
  status: SuccessorEventStatus;
  cursor?: string;
  notified: number;
  announcedAt?: Date;
  transferredAt?: Date;
  transferId?: string;
  transferredCount?: number;
}

export const SUCCESSOR_EVENT_MODEL = 'SuccessorEvent';
export const SuccessorEventSchema = new Schema<SuccessorEventDoc>(
  {
    recipientId: { type: String, required: true },
    effectiveAt: { type: Date, required: true },
    categories: { type: [String], required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    status: { type: String, required: true, index: true },
    cursor: { type: String },
    notified: { type: Number, required: true, default: 0 },
    announcedAt: { type: Date },
    transferredAt: { type: Date },
    transferId: { type: String },
    transferredCount: { type: Number },
  },
  { collection: 'transfer_successor_events', versionKey: false },
);

/** That one account was told of one successor event (unique per pair: a rerun never tells twice); the banner shows until acknowledged. */
export interface SuccessorNoticeDoc {
  _id?: Types.ObjectId;
  eventId: string;
  subjectId: string;
  notifiedAt: Date;
  acknowledgedAt?: Date;
}

export const SUCCESSOR_NOTICE_MODEL = 'SuccessorNotice';
export const SuccessorNoticeSchema = new Schema<SuccessorNoticeDoc>(
  {
    eventId: { type: String, required: true },
    subjectId: { type: String, required: true, index: true },
    notifiedAt: { type: Date, required: true },
    acknowledgedAt: { type: Date },
  },
  { collection: 'transfer_successor_notices', versionKey: false },
);
SuccessorNoticeSchema.index({ eventId: 1, subjectId: 1 }, { unique: true });
