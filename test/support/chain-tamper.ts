import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { AppConfig } from '../../src/config/app-config';
import { chainsOn } from '../../src/core/database/hash-chain';

/**
 * A hash-chained log as the tamper tests see it: the chain's name (as its repository constructs it),
 * the collection holding its entries and the CLI command that verifies it. Adding a chain to the
 * tamper tests is one line of this shape.
 */
export interface ChainUnderTest {
  chain: string;
  collection: string;
  command: string;
}

/** Appends `n` entries to the chain through the app's own HashChain (the body is opaque to the chain). */
export async function appendEntries(connection: Connection, chain: string, n: number, at = new Date()): Promise<void> {
  const c = chainsOn(connection).find((x) => x.chainName === chain);
  if (!c) throw new Error(`no hash chain named ${chain} in this app`);
  await c.appendMany(
    Array.from({ length: n }, (_, i) => ({ body: { test: `entry ${i}`, n: i }, key: `tamper-${chain}-${Date.now()}-${i}` })),
    at,
  );
}

/** Empties the chain: its entries, its head and its checkpoints. */
export async function resetChain(connection: Connection, config: AppConfig, c: ChainUnderTest): Promise<void> {
  await connection.collection(c.collection).deleteMany({});
  await connection.collection('chain_heads').deleteOne({ _id: c.chain as never });
  rmSync(path.join(config.checkpoints.dir, c.chain), { recursive: true, force: true });
}

/** Swaps the positions of entries a and b (their sequence numbers), as a reordering attacker would. */
export async function swapEntries(connection: Connection, c: ChainUnderTest, a: number, b: number): Promise<void> {
  const col = connection.collection(c.collection);
  await col.updateOne({ seq: a }, { $set: { seq: -1 } });
  await col.updateOne({ seq: b }, { $set: { seq: a } });
  await col.updateOne({ seq: -1 }, { $set: { seq: b } });
}
