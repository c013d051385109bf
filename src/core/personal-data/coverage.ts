import type { Connection } from 'mongoose';
import { NON_PERSONAL_COLLECTIONS } from './non-personal-collections';

/**
 * Collections written outside mongoose models that live in our database. None today: sessions moved to
 * Redis (the identity handler exports and erases them there, through the per-account session index).
 */
export const STORE_COLLECTIONS: string[] = [];

/** Every collection the application uses: its models' and the stores', plus what exists in the database. */
export async function collectionsInUse(connection: Connection): Promise<string[]> {
  const names = new Set<string>(STORE_COLLECTIONS);
  for (const name of connection.modelNames()) names.add(connection.model(name).collection.collectionName);
  if (connection.db) for (const c of await connection.db.listCollections({}, { nameOnly: true }).toArray()) names.add(c.name);
  return [...names].filter((n) => !n.startsWith('system.')).sort();
}

/**
 * Collections neither described by a personal-data handler nor listed as holding no personal data.
 * Each one is a bug: its data would escape the access export and erasure.
 */
export function undeclaredCollections(collections: string[], declared: Set<string>, nonPersonal: Record<string, string> = NON_PERSONAL_COLLECTIONS): string[] {
  return collections.filter((c) => !declared.has(c) && !(c in nonPersonal));
}
