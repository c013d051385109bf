import { Injectable } from '@nestjs/common';
import type { Subject } from '../../core/personal-data/personal-data.types';
import { SubjectExportDocument, SubjectExportService } from '../../core/personal-data/subject-export.service';
import type { Account } from '../accounts/schemas/account.schema';
import { IdentityService } from '../identity/identity.service';

/** The caller's own access export (Art. 15/20), built from every registered personal-data handler. */
@Injectable()
export class ProfileExportService {
  constructor(
    private readonly exporter: SubjectExportService,
    private readonly identity: IdentityService,
  ) {}

  /** The signed-in person: account, subject id, email and every linked provider identity. */
  async subjectOf(account: Account): Promise<Subject> {
    const identities = await this.identity.list(account.id);
    const emails = new Set<string>();
    if (account.email) emails.add(account.email);
    return {
      accountId: account.id,
      subjectId: account.subjectId,
      emails: [...emails],
      providerSubjects: identities.map((i) => ({ provider: i.provider, subject: i.providerSubject })),
    };
  }

  async exportFor(account: Account): Promise<SubjectExportDocument> {
    return this.exporter.exportSubject(await this.subjectOf(account));
  }
}
