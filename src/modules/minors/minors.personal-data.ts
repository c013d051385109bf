import { Injectable } from '@nestjs/common';
import { accountIdsOf, countPerSubject, emailsOf, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { AppConfig } from '../../config/app-config';
import { MinorsRepository } from './minors.repository';
import { AGE_CHECKS_COLLECTION, MINOR_BLOCKS_COLLECTION, MINOR_REPORTS_COLLECTION } from './schemas/minors.schemas';

export const BLOCK_BASIS =
  'keeping a removed child from registering again: the policy’s promise not to collect a child’s data (COPPA §312.10 retention policy; GDPR Art. 6(1)(c), 8)';

/** What the minors module holds: age checks, the re-registration blocklist (keyed hashes only) and reports. */
@Injectable()
@PersonalDataHandler()
export class MinorsPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly repo: MinorsRepository,
    private readonly config: AppConfig,
  ) {}

  describe(): PersonalDataDescription {
    const { blockDays, reportDays } = this.config.minors;
    return {
      module: 'minors',
      collections: [
        {
          collection: AGE_CHECKS_COLLECTION,
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'subjectId', kind: 'subjectId' },
          ],
          fields: [
            {
              field: 'status, decision (signal, rule, threshold, rule source, time)',
              category: 'identity',
              purpose: 'not keeping accounts of children under the age threshold (age screen at first sign-in)',
              legalBasis: 'legal obligation (Art. 6(1)(c)); Art. 8',
              retention: 'until your account is erased',
              source: 'you (age screen, My Profile) or the sign-in provider (age range)',
            },
          ],
        },
        {
          collection: MINOR_BLOCKS_COLLECTION,
          holds: 'pseudonymous',
          fields: [
            {
              field: 'hash (HMAC-SHA256 of an email address or a provider account id), kind, createdAt, expiresAt',
              category: 'identity',
              purpose: 'refusing a removed child’s sign-in again',
              legalBasis: BLOCK_BASIS,
              retention: `${blockDays} days after the removal (MINOR_BLOCK_DAYS), then deleted by a daily job`,
              source: 'system',
            },
          ],
          onErasure: { action: 'kept', basis: BLOCK_BASIS, period: `${blockDays} days (MINOR_BLOCK_DAYS)` },
        },
        {
          collection: MINOR_REPORTS_COLLECTION,
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'accountSubjectId', kind: 'subjectId' },
            { field: 'childEmail', kind: 'email' },
            { field: 'reporterEmail', kind: 'email' },
          ],
          fields: [
            {
              field: 'reporterEmail, details (free text), childEmail',
              category: 'contact',
              purpose: 'reviewing a report that an account belongs to a child, and telling the reporter the outcome',
              legalBasis: 'legal obligation (Art. 6(1)(c)); Art. 8',
              retention: `until decided, then ${reportDays} days (MINOR_REPORT_DAYS); the child’s details go with the child’s account`,
              source: 'the reporter (a parent or guardian) or an agent',
            },
            {
              field: 'status, decision (outcome, reason, agent, time), accountId, accountSubjectId',
              category: 'technical',
              purpose: 'the review queue and proof of each decision',
              legalBasis: 'legal obligation (Art. 6(1)(c)); accountability (Art. 5(2))',
              retention: `${reportDays} days after the decision (MINOR_REPORT_DAYS)`,
              source: 'system, agent',
            },
          ],
        },
      ],
      queries: [
        {
          name: 'minors-resume-removals (cron): removals decided before a time',
          collection: AGE_CHECKS_COLLECTION,
          equals: ['status'],
          range: ['decision.at'],
        },
        { name: 'minors-prune (cron): blocks past their time', collection: MINOR_BLOCKS_COLLECTION, equals: [], range: ['expiresAt'] },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const ids = subject.accountId ? [subject.accountId] : [];
    const [checks, reports] = await Promise.all([this.repo.checksOf(ids), this.repo.reportsNaming(ids, subject.emails)]);
    const data: Record<string, unknown[]> = {};
    if (checks.length) data[AGE_CHECKS_COLLECTION] = checks.map((c) => ({ status: c.status, decision: c.decision ?? null }));
    // A reporter sees their own reports; the person reported sees that a report exists, not who made it.
    const own = new Set(subject.emails);
    if (reports.length)
      data[MINOR_REPORTS_COLLECTION] = reports.map((r) =>
        r.reporterEmail && own.has(r.reporterEmail)
          ? { id: String(r._id), as: 'reporter', status: r.status, details: r.details ?? null, childEmail: r.childEmail ?? null, createdAt: r.createdAt }
          : { id: String(r._id), as: 'reported', status: r.status, createdAt: r.createdAt },
      );
    return { module: 'minors', data };
  }

  /**
   * Deletes the age checks; a report loses what names the erased person: as the child (account, address,
   * the free text about them) or as the reporter (their address and text). The decision stays (until
   * MINOR_REPORT_DAYS). Blocks are keyed hashes only and stay for their period.
   */
  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const ids = accountIdsOf(subjects);
    const emails = emailsOf(subjects);
    const checks = await this.repo.checksOf(ids);
    await this.repo.deleteChecks(ids);
    const reports = await this.repo.reportsNaming(ids, emails);
    const emailSet = new Set(emails);
    const idSet = new Set(ids);
    const asChild = reports.filter((r) => (r.accountId && idSet.has(r.accountId)) || (r.childEmail && emailSet.has(r.childEmail)));
    const asReporter = reports.filter((r) => r.reporterEmail && emailSet.has(r.reporterEmail));
    await this.repo.unsetReportFields(
      asChild.map((r) => r._id),
      ['accountId', 'accountSubjectId', 'childEmail', 'details'],
    );
    await this.repo.unsetReportFields(
      asReporter.map((r) => r._id),
      ['reporterEmail', 'details'],
    );
    return outcomesFrom('minors', subjects.length, [
      {
        collection: AGE_CHECKS_COLLECTION,
        category: 'identity',
        action: 'deleted',
        counts: countPerSubject(
          subjects,
          checks,
          (s) => [s.accountId],
          (c) => [c.accountId],
        ),
      },
      {
        collection: MINOR_REPORTS_COLLECTION,
        category: 'contact',
        action: 'anonymised',
        counts: countPerSubject(
          subjects,
          reports,
          (s) => [s.accountId, ...s.emails],
          (r) => [r.accountId, r.childEmail, r.reporterEmail],
        ),
      },
    ]);
  }
}
