import { createHash } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type Redis from 'ioredis';
import '../auth/session.types';

type Callback = (err?: unknown, data?: unknown) => void;

export interface SessionLifetimes {
  idleTimeoutS: number;
  absoluteLifetimeS: number;
  touchIntervalS: number;
}

/** One session as its owner sees it: a handle that is not the session id, and what we keep. */
export interface SessionSummary {
  /** A stable handle for this session (a hash of its id: listing sessions never reveals a cookie) */
  id: string;
  device?: string;
  startedAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The public handle of a session id. */
export function sessionHandle(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url').slice(0, 22);
}

/**
 * Sessions in Redis (connect-redis over the shared ioredis client), with:
 * - an idle timeout (the key's TTL) and an absolute lifetime from `createdAt` (TTL never past it, and
 *   a session read after it is destroyed);
 * - no write per request: `touch` refreshes the idle timer (and `lastSeenAt`) at most once per
 *   touch interval, so a request that changes nothing costs one GET;
 * - a per-account index (a set of session ids), so listing or ending one person's sessions costs what
 *   that person has, never a scan. Ids whose session expired are pruned from the index when read.
 *
 * Times are wall-clock (Date.now), not the application Clock: Redis expires keys in real time.
 */
export class AccountSessionStore extends RedisStore {
  readonly keyPrefix: string;
  readonly indexPrefix: string;

  constructor(
    readonly redis: Redis,
    prefix: string,
    readonly lifetimes: SessionLifetimes,
  ) {
    super({ client: redis, prefix: `${prefix}sess:`, ttl: (sess: SessionData) => this.ttlOf(sess) });
    this.keyPrefix = `${prefix}sess:`;
    this.indexPrefix = `${prefix}sessidx:`;
  }

  /** Seconds the session may still live idle: the idle timeout, never past the absolute lifetime. */
  ttlOf(sess: SessionData, now = Date.now()): number {
    const created = sess.createdAt ?? now;
    const left = Math.ceil((created + this.lifetimes.absoluteLifetimeS * 1000 - now) / 1000);
    return Math.min(this.lifetimes.idleTimeoutS, left);
  }

  private overAge(sess: SessionData, now = Date.now()): boolean {
    return !!sess.createdAt && sess.createdAt + this.lifetimes.absoluteLifetimeS * 1000 <= now;
  }

  override async get(sid: string, cb?: Callback): Promise<unknown> {
    try {
      const raw = await this.redis.get(this.keyPrefix + sid);
      let sess: SessionData | null = raw ? (JSON.parse(raw) as SessionData) : null;
      if (sess && this.overAge(sess)) {
        await this.redis.del(this.keyPrefix + sid);
        sess = null;
      }
      return done(cb, null, sess);
    } catch (err) {
      return done(cb, err);
    }
  }

  override async set(sid: string, sess: SessionData, cb?: Callback): Promise<unknown> {
    try {
      await this.write(sid, sess);
      return done(cb);
    } catch (err) {
      return done(cb, err);
    }
  }

  /** Refreshes the idle timer, at most once per touch interval (a request that changed nothing). */
  override async touch(sid: string, sess: SessionData, cb?: Callback): Promise<unknown> {
    const now = Date.now();
    if (sess.lastSeenAt && now - sess.lastSeenAt < this.lifetimes.touchIntervalS * 1000) return done(cb);
    try {
      await this.write(sid, sess, now);
      return done(cb);
    } catch (err) {
      return done(cb, err);
    }
  }

  private async write(sid: string, sess: SessionData, now = Date.now()): Promise<void> {
    sess.createdAt ??= now;
    sess.lastSeenAt = now;
    const ttl = this.ttlOf(sess, now);
    if (ttl <= 0) {
      await this.redis.del(this.keyPrefix + sid);
      return;
    }
    const multi = this.redis.multi().set(this.keyPrefix + sid, JSON.stringify(sess), 'EX', ttl);
    // The index outlives every session it names: none lives past the absolute lifetime from now.
    if (sess.accountId) multi.sadd(this.indexPrefix + sess.accountId, sid).expire(this.indexPrefix + sess.accountId, this.lifetimes.absoluteLifetimeS);
    check(await multi.exec());
  }

  override async destroy(sid: string, cb?: Callback): Promise<unknown> {
    try {
      await this.redis.del(this.keyPrefix + sid);
      return done(cb);
    } catch (err) {
      return done(cb, err);
    }
  }

  /** The live sessions of an account (their ids and data); prunes index entries whose session is gone. */
  async sessionsOf(accountId: string): Promise<{ sid: string; data: SessionData }[]> {
    const ids = await this.redis.smembers(this.indexPrefix + accountId);
    if (!ids.length) return [];
    const raws = await this.redis.mget(ids.map((i) => this.keyPrefix + i));
    const live: { sid: string; data: SessionData }[] = [];
    const gone: string[] = [];
    raws.forEach((raw, i) => {
      const data = raw ? (JSON.parse(raw) as SessionData) : null;
      if (data && data.accountId === accountId && !this.overAge(data)) live.push({ sid: ids[i], data });
      else gone.push(ids[i]);
    });
    if (gone.length) await this.redis.srem(this.indexPrefix + accountId, ...gone);
    return live;
  }

  summarise(sid: string, data: SessionData): SessionSummary {
    const started = data.createdAt ?? data.authAt ?? Date.now();
    const seen = data.lastSeenAt ?? started;
    return {
      id: sessionHandle(sid),
      device: data.device,
      startedAt: new Date(started),
      lastSeenAt: new Date(seen),
      expiresAt: new Date(Math.min(seen + this.lifetimes.idleTimeoutS * 1000, started + this.lifetimes.absoluteLifetimeS * 1000)),
    };
  }

  /** Ends the given sessions of an account (all of them when `sids` is omitted); returns how many ended. */
  async destroyOf(accountId: string, sids?: string[]): Promise<number> {
    const ids = sids ?? (await this.redis.smembers(this.indexPrefix + accountId));
    if (!ids.length) return 0;
    const multi = this.redis.multi().del(...ids.map((i) => this.keyPrefix + i));
    if (sids) multi.srem(this.indexPrefix + accountId, ...ids);
    else multi.del(this.indexPrefix + accountId);
    const [[, deleted]] = check(await multi.exec());
    return Number(deleted);
  }
}

function check(results: [Error | null, unknown][] | null): [Error | null, unknown][] {
  if (!results) throw new Error('Redis transaction aborted');
  const failed = results.find(([err]) => err);
  if (failed) throw failed[0];
  return results;
}

function done(cb: Callback | undefined, err?: unknown, data?: unknown): unknown {
  if (cb) return cb(err, data);
  if (err) throw err;
  return data;
}
