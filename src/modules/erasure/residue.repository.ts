import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Types, type Connection } from 'mongoose';

/** One lookup clause: documents whose `field` equals one of `values`. */
export interface LookupClause {
  field: string;
  values: unknown[];
}

/**
 * Read-only access to every collection, for the residue checks: indexed lookups of identifiers (the
 * per-batch verification) and `_id`-ordered pages of everything (the full audit).
 */
@Injectable()
export class ResidueRepository {
  private indexed?: Promise<boolean>;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async collectionNames(): Promise<string[]> {
    const list = await this.connection.db!.listCollections({}, { nameOnly: true }).toArray();
    return list.map((c) => c.name).filter((n) => !n.startsWith('system.'));
  }

  /**
   * The documents of `collection` that hold one of the values in one of the fields: `{ field: { $in } }`
   * per clause (an equality lookup on the field's index; several fields of one collection are one `$or`
   * of such lookups), projected to the fields named. `scanned` is what the database read besides the
   * matches: 0 where the lookups use their indexes (MongoDB). FerretDB 1.24 uses no index for any filter
   * (its PostgreSQL plan is a sequential scan even for `_id`) and filters an `$in` document by value, so
   * a lookup of n values costs n passes' worth of comparisons; there the same lookup is one pass over
   * the collection projected to the declared fields, matched here (scanned = the collection's size).
   */
  async lookup(collection: string, clauses: LookupClause[], project: string[]): Promise<{ docs: Record<string, unknown>[]; scanned: number }> {
    const asked = clauses.filter((c) => c.values.length);
    if (!asked.length) return { docs: [], scanned: 0 };
    const projection = Object.fromEntries(project.map((f) => [f, 1]));
    const coll = this.connection.db!.collection<Record<string, unknown>>(collection);
    if (!(await this.indexedLookups())) {
      const sets = asked.map((c) => ({ path: c.field.split('.'), values: new Set(c.values.map(keyOf)) }));
      const docs: Record<string, unknown>[] = [];
      let scanned = 0;
      for await (const doc of coll.find({}, { projection, batchSize: 5000 })) {
        scanned++;
        if (sets.some((s) => valuesAt(doc, s.path).some((v) => s.values.has(keyOf(v))))) docs.push(doc);
      }
      return { docs, scanned };
    }
    const parts = asked.map((c) => ({ [c.field]: { $in: c.values } }));
    const docs = await coll.find(parts.length === 1 ? parts[0] : { $or: parts }, { projection }).toArray();
    return { docs, scanned: 0 };
  }

  /** Whether the server answers an equality or `$in` filter from an index (MongoDB), not FerretDB 1.24. */
  async indexedLookups(): Promise<boolean> {
    this.indexed ??= this.connection
      .db!.admin()
      .command({ buildInfo: 1 })
      .then((b) => !b.ferretdbVersion);
    return this.indexed;
  }

  /**
   * Every document of `collection` after `afterId`, in `_id` order, fetched `batchSize` at a time: one
   * cursor per collection (a resumed audit starts a new one after the last `_id` it recorded).
   */
  pages(collection: string, afterId: unknown, batchSize: number): AsyncIterable<Record<string, unknown>> {
    const filter: Record<string, unknown> = afterId === undefined || afterId === null ? {} : { _id: { $gt: afterId } };
    return this.connection.db!.collection<Record<string, unknown>>(collection).find(filter, { batchSize }).sort({ _id: 1 });
  }

  /** The key patterns of a collection's indexes (for the declared-query check). */
  async indexKeys(collection: string): Promise<Record<string, number>[]> {
    try {
      return (await this.connection.db!.collection(collection).indexes()).map((i) => i.key as Record<string, number>);
    } catch {
      return [];
    }
  }
}

/** An account id as both forms it is stored in: a string, and (accounts' own `_id`) an ObjectId. */
export function idForms(value: string): unknown[] {
  return Types.ObjectId.isValid(value) && /^[0-9a-f]{24}$/i.test(value) ? [value, new Types.ObjectId(value)] : [value];
}

/** The values at a dotted path (through arrays). */
export function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (doc === null || doc === undefined) return [];
  if (Array.isArray(doc)) return doc.flatMap((d) => valuesAt(d, path));
  if (!path.length) return [doc];
  if (typeof doc !== 'object') return [];
  return valuesAt((doc as Record<string, unknown>)[path[0]], path.slice(1));
}

function keyOf(v: unknown): string {
  if (v && typeof (v as { toHexString?: unknown }).toHexString === 'function') return (v as { toHexString(): string }).toHexString();
  return typeof v === 'string' ? v : JSON.stringify(v);
}
