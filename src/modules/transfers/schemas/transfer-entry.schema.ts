import { chainedEntrySchema } from '../../../core/database/chained-entry.schema';

/**
 * What a transfer-log entry says: opaque subject ids only, never a name or an address, so erasing a
 * person leaves the chain intact and anonymous (the id-to-person mapping dies with the account).
 */
export interface TransferBody {
  type: 'disclosure' | 'successor';
  recipientId: string;
  /** A disclosure: the subjects whose data went (one or a batch) */
  subjectIds?: string[];
  subjectCount: number;
  /** A successor's bulk transfer: SHA-256 over the subject ids in account order, and its event */
  subjectsDigest?: string;
  successorEventId?: string;
  categories: string[];
  purpose: string;
  legalBasis: string;
  /** For an authority: the law that required it */
  legalReference?: string;
  /** `system:<api key's system>`, `admin:<subject id>`, or `system:<job>` */
  initiatedBy: string;
}

export const TRANSFER_ENTRY_MODEL = 'TransferEntry';
export const TransferEntrySchema = chainedEntrySchema<TransferBody>('transfer_log', { keyed: true });
TransferEntrySchema.index({ 'body.recipientId': 1, at: -1 });
TransferEntrySchema.index({ at: -1 });
