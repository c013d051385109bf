import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const CONSENT_RECORD_MODEL = 'TestimonialConsentRecord';
export const CONSENT_RECORDS_COLLECTION = 'testimonial_consent_records';

export const CONSENT_EVENTS = ['granted', 'declined', 'withdrawn', 'expired'] as const;
export type ConsentEvent = (typeof CONSENT_EVENTS)[number];

export const CONSENT_METHODS = ['link', 'my_profile', 'agent_recorded_call', 'system'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/**
 * One consent event (ISO/IEC TS 27560 record; Kantara Consent Receipt v1.1 fields): append-only, a grant,
 * a decline, a withdrawal and an expiry are each a new record. Erasure strips the person and the text and
 * keeps the proof: receipt id, event, text hash and times.
 */
@Schema({ collection: CONSENT_RECORDS_COLLECTION, versionKey: false })
export class ConsentRecordDoc {
  /** consentReceiptID (UUID v4) */
  @Prop({ type: String, required: true, unique: true })
  receiptId: string;

  @Prop({ type: String, required: true, index: true })
  testimonialId: string;

  /** piiPrincipal: the account (removed on erasure) */
  @Prop({ type: String, index: true })
  accountId?: string;

  @Prop({ type: String, index: true })
  subjectId?: string;

  @Prop({ type: String, required: true, enum: CONSENT_EVENTS })
  event: ConsentEvent;

  /** consentTimestamp */
  @Prop({ type: Date, required: true })
  at: Date;

  /** collectionMethod */
  @Prop({ type: String, required: true, enum: CONSENT_METHODS })
  method: ConsentMethod;

  /** SHA-256 of the exact text consented to, and its version */
  @Prop({ type: String, required: true })
  textSha256: string;

  @Prop({ type: Number, required: true })
  textVersion: number;

  /** The exact text and display at the time (removed on erasure) */
  @Prop({ type: String })
  quote?: string;

  @Prop({ type: Object })
  display?: Record<string, string>;

  /** The display fields the person allowed */
  @Prop({ type: [String], default: [] })
  scope: string[];

  @Prop({ type: String, required: true })
  policyVersion: string;

  /** Who collected it: the agent's subject id (recorded call), or system:x (link, My Profile) */
  @Prop({ type: String })
  collector?: string;

  /** A reference to the recorded call (agent_recorded_call) */
  @Prop({ type: String })
  callReference?: string;

  @Prop({ type: Date })
  expiresAt?: Date;

  /** The grant this withdrawal or expiry ends */
  @Prop({ type: String })
  endsReceiptId?: string;

  /** Set when the person was erased and only the proof is kept */
  @Prop({ type: Date })
  erasedAt?: Date;
}
export const ConsentRecordSchema = SchemaFactory.createForClass(ConsentRecordDoc);
