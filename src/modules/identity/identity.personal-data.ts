import { Injectable } from '@nestjs/common';
import { accountIdsOf, countPerSubject, groupPerSubject, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import {
  ErasureOutcome,
  FoundCallback,
  PersonalDataDescription,
  PersonalDataHandlerContract,
  Subject,
  SubjectExport,
} from '../../core/personal-data/personal-data.types';
import { FacebookDeletionRepository } from './facebook/facebook-deletion.repository';
import { IdentitiesRepository } from './identities.repository';
import { SessionsRepository } from './sessions.repository';

const BASIS = 'contract (Art. 6(1)(b))';

/** Linked sign-in identities, sign-in sessions (in Redis) and Facebook deletion requests. */
@Injectable()
@PersonalDataHandler()
export class IdentityPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly identities: IdentitiesRepository,
    private readonly sessions: SessionsRepository,
    private readonly deletions: FacebookDeletionRepository,
  ) {}

  describe(): PersonalDataDescription {
    return {
      module: 'identity',
      // First: it finds the addresses and provider ids of linked sign-ins, for every module after it.
      phase: 'discover',
      collections: [
        {
          collection: 'identities',
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'email', kind: 'email' },
            { field: 'providerSubject', kind: 'providerSubject' },
          ],
          fields: [
            {
              field: 'provider, providerSubject',
              category: 'identity',
              purpose: 'signing you in with Google, Facebook or LinkedIn',
              legalBasis: BASIS,
              retention: 'until you unlink it or the account is purged',
              source: 'the sign-in provider',
            },
            {
              field: 'email, emailVerified',
              category: 'contact',
              purpose: 'matching a sign-in to your account',
              legalBasis: BASIS,
              retention: 'until you unlink it or the account is purged',
              source: 'the sign-in provider',
            },
            {
              field: 'linkedAt, lastSignInAt',
              category: 'technical',
              purpose: 'showing your linked accounts; security',
              legalBasis: BASIS,
              retention: 'until you unlink it or the account is purged',
              source: 'system',
            },
          ],
          recipients: [],
        },
        {
          // Not a database collection: the sessions live in Redis, found through the account's session index.
          collection: 'sessions',
          fields: [
            {
              field: 'session (account reference, sign-in time, last use, browser and system from the User-Agent)',
              category: 'technical',
              purpose: 'keeping you signed in; showing you where you are signed in',
              legalBasis: BASIS,
              retention:
                'only as long as the session lives: until you sign out or end it, after the idle timeout, or at the latest the absolute lifetime after sign-in',
              source: 'system; your browser',
            },
          ],
          recipients: [],
        },
        {
          collection: 'facebook_deletion_requests',
          identifiedBy: [{ field: 'accountId', kind: 'accountId' }],
          fields: [
            {
              field: 'confirmationCode (a keyed hash of the signed request), status, removed, receivedAt, keyed hash of the Facebook user id',
              category: 'technical',
              purpose: 'answering Facebook data deletion requests and showing their status',
              legalBasis: 'legal obligation (Art. 6(1)(c), Art. 17)',
              retention: 'kept without any link to you after the erasure, as proof it was honoured',
              source: 'Facebook (Meta)',
            },
          ],
          recipients: [],
        },
      ],
      queries: [
        { name: 'sign-in: the identity of a provider user', collection: 'identities', equals: ['provider', 'providerSubject'] },
        { name: 'My Profile, erasure: the identities of an account', collection: 'identities', equals: ['accountId'] },
      ],
    };
  }

  /** Addresses and provider ids of the linked identities, for the residue sweep. */
  async identifiers(subject: Subject) {
    if (!subject.accountId) return {};
    const linked = await this.identities.listByAccount(subject.accountId);
    return {
      emails: linked.flatMap((i) => (i.email ? [i.email] : [])),
      providerSubjects: linked.map((i) => ({ provider: i.provider, subject: i.providerSubject })),
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    if (!subject.accountId) return { module: 'identity', data: {} };
    const [identities, sessions, deletions] = await Promise.all([
      this.identities.listByAccount(subject.accountId),
      this.sessions.listByAccount(subject.accountId),
      this.deletions.findByAccount(subject.accountId),
    ]);
    const data: Record<string, unknown[]> = {};
    if (identities.length)
      data.identities = identities.map(({ provider, providerSubject, email, emailVerified, linkedAt, lastSignInAt }) => ({
        provider,
        providerSubject,
        email,
        emailVerified,
        linkedAt,
        lastSignInAt,
      }));
    if (sessions.length) data.sessions = sessions.map(({ id, device, startedAt, lastSeenAt, expiresAt }) => ({ id, device, startedAt, lastSeenAt, expiresAt }));
    if (deletions.length)
      data.facebook_deletion_requests = deletions.map(({ confirmationCode, status, receivedAt }) => ({ confirmationCode, status, receivedAt }));
    return { module: 'identity', data };
  }

  async eraseMany(subjects: Subject[], onFound?: FoundCallback): Promise<ErasureOutcome[]> {
    const ids = accountIdsOf(subjects);
    const byAccount = (s: Subject) => [s.accountId];
    // Who the linked sign-ins are is handed over before they are deleted (an interrupted erasure keeps it).
    const identities = await this.identities.findByAccounts(ids);
    const linked = groupPerSubject(subjects, identities, byAccount, (i) => [i.accountId]);
    const found = linked.map((list) =>
      list.length
        ? { emails: list.flatMap((i) => (i.email ? [i.email] : [])), providerSubjects: list.map((i) => ({ provider: i.provider, subject: i.providerSubject })) }
        : undefined,
    );
    if (onFound && found.some(Boolean)) await onFound(found);
    const [, sessions, detached] = await Promise.all([
      this.identities.deleteByIds(identities.map((i) => i._id)),
      this.sessions.takeByAccounts(ids),
      this.deletions.detachAccounts(ids),
    ]);
    return outcomesFrom(
      'identity',
      subjects.length,
      [
        { collection: 'identities', category: 'identity', action: 'deleted', counts: linked.map((l) => l.length) },
        { collection: 'sessions', category: 'technical', action: 'deleted', counts: countPerSubject(subjects, sessions, byAccount, (a) => [a]) },
        {
          collection: 'facebook_deletion_requests',
          category: 'technical',
          action: 'anonymised',
          counts: countPerSubject(subjects, detached, byAccount, (a) => [a]),
        },
      ],
      found,
    );
  }
}
