import type { DeclaredQuery, PersonalDataDescription } from './personal-data.types';

/**
 * Every query the modules declare as backed by an index: their `queries`, plus one equality lookup per
 * `identifiedBy` field the per-batch residue verification runs (all but subject ids in pseudonymous
 * collections and wholly exempt collections, which it does not look up).
 */
export function declaredQueries(descriptions: PersonalDataDescription[]): (DeclaredQuery & { module: string })[] {
  const out: (DeclaredQuery & { module: string })[] = [];
  for (const d of descriptions) {
    for (const q of d.queries ?? []) out.push({ ...q, module: d.module });
    for (const c of d.collections) {
      if (c.residueExempt && !c.residueExempt.where) continue;
      for (const f of c.identifiedBy ?? [])
        if (!(f.kind === 'subjectId' && c.holds === 'pseudonymous'))
          out.push({ module: d.module, name: `residue verification: ${c.collection}.${f.field}`, collection: c.collection, equals: [f.field] });
    }
  }
  return out;
}

/**
 * Whether an index with this key pattern serves the query: its first keys are the equality fields (in
 * any order), then the range field, or else the sort (in order, or all directions reversed). `_id` is
 * always indexed. A query with neither a filter nor a sort is a full scan and is served by nothing.
 */
export function indexServes(q: Pick<DeclaredQuery, 'equals' | 'range' | 'sort'>, key: Record<string, number>): boolean {
  const fields = Object.keys(key);
  const n = q.equals.length;
  if (!n && !q.range?.length && !q.sort) return false;
  const head = new Set(fields.slice(0, n));
  if (head.size !== n || q.equals.some((f) => !head.has(f))) return false;
  const rest = fields.slice(n);
  if (q.range?.length) return q.range.every((f, i) => rest[i] === f);
  if (!q.sort) return true;
  const sort = Object.entries(q.sort);
  const same = sort.every(([f, dir], i) => rest[i] === f && key[f] === dir);
  const reversed = sort.every(([f, dir], i) => rest[i] === f && key[f] === -dir);
  return same || reversed;
}

/** The declared queries that no index of their collection serves (`indexesOf`: key patterns by collection). */
export function unservedQueries<Q extends Pick<DeclaredQuery, 'collection' | 'equals' | 'range' | 'sort'>>(
  queries: Q[],
  indexesOf: (collection: string) => Record<string, number>[],
): Q[] {
  return queries.filter((q) => !indexesOf(q.collection).some((k) => indexServes(q, k)));
}
