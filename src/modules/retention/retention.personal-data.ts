import { Injectable } from '@nestjs/common';
import { accountIdsOf, countPerSubject, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { RetentionRepository } from './retention.repository';

/** The purge schedule and legal holds. */
@Injectable()
@PersonalDataHandler()
export class RetentionPersonalData implements PersonalDataHandlerContract {
  constructor(private readonly repo: RetentionRepository) {}

  describe(): PersonalDataDescription {
    return {
      module: 'retention',
      // After the account: an erasure that never finishes keeps its schedule entry, so the next scan finds it again.
      phase: 'finalize',
      after: ['accounts'],
      collections: [
        {
          collection: 'purge_schedule',
          identifiedBy: [
            { field: '_id', kind: 'accountId' },
            { field: 'subjectId', kind: 'subjectId' },
          ],
          fields: [
            {
              field: 'subjectId, dueAt, remindAt',
              category: 'technical',
              purpose: 'erasing your data on time after you close your account',
              legalBasis: 'legal obligation (Art. 17)',
              retention: 'until the purge or its cancellation',
              source: 'system',
            },
          ],
        },
        {
          collection: 'legal_holds',
          identifiedBy: [{ field: 'subjectId', kind: 'subjectId' }],
          fields: [
            {
              field: 'subjectId, reason, until',
              category: 'technical',
              purpose: 'keeping data a court or authority requires us to keep',
              legalBasis: 'legal obligation (Art. 17(3)(b),(e))',
              retention: 'until the hold is lifted; deleted with the account',
              source: 'our staff',
            },
          ],
        },
      ],
      queries: [
        { name: 'retention scan (cron, hourly): entries whose reminder or purge is due', collection: 'purge_schedule', equals: [], range: ['remindAt'] },
        { name: 'retention scan and purge: legal holds of the due', collection: 'legal_holds', equals: ['subjectId'] },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const data: Record<string, unknown[]> = {};
    if (subject.accountId) {
      const s = await this.repo.findScheduled(subject.accountId);
      if (s) data.purge_schedule = [{ dueAt: s.dueAt }];
    }
    if (subject.subjectId) {
      const holds = await this.repo.holdsOf(subject.subjectId);
      if (holds.length) data.legal_holds = holds.map((h) => ({ reason: h.reason, until: h.until, createdAt: h.createdAt, liftedAt: h.liftedAt }));
    }
    return { module: 'retention', data };
  }

  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const schedule = await this.repo.takeScheduled(accountIdsOf(subjects));
    const holds = await this.repo.takeHoldsOf([...new Set(subjects.flatMap((s) => (s.subjectId ? [s.subjectId] : [])))]);
    return outcomesFrom('retention', subjects.length, [
      {
        collection: 'purge_schedule',
        category: 'technical',
        action: 'deleted',
        counts: countPerSubject(
          subjects,
          schedule,
          (s) => [s.accountId],
          (a) => [a],
        ),
      },
      {
        collection: 'legal_holds',
        category: 'technical',
        action: 'deleted',
        counts: countPerSubject(
          subjects,
          holds,
          (s) => [s.subjectId],
          (a) => [a],
        ),
      },
    ]);
  }
}
