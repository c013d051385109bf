import { Injectable } from '@nestjs/common';
import { withFound } from './batch';
import { PersonalDataRegistry } from './personal-data.registry';
import type { Subject } from './personal-data.types';

/**
 * The one subject builder: from what a caller knows of a person (an account id, a subject id, or only a
 * verified email), every identifier the modules hold for them (the account's email and subject id, the
 * addresses and provider ids of linked sign-ins, phones). The access export, the CLI export and the
 * requests desk all start here, so they agree on who a person is.
 */
@Injectable()
export class SubjectResolver {
  constructor(private readonly registry: PersonalDataRegistry) {}

  async resolve(base: Subject): Promise<Subject> {
    let subject: Subject = { ...base, emails: base.emails.map((e) => e.trim().toLowerCase()) };
    // A second round lets modules answer from what the first found (an account id found by subject id).
    for (let round = 0; round < 2; round++) {
      const before = JSON.stringify(subject);
      for (const handler of this.registry.all()) if (handler.identifiers) subject = withFound(subject, await handler.identifiers(subject));
      if (JSON.stringify(subject) === before) break;
    }
    return subject;
  }
}
