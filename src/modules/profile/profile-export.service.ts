import { Injectable } from '@nestjs/common';
import { SubjectExportDocument, SubjectExportService } from '../../core/personal-data/subject-export.service';
import type { Account } from '../accounts/account.types';

/**
 * The caller's own access export (Art. 15/20), built from every registered personal-data handler. The
 * exporter resolves every identifier of the person (linked sign-ins' addresses included) through the one
 * subject builder, so this export and `subjects:export` agree.
 */
@Injectable()
export class ProfileExportService {
  constructor(private readonly exporter: SubjectExportService) {}

  exportFor(account: Account): Promise<SubjectExportDocument> {
    return this.exporter.exportSubject({ accountId: account.id, emails: [] });
  }
}
