import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-error';
import { JobPayloads } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { JobQueue } from '../../core/queue/job-queue.service';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from './notifications.service';
import { PoliciesRepository } from './policies.repository';
import { PreferencesRepository } from './preferences.repository';
import type { PolicyVersionDoc } from './schemas/policy.schema';
import { NotificationJobs } from './notifications.jobs';

const PAGE = 200;

/** Privacy policy versions: material changes are emailed to every active account ahead of time. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly repo: PoliciesRepository,
    private readonly prefs: PreferencesRepository,
    private readonly notifications: NotificationsService,
    private readonly accounts: AccountsService,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async publish(input: { version: string; effectiveAt: Date; material: boolean; summary: string }, actor: Account): Promise<PolicyVersionDoc> {
    const now = this.clock.now();
    const minDays = this.config.notifications.policyNoticeDays;
    if (input.material && input.effectiveAt.getTime() < now.getTime() + minDays * DAY_MS) {
      throw new InvalidInputError('NOTICE_TOO_SHORT', `A material change must take effect at least ${minDays} days after it is announced.`, [
        { field: 'effectiveAt', message: `must be at least ${minDays} days from now for a material change` },
      ]);
    }
    const doc: PolicyVersionDoc = { ...input, publishedAt: now };
    if (!(await this.repo.insert(doc))) throw new ConflictError('POLICY_VERSION_EXISTS', `Version ${input.version} is published already.`);
    await this.audit.record({
      actor: actor.subjectId,
      action: 'policy.publish',
      target: `policy:${input.version}`,
      outcome: 'success',
      details: { material: input.material },
    });
    // Only a material change is announced; editing e.g. the cookie list sends nothing.
    if (input.material) await this.queue.enqueue(NotificationJobs.PolicyNotice, { version: input.version }, { jobId: `policy-notice:${input.version}` });
    return doc;
  }

  /** Emails every active account once (idempotency key per version and account; a rerun resumes). */
  @JobHandler(NotificationJobs.PolicyNotice)
  async announce({ version }: JobPayloads[typeof NotificationJobs.PolicyNotice]): Promise<number> {
    const policy = await this.repo.findByVersion(version);
    if (!policy || !policy.material) return 0;
    let after: string | undefined;
    let count = 0;
    for (;;) {
      const page = await this.accounts.listActive(after, PAGE);
      for (const account of page) {
        await this.notifications.send({
          to: { accountId: account.id },
          template: 'policy-change',
          category: 'legal',
          idempotencyKey: `policy:${version}:${account.id}`,
          data: {
            version,
            effectiveDate: policy.effectiveAt.toISOString().slice(0, 10),
            summary: policy.summary,
            policyUrl: `${this.config.publicBaseUrl}/api/policies/current`,
          },
        });
        count++;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    return count;
  }

  async current(): Promise<{ current: PolicyVersionDoc | null; upcoming: PolicyVersionDoc[] }> {
    const now = this.clock.now().getTime();
    const all = await this.repo.all();
    return {
      current: all.find((p) => new Date(p.effectiveAt).getTime() <= now) ?? null,
      upcoming: all.filter((p) => new Date(p.effectiveAt).getTime() > now).reverse(),
    };
  }

  /** Material changes the account has not acknowledged yet (the banner shows them). */
  async pendingFor(accountId: string): Promise<PolicyVersionDoc[]> {
    const acked = new Set((await this.prefs.acknowledgedVersions(accountId)).map((a) => a.version));
    return (await this.repo.all()).filter((p) => p.material && !acked.has(p.version));
  }

  async acknowledge(account: Account, version: string): Promise<void> {
    if (!(await this.repo.findByVersion(version))) throw new NotFoundError('POLICY_VERSION_NOT_FOUND', `No policy version ${version} is published.`);
    await this.prefs.acknowledge(account.id, version, this.clock.now());
  }
}
