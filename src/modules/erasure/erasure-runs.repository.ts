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
    const inserted = await insertManyIfAbsent(
      this.model.collection,
      runs.map((r) => ({ ...r })),
    );
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

  /** @returns how many runs moved from running to erased (a late duplicate moves none) */
  async markErased(ids: string[], set: { erasedAt: Date; kept: string[] }): Promise<number> {
    if (!ids.length) return 0;
    // A plain conditional update: a claim per run would stay behind a worker killed mid-batch and block its
    // retry (found by the purge fault test); two executions finishing one batch write the same state, and
    // receipts and emails are unique per run.
    return (await this.model.updateMany({ _id: { $in: ids }, status: 'running' }, { $set: { status: 'erased', ...set } })).modifiedCount ?? 0;
  }

  async setStatus(id: string, status: RunStatus, extra: Partial<ErasureRunDoc> = {}): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status, ...extra } });
  }

  /** Verified runs forget who they were about. */
  async markVerified(ids: string[], at: Date): Promise<void> {
    if (ids.length) await this.model.updateMany({ _id: { $in: ids } }, { $set: { status: 'verified', verifiedAt: at }, $unset: { subject: 1 } });
  }

  findByStatus(status: RunStatus, limit: number): Promise<ErasureRunDoc[]> {
    return this.model.find({ status }).limit(limit).lean();
  }

  /** The status of each run of a batch (one equality read). */
  async statusesInBatch(batch: string): Promise<{ _id: string; status: RunStatus }[]> {
    return this.model.find({ batch }, { status: 1 }).lean();
  }

  stepsOf(batches: string[]): Promise<ErasureStepDoc[]> {
    if (!batches.length) return Promise.resolve([]);
    return batches.length === 1 ? this.steps.find({ batch: batches[0] }).lean() : this.steps.find({ batch: { $in: batches } }).lean();
  }

  /** Records a step; when a duplicate of the batch recorded it first, returns that one. */
  async recordStep(step: ErasureStepDoc): Promise<ErasureStepDoc> {
    try {
      await this.steps.create(step);
      return step;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.steps.findById(step._id).lean()) ?? step;
    }
  }

  /** Drops the identifiers found for these runs from their batch's steps (the counts stay until the batch is done). */
  async scrubFound(batch: string, runs: Set<string>): Promise<void> {
    for (const step of await this.steps.find({ batch }).lean()) {
      if (!step.runs.some((run, i) => runs.has(run) && step.outcomes[i]?.found)) continue;
      const outcomes = step.outcomes.map((o, i) => (runs.has(step.runs[i]) ? { module: o.module, items: o.items } : o));
      await this.steps.updateOne({ _id: step._id }, { $set: { outcomes } });
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

  /**
   * Deletes a batch's steps once nothing of it is left to do: all its runs verified, or (after a
   * takeover moved its runs away) no runs at all and no step newer than `quietSince`.
   */
  async dropStepsIfFinished(batch: string, quietSince: Date): Promise<boolean> {
    const statuses = await this.statusesInBatch(batch);
    if (statuses.some((r) => r.status !== 'verified')) return false;
    if (!statuses.length && (await this.steps.find({ batch }, { at: 1 }).lean()).some((st) => new Date(st.at) > quietSince)) return false;
    await this.steps.deleteMany({ batch });
    return true;
  }
}
