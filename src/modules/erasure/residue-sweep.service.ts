import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../core/clock/clock';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { withFound } from '../../core/personal-data/batch';
import type { CollectionDescription, IdentifierKind, Subject } from '../../core/personal-data/personal-data.types';
import { PersonalDataRegistry } from '../../core/personal-data/personal-data.registry';
import { AuditService } from '../audit/audit.service';
import { ErasureMetrics } from './erasure.metrics';
import { ERASURE_LEASE_MS } from './erasure.service';
import { ErasureRunsRepository } from './erasure-runs.repository';
import { idForms, ResidueRepository, valuesAt } from './residue.repository';
import { ResidueAuditService } from './residue-audit.service';
import type { ErasureRunDoc } from './schemas/erasure-run.schema';
import { ErasureJobs } from './erasure.jobs';

/** Runs verified per pass (the identifiers of this many people are held at once). */
const BATCH = 5000;
/** People looked up together: one query per collection (an `$in` per declared field) per chunk. */
const CHUNK = BATCH;

/** The identifiers of a person, by kind, as stored (emails lower-cased, phones without spaces). */
export function identifiersByKind(s: Subject): Record<IdentifierKind, string[]> {
  const ok = (v: string | undefined): v is string => !!v && v.length >= 3;
  return {
    accountId: [s.accountId].filter(ok),
    subjectId: [s.subjectId].filter(ok),
    email: s.emails.map((e) => e.trim().toLowerCase()).filter(ok),
    providerSubject: (s.providerSubjects ?? []).map((p) => p.subject).filter(ok),
    phone: (s.phones ?? []).map((p) => p.replace(/[\s()-]+/g, '')).filter(ok),
  };
}

/** One lookup the verification ran: the collection, the fields (each declared in `identifiedBy`), what came back. */
export interface VerificationLookup {
  collection: string;
  fields: string[];
  values: number;
  documents: number;
}

export interface VerificationResult {
  verified: number;
  residue: number;
  /** People whose identifiers were looked up */
  people: number;
  /** Queries run (each an indexed `$in` per declared field) */
  lookups: number;
  /** Documents those queries returned (what the database fetched: an index lookup reads only matches) */
  documentsRead: number;
  /** Documents read besides the matches: 0 with indexed lookups (MongoDB); on FerretDB 1.24, which uses no index, the declared collections' size */
  documentsScanned: number;
  /** Whether the lookups ran on the server's indexes */
  indexed: boolean;
  /** The lookups themselves, for the declared-index check */
  queries: VerificationLookup[];
}

type Declared = CollectionDescription & { module: string };

function normalise(v: unknown, kind: IdentifierKind): string | undefined {
  if (typeof v === 'string') return kind === 'phone' ? v.replace(/[\s()-]+/g, '') : kind === 'email' ? v.trim().toLowerCase() : v;
  if (v && typeof (v as { toHexString?: unknown }).toHexString === 'function') return (v as { toHexString(): string }).toHexString();
  return undefined;
}

/**
 * Per-batch verification of finished erasures (`residue-sweep`, enqueued after every erasure batch and by
 * `RESIDUE_SWEEP_CRON`): for the people just erased, looks their identifiers up in exactly the fields the
 * handlers declare (`identifiedBy`: account ids, subject ids, emails, provider ids), each backed by an
 * index, so its cost follows the people erased, not the database. A document found there that no handler
 * declared as kept (or exempt) marks the run `residue`, loudly. What no handler declared is the full
 * audit's job (ResidueAuditService): the verified people's identifiers are handed to it as keyed hashes.
 */
@Injectable()
export class ResidueSweepService {
  private readonly logger = new Logger(ResidueSweepService.name);

  constructor(
    private readonly runs: ErasureRunsRepository,
    private readonly data: ResidueRepository,
    private readonly registry: PersonalDataRegistry,
    private readonly audit: AuditService,
    private readonly residueAudit: ResidueAuditService,
    private readonly metrics: ErasureMetrics,
    private readonly clock: Clock,
  ) {}

  @JobHandler(ErasureJobs.ResidueSweep, { cron: (c) => c.cron.residueSweep })
  async sweep(): Promise<VerificationResult> {
    const result: VerificationResult = {
      verified: 0,
      residue: 0,
      people: 0,
      lookups: 0,
      documentsRead: 0,
      documentsScanned: 0,
      indexed: await this.data.indexedLookups(),
      queries: [],
    };
    const pending = await this.runs.findByStatus('erased', BATCH);
    if (!pending.length) {
      await this.dropFinishedSteps();
      return result;
    }
    // Identifiers the modules found while erasing (e.g. linked sign-in addresses) are in the batches' steps.
    const batches = [...new Set(pending.map((r) => r.batch))];
    const steps = await this.runs.stepsOf(batches);
    const subjects = new Map(pending.map((r) => [r._id, r.subject ?? { emails: [] }]));
    for (const step of steps) step.runs.forEach((run, i) => subjects.has(run) && subjects.set(run, withFound(subjects.get(run)!, step.outcomes[i]?.found)));
    const found = new Map<string, Set<string>>();
    for (let i = 0; i < pending.length; i += CHUNK) await this.lookUp(pending.slice(i, i + CHUNK), subjects, found, result);
    result.people = pending.length;
    const clean: ErasureRunDoc[] = [];
    for (const run of pending) {
      if (await this.conclude(run, found.get(run._id))) result.residue++;
      else clean.push(run);
    }
    // The full audit looks for the verified people's identifiers everywhere else, by keyed hash only.
    await this.residueAudit.remember(clean.map((r) => subjects.get(r._id)!));
    // Verified: the runs forget who they were about; finished batches drop their steps, others the
    // identifiers found for the verified runs.
    await this.runs.markVerified(
      clean.map((r) => r._id),
      this.clock.now(),
    );
    result.verified = clean.length;
    const verified = new Set(clean.map((r) => r._id));
    for (const batch of batches) if (!(await this.runs.dropStepsIfFinished(batch, this.quietSince()))) await this.runs.scrubFound(batch, verified);
    await this.dropFinishedSteps();
    return result;
  }

  /** Looks a chunk of people up in every declared identifier field; records each run's hits by collection. */
  private async lookUp(chunk: ErasureRunDoc[], subjects: Map<string, Subject>, found: Map<string, Set<string>>, result: VerificationResult): Promise<void> {
    // kind -> value -> runs
    const index = new Map<IdentifierKind, Map<string, string[]>>();
    for (const run of chunk) {
      for (const [kind, values] of Object.entries(identifiersByKind(subjects.get(run._id)!)) as [IdentifierKind, string[]][]) {
        const byValue = index.get(kind) ?? new Map<string, string[]>();
        for (const v of values) byValue.set(v, [...(byValue.get(v) ?? []), run._id]);
        index.set(kind, byValue);
      }
    }
    const keptBy = new Map(chunk.map((r) => [r._id, new Set(r.kept ?? [])]));
    for (const decl of this.registry.collections().values()) {
      const fields = this.lookupFields(decl);
      if (!fields.length) continue;
      const clauses = fields.map((f) => ({
        field: f.field,
        values: [...(index.get(f.kind)?.keys() ?? [])].flatMap((v) => (f.kind === 'accountId' ? idForms(v) : [v])),
      }));
      const asked = clauses.filter((c) => c.values.length);
      if (!asked.length) continue;
      const where = Object.entries(decl.residueExempt?.where ?? {});
      const { docs, scanned } = await this.data.lookup(decl.collection, asked, [...fields.map((f) => f.field), ...where.map(([k]) => k)]);
      result.lookups += asked.length;
      result.documentsRead += docs.length;
      result.documentsScanned += scanned;
      result.queries.push({
        collection: decl.collection,
        fields: asked.map((c) => c.field),
        values: asked.reduce((n, c) => n + c.values.length, 0),
        documents: docs.length,
      });
      for (const doc of docs) {
        if (where.length && where.every(([k, v]) => doc[k] === v)) continue;
        for (const f of fields) {
          for (const raw of valuesAt(doc, f.field.split('.'))) {
            const v = normalise(raw, f.kind);
            for (const run of (v && index.get(f.kind)?.get(v)) || []) {
              if (keptBy.get(run)?.has(decl.collection)) continue;
              const set = found.get(run) ?? new Set<string>();
              set.add(decl.collection);
              found.set(run, set);
            }
          }
        }
      }
    }
  }

  /**
   * The fields a collection is looked up by: its `identifiedBy`, except where the whole collection is
   * exempt, and subject ids in a pseudonymous collection (they are meant to stay: the mapping died).
   */
  lookupFields(decl: Declared): { field: string; kind: IdentifierKind }[] {
    if (decl.residueExempt && !decl.residueExempt.where) return [];
    return (decl.identifiedBy ?? []).filter((f) => !(f.kind === 'subjectId' && decl.holds === 'pseudonymous'));
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
}
