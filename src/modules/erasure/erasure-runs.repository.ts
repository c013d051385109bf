import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertManyIfAbsent, isDuplicateKeyError } from '../../core/database/mongo-errors';
import { ErasureRunDoc, RunStatus } from './schemas/erasure-run.schema';
import { ErasureStepDoc } from './schemas/erasure-step.schema';

/** Erasure runs (one per person) and the steps of erasure batches. */
@Injectable()
export class ErasureRunsRepository {
  constructor(
    @InjectModel(ErasureRunDoc.name) private readonly model: Model<ErasureRunDoc>,
    @InjectModel(ErasureStepDoc.name) private readonly steps: Model<ErasureStepDoc>,
  ) {}

  findById(id: string): Promise<ErasureRunDoc | null> {
    return this.model.findById(id).lean();
  }

  findByIds(ids: string[]): Promise<ErasureRunDoc[]> {
    return ids.length ? this.model.find({ _id: { $in: ids } }).lean() : Promise.resolve([]);
  }

  /** Claims runs by inserting them (the unique _id decides). @returns the ids that existed already */
  async claim(runs: ErasureRunDoc[]): Promise<string[]> {
    const inserted = await insertManyIfAbsent(this.model.collection, runs.map((r) => ({ ...r })));
    return runs.filter((_, i) => !inserted[i]).map((r) => r._id);
  }

  /** Moves runs to another batch (taking over from a batch that went quiet). */
  async adopt(ids: string[], batch: string, at: Date): Promise<void> {
    if (ids.length) await this.model.updateMany({ _id: { $in: ids } }, { $set: { batch, heartbeatAt: at } });
  }

  /** Shows the batch is alive (one equality write over its runs). */
  async heartbeat(batch: string, at: Date): Promise<void> {
    await this.model.updateMany({ batch, status: 'running' }, { $set: { heartbeatAt: at } });
  }

  async markErased(ids: string[], set: { erasedAt: Date; kept: string[] }): Promise<void> {
    if (ids.length) await this.model.updateMany({ _id: { $in: ids } }, { $set: { status: 'erased', ...set } });
  }

  async setStatus(id: string, status: RunStatus, extra: Partial<ErasureRunDoc> = {}, unsetSubject = false): Promise<void> {
    const update: Record<string, unknown> = { $set: { status, ...extra } };
    if (unsetSubject) update.$unset = { subject: 1 };
    await this.model.updateOne({ _id: id }, update);
  }

  /** Verified runs forget who they were about. */
  async markVerified(ids: string[], at: Date): Promise<void> {
    if (ids.length) await this.model.updateMany({ _id: { $in: ids } }, { $set: { status: 'verified', verifiedAt: at }, $unset: { subject: 1 } });
  }

  findByStatus(status: RunStatus, limit: number): Promise<ErasureRunDoc[]> {
    return this.model.find({ status }).limit(limit).lean();
  }


  /** Runs of a batch not yet verified (equality on the batch, then filtered here). */
  async openInBatch(batch: string): Promise<number> {
    return (await this.model.find({ batch }, { status: 1 }).lean()).filter((r) => r.status !== 'verified').length;
  }

  stepsOf(batches: string[]): Promise<ErasureStepDoc[]> {
    if (!batches.length) return Promise.resolve([]);
    return batches.length === 1 ? this.steps.find({ batch: batches[0] }).lean() : this.steps.find({ batch: { $in: batches } }).lean();
  }

  /** Records a step; a second writer of the same step (a duplicate of the batch) changes nothing. */
  async recordStep(step: ErasureStepDoc): Promise<void> {
    try {
      await this.steps.create(step);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /** Whether any run of the batch is still running (one equality read). */
  async anyRunning(batch: string): Promise<boolean> {
    return !!(await this.model.exists({ batch, status: 'running' }));
  }

  /** The batches that have steps (a small collection: steps live until their batch is verified). */
  async batchesWithSteps(): Promise<string[]> {
    return (await this.steps.distinct('batch')).map(String);
  }

  async deleteSteps(batch: string): Promise<void> {
    await this.steps.deleteMany({ batch });
  }
}
