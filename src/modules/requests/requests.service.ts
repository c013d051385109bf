import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { CHILD_REPORT_EVENT, ChildReportEvent } from '../minors/minors.events';
import { addCalendarMonths } from './calendar';
import { RequestRateLimiter } from './request-rate-limiter';
import { ExtensionRefusedError, RequestInputError, RequestNotFoundError, RequestStateError, RequestTokenInvalidError } from './requests.errors';
import { QueueFilter, RequestsRepository } from './requests.repository';
import { REQUEST_MAIL, TYPE_LABELS } from './requests.templates';
import { DataRequest } from './schemas/data-request.schema';
import { RequestChannel, RequestMailThreading, RequestStatus, RequestTriage, RequestType, TimelineEntry } from './requests.types';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';

export interface IntakeInput {
  type: RequestType;
  email: string;
  details?: string;
  alsoRequested?: RequestType[];
  childEmail?: string;
  locale?: 'en' | 'nb';
}

export interface IntakeContext {
  channel: RequestChannel;
  ip?: string;
  reference?: string;
  /** An agent entering it on someone's behalf: their subject id */
  agent?: string;
  /** A signed-in customer with a verified address: no verification step */
  account?: { id: string; email?: string; emailVerified: boolean; subjectId: string; locale?: string };
  /**
   * Email intake: a fixed request id and a seed the one-time tokens derive from (keyed hashes), so taking
   * the same message twice (a crash, a second worker) finds the request made the first time and sends the
   * same link; the caller applies its own rate limit (no per-address limit here).
   */
  idempotent?: { id: string; seed: string };
  /** Email intake: the type is not clear (status needs_triage) or only suggested */
  triage?: RequestTriage & { needed: boolean };
  /** false: no verification email now (loop safety, rate limit, no usable address) */
  acknowledge?: boolean;
  /** Timeline note at intake (e.g. what the mailbox reader found) */
  note?: string;
}

export interface RequestListItem {
  id: string;
  type: RequestType;
  status: RequestStatus;
  channel: RequestChannel;
  dueAt: string | null;
  assignee: string | null;
  createdAt: string;
}

const token = () => randomBytes(32).toString('base64url');
const UNSPECIFIED_LABEL = { en: 'your email to us', nb: 'e-posten din til oss' };
const SYSTEM = 'system:requests';

/** Intake, verification and the lifecycle of data-rights requests (the actions live in RequestActionsService). */
@Injectable()
export class RequestsService {
  private threading?: (req: DataRequest, key: string) => Promise<RequestMailThreading>;

  constructor(
    private readonly repo: RequestsRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly hashes: KeyedHash,
    private readonly limiter: RequestRateLimiter,
    private readonly events: EventEmitter2,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The mailbox module threads the desk's outgoing mail (subject reference, Message-ID, In-Reply-To). */
  useMailThreading(threading: (req: DataRequest, key: string) => Promise<RequestMailThreading>): void {
    this.threading = threading;
  }

  /** Takes a request from any channel. The answer is the same whether or not the address is known. */
  async intake(input: IntakeInput, ctx: IntakeContext): Promise<{ id: string; status: RequestStatus }> {
    const email = input.email.trim().toLowerCase();
    const selfVerified = !!ctx.account && ctx.account.emailVerified && ctx.account.email?.toLowerCase() === email;
    if (!ctx.agent && !selfVerified && !ctx.idempotent) {
      if (ctx.ip) await this.limiter.hit('ip', ctx.ip, this.config.requests.perIpPerHour);
      await this.limiter.hit('email', email, this.config.requests.perEmailPerHour);
    }
    if (input.type !== 'child_report' && input.childEmail)
      throw new RequestInputError('REQUEST_CHILD_EMAIL', 'childEmail belongs only to a child_report request.');
    const now = this.clock.now();
    const id = ctx.idempotent?.id ?? `req_${randomBytes(12).toString('hex')}`;
    const seeded = (what: string) => this.hashes.base64url('requests:intake-token', `${ctx.idempotent!.seed}:${what}`);
    const verifyToken = ctx.idempotent ? seeded('verify') : token();
    const statusToken = ctx.idempotent ? seeded('status') : token();
    const triage = ctx.triage?.needed === true;
    const expiresAt = new Date(now.getTime() + this.config.requests.verifyHours * 3_600_000);
    const locale = input.locale ?? (ctx.account?.locale === 'nb' ? 'nb' : 'en');
    const by = ctx.agent ?? (ctx.account ? ctx.account.subjectId : 'requester');
    const doc: DataRequest = {
      _id: id,
      type: input.type,
      alsoRequested: [...new Set((input.alsoRequested ?? []).filter((t) => t !== input.type))],
      status: triage ? 'needs_triage' : 'awaiting_verification',
      channel: ctx.channel,
      ...(ctx.triage ? { triage: { suggested: ctx.triage.suggested, ...(ctx.triage.note ? { note: ctx.triage.note } : {}) } } : {}),
      ...(ctx.reference ? { reference: ctx.reference } : {}),
      email,
      emailHash: this.hashes.email(email),
      ...(selfVerified ? { accountId: ctx.account!.id } : {}),
      ...(input.details ? { details: input.details } : {}),
      ...(input.childEmail ? { childEmail: input.childEmail.trim().toLowerCase() } : {}),
      locale,
      tokenHash: this.hashes.hex('token', verifyToken),
      tokenExpiresAt: expiresAt,
      verifyAttempts: 0,
      // kept for an agent: a request in triage is not purged unverified (its mail stays in the mailbox too)
      ...(triage ? {} : { expiresAt }),
      statusTokenHash: this.hashes.hex('token', statusToken),
      timeline: [
        { at: now, kind: 'status', what: triage ? 'needs_triage' : 'awaiting_verification', by, text: `received via ${ctx.channel}` },
        ...(ctx.note ? [{ at: now, kind: 'event' as const, what: 'intake-note', by: SYSTEM, text: ctx.note }] : []),
      ],
      createdAt: now,
      version: 0,
    } as DataRequest;
    let stored = doc;
    try {
      await this.repo.insert(doc);
    } catch (err) {
      // the same message taken again: the request made the first time stands; its link is the same
      if (!ctx.idempotent || !isDuplicateKeyError(err)) throw err;
      stored = (await this.repo.findById(id)) ?? doc;
    }
    if (ctx.idempotent && stored !== doc) {
      if (stored.status === 'awaiting_verification' || stored.status === 'needs_triage') await this.sendVerify(stored, verifyToken, ctx);
      return { id, status: stored.status };
    }
    if (ctx.agent)
      await this.audit.record({
        actor: ctx.agent,
        action: 'requests.enter',
        target: id,
        outcome: 'success',
        details: { type: input.type, channel: ctx.channel },
      });
    if (!triage && (selfVerified || (ctx.agent && input.type === 'child_report'))) return this.markVerified(doc, by, statusToken);
    await this.sendVerify(doc, verifyToken, ctx);
    return { id, status: doc.status };
  }

  private async sendVerify(req: DataRequest, verifyToken: string, ctx: IntakeContext): Promise<void> {
    if (ctx.acknowledge === false || !req.tokenExpiresAt) return;
    await this.mail(
      req,
      REQUEST_MAIL.verify,
      'verify',
      {
        link: `${this.config.publicBaseUrl}/requests/verify?token=${verifyToken}`,
        expiresAt: new Date(req.tokenExpiresAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      },
      true,
    );
  }

  /** The one-time link: single use (guarded status move), expiring, compared in constant time. */
  async verify(tokenValue: string, ip?: string): Promise<{ id: string; status: RequestStatus }> {
    if (ip) await this.limiter.hit('verify-ip', ip, this.config.requests.perIpPerHour);
    const hash = this.hashes.hex('token', tokenValue);
    const req = await this.repo.findByTokenHash(hash);
    if (!req || !req.tokenHash || !timingSafeEqual(Buffer.from(req.tokenHash), Buffer.from(hash))) throw new RequestTokenInvalidError();
    if (req.verifyAttempts >= this.config.requests.maxVerifyAttempts) throw new RequestTokenInvalidError();
    if (!['awaiting_verification', 'needs_triage'].includes(req.status) || !req.tokenExpiresAt || req.tokenExpiresAt <= this.clock.now()) {
      await this.repo.incAttempts(req._id);
      throw new RequestTokenInvalidError();
    }
    const statusToken = token();
    const moved = await this.repo.move(
      req._id,
      ['awaiting_verification', 'needs_triage'],
      { statusTokenHash: this.hashes.hex('token', statusToken) },
      [],
      ['tokenHash'],
      {
        tokenHash: hash,
      },
    );
    if (!moved) throw new RequestTokenInvalidError();
    return this.markVerified(moved, 'requester', statusToken);
  }

  private async markVerified(req: DataRequest, by: string, statusToken: string): Promise<{ id: string; status: RequestStatus }> {
    const now = this.clock.now();
    const dueAt = addCalendarMonths(now, 1);
    if (req.status === 'needs_triage') {
      // the address is proven and the month runs; the request stays in triage until an agent sets its type
      const kept = await this.repo.move(
        req._id,
        ['needs_triage'],
        { verifiedAt: now, dueAt, originalDueAt: dueAt },
        [{ at: now, kind: 'event', what: 'verified', by, text: 'address confirmed; type still to be set' }],
        ['expiresAt', 'tokenExpiresAt', 'tokenHash'],
      );
      if (!kept) throw new RequestTokenInvalidError();
      await this.mail(kept, REQUEST_MAIL.received, 'received', { dueAt: this.day(dueAt, kept.locale), statusLink: this.statusLink(statusToken) });
      return { id: kept._id, status: 'needs_triage' };
    }
    const entries: TimelineEntry[] = [{ at: now, kind: 'status', what: 'verified', by }];
    const dup = await this.repo.findOpenFor(req.emailHash, req.type, req._id);
    if (dup) entries.push({ at: now, kind: 'event', what: 'duplicate', by: SYSTEM, text: `duplicate of ${dup._id}` });
    const moved = await this.repo.move(
      req._id,
      ['awaiting_verification'],
      { status: 'verified', verifiedAt: now, dueAt, originalDueAt: dueAt, ...(dup ? { duplicateOf: dup._id } : {}) },
      entries,
      ['expiresAt', 'tokenExpiresAt', 'tokenHash'],
    );
    if (!moved) throw new RequestTokenInvalidError();
    if (dup) await this.repo.append(dup._id, [{ at: now, kind: 'event', what: 'duplicate', by: SYSTEM, text: `linked: ${req._id}` }]);
    await this.mail(moved, REQUEST_MAIL.received, 'received', { dueAt: this.day(dueAt, moved.locale), statusLink: this.statusLink(statusToken) });
    if (moved.type === 'child_report') {
      const started = await this.repo.move(moved._id, ['verified'], { status: 'in_progress' }, [
        { at: now, kind: 'status', what: 'in_progress', by: SYSTEM, text: 'handed to the minors review queue' },
      ]);
      const event: ChildReportEvent = {
        requestId: moved._id,
        reporterEmail: moved.email!,
        childEmail: moved.childEmail,
        details: moved.details ?? '',
        ...(by.startsWith('requester') ? {} : { enteredBy: by }),
      };
      await this.events.emitAsync(CHILD_REPORT_EVENT, event);
      return { id: moved._id, status: started?.status ?? 'in_progress' };
    }
    return { id: moved._id, status: 'verified' };
  }

  statusLink(statusToken: string): string {
    return `${this.config.publicBaseUrl}/requests/status?token=${statusToken}`;
  }

  day(d: Date | undefined, locale: 'en' | 'nb'): string {
    if (!d) return '–';
    return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
  }

  /** Sends one email to the requester and records it on the timeline. */
  async mail(
    req: DataRequest,
    template: string,
    key: string,
    data: Record<string, unknown>,
    unverified = false,
    scrub = false,
    email = req.email,
  ): Promise<void> {
    if (!email) return;
    void unverified; // only the verification message goes to an address not yet proven
    const thread = this.threading ? await this.threading(req, key) : {};
    await this.notifications.send({
      to: { email },
      template,
      category: 'service',
      locale: req.locale,
      idempotencyKey: `requests:${req._id}:${key}`,
      data: { typeLabel: req.status === 'needs_triage' ? UNSPECIFIED_LABEL[req.locale] : TYPE_LABELS[req.type][req.locale], ...data },
      scrubAfterSend: scrub,
      ...thread,
    });
    await this.repo.append(req._id, [{ at: this.clock.now(), kind: 'message', what: template, by: SYSTEM }]);
  }

  async get(id: string): Promise<DataRequest> {
    const req = await this.repo.findById(id);
    if (!req) throw new RequestNotFoundError();
    return req;
  }

  async list(f: QueueFilter): Promise<{ items: RequestListItem[]; next: string | null }> {
    const { rows, next } = await this.page(f);
    return { items: rows.map(listItem), next };
  }

  /** One page of the queue (by _id), whole requests (the console shows more than the list items). */
  async page(f: QueueFilter): Promise<{ rows: DataRequest[]; next: string | null }> {
    const rows = await this.repo.page({ ...f, limit: f.limit + 1 });
    const page = rows.slice(0, f.limit);
    return { rows: page, next: rows.length > f.limit ? page[page.length - 1]._id : null };
  }

  counts(): Promise<Record<string, number>> {
    const now = this.clock.now();
    return this.repo.counts(now, new Date(now.getTime() + 7 * 86_400_000));
  }

  /** Requester's status page, from the link in the emails. */
  async byStatusToken(tokenValue: string): Promise<DataRequest> {
    const req = tokenValue ? await this.repo.findByStatusTokenHash(this.hashes.hex('token', tokenValue)) : null;
    if (!req) throw new RequestTokenInvalidError();
    return req;
  }

  /** The requester withdraws an open request (from the status page). */
  async cancel(tokenValue: string): Promise<DataRequest> {
    const req = await this.byStatusToken(tokenValue);
    const now = this.clock.now();
    const moved = await this.repo.move(
      req._id,
      ['awaiting_verification', 'verified', 'in_progress'],
      { status: 'cancelled', closedAt: now, pruneAt: this.pruneAt(now) },
      [{ at: now, kind: 'status', what: 'cancelled', by: 'requester' }],
      ['expiresAt', 'tokenHash'],
    );
    if (!moved) throw new RequestStateError(req.status, 'cancelled');
    return moved;
  }

  pruneAt(closedAt: Date): Date {
    return addCalendarMonths(closedAt, 12 * this.config.requests.retentionYears);
  }

  async assign(id: string, agent: string, assignee: string | null): Promise<DataRequest> {
    const req = await this.get(id);
    const now = this.clock.now();
    const moved = await this.repo.move(
      id,
      ['verified', 'in_progress', 'awaiting_verification'],
      assignee ? { assignee } : {},
      [{ at: now, kind: 'event', what: 'assigned', by: agent, text: assignee ?? 'unassigned' }],
      assignee ? [] : ['assignee'],
    );
    if (!moved) throw new RequestStateError(req.status, 'assigned');
    await this.audit.record({ actor: agent, action: 'requests.assign', target: id, outcome: 'success' });
    return moved;
  }

  async note(id: string, agent: string, text: string): Promise<void> {
    await this.get(id);
    await this.repo.append(id, [{ at: this.clock.now(), kind: 'note', what: 'note', by: agent, text }]);
    await this.audit.record({ actor: agent, action: 'requests.note', target: id, outcome: 'success' });
  }

  /** Starts work on a verified request (the agent picks it up). */
  async start(id: string, agent: string): Promise<DataRequest> {
    const now = this.clock.now();
    const moved = await this.repo.move(id, ['verified'], { status: 'in_progress', assignee: agent }, [
      { at: now, kind: 'status', what: 'in_progress', by: agent },
    ]);
    if (!moved) throw new RequestStateError((await this.get(id)).status, 'started');
    await this.audit.record({ actor: agent, action: 'requests.start', target: id, outcome: 'success' });
    return moved;
  }

  /** One extension of up to two months, before the original due date, with a reason the requester is told. */
  async extend(id: string, agent: string, reason: string, months = 2): Promise<DataRequest> {
    const req = await this.get(id);
    const now = this.clock.now();
    if (!['verified', 'in_progress'].includes(req.status)) throw new RequestStateError(req.status, 'extended');
    if (req.extension) throw new ExtensionRefusedError('already');
    if (!req.originalDueAt || now >= req.originalDueAt) throw new ExtensionRefusedError('late');
    const dueAt = addCalendarMonths(req.originalDueAt, Math.min(2, Math.max(1, months)));
    const moved = await this.repo.move(
      id,
      ['verified', 'in_progress'],
      { dueAt, extension: { reason, at: now, by: agent } },
      [{ at: now, kind: 'event', what: 'extended', by: agent, text: reason }],
      [],
      { extension: { $exists: false } },
    );
    if (!moved) throw new ExtensionRefusedError('already');
    await this.audit.record({ actor: agent, action: 'requests.extend', target: id, outcome: 'success' });
    const statusToken = await this.freshStatusLink(moved);
    await this.mail(moved, REQUEST_MAIL.extended, 'extended', { dueAt: this.day(dueAt, moved.locale), reason, statusLink: statusToken });
    return moved;
  }

  async reject(id: string, agent: string, reason: string): Promise<DataRequest> {
    const req = await this.get(id);
    const now = this.clock.now();
    const moved = await this.repo.move(
      id,
      ['verified', 'in_progress'],
      { status: 'rejected', closedAt: now, pruneAt: this.pruneAt(now), outcome: { kind: 'rejected', summary: reason } },
      [{ at: now, kind: 'status', what: 'rejected', by: agent, text: reason }],
    );
    if (!moved) throw new RequestStateError(req.status, 'rejected');
    await this.audit.record({ actor: agent, action: 'requests.reject', target: id, outcome: 'success' });
    await this.mail(moved, REQUEST_MAIL.rejected, 'rejected', { reason, statusLink: await this.freshStatusLink(moved) });
    return moved;
  }

  /** A new status link (the plain token is never stored; each email carries a fresh one, the older ones stop working). */
  async freshStatusLink(req: DataRequest): Promise<string> {
    const t = token();
    await this.repo.move(req._id, null, { statusTokenHash: this.hashes.hex('token', t) }, []);
    return this.statusLink(t);
  }
}

export function listItem(r: DataRequest): RequestListItem {
  return {
    id: r._id,
    type: r.type,
    status: r.status,
    channel: r.channel,
    dueAt: r.dueAt ? new Date(r.dueAt).toISOString() : null,
    assignee: r.assignee ?? null,
    createdAt: new Date(r.createdAt).toISOString(),
  };
}
