import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { deleteIds } from '../../core/database/batch-delete';
import { insertManyIfAbsent } from '../../core/database/mongo-errors';
import { ResidueAuditDoc, ResidueAuditHashDoc, ResidueAuditHit } from './schemas/residue-audit.schema';

/** Hits kept on an audit's record (all of them are logged, counted and audited). */
const HITS_KEPT = 200;

/** The full residue audit's keyed hashes and its recorded progress. */
@Injectable()
export class ResidueAuditRepository {
  constructor(
    @InjectModel(ResidueAuditHashDoc.name) private readonly hashes: Model<ResidueAuditHashDoc>,
    @InjectModel(ResidueAuditDoc.name) private readonly audits: Model<ResidueAuditDoc>,
  ) {}

  async addHashes(docs: ResidueAuditHashDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += 1000) await insertManyIfAbsent(this.hashes.collection, docs.slice(i, i + 1000));
  }

  /** Every hash to look for, with its kind (a small collection: identifiers of the people erased since the last audit). */
  async allHashes(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for await (const d of this.hashes.find({}, { _id: 1, kind: 1 }).lean().cursor({ batchSize: 5000 })) out.set(d._id, d.kind);
    return out;
  }

  /** Drops the hashes an audit has passed: those added before it started. */
  async dropHashesAddedBefore(at: Date): Promise<number> {
    const ids = (await this.hashes.find({ addedAt: { $lt: at } }, { _id: 1 }).lean()).map((d) => d._id);
    return deleteIds(this.hashes, ids);
  }

  running(): Promise<ResidueAuditDoc | null> {
    return this.audits.findOne({ status: 'running' }).lean();
  }

  async start(doc: ResidueAuditDoc): Promise<void> {
    await this.audits.create(doc);
  }

  async progress(id: string, set: Pick<ResidueAuditDoc, 'position' | 'lastId' | 'scanned' | 'heartbeatAt'>, hits: ResidueAuditHit[]): Promise<void> {
    const { lastId, ...rest } = set;
    const update: Record<string, unknown> = { $set: lastId === undefined ? rest : set };
    if (lastId === undefined) update.$unset = { lastId: 1 };
    if (hits.length) update.$push = { hits: { $each: hits.slice(0, HITS_KEPT) } };
    await this.audits.updateOne({ _id: id }, update as never);
  }

  async finish(id: string, at: Date): Promise<void> {
    await this.audits.updateOne({ _id: id }, { $set: { status: 'done', finishedAt: at, heartbeatAt: at } });
  }

  findById(id: string): Promise<ResidueAuditDoc | null> {
    return this.audits.findById(id).lean();
  }
}
