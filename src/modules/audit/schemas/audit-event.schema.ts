import { chainedEntrySchema } from '../../../core/database/chained-entry.schema';

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
export const AuditEventSchema = chainedEntrySchema<AuditBody>('audit_events');
