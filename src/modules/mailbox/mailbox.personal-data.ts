import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { countPerSubject, emailsOf, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { MailboxRepository } from './mailbox.repository';
import { MAILBOX_MESSAGES_COLLECTION } from './schemas/mailbox-message.schema';

const BOOKKEEPING = 'reading each support email exactly once (the key, outcome and request id; no address or content)';

/** Messages read from the support mailbox: the sender's address, subject, text and attachment metadata. */
@Injectable()
@PersonalDataHandler()
export class MailboxPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly repo: MailboxRepository,
    private readonly config: AppConfig,
  ) {}

  describe(): PersonalDataDescription {
    const retention = `as long as the request it belongs to (${this.config.requests.retentionYears} years after it is closed); the email itself stays in the support mailbox under its own retention`;
    return {
      module: 'mailbox',
      // after the requests desk: erasing a person leaves both the request's proof and this key
      after: ['requests'],
      collections: [
        {
          collection: MAILBOX_MESSAGES_COLLECTION,
          holds: 'personal',
          identifiedBy: [{ field: 'from', kind: 'email' }],
          fields: [
            {
              field: 'from, messageId, subject, text, attachments (name, type, size), auth (DKIM/SPF/DMARC results)',
              category: 'content',
              purpose: 'handling the data-rights request you sent us by email, and threading our answers',
              legalBasis: 'legal obligation (Art. 6(1)(c), Art. 12–22 GDPR)',
              retention,
              source: 'your email to our support address',
            },
            {
              field: '_id (mailbox key), state, outcome, requestId, size, dates',
              category: 'technical',
              purpose: BOOKKEEPING,
              legalBasis: 'legitimate interest (Art. 6(1)(f)): no email is lost or turned into two requests',
              retention,
              source: 'the mailbox reader',
            },
          ],
          onErasure: { action: 'anonymised', basis: BOOKKEEPING, period: retention },
        },
      ],
    } as PersonalDataDescription;
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const rows = await this.repo.findFrom(emailsOf([subject]).map((e) => e.toLowerCase()));
    return {
      module: 'mailbox',
      data: rows.length
        ? {
            [MAILBOX_MESSAGES_COLLECTION]: rows.map((r) => ({
              receivedAt: r.receivedAt,
              from: r.from,
              subject: r.subject,
              text: r.text,
              attachments: r.attachments,
              requestId: r.requestId,
              outcome: r.outcome,
            })),
          }
        : {},
    };
  }

  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const rows = await this.repo.findFrom(emailsOf(subjects).map((e) => e.toLowerCase()));
    await this.repo.anonymise(rows.map((r) => r._id));
    return outcomesFrom('mailbox', subjects.length, [
      {
        collection: MAILBOX_MESSAGES_COLLECTION,
        category: 'content',
        action: 'anonymised',
        counts: countPerSubject(
          subjects,
          rows,
          (s) => s.emails.map((e) => e.toLowerCase()),
          (r) => [r.from],
        ),
        basis: BOOKKEEPING,
      },
    ]);
  }
}
