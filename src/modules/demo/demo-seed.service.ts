import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/account.types';
import { createHash } from 'node:crypto';
import { IdentityService } from '../identity/identity.service';
import { PROVIDERS } from '../identity/identity.types';
import { ProfileService } from '../profile/profile.service';
import { RetentionService } from '../retention/retention.service';
import { DEMO_PEOPLE, DemoPerson } from './demo-people';

export interface SeededPerson {
  key: string;
  subjectId: string;
  roles: string[];
  status: string;
  created: boolean;
}

/**
 * Fills a development database with people to look at, through the modules' own services (accounts,
 * profile, retention), so every page has something to show. Idempotent: a second run changes nothing
 * that is already there. Development only (the command refuses production).
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly profiles: ProfileService,
    private readonly retention: RetentionService,
    private readonly identity: IdentityService,
  ) {}

  async seed(): Promise<SeededPerson[]> {
    const out: SeededPerson[] = [];
    for (const person of DEMO_PEOPLE) out.push(await this.seedOne(person));
    return out;
  }

  private async seedOne(person: DemoPerson): Promise<SeededPerson> {
    const [existing] = await this.accounts.findByEmail(person.email);
    let account: Account = existing ?? (await this.accounts.create({ email: person.email, emailVerified: true, locale: person.locale }));
    for (const role of person.roles) if (!account.roles.includes(role)) account = await this.accounts.grantRole(account.id, role, 'system:demo-seed');
    // Each demo person's ways in: the development provider's identities for their address (scripts/dev-oidc
    // names a person `dev-<sha256(client id, email)>`), since an address alone never links a sign-in.
    for (const provider of PROVIDERS) {
      const subject = `dev-${createHash('sha256').update(`dev-${provider}\n${person.email}`).digest('hex').slice(0, 24)}`;
      if (!(await this.identity.findIdentity(provider, subject)))
        await this.identity.link(
          account.id,
          { provider, subject, email: person.email, emailVerified: true, name: String(person.profile.name ?? '') },
          'existing-method',
        );
    }
    const profile = await this.profiles.get(account);
    // Only fields still empty: what someone edited since the last seed stays.
    const missing = Object.fromEntries(Object.entries(person.profile).filter(([k]) => (profile as unknown as Record<string, unknown>)[k] == null));
    if (Object.keys(missing).length) await this.profiles.update(account, missing, {}, 'system');
    if (person.terminated && account.status === 'active') {
      await this.retention.terminate(account.id, 'system:demo-seed');
      account = (await this.accounts.findById(account.id)) ?? account;
    }
    return { key: person.key, subjectId: account.subjectId, roles: account.roles, status: account.status, created: !existing };
  }
}
