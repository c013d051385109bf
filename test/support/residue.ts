import type { Connection } from 'mongoose';

/**
 * An independent check for tests: every document in every collection that still mentions one of the
 * identifiers (exact value, or an address inside text), as "collection:_id".
 */
export async function findIdentifiers(connection: Connection, identifiers: string[], skip: string[] = []): Promise<string[]> {
  const wanted = identifiers.filter((i) => i && i.length >= 3).map((i) => i.toLowerCase());
  const hits: string[] = [];
  for (const { name } of await connection.db!.listCollections({}, { nameOnly: true }).toArray()) {
    if (skip.includes(name)) continue;
    for await (const doc of connection.db!.collection(name).find({})) {
      const text = JSON.stringify(doc, (_, v) => (v && typeof v === 'object' && typeof v.toHexString === 'function' ? v.toHexString() : v)).toLowerCase();
      if (wanted.some((w) => text.includes(w))) hits.push(`${name}:${String(doc._id)}`);
    }
  }
  return hits;
}
