import type { Model } from 'mongoose';

/** FerretDB refuses a delete that matches more than ~30,000 documents: delete by _id in chunks below that. */
const DELETE_CHUNK = 5000;

/**
 * Reads the documents matching `filter` (only the given fields and _id), then deletes exactly those by
 * _id, in bounded chunks. Returns what it deleted, so a caller can count per person. One read and one
 * delete per chunk: on FerretDB each is one pass over the collection, whatever the batch size.
 */
export async function takeMatching<T extends { _id: unknown }>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any collection's model
  model: Model<any>,
  filter: Record<string, unknown>,
  fields: string[],
): Promise<T[]> {
  const projection = Object.fromEntries(fields.map((f) => [f, 1]));
  const docs = await model.find(filter, projection).lean<T[]>();
  await deleteIds(
    model,
    docs.map((d) => d._id),
  );
  return docs;
}

/** Deletes documents by _id in bounded chunks (a mongoose model or a driver collection). */
export async function deleteIds(model: { deleteMany(filter: never): Promise<{ deletedCount?: number }> }, ids: unknown[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += DELETE_CHUNK) n += (await model.deleteMany({ _id: { $in: ids.slice(i, i + DELETE_CHUNK) } } as never)).deletedCount ?? 0;
  return n;
}
