import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { takeMatching } from '../../core/database/batch-delete';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';
import { PrincipalCache } from './principal-cache';
import { Account, AccountDoc, AccountStatus, Role, toAccount } from './schemas/account.schema';
import { guardedUpdate } from '../../core/database/guarded-update';

export type AccountPatch = Partial<
  Pick<Account, 'email' | 'emailVerified' | 'status' | 'locale' | 'localeChosen' | 'terminatedAt' | 'purgeAfter' | 'suspendedAt' | 'lastAuthAt'>
>;

/** The only code that touches the accounts collection. */
@Injectable()
export class AccountsRepository {
  constructor(
    @InjectModel(AccountDoc.name) private readonly model: Model<AccountDoc>,
    private readonly cache: PrincipalCache,
  ) {}

  /** The account for the auth guard: from the principal cache, else the database (then cached). */
  async findPrincipal(id: string): Promise<Account | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const cached = await this.cache.get(id);
    if (cached) return cached;
    const account = await this.findById(id);
    if (account) await this.cache.put(account);
    return account;
  }

  async create(
    data: Pick<Account, 'subjectId' | 'emailVerified' | 'roles' | 'locale' | 'localeChosen'> & { id?: string; email?: string; lastAuthAt?: Date },
  ): Promise<Account> {
    const { id, ...fields } = data;
    try {
      const doc = await this.model.create({ ...fields, ...(id ? { _id: new Types.ObjectId(id) } : {}), status: 'active', version: 0 });
      return toAccount(doc.toObject());
    } catch (err) {
      const existing = id && isDuplicateKeyError(err) ? await this.findById(id) : null;
      if (existing) return existing;
      throw err;
    }
  }

  async findById(id: string): Promise<Account | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model.findById(id).lean();
    return doc ? toAccount(doc) : null;
  }

  /** Which of these subject ids name an account not erased (one indexed `$in` read, projected). */
  async existingSubjectIds(subjectIds: string[]): Promise<Set<string>> {
    if (!subjectIds.length) return new Set();
    const docs = await this.model.find({ subjectId: { $in: subjectIds } }, { subjectId: 1, status: 1 }).lean<{ subjectId: string; status: string }[]>();
    return new Set(docs.filter((d) => d.status !== 'erased').map((d) => d.subjectId));
  }

  async findBySubjectId(subjectId: string): Promise<Account | null> {
    const doc = await this.model.findOne({ subjectId }).lean();
    return doc ? toAccount(doc) : null;
  }

  async findByEmail(email: string): Promise<Account[]> {
    const docs = await this.model.find({ email: email.trim().toLowerCase() }).lean();
    return docs.map(toAccount);
  }

  /**
   * Atomic partial update; with expectedVersion the write happens only if nobody changed the account
   * meanwhile. Returns the new account, or null when it does not exist or the version moved on.
   */
  async update(
    id: string,
    patch: AccountPatch,
    opts: { expectedVersion?: number; unset?: (keyof AccountPatch)[]; whereStatus?: AccountStatus[] } = {},
  ): Promise<Account | null> {
    const filter: Record<string, unknown> = { _id: new Types.ObjectId(id) };
    if (opts.expectedVersion !== undefined) filter.version = opts.expectedVersion;
    if (opts.whereStatus) filter.status = { $in: opts.whereStatus };
    const update: Record<string, unknown> = { $set: patch };
    if (opts.unset?.length) update.$unset = Object.fromEntries(opts.unset.map((k) => [k, 1]));
    if (opts.expectedVersion === undefined && !opts.whereStatus) {
      const doc = await this.model.findOneAndUpdate(filter, { ...update, $inc: { version: 1 } }, { returnDocument: 'after' }).lean();
      if (doc) await this.cache.forget(id);
      return doc ? toAccount(doc) : null;
    }
    // A conditional move (a status change, an edit on a version): one winner among racing writers, on FerretDB too.
    const { _id, ...where } = filter;
    const doc = await guardedUpdate(this.model.collection, _id as Types.ObjectId, where, update);
    if (doc) await this.cache.forget(id);
    return doc ? toAccount(doc as unknown as AccountDoc & { _id: Types.ObjectId }) : null;
  }

  /** Removes `email` from these accounts where they hold it unverified (a verified owner claimed it). */
  async unsetUnverifiedEmail(ids: string[], email: string): Promise<number> {
    const valid = ids.filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i));
    if (!valid.length) return 0;
    const res = await this.model.updateMany(
      { _id: { $in: valid }, email, emailVerified: { $ne: true } },
      { $unset: { email: 1 }, $set: { emailVerified: false }, $inc: { version: 1 } },
    );
    return res.modifiedCount ?? 0;
  }

  async addRole(id: string, role: Role): Promise<Account | null> {
    const doc = await this.model.findByIdAndUpdate(id, { $addToSet: { roles: role }, $inc: { version: 1 } }, { returnDocument: 'after' }).lean();
    await this.cache.forget(id);
    return doc ? toAccount(doc) : null;
  }

  async removeRole(id: string, role: Role): Promise<Account | null> {
    const doc = await this.model.findByIdAndUpdate(id, { $pull: { roles: role }, $inc: { version: 1 } }, { returnDocument: 'after' }).lean();
    await this.cache.forget(id);
    return doc ? toAccount(doc) : null;
  }

  /** Accounts by id, in one read (ids that are not ObjectIds match nothing). */
  async findByIds(ids: string[]): Promise<Account[]> {
    const valid = ids.filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i));
    if (!valid.length) return [];
    return (await this.model.find({ _id: { $in: valid } }).lean()).map(toAccount);
  }

  /** Deletes the accounts with these ids or subject ids; returns the id and subject id of each one deleted. */
  async takeByIdsOrSubjectIds(ids: string[], subjectIds: string[]): Promise<{ id: string; subjectId: string }[]> {
    const or: Record<string, unknown>[] = [];
    const valid = ids.filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i));
    if (valid.length) or.push({ _id: { $in: valid } });
    if (subjectIds.length) or.push({ subjectId: { $in: subjectIds } });
    if (!or.length) return [];
    const docs = await takeMatching<{ _id: Types.ObjectId; subjectId: string }>(this.model, or.length === 1 ? or[0] : { $or: or }, ['subjectId']);
    await this.cache.forget(...docs.map((d) => d._id.toHexString()));
    return docs.map((d) => ({ id: d._id.toHexString(), subjectId: d.subjectId }));
  }

  async deleteById(id: string): Promise<number> {
    const res = await this.model.deleteOne({ _id: new Types.ObjectId(id) });
    await this.cache.forget(id);
    return res.deletedCount ?? 0;
  }

  /** Active accounts, paged by _id (for notices to everyone). */
  async listActive(afterId: string | undefined, limit: number): Promise<Account[]> {
    const filter: Record<string, unknown> = { status: 'active' };
    if (afterId) filter._id = { $gt: new Types.ObjectId(afterId) };
    const docs = await this.model.find(filter).sort({ _id: 1 }).limit(limit).lean();
    return docs.map(toAccount);
  }

  /** Accounts holding a role, paged by _id. */
  async listByRole(role: Role, afterId?: string, limit = 100): Promise<Account[]> {
    const filter: Record<string, unknown> = { roles: role };
    if (afterId) filter._id = { $gt: new Types.ObjectId(afterId) };
    const docs = await this.model.find(filter).sort({ _id: 1 }).limit(limit).lean();
    return docs.map(toAccount);
  }
}
