import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfService } from '../../core/http/csrf.service';
import { PageLocale, pageLocale } from '../../core/http/views/locale';
import { pageFrame } from '../../core/http/views/page-frame';
import type { View } from '../../core/http/views/view-engine';
import type { Account } from '../accounts/account.types';
import { RecipientNoticesService } from './recipient-notices.service';
import { RecipientsService } from './recipients.service';
import { SuccessorEventsService } from './successor-events.service';
import { TransfersService } from './transfers.service';
import { RECIPIENT_KINDS, TRANSFER_CATEGORIES, TRANSFER_MECHANISMS } from './transfers.types';
import { TRANSFER_MESSAGES } from './views/transfers.messages';
import type { AdminLogModel, AdminRecipientsModel, AdminSuccessorsModel, MinePageModel } from './views/transfers.pages';

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);
const minute = (d: Date | string) => new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** Builds the models of the transfers pages and renders them in the shared frame (en/nb). */
@Injectable()
export class TransfersPagesService {
  constructor(
    private readonly transfers: TransfersService,
    private readonly recipients: RecipientsService,
    private readonly notices: RecipientNoticesService,
    private readonly successors: SuccessorEventsService,
    @Optional() @Inject(CsrfService) private readonly csrf: CsrfService | undefined,
  ) {}

  lang(req: Request): PageLocale {
    return pageLocale(req, req.account as Account | undefined);
  }

  csrfToken(req: Request, res: Response): string {
    return this.csrf?.token(req, res) ?? '';
  }

  render<M extends object>(req: Request, res: Response, view: View<M>, titleKey: string, model: M, current?: string): string {
    const lang = this.lang(req);
    return view({
      ...model,
      ...pageFrame(req, {
        lang,
        messages: TRANSFER_MESSAGES[lang],
        titleKey,
        csrf: this.csrfToken(req, res),
        signedIn: !!req.account,
        current,
        langPost: !!req.account,
      }),
    });
  }

  async mine(account: Account, csrf: string): Promise<MinePageModel> {
    const [received, told, pending] = await Promise.all([
      this.transfers.receivedBy(account.subjectId),
      this.notices.toldAbout(account.subjectId),
      this.successors.pendingFor(account.subjectId),
    ]);
    return {
      csrf,
      banners: pending.map((p) => ({
        eventId: p.eventId,
        successor: p.successor,
        country: p.country,
        date: day(p.effectiveAt),
        categories: p.categories.join(', '),
      })),
      rows: [...received].reverse().map((r) => ({
        name: r.name,
        kindKey: `kind.${r.kind}`,
        country: r.country,
        categories: r.categories.join(', '),
        when: minute(r.when),
        why: r.why,
        basis: r.legalBasis,
      })),
      told: told.map((t) => ({
        recipient: t.recipient,
        causeKey: `cause.${t.cause}`,
        sent: minute(t.sentAt),
        ack: t.acknowledgedAt ? minute(t.acknowledgedAt) : undefined,
      })),
    };
  }

  private options(lang: PageLocale) {
    const m = TRANSFER_MESSAGES[lang];
    return {
      kinds: RECIPIENT_KINDS.map((k) => ({ value: k, label: m[`kind.${k}`] ?? k })),
      mechanisms: TRANSFER_MECHANISMS.map((k) => ({ value: k, label: k })),
      categories: TRANSFER_CATEGORIES.map((c) => ({ value: c, label: c })),
    };
  }

  async adminRecipients(req: Request, csrf: string): Promise<AdminRecipientsModel> {
    const items = await this.recipients.list({ limit: 200 });
    return {
      csrf,
      ...this.options(this.lang(req)),
      items: items.map((r) => ({
        id: r.id,
        name: r.name,
        kindKey: `kind.${r.kind}`,
        country: r.country,
        mechanism: r.mechanism,
        categories: r.categories.join(', '),
        noticeEmail: r.noticeEmail,
        active: this.recipients.isActive(r),
      })),
    };
  }

  async adminLog(req: Request, q: { recipientId?: string; category?: string; from?: string; to?: string; before?: string }): Promise<AdminLogModel> {
    const recipients = await this.recipients.list({ limit: 200 });
    const names = new Map(recipients.map((r) => [r.id, r.name]));
    const items = await this.transfers.list({
      recipientId: q.recipientId || undefined,
      category: q.category || undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(new Date(q.to).getTime() + 24 * 3600 * 1000) : undefined,
      beforeSeq: q.before ? Number(q.before) : undefined,
      limit: 100,
    });
    const params = new URLSearchParams(Object.entries({ ...q, before: undefined }).filter(([, v]) => !!v) as [string, string][]);
    if (items.length === 100) params.set('before', String(items[items.length - 1].seq));
    return {
      recipients: recipients.map((r) => ({ value: r.id, label: r.name, selected: r.id === q.recipientId })),
      categories: TRANSFER_CATEGORIES.map((c) => ({ value: c, label: c, selected: c === q.category })),
      from: q.from ?? '',
      to: q.to ?? '',
      items: items.map((e) => ({
        seq: e.seq,
        at: minute(e.at),
        recipient: names.get(e.body.recipientId) ?? e.body.recipientId,
        type: e.body.type,
        subjects: e.body.subjectCount,
        categories: e.body.categories.join(', '),
        purpose: e.body.purpose,
        basis: e.body.legalBasis,
        initiator: e.body.initiatedBy,
      })),
      next: items.length === 100 ? `/admin/transfers?${params.toString()}` : undefined,
    };
  }

  async adminSuccessors(req: Request, csrf: string): Promise<AdminSuccessorsModel> {
    const [events, successors] = await Promise.all([this.successors.list(), this.recipients.list({ kind: 'successor', limit: 200 })]);
    const names = new Map(successors.map((r) => [r.id, r.name]));
    return {
      csrf,
      successors: successors.map((r) => ({ value: r.id, label: r.name })),
      categories: this.options(this.lang(req)).categories,
      items: events.map((e) => ({
        id: e.id,
        successor: names.get(e.recipientId) ?? e.recipientId,
        effective: day(e.effectiveAt),
        status: e.status,
        notified: e.notified,
        categories: e.categories.join(', '),
      })),
    };
  }
}
