import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { takeMatching } from '../../core/database/batch-delete';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';
import { PROFILE_CHANGE_MODEL, ProfileChange } from './schemas/profile-change.schema';

type ChangeDoc = Omit<ProfileChange, 'id'> & { _id: Types.ObjectId; claim: string; pending?: boolean };

const toChange = ({ _id, claim: _c, pending: _p, ...rest }: ChangeDoc): ProfileChange => ({ id: _id.toHexString(), ...rest });
const versionClaim = (accountId: string, version: number) => `${accountId}:v${version}`;

/** The only code that touches profile_changes (the history, and the claims on profile versions). */
@Injectable()
export class ProfileChangesRepository {
  constructor(@InjectModel(PROFILE_CHANGE_MODEL) private readonly model: Model<ChangeDoc>) {}

  /**
   * A history entry written after the fact: a change outside the profile document (email,
   * preferences), or the creation of a profile (version 1, decided by the profile's unique account id).
   */
  async append(entry: Omit<ProfileChange, 'id'>): Promise<ProfileChange> {
    const _id = new Types.ObjectId();
    const claim = entry.version !== undefined ? versionClaim(entry.accountId, entry.version) : `${entry.accountId}:e:${_id.toHexString()}`;
    const doc = await this.model.create({ ...entry, _id, claim });
    return toChange(doc.toObject() as ChangeDoc);
  }

  /**
   * Claims the move of a profile to `entry.version`. Null when another writer claimed it first.
   * The entry stays hidden from the history until `applied`.
   */
  async claim(entry: Omit<ProfileChange, 'id'> & { version: number }): Promise<ProfileChange | null> {
    try {
      const doc = await this.model.create({ ...entry, claim: versionClaim(entry.accountId, entry.version), pending: true });
      return toChange(doc.toObject() as ChangeDoc);
    } catch (err) {
      if (isDuplicateKeyError(err)) return null;
      throw err;
    }
  }

  async applied(id: string): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(id) }, { $unset: { pending: 1 } });
  }

  /** Gives a claim back (its change was not applied). */
  async release(id: string): Promise<void> {
    await this.model.deleteOne({ _id: new Types.ObjectId(id), pending: true });
  }

  /** Removes a claim on `version` left pending since before `olderThan` (its writer died mid-way). */
  async releaseStale(accountId: string, version: number, olderThan: Date): Promise<boolean> {
    const res = await this.model.deleteOne({ claim: versionClaim(accountId, version), pending: true, at: { $lt: olderThan } });
    return (res.deletedCount ?? 0) > 0;
  }

  /**
   * Newest first, paged by _id; applied changes only. A claim still marked pending whose version the
   * profile has reached was applied by a writer that stopped just before marking it: it counts.
   */
  async list(accountId: string, opts: { limit: number; before?: string; appliedUpTo?: number }): Promise<ProfileChange[]> {
    const filter: Record<string, unknown> = { accountId, $or: [{ pending: { $ne: true } }, { version: { $lte: opts.appliedUpTo ?? 0 } }] };
    if (opts.before && Types.ObjectId.isValid(opts.before)) filter._id = { $lt: new Types.ObjectId(opts.before) };
    const docs = await this.model.find(filter).sort({ _id: -1 }).limit(opts.limit).lean<ChangeDoc[]>();
    return docs.map(toChange);
  }

  /** Deletes the change history of these accounts; returns the account of each deleted entry. */
  async takeByAccountIds(accountIds: string[]): Promise<string[]> {
    if (!accountIds.length) return [];
    return (await takeMatching<{ _id: unknown; accountId: string }>(this.model, { accountId: { $in: accountIds } }, ['accountId'])).map((d) => d.accountId);
  }
}
