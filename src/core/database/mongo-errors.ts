/** True when a MongoDB write failed on a unique index (E11000). */
export function isDuplicateKeyError(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { code?: number }).code === 11000;
}

export const PAGE_SIZE_MAX = 500;

/** Inserts the document; a unique-index conflict means it is there already. @returns true when inserted */
export async function insertIfAbsent<T>(model: { create(doc: T): Promise<unknown> }, doc: T): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/**
 * Inserts many documents in one round trip, skipping those a unique index already holds.
 * @returns per document, true when it was inserted (false: a duplicate of one already stored)
 */
export async function insertManyIfAbsent(
  collection: { insertMany(docs: object[], opts: { ordered: boolean }): Promise<unknown> },
  docs: object[],
): Promise<boolean[]> {
  const inserted = docs.map(() => true);
  if (!docs.length) return inserted;
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { index: number; code?: number; err?: { code?: number } }[] | { index: number; code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (!list.length || list.some((e) => (e.code ?? (e as { err?: { code?: number } }).err?.code) !== 11000)) throw err;
    for (const e of list) inserted[e.index] = false;
  }
  return inserted;
}
