import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { RequestChannel, RequestOutcome, RequestStatus, RequestTriage, RequestType, TimelineEntry } from '../requests.types';

export const DATA_REQUEST_MODEL = 'DataRequest';
export const DATA_REQUESTS_COLLECTION = 'data_requests';

/** One data-rights request. Personal: the requester's address and free text, until closed and pruned. */
@Schema({ collection: DATA_REQUESTS_COLLECTION, versionKey: false })
export class DataRequestDoc {
  @Prop({ type: String }) _id!: string;
  @Prop({ type: String, required: true }) type!: RequestType;
  /** Further rights asked for in the same letter (access and erasure in one) */
  @Prop({ type: [String], default: [] }) alsoRequested!: RequestType[];
  @Prop({ type: String, required: true, index: true }) status!: RequestStatus;
  @Prop({ type: String, required: true }) channel!: RequestChannel;
  @Prop({ type: String }) reference?: string;
  /** The requester's address (lower-cased); removed once an erasure request is carried out */
  @Prop({ type: String, index: true }) email?: string;
  /** Keyed hash of the address (KeyedHash.email): kept as proof, used to link duplicates */
  @Prop({ type: String, required: true, index: true }) emailHash!: string;
  @Prop({ type: String, index: true }) accountId?: string;
  @Prop({ type: String }) details?: string;
  @Prop({ type: String, index: true }) childEmail?: string;
  @Prop({ type: String, default: 'en' }) locale!: 'en' | 'nb';
  /** Keyed hash ('token') of the verification token; unset once used */
  @Prop({ type: String, index: true }) tokenHash?: string;
  @Prop({ type: Date }) tokenExpiresAt?: Date;
  @Prop({ type: Number, default: 0 }) verifyAttempts!: number;
  /** An unverified request is purged at this time (index: the expiry job reads only what is due) */
  @Prop({ type: Date, index: true }) expiresAt?: Date;
  @Prop({ type: Date }) verifiedAt?: Date;
  @Prop({ type: Date, index: true }) dueAt?: Date;
  @Prop({ type: Date }) originalDueAt?: Date;
  @Prop({ type: Object }) extension?: { reason: string; at: Date; by: string };
  @Prop({ type: String }) assignee?: string;
  @Prop({ type: String }) duplicateOf?: string;
  @Prop({ type: [Object], default: [] }) timeline!: TimelineEntry[];
  /** Email intake: suggested types and why an agent must look (status needs_triage) */
  @Prop({ type: Object }) triage?: RequestTriage;
  @Prop({ type: Object }) outcome?: RequestOutcome;
  /** Keyed hash ('token') of the access-export link's token */
  @Prop({ type: String, index: true }) accessTokenHash?: string;
  /** Keyed hash ('token') of the requester status page link token */
  @Prop({ type: String, index: true }) statusTokenHash?: string;
  @Prop({ type: Date }) accessExpiresAt?: Date;
  @Prop({ type: Date }) closedAt?: Date;
  /** Closed requests are pruned at this time (proof of compliance kept until then) */
  @Prop({ type: Date, index: true }) pruneAt?: Date;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  @Prop({ type: Number, default: 0 }) version!: number;
}

export const DataRequestSchema = SchemaFactory.createForClass(DataRequestDoc);
DataRequestSchema.index({ status: 1, dueAt: 1 });
export type DataRequest = DataRequestDoc & { timeline: TimelineEntry[] };
