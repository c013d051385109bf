import { createHmac } from 'node:crypto';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from './mongo-errors';

/** Fields every chained entry has; `body` is what the entry says (no personal data). */
export interface ChainedEntry<B> {
  /** Format of the MAC: absent on entries written before format 2 (their key was outside the MAC), 2 since */
  v?: 2;
  seq: number;
  /** Optional unique key: appending twice with one key yields one entry (e.g. one receipt per erasure run) */
  key?: string;
  at: Date;
  body: B;
  prevHash: string;
  hash: string;
}

export interface ChainHead {
  _id: string;
  seq: number;
  hash: string;
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; firstBad: { seq: number; reason: string } };

/**
 * Where a chain's signed checkpoints live (core/checkpoints implements it): verify checks the chain
 * against the latest one and, when the chain checks out, records a new one.
 */
export interface ChainAnchor {
  /** The latest checkpoint of the chain, its signature verified; `problem` when it does not verify; null when there is none. */
  latest(chain: string): Promise<{ size: number; headHash: string; where: string } | { problem: string } | null>;
  /** Signs and writes a checkpoint of the chain at this length and head hash (nothing when it is the latest already). */
  record(chain: string, size: number, headHash: string): Promise<void>;
}

export interface HashChainOptions {
  /** Overrides the anchor of the connection (see anchorChains); null: no checkpoints. */
  anchor?: ChainAnchor | null;
}

export const GENESIS = '0'.repeat(64);
/** Most entries one insert carries when concurrent appends of a process are grouped. */
const MAX_GROUP = 1000;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

// One registry per database connection (one per app; a test process may run several apps): the chains
// built on it and the anchor that checkpoints them. A chain joins by being constructed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- chains of any body
const chainsByConnection = new WeakMap<object, Map<string, HashChain<any>>>();
const anchorsByConnection = new WeakMap<object, ChainAnchor>();

/** Makes `anchor` checkpoint every chain on this connection (core/checkpoints does, at boot). */
export function anchorChains(connection: object, anchor: ChainAnchor): void {
  anchorsByConnection.set(connection, anchor);
}

/** Every chain constructed on this connection, by name (e.g. for the scheduled checkpoint job). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- chains of any body
export function chainsOn(connection: object): HashChain<any>[] {
  return [...(chainsByConnection.get(connection)?.values() ?? [])];
}

interface Pending<B> {
  body: B;
  key?: string;
  at: Date;
  resolve: (e: ChainedEntry<B>) => void;
  reject: (err: unknown) => void;
}

/**
 * An append-only, HMAC-chained log in one collection: entry n's MAC covers its sequence number, key,
 * time, body and entry n-1's hash, so editing, deleting or reordering any entry breaks verification
 * from that point on. The unique index on `seq` makes concurrent appenders from many processes form one
 * chain; a small head document is a hint to the latest entry, probed forward when stale (equality
 * lookups only). Deleting the newest entries (and the head) is caught by signed checkpoints kept
 * outside the database (ChainAnchor): verify checks the chain is at least as long as the latest one and
 * that its entry at that length has the checkpointed hash.
 */
export class HashChain<B extends object> {
  private readonly connection: object;

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the entry body is generic; mongoose typing cannot follow it
    private readonly entries: Model<any>,
    private readonly heads: Model<ChainHead>,
    readonly chainName: string,
    private readonly secret: string,
    private readonly options: HashChainOptions = {},
  ) {
    this.connection = entries.db ?? entries;
    let chains = chainsByConnection.get(this.connection);
    if (!chains) chainsByConnection.set(this.connection, (chains = new Map()));
    if (!chains.has(chainName)) chains.set(chainName, this);
  }

  private get anchor(): ChainAnchor | undefined {
    return this.options.anchor === null ? undefined : (this.options.anchor ?? anchorsByConnection.get(this.connection));
  }

  /**
   * The MAC of an entry. Format 2 (every entry written now) covers the key; entries of format 1
   * (written before, no `v`) are checked with the formula they were written with.
   */
  hashOf(seq: number, at: Date, body: B, prevHash: string, key?: string, v: 1 | 2 = 2): string {
    const input =
      v === 2
        ? `v2|${this.chainName}|${seq}|${JSON.stringify(key ?? null)}|${at.toISOString()}|${canonical(body)}|${prevHash}`
        : `${this.chainName}|${seq}|${at.toISOString()}|${canonical(body)}|${prevHash}`;
    return createHmac('sha256', this.secret).update(input).digest('hex');
  }

  /** The newest entry: from the head (or `known`, an entry this process wrote, when newer), probed forward. */
  private async latest(known?: { seq: number; hash: string }): Promise<{ seq: number; hash: string }> {
    const head = await this.heads.findById(this.chainName).lean();
    let seq = head?.seq ?? 0;
    let hash = head?.hash ?? GENESIS;
    if (known && known.seq > seq) ({ seq, hash } = known);
    else if (!head) {
      // No head (a new chain, or the head was deleted): start from the newest entry rather than probing from 1.
      const last = await this.entries.collection.find({}, { sort: { seq: -1 }, limit: 1, projection: { seq: 1, hash: 1 } }).next();
      if (last) ({ seq, hash } = last as unknown as { seq: number; hash: string });
    }
    // Probe forward: the head may lag behind entries appended by a process that crashed before moving it.
    let probed: { seq: number; hash: string } | undefined = !head && seq > 0 ? { seq, hash } : undefined;
    for (;;) {
      const next = await this.entries.findOne({ seq: seq + 1 }, { seq: 1, hash: 1 }).lean<ChainedEntry<B>>();
      if (!next) break;
      probed = next;
      seq = next.seq;
      hash = next.hash;
    }
    if (probed) await this.moveHead(probed); // the next append starts from here, not from the stale head
    return { seq, hash };
  }

  /** Appends waiting for the current write of this process (group commit, see append). */
  private queue: Pending<B>[] = [];
  private writing = false;
  /** Within a burst of appends, the entry the last write ended with: the next links to it (a stale one costs one retry). */
  private tail?: { seq: number; hash: string };

  /**
   * Appends an entry. Within one process appends are grouped: while one write is in flight, the
   * appends that arrive wait and then go together in one insert (group commit), so throughput is not
   * bound by a round trip per entry, and a process never races itself for a `seq` (on FerretDB a burst
   * of concurrent unique-key violations has left inserts hanging). Across processes the unique `seq`
   * decides. An append whose key is in the chain already yields the stored entry.
   */
  append(body: B, at: Date, key?: string): Promise<ChainedEntry<B>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ body, at, key, resolve, reject });
      void this.drain();
    });
  }

  /**
   * Appends many entries, in order (in one insert when nothing else is waiting). An item whose key is
   * in the chain already yields the stored entry instead. Returns the entries in the order of the items.
   */
  appendMany(items: { body: B; key?: string }[], at: Date): Promise<ChainedEntry<B>[]> {
    return Promise.all(items.map((item) => this.append(item.body, at, item.key)));
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    // Moving the head of one group overlaps the insert of the next; a group's appends resolve once its head moved.
    const heads: Promise<void>[] = [];
    try {
      for (;;) {
        while (this.queue.length) {
          const group = this.queue.splice(0, MAX_GROUP);
          try {
            const { out, last } = await this.write(group);
            const moved = last ? this.moveHead(last) : Promise.resolve();
            heads.push(
              moved.then(
                () => group.forEach((p, i) => p.resolve(out[i])),
                (err) => group.forEach((p) => p.reject(err)),
              ),
            );
          } catch (err) {
            this.tail = undefined;
            group.forEach((p) => p.reject(err));
          }
        }
        await Promise.all(heads.splice(0));
        if (!this.queue.length) break; // appends that arrived meanwhile go in the next round
      }
    } finally {
      this.writing = false;
      // Between bursts the next write reads the newest entry again (other processes, or a reset collection).
      this.tail = undefined;
    }
  }

  /** Inserts the items as the next entries; returns them (or the stored entry of a key already there) and the last one inserted. */
  private async write(items: Pending<B>[]): Promise<{ out: ChainedEntry<B>[]; last?: ChainedEntry<B> }> {
    const out: ChainedEntry<B>[] = new Array(items.length);
    let last: ChainedEntry<B> | undefined;
    let pending = items.map((item, index) => ({ item, index }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= 50 + items.length) throw new Error(`Could not append to the ${this.chainName} chain: too much contention`);
      let { seq, hash } = this.tail ?? (await this.latest(last));
      const docs = pending.map(({ item }) => {
        seq++;
        const entry: ChainedEntry<B> = {
          v: 2,
          seq,
          ...(item.key ? { key: item.key } : {}),
          at: item.at,
          body: item.body,
          prevHash: hash,
          hash: this.hashOf(seq, item.at, item.body, hash, item.key),
        };
        hash = entry.hash;
        return entry;
      });
      let inserted = docs.length;
      try {
        // Straight to the driver: every field is stored as built (the MAC covers them), whatever the schema lists.
        await this.entries.collection.insertMany(
          docs.map((d) => ({ ...d })),
          { ordered: true },
        );
      } catch (err) {
        const first = ([] as { index: number; code?: number }[]).concat((err as { writeErrors?: never }).writeErrors ?? [])[0];
        if (!first || first.code !== 11000) throw err;
        inserted = first.index;
      }
      docs.slice(0, inserted).forEach((d, k) => (out[pending[k].index] = d));
      if (inserted > 0) this.tail = last = docs[inserted - 1];
      if (inserted === docs.length) break;
      // The insert stopped at a duplicate: this item's key is in the chain already, or another process took the seq.
      const stopped = pending[inserted];
      const existing = stopped.item.key ? await this.entries.findOne({ key: stopped.item.key }).lean<ChainedEntry<B>>() : null;
      if (existing) out[stopped.index] = existing;
      else this.tail = undefined; // another process appended: find the newest entry again
      pending = pending.slice(existing ? inserted + 1 : inserted);
    }
    return { out, last };
  }

  private async moveHead(entry: { seq: number; hash: string }): Promise<void> {
    await this.heads
      .updateOne({ _id: this.chainName, seq: { $lt: entry.seq } }, { $set: { seq: entry.seq, hash: entry.hash } }, { upsert: true })
      .catch((err) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
  }

  /**
   * Walks the chain from the start with one sorted cursor; reports the first entry that does not check
   * out, then checks the chain against its latest signed checkpoint (truncation, rollback) and its head
   * record. When everything checks out, records a checkpoint of the chain as it is now.
   */
  async verify(batchSize = 10000): Promise<VerifyResult> {
    const anchor = this.anchor;
    // Read before the walk: anything they name was written before the walk started, so the walk sees it.
    const checkpoint = anchor ? await anchor.latest(this.chainName) : null;
    const head = await this.heads.findById(this.chainName).lean();
    if (checkpoint && 'problem' in checkpoint) return { ok: false, count: 0, firstBad: { seq: 0, reason: checkpoint.problem } };
    const wanted = new Set([checkpoint?.size, head?.seq].filter((s): s is number => !!s));
    const hashAt = new Map<number, string>();

    let prevHash = GENESIS;
    let expected = 1;
    let count = 0;
    let sawV2 = false;
    const cursor = this.entries.collection.find({}, { sort: { seq: 1 }, projection: { _id: 0 }, batchSize });
    try {
      for await (const raw of cursor) {
        const e = raw as unknown as ChainedEntry<B>;
        if (e.seq !== expected) {
          const reason = e.seq > expected ? `entry ${expected} is missing` : `entry ${e.seq} appears twice`;
          return { ok: false, count, firstBad: { seq: expected, reason } };
        }
        if (e.prevHash !== prevHash)
          return { ok: false, count, firstBad: { seq: e.seq, reason: 'does not link to the previous entry (deleted, swapped or reordered)' } };
        const v = e.v === 2 ? 2 : e.v === undefined ? 1 : 0;
        if (v === 0 || (v === 1 && sawV2))
          return { ok: false, count, firstBad: { seq: e.seq, reason: `unknown or downgraded entry format (${String(e.v ?? 1)})` } };
        if (v === 2) sawV2 = true;
        if (!(e.at instanceof Date) || this.hashOf(e.seq, e.at, e.body, e.prevHash, e.key, v) !== e.hash)
          return { ok: false, count, firstBad: { seq: e.seq, reason: 'content does not match its hash (edited)' } };
        if (wanted.has(e.seq)) hashAt.set(e.seq, e.hash);
        prevHash = e.hash;
        expected++;
        count++;
      }
    } finally {
      await cursor.close().catch(() => undefined);
    }

    if (checkpoint) {
      if (count < checkpoint.size) {
        const lost = checkpoint.size - count;
        return {
          ok: false,
          count,
          firstBad: {
            seq: count + 1,
            reason: `the chain is truncated: it has ${count} entries but the signed checkpoint ${checkpoint.where} has ${checkpoint.size} (the newest ${lost === 1 ? 'entry was' : `${lost} entries were`} deleted, or the database rolled back)`,
          },
        };
      }
      if (checkpoint.size > 0 && hashAt.get(checkpoint.size) !== checkpoint.headHash)
        return {
          ok: false,
          count,
          firstBad: {
            seq: checkpoint.size,
            reason: `entry ${checkpoint.size} differs from the signed checkpoint ${checkpoint.where} (the chain was rolled back and rewritten from there)`,
          },
        };
    }
    if (head && head.seq > count)
      return { ok: false, count, firstBad: { seq: count + 1, reason: `entry ${count + 1} is missing (the log had ${head.seq} entries)` } };
    if (head && head.seq > 0 && hashAt.get(head.seq) !== head.hash)
      return { ok: false, count, firstBad: { seq: head.seq, reason: `entry ${head.seq} differs from the one the head record names (rewritten)` } };
    if (!head && count > 0) return { ok: false, count, firstBad: { seq: count, reason: 'the head record of the chain is missing (deleted)' } };

    if (anchor) await anchor.record(this.chainName, count, prevHash);
    return { ok: true, count };
  }
}
