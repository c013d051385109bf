import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { accountIdsOf, countPerSubject, emailsOf, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { OutboxRepository } from './outbox.repository';
import { PreferencesRepository } from './preferences.repository';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/** Emails (the outbox), marketing consent, policy acknowledgements and the suppression list. */
@Injectable()
@PersonalDataHandler()
export class NotificationsPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly prefs: PreferencesRepository,
    private readonly tokens: UnsubscribeTokens,
    private readonly clock: Clock,
  ) {}

  describe(): PersonalDataDescription {
    const sent = 'deleted SENT_MESSAGE_RETENTION_DAYS (30 by default) after sending';
    return {
      module: 'notifications',
      collections: [
        {
          collection: 'outbox_messages',
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'to', kind: 'email' },
          ],
          residueExempt: { reason: 'the erasure receipt is the last message to the person, scrubbed as soon as it is sent', where: { scrubAfterSend: true } },
          fields: [
            {
              field: 'to (email address), subject, content',
              category: 'contact',
              purpose: 'sending you service notices, legal notices and (with your consent) newsletters',
              legalBasis: 'contract (Art. 6(1)(b)); legal obligation for legal notices (Art. 6(1)(c)); consent for marketing (Art. 6(1)(a))',
              retention: sent,
              source: 'your account',
            },
            {
              field: 'status, messageId, sentAt',
              category: 'technical',
              purpose: 'delivering each email exactly once',
              legalBasis: 'legitimate interest (Art. 6(1)(f))',
              retention: sent,
              source: 'system',
            },
          ],
          recipients: ['our email delivery provider (SMTP_URL), a subcontractor'],
        },
        {
          collection: 'notification_preferences',
          identifiedBy: [{ field: 'accountId', kind: 'accountId' }],
          fields: [
            {
              field: 'marketing',
              category: 'contact',
              purpose: 'remembering whether you want newsletters',
              legalBasis: 'consent (Art. 6(1)(a))',
              retention: 'while the account exists',
              source: 'you',
            },
          ],
        },
        {
          collection: 'policy_acknowledgements',
          identifiedBy: [{ field: 'accountId', kind: 'accountId' }],
          fields: [
            {
              field: 'version, at',
              category: 'technical',
              purpose: 'showing which policy changes you have seen',
              legalBasis: 'legitimate interest (Art. 6(1)(f))',
              retention: 'while the account exists',
              source: 'you',
            },
          ],
        },
        {
          collection: 'suppressions',
          fields: [
            {
              field: 'emailHash (keyed hash of an address)',
              category: 'contact',
              purpose: 'never sending marketing to an address that unsubscribed or was erased',
              legalBasis: 'legitimate interest in honouring your objection (Art. 21(3))',
              retention: 'kept indefinitely as a keyed hash; it cannot be turned back into the address',
              source: 'your unsubscribe or erasure',
            },
          ],
        },
        { collection: 'policy_versions', holds: 'none', reason: 'the published privacy policy versions: no person in them', fields: [] },
      ],
      queries: [
        { name: 'outbox sweep (cron, every minute): pending messages, oldest first', collection: 'outbox_messages', equals: ['status'], sort: { _id: 1 } },
        { name: 'outbox prune (cron): finished messages past their retention', collection: 'outbox_messages', equals: ['status'], range: ['createdAt'] },
        { name: 'send: a message by its idempotency key', collection: 'outbox_messages', equals: ['idempotencyKey'] },
        { name: 'every send: marketing preference', collection: 'notification_preferences', equals: ['accountId'] },
        { name: 'every send: suppression by keyed hash', collection: 'suppressions', equals: ['emailHash'] },
        { name: 'policy banner: acknowledgements of an account', collection: 'policy_acknowledgements', equals: ['accountId'] },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const data: Record<string, unknown[]> = {};
    const messages = await this.outbox.findForSubject(subject.accountId, subject.emails);
    if (messages.length)
      data.outbox_messages = messages.map((m) => ({
        to: m.to,
        template: m.template,
        category: m.category,
        subject: m.subject,
        status: m.status,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
      }));
    if (subject.accountId) {
      const pref = await this.prefs.preferenceOf(subject.accountId);
      if (pref) data.notification_preferences = [{ marketing: pref.marketing, updatedAt: pref.updatedAt }];
      const acks = await this.prefs.acknowledgedVersions(subject.accountId);
      if (acks.length) data.policy_acknowledgements = acks.map((a) => ({ version: a.version, at: a.at }));
    }
    const suppressed = [];
    for (const e of subject.emails) if (await this.prefs.isSuppressed(this.tokens.emailHash(e))) suppressed.push({ address: e, suppressed: true });
    if (suppressed.length) data.suppressions = suppressed;
    return { module: 'notifications', data };
  }

  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const ids = accountIdsOf(subjects);
    const messages = await this.outbox.takeForSubjects(ids, emailsOf(subjects));
    const prefs = await this.prefs.takePreferences(ids);
    const acks = await this.prefs.takeAcknowledgements(ids);
    const perEmail = subjects.map((s) => [...new Set(s.emails.map((e) => e.trim().toLowerCase()))]);
    const hashes = perEmail.flat().map((e) => this.tokens.emailHash(e));
    const added = await this.prefs.suppressMany(hashes, 'erased', this.clock.now());
    let k = 0;
    const suppressed = perEmail.map((list) => list.reduce((n) => n + (added[k++] ? 1 : 0), 0));
    const byAccount = (s: Subject) => [s.accountId];
    return outcomesFrom('notifications', subjects.length, [
      {
        collection: 'outbox_messages',
        category: 'contact',
        action: 'deleted',
        counts: countPerSubject(
          subjects,
          messages,
          (s) => [s.accountId, ...s.emails.map((e) => e.trim().toLowerCase())],
          (m) => [m.accountId, m.to],
        ),
      },
      { collection: 'notification_preferences', category: 'contact', action: 'deleted', counts: countPerSubject(subjects, prefs, byAccount, (a) => [a]) },
      { collection: 'policy_acknowledgements', category: 'technical', action: 'deleted', counts: countPerSubject(subjects, acks, byAccount, (a) => [a]) },
      {
        collection: 'suppressions',
        category: 'contact',
        action: 'kept',
        counts: suppressed,
        basis: 'honouring the objection to marketing (Art. 21(3)), as a keyed hash only',
      },
    ]);
  }
}
