import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ERASURE_COMPLETED_EVENT, ErasureCompletedEvent } from './erasure.events';
import { Clock } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { JobQueue } from '../../core/queue/job-queue.service';
import { slotOf } from '../../core/queue/schedule';
import { PersonalDataRegistry } from '../../core/personal-data/personal-data.registry';
import { withFound } from '../../core/personal-data/batch';
import type { ErasureOutcome, FoundIdentifiers, PersonalDataHandlerContract } from '../../core/personal-data/personal-data.types';
import type { ChainedEntry } from '../../core/database/hash-chain';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ErasureReceiptsRepository } from './erasure-receipts.repository';
import { ErasureRunsRepository } from './erasure-runs.repository';
import { ErasureRunDoc } from './schemas/erasure-run.schema';
import type { ErasureStepDoc } from './schemas/erasure-step.schema';
import type { ReceiptBody } from './schemas/erasure-receipt.schema';
import { ERASURE_RECEIPT_TEMPLATE } from './erasure.templates';
import { ErasureMetrics } from './erasure.metrics';
import { ErasureJobs } from './erasure.jobs';

/** Why a person is erased; named on the receipt and in the audit trail. */
export const ERASURE_REASONS = ['retention', 'request', 'minor', 'provider'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/**
 * A person to erase: an account (by id), or someone known only by an email address that they proved
 * is theirs (a trial-form contact, a colleague's entry, a forum poster), who never had an account.
 */
export type ErasureTarget = { accountId: string } | { email: string };

/** What a batch did, by target key (the account id, or the email address of a person without one). */
export interface BatchResult {
  /** Erased by this call */
  erased: string[];
  /** Erased before (a run exists and has finished) */
  alreadyDone: string[];
  /** Being erased by another batch that is alive; that batch finishes them */
  busy: string[];
  /** Accounts that do not exist and were never being erased */
  gone: string[];
}

/** Another execution of the same batch finished it while this one was working. */
class BatchFinishedError extends Error {
  constructor(batch: string) {
    super(`erasure batch ${batch} was finished by another execution`);
  }
}

/** A batch that has not shown signs of life for this long loses its runs to the next batch that wants them. */
export const ERASURE_LEASE_MS = 10 * 60 * 1000;
const HEARTBEAT_MS = 60 * 1000;
/**
 * Modules of one stage erase at the same time, two at once: they touch different collections, and on a
 * database that reads a whole collection per query (FerretDB) two queries use both cores of a small host.
 */
const PARALLEL_MODULES = 2;

/**
 * The one erasure path, for one person or many at once. Inserting a person's run (its id is a keyed
 * hash of the account id) claims them, so N workers erase each person once. Every registered
 * personal-data handler then erases the whole batch (identity first: it finds the addresses and provider
 * ids of linked sign-ins; then the other modules, two at a time; accounts last), and each module's part is
 * recorded as a step, so a crash resumes after the last finished module. Then one hash-chained receipt per person, emailed as their last message,
 * all written in one go per batch. The residue sweep (ResidueSweepService) verifies the result afterwards.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly runs: ErasureRunsRepository,
    private readonly receipts: ErasureReceiptsRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly accounts: AccountsService,
    private readonly metrics: ErasureMetrics,
    private readonly hashes: KeyedHash,
    private readonly queue: JobQueue,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  /** Enqueues the residue check for this slot (it also runs on a schedule, so an outage only delays it). */
  private async verifySoon(): Promise<void> {
    const slot = slotOf(this.clock.now());
    await this.queue
      .enqueue(ErasureJobs.ResidueSweep, { slot }, { jobId: `residue-sweep:${slot}`, delayMs: 5000 })
      .catch((err: Error) => this.logger.warn({ err: { message: err.message } }, 'residue check not enqueued now; its schedule runs it'));
  }

  /** The key of a target in results: the account id, or the (lower-cased) address. */
  keyOf(target: ErasureTarget): string {
    return 'accountId' in target ? target.accountId : target.email.trim().toLowerCase();
  }

  /** The run id of a person's erasure: a keyed hash of their account id or address, so the run names nobody. */
  runIdOf(target: ErasureTarget | string): string {
    const t = typeof target === 'string' ? { accountId: target } : target;
    const key = 'accountId' in t ? `account:${t.accountId}` : `email:${this.keyOf(t)}`;
    return `run_${this.hashes.hex('erasure', key).slice(0, 32)}`;
  }

  /** A batch's id, from the people it was asked to erase: a retried job resumes its own batch. */
  batchIdOf(targets: (ErasureTarget | string)[]): string {
    const keys = targets.map((t) => this.runIdOf(t));
    return `batch_${this.hashes.hex('erasure', `batch:${[...keys].sort().join(',')}`).slice(0, 32)}`;
  }

  /**
   * The one entry point: erases these people now, for `reason` (on the receipt and in the audit trail).
   * Accounts are erased whatever their status (a caller decides who is due: the retention purge, the
   * requests desk, under-13 removal, a provider's deletion callback); a person without an account is
   * erased by address. An account already gone whose erasure was interrupted is finished. Runs another
   * live batch holds are left to it; finished ones are reported as already done.
   */
  async eraseSubjects(targets: ErasureTarget[], reason: ErasureReason, opts: { batch?: string } = {}): Promise<BatchResult> {
    const byKey = new Map(targets.map((t) => [this.keyOf(t), t]));
    const batch = opts.batch ?? this.batchIdOf([...byKey.values()]);
    const now = this.clock.now();
    const accountIds = [...byKey.values()].flatMap((t) => ('accountId' in t ? [t.accountId] : []));
    const accounts = await this.accounts.findByIds(accountIds);
    const found = new Set(accounts.map((a) => a.id));
    const keyOfRun = new Map<string, string>();
    const claims: ErasureRunDoc[] = [];
    for (const a of accounts)
      claims.push({
        _id: this.runIdOf(a.id),
        batch,
        status: 'running',
        reason,
        subject: { accountId: a.id, subjectId: a.subjectId, emails: a.email ? [a.email.toLowerCase()] : [] },
        heartbeatAt: now,
        startedAt: now,
      });
    for (const [key, t] of byKey)
      if (!('accountId' in t))
        claims.push({ _id: this.runIdOf(t), batch, status: 'running', reason, subject: { emails: [key] }, heartbeatAt: now, startedAt: now });
    for (const [key, t] of byKey) keyOfRun.set(this.runIdOf(t), key);
    // Accounts that are gone: only an interrupted run of theirs is left to finish.
    const orphanRuns = accountIds.filter((id) => !found.has(id)).map((id) => this.runIdOf(id));
    const taken = new Set(await this.runs.claim(claims));
    const members = new Map(claims.filter((c) => !taken.has(c._id)).map((c) => [c._id, c]));
    const result: BatchResult = { erased: [], alreadyDone: [], busy: [], gone: [] };
    const stale: ErasureRunDoc[] = [];
    const existing = await this.runs.findByIds([...taken, ...orphanRuns]);
    const seen = new Set(existing.map((r) => r._id));
    result.gone.push(...orphanRuns.filter((r) => !seen.has(r)).map((r) => keyOfRun.get(r)!));
    for (const run of existing) {
      if (members.has(run._id)) continue;
      const accountId = keyOfRun.get(run._id)!;
      if (run.status !== 'running') result.alreadyDone.push(accountId);
      else if (run.batch === batch) members.set(run._id, run);
      else if (!(new Date(run.heartbeatAt).getTime() >= now.getTime() - ERASURE_LEASE_MS)) {
        stale.push(run);
        members.set(run._id, { ...run, batch });
      } else result.busy.push(accountId);
    }
    if (stale.length) await this.takeOver(batch, stale, now);
    if (!members.size) return result;
    if (taken.size) await this.runs.heartbeat(batch, now); // resuming: show this batch is alive again
    const people = [...members.values()];
    try {
      const { subjects, outcomeOf, kept } = await this.eraseSteps(batch, people);
      const erasedAt = this.clock.now();
      const receipts = await this.receipts.appendMany(
        people.map((run) => {
          const subject = subjects.get(run._id)!;
          return {
            run: run._id,
            reason: run.reason,
            emailHashes: subject.emails.map((e) => this.hashes.email(e)),
            subjectHash: subject.subjectId ? this.hashes.hex('erasure', `subject:${subject.subjectId}`) : undefined,
            items: this.ordered().flatMap((h) => {
              const module = h.describe().module;
              return (outcomeOf(module, run._id)?.items ?? []).map((i) => ({ module, ...i }));
            }),
            erasedAt: erasedAt.toISOString(),
          };
        }),
        erasedAt,
      );
      await this.notifications.sendMany(
        people.flatMap((run, i) => {
          const email = subjects.get(run._id)!.emails[0];
          return email ? [this.receiptEmail(email, run._id, receipts[i])] : [];
        }),
      );
      if (
        !(await this.runs.markErased(
          people.map((r) => r._id),
          { erasedAt, kept },
        ))
      )
        throw new BatchFinishedError(batch);
      await this.audit.recordMany(
        people.map((run, i) => ({
          actor: 'system:erasure',
          action: 'erasure.complete',
          target: run._id,
          outcome: 'success',
          details: { reason: run.reason, receipt: receipts[i].seq },
        })),
      );
      this.metrics.erased.inc(people.length);
      await this.verifySoon();
      const completed: ErasureCompletedEvent = {
        reason: people[0].reason as ErasureReason,
        subjectIds: people.flatMap((r) => (subjects.get(r._id)?.subjectId ? [subjects.get(r._id)!.subjectId!] : [])),
        runs: people.map((r) => r._id),
      };
      await this.events
        .emitAsync(ERASURE_COMPLETED_EVENT, completed)
        .catch((err: Error) => this.logger.error({ batch, err: { type: err.name, message: err.message } }, 'an erasure.completed listener failed'));
      result.erased.push(...people.map((r) => keyOfRun.get(r._id) ?? r.subject?.accountId ?? r._id));
      return result;
    } catch (err) {
      if (err instanceof BatchFinishedError) {
        // Finished by another execution, or taken over by another batch (then it is that batch's to finish).
        for (const run of await this.runs.findByIds(people.map((r) => r._id)))
          (run.status === 'running' ? result.busy : result.alreadyDone).push(keyOfRun.get(run._id) ?? run._id);
        return result;
      }
      this.metrics.erasureFailures.inc({ stage: 'handlers' });
      this.logger.error(
        { batch, runs: people.length, err: { type: (err as Error).name, message: (err as Error).message } },
        'erasure batch failed; it resumes on retry',
      );
      throw err;
    }
  }

  /**
   * Takes runs over from batches that went quiet: first copies what those batches already did for them
   * (their steps: counts, and identifiers found) into this batch, then moves the runs. In that order, a
   * crash in between leaves the runs with the old batch, and the next attempt does both again.
   */
  private async takeOver(batch: string, stale: ErasureRunDoc[], at: Date): Promise<void> {
    const ids = new Set(stale.map((r) => r._id));
    for (const old of await this.runs.stepsOf([...new Set(stale.map((r) => r.batch))])) {
      const keep = old.runs.map((run, i) => [run, i] as const).filter(([run]) => ids.has(run));
      if (!keep.length) continue;
      await this.runs.recordStep({
        _id: `${batch}:${old.module}:from:${old._id}`,
        batch,
        module: old.module,
        runs: keep.map(([run]) => run),
        outcomes: keep.map(([, i]) => old.outcomes[i]),
        at,
      });
    }
    await this.runs.adopt([...ids], batch, at);
    // An old batch with nothing left to finish or verify drops its steps (they name identifiers).
    for (const old of new Set(stale.map((r) => r.batch))) await this.runs.dropStepsIfFinished(old, new Date(at.getTime() - ERASURE_LEASE_MS));
  }

  /** Runs every handler over the batch, skipping modules a step already covers; returns what they did. */
  private async eraseSteps(batch: string, people: ErasureRunDoc[]) {
    const subjects = new Map(people.map((r) => [r._id, r.subject ?? { emails: [] }]));
    const steps = await this.runs.stepsOf([batch]);
    const outcomes = new Map<string, ErasureOutcome>();
    const absorb = (step: ErasureStepDoc) => {
      if (!steps.includes(step)) steps.push(step);
      step.runs.forEach((run, i) => {
        outcomes.set(`${step.module}|${run}`, step.outcomes[i]);
        const s = subjects.get(run);
        if (s) subjects.set(run, withFound(s, step.outcomes[i]?.found));
      });
    };
    steps.forEach(absorb);
    let beat = this.clock.now().getTime();
    const eraseModule = async (handler: PersonalDataHandlerContract) => {
      const { module } = handler.describe();
      const todo = people.map((r) => r._id).filter((run) => !outcomes.has(`${module}|${run}`));
      if (!todo.length) return;
      const id = `${batch}:${module}:${steps.filter((s) => s.module === module).length}`;
      // Identifiers a module finds are recorded before it deletes them (a step of their own).
      const onFound = async (found: (FoundIdentifiers | undefined)[]) => {
        const n = steps.filter((s) => s.module === `${module}:found`).length;
        absorb(
          await this.runs.recordStep({
            _id: `${id}:found:${n}`,
            batch,
            module: `${module}:found`,
            runs: todo,
            outcomes: found.map((f) => ({ module, items: [], ...(f ? { found: f } : {}) })),
            at: this.clock.now(),
          }),
        );
      };
      const done = await handler.eraseMany(
        todo.map((run) => subjects.get(run)!),
        onFound,
      );
      if (done.length !== todo.length) throw new Error(`The ${module} handler gave ${done.length} outcomes for ${todo.length} people`);
      // A late duplicate of a batch that finished meanwhile (a job thought stalled) records nothing.
      if (!(await this.runs.anyRunning(batch))) throw new BatchFinishedError(batch);
      absorb(await this.runs.recordStep({ _id: id, batch, module, runs: todo, outcomes: done, at: this.clock.now() }));
      if (this.clock.now().getTime() - beat > HEARTBEAT_MS) {
        beat = this.clock.now().getTime();
        await this.runs.heartbeat(batch, this.clock.now());
      }
    };
    // Identity first, then the modules that need nothing from each other, PARALLEL_MODULES at a time, then accounts.
    for (const stage of this.stages()) {
      let next = 0;
      // Settle both lanes before failing, so nothing of this attempt runs on beside its retry.
      const lanes = await Promise.allSettled(
        Array.from({ length: Math.min(PARALLEL_MODULES, stage.length) }, async () => {
          while (next < stage.length) await eraseModule(stage[next++]);
        }),
      );
      const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
      if (failed) throw failed.reason;
    }
    const kept = [...new Set(steps.flatMap((s) => s.outcomes.flatMap((o) => o.items.filter((i) => i.action === 'kept').map((i) => i.collection))))];
    return { subjects, kept, outcomeOf: (module: string, run: string) => outcomes.get(`${module}|${run}`) };
  }

  private receiptEmail(email: string, run: string, receipt: ChainedEntry<ReceiptBody>) {
    const kept = receipt.body.items.filter((i) => i.action === 'kept' && i.count > 0);
    return {
      to: { email },
      template: ERASURE_RECEIPT_TEMPLATE,
      category: 'service' as const,
      idempotencyKey: `erasure-receipt:${run}`,
      scrubAfterSend: true,
      data: {
        erasedAt: receipt.body.erasedAt.slice(0, 16).replace('T', ' '),
        receipt: `${receipt.seq}-${receipt.hash.slice(0, 12)}`,
        deleted: receipt.body.items.filter((i) => i.action !== 'kept').reduce((n, i) => n + i.count, 0),
        kept: kept.map((k) => `${k.collection}: ${k.count} (${k.basis}${k.keptUntil ? `, until ${k.keptUntil.slice(0, 10)}` : ''})`).join('; ') || 'nothing',
      },
    };
  }

  /** Handlers in erasure order, as the registry declares it. */
  private ordered(): PersonalDataHandlerContract[] {
    return this.registry.stages().flat();
  }

  private stages(): PersonalDataHandlerContract[][] {
    return this.registry.stages();
  }
}
