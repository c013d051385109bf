import type { Connection } from 'mongoose';

/** Every collection the application uses: its models', plus what exists in the database. */
export async function collectionsInUse(connection: Connection): Promise<string[]> {
  const names = new Set<string>();
  for (const name of connection.modelNames()) names.add(connection.model(name).collection.collectionName);
  if (connection.db) for (const c of await connection.db.listCollections({}, { nameOnly: true }).toArray()) names.add(c.name);
  return [...names].filter((n) => !n.startsWith('system.')).sort();
}

/**
 * Collections no registered handler declares (as personal, pseudonymous or holding none). Each one is a
 * bug: its data would escape the access export and erasure.
 */
export function undeclaredCollections(collections: string[], declared: Set<string>): string[] {
  return collections.filter((c) => !declared.has(c));
}
