import { Injectable } from '@nestjs/common';
import { accountIdsOf, countPerSubject, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { AccountsRepository } from './accounts.repository';
import { Account } from './schemas/account.schema';

/** What the accounts collection holds about a person, its export and its erasure. */
@Injectable()
@PersonalDataHandler()
export class AccountsPersonalData implements PersonalDataHandlerContract {
  constructor(private readonly repo: AccountsRepository) {}

  describe(): PersonalDataDescription {
    const retention = 'while the account exists; deleted when it is purged (RETENTION_DAYS after termination)';
    return {
      module: 'accounts',
      // Last: the account maps ids to the person, so everything else is erased before it.
      phase: 'finalize',
      collections: [
        {
          collection: 'accounts',
          identifiedBy: [
            { field: '_id', kind: 'accountId' },
            { field: 'subjectId', kind: 'subjectId' },
            { field: 'email', kind: 'email' },
          ],
          fields: [
            {
              field: 'email',
              category: 'contact',
              purpose: 'sign-in and service messages',
              legalBasis: 'contract (GDPR Art. 6(1)(b))',
              retention,
              source: 'sign-in provider (Google, Facebook, LinkedIn) or you',
            },
            {
              field: 'subjectId',
              category: 'identity',
              purpose: 'pseudonymous reference used in logs and audit trails',
              legalBasis: 'legitimate interest (Art. 6(1)(f))',
              retention,
              source: 'system',
            },
            {
              field: 'status, roles, terminatedAt, purgeAfter, lastAuthAt',
              category: 'technical',
              purpose: 'running your account',
              legalBasis: 'contract (Art. 6(1)(b))',
              retention,
              source: 'system',
            },
            {
              field: 'locale, localeChosen',
              category: 'technical',
              purpose: 'the language of pages and emails',
              legalBasis: 'contract (Art. 6(1)(b))',
              retention,
              source: "your browser's language at sign-up, or your choice in My Profile",
            },
          ],
          recipients: [],
        },
      ],
      queries: [
        { name: 'sign-in and agents: an account by address', collection: 'accounts', equals: ['email'] },
        { name: 'principal loader, erasure: accounts by subject id', collection: 'accounts', equals: ['subjectId'] },
      ],
    };
  }

  private async accountsOf(subject: Subject): Promise<Account[]> {
    const found = new Map<string, Account>();
    if (subject.accountId) {
      const a = await this.repo.findById(subject.accountId);
      if (a) found.set(a.id, a);
    }
    if (subject.subjectId) {
      const a = await this.repo.findBySubjectId(subject.subjectId);
      if (a) found.set(a.id, a);
    }
    return [...found.values()];
  }

  /** The account's subject id and email, from its id or subject id. */
  async identifiers(subject: Subject) {
    const [account] = await this.accountsOf(subject);
    if (!account) return {};
    return { accountId: account.id, subjectId: account.subjectId, emails: account.email ? [account.email] : [] };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const accounts = await this.accountsOf(subject);
    return {
      module: 'accounts',
      data: accounts.length
        ? {
            accounts: accounts.map((a) => ({
              subjectId: a.subjectId,
              email: a.email,
              emailVerified: a.emailVerified,
              status: a.status,
              roles: a.roles,
              locale: a.locale,
              localeChosen: a.localeChosen,
              createdAt: a.createdAt,
              terminatedAt: a.terminatedAt,
              purgeAfter: a.purgeAfter,
            })),
          }
        : {},
    };
  }

  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const subjectIds = [...new Set(subjects.flatMap((s) => (s.subjectId ? [s.subjectId] : [])))];
    const deleted = await this.repo.takeByIdsOrSubjectIds(accountIdsOf(subjects), subjectIds);
    const counts = countPerSubject(
      subjects,
      deleted,
      (s) => [s.accountId, s.subjectId],
      (d) => [d.id, d.subjectId],
    );
    return outcomesFrom('accounts', subjects.length, [{ collection: 'accounts', category: 'contact', action: 'deleted', counts }]);
  }
}
