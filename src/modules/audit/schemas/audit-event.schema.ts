import { Schema } from 'mongoose';
import { ChainedEntry } from '../../../core/database/hash-chain';

export type AuditOutcome = 'success' | 'denied' | 'failed';

/** What an audit entry says. Actor and target are subject ids or resource ids, never personal data. */
export interface AuditBody {
  actor: string;
  action: string;
  target?: string;
  outcome: AuditOutcome;
  details?: Record<string, string | number | boolean>;
}

export const AUDIT_EVENT_MODEL = 'AuditEvent';
export const AuditEventSchema = new Schema<ChainedEntry<AuditBody>>(
  {
    seq: { type: Number, required: true, unique: true },
    at: { type: Date, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_events', versionKey: false },
);
