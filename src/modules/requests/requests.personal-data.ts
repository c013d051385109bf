import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { accountIdsOf, countPerSubject, emailsOf, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { RequestsRepository } from './requests.repository';
import { DATA_REQUESTS_COLLECTION } from './schemas/data-request.schema';

const PROOF = 'proof that we answered a data-rights request (legal obligation, Art. 5(2) and 6(1)(c) GDPR)';

/** Data-rights requests: the requester's address and what they wrote, until closed and pruned. */
@Injectable()
@PersonalDataHandler()
export class RequestsPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly config: AppConfig,
  ) {}

  describe(): PersonalDataDescription {
    const years = `${this.config.requests.retentionYears} years after the request is closed; an unverified request is deleted after ${this.config.requests.verifyHours} hours`;
    return {
      module: 'requests',
      collections: [
        {
          collection: DATA_REQUESTS_COLLECTION,
          holds: 'personal',
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'email', kind: 'email' },
            { field: 'childEmail', kind: 'email' },
          ],
          fields: [
            {
              field: 'email, details, childEmail, reference, timeline',
              category: 'contact',
              purpose: 'handling your data-rights request',
              legalBasis: 'legal obligation (Art. 6(1)(c), Art. 12–22 GDPR)',
              retention: years,
              source: 'you (the request form, My Profile) or our support agent from your email, chat or call',
            },
            {
              field: 'type, status, dates, outcome, emailHash (keyed hash)',
              category: 'technical',
              purpose: PROOF,
              legalBasis: 'legal obligation (Art. 6(1)(c))',
              retention: years,
              source: 'the requests desk',
            },
          ],
          onErasure: { action: 'anonymised', basis: PROOF, period: years },
        },
      ],
      queries: [
        { name: 'requests expire (cron): unverified requests past expiresAt', collection: DATA_REQUESTS_COLLECTION, equals: [], range: ['expiresAt'] },
        { name: 'requests prune (cron): closed requests past pruneAt', collection: DATA_REQUESTS_COLLECTION, equals: [], range: ['pruneAt'] },
        { name: 'requests digest (cron): open requests by due date', collection: DATA_REQUESTS_COLLECTION, equals: ['status'], range: ['dueAt'] },
        { name: 'verification link: a request by token hash', collection: DATA_REQUESTS_COLLECTION, equals: ['tokenHash'] },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const rows = await this.repo.findFor(accountIdsOf([subject]), emailsOf([subject]));
    return {
      module: 'requests',
      data: rows.length
        ? {
            [DATA_REQUESTS_COLLECTION]: rows.map((r) => ({
              id: r._id,
              type: r.type,
              status: r.status,
              channel: r.channel,
              email: r.email,
              details: r.details,
              createdAt: r.createdAt,
              verifiedAt: r.verifiedAt,
              dueAt: r.dueAt,
              extension: r.extension ? { reason: r.extension.reason, at: r.extension.at } : undefined,
              outcome: r.outcome ? { kind: r.outcome.kind, summary: r.outcome.summary } : undefined,
            })),
          }
        : {},
    };
  }

  /** Requests of erased people keep only their proof: type, dates, outcome and the keyed hash of the address. */
  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const rows = await this.repo.findFor(accountIdsOf(subjects), emailsOf(subjects));
    await this.repo.reduceToProof(rows.map((r) => r._id));
    // A report about this person as a child (someone else's request) loses only the child's address.
    await this.repo.dropChildEmail(emailsOf(subjects));
    return outcomesFrom('requests', subjects.length, [
      {
        collection: DATA_REQUESTS_COLLECTION,
        category: 'contact',
        action: 'anonymised',
        counts: countPerSubject(
          subjects,
          rows,
          (s) => [s.accountId, ...s.emails.map((e) => e.toLowerCase())],
          (r) => [r.accountId, r.email],
        ),
        basis: PROOF,
      },
    ]);
  }
}
