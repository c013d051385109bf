import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { AppConfig } from '../../config/app-config';
import { anchorChains, ChainAnchor, chainsOn, HashChain } from '../database/hash-chain';
import { Checkpoint, NoteError, openCheckpoint, privateKeyFrom, signCheckpoint, verifierKey } from './signed-note';

/** A signed checkpoint on its way out of the database. */
export interface CheckpointNote {
  chain: string;
  origin: string;
  size: number;
  /** The signed note, as written to the directory */
  note: string;
}

/**
 * Somewhere checkpoints go besides the directory (a module implements it, e.g. an auditor's mailbox
 * through the outbox) and registers it with Checkpoints.addSink. A sink that throws fails the write:
 * the directory is written last, so the next verify run tries the sink again.
 */
export interface CheckpointSink {
  readonly name: string;
  write(checkpoint: CheckpointNote): Promise<void>;
}

const FILE = /^(\d{16})\.checkpoint$/;
const DEV_KEY_FILE = 'dev-signing-key.pem';

/**
 * Signed checkpoints of every hash chain on this process's connection (C2SP tlog checkpoints: origin
 * `<CHECKPOINT_ORIGIN>/<chain>`, tree size = chain length, root hash = head hash), kept outside the
 * database in CHECKPOINT_DIR/<chain>/<size>.checkpoint and handed to the registered sinks. It is the
 * anchor of the chains (see HashChain.verify): the latest checkpoint is what a chain is checked against.
 */
@Injectable()
export class Checkpoints implements ChainAnchor {
  private readonly logger = new Logger(Checkpoints.name);
  private readonly sinks: CheckpointSink[] = [];
  private key?: KeyObject;

  constructor(
    private readonly config: AppConfig,
    @InjectConnection() private readonly connection: Connection,
  ) {
    anchorChains(connection, this);
  }

  addSink(sink: CheckpointSink): void {
    if (!this.sinks.some((s) => s.name === sink.name)) this.sinks.push(sink);
  }

  /** Every hash chain of this app (each joins by being constructed). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- chains of any body
  chains(): HashChain<any>[] {
    return chainsOn(this.connection);
  }

  originOf(chain: string): string {
    return `${this.config.checkpoints.origin}/${chain}`;
  }

  /** The public key (derived from the signing key). */
  publicKey(): KeyObject {
    return createPublicKey(this.signingKey());
  }

  /** The verifier key of a chain's checkpoints, `<name>+<key id>+<base64 key>`, for an auditor. */
  verifierKeyOf(chain: string): string {
    return verifierKey(this.originOf(chain), this.signingKey());
  }

  private signingKey(): KeyObject {
    if (this.key) return this.key;
    if (this.config.checkpoints.signingKey) return (this.key = privateKeyFrom(this.config.checkpoints.signingKey));
    throw new Error('no checkpoint signing key loaded (call Checkpoints.load first)');
  }

  /**
   * Loads the signing key. Without CHECKPOINT_SIGNING_KEY (never in production: the configuration
   * refuses it) a development key is generated once and kept in CHECKPOINT_DIR, so the server, worker
   * and CLI of one machine agree.
   */
  async load(): Promise<KeyObject> {
    if (this.key || this.config.checkpoints.signingKey) return this.signingKey();
    const file = path.join(this.config.checkpoints.dir, DEV_KEY_FILE);
    await fs.mkdir(this.config.checkpoints.dir, { recursive: true });
    try {
      this.key = privateKeyFrom(await fs.readFile(file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      try {
        await fs.writeFile(file, pem, { mode: 0o600, flag: 'wx' });
        this.logger.warn({ file }, 'no CHECKPOINT_SIGNING_KEY: generated a development checkpoint key');
        this.key = privateKeyFrom(pem);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        this.key = privateKeyFrom(await fs.readFile(file, 'utf8')); // another process made it first
      }
    }
    return this.key;
  }

  private dirOf(chain: string): string {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(chain)) throw new Error(`not a chain name: ${chain}`);
    return path.join(this.config.checkpoints.dir, chain);
  }

  /** Checks a signed checkpoint (text) with this deployment's public key, or the one given; throws NoteError naming the problem. */
  open(note: string, publicKey?: KeyObject, keyName?: string): Checkpoint {
    return openCheckpoint(note, publicKey ?? this.publicKey(), keyName);
  }

  async latest(chain: string): Promise<{ size: number; headHash: string; where: string } | { problem: string } | null> {
    await this.load();
    const dir = this.dirOf(chain);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const newest = names
      .filter((n) => FILE.test(n))
      .sort()
      .pop();
    if (!newest) return null;
    const file = path.join(dir, newest);
    let cp: Checkpoint;
    try {
      cp = this.open(await fs.readFile(file, 'utf8'));
    } catch (err) {
      if (err instanceof NoteError) return { problem: `the latest checkpoint ${file} does not verify: ${err.message}` };
      throw err;
    }
    if (cp.origin !== this.originOf(chain)) return { problem: `the latest checkpoint ${file} is of ${cp.origin}, not of ${this.originOf(chain)}` };
    if (cp.size !== Number(FILE.exec(newest)![1])) return { problem: `the latest checkpoint ${file} says tree size ${cp.size}, its file name another` };
    if (cp.rootHash.length !== 32) return { problem: `the latest checkpoint ${file} has a root hash of ${cp.rootHash.length} bytes, not 32` };
    return { size: cp.size, headHash: cp.rootHash.toString('hex'), where: file };
  }

  /** The path of a chain's latest checkpoint file, if any (for messages). */
  async latestFile(chain: string): Promise<string | undefined> {
    const latest = await this.latest(chain);
    return latest && 'where' in latest ? latest.where : undefined;
  }

  async record(chain: string, size: number, headHash: string): Promise<void> {
    if (size === 0) return;
    const latest = await this.latest(chain);
    if (latest && 'size' in latest && latest.size >= size) return; // this one (or a later one) is there already
    const origin = this.originOf(chain);
    const note = signCheckpoint({ origin, size, rootHash: Buffer.from(headHash, 'hex') }, await this.load());
    for (const sink of this.sinks) await sink.write({ chain, origin, size, note });
    const dir = this.dirOf(chain);
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${String(size).padStart(16, '0')}.checkpoint`);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, note, { mode: 0o644 });
    await fs.rename(tmp, file);
    this.logger.log({ chain, size }, 'checkpoint written');
  }
}
