import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { accountIdsOf, countPerSubject, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { AppConfig } from '../../config/app-config';
import { toConsentReceipt } from './consent-receipt';
import { ConsentRecordsRepository } from './consent-records.repository';
import { CONSENT_RECORDS_COLLECTION } from './schemas/consent-record.schema';
import { TESTIMONIALS_COLLECTION } from './schemas/testimonial.schema';
import { TestimonialsRepository } from './testimonials.repository';

export const CONSENT_PROOF_BASIS =
  'proof of consent: the controller must be able to demonstrate that consent was given and when it ended (GDPR Art. 7(1), 5(2); legal claims Art. 17(3)(e))';
const PROOF_PERIOD = 'for as long as claims about the publication can be made (kept without any personal detail: receipt id, event, text hash, times)';

@Injectable()
@PersonalDataHandler()
export class TestimonialsPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly testimonials: TestimonialsRepository,
    private readonly records: ConsentRecordsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  describe(): PersonalDataDescription {
    return {
      module: 'testimonials',
      collections: [
        {
          collection: TESTIMONIALS_COLLECTION,
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'subjectId', kind: 'subjectId' },
          ],
          fields: [
            {
              field: 'quote, display (name, jobTitle, company), materialConnection',
              category: 'content',
              purpose: 'publishing your testimonial with the details you allow',
              legalBasis: 'consent (Art. 6(1)(a))',
              retention: 'until you withdraw or your account is erased',
              source: 'agent (from what you told us)',
            },
            {
              field: 'status, consent (receipt id, text hash, scope, expiry), reconfirmation dates',
              category: 'technical',
              purpose: 'publishing only with a live consent for the exact text',
              legalBasis: 'consent (Art. 6(1)(a)), Art. 7(1)',
              retention: 'with the testimonial',
              source: 'system',
            },
          ],
          recipients: ['visitors of our website (only the fields you allow)'],
        },
        {
          collection: CONSENT_RECORDS_COLLECTION,
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'subjectId', kind: 'subjectId' },
          ],
          fields: [
            {
              field: 'quote, display, callReference',
              category: 'content',
              purpose: 'the consent receipt: what exactly you agreed to',
              legalBasis: CONSENT_PROOF_BASIS,
              retention: 'removed when your account is erased',
              source: 'you (link, My Profile) or an agent (recorded call)',
            },
            {
              field: 'receiptId, event, at, method, textSha256, textVersion, scope, policyVersion, collector, expiresAt',
              category: 'technical',
              purpose: 'proof of consent and of its end',
              legalBasis: CONSENT_PROOF_BASIS,
              retention: PROOF_PERIOD,
              source: 'system',
            },
          ],
          onErasure: { action: 'kept', basis: CONSENT_PROOF_BASIS, period: PROOF_PERIOD },
        },
      ],
      queries: [
        { name: 'reconfirm (cron): testimonials due for reconfirmation', collection: TESTIMONIALS_COLLECTION, equals: [], range: ['reconfirmDueAt'] },
        { name: 'reconfirm (cron): testimonials due for takedown', collection: TESTIMONIALS_COLLECTION, equals: [], range: ['takedownDueAt'] },
        {
          name: 'public feed and embed: published testimonials, newest first',
          collection: TESTIMONIALS_COLLECTION,
          equals: ['status'],
          sort: { publishedAt: -1, _id: -1 },
        },
        { name: 'My testimonials: consent records of an account', collection: CONSENT_RECORDS_COLLECTION, equals: ['accountId'] },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    if (!subject.accountId) return { module: 'testimonials', data: {} };
    const [testimonials, records] = await Promise.all([this.testimonials.listByAccount(subject.accountId), this.records.ofAccount(subject.accountId)]);
    const controller = { name: 'RightsDesk', url: this.config.publicBaseUrl, email: this.config.mailFrom };
    const data: Record<string, unknown[]> = {};
    if (testimonials.length) {
      data[TESTIMONIALS_COLLECTION] = testimonials.map((t) => ({
        id: String(t._id),
        quote: t.quote,
        display: t.display,
        materialConnection: t.materialConnection ?? null,
        status: t.status,
        textVersion: t.textVersion,
        textSha256: t.textSha256,
        consent: t.consent ?? null,
        publishedAt: t.publishedAt ?? null,
        createdAt: t.createdAt,
      }));
    }
    if (records.length) data[CONSENT_RECORDS_COLLECTION] = records.map((r) => toConsentReceipt(r, controller));
    return { module: 'testimonials', data };
  }

  /** Deletes the testimonials (gone from the feed) and keeps of each consent record only the proof. */
  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const ids = accountIdsOf(subjects);
    const owned = await this.testimonials.findByAccountIds(ids);
    await this.testimonials.deleteIds(owned.map((t) => t._id));
    const kept = await this.records.keepProof(ids, this.clock.now());
    const keys = (s: Subject) => [s.accountId];
    return outcomesFrom('testimonials', subjects.length, [
      { collection: TESTIMONIALS_COLLECTION, category: 'content', action: 'deleted', counts: countPerSubject(subjects, owned, keys, (t) => [t.accountId]) },
      {
        collection: CONSENT_RECORDS_COLLECTION,
        category: 'technical',
        action: 'kept',
        counts: countPerSubject(subjects, kept, keys, (r) => [r.accountId]),
        basis: CONSENT_PROOF_BASIS,
        keptUntil: PROOF_PERIOD,
      },
    ]);
  }
}
