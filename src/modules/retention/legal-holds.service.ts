import { Injectable } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { AccountNotFoundError } from '../accounts/accounts.errors';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { LegalHoldNotFoundError } from './retention.errors';
import { RetentionRepository } from './retention.repository';
import type { LegalHold } from './schemas/legal-hold.schema';

/** Staff set and lift legal holds; a hold postpones the purge until lifted or its end date. */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly repo: RetentionRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async place(staff: Account, input: { subjectId: string; reason: string; until?: Date }): Promise<LegalHold> {
    if (!(await this.accounts.findBySubjectId(input.subjectId))) throw new AccountNotFoundError();
    const hold = await this.repo.addHold({
      subjectId: input.subjectId,
      reason: input.reason,
      until: input.until,
      createdBy: staff.subjectId,
      createdAt: this.clock.now(),
    });
    await this.audit.record({
      actor: staff.subjectId,
      action: 'legal-hold.place',
      target: input.subjectId,
      outcome: 'success',
      details: { hold: hold.id, ...(input.until ? { until: input.until.toISOString() } : {}) },
    });
    return hold;
  }

  async lift(staff: Account, id: string): Promise<LegalHold> {
    const hold = await this.repo.liftHold(id, staff.subjectId, this.clock.now());
    if (!hold) throw new LegalHoldNotFoundError();
    await this.audit.record({ actor: staff.subjectId, action: 'legal-hold.lift', target: hold.subjectId, outcome: 'success', details: { hold: id } });
    return hold;
  }

  list(subjectId: string): Promise<LegalHold[]> {
    return this.repo.holdsOf(subjectId);
  }
}
