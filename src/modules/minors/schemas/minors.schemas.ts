import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export const AGE_CHECK_MODEL = 'MinorsAgeCheck';
export const AGE_CHECKS_COLLECTION = 'minor_age_checks';
export const MINOR_BLOCK_MODEL = 'MinorsBlock';
export const MINOR_BLOCKS_COLLECTION = 'minor_blocks';
export const MINOR_REPORT_MODEL = 'MinorsReport';
export const MINOR_REPORTS_COLLECTION = 'minor_reports';

export const AGE_CHECK_STATUSES = ['pending', 'passed', 'minor'] as const;
export type AgeCheckStatus = (typeof AGE_CHECK_STATUSES)[number];

/**
 * The age check of an account made by a sign-in: `pending` from the first sign-in until the person
 * answers the age screen, then `passed` or `minor`, with the rule that decided and its source. No date
 * of birth here (that is in the profile); deleted with the account.
 */
@Schema({ collection: AGE_CHECKS_COLLECTION, versionKey: false, timestamps: true })
export class AgeCheckDoc {
  @Prop({ type: String, required: true, unique: true })
  accountId: string;

  @Prop({ type: String, required: true, index: true })
  subjectId: string;

  @Prop({ type: String, required: true, enum: AGE_CHECK_STATUSES })
  status: AgeCheckStatus;

  /** What decided: the signal, rule, threshold and the rule's source (no age, no date) */
  @Prop({ type: Object })
  decision?: { signal: string; rule: string; ruleSource: string; threshold: number; at: Date };
}
export const AgeCheckSchema = SchemaFactory.createForClass(AgeCheckDoc);
// removals whose erasure has not happened yet (the check goes with the account): minors-resume-removals
AgeCheckSchema.index({ status: 1, 'decision.at': 1 });

/** A keyed hash that keeps a removed child from registering again, until `expiresAt` (MINOR_BLOCK_DAYS). */
@Schema({ collection: MINOR_BLOCKS_COLLECTION, versionKey: false })
export class MinorBlockDoc {
  /** HMAC-SHA256 (purpose `minors:email` or `minors:provider-subject`), hex */
  @Prop({ type: String, required: true, unique: true })
  hash: string;

  @Prop({ type: String, required: true, enum: ['email', 'provider-subject'] })
  kind: 'email' | 'provider-subject';

  @Prop({ type: Date, required: true })
  createdAt: Date;

  @Prop({ type: Date, required: true, index: true })
  expiresAt: Date;
}
export const MinorBlockSchema = SchemaFactory.createForClass(MinorBlockDoc);

export const REPORT_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A report that an account belongs to a child: from the requests desk (a parent or guardian) or from an agent. */
@Schema({ collection: MINOR_REPORTS_COLLECTION, versionKey: false, timestamps: true })
export class MinorReportDoc {
  _id: Types.ObjectId;

  @Prop({ type: String, required: true, enum: ['request', 'agent'] })
  source: 'request' | 'agent';

  /** `request:<requestId>` or `agent:<random>`: unique, so a repeated desk event adds nothing */
  @Prop({ type: String, required: true, unique: true })
  key: string;

  /** The desk's request (source `request`) */
  @Prop({ type: String })
  requestId?: string;

  /** The reporter's verified address (desk reports) */
  @Prop({ type: String, index: true })
  reporterEmail?: string;

  /** The address the reporter or agent names for the child's account */
  @Prop({ type: String, index: true })
  childEmail?: string;

  /** Free text from the reporter or agent */
  @Prop({ type: String })
  details?: string;

  /** The agent who entered it (subject id) */
  @Prop({ type: String })
  enteredBy?: string;

  /** The account the report names (a verified address or a subject id), when one was found */
  @Prop({ type: String, index: true })
  accountId?: string;

  @Prop({ type: String, index: true })
  accountSubjectId?: string;

  /** The report itself suspended the account (dismissing it restores the account) */
  @Prop({ type: Boolean, default: false })
  suspendedByReport: boolean;

  @Prop({ type: String, required: true, enum: REPORT_STATUSES, index: true })
  status: ReportStatus;

  @Prop({ type: Object })
  decision?: { outcome: 'confirmed' | 'dismissed'; reason: string; by: string; at: Date };

  /** Decided reports are deleted after MINOR_REPORT_DAYS */
  @Prop({ type: Date, index: true })
  pruneAt?: Date;

  @Prop({ type: Number, required: true, default: 0 })
  version: number;

  createdAt: Date;
  updatedAt: Date;
}
export const MinorReportSchema = SchemaFactory.createForClass(MinorReportDoc);
