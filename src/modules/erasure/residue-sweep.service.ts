import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { withFound } from '../../core/personal-data/batch';
import type { Subject } from '../../core/personal-data/personal-data.types';
import { PersonalDataRegistry } from '../../core/personal-data/personal-data.registry';
import { AuditService } from '../audit/audit.service';
import { ErasureMetrics } from './erasure.metrics';
import { ERASURE_LEASE_MS } from './erasure.service';
import { ErasureRunsRepository } from './erasure-runs.repository';
import { ResidueRepository } from './residue.repository';
import type { ErasureRunDoc } from './schemas/erasure-run.schema';
import { ErasureJobs } from './erasure.jobs';

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BATCH = 5000;

type Hit = { run: string; kind: 'subjectId' | 'other' };

function identifiersOf(s: Subject): [string, Hit['kind']][] {
  const out: [string, Hit['kind']][] = [];
  if (s.subjectId) out.push([s.subjectId, 'subjectId']);
  if (s.accountId) out.push([s.accountId, 'other']);
  for (const e of s.emails) out.push([e.toLowerCase(), 'other']);
  for (const p of s.providerSubjects ?? []) out.push([p.subject, 'other']);
  for (const p of s.phones ?? []) out.push([p.replace(/\s+/g, ''), 'other']);
  return out.filter(([v]) => v && v.length >= 3);
}

/**
 * After erasures, reads every collection once and looks for any identifier of the people just erased
 * (account id, subject id, emails, provider subject ids, phones). Anything a handler did not declare as
 * kept fails that run loudly. One pass serves every run waiting for verification, so its cost is one read
 * of the database per sweep, not per person.
 */
@Injectable()
export class ResidueSweepService {
  private readonly logger = new Logger(ResidueSweepService.name);

  constructor(
    private readonly runs: ErasureRunsRepository,
    private readonly data: ResidueRepository,
    private readonly registry: PersonalDataRegistry,
    private readonly audit: AuditService,
    private readonly metrics: ErasureMetrics,
    private readonly clock: Clock,
  ) {}

  @JobHandler(ErasureJobs.ResidueSweep, { cron: (c) => c.cron.residueSweep })
  async sweep(): Promise<{ verified: number; residue: number }> {
    const pending = await this.runs.findByStatus('erased', BATCH);
    if (!pending.length) {
      await this.dropFinishedSteps();
      return { verified: 0, residue: 0 };
    }
    // Identifiers the modules found while erasing (e.g. linked sign-in addresses) are in the batches' steps.
    const batches = [...new Set(pending.map((r) => r.batch))];
    const steps = await this.runs.stepsOf(batches);
    const subjects = new Map(pending.map((r) => [r._id, r.subject ?? { emails: [] }]));
    for (const step of steps) step.runs.forEach((run, i) => subjects.has(run) && subjects.set(run, withFound(subjects.get(run)!, step.outcomes[i]?.found)));
    const index = new Map<string, Hit[]>();
    for (const run of pending) {
      for (const [value, kind] of identifiersOf(subjects.get(run._id)!)) {
        const list = index.get(value) ?? [];
        list.push({ run: run._id, kind });
        index.set(value, list);
      }
    }
    const keptBy = new Map(pending.map((r) => [r._id, new Set(r.kept ?? [])]));
    const found = new Map<string, Set<string>>();
    // What the handlers declared: exempt bookkeeping (whole collections or some documents), pseudonymous collections.
    const declared = this.registry.collections();
    for (const collection of await this.data.collectionNames()) {
      const decl = declared.get(collection);
      const exempt = decl?.residueExempt;
      if (exempt && !exempt.where) continue;
      const exemptDoc = exempt?.where ? Object.entries(exempt.where) : undefined;
      for await (const doc of this.data.stream(collection)) {
        if (exemptDoc?.every(([k, v]) => doc[k] === v)) continue;
        for (const hit of this.hitsIn(doc, index)) {
          if (keptBy.get(hit.run)?.has(collection)) continue;
          if (hit.kind === 'subjectId' && decl?.holds === 'pseudonymous') continue;
          const set = found.get(hit.run) ?? new Set<string>();
          set.add(collection);
          found.set(hit.run, set);
        }
      }
    }
    let residue = 0;
    const clean: string[] = [];
    for (const run of pending) {
      if (await this.conclude(run, found.get(run._id))) residue++;
      else clean.push(run._id);
    }
    // Verified: the runs forget who they were about; finished batches drop their steps, others the
    // identifiers found for the verified runs.
    await this.runs.markVerified(clean, this.clock.now());
    const verified = new Set(clean);
    for (const batch of batches) if (!(await this.runs.dropStepsIfFinished(batch, this.quietSince()))) await this.runs.scrubFound(batch, verified);
    await this.dropFinishedSteps();
    return { verified: clean.length, residue };
  }

  /**
   * Deletes the steps of every batch with nothing left to do, including steps a late duplicate of a
   * batch (e.g. a job Bull thought stalled) wrote after the batch was verified.
   */
  private async dropFinishedSteps(): Promise<void> {
    for (const batch of await this.runs.batchesWithSteps()) await this.runs.dropStepsIfFinished(batch, this.quietSince());
  }

  private quietSince(): Date {
    return new Date(this.clock.now().getTime() - ERASURE_LEASE_MS);
  }

  private async conclude(run: ErasureRunDoc, collections: Set<string> | undefined): Promise<boolean> {
    if (collections?.size) {
      const names = [...collections].sort();
      await this.runs.setStatus(run._id, 'residue', { residue: names });
      this.metrics.erasureFailures.inc({ stage: 'residue' });
      this.logger.error({ run: run._id, collections: names }, 'RESIDUE after erasure: data no handler declared as kept is still there');
      await this.audit.record({
        actor: 'system:erasure',
        action: 'erasure.residue',
        target: run._id,
        outcome: 'failed',
        details: { collections: names.join(',') },
      });
      return true;
    }
    return false;
  }

  private hitsIn(value: unknown, index: Map<string, Hit[]>, depth = 0): Hit[] {
    if (depth > 8 || value === null || value === undefined) return [];
    if (typeof value === 'string') {
      const v = value.trim().toLowerCase();
      const hits = [...(index.get(value) ?? []), ...(v !== value ? (index.get(v) ?? []) : [])];
      if (value.includes('@')) for (const m of value.match(EMAIL_IN_TEXT) ?? []) if (m.toLowerCase() !== v) hits.push(...(index.get(m.toLowerCase()) ?? []));
      if (/^\+?[\d\s()-]{7,}$/.test(value)) hits.push(...(index.get(value.replace(/[\s()-]+/g, '')) ?? []));
      return hits;
    }
    if (typeof value !== 'object') return [];
    if (typeof (value as { toHexString?: unknown }).toHexString === 'function') return index.get((value as { toHexString(): string }).toHexString()) ?? [];
    if (value instanceof Date || Buffer.isBuffer(value)) return [];
    const out: Hit[] = [];
    for (const v of Array.isArray(value) ? value : Object.values(value as object)) out.push(...this.hitsIn(v, index, depth + 1));
    return out;
  }
}
