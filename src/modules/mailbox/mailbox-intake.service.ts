import { Injectable, Logger } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import EmailReplyParser from 'email-reply-parser';
import { authenticate } from 'mailauth';
import PostalMime from 'postal-mime';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { DomainError } from '../../core/errors/domain-error';
import { RequestMailService, RequestThreadInfo } from '../requests/request-mail.service';
import { RequestRateLimiter } from '../requests/request-rate-limiter';
import { RequestsService } from '../requests/requests.service';
import { MailThreading } from './mail-threading';
import { guessLocale, htmlToText, limitText, MailHeaders, messageIdsIn, noAutoReply, referenceIn, suggestTypes } from './mail-rules';
import { MailboxRepository } from './mailbox.repository';
import type { AttachmentMeta, AuthSignal, MailboxOutcome } from './schemas/mailbox-message.schema';

/** One message as the reader fetched it: the whole source, or (oversized) its header block and structure. */
export interface FetchedMessage {
  key: string;
  size: number;
  source?: Buffer;
  head?: Buffer;
  /** imapflow's BODYSTRUCTURE (oversized messages: attachment metadata without downloading them) */
  bodyStructure?: BodyPart;
}

export interface BodyPart {
  type?: string;
  size?: number;
  disposition?: string;
  dispositionParameters?: Record<string, string>;
  parameters?: Record<string, string>;
  childNodes?: BodyPart[];
}

interface ParsedMail {
  from?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers: MailHeaders;
  text: string;
  attachments: AttachmentMeta[];
  /** Why an agent must look at it (oversized, unreadable) */
  problem?: string;
}

const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;
const NONE: AuthSignal = { dkim: 'none', spf: 'none', dmarc: 'none' };

/** Wraps the system resolver with a time limit (mailauth's DNS lookups must never hold up the reader). */
const resolver = (name: string, type: string) =>
  Promise.race([
    dns.resolve(name, type) as Promise<string[][] | string[]>,
    new Promise<never>((_, reject) => setTimeout(() => reject(Object.assign(new Error('dns timeout'), { code: 'ETIMEOUT' })), 3000).unref()),
  ]);

function attachmentsOf(part: BodyPart | undefined, out: AttachmentMeta[] = []): AttachmentMeta[] {
  if (!part) return out;
  const name = part.dispositionParameters?.filename ?? part.parameters?.name;
  if (!part.childNodes?.length && (part.disposition === 'attachment' || name))
    out.push({ name: name ?? '(unnamed)', type: part.type ?? 'application/octet-stream', size: part.size ?? 0 });
  for (const child of part.childNodes ?? []) attachmentsOf(child, out);
  return out;
}

/**
 * Turns one mailbox message into desk work, exactly once: the message's key is recorded first (a unique
 * index decides who owns it), then the request is made under an id derived from the key (so a second
 * attempt finds it), or the reply joins its request's timeline once per key. Nothing here trusts From:.
 */
@Injectable()
export class MailboxIntakeService {
  private readonly logger = new Logger('Mailbox');

  constructor(
    private readonly repo: MailboxRepository,
    private readonly requests: RequestsService,
    private readonly requestMail: RequestMailService,
    private readonly limiter: RequestRateLimiter,
    private readonly threading: MailThreading,
    private readonly hashes: KeyedHash,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The request id a message makes: derived from its key, so taking it twice makes one request. */
  requestIdFor(key: string): string {
    return `req_${this.hashes.hex('mailbox:request-id', key).slice(0, 24)}`;
  }

  /** @returns 'skip' when another reader is on it right now; otherwise what became of it. */
  async handle(m: FetchedMessage): Promise<MailboxOutcome | 'skip'> {
    const now = this.clock.now();
    const known = await this.repo.get(m.key);
    if (known?.state === 'done') return known.outcome ?? 'new';
    if (known && now.getTime() - new Date(known.receivedAt).getTime() < this.config.mailbox.claimLeaseMs) return 'skip';
    const mail = await this.parse(m);
    const auth = m.source && !mail.problem ? await this.authSignal(m.source, mail.from) : NONE;
    const record = {
      _id: m.key,
      state: 'received' as const,
      ...(mail.from ? { from: mail.from } : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(mail.subject ? { subject: mail.subject.slice(0, 500) } : {}),
      text: limitText(mail.text, this.config.mailbox.maxTextChars),
      attachments: mail.attachments,
      size: m.size,
      auth,
      // the request this message would make (its acknowledgement threads on it); replaced or removed at the end
      requestId: this.requestIdFor(m.key),
      receivedAt: now,
    };
    if (known) await this.repo.retake(m.key, { receivedAt: now });
    else if (!(await this.repo.claim(record))) {
      const other = await this.repo.get(m.key);
      return other?.state === 'done' ? (other.outcome ?? 'new') : 'skip';
    }
    const { outcome, requestId, reason } = await this.decide(m.key, mail, auth);
    await this.repo.finish(m.key, outcome, this.clock.now(), requestId, reason);
    this.logger.log({ message: m.key, outcome, request: requestId }, 'mailbox message taken');
    return outcome;
  }

  private async decide(key: string, mail: ParsedMail, auth: AuthSignal): Promise<{ outcome: MailboxOutcome; requestId?: string; reason?: string }> {
    const own = [this.config.mailbox.supportAddress, /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(this.config.mailFrom)?.[1]?.toLowerCase()].filter(Boolean);
    if (mail.from && own.includes(mail.from)) return { outcome: 'ignored', reason: 'sent from our own address (loop)' };
    const noReply = noAutoReply(mail.headers, mail.from);
    const thread = await this.threadOf(mail);
    const notes: string[] = [];
    const visible = this.fold(mail.text);
    if (thread) {
      if (mail.from && thread.emailHash === this.hashes.email(mail.from)) {
        const what = noReply?.automatic ? 'email.auto' : 'email.in';
        await this.requestMail.addInbound(thread.id, key, what, limitText(visible || mail.subject || '', this.config.mailbox.maxTextChars));
        return { outcome: noReply?.automatic ? 'auto' : 'reply', requestId: thread.id };
      }
      // Quoting someone's reference from another address joins nothing (and tells nothing about that request)
      notes.push(`quotes the reference of another request (${this.threading.reference(thread.id)}) from a different address: not joined to it`);
    }
    if (noReply?.automatic) return { outcome: 'ignored', reason: noReply.reason };

    const suggested = mail.problem ? [] : suggestTypes(`${mail.subject ?? ''}\n${visible}`);
    const clear = suggested.length === 1 && !mail.problem;
    if (mail.problem) notes.push(mail.problem);
    if (!clear) notes.push(suggested.length > 1 ? 'the text asks for several things: set the type' : 'the intent is not clear from the text: set the type');
    let acknowledge = !!mail.from && !noReply;
    if (noReply) notes.push(`no acknowledgement sent: ${noReply.reason}`);
    if (!mail.from) notes.push('no usable sender address: no acknowledgement sent');
    if (acknowledge) {
      try {
        await this.limiter.hit('mail-ack', mail.from!, this.config.mailbox.acksPerSenderPerHour);
      } catch (err) {
        if (!(err instanceof DomainError) || err.kind !== 'too_many') throw err;
        acknowledge = false;
        notes.push('no acknowledgement sent: this sender reached the hourly limit');
      }
    }
    const signal = `DKIM ${auth.dkim} · SPF ${auth.spf} · DMARC ${auth.dmarc} (a signal only: the sender proves the address with the link)`;
    const attachments = mail.attachments.length
      ? `attachments (kept in the mailbox, not here): ${mail.attachments.map((a) => `${a.name} (${a.type}, ${a.size} bytes)`).join('; ')}`
      : '';
    const details = limitText([mail.subject ? `Subject: ${mail.subject}` : '', mail.text].filter(Boolean).join('\n\n'), this.config.mailbox.maxTextChars);
    const r = await this.requests.intake(
      { type: suggested[0] ?? 'access', email: mail.from ?? '', details, locale: guessLocale(`${mail.subject ?? ''} ${mail.text}`) },
      {
        channel: 'email',
        idempotent: { id: this.requestIdFor(key), seed: key },
        triage: { needed: !clear, suggested, ...(notes.length ? { note: notes.join('; ') } : {}) },
        acknowledge,
        note: [signal, attachments].filter(Boolean).join('\n'),
      },
    );
    return { outcome: 'new', requestId: r.id, ...(notes.length ? { reason: notes.join('; ') } : {}) };
  }

  /** The request a message answers: a Message-ID of ours (tag checked) in In-Reply-To/References, else the subject's reference. */
  private async threadOf(mail: ParsedMail): Promise<RequestThreadInfo | null> {
    for (const id of messageIdsIn(mail.inReplyTo, mail.references).reverse()) {
      const requestId = this.threading.requestOf(id);
      const found = requestId ? await this.requestMail.thread(requestId) : null;
      if (found) return found;
    }
    const ref = referenceIn(mail.subject);
    return ref ? this.requestMail.byReference(ref) : null;
  }

  /** The new part of a reply: quoted text and signatures folded away. */
  private fold(text: string): string {
    try {
      const visible = new EmailReplyParser().read(text).getVisibleText().trim();
      // Norwegian clients' quote header ("Den ... skrev:"), which the parser does not know
      return visible.replace(/\n?^(Den|På|Man|Tir|Ons|Tor|Fre|Lør|Søn)\b.{0,200}skrev:\s*$[\s\S]*/im, '').trim();
    } catch {
      return text.trim();
    }
  }

  private async parse(m: FetchedMessage): Promise<ParsedMail> {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    if (!m.source) {
      // Oversized: headers and structure only; the message stays whole in the mailbox for the agent
      const head = await this.parseSafely(Buffer.concat([m.head ?? Buffer.alloc(0), Buffer.from('\r\n\r\n')]));
      return {
        ...head,
        text: '',
        attachments: attachmentsOf(m.bodyStructure),
        problem: `message too large to read here (${mb(m.size)}, limit ${mb(this.config.mailbox.maxMessageBytes)}): read it in the mailbox`,
      };
    }
    return this.parseSafely(m.source);
  }

  private async parseSafely(raw: Buffer): Promise<ParsedMail> {
    try {
      const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
      const from = email.from && 'address' in email.from && email.from.address ? email.from.address.trim().toLowerCase() : undefined;
      const text = email.text?.trim() || (email.html ? htmlToText(email.html) : '');
      const attachments = email.attachments.map((a) => ({
        name: a.filename ?? '(unnamed)',
        type: a.mimeType,
        size: typeof a.content === 'string' ? Buffer.byteLength(a.content) : a.content.byteLength,
      }));
      const headers = email.headers.map((h) => ({ key: h.key, value: h.value }));
      const broken = !from || !EMAIL.test(from) ? 'the message has no readable sender address (From:)' : undefined;
      const noBoundary =
        /^multipart\//i.test(headers.find((h) => h.key === 'content-type')?.value ?? '') &&
        !/boundary=/i.test(headers.find((h) => h.key === 'content-type')?.value ?? '');
      const problem =
        broken || noBoundary
          ? `malformed message (${[broken, noBoundary ? 'a multipart body without a boundary' : ''].filter(Boolean).join('; ')}): kept for an agent`
          : undefined;
      return {
        from: from && EMAIL.test(from) ? from : undefined,
        subject: email.subject,
        messageId: email.messageId,
        inReplyTo: email.inReplyTo,
        references: email.references,
        headers,
        text,
        attachments,
        problem,
      };
    } catch (err) {
      return {
        headers: [],
        text: '',
        attachments: [],
        problem: `malformed message, could not be parsed (${(err as Error).message.slice(0, 200)}): kept for an agent`,
      };
    }
  }

  /** DKIM/SPF/DMARC as the agent's signal (never proof); "none" when unsigned or unknown. */
  private async authSignal(raw: Buffer, from?: string): Promise<AuthSignal> {
    if (!from) return NONE;
    try {
      const r = await authenticate(raw, { trustReceived: true, resolver, disableArc: true, disableBimi: true });
      const dkim = r.dkim?.results?.map((d) => d.status?.result).find((s) => s === 'pass') ?? r.dkim?.results?.[0]?.status?.result ?? 'none';
      const spfResult = r.spf ? (r.spf as { 'client-ip'?: string; status?: { result?: string } }) : undefined;
      // without a client IP (no trusted Received: header) SPF says nothing
      const spf = spfResult?.['client-ip'] ? (spfResult.status?.result ?? 'none') : 'none';
      const dmarc = r.dmarc ? ((r.dmarc as { status?: { result?: string } }).status?.result ?? 'none') : 'none';
      return { dkim, spf, dmarc };
    } catch {
      return { dkim: 'temperror', spf: 'temperror', dmarc: 'temperror' };
    }
  }
}
