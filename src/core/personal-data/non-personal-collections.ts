/**
 * Collections that hold no personal data, each with the reason. Every other collection must be
 * described by a personal-data handler; a test fails otherwise (personal-data.registry.spec).
 */
export const NON_PERSONAL_COLLECTIONS: Record<string, string> = {
  audit_events: 'actors and targets are opaque subject ids; the id-to-person mapping dies with the account',
  policy_versions: 'the published privacy policy versions: no person in them',
  erasure_receipts: 'proof of erasures: counts, legal bases and keyed hashes (HASH_SECRET) only, which cannot be turned back into an address',
  chain_heads: 'sequence numbers and hashes of the hash-chained logs',
};
