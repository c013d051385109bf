import { Injectable } from '@nestjs/common';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { AuditRepository } from './audit.repository';

const EXPORT_LIMIT = 1000;

/**
 * The audit trail names people only by their opaque subject id. Erasure leaves it as it is (it is
 * hash-chained and append-only): once the account is gone, nothing maps the id back to the person.
 */
@Injectable()
@PersonalDataHandler()
export class AuditPersonalData implements PersonalDataHandlerContract {
  constructor(private readonly repo: AuditRepository) {}

  describe(): PersonalDataDescription {
    return {
      module: 'audit',
      collections: [
        {
          collection: 'audit_events',
          holds: 'pseudonymous',
          identifiedBy: [{ field: 'body.target', kind: 'subjectId' }],
          fields: [
            {
              field: 'actor, action, target (opaque subject ids), outcome, time',
              category: 'technical',
              purpose: 'accountability for what staff and the system did to accounts (GDPR Art. 5(2), 30)',
              legalBasis: 'legal obligation (Art. 6(1)(c)); legitimate interest in security (Art. 6(1)(f))',
              retention: 'kept append-only; anonymous once the account is erased (the id-to-person mapping dies with it)',
              source: 'system',
            },
          ],
        },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    if (!subject.subjectId) return { module: 'audit', data: {} };
    const entries = await this.repo.list({ target: subject.subjectId, limit: EXPORT_LIMIT });
    return {
      module: 'audit',
      data: entries.length ? { audit_events: entries.map((e) => ({ action: e.body.action, outcome: e.body.outcome, at: e.at })) } : {},
    };
  }

  /** Nothing to erase: the entries hold only the subject id, which identifies nobody once the account is gone. */
  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    return subjects.map(() => ({ module: 'audit', items: [] }));
  }
}
