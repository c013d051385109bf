import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { SubjectExportDocument, SubjectExportService } from '../../core/personal-data/subject-export.service';
import { SubjectResolver } from '../../core/personal-data/subject-resolver.service';
import type { Subject } from '../../core/personal-data/personal-data.types';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import { ErasureService, ErasureTarget } from '../erasure/erasure.service';
import { CHILD_REPORT_DECIDED_EVENT, ChildReportDecidedEvent } from '../minors/minors.events';
import { NotificationsService } from '../notifications/notifications.service';
import { ProfileService } from '../profile/profile.service';
import { ConflictError } from '../../core/errors/domain-error';
import { RequestInputError, RequestStateError, RequestTokenInvalidError } from './requests.errors';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';
import { REQUEST_MAIL } from './requests.templates';
import { DataRequest } from './schemas/data-request.schema';
import { RequestOutcome } from './requests.types';

export interface CompleteInput {
  /** rectification: the profile fields to set (validated by UpdateProfileDto) */
  changes?: Record<string, unknown>;
  /** refer the request to the controller (a helpdesk tenant's end-customer) instead of carrying it out */
  referTo?: string;
  note?: string;
}

/** What "complete" does per type, each through the module that owns the data. */
@Injectable()
export class RequestActionsService {
  constructor(
    private readonly requests: RequestsService,
    private readonly repo: RequestsRepository,
    private readonly accounts: AccountsService,
    private readonly resolver: SubjectResolver,
    private readonly exports: SubjectExportService,
    private readonly erasure: ErasureService,
    private readonly profile: ProfileService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly hashes: KeyedHash,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The account a request is about: the one that made it (signed in), or one whose address is verified
   * and equals the verified requester address. Anyone else is a person known only by that address.
   */
  private async accountOf(req: DataRequest): Promise<string | undefined> {
    if (req.accountId) return req.accountId;
    if (!req.email) return undefined;
    const matches = (await this.accounts.findByEmail(req.email)).filter((a) => a.emailVerified && a.email?.toLowerCase() === req.email);
    return matches.length === 1 ? matches[0].id : undefined;
  }

  private async subjectOf(req: DataRequest): Promise<Subject> {
    const accountId = await this.accountOf(req);
    return this.resolver.resolve(accountId ? { accountId, emails: [] } : { emails: [req.email!] });
  }

  async complete(id: string, agent: string, input: CompleteInput): Promise<{ status: 'completed'; outcome: RequestOutcome }> {
    const req = await this.requests.get(id);
    if (!['verified', 'in_progress'].includes(req.status)) throw new RequestStateError(req.status, 'completed');
    const types = [req.type, ...(req.alsoRequested ?? [])];
    let outcome: RequestOutcome;
    if (input.referTo) outcome = await this.refer(req, input.referTo);
    else {
      const outcomes: RequestOutcome[] = [];
      // Access before erasure: a letter asking for both gets the copy of what there was.
      for (const type of [...types].sort((a, b) => (a === 'erasure' ? 1 : 0) - (b === 'erasure' ? 1 : 0)))
        outcomes.push(await this.carryOut(req, type, agent, input));
      outcome =
        outcomes.length === 1
          ? outcomes[0]
          : { kind: outcomes[0].kind, summary: outcomes.map((o) => o.summary).join('\n\n'), kept: outcomes.flatMap((o) => o.kept ?? []) };
    }
    const now = this.clock.now();
    const erased = types.includes('erasure') && !input.referTo;
    const moved = await this.repo.move(id, ['verified', 'in_progress'], { status: 'completed', closedAt: now, pruneAt: this.requests.pruneAt(now), outcome }, [
      { at: now, kind: 'status', what: 'completed', by: agent, text: outcome.kind },
    ]);
    if (!moved) throw new RequestStateError((await this.requests.get(id)).status, 'completed');
    await this.audit.record({ actor: agent, action: `requests.complete.${outcome.kind}`, target: id, outcome: 'success' });
    if (outcome.kind !== 'refer_to_controller') {
      if (erased) {
        // The last message: sent from memory, scrubbed from the outbox once sent; the record keeps only the proof.
        await this.requests.mail(moved, REQUEST_MAIL.completed, 'completed', { summary: outcome.summary }, false, true, req.email);
        await this.repo.reduceToProof([id]);
      } else
        await this.requests.mail(moved, REQUEST_MAIL.completed, 'completed', {
          summary: `${outcome.summary}\n\n${await this.requests.freshStatusLink(moved)}`,
        });
    }
    return { status: 'completed', outcome };
  }

  private async carryOut(req: DataRequest, type: DataRequest['type'], agent: string, input: CompleteInput): Promise<RequestOutcome> {
    const nb = req.locale === 'nb';
    switch (type) {
      case 'access': {
        const t = randomBytes(32).toString('base64url');
        const expires = new Date(this.clock.now().getTime() + this.config.requests.accessLinkDays * 86_400_000);
        await this.repo.move(req._id, null, { accessTokenHash: this.hashes.hex('token', t), accessExpiresAt: expires }, [
          { at: this.clock.now(), kind: 'event', what: 'access-link', by: agent },
        ]);
        await this.requests.mail(req, REQUEST_MAIL.access, 'access', {
          link: `${this.config.publicBaseUrl}/requests/access?token=${t}`,
          expiresAt: this.requests.day(expires, req.locale),
        });
        return { kind: 'access', summary: nb ? 'Kopien av opplysningene dine er sendt som en lenke.' : 'The copy of your data was sent to you as a link.' };
      }
      case 'confirmation': {
        const doc = await this.exports.exportSubject(await this.subjectOf(req));
        const categories = holdingCategories(doc);
        const holds = categories.length > 0;
        const summary = holds
          ? nb
            ? `Ja, vi har opplysninger om deg: ${categories.join(', ')}. Du kan be om en kopi.`
            : `Yes, we hold data about you: ${categories.join(', ')}. You may ask for a copy.`
          : nb
            ? 'Nei, vi har ingen opplysninger om deg.'
            : 'No, we hold no data about you.';
        return { kind: 'confirmation', summary, holds, categories };
      }
      case 'erasure': {
        const accountId = await this.accountOf(req);
        const subject = await this.subjectOf(req);
        const before = await this.exports.exportSubject(subject);
        const kept = before.modules.flatMap((m) =>
          m.describes
            .filter((c) => c.onErasure?.action === 'kept' && (m.data[c.collection]?.length ?? 0) > 0)
            .map((c) => ({ module: m.module, collection: c.collection, basis: c.onErasure?.basis, keptUntil: c.onErasure?.period })),
        );
        const target: ErasureTarget = accountId ? { accountId } : { email: req.email! };
        const result = await this.erasure.eraseSubjects([target], 'request');
        // Another batch is erasing this person right now: the request stays open; completing again later finds it done.
        if (result.busy.length)
          throw new ConflictError('ERASURE_BUSY', 'This person is being erased by another run right now. Try completing the request again in a few minutes.');
        const keptText = kept.map((k) => `${k.collection}: ${k.basis ?? ''}${k.keptUntil ? ` (${k.keptUntil})` : ''}`).join('; ');
        const summary = nb
          ? `Opplysningene dine er slettet.${kept.length ? ` Dette beholder vi fordi loven krever det: ${keptText}.` : ''} Sitater av innleggene dine som andre har lagt ut andre steder, kan vi ikke fjerne.`
          : `Your data has been erased.${kept.length ? ` We keep this because the law requires it: ${keptText}.` : ''} Quotes of your posts that others published elsewhere are beyond our reach.`;
        return { kind: 'erasure', summary, kept };
      }
      case 'rectification': {
        const accountId = await this.accountOf(req);
        if (!accountId)
          throw new RequestInputError(
            'REQUEST_NO_ACCOUNT',
            'No account with this verified address: there is no profile to correct. Reject or refer the request.',
          );
        if (!input.changes || !Object.keys(input.changes).length)
          throw new RequestInputError('REQUEST_CHANGES_REQUIRED', 'changes: name the profile fields to correct.');
        const account = await this.accounts.getById(accountId);
        await this.profile.update(account, input.changes as never, {}, 'agent');
        const fields = Object.keys(input.changes).join(', ');
        return { kind: 'rectification', summary: nb ? `Vi har rettet: ${fields}.` : `We corrected: ${fields}.` };
      }
      case 'objection': {
        await this.notifications.suppressMarketing(req.email!, await this.accountOf(req), agent);
        return {
          kind: 'objection',
          summary: nb
            ? 'Vi sender deg ikke markedsføring lenger, heller ikke om opplysningene dine blir slettet.'
            : 'We no longer send you marketing, also after any erasure of your data.',
        };
      }
      case 'child_report':
        return { kind: 'child_report', summary: nb ? 'Meldingen er behandlet.' : 'Your report has been handled.' };
    }
  }

  private async refer(req: DataRequest, controller: string): Promise<RequestOutcome> {
    await this.requests.mail(req, REQUEST_MAIL.referred, 'referred', { controller });
    return { kind: 'refer_to_controller', summary: `referred to ${controller}`, controller };
  }

  /** The minors module decided on a report that came from a request: close it, tell the reporter only the outcome. */
  @OnEvent(CHILD_REPORT_DECIDED_EVENT, { promisify: true })
  async onChildReportDecided(e: ChildReportDecidedEvent): Promise<void> {
    const req = await this.repo.findById(e.requestId);
    if (!req || !['verified', 'in_progress'].includes(req.status)) return;
    const now = this.clock.now();
    const nb = req.locale === 'nb';
    const summary =
      e.outcome === 'confirmed'
        ? nb
          ? 'Vi har undersøkt meldingen og fjernet kontoen.'
          : 'We looked into your report and removed the account.'
        : nb
          ? 'Vi har undersøkt meldingen og fant ingen grunn til å gjøre noe.'
          : 'We looked into your report and found no reason to act.';
    const moved = await this.repo.move(
      req._id,
      ['verified', 'in_progress'],
      { status: 'completed', closedAt: now, pruneAt: this.requests.pruneAt(now), outcome: { kind: 'child_report', summary } },
      [{ at: now, kind: 'status', what: 'completed', by: e.decidedBy, text: e.outcome }],
    );
    if (!moved) return;
    await this.audit.record({ actor: e.decidedBy, action: 'requests.complete.child_report', target: req._id, outcome: 'success' });
    await this.requests.mail(moved, REQUEST_MAIL.completed, 'completed', { summary });
  }

  /** The access link: the export made now, for the verified address (or the account that asked). */
  async accessExport(tokenValue: string): Promise<SubjectExportDocument> {
    const req = tokenValue ? await this.repo.findByAccessTokenHash(this.hashes.hex('token', tokenValue)) : null;
    if (!req || !req.accessExpiresAt || req.accessExpiresAt <= this.clock.now() || !req.email) throw new RequestTokenInvalidError();
    await this.repo.append(req._id, [{ at: this.clock.now(), kind: 'event', what: 'access-opened', by: 'requester' }]);
    return this.exports.exportSubject(await this.subjectOf(req));
  }
}

function holdingCategories(doc: SubjectExportDocument): string[] {
  const cats = new Set<string>();
  for (const m of doc.modules.filter((x) => x.module !== 'requests'))
    for (const c of m.describes) if ((m.data[c.collection]?.length ?? 0) > 0) for (const f of c.fields) cats.add(f.category);
  return [...cats].sort();
}
