import type { mongo } from 'mongoose';

type Document = mongo.Document;
type Collection = mongo.Collection<Document>;
type Filter = mongo.Filter<Document>;
type UpdateFilter = mongo.UpdateFilter<Document>;
import { isDuplicateKeyError } from './mongo-errors';

/** The collection of claims (core's own; declared in core-collections.ts). */
export const GUARD_CLAIMS = 'guard_claims';
/** A claim older than this, whose document never moved on, is from a writer that died: it is cleared. */
export const GUARD_LEASE_MS = 30_000;

export interface GuardedUpdateOptions {
  /** The document's revision counter, incremented by every guarded change (default `version`). */
  versionField?: string;
  /** The time a claim is stamped with (defaults to the wall clock: this is a lease, not business time). */
  now?: Date;
}

/** The claims collection beside `collection` (a driver collection, or mongoose's wrapper of one). */
function claimsOf(collection: Collection): mongo.Collection<Claim> {
  const db = (collection as unknown as { conn?: { db?: mongo.Db } }).conn?.db ?? collection.db;
  return db.collection<Claim>(GUARD_CLAIMS);
}

interface Claim {
  _id: string;
  at: Date;
}

/**
 * The one guarded-update primitive: applies `update` to the document `id` only if it matches `where`
 * now, and only once among writers that race for the same state. Correct on MongoDB (where a
 * conditional update is atomic anyway) and on FerretDB 1.24 (where it is not: five racing
 * `findOneAndUpdate({ _id, version: 0 })` calls can all succeed).
 *
 * How: read the document under `where`; insert a claim `<collection>:<id>:<revision>` into a collection
 * whose `_id` is unique (a unique index holds on both servers), so exactly one writer per revision gets
 * to write; that writer applies the update conditioned on the revision and `where`, increments the
 * revision and drops its claim. A writer that dies between claim and update leaves a claim on a
 * revision that never moved on: after GUARD_LEASE_MS the next writer clears it and tries again.
 *
 * @returns the updated document, or null when `where` did not hold or another writer won the race
 */
export async function guardedUpdate(
  collection: Collection,
  id: unknown,
  where: Filter,
  update: UpdateFilter,
  opts: GuardedUpdateOptions = {},
): Promise<mongo.WithId<Document> | null> {
  const vf = opts.versionField ?? 'version';
  for (let attempt = 0; attempt < 2; attempt++) {
    const doc = await collection.findOne({ ...where, _id: id } as Filter);
    if (!doc) return null;
    const rev = Number((doc as Document)[vf] ?? 0);
    const claims = claimsOf(collection);
    const claimId = `${collection.collectionName}:${String(id)}:${rev}`;
    const at = opts.now ?? new Date();
    try {
      await claims.insertOne({ _id: claimId, at });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // Someone holds this revision. Clear the claim only when its writer must have died.
      const held = await claims.findOne({ _id: claimId });
      if (held && at.getTime() - new Date(held.at).getTime() > GUARD_LEASE_MS) {
        await claims.deleteOne({ _id: claimId, at: held.at });
        continue;
      }
      return null;
    }
    try {
      const revFilter = rev === 0 ? { $in: [0, null] } : rev;
      const inc = { ...((update as Document).$inc ?? {}), [vf]: 1 };
      return await collection.findOneAndUpdate({ ...where, _id: id, [vf]: revFilter } as Filter, { ...update, $inc: inc } as UpdateFilter, {
        returnDocument: 'after',
      });
    } finally {
      await claims.deleteOne({ _id: claimId });
    }
  }
  return null;
}

/**
 * guardedUpdate for many documents of one collection at once (one claim insert, one read, one write per
 * winner): for state moves of a batch, e.g. erasure runs from `running` to `erased`.
 * @returns the ids that this call moved
 */
export async function guardedUpdateMany(
  collection: Collection,
  ids: unknown[],
  where: Filter,
  update: UpdateFilter,
  opts: GuardedUpdateOptions = {},
): Promise<unknown[]> {
  if (!ids.length) return [];
  const vf = opts.versionField ?? 'version';
  const docs = await collection.find({ ...where, _id: { $in: ids } } as Filter, { projection: { _id: 1, [vf]: 1 } }).toArray();
  if (!docs.length) return [];
  const claims = claimsOf(collection);
  const at = opts.now ?? new Date();
  const wanted = docs.map((d) => ({
    id: d._id,
    rev: Number((d as Document)[vf] ?? 0),
    claim: `${collection.collectionName}:${String(d._id)}:${Number((d as Document)[vf] ?? 0)}`,
  }));
  const won = new Set(wanted.map((w) => w.claim));
  try {
    await claims.insertMany(
      wanted.map((w) => ({ _id: w.claim, at })),
      { ordered: false },
    );
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (!list.length || list.some((e) => e.code !== 11000)) throw err;
    for (const e of list) won.delete(wanted[e.index].claim);
  }
  const claimed = wanted.filter((w) => won.has(w.claim));
  try {
    // A claim on a revision is only worth something while the document is still at it: a writer that got
    // the claim after another finished (and dropped it) finds the revision moved on.
    const current = new Map(
      (await collection.find({ ...where, _id: { $in: claimed.map((w) => w.id) } } as Filter, { projection: { _id: 1, [vf]: 1 } }).toArray()).map((d) => [
        String(d._id),
        Number((d as Document)[vf] ?? 0),
      ]),
    );
    const mine = claimed.filter((w) => current.get(String(w.id)) === w.rev);
    const inc = { ...((update as Document).$inc ?? {}), [vf]: 1 };
    const ops = mine.map((w) => ({
      updateOne: {
        filter: { ...where, _id: w.id, [vf]: w.rev === 0 ? { $in: [0, null] } : w.rev } as Filter,
        update: { ...update, $inc: inc } as UpdateFilter,
      },
    }));
    if (ops.length) await collection.bulkWrite(ops, { ordered: false });
    return mine.map((w) => w.id);
  } finally {
    if (claimed.length) await claims.deleteMany({ _id: { $in: claimed.map((w) => w.claim) } });
  }
}
