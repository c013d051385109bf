import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { AuditService } from '../audit/audit.service';
import { RequestStateError } from './requests.errors';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';
import { REQUEST_MAIL } from './requests.templates';
import type { DataRequest } from './schemas/data-request.schema';
import type { RequestStatus, RequestType } from './requests.types';

/** What another module may know of a request to thread mail onto it (no timeline, no tokens). */
export interface RequestThreadInfo {
  id: string;
  status: RequestStatus;
  emailHash: string;
  email?: string;
  locale: 'en' | 'nb';
}

const info = (r: DataRequest): RequestThreadInfo => ({ id: r._id, status: r.status, emailHash: r.emailHash, email: r.email, locale: r.locale });

/**
 * The desk's side of requests by email: the agent's one-click type, replies written on the request page
 * (through the outbox, threaded), and inbound messages put on the timeline once each.
 */
@Injectable()
export class RequestMailService {
  constructor(
    private readonly requests: RequestsService,
    private readonly repo: RequestsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async thread(id: string): Promise<RequestThreadInfo | null> {
    const r = await this.repo.findById(id);
    return r ? info(r) : null;
  }

  /** A request named by the reference in a subject (`[RD-1A2B3C4D]` → the id's first hex digits). */
  async byReference(hexPrefix: string): Promise<RequestThreadInfo | null> {
    const r = await this.repo.findByIdPrefix(`req_${hexPrefix.toLowerCase()}`);
    return r ? info(r) : null;
  }

  /**
   * The agent sets (or corrects) the type. A request in triage leaves it: verified when its address was
   * confirmed meanwhile, otherwise awaiting verification with its link valid for another period.
   */
  async setType(id: string, agent: string, type: RequestType): Promise<{ status: RequestStatus; type: RequestType }> {
    const req = await this.requests.get(id);
    const now = this.clock.now();
    if (!['needs_triage', 'awaiting_verification', 'verified', 'in_progress'].includes(req.status)) throw new RequestStateError(req.status, 'given a type');
    const set: Record<string, unknown> = { type };
    const unset: string[] = [];
    if (req.status === 'needs_triage') {
      if (req.verifiedAt) set.status = 'verified';
      else {
        const until = new Date(now.getTime() + this.config.requests.verifyHours * 3_600_000);
        Object.assign(set, { status: 'awaiting_verification', expiresAt: until });
        if (req.tokenHash) set.tokenExpiresAt = until;
      }
    }
    const moved = await this.repo.move(
      id,
      [req.status],
      set,
      [
        { at: now, kind: 'event', what: 'type-set', by: agent, text: type },
        ...(set.status ? [{ at: now, kind: 'status' as const, what: set.status as string, by: agent }] : []),
      ],
      unset,
    );
    if (!moved) throw new RequestStateError((await this.requests.get(id)).status, 'given a type');
    await this.audit.record({ actor: agent, action: 'requests.set-type', target: id, outcome: 'success', details: { type } });
    return { status: moved.status, type: moved.type };
  }

  /** An agent's answer to the requester, through the outbox, threaded in their mail client. */
  async reply(id: string, agent: string, body: string): Promise<{ sent: true }> {
    const req = await this.requests.get(id);
    if (!req.email) throw new RequestStateError(req.status, 'answered by email (no address is kept)');
    if (['expired', 'cancelled'].includes(req.status)) throw new RequestStateError(req.status, 'answered');
    await this.requests.mail(req, REQUEST_MAIL.reply, `reply:${randomBytes(6).toString('hex')}`, { body });
    await this.repo.append(id, [{ at: this.clock.now(), kind: 'message', what: 'email.out', by: agent, text: body }]);
    await this.audit.record({ actor: agent, action: 'requests.reply', target: id, outcome: 'success' });
    return { sent: true };
  }

  /** A message from the requester (a reply, or an automatic answer) on the timeline, once per mailbox message. */
  async addInbound(id: string, ref: string, what: 'email.in' | 'email.auto', text: string): Promise<boolean> {
    return this.repo.appendOnce(id, { at: this.clock.now(), kind: what === 'email.in' ? 'message' : 'event', what, by: 'requester', text, ref });
  }
}
