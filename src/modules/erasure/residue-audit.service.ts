import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import type { IdentifierKind, Subject } from '../../core/personal-data/personal-data.types';
import { PersonalDataRegistry } from '../../core/personal-data/personal-data.registry';
import { AuditService } from '../audit/audit.service';
import { ErasureJobs } from './erasure.jobs';
import { ErasureMetrics } from './erasure.metrics';
import { ResidueAuditRepository } from './residue-audit.repository';
import { ResidueRepository } from './residue.repository';
import type { ResidueAuditDoc, ResidueAuditHit } from './schemas/residue-audit.schema';

const PURPOSE = 'erasure:residue-audit';
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /^\+?[\d\s()-]{7,}$/;
/** Strings longer than this are only searched for addresses inside them. */
const LONG = 320;

export interface ResidueAuditResult {
  audit: string;
  /** Whether this call finished the audit (false: it stopped early and resumes next time) */
  finished: boolean;
  scanned: number;
  hashes: number;
  hits: ResidueAuditHit[];
}

function identifierKinds(s: Subject): [string, IdentifierKind][] {
  const out: [string, IdentifierKind][] = [];
  if (s.accountId) out.push([s.accountId, 'accountId']);
  if (s.subjectId) out.push([s.subjectId, 'subjectId']);
  for (const e of s.emails) out.push([e, 'email']);
  for (const p of s.providerSubjects ?? []) out.push([p.subject, 'providerSubject']);
  for (const p of s.phones ?? []) out.push([p.replace(/[\s()-]+/g, ''), 'phone']);
  return out.filter(([v]) => v && v.trim().length >= 3);
}

/**
 * The full residue audit (`residue-audit`, `RESIDUE_AUDIT_CRON`, weekly by default; `npm run cli --
 * residue:audit` runs it now): reads every document of every collection, for what no handler declared,
 * and looks for the identifiers of everyone erased since the last audit. It holds only keyed hashes of
 * those identifiers (written when the per-batch verification passed them) and hashes what it reads the
 * same way. It reads in `_id` order, RESIDUE_AUDIT_PAGE_SIZE documents at a time with
 * RESIDUE_AUDIT_PAUSE_MS between pages (so the API keeps its share of the database), records its place
 * after every page and resumes there after a crash. A hit is reported loudly: an error log naming the
 * collection, the field and the document's `_id`, `rightsdesk_residue_audit_hits_total`, an audit entry.
 * When it finishes, the hashes of the people it covered (added before it started) are dropped.
 */
@Injectable()
export class ResidueAuditService {
  private readonly logger = new Logger(ResidueAuditService.name);

  constructor(
    private readonly repo: ResidueAuditRepository,
    private readonly data: ResidueRepository,
    private readonly registry: PersonalDataRegistry,
    private readonly hashes: KeyedHash,
    private readonly audit: AuditService,
    private readonly metrics: ErasureMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The keyed hash the audit compares by (values trimmed and lower-cased on both sides). */
  hashOf(value: string): string {
    return this.hashes.hex(PURPOSE, value.trim().toLowerCase());
  }

  /** Keeps keyed hashes of these people's identifiers for the next full audit. */
  async remember(subjects: Subject[]): Promise<void> {
    const at = this.clock.now();
    const seen = new Set<string>();
    const docs = [];
    for (const s of subjects)
      for (const [value, kind] of identifierKinds(s)) {
        const h = this.hashOf(value);
        if (!seen.has(h)) docs.push({ _id: h, kind, addedAt: at });
        seen.add(h);
      }
    await this.repo.addHashes(docs);
  }

  @JobHandler(ErasureJobs.ResidueAudit, { cron: (c) => c.cron.residueAudit })
  async runJob(): Promise<ResidueAuditResult> {
    return this.run();
  }

  /**
   * Runs (or resumes) the audit. `maxPages` stops it early after that many pages (it resumes on the next
   * call), for tests of resumption and for operators who want a bounded run.
   */
  async run(opts: { maxPages?: number; pageSize?: number; pauseMs?: number } = {}): Promise<ResidueAuditResult> {
    const pageSize = opts.pageSize ?? this.config.residueAudit.pageSize;
    const pauseMs = opts.pauseMs ?? this.config.residueAudit.pauseMs;
    const wanted = await this.repo.allHashes();
    const running = await this.repo.running();
    // Nothing to look for: nobody was erased since the last audit.
    if (!running && !wanted.size) return { audit: 'none', finished: true, scanned: 0, hashes: 0, hits: [] };
    const audit = running ?? (await this.begin(wanted.size));
    const declared = this.registry.collections();
    const hits: ResidueAuditHit[] = [...audit.hits];
    let { position, lastId, scanned } = audit;
    let pages = 0;
    const save = async (found: ResidueAuditHit[]) => {
      await this.repo.progress(audit._id, { position, lastId, scanned, heartbeatAt: this.clock.now() }, found);
    };
    if (wanted.size)
      while (position < audit.collections.length) {
        const collection = audit.collections[position];
        const decl = declared.get(collection);
        const where = Object.entries(decl?.residueExempt?.where ?? {});
        let inPage = 0;
        let found: ResidueAuditHit[] = [];
        for await (const doc of this.data.pages(collection, lastId, pageSize)) {
          lastId = doc._id;
          scanned++;
          inPage++;
          if (!(where.length && where.every(([k, v]) => doc[k] === v)))
            for (const hit of this.hitsIn(doc, wanted, '')) {
              if (hit.kind === 'subjectId' && decl?.holds === 'pseudonymous') continue;
              found.push(await this.report(audit._id, collection, hit.field, doc._id));
            }
          if (inPage >= pageSize) {
            hits.push(...found);
            await save(found);
            found = [];
            inPage = 0;
            if (opts.maxPages && ++pages >= opts.maxPages) return { audit: audit._id, finished: false, scanned, hashes: wanted.size, hits };
            if (pauseMs) await sleep(pauseMs);
          }
        }
        hits.push(...found);
        position++;
        lastId = undefined;
        await save(found);
      }
    await this.repo.finish(audit._id, this.clock.now());
    const dropped = await this.repo.dropHashesAddedBefore(audit.startedAt);
    this.metrics.residueAudits.inc({ outcome: hits.length ? 'residue' : 'clean' });
    this.logger.log({ audit: audit._id, scanned, hashes: wanted.size, dropped, hits: hits.length }, 'residue audit finished');
    return { audit: audit._id, finished: true, scanned, hashes: wanted.size, hits };
  }

  private async begin(hashes: number): Promise<ResidueAuditDoc> {
    const now = this.clock.now();
    const declared = this.registry.collections();
    // Everything but the erasure's own bookkeeping (declared exempt as a whole).
    const collections = (await this.data.collectionNames()).filter((c) => !(declared.get(c)?.residueExempt && !declared.get(c)?.residueExempt?.where)).sort();
    const doc: ResidueAuditDoc = {
      _id: `audit_${now.toISOString()}_${randomBytes(4).toString('hex')}`,
      status: 'running',
      startedAt: now,
      heartbeatAt: now,
      collections,
      position: 0,
      scanned: 0,
      hashes,
      hits: [],
    };
    await this.repo.start(doc);
    return doc;
  }

  private async report(audit: string, collection: string, field: string, id: unknown): Promise<ResidueAuditHit> {
    // An _id that is itself the identifier is not written out.
    const documentId = field === '_id' ? `hash:${this.hashOf(String(id)).slice(0, 16)}` : idText(id);
    const hit = { collection, field, documentId };
    this.metrics.residueAuditHits.inc({ collection });
    this.logger.error({ audit, ...hit }, 'RESIDUE AUDIT: an identifier of an erased person is still stored where no handler declared it');
    await this.audit.record({ actor: 'system:erasure', action: 'erasure.residue-audit', target: audit, outcome: 'failed', details: { ...hit } });
    return hit;
  }

  /** The places in a document whose value is one of the wanted identifiers (by keyed hash). */
  private hitsIn(value: unknown, wanted: Map<string, string>, field: string, depth = 0): { field: string; kind: string }[] {
    if (depth > 12 || value === null || value === undefined) return [];
    const at = (candidates: string[]) => {
      for (const c of candidates) {
        const kind = wanted.get(this.hashOf(c));
        if (kind) return [{ field: field || '_id', kind }];
      }
      return [];
    };
    if (typeof value === 'string') {
      const v = value.trim();
      if (v.length < 3) return [];
      const candidates = v.length <= LONG ? [v] : [];
      if (v.includes('@')) for (const m of v.match(EMAIL_IN_TEXT) ?? []) if (m !== v) candidates.push(m);
      if (PHONE.test(v)) candidates.push(v.replace(/[\s()-]+/g, ''));
      return at(candidates);
    }
    if (typeof value !== 'object') return [];
    if (typeof (value as { toHexString?: unknown }).toHexString === 'function') return at([(value as { toHexString(): string }).toHexString()]);
    if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return [];
    if (Array.isArray(value)) return value.flatMap((v) => this.hitsIn(v, wanted, field, depth + 1));
    return Object.entries(value as object).flatMap(([k, v]) => this.hitsIn(v, wanted, field ? `${field}.${k}` : k, depth + 1));
  }
}

function idText(id: unknown): string {
  if (id && typeof (id as { toHexString?: unknown }).toHexString === 'function') return (id as { toHexString(): string }).toHexString();
  return String(id);
}
