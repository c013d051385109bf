import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { AppConfig } from '../../config/app-config';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { SessionsService } from '../identity/sessions.service';
import { thresholdFor } from './age-rule';
import { ReportDecidedError, ReportNotFoundError, ReportTargetRequiredError } from './minors.errors';
import { CHILD_REPORT_DECIDED_EVENT, CHILD_REPORT_EVENT, ChildReportDecidedEvent, ChildReportEvent } from './minors.events';
import { MinorReport, MinorsRepository } from './minors.repository';
import { MinorsService } from './minors.service';
import type { ReportStatus } from './schemas/minors.schemas';

export interface ReportView {
  id: string;
  source: 'request' | 'agent';
  status: ReportStatus;
  requestId: string | null;
  /** Shown to agents: what the report says (the reporter never sees any of this) */
  reporterEmail: string | null;
  childEmail: string | null;
  details: string | null;
  account: { subjectId: string; status: string } | null;
  suspendedByReport: boolean;
  decision: { outcome: string; reason: string; by: string; at: string } | null;
  createdAt: string;
}

/**
 * Reports that an account belongs to a child: from the requests desk (a verified parent or guardian)
 * and from agents. A report that names an account's verified address or its subject id suspends the
 * account meanwhile; an agent confirms (→ removal) or dismisses with a reason (→ recorded, the account
 * restored when the report suspended it). The desk is told the outcome and tells the reporter only that.
 */
@Injectable()
export class MinorReportsService {
  constructor(
    private readonly repo: MinorsRepository,
    private readonly minors: MinorsService,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @OnEvent(CHILD_REPORT_EVENT, { promisify: true, suppressErrors: false })
  async onChildReport(e: ChildReportEvent): Promise<void> {
    await this.intake({
      key: `request:${e.requestId}`,
      source: 'request',
      requestId: e.requestId,
      reporterEmail: e.reporterEmail.trim().toLowerCase(),
      childEmail: e.childEmail?.trim().toLowerCase() || undefined,
      details: e.details,
      enteredBy: e.enteredBy,
      actor: e.enteredBy ?? 'requester',
    });
  }

  /** An agent's report (from what they saw in a ticket, a call, a chat). */
  async report(agent: { subjectId: string }, input: { email?: string; subjectId?: string; details: string }): Promise<ReportView> {
    if (!input.email && !input.subjectId) throw new ReportTargetRequiredError();
    const report = await this.intake({
      key: `agent:${randomBytes(12).toString('hex')}`,
      source: 'agent',
      childEmail: input.email?.trim().toLowerCase(),
      namedSubjectId: input.subjectId,
      details: input.details,
      enteredBy: agent.subjectId,
      actor: agent.subjectId,
    });
    return this.view(report);
  }

  private async intake(input: {
    key: string;
    source: 'request' | 'agent';
    requestId?: string;
    reporterEmail?: string;
    childEmail?: string;
    namedSubjectId?: string;
    details: string;
    enteredBy?: string;
    actor: string;
  }): Promise<MinorReport> {
    const account = await this.accountNamed(input.childEmail, input.namedSubjectId);
    // Suspended meanwhile only when the report names the account itself (its verified address, or its id).
    let suspended = false;
    if (account) {
      suspended = !!(await this.accounts.setStatus(account.id, 'suspended', { suspendedAt: this.clock.now() }, { whereStatus: ['active'] }));
      if (suspended) await this.sessions.revokeAll(account.id);
    }
    const { report, created } = await this.repo.addReport({
      key: input.key,
      source: input.source,
      requestId: input.requestId,
      reporterEmail: input.reporterEmail,
      childEmail: input.childEmail,
      details: input.details,
      enteredBy: input.enteredBy,
      accountId: account?.id,
      accountSubjectId: account?.subjectId,
      suspendedByReport: suspended,
      status: 'open',
    });
    if (created)
      await this.audit.record({
        actor: input.actor,
        action: 'minors.report',
        target: account?.subjectId ?? String(report._id),
        outcome: 'success',
        details: { report: String(report._id), source: input.source, suspended },
      });
    return report;
  }

  /** A verified address of exactly one account, or an account's subject id. */
  private async accountNamed(email?: string, subjectId?: string): Promise<Account | null> {
    if (subjectId) {
      const bySubject = await this.accounts.findBySubjectId(subjectId);
      if (bySubject && bySubject.status !== 'erased') return bySubject;
    }
    if (!email) return null;
    const verified = (await this.accounts.findByEmail(email)).filter((a) => a.emailVerified && a.status !== 'erased');
    return verified.length === 1 ? verified[0] : null;
  }

  async list(opts: { status?: ReportStatus; before?: string; limit?: number }): Promise<{ items: ReportView[]; next: string | null }> {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
    const rows = await this.repo.listReports({ status: opts.status, before: opts.before, limit: limit + 1 });
    const page = rows.slice(0, limit);
    return { items: await Promise.all(page.map((r) => this.view(r))), next: rows.length > limit ? String(page[page.length - 1]._id) : null };
  }

  async get(id: string): Promise<ReportView> {
    const r = await this.repo.findReport(id);
    if (!r) throw new ReportNotFoundError();
    return this.view(r);
  }

  /**
   * Confirmed: the desk closes the request first (its last write to the request, so the erasure that
   * follows never races it), then the account (if the report found one) is removed as a child's.
   */
  async confirm(id: string, agent: { subjectId: string }, reason: string): Promise<ReportView> {
    const decided = await this.decide(id, agent, reason, 'confirmed');
    await this.tellDesk(decided, 'confirmed', reason, agent.subjectId);
    let removed = false;
    if (decided.accountId) {
      const t = thresholdFor(this.minors.thresholds);
      removed = await this.minors.remove(
        decided.accountId,
        {
          signal: 'report',
          rule: `agent-confirmed-report:${t.rule}`,
          ruleSource: `report ${String(decided._id)}, confirmed by an agent; ${t.source}`,
          threshold: t.age,
        },
        { actor: agent.subjectId },
      );
    }
    await this.audit.record({
      actor: agent.subjectId,
      action: 'minors.report.confirm',
      target: decided.accountSubjectId ?? String(decided._id),
      outcome: 'success',
      details: { report: String(decided._id), removed },
    });
    return this.view(decided);
  }

  /** Dismissed with a reason: recorded; the account comes back if this report suspended it. */
  async dismiss(id: string, agent: { subjectId: string }, reason: string): Promise<ReportView> {
    const decided = await this.decide(id, agent, reason, 'dismissed');
    let restored = false;
    if (decided.accountId && decided.suspendedByReport) {
      const others = (await this.repo.reportsNaming([decided.accountId], [])).filter((r) => r.status === 'open' && r.suspendedByReport);
      if (!others.length) restored = !!(await this.accounts.setStatus(decided.accountId, 'active', {}, { whereStatus: ['suspended'], unset: ['suspendedAt'] }));
    }
    await this.audit.record({
      actor: agent.subjectId,
      action: 'minors.report.dismiss',
      target: decided.accountSubjectId ?? String(decided._id),
      outcome: 'success',
      details: { report: String(decided._id), restored },
    });
    await this.tellDesk(decided, 'dismissed', reason, agent.subjectId);
    return this.view(decided);
  }

  private async decide(id: string, agent: { subjectId: string }, reason: string, outcome: 'confirmed' | 'dismissed'): Promise<MinorReport> {
    const report = await this.repo.findReport(id);
    if (!report) throw new ReportNotFoundError();
    if (report.status !== 'open') throw new ReportDecidedError(report.status);
    const at = this.clock.now();
    const decided = await this.repo.decideReport(report._id, {
      status: outcome,
      decision: { outcome, reason, by: agent.subjectId, at },
      pruneAt: new Date(at.getTime() + this.config.minors.reportDays * DAY_MS),
    });
    if (!decided) throw new ReportDecidedError('decided');
    return decided;
  }

  private async tellDesk(r: MinorReport, outcome: 'confirmed' | 'dismissed', reason: string, by: string): Promise<void> {
    if (!r.requestId) return;
    const event: ChildReportDecidedEvent = { requestId: r.requestId, outcome, reason, decidedBy: by };
    await this.events.emitAsync(CHILD_REPORT_DECIDED_EVENT, event);
  }

  private async view(r: MinorReport): Promise<ReportView> {
    const account = r.accountId ? await this.accounts.findById(r.accountId) : null;
    return {
      id: String(r._id),
      source: r.source,
      status: r.status,
      requestId: r.requestId ?? null,
      reporterEmail: r.reporterEmail ?? null,
      childEmail: r.childEmail ?? null,
      details: r.details ?? null,
      account: r.accountSubjectId ? { subjectId: r.accountSubjectId, status: account?.status ?? 'erased' } : null,
      suspendedByReport: r.suspendedByReport,
      decision: r.decision ? { ...r.decision, at: new Date(r.decision.at).toISOString() } : null,
      createdAt: new Date(r.createdAt).toISOString(),
    };
  }
}
