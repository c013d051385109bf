import type { CollectionDescription } from '../personal-data/personal-data.types';

/** Collections core itself owns (no module's): declared here so the coverage test finds them. */
export const CORE_COLLECTIONS: CollectionDescription[] = [
  { collection: 'chain_heads', holds: 'none', reason: 'sequence numbers and hashes of the hash-chained logs', fields: [] },
  {
    collection: 'guard_claims',
    holds: 'none',
    reason: 'short-lived claims of guarded state changes: a collection name, an opaque document id and a revision',
    fields: [],
    residueExempt: { reason: 'opaque ids of in-flight state changes, deleted as each change completes' },
  },
];
