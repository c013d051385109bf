import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';
import type { ErasureOutcome } from '../../core/personal-data/personal-data.types';
import { ErasureRunDoc, RunStatus } from './schemas/erasure-run.schema';

@Injectable()
export class ErasureRunsRepository {
  constructor(@InjectModel(ErasureRunDoc.name) private readonly model: Model<ErasureRunDoc>) {}

  findById(id: string): Promise<ErasureRunDoc | null> {
    return this.model.findById(id).lean();
  }

  /** Creates the run, or returns the one another process created first. */
  async insertOrGet(doc: ErasureRunDoc): Promise<ErasureRunDoc> {
    try {
      return (await this.model.create(doc)).toObject();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.findById(doc._id))!;
    }
  }

  async recordStep(id: string, outcome: ErasureOutcome): Promise<void> {
    await this.model.updateOne({ _id: id, completedModules: { $ne: outcome.module } }, { $push: { completedModules: outcome.module, outcomes: outcome } });
  }

  async setStatus(id: string, status: RunStatus, extra: Partial<ErasureRunDoc> = {}, unsetSubject = false): Promise<void> {
    const update: Record<string, unknown> = { $set: { status, ...extra } };
    if (unsetSubject) update.$unset = { subject: 1 };
    await this.model.updateOne({ _id: id }, update);
  }

  findByStatus(status: RunStatus, limit: number): Promise<ErasureRunDoc[]> {
    return this.model.find({ status }).limit(limit).lean();
  }

  countByStatus(status: RunStatus): Promise<number> {
    return this.model.countDocuments({ status });
  }
}
