import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export const TESTIMONIAL_MODEL = 'Testimonial';
export const TESTIMONIALS_COLLECTION = 'testimonials';

export const TESTIMONIAL_STATUSES = ['draft', 'consent_requested', 'consented', 'declined', 'published', 'withdrawn', 'removed'] as const;
export type TestimonialStatus = (typeof TESTIMONIAL_STATUSES)[number];

export const DISPLAY_FIELDS = ['name', 'jobTitle', 'company'] as const;
export type DisplayField = (typeof DISPLAY_FIELDS)[number];

export interface Display {
  name: string;
  jobTitle?: string;
  company?: string;
}

/** The live grant a testimonial rests on (a copy of the consent record's decisive fields). */
export interface LiveConsent {
  receiptId: string;
  textSha256: string;
  textVersion: number;
  scope: DisplayField[];
  grantedAt: Date;
  expiresAt: Date;
}

/**
 * A customer's quote and how it is shown. It is published only while `consent` covers the exact current
 * text (its SHA-256) and has not expired; `consentState` says what became of the last consent.
 */
@Schema({ collection: TESTIMONIALS_COLLECTION, versionKey: false, timestamps: true })
export class TestimonialDoc {
  _id: Types.ObjectId;

  /** The customer it belongs to (owner scope of every query) */
  @Prop({ type: String, required: true, index: true })
  accountId: string;

  @Prop({ type: String, required: true, index: true })
  subjectId: string;

  @Prop({ type: String, required: true })
  quote: string;

  /** Incremented by every edit of the text or the requested display */
  @Prop({ type: Number, required: true, default: 1 })
  textVersion: number;

  /** SHA-256 (hex) of the exact text as shown: quote and requested display */
  @Prop({ type: String, required: true })
  textSha256: string;

  @Prop({ type: Object, required: true })
  display: Display;

  /** A material connection to disclose beside the quote (FTC 16 CFR 255.5), e.g. "Received a 20% discount" */
  @Prop({ type: String })
  materialConnection?: string;

  @Prop({ type: String, required: true, enum: TESTIMONIAL_STATUSES, index: true })
  status: TestimonialStatus;

  @Prop({ type: String, enum: ['none', 'granted', 'declined', 'withdrawn', 'expired'], default: 'none' })
  consentState: 'none' | 'granted' | 'declined' | 'withdrawn' | 'expired';

  @Prop({ type: Object })
  consent?: LiveConsent;

  /** keyed hash ('token') of the link in the consent request or reconfirmation email */
  @Prop({ type: String, index: true })
  requestTokenHash?: string;

  @Prop({ type: Date })
  requestExpiresAt?: Date;

  /** keyed hash ('token') of the withdrawal link in the last receipt email */
  @Prop({ type: String, index: true })
  withdrawTokenHash?: string;

  /** When a published quote asks its author again (the reconfirmation queue reads this index) */
  @Prop({ type: Date, index: true })
  reconfirmDueAt?: Date;

  /** When a quote whose author was asked again and did not answer is taken down */
  @Prop({ type: Date, index: true })
  takedownDueAt?: Date;

  @Prop({ type: String, required: true })
  createdBy: string;

  @Prop({ type: Date })
  publishedAt?: Date;

  @Prop({ type: Date })
  endedAt?: Date;

  /** Who ended it (subject id or system:x) and why */
  @Prop({ type: String })
  endedBy?: string;

  @Prop({ type: String })
  endReason?: string;

  @Prop({ type: Number, required: true, default: 0 })
  version: number;

  createdAt?: Date;
  updatedAt?: Date;
}
export const TestimonialSchema = SchemaFactory.createForClass(TestimonialDoc);
// The public feed: published, newest first, ties by _id (the sort it runs).
TestimonialSchema.index({ status: 1, publishedAt: -1, _id: -1 });
