import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { takeMatching } from '../../core/database/batch-delete';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';
import { ChangeSource, Profile, PROFILE_MODEL, ProfileField, ProfileValues } from './schemas/profile.schema';

type ProfileDoc = Omit<Profile, 'accountId'> & { accountId: string; _id: unknown };

function toProfile(doc: ProfileDoc): Profile {
  const { _id, ...rest } = doc;
  return { ...rest, provenance: rest.provenance ?? {} } as Profile;
}

export interface ProfileWrite {
  set: Partial<ProfileValues>;
  unset: ProfileField[];
  /** Who made the change, recorded per field */
  source: ChangeSource;
}

/** The only code that touches the profiles collection. Every call is scoped by the owner's account id. */
@Injectable()
export class ProfileRepository {
  constructor(@InjectModel(PROFILE_MODEL) private readonly model: Model<ProfileDoc>) {}

  async findByAccountId(accountId: string): Promise<Profile | null> {
    const doc = await this.model.findOne({ accountId }).lean<ProfileDoc>();
    return doc ? toProfile(doc) : null;
  }

  /** The profile, created empty (version 0) on first use. */
  async ensure(accountId: string): Promise<Profile> {
    const found = await this.findByAccountId(accountId);
    if (found) return found;
    try {
      await this.model.create({ accountId, provenance: {}, version: 0 });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    return (await this.findByAccountId(accountId))!;
  }

  /**
   * Creates the profile at version 1 with its first values; null when it exists already (the unique
   * account id decides between racing creators).
   */
  async createWith(accountId: string, write: Omit<ProfileWrite, 'unset'>): Promise<Profile | null> {
    const provenance = Object.fromEntries(Object.keys(write.set).map((f) => [f, write.source]));
    try {
      const doc = await this.model.create({ accountId, ...write.set, provenance, version: 1 });
      return toProfile(doc.toObject() as ProfileDoc);
    } catch (err) {
      if (isDuplicateKeyError(err)) return null;
      throw err;
    }
  }

  /**
   * Atomic partial update guarded by the version: sets and unsets only the named fields, records
   * their source, increments the version. Returns null when the version moved on meanwhile.
   */
  async update(accountId: string, expectedVersion: number, write: ProfileWrite): Promise<Profile | null> {
    const $set: Record<string, unknown> = { ...write.set };
    const fields = [...Object.keys(write.set), ...write.unset] as ProfileField[];
    for (const f of fields) $set[`provenance.${f}`] = write.source;
    const update: Record<string, unknown> = { $set, $inc: { version: 1 } };
    if (write.unset.length) update.$unset = Object.fromEntries(write.unset.map((f) => [f, 1]));
    const doc = await this.model.findOneAndUpdate({ accountId, version: expectedVersion }, update, { returnDocument: 'after' }).lean<ProfileDoc>();
    return doc ? toProfile(doc) : null;
  }

  /** Deletes the profiles of these accounts; returns the account of each deleted one. */
  async takeByAccountIds(accountIds: string[]): Promise<string[]> {
    if (!accountIds.length) return [];
    return (await takeMatching<{ _id: unknown; accountId: string }>(this.model, { accountId: { $in: accountIds } }, ['accountId'])).map((d) => d.accountId);
  }
}
