import { Injectable } from '@nestjs/common';
import { accountIdsOf, countPerSubject, emailsOf, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { AccountsService } from '../accounts/accounts.service';
import { EmailChangeRepository } from './email-change.repository';
import { ProfileChangesRepository } from './profile-changes.repository';
import { ProfileRepository } from './profile.repository';

const CONTRACT = 'contract (GDPR Art. 6(1)(b))';
const WHILE_ACCOUNT = 'while the account exists; deleted when it is purged (RETENTION_DAYS after termination)';

/** What My Profile holds about a person (profiles, profile_changes, email_change_requests), its export and erasure. */
@Injectable()
@PersonalDataHandler()
export class ProfilePersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly changes: ProfileChangesRepository,
    private readonly emailChanges: EmailChangeRepository,
    private readonly accounts: AccountsService,
  ) {}

  describe(): PersonalDataDescription {
    return {
      module: 'profile',
      collections: [
        {
          collection: 'profiles',
          identifiedBy: [{ field: 'accountId', kind: 'accountId' }],
          fields: [
            {
              field: 'name',
              category: 'identity',
              purpose: 'addressing you and your invoices',
              legalBasis: CONTRACT,
              retention: WHILE_ACCOUNT,
              source: 'you, or your sign-in provider (Google, Facebook, LinkedIn) until you correct it',
            },
            { field: 'phone', category: 'contact', purpose: 'reaching you about your account', legalBasis: CONTRACT, retention: WHILE_ACCOUNT, source: 'you' },
            {
              field: 'dateOfBirth',
              category: 'identity',
              purpose: 'confirming your age (the service is not for children under 13)',
              legalBasis: 'legal obligation (Art. 6(1)(c)) and contract (Art. 6(1)(b))',
              retention: WHILE_ACCOUNT,
              source: 'you',
            },
            {
              field: 'company (name, size, type)',
              category: 'contact',
              purpose: 'fitting the service and the invoices to your company',
              legalBasis: CONTRACT,
              retention: WHILE_ACCOUNT,
              source: 'you',
            },
            { field: 'postalAddress', category: 'contact', purpose: 'letters and invoices', legalBasis: CONTRACT, retention: WHILE_ACCOUNT, source: 'you' },
            {
              field: 'billingAddress (with billing company)',
              category: 'billing',
              purpose: 'invoicing',
              legalBasis: 'contract (Art. 6(1)(b)); invoices themselves are kept as bookkeeping law requires',
              retention: WHILE_ACCOUNT,
              source: 'you',
            },
            {
              field: 'provenance, version',
              category: 'technical',
              purpose: 'knowing who last set each field, so your corrections are never overwritten by a sign-in',
              legalBasis: CONTRACT,
              retention: WHILE_ACCOUNT,
              source: 'system',
            },
          ],
          recipients: [],
        },
        {
          collection: 'profile_changes',
          identifiedBy: [{ field: 'accountId', kind: 'accountId' }],
          fields: [
            {
              field: 'at, fields, source, version',
              category: 'technical',
              purpose: 'showing you when your profile changed, which fields and by whom',
              legalBasis: 'legitimate interest (Art. 6(1)(f)): accountability for changes to your data',
              retention: WHILE_ACCOUNT,
              source: 'system',
            },
          ],
          recipients: [],
        },
        {
          collection: 'email_change_requests',
          identifiedBy: [{ field: 'accountId', kind: 'accountId' }],
          fields: [
            {
              field: 'newEmail, tokenHash, createdAt, expiresAt, sessionId (the session that asked)',
              category: 'contact',
              purpose: 'confirming a new email address before it replaces the old one',
              legalBasis: CONTRACT,
              retention: 'until confirmed or replaced by a newer request; deleted with the account',
              source: 'you',
            },
          ],
          recipients: ['our email delivery provider (sends the confirmation link)'],
        },
      ],
      queries: [{ name: 'My Profile (every page): the profile of an account', collection: 'profiles', equals: ['accountId'] }],
    };
  }

  private async accountIdOf(subject: Subject): Promise<string | undefined> {
    if (subject.accountId) return subject.accountId;
    if (subject.subjectId) return (await this.accounts.findBySubjectId(subject.subjectId))?.id;
    return undefined;
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const accountId = await this.accountIdOf(subject);
    const emails = subject.emails.map((e) => e.trim().toLowerCase());
    const profile = accountId ? await this.profiles.findByAccountId(accountId) : null;
    const history = accountId ? await this.changes.list(accountId, { limit: 10_000, appliedUpTo: profile?.version }) : [];
    const requests = new Map((accountId ? await this.emailChanges.findByAccountId(accountId) : []).map((r) => [r.id, r]));
    for (const r of await this.emailChanges.findByNewEmail(emails)) requests.set(r.id, r);
    const data: Record<string, unknown[]> = {};
    if (profile) {
      const { accountId: _a, ...rest } = profile;
      data.profiles = [rest];
    }
    if (history.length) data.profile_changes = history.map(({ at, fields, source, version }) => ({ at, fields, source, version }));
    if (requests.size) data.email_change_requests = [...requests.values()].map(({ newEmail, createdAt, expiresAt }) => ({ newEmail, createdAt, expiresAt }));
    return { module: 'profile', data };
  }

  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    // A person known by subject id only (no account id given) is looked up; a purge always gives both.
    const resolved = await Promise.all(subjects.map(async (s) => (s.accountId || !s.subjectId ? s : { ...s, accountId: await this.accountIdOf(s) })));
    const ids = accountIdsOf(resolved);
    const profiles = await this.profiles.takeByAccountIds(ids);
    const changes = await this.changes.takeByAccountIds(ids);
    const requests = await this.emailChanges.takeByAccountIdsOrNewEmails(ids, emailsOf(resolved));
    const byAccount = (s: Subject) => [s.accountId];
    return outcomesFrom('profile', subjects.length, [
      { collection: 'profiles', category: 'contact', action: 'deleted', counts: countPerSubject(resolved, profiles, byAccount, (a) => [a]) },
      { collection: 'profile_changes', category: 'technical', action: 'deleted', counts: countPerSubject(resolved, changes, byAccount, (a) => [a]) },
      {
        collection: 'email_change_requests',
        category: 'contact',
        action: 'deleted',
        counts: countPerSubject(
          resolved,
          requests,
          (s) => [s.accountId, ...s.emails.map((e) => e.trim().toLowerCase())],
          (r) => [r.accountId, r.newEmail],
        ),
      },
    ]);
  }
}
