import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PolicyAcknowledgementDoc } from './schemas/policy.schema';
import { PreferenceDoc } from './schemas/preference.schema';
import { SuppressionDoc } from './schemas/suppression.schema';
import { insertIfAbsent } from '../../core/database/mongo-errors';

/** Marketing consent, the suppression list and policy acknowledgements. */
@Injectable()
export class PreferencesRepository {
  constructor(
    @InjectModel(PreferenceDoc.name) private readonly prefs: Model<PreferenceDoc>,
    @InjectModel(SuppressionDoc.name) private readonly suppressions: Model<SuppressionDoc>,
    @InjectModel(PolicyAcknowledgementDoc.name) private readonly acks: Model<PolicyAcknowledgementDoc>,
  ) {}

  async marketingConsent(accountId: string): Promise<boolean> {
    return (await this.prefs.findOne({ accountId }).lean())?.marketing ?? false;
  }

  async setMarketingConsent(accountId: string, marketing: boolean, at: Date): Promise<void> {
    await this.prefs.updateOne({ accountId }, { $set: { marketing, updatedAt: at } }, { upsert: true });
  }

  async preferenceOf(accountId: string): Promise<PreferenceDoc | null> {
    return this.prefs.findOne({ accountId }, { _id: 0 }).lean();
  }

  async deletePreference(accountId: string): Promise<number> {
    return (await this.prefs.deleteOne({ accountId })).deletedCount ?? 0;
  }

  async isSuppressed(emailHash: string): Promise<boolean> {
    return !!(await this.suppressions.exists({ emailHash }));
  }

  /** @returns true when the hash was not on the list before */
  suppress(emailHash: string, reason: SuppressionDoc['reason'], at: Date): Promise<boolean> {
    return insertIfAbsent(this.suppressions, { emailHash, reason, createdAt: at });
  }

  async acknowledge(accountId: string, version: string, at: Date): Promise<void> {
    await insertIfAbsent(this.acks, { accountId, version, at });
  }

  async acknowledgedVersions(accountId: string): Promise<PolicyAcknowledgementDoc[]> {
    return this.acks.find({ accountId }, { _id: 0 }).lean();
  }

  async deleteAcknowledgements(accountId: string): Promise<number> {
    return (await this.acks.deleteMany({ accountId })).deletedCount ?? 0;
  }
}
