import { Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { MetricsService } from '../../core/metrics/metrics.service';
import { PersonalDataRegistry } from '../../core/personal-data/personal-data.registry';
import type { PersonalDataHandlerContract, Subject } from '../../core/personal-data/personal-data.types';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ErasureReceiptsRepository } from './erasure-receipts.repository';
import { ErasureRunsRepository } from './erasure-runs.repository';
import { ErasureRunDoc } from './schemas/erasure-run.schema';
import { ERASURE_RECEIPT_TEMPLATE } from './erasure.templates';

export interface ErasureResult {
  run: string;
  status: ErasureRunDoc['status'];
  alreadyDone: boolean;
}

/**
 * The one erasure path: runs every registered personal-data handler for a person (the accounts
 * handler last: it deletes the id mapping the others need), recording progress after each, so a crash
 * resumes where it stopped; then writes a hash-chained receipt and emails it as the person's last message.
 * The residue sweep (ResidueSweepService) verifies the result afterwards.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly runs: ErasureRunsRepository,
    private readonly receipts: ErasureReceiptsRepository,
    private readonly accounts: AccountsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The run id of an account's erasure: a keyed hash, so the run itself names nobody. */
  runIdOf(accountId: string): string {
    return `run_${this.keyed(`account:${accountId}`).slice(0, 32)}`;
  }

  keyed(value: string): string {
    return createHmac('sha256', this.config.hashSecret).update(value).digest('hex');
  }

  /** Resumes an erasure that was started and interrupted (the account may be gone already). */
  async eraseIfStarted(accountId: string): Promise<boolean> {
    const run = await this.runs.findById(this.runIdOf(accountId));
    if (!run) return false;
    if (run.status === 'running') await this.continueRun(run);
    return true;
  }

  /** Erases an account and everything about its person. Idempotent; resumes an interrupted run. */
  async eraseAccount(accountId: string, reason: string): Promise<ErasureResult> {
    const runId = this.runIdOf(accountId);
    let run = await this.runs.findById(runId);
    if (!run) {
      const account = await this.accounts.findById(accountId);
      if (!account) return { run: runId, status: 'verified', alreadyDone: true };
      const subject = await this.subjectOf({ accountId: account.id, subjectId: account.subjectId, emails: account.email ? [account.email] : [] });
      run = await this.runs.insertOrGet({ _id: runId, status: 'running', subject, reason, completedModules: [], outcomes: [], startedAt: this.clock.now() });
    }
    if (run.status !== 'running') return { run: runId, status: run.status, alreadyDone: true };
    return this.continueRun(run);
  }

  private async continueRun(run: ErasureRunDoc): Promise<ErasureResult> {
    const subject = run.subject!;
    try {
      if (subject.accountId) await this.accounts.setStatus(subject.accountId, 'erased'); // blocks sign-in from now on
      for (const handler of this.ordered()) {
        const { module } = handler.describe();
        if (run.completedModules.includes(module)) continue;
        const outcome = await handler.erase(subject);
        await this.runs.recordStep(run._id, outcome);
        run.completedModules.push(module);
        run.outcomes.push(outcome);
      }
      const erasedAt = this.clock.now();
      const receipt = await this.receipts.append(
        {
          run: run._id,
          reason: run.reason,
          emailHashes: subject.emails.map((e) => this.keyed(`email:${e.toLowerCase()}`)),
          subjectHash: this.keyed(`subject:${subject.subjectId ?? ''}`),
          items: run.outcomes.flatMap((o) => o.items.map((i) => ({ module: o.module, ...i }))),
          erasedAt: erasedAt.toISOString(),
        },
        erasedAt,
      );
      const email = subject.emails[0];
      if (email) {
        const kept = receipt.body.items.filter((i) => i.action === 'kept' && i.count > 0);
        await this.notifications.send({
          to: { email },
          template: ERASURE_RECEIPT_TEMPLATE,
          category: 'service',
          idempotencyKey: `erasure-receipt:${run._id}`,
          scrubAfterSend: true,
          data: {
            erasedAt: erasedAt.toISOString().slice(0, 16).replace('T', ' '),
            receipt: `${receipt.seq}-${receipt.hash.slice(0, 12)}`,
            deleted: receipt.body.items.filter((i) => i.action !== 'kept').reduce((n, i) => n + i.count, 0),
            kept: kept.map((k) => `${k.collection}: ${k.count} (${k.basis}${k.keptUntil ? `, until ${k.keptUntil.slice(0, 10)}` : ''})`).join('; ') || 'nothing',
          },
        });
      }
      await this.runs.setStatus(run._id, 'erased', { erasedAt });
      await this.audit.record({ actor: 'system:erasure', action: 'erasure.complete', target: run._id, outcome: 'success', details: { reason: run.reason, receipt: receipt.seq } });
      this.metrics.erased.inc();
      return { run: run._id, status: 'erased', alreadyDone: false };
    } catch (err) {
      this.metrics.erasureFailures.inc({ stage: 'handlers' });
      this.logger.error({ run: run._id, err: { type: (err as Error).name, message: (err as Error).message } }, 'erasure run failed; it resumes on retry');
      throw err;
    }
  }

  /** Handlers in a fixed order, accounts last. */
  private ordered(): PersonalDataHandlerContract[] {
    const all = this.registry.all();
    return [...all.filter((h) => h.describe().module !== 'accounts'), ...all.filter((h) => h.describe().module === 'accounts')];
  }

  /** The subject with every identifier the modules know (emails from sign-in providers, phones ...). */
  async subjectOf(base: Subject): Promise<Subject> {
    const subject: Subject = { ...base, emails: [...base.emails], providerSubjects: [...(base.providerSubjects ?? [])], phones: [...(base.phones ?? [])] };
    for (const handler of this.registry.all()) {
      const more = handler.identifiers ? await handler.identifiers(base) : {};
      subject.emails.push(...(more.emails ?? []));
      subject.providerSubjects!.push(...(more.providerSubjects ?? []));
      subject.phones!.push(...(more.phones ?? []));
    }
    subject.emails = [...new Set(subject.emails.map((e) => e.toLowerCase()))];
    return subject;
  }
}
