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
