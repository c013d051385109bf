import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { AccountNotFoundError } from '../accounts/accounts.errors';
import { AccountsService } from '../accounts/accounts.service';
import type { Account } from '../accounts/account.types';
import { AuditService } from '../audit/audit.service';
import { ConsentActor, ConsentLedgerService } from './consent-ledger.service';
import { ConsentRecord, ConsentRecordsRepository } from './consent-records.repository';
import type { CreateTestimonialDto, UpdateTestimonialDto } from './dto/testimonial.dto';
import { DisplayField, TestimonialStatus } from './schemas/testimonial.schema';
import { normaliseDisplay, scopeOf, shownAs, textSha256 } from './testimonial-text';
import { Testimonial, TestimonialsRepository } from './testimonials.repository';
import {
  ConsentLinkError,
  NoCustomerEmailError,
  NotYourTestimonialError,
  PublishRefusal,
  PublishRefusedError,
  TestimonialChangedError,
  TestimonialNotFoundError,
  TestimonialStateError,
} from './testimonials.errors';

/** How a customer proves who they are for a decision: their session, or the emailed link. */
export type CustomerProof = { account: Account } | { token: string };

export interface FeedItem {
  id: string;
  quote: string;
  name?: string;
  jobTitle?: string;
  company?: string;
  /** The material connection to disclose, when there is one */
  disclosure?: string;
}

const FEED_LIMIT = 100;
const EDITABLE: TestimonialStatus[] = ['draft', 'consent_requested', 'consented', 'declined', 'published', 'removed'];
const REQUESTABLE: TestimonialStatus[] = ['draft', 'consent_requested', 'consented', 'declined', 'published', 'removed'];
const DECIDABLE: TestimonialStatus[] = ['consent_requested', 'consented', 'declined', 'published'];
const OPEN_END = ['reconfirmDueAt', 'takedownDueAt', 'requestTokenHash', 'requestExpiresAt'];

/** Testimonials: drafted by agents, decided by the customer, published only on a live consent for the exact text. */
@Injectable()
export class TestimonialsService {
  constructor(
    private readonly repo: TestimonialsRepository,
    private readonly records: ConsentRecordsRepository,
    private readonly ledger: ConsentLedgerService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async draft(agent: Account, input: CreateTestimonialDto): Promise<Testimonial> {
    const customer = await this.accounts.findBySubjectId(input.subjectId);
    if (!customer) throw new AccountNotFoundError();
    const text = { quote: input.quote.trim(), display: normaliseDisplay(input.display), materialConnection: input.materialConnection?.trim() || undefined };
    const t = await this.repo.create({
      accountId: customer.id,
      subjectId: customer.subjectId,
      ...text,
      textVersion: 1,
      textSha256: textSha256(text),
      status: 'draft',
      consentState: 'none',
      createdBy: agent.subjectId,
    });
    await this.audit.record({
      actor: agent.subjectId,
      action: 'testimonials.draft',
      target: customer.subjectId,
      outcome: 'success',
      details: { testimonialId: String(t._id) },
    });
    return t;
  }

  async get(id: string): Promise<Testimonial> {
    const t = await this.repo.findById(id);
    if (!t) throw new TestimonialNotFoundError();
    return t;
  }

  list(opts: { status?: TestimonialStatus; after?: string }): Promise<Testimonial[]> {
    return this.repo.list({ ...opts, limit: 50 });
  }

  consentRecords(id: string): Promise<ConsentRecord[]> {
    return this.records.ofTestimonial(id);
  }

  /** An edit of the text, display or disclosure needs a new consent: a published quote comes down at once. */
  async edit(agent: Account, id: string, patch: UpdateTestimonialDto): Promise<Testimonial> {
    const t = await this.get(id);
    if (!EDITABLE.includes(t.status)) throw new TestimonialStateError(t.status, 'edited');
    const text = {
      quote: patch.quote !== undefined ? patch.quote.trim() : t.quote,
      display: patch.display ? normaliseDisplay(patch.display) : t.display,
      materialConnection: patch.materialConnection !== undefined ? patch.materialConnection.trim() || undefined : t.materialConnection,
    };
    const hash = textSha256(text);
    if (hash === t.textSha256) return t;
    const { materialConnection, ...rest } = text;
    const moved = await this.repo.move(
      t._id,
      { version: t.version },
      { ...rest, ...(materialConnection ? { materialConnection } : {}), textSha256: hash, textVersion: t.textVersion + 1, status: 'draft' },
      [...(materialConnection ? [] : ['materialConnection']), 'publishedAt', ...OPEN_END],
    );
    if (!moved) throw new TestimonialChangedError();
    await this.audit.record({
      actor: agent.subjectId,
      action: 'testimonials.edit',
      target: t.subjectId,
      outcome: 'success',
      details: { testimonialId: id, textVersion: moved.textVersion, unpublished: t.status === 'published' },
    });
    return moved;
  }

  async requestConsent(agent: Account, id: string): Promise<{ testimonial: Testimonial; expiresAt: Date }> {
    const t = await this.get(id);
    if (!REQUESTABLE.includes(t.status)) throw new TestimonialStateError(t.status, 'sent for consent');
    const customer = await this.accounts.findById(t.accountId);
    if (!customer?.email || !customer.emailVerified) throw new NoCustomerEmailError();
    const { token, hash } = this.ledger.newToken();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.testimonials.linkDays * DAY_MS);
    const status: TestimonialStatus = t.status === 'published' ? 'published' : 'consent_requested';
    const moved = await this.repo.move(t._id, { version: t.version }, { status, requestTokenHash: hash, requestExpiresAt: expiresAt });
    if (!moved) throw new TestimonialChangedError();
    await this.ledger.sendRequest(moved, token, expiresAt, 'request');
    await this.audit.record({
      actor: agent.subjectId,
      action: 'testimonials.consent.request',
      target: t.subjectId,
      outcome: 'success',
      details: { testimonialId: id },
    });
    return { testimonial: moved, expiresAt };
  }

  /** Why this testimonial may not be published now, or null when a live consent covers its exact text. */
  refusal(t: Testimonial, now = this.clock.now()): PublishRefusal | null {
    if (t.status === 'withdrawn' || t.consentState === 'withdrawn') return 'CONSENT_WITHDRAWN';
    if (t.consentState === 'expired' || (t.consentState === 'granted' && t.consent && new Date(t.consent.expiresAt).getTime() <= now.getTime()))
      return 'CONSENT_EXPIRED';
    if (t.consentState !== 'granted' || !t.consent) return 'NO_CONSENT';
    if (t.consent.textSha256 !== t.textSha256) return 'TEXT_CHANGED_SINCE_CONSENT';
    return null;
  }

  async publish(agent: Account, id: string): Promise<Testimonial> {
    const t = await this.get(id);
    const refused = this.refusal(t);
    if (refused) {
      await this.audit.record({
        actor: agent.subjectId,
        action: 'testimonials.publish',
        target: t.subjectId,
        outcome: 'denied',
        details: { testimonialId: id, code: refused },
      });
      throw new PublishRefusedError(refused);
    }
    if (t.status === 'published') return t;
    const moved = await this.repo.move(
      t._id,
      { version: t.version, consentState: 'granted', textSha256: t.consent!.textSha256 },
      { status: 'published', publishedAt: this.clock.now() },
      ['endedAt', 'endedBy', 'endReason'],
    );
    if (!moved) throw new TestimonialChangedError();
    await this.audit.record({
      actor: agent.subjectId,
      action: 'testimonials.publish',
      target: t.subjectId,
      outcome: 'success',
      details: { testimonialId: id, receiptId: t.consent!.receiptId },
    });
    return moved;
  }

  /** An agent takes a quote down (the consent stays as it is: the customer did not withdraw). */
  async remove(agent: Account, id: string): Promise<Testimonial> {
    const t = await this.get(id);
    if (t.status === 'removed') return t;
    if (t.status === 'withdrawn') throw new TestimonialStateError(t.status, 'removed');
    const moved = await this.repo.move(
      t._id,
      { version: t.version },
      { status: 'removed', endedAt: this.clock.now(), endedBy: agent.subjectId, endReason: 'agent' },
      ['publishedAt', ...OPEN_END],
    );
    if (!moved) throw new TestimonialChangedError();
    await this.audit.record({ actor: agent.subjectId, action: 'testimonials.remove', target: t.subjectId, outcome: 'success', details: { testimonialId: id } });
    return moved;
  }

  /** The customer's testimonial, if this proof is theirs: their session, or a valid link token of that kind. */
  async forCustomer(id: string, proof: CustomerProof, link: 'request' | 'withdraw'): Promise<{ t: Testimonial; method: 'link' | 'my_profile'; actor: string }> {
    const t = await this.repo.findById(id);
    if ('token' in proof) {
      const hash = this.ledger.tokenHash(proof.token);
      const stored = link === 'request' ? t?.requestTokenHash : t?.withdrawTokenHash;
      // a withdrawal link also accepts the request link (the same person, the same testimonial)
      const ok = !!t && (stored === hash || (link === 'withdraw' && t.requestTokenHash === hash));
      if (!ok) throw new ConsentLinkError();
      if (link === 'request' && t.requestExpiresAt && new Date(t.requestExpiresAt).getTime() <= this.clock.now().getTime()) throw new ConsentLinkError(true);
      return { t: t!, method: 'link', actor: t!.subjectId };
    }
    if (!t) throw new TestimonialNotFoundError();
    if (t.accountId !== proof.account.id) throw new NotYourTestimonialError();
    return { t, method: 'my_profile', actor: proof.account.subjectId };
  }

  /** The customer's decision: grant with the display fields they allow, or decline (which ends a live consent). */
  async decide(id: string, proof: CustomerProof, decision: 'grant' | 'decline', show: DisplayField[] | undefined): Promise<Testimonial> {
    const { t, method, actor } = await this.forCustomer(id, proof, 'request');
    return this.applyDecision(t, decision, show, { method, actor, collector: method === 'link' ? 'system:testimonials-link' : 'system:my-profile' });
  }

  /** An agent records a consent the customer gave on a recorded call. */
  async recordCallConsent(agent: Account, id: string, show: DisplayField[], callReference: string): Promise<Testimonial> {
    const t = await this.get(id);
    // on a call the agent may read out a draft: no emailed request is needed first
    return this.applyDecision(t, 'grant', show, { method: 'agent_recorded_call', actor: agent.subjectId, collector: agent.subjectId, callReference }, [
      'draft',
      ...DECIDABLE,
    ]);
  }

  private async applyDecision(
    t: Testimonial,
    decision: 'grant' | 'decline',
    show: DisplayField[] | undefined,
    by: ConsentActor,
    allowed = DECIDABLE,
  ): Promise<Testimonial> {
    if (!allowed.includes(t.status)) throw new TestimonialStateError(t.status, 'decided on');
    if (decision === 'decline' && t.consentState === 'granted') return this.withdrawWith(t, by);
    if (decision === 'decline') {
      return (await this.ledger.record(t, 'declined', by, [], { set: { status: 'declined', consentState: 'declined' }, unset: ['consent', ...OPEN_END] }))
        .testimonial;
    }
    const scope = scopeOf(t.display, show);
    // A reconfirmation of the same text keeps a published quote up; anything else waits for the agent.
    const staysPublished = t.status === 'published' && t.consent?.textSha256 === t.textSha256;
    const { testimonial } = await this.ledger.record(t, 'granted', by, scope, {
      set: { status: staysPublished ? 'published' : 'consented', consentState: 'granted' },
      unset: ['requestTokenHash', 'requestExpiresAt', 'takedownDueAt'],
    });
    return testimonial;
  }

  /** Withdrawal by the customer (link or My Profile). Gone from the feed at once. */
  async withdraw(id: string, proof: CustomerProof): Promise<Testimonial> {
    const { t, method, actor } = await this.forCustomer(id, proof, 'withdraw');
    return this.withdrawWith(t, { method, actor, collector: method === 'link' ? 'system:testimonials-link' : 'system:my-profile' });
  }

  /** Withdrawal by an agent on the customer's request. */
  async withdrawForCustomer(agent: Account, id: string, reference?: string): Promise<Testimonial> {
    const t = await this.get(id);
    return this.withdrawWith(t, { method: 'agent_recorded_call', actor: agent.subjectId, collector: agent.subjectId, callReference: reference });
  }

  private async withdrawWith(t: Testimonial, by: ConsentActor): Promise<Testimonial> {
    if (t.status === 'withdrawn') return t;
    const now = this.clock.now();
    const { testimonial } = await this.ledger.record(t, 'withdrawn', by, [], {
      set: { status: 'withdrawn', consentState: 'withdrawn', endedAt: now, endedBy: by.actor, endReason: 'withdrawn' },
      unset: ['consent', 'withdrawTokenHash', 'publishedAt', ...OPEN_END],
    });
    return testimonial;
  }

  /** The customer's own testimonials and consent records (My Profile). */
  async mine(account: Account): Promise<{ testimonials: Testimonial[]; records: ConsentRecord[] }> {
    const [testimonials, records] = await Promise.all([this.repo.listByAccount(account.id), this.records.ofAccount(account.id)]);
    return { testimonials, records };
  }

  /** The public feed: published quotes whose live consent still covers the exact text; only allowed fields. */
  async feed(): Promise<FeedItem[]> {
    const now = this.clock.now();
    return (await this.repo.published(FEED_LIMIT))
      .filter((t) => this.refusal(t, now) === null)
      .map((t) => ({
        id: String(t._id),
        quote: t.quote,
        ...shownAs(t.display, t.consent!.scope),
        ...(t.materialConnection ? { disclosure: t.materialConnection } : {}),
      }));
  }
}
