import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Clock, DAY_MS } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { PoliciesService } from '../notifications/policies.service';
import { ConsentRecord, ConsentRecordsRepository } from './consent-records.repository';
import { ConsentEvent, ConsentMethod } from './schemas/consent-record.schema';
import { DisplayField } from './schemas/testimonial.schema';
import { Testimonial, TestimonialsRepository } from './testimonials.repository';
import { TestimonialChangedError } from './testimonials.errors';
import { shownAs } from './testimonial-text';
import { CONSENT_REQUEST_TEMPLATE, RECEIPT_TEMPLATE, RECONFIRM_TEMPLATE } from './testimonials.templates';

const METHOD_LABEL: Record<ConsentMethod, string> = {
  link: 'email link',
  my_profile: 'My Profile',
  agent_recorded_call: 'recorded call with our support',
  system: 'automatic (no answer)',
};

/** Who acts on a consent: the customer (by link or signed in), an agent on their behalf, or the system. */
export interface ConsentActor {
  method: ConsentMethod;
  /** subject id of the person acting (customer or agent), or system:x */
  actor: string;
  collector: string;
  callReference?: string;
}

/**
 * The consent ledger: appends a record for every grant, decline, withdrawal and expiry, moves the
 * testimonial with it (guarded), and emails the customer a copy of the receipt.
 */
@Injectable()
export class ConsentLedgerService {
  constructor(
    private readonly testimonials: TestimonialsRepository,
    private readonly records: ConsentRecordsRepository,
    private readonly notifications: NotificationsService,
    private readonly policies: PoliciesService,
    private readonly audit: AuditService,
    private readonly hashes: KeyedHash,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A fresh random link token; only its keyed hash is stored. */
  newToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashes.hex('token', token) };
  }

  tokenHash(token: string): string {
    return this.hashes.hex('token', token);
  }

  async policyVersion(): Promise<string> {
    return (await this.policies.current()).current?.version ?? 'unpublished';
  }

  /** Emails the consent request (or the reconfirmation) with a link to the decision page. */
  async sendRequest(t: Testimonial, token: string, expiresAt: Date, kind: 'request' | 'reconfirm'): Promise<void> {
    await this.notifications.send({
      to: { accountId: t.accountId },
      template: kind === 'request' ? CONSENT_REQUEST_TEMPLATE : RECONFIRM_TEMPLATE,
      category: 'service',
      idempotencyKey: `testimonial-${kind}:${String(t._id)}:${t.version}`,
      data: {
        ...this.quoteData(t, ['name', 'jobTitle', 'company']),
        link: `${this.config.publicBaseUrl}/testimonials/${String(t._id)}/consent?token=${token}`,
        expiresAt: expiresAt.toISOString().slice(0, 10),
      },
    });
  }

  /**
   * Records a decision and applies it to the testimonial, only if it is still at the revision the caller
   * read (else TESTIMONIAL_CHANGED). The record goes first: nothing is ever published without its proof.
   */
  async record(
    t: Testimonial,
    event: ConsentEvent,
    by: ConsentActor,
    scope: DisplayField[],
    change: { set: Record<string, unknown>; unset?: string[] },
  ): Promise<{ testimonial: Testimonial; record: ConsentRecord }> {
    const now = this.clock.now();
    const live = t.consentState === 'granted' ? t.consent : undefined;
    const record: ConsentRecord = {
      receiptId: randomUUID(),
      testimonialId: String(t._id),
      accountId: t.accountId,
      subjectId: t.subjectId,
      event,
      at: now,
      method: by.method,
      textSha256: event === 'granted' || !live ? t.textSha256 : live.textSha256,
      textVersion: event === 'granted' || !live ? t.textVersion : live.textVersion,
      quote: t.quote,
      display: { ...t.display },
      scope: event === 'granted' ? scope : (live?.scope ?? []),
      policyVersion: await this.policyVersion(),
      collector: by.collector,
      ...(by.callReference ? { callReference: by.callReference } : {}),
      ...(event === 'granted'
        ? { expiresAt: new Date(now.getTime() + (this.config.testimonials.reconfirmDays + this.config.testimonials.graceDays) * DAY_MS) }
        : {}),
      ...(live && event !== 'granted' ? { endsReceiptId: live.receiptId } : {}),
    };
    await this.records.append(record);
    let withdrawToken: string | undefined;
    const set: Record<string, unknown> = { ...change.set };
    if (event === 'granted') {
      const w = this.newToken();
      withdrawToken = w.token;
      set.withdrawTokenHash = w.hash;
      set.consent = {
        receiptId: record.receiptId,
        textSha256: record.textSha256,
        textVersion: record.textVersion,
        scope,
        grantedAt: now,
        expiresAt: record.expiresAt,
      };
      set.reconfirmDueAt = new Date(now.getTime() + this.config.testimonials.reconfirmDays * DAY_MS);
    }
    const moved = await this.testimonials.move(t._id, { version: t.version }, set, change.unset);
    if (!moved) throw new TestimonialChangedError();
    await this.audit.record({
      actor: by.actor,
      action: `testimonials.consent.${event}`,
      target: t.subjectId,
      outcome: 'success',
      details: { testimonialId: String(t._id), receiptId: record.receiptId, method: by.method },
    });
    await this.sendReceipt(moved, record, withdrawToken);
    return { testimonial: moved, record };
  }

  private async sendReceipt(t: Testimonial, r: ConsentRecord, withdrawToken?: string): Promise<void> {
    await this.notifications.send({
      to: { accountId: t.accountId },
      template: RECEIPT_TEMPLATE,
      category: 'service',
      idempotencyKey: `testimonial-receipt:${r.receiptId}`,
      data: {
        ...this.quoteData(t, r.event === 'granted' ? r.scope : ['name', 'jobTitle', 'company']),
        receiptId: r.receiptId,
        at: r.at.toISOString(),
        method: METHOD_LABEL[r.method],
        [r.event]: true,
        textVersion: r.textVersion,
        sha256: r.textSha256,
        scope: r.scope.length ? r.scope.join(', ') : '–',
        policyVersion: r.policyVersion,
        validUntil: r.expiresAt ? r.expiresAt.toISOString().slice(0, 10) : undefined,
        withdrawLink: withdrawToken ? `${this.config.publicBaseUrl}/testimonials/${String(t._id)}/withdraw?token=${withdrawToken}` : undefined,
        gone: r.event === 'withdrawn' || r.event === 'expired',
      },
    });
  }

  private quoteData(t: Testimonial, scope: readonly string[]) {
    const shown = shownAs(t.display, scope);
    return { quote: t.quote, shown: [shown.name, shown.jobTitle, shown.company].filter(Boolean).join(', ') || '—', disclosure: t.materialConnection };
  }
}
