import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Clock } from '../../core/clock/clock';
import type { Account } from '../accounts/account.types';
import { diffProfile, ProfileInput } from './profile-diff';
import { ProfileChangesRepository } from './profile-changes.repository';
import { InvalidProfileFieldsError, ProfilePreconditionFailedError, ProfileVersionConflictError } from './profile.errors';
import { PROFILE_CHANGED, ProfileChangedEvent } from './profile.events';
import { ProfileRepository, ProfileWrite } from './profile.repository';
import { ProfileView, toProfileView } from './profile.view';
import { ChangeSource, Profile } from './schemas/profile.schema';
import { ProfileChange } from './schemas/profile-change.schema';

export interface UpdatePreconditions {
  /** `version` from the request body: a stale one gives 409 */
  bodyVersion?: number;
  /** From `If-Match`: a number, or '*' for any; a stale one gives 412 */
  ifMatch?: number | '*';
}

/** Sources whose changes are corrections: a sign-in provider never overwrites them. */
const LOCKING_SOURCES = new Set<string>(['self', 'agent']);
const MAX_RETRIES = 8;
/** A version claim left pending this long belongs to a writer that died mid-way. */
const STALE_CLAIM_MS = 30_000;

/** A short, growing wait between retries of a lost race (jittered). */
const pause = (attempt: number) => new Promise((r) => setTimeout(r, 5 + Math.random() * 10 * (attempt + 1)));

/** My Profile: reads, validated partial updates with a version guard, provenance and change history. */
@Injectable()
export class ProfileService {
  private readonly logger = new Logger(ProfileService.name);

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly changes: ProfileChangesRepository,
    private readonly clock: Clock,
    private readonly events: EventEmitter2,
  ) {}

  async get(account: Account): Promise<ProfileView> {
    return toProfileView(account, await this.profiles.findByAccountId(account.id));
  }

  /**
   * Applies the fields the person sent (already validated by the DTO) as one atomic $set guarded by
   * the version. Only changed fields are written, locked against provider sync and recorded in the
   * history. Nothing is written when any field is invalid.
   */
  async update(account: Account, input: ProfileInput, pre: UpdatePreconditions = {}, source: ChangeSource = 'self'): Promise<ProfileView> {
    this.checkDateOfBirth(input.dateOfBirth);
    const clientVersion = pre.bodyVersion !== undefined || (pre.ifMatch !== undefined && pre.ifMatch !== '*');
    for (let attempt = 0; ; attempt++) {
      const current = await this.profiles.ensure(account.id);
      this.checkPreconditions(current.version, pre);
      const diff = diffProfile(current, input);
      if (!diff.fields.length) return toProfileView(account, current);
      const saved = await this.commit(account.id, current, { set: diff.set, unset: diff.unset, source }, diff.fields);
      if (saved) {
        // Art. 16/19: listeners pass a correction on to everyone we disclosed the data to (transfers)
        await this.emitChanged({ accountId: account.id, fields: diff.fields, source });
        return toProfileView(account, saved);
      }
      // Someone saved in between. With a version from the client that is their conflict to resolve;
      // without one, re-read and apply the change to the newer profile.
      if (clientVersion || attempt >= MAX_RETRIES) {
        const now = (await this.profiles.findByAccountId(account.id))?.version ?? current.version;
        this.checkPreconditions(now, pre);
        if (pre.ifMatch !== undefined && pre.bodyVersion === undefined) throw new ProfilePreconditionFailedError(now);
        throw new ProfileVersionConflictError(now);
      }
      await pause(attempt);
    }
  }

  /**
   * Applies a sign-in provider's name to the profile, unless the person (or an agent) corrected the
   * name: their correction wins over every later sign-in.
   */
  async applyProviderClaims(accountId: string, provider: string, claims: { name?: string; givenName?: string; familyName?: string }): Promise<boolean> {
    const name = normaliseName(claims.name) ?? normaliseName([claims.givenName, claims.familyName].filter(Boolean).join(' '));
    if (!name) return false;
    const source: ChangeSource = `provider:${provider}`;
    for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      const current = await this.profiles.findByAccountId(accountId);
      if (!current) {
        // First sign-in: the profile starts with the provider's name (the unique account id decides a race).
        const created = await this.profiles.createWith(accountId, { set: { name }, source });
        if (!created) continue;
        await this.changes.append({ accountId, at: this.clock.now(), fields: ['name'], source, version: 1 });
        await this.emitChanged({ accountId, fields: ['name'], source });
        return true;
      }
      if (this.isLocked(current, 'name')) return false;
      if (current.name === name) return false;
      const saved = await this.commit(accountId, current, { set: { name }, unset: [], source }, ['name']);
      if (!saved) {
        await pause(attempt);
        continue;
      }
      await this.emitChanged({ accountId, fields: ['name'], source });
      return true;
    }
    this.logger.warn({ provider }, 'provider name not applied: the profile kept changing');
    return false;
  }

  /**
   * Removes what a sign-in provider put in the profile and nobody corrected since (e.g. the name
   * Facebook gave, when Facebook asks us to delete its data). Returns the fields removed.
   */
  async forgetProviderData(accountId: string, provider: string): Promise<string[]> {
    const source: ChangeSource = `provider:${provider}`;
    for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      const current = await this.profiles.findByAccountId(accountId);
      if (!current) return [];
      const fields = (Object.keys(current.provenance ?? {}) as (keyof Profile['provenance'])[]).filter(
        (f) => current.provenance[f] === source && (current as unknown as Record<string, unknown>)[f] !== undefined,
      );
      if (!fields.length) return [];
      const saved = await this.commit(accountId, current, { set: {}, unset: fields as never, source }, fields as string[]);
      if (!saved) {
        await pause(attempt);
        continue;
      }
      await this.emitChanged({ accountId, fields: fields as string[], source });
      return fields as string[];
    }
    return [];
  }

  /**
   * Moves the profile from `current.version` to the next: claims that version in the history (a
   * unique key, so one writer wins even where the database does not apply a conditional update
   * atomically), writes with the version guard, then shows the history entry. Null when another
   * writer got there first.
   */
  private async commit(accountId: string, current: Profile, write: ProfileWrite, fields: string[]): Promise<Profile | null> {
    const at = this.clock.now();
    const entry = { accountId, at, fields, source: write.source, version: current.version + 1 };
    let claim = await this.changes.claim(entry);
    if (!claim && (await this.changes.releaseStale(accountId, entry.version, new Date(at.getTime() - STALE_CLAIM_MS)))) claim = await this.changes.claim(entry);
    if (!claim) return null;
    const saved = await this.profiles.update(accountId, current.version, write);
    if (!saved) {
      await this.changes.release(claim.id);
      return null;
    }
    await this.changes.applied(claim.id);
    return saved;
  }

  private checkPreconditions(version: number, pre: UpdatePreconditions): void {
    if (pre.ifMatch !== undefined && pre.ifMatch !== '*' && pre.ifMatch !== version) throw new ProfilePreconditionFailedError(version);
    if (pre.bodyVersion !== undefined && pre.bodyVersion !== version) throw new ProfileVersionConflictError(version);
  }

  /** Records a change made outside the profile document (email, marketing preference) in the history. */
  async recordChange(account: Account, fields: string[], source: ChangeSource = 'self'): Promise<void> {
    await this.changes.append({ accountId: account.id, at: this.clock.now(), fields, source });
    await this.emitChanged({ accountId: account.id, fields, source });
  }

  async history(accountId: string, opts: { limit?: number; before?: string } = {}): Promise<ProfileChange[]> {
    const appliedUpTo = (await this.profiles.findByAccountId(accountId))?.version ?? 0;
    return this.changes.list(accountId, { limit: Math.min(Math.max(opts.limit ?? 50, 1), 200), before: opts.before, appliedUpTo });
  }

  isLocked(profile: Profile, field: keyof Profile['provenance']): boolean {
    const s = profile.provenance?.[field];
    return !!s && LOCKING_SOURCES.has(s);
  }

  private async emitChanged(event: ProfileChangedEvent): Promise<void> {
    try {
      await this.events.emitAsync(PROFILE_CHANGED, event);
    } catch (err) {
      this.logger.error({ err: { type: (err as Error).name }, fields: event.fields }, 'a profile.changed listener failed');
    }
  }

  /** A date of birth must lie in the past (the DTO already checked it is a real date). */
  private checkDateOfBirth(value: unknown): void {
    if (typeof value !== 'string') return;
    const today = this.clock.now().toISOString().slice(0, 10);
    if (value >= today) throw new InvalidProfileFieldsError([{ field: 'dateOfBirth', message: 'dateOfBirth must be a date in the past' }]);
  }
}

function normaliseName(value: string | undefined): string | undefined {
  const v = value
    // eslint-disable-next-line no-control-regex -- control characters are what this rejects
    ?.replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return v ? v.slice(0, 200) : undefined;
}
