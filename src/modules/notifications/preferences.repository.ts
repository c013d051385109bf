import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PolicyAcknowledgementDoc } from './schemas/policy.schema';
import { PreferenceDoc } from './schemas/preference.schema';
import { SuppressionDoc } from './schemas/suppression.schema';
import { takeMatching } from '../../core/database/batch-delete';
import { insertIfAbsent, insertManyIfAbsent } from '../../core/database/mongo-errors';

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

  /** Deletes the marketing preferences of these accounts; returns the account of each deleted one. */
  async takePreferences(accountIds: string[]): Promise<string[]> {
    if (!accountIds.length) return [];
    return (await takeMatching<{ _id: unknown; accountId: string }>(this.prefs, { accountId: { $in: accountIds } }, ['accountId'])).map((d) => d.accountId);
  }

  /** Deletes the policy acknowledgements of these accounts; returns the account of each deleted one. */
  async takeAcknowledgements(accountIds: string[]): Promise<string[]> {
    if (!accountIds.length) return [];
    return (await takeMatching<{ _id: unknown; accountId: string }>(this.acks, { accountId: { $in: accountIds } }, ['accountId'])).map((d) => d.accountId);
  }

  /** Suppresses many keyed hashes in one write. @returns per hash, true when it was not on the list before */
  suppressMany(emailHashes: string[], reason: SuppressionDoc['reason'], at: Date): Promise<boolean[]> {
    return insertManyIfAbsent(
      this.suppressions.collection,
      emailHashes.map((emailHash) => ({ emailHash, reason, createdAt: at })),
    );
  }
}
