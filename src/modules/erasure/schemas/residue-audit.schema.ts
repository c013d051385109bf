import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A keyed hash (purpose `erasure:residue-audit`) of one identifier of a person whose erasure was verified,
 * kept until a full residue audit that started after it was added has finished: the audit looks for
 * these in every document. No plaintext identifier is kept for it.
 */
@Schema({ collection: 'residue_audit_hashes', versionKey: false })
export class ResidueAuditHashDoc {
  /** HMAC-SHA256 of the normalised identifier, hex */
  @Prop({ type: String, required: true })
  _id: string;

  /** accountId, subjectId, email, providerSubject or phone */
  @Prop({ type: String, required: true })
  kind: string;

  @Prop({ type: Date, required: true, index: true })
  addedAt: Date;
}

export const ResidueAuditHashSchema = SchemaFactory.createForClass(ResidueAuditHashDoc);

/** One hit of the full audit: where an erased person's identifier was found (no value, only the place). */
export interface ResidueAuditHit {
  collection: string;
  field: string;
  documentId: string;
}

/** The progress of one full residue audit: where it is (collection, last `_id`), so it resumes there. */
@Schema({ collection: 'residue_audits', versionKey: false })
export class ResidueAuditDoc {
  /** audit_<start time> */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, index: true })
  status: 'running' | 'done';

  @Prop({ type: Date, required: true })
  startedAt: Date;

  @Prop({ type: Date, required: true })
  heartbeatAt: Date;

  @Prop({ type: Date })
  finishedAt?: Date;

  /** The collections to read, in order; `position` is the one being read */
  @Prop({ type: [String], required: true })
  collections: string[];

  @Prop({ type: Number, required: true })
  position: number;

  /** The last `_id` read in the current collection (absent: from the start) */
  @Prop({ type: Object })
  lastId?: unknown;

  @Prop({ type: Number, required: true })
  scanned: number;

  @Prop({ type: Number, required: true })
  hashes: number;

  @Prop({ type: [Object], required: true })
  hits: ResidueAuditHit[];
}

export const ResidueAuditSchema = SchemaFactory.createForClass(ResidueAuditDoc);
