import { createHmac } from 'node:crypto';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from './mongo-errors';

/** Fields every chained entry has; `body` is what the entry says (no personal data). */
export interface ChainedEntry<B> {
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

const GENESIS = '0'.repeat(64);

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * An append-only, HMAC-chained log in one collection: entry n's hash covers entry n-1's hash, so
 * editing, deleting or reordering any entry breaks verification from that point on. The unique index
 * on `seq` makes concurrent appenders from many processes form one chain; a small head document is a
 * hint to the latest entry, probed forward when stale (equality lookups only).
 */
export class HashChain<B extends object> {
  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the entry body is generic; mongoose typing cannot follow it
    private readonly entries: Model<any>,
    private readonly heads: Model<ChainHead>,
    private readonly chainName: string,
    private readonly secret: string,
  ) {}

  hashOf(seq: number, at: Date, body: B, prevHash: string): string {
    return createHmac('sha256', this.secret)
      .update(`${this.chainName}|${seq}|${at.toISOString()}|${canonical(body)}|${prevHash}`)
      .digest('hex');
  }

  private async latest(): Promise<{ seq: number; hash: string }> {
    const head = await this.heads.findById(this.chainName).lean();
    let seq = head?.seq ?? 0;
    let hash = head?.hash ?? GENESIS;
    // Probe forward: the head may lag behind entries appended by a process that crashed before moving it.
    let probed: ChainedEntry<B> | undefined;
    for (;;) {
      const next = await this.entries.findOne({ seq: seq + 1 }).lean<ChainedEntry<B>>();
      if (!next) break;
      probed = next;
      seq = next.seq;
      hash = next.hash;
    }
    if (probed) await this.moveHead(probed); // the next append starts from here, not from the stale head
    return { seq, hash };
  }

  /** Appends of this process, one at a time (see append). */
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Appends an entry. Within one process appends run one at a time: racing for the same `seq` only
   * costs retries on MongoDB, but on FerretDB a burst of concurrent unique-key violations has left
   * inserts hanging (PostgreSQL sessions idle in an aborted transaction). Across processes the unique
   * `seq` still decides.
   */
  append(body: B, at: Date, key?: string): Promise<ChainedEntry<B>> {
    const run = this.tail.then(() => this.appendNow(body, at, key));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends many entries in one write (one insert for the lot, in order). An item whose key is in the
   * chain already yields the stored entry instead. Returns the entries in the order of the items.
   */
  appendMany(items: { body: B; key?: string }[], at: Date): Promise<ChainedEntry<B>[]> {
    const run = this.tail.then(() => this.appendManyNow(items, at));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendManyNow(items: { body: B; key?: string }[], at: Date): Promise<ChainedEntry<B>[]> {
    const out: ChainedEntry<B>[] = new Array(items.length);
    let pending = items.map((item, index) => ({ ...item, index }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= 50 + items.length) throw new Error(`Could not append to the ${this.chainName} chain: too much contention`);
      let { seq, hash } = await this.latest();
      const docs = pending.map((p) => {
        seq++;
        const entry: ChainedEntry<B> = { seq, at, body: p.body, prevHash: hash, hash: this.hashOf(seq, at, p.body, hash), ...(p.key ? { key: p.key } : {}) };
        hash = entry.hash;
        return entry;
      });
      let inserted = docs.length;
      try {
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
      if (inserted > 0) await this.moveHead(docs[inserted - 1]);
      if (inserted === docs.length) break;
      // The insert stopped at a duplicate: this item's key is in the chain already, or another process took the seq.
      const stopped = pending[inserted];
      const existing = stopped.key ? await this.entries.findOne({ key: stopped.key }).lean<ChainedEntry<B>>() : null;
      if (existing) out[stopped.index] = existing;
      pending = pending.slice(existing ? inserted + 1 : inserted);
    }
    return out;
  }

  private async moveHead(entry: ChainedEntry<B>): Promise<void> {
    await this.heads
      .updateOne({ _id: this.chainName, seq: { $lt: entry.seq } }, { $set: { seq: entry.seq, hash: entry.hash } }, { upsert: true })
      .catch((err) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
  }

  private async appendNow(body: B, at: Date, key?: string): Promise<ChainedEntry<B>> {
    for (let attempt = 0; attempt < 50; attempt++) {
      if (key) {
        const existing = await this.entries.findOne({ key }).lean<ChainedEntry<B>>();
        if (existing) return existing;
      }
      const prev = await this.latest();
      const seq = prev.seq + 1;
      const entry = { seq, at, body, prevHash: prev.hash, hash: this.hashOf(seq, at, body, prev.hash), ...(key ? { key } : {}) };
      try {
        await this.entries.create(entry);
      } catch (err) {
        if (isDuplicateKeyError(err)) continue; // another process took this seq (or this key); go again
        throw err;
      }
      await this.moveHead(entry);
      return entry;
    }
    throw new Error(`Could not append to the ${this.chainName} chain: too much contention`);
  }

  /** Walks the chain from the start; reports the first entry that does not check out. */
  async verify(pageSize = 1000): Promise<VerifyResult> {
    let prevHash = GENESIS;
    let expected = 1;
    let count = 0;
    for (;;) {
      const page = await this.entries
        .find({ seq: { $gte: expected } })
        .sort({ seq: 1 })
        .limit(pageSize)
        .lean<ChainedEntry<B>[]>();
      if (page.length === 0) break;
      for (const e of page) {
        if (e.seq !== expected) return { ok: false, count, firstBad: { seq: expected, reason: `entry ${expected} is missing` } };
        if (e.prevHash !== prevHash) return { ok: false, count, firstBad: { seq: e.seq, reason: 'does not link to the previous entry' } };
        if (this.hashOf(e.seq, new Date(e.at), e.body, e.prevHash) !== e.hash)
          return { ok: false, count, firstBad: { seq: e.seq, reason: 'content does not match its hash (edited)' } };
        prevHash = e.hash;
        expected++;
        count++;
      }
    }
    const head = await this.heads.findById(this.chainName).lean();
    if (head && head.seq > count)
      return { ok: false, count, firstBad: { seq: count + 1, reason: `entry ${count + 1} is missing (the log had ${head.seq} entries)` } };
    return { ok: true, count };
  }
}
