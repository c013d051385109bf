import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertIfAbsent } from '../../core/database/mongo-errors';
import { PolicyVersionDoc } from './schemas/policy.schema';

@Injectable()
export class PoliciesRepository {
  constructor(@InjectModel(PolicyVersionDoc.name) private readonly model: Model<PolicyVersionDoc>) {}

  /** @returns false when that version exists already */
  insert(doc: PolicyVersionDoc): Promise<boolean> {
    return insertIfAbsent(this.model, doc);
  }

  findByVersion(version: string): Promise<PolicyVersionDoc | null> {
    return this.model.findOne({ version }, { _id: 0 }).lean();
  }

  /** All versions, newest effective date first (a short list: one per policy change). */
  all(): Promise<PolicyVersionDoc[]> {
    return this.model.find({}, { _id: 0 }).sort({ effectiveAt: -1 }).lean();
  }
}
