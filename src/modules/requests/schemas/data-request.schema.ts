import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { RequestChannel, RequestOutcome, RequestStatus, RequestType, TimelineEntry } from '../requests.types';

export const DATA_REQUEST_MODEL = 'DataRequest';
export const DATA_REQUESTS_COLLECTION = 'data_requests';

/** One data-rights request. Personal: the requester's address and free text, until closed and pruned. */
@Schema({ collection: DATA_REQUESTS_COLLECTION, versionKey: false })
export class DataRequestDoc {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) type!: RequestType;
  /** Further rights asked for in the same letter (access and erasure in one) */
  @Prop({ type: [String], default: [] }) alsoRequested!: RequestType[];
  @Prop({ required: true, index: true }) status!: RequestStatus;
  @Prop({ required: true }) channel!: RequestChannel;
  @Prop() reference?: string;
  /** The requester's address (lower-cased); removed once an erasure request is carried out */
  @Prop({ index: true }) email?: string;
  /** Keyed hash of the address (KeyedHash.email): kept as proof, used to link duplicates */
  @Prop({ required: true, index: true }) emailHash!: string;
  @Prop({ index: true }) accountId?: string;
  @Prop() details?: string;
  @Prop() childEmail?: string;
  @Prop({ default: 'en' }) locale!: 'en' | 'nb';
  /** Keyed hash ('token') of the verification token; unset once used */
  @Prop({ index: true }) tokenHash?: string;
  @Prop() tokenExpiresAt?: Date;
  @Prop({ default: 0 }) verifyAttempts!: number;
  /** An unverified request is purged at this time (index: the expiry job reads only what is due) */
  @Prop({ index: true }) expiresAt?: Date;
  @Prop() verifiedAt?: Date;
  @Prop({ index: true }) dueAt?: Date;
  @Prop() originalDueAt?: Date;
  @Prop({ type: Object }) extension?: { reason: string; at: Date; by: string };
  @Prop() assignee?: string;
  @Prop() duplicateOf?: string;
  @Prop({ type: [Object], default: [] }) timeline!: TimelineEntry[];
  @Prop({ type: Object }) outcome?: RequestOutcome;
  /** Keyed hash ('token') of the access-export link's token */
  @Prop({ index: true }) accessTokenHash?: string;
  /** Keyed hash ('token') of the requester status page link token */
  @Prop({ index: true }) statusTokenHash?: string;
  @Prop() accessExpiresAt?: Date;
  @Prop() closedAt?: Date;
  /** Closed requests are pruned at this time (proof of compliance kept until then) */
  @Prop({ index: true }) pruneAt?: Date;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ default: 0 }) version!: number;
}

export const DataRequestSchema = SchemaFactory.createForClass(DataRequestDoc);
DataRequestSchema.index({ status: 1, dueAt: 1 });
export type DataRequest = DataRequestDoc & { timeline: TimelineEntry[] };
