import { Injectable } from '@nestjs/common';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { RecipientNoticesService } from './recipient-notices.service';
import { SuccessorEventsService } from './successor-events.service';
import { TransfersService } from './transfers.service';

const KEPT_BASIS = 'GDPR Art. 19 (recipients are told of the erasure) and accountability (Art. 5(2), 30(1)(d))';
const NONE = (what: string) => ({ field: what, category: 'technical' as const, purpose: 'operations', legalBasis: '-', retention: '-', source: 'system' });

/**
 * The transfer log and its per-person index name people only by opaque subject id: erasure leaves
 * them as they are (the chain stays intact; the id identifies nobody once the account is gone), so
 * the recipients can still be told (Art. 19). The person's successor notices go with the person.
 */
@Injectable()
@PersonalDataHandler()
export class TransfersPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly transfers: TransfersService,
    private readonly notices: RecipientNoticesService,
    private readonly successors: SuccessorEventsService,
  ) {}

  describe(): PersonalDataDescription {
    return {
      module: 'transfers',
      collections: [
        {
          collection: 'transfer_log',
          holds: 'pseudonymous',
          identifiedBy: [{ field: 'body.subjectIds', kind: 'subjectId' }],
          fields: [
            {
              field: 'recipient, subject ids, categories, purpose, legal basis, time, initiator (hash-chained)',
              category: 'technical',
              purpose: 'record of every disclosure to group companies, subcontractors, successors and authorities (GDPR Art. 15(1)(c), 19, 30)',
              legalBasis: 'legal obligation (Art. 6(1)(c)); accountability (Art. 5(2))',
              retention: 'append-only; anonymous once the account is erased (the id-to-person mapping dies with it)',
              source: 'internal systems (API key), admins, successor events',
            },
          ],
          onErasure: { action: 'kept', basis: KEPT_BASIS, period: 'as long as the log' },
        },
        {
          collection: 'transfer_subjects',
          holds: 'pseudonymous',
          identifiedBy: [{ field: 'subjectId', kind: 'subjectId' }],
          fields: [
            {
              field: 'subject id, recipient, categories, purpose, legal basis, time (index of the log per person)',
              category: 'technical',
              purpose: 'tell a person who received their data (Art. 15(1)(c)); tell each recipient of a correction or erasure (Art. 19)',
              legalBasis: 'legal obligation (Art. 6(1)(c))',
              retention: 'as the transfer log; anonymous once the account is erased',
              source: 'system',
            },
          ],
          onErasure: { action: 'kept', basis: KEPT_BASIS, period: 'as long as the log' },
        },
        {
          collection: 'transfer_recipient_notices',
          holds: 'pseudonymous',
          identifiedBy: [{ field: 'subjectId', kind: 'subjectId' }],
          fields: [
            {
              field: 'subject id, recipient, cause (erasure or correction), corrected field names, sent, reminders, acknowledged',
              category: 'technical',
              purpose: 'proof that each recipient was told of a correction or erasure (Art. 19), and reminders until acknowledged',
              legalBasis: 'legal obligation (Art. 6(1)(c))',
              retention: 'kept as proof; anonymous once the account is erased',
              source: 'system',
            },
          ],
          onErasure: { action: 'kept', basis: KEPT_BASIS, period: 'as long as the log' },
        },
        {
          collection: 'transfer_successor_notices',
          holds: 'pseudonymous',
          identifiedBy: [{ field: 'subjectId', kind: 'subjectId' }],
          fields: [
            {
              field: 'subject id, successor event, when told, when acknowledged',
              category: 'technical',
              purpose: 'tell every account of a merger or acquisition once, and show the banner until acknowledged',
              legalBasis: 'legitimate interest (Art. 6(1)(f)); transparency (Art. 13(3), 14(4))',
              retention: 'deleted with the account',
              source: 'system',
            },
          ],
        },
        {
          collection: 'transfer_recipients',
          holds: 'none',
          reason: 'the recipients registry: companies and authorities, their contact address for notices',
          fields: [NONE('recipient')],
        },
        {
          collection: 'transfer_requests',
          holds: 'none',
          reason: 'idempotency keys of internal systems and request hashes',
          fields: [NONE('idempotency key')],
        },
        {
          collection: 'transfer_successor_events',
          holds: 'none',
          reason: 'successor events: recipient, date, categories, fan-out progress',
          fields: [NONE('event')],
          residueExempt: { reason: 'the fan-out cursor is a position in the account list (an account id), not data about that account' },
        },
        { collection: 'api_keys', holds: 'none', reason: 'keyed hashes of internal systems’ API keys', fields: [NONE('api key')] },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    if (!subject.subjectId) return { module: 'transfers', data: {} };
    const [recipients, told, successorNotices] = await Promise.all([
      this.transfers.receivedBy(subject.subjectId),
      this.notices.toldAbout(subject.subjectId),
      this.successors.noticesOf(subject.subjectId),
    ]);
    return {
      module: 'transfers',
      data: {
        ...(recipients.length ? { recipients } : {}),
        ...(told.length ? { recipients_told: told } : {}),
        ...(successorNotices.length ? { successor_notices: successorNotices } : {}),
      },
    };
  }

  /** The log, its index and the Art. 19 notices stay (opaque ids; kept under Art. 19); the successor notices go. */
  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const ids = subjects.flatMap((s) => (s.subjectId ? [s.subjectId] : []));
    const deleted = await this.successors.deleteNoticesOf(ids);
    const rows = await this.transfers.forSubjects(ids);
    const kept = new Map<string, number>();
    for (const r of rows) kept.set(r.subjectId, (kept.get(r.subjectId) ?? 0) + 1);
    return subjects.map((s) => {
      const items: ErasureOutcome['items'] = [];
      const d = s.subjectId ? (deleted.get(s.subjectId) ?? 0) : 0;
      const k = s.subjectId ? (kept.get(s.subjectId) ?? 0) : 0;
      if (d) items.push({ collection: 'transfer_successor_notices', category: 'technical', action: 'deleted', count: d });
      if (k) items.push({ collection: 'transfer_subjects', category: 'technical', action: 'kept', count: k, basis: KEPT_BASIS });
      return { module: 'transfers', items };
    });
  }
}
