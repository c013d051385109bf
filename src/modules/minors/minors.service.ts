import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { SubjectResolver } from '../../core/personal-data/subject-resolver.service';
import { AppConfig } from '../../config/app-config';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { ErasureJobsService } from '../erasure/erasure-jobs.service';
import { SIGN_IN_SCREEN_EVENT, SIGNED_IN_EVENT, SignedInEvent, SignInScreenEvent } from '../identity/identity.events';
import { SessionsService } from '../identity/sessions.service';
import { PROFILE_CHANGED, ProfileChangedEvent } from '../profile/profile.events';
import { ProfileService } from '../profile/profile.service';
import { AgeDecision, AgeSignal, AgeThresholds, decideAge, parseCalendarDate, parseFacebookBirthday } from './age-rule';
import { AccountRefusedError, AgeCheckDoneError, InvalidDateOfBirthError } from './minors.errors';
import { MinorsMetrics } from './minors.metrics';
import { MinorsRepository } from './minors.repository';

/** Accounts known to have no pending age check, kept in memory (a check never goes back to pending). */
const CLEARED_CACHE_MAX = 10_000;

export interface RemovalActor {
  /** Who decided: `system:minors` for a declared or provider age, an agent's subject id for a report */
  actor: string;
}

/**
 * Children under the age threshold: the age screen, the signals (declared date of birth, Facebook's
 * age_range and birthday), removal (suspend, end sessions, block re-registration, erase with reason
 * `minor`, no grace) and the re-registration block at sign-in.
 */
@Injectable()
export class MinorsService {
  private readonly logger = new Logger(MinorsService.name);
  private readonly cleared = new Set<string>();

  constructor(
    private readonly repo: MinorsRepository,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly erasure: ErasureJobsService,
    private readonly profiles: ProfileService,
    private readonly resolver: SubjectResolver,
    private readonly audit: AuditService,
    private readonly hashes: KeyedHash,
    private readonly metrics: MinorsMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get thresholds(): AgeThresholds {
    return { defaultAge: this.config.minors.defaultAge, byCountry: this.config.minors.ageByCountry };
  }

  /** Whether the account must still answer the age screen (cheap: cleared accounts are remembered). */
  async isPending(accountId: string): Promise<boolean> {
    if (this.cleared.has(accountId)) return false;
    const check = await this.repo.findCheck(accountId);
    if (check?.status === 'pending') return true;
    if (this.cleared.size >= CLEARED_CACHE_MAX) this.cleared.clear();
    this.cleared.add(accountId);
    return false;
  }

  /** The age screen's answer. `browserMarked`: this browser declared an age under the threshold before. */
  async answer(account: Account, input: { dateOfBirth: string; timeZone?: string }, browserMarked: boolean): Promise<{ status: 'passed' | 'removed' }> {
    const dob = parseCalendarDate(input.dateOfBirth);
    const now = this.clock.now();
    if (!dob || input.dateOfBirth >= now.toISOString().slice(0, 10) || dob.year < 1900) throw new InvalidDateOfBirthError();
    const check = await this.repo.findCheck(account.id);
    if (!check || check.status !== 'pending') throw new AgeCheckDoneError();
    const timeZone = this.zone(input.timeZone);
    const decision: AgeDecision = browserMarked
      ? { ...decideAge({ now, table: this.thresholds, signal: 'browser', timeZone }), outcome: 'minor', rule: 'browser-declared-under-threshold' }
      : decideAge({ now, table: this.thresholds, signal: 'age-screen', timeZone, dateOfBirth: dob });
    this.metrics.decisions.inc({ signal: decision.signal, outcome: decision.outcome });
    if (decision.outcome === 'minor') {
      await this.remove(account.id, decision, { actor: 'system:minors' });
      return { status: 'removed' };
    }
    if (!(await this.repo.pass(check, this.recordOf(decision)))) throw new AgeCheckDoneError();
    await this.audit.record({
      actor: account.subjectId,
      action: 'minors.age-check',
      target: account.subjectId,
      outcome: 'success',
      details: this.auditOf(decision),
    });
    // The declared date is kept where the person sees and corrects it: My Profile.
    await this.profiles.update(account, { dateOfBirth: input.dateOfBirth });
    return { status: 'passed' };
  }

  /** A first sign-in waits for the age screen (development sign-in and accounts made otherwise do not). */
  @OnEvent(SIGNED_IN_EVENT, { promisify: true, suppressErrors: false })
  async onSignedIn(event: SignedInEvent): Promise<void> {
    if (event.firstSignIn && !this.config.devSignIn) await this.repo.addPending(event.accountId, event.subjectId);
    const now = this.clock.now();
    const timeZone = this.config.minors.timeZone;
    const birthday = parseFacebookBirthday(event.birthday);
    const decision = birthday
      ? decideAge({ now, table: this.thresholds, signal: 'facebook:birthday', timeZone, dateOfBirth: birthday })
      : event.ageRange
        ? decideAge({ now, table: this.thresholds, signal: 'facebook:age_range', timeZone, ageRange: event.ageRange })
        : undefined;
    if (!decision) return;
    this.metrics.decisions.inc({ signal: decision.signal, outcome: decision.outcome });
    if (decision.outcome !== 'minor') return;
    await this.remove(event.accountId, decision, { actor: `provider:${event.provider}` });
    event.refused = true;
  }

  /** A removed child's email or provider account is refused at sign-in while its block lasts. */
  @OnEvent(SIGN_IN_SCREEN_EVENT, { promisify: true, suppressErrors: false })
  async onSignInScreen(event: SignInScreenEvent): Promise<void> {
    const hashes = [this.providerHash(event.provider, event.subject), ...(event.email ? [this.emailHash(event.email)] : [])];
    if (await this.repo.isBlocked(hashes, this.clock.now())) {
      this.metrics.refusals.inc();
      event.refused = true;
    }
  }

  /** A date of birth saved in My Profile (by the person or an agent) is a signal like the age screen. */
  @OnEvent(PROFILE_CHANGED, { promisify: true })
  async onProfileChanged(event: ProfileChangedEvent): Promise<void> {
    if (!event.fields.includes('dateOfBirth')) return;
    const account = await this.accounts.findById(event.accountId);
    if (!account || account.status === 'erased') return;
    const view = await this.profiles.get(account);
    const dob = parseCalendarDate(view.dateOfBirth);
    if (!dob) return;
    const decision = decideAge({
      now: this.clock.now(),
      table: this.thresholds,
      signal: 'profile' as AgeSignal,
      timeZone: this.config.minors.timeZone,
      dateOfBirth: dob,
      country: view.postalAddress?.country,
    });
    this.metrics.decisions.inc({ signal: decision.signal, outcome: decision.outcome });
    if (decision.outcome === 'minor')
      await this.remove(account.id, decision, { actor: event.source === 'agent' ? 'system:minors:agent-edit' : 'system:minors' });
  }

  /**
   * Removes a child's account: keyed hashes of its addresses and provider ids go on the blocklist (read
   * before anything is erased), the account is suspended at once and its sessions end, the decision is
   * audited (subject id, signal, rule), and the erasure engine erases it with reason `minor`, no grace.
   */
  async remove(accountId: string, decision: Pick<AgeDecision, 'signal' | 'rule' | 'ruleSource' | 'threshold'>, by: RemovalActor): Promise<boolean> {
    const account = await this.accounts.findById(accountId);
    if (!account || account.status === 'erased') return false;
    const now = this.clock.now();
    const subject = await this.resolver.resolve({ accountId: account.id, subjectId: account.subjectId, emails: account.email ? [account.email] : [] });
    const entries = [
      ...subject.emails.map((e) => ({ hash: this.emailHash(e), kind: 'email' as const })),
      ...(subject.providerSubjects ?? []).map((p) => ({ hash: this.providerHash(p.provider, p.subject), kind: 'provider-subject' as const })),
    ];
    await this.repo.block(entries, now, new Date(now.getTime() + this.config.minors.blockDays * DAY_MS));
    await this.accounts.setStatus(account.id, 'suspended', { suspendedAt: now }, { whereStatus: ['active', 'suspended', 'terminated'] });
    await this.repo.decide(account.id, account.subjectId, 'minor', this.recordOf(decision));
    this.cleared.delete(account.id);
    await this.audit.record({ actor: by.actor, action: 'minors.remove', target: account.subjectId, outcome: 'success', details: this.auditOf(decision) });
    this.metrics.removals.inc({ signal: decision.signal });
    try {
      await this.finishRemoval(account.id);
      this.logger.log({ subject: account.subjectId, signal: decision.signal, rule: decision.rule }, 'minor removed; erasure enqueued');
    } catch (err) {
      // Suspended, blocked and decided in the database: minors-resume-removals finishes it once Redis is back.
      this.logger.error(
        { subject: account.subjectId, err: { type: (err as Error).name, message: (err as Error).message } },
        'minor removed; sessions or erasure not reached now (Redis), the resume job retries',
      );
    }
    return true;
  }

  /**
   * What a removal does in Redis, after its decision is stored: ends the account's sessions and enqueues
   * its erasure (reason `minor`). Safe to repeat: the erasure job's id is the account's.
   */
  async finishRemoval(accountId: string): Promise<void> {
    await this.sessions.revokeAll(accountId);
    await this.erasure.enqueue([accountId], 'minor');
  }

  /** Throws the neutral refusal when the email or provider id is blocked (the same words as any blocked account). */
  async assertNotBlocked(email: string | undefined): Promise<void> {
    if (email && (await this.repo.isBlocked([this.emailHash(email)], this.clock.now()))) throw new AccountRefusedError();
  }

  emailHash(email: string): string {
    return this.hashes.hex('minors:email', email.trim().toLowerCase());
  }

  providerHash(provider: string, subject: string): string {
    return this.hashes.hex('minors:provider-subject', `${provider}:${subject}`);
  }

  private zone(tz: string | undefined): string {
    if (!tz) return this.config.minors.timeZone;
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz;
    } catch {
      return this.config.minors.timeZone;
    }
  }

  private recordOf(d: Pick<AgeDecision, 'signal' | 'rule' | 'ruleSource' | 'threshold'>) {
    return { signal: d.signal, rule: d.rule, ruleSource: d.ruleSource, threshold: d.threshold, at: this.clock.now() };
  }

  private auditOf(d: Pick<AgeDecision, 'signal' | 'rule' | 'ruleSource' | 'threshold'>) {
    return { signal: d.signal, rule: d.rule, ruleSource: d.ruleSource, threshold: d.threshold };
  }
}
