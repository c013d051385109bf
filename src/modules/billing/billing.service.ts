import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { ConflictError } from '../../core/errors/domain-error';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { AccountNotFoundError } from '../accounts/accounts.errors';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { BillingRepository } from './billing.repository';
import type { RecordOrderDto } from './dto/record-order.dto';
import { BillingJobs } from './billing.jobs';

const PRUNE_BATCH = 1000;

/** Licence orders and invoices recorded by the billing system; kept under bookkeeping law. */
@Injectable()
export class BillingService {
  constructor(
    private readonly repo: BillingRepository,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async record(source: string, input: RecordOrderDto): Promise<{ externalId: string }> {
    const account = input.subjectId ? await this.accounts.findBySubjectId(input.subjectId) : null;
    if (input.subjectId && !account) throw new AccountNotFoundError();
    const { subjectId: _, ...order } = input;
    const inserted = await this.repo.insert({
      ...order,
      contactEmail: order.contactEmail?.toLowerCase(),
      billingAddress: { ...order.billingAddress },
      source,
      accountId: account?.id,
      keptUntil: this.keptUntil(new Date(order.invoiceDate)),
    });
    if (!inserted) throw new ConflictError('INVOICE_EXISTS', `Invoice ${input.externalId} is recorded already.`);
    await this.audit.record({
      actor: `system:${source}`,
      action: 'billing.order.record',
      target: account?.subjectId,
      outcome: 'success',
      details: { externalId: input.externalId },
    });
    return { externalId: input.externalId };
  }

  keptUntil(invoiceDate: Date): Date {
    const d = new Date(invoiceDate);
    d.setUTCFullYear(d.getUTCFullYear() + this.config.billing.retentionYears);
    return d;
  }

  /** Deletes invoices whose bookkeeping retention has ended. */
  @JobHandler(BillingJobs.BillingPrune, { cron: (c) => c.cron.billingPrune })
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await this.repo.expiredIds(this.clock.now(), PRUNE_BATCH);
      total += await this.repo.deleteIds(ids);
      if (ids.length < PRUNE_BATCH) return total;
    }
  }
}
