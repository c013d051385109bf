import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import type { RequestMailThreading } from '../requests/requests.types';
import { MailboxRepository } from './mailbox.repository';

/** What threading needs to know of a request (RequestsService passes its whole request) */
interface ThreadedRequest {
  _id: string;
  channel: string;
}

/**
 * Threads the desk's outgoing mail: the reference `[RD-XXXXXXXX]` in the subject, a Message-ID carrying a
 * keyed tag (so a reply's In-Reply-To/References can be checked as ours and not forged for another
 * request), In-Reply-To/References to the requester's own messages, and loop-safety headers.
 */
@Injectable()
export class MailThreading {
  constructor(
    private readonly hashes: KeyedHash,
    private readonly repo: MailboxRepository,
    private readonly config: AppConfig,
  ) {}

  private get domain(): string {
    const from = this.config.mailbox.supportAddress ?? /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(this.config.mailFrom)?.[1] ?? '';
    return from.split('@')[1] || 'rightsdesk.local';
  }

  /** `RD-` and the first 8 hex digits of the request id */
  reference(requestId: string): string {
    return `RD-${requestId.slice(4, 12).toUpperCase()}`;
  }

  private tag(hexId: string, k: string): string {
    return this.hashes.hex('mailbox:message-id', `${hexId}.${k}`).slice(0, 20);
  }

  /** The Message-ID of one outgoing message, stable for its idempotency key (a resend carries the same one). */
  messageId(requestId: string, key: string): string {
    const hexId = requestId.slice(4);
    const k = this.hashes.hex('mailbox:outgoing-key', key).slice(0, 12);
    return `<rd.${hexId}.${k}.${this.tag(hexId, k)}@${this.domain}>`;
  }

  /** The request a Message-ID of ours names, when its tag checks out; undefined for anything else. */
  requestOf(messageId: string): string | undefined {
    const m = /^<rd\.([0-9a-f]{6,40})\.([0-9a-f]{12})\.([0-9a-f]{20})@[^>]+>$/.exec(messageId.trim());
    if (!m) return undefined;
    const expected = Buffer.from(this.tag(m[1], m[2]));
    const given = Buffer.from(m[3]);
    return expected.length === given.length && timingSafeEqual(expected, given) ? `req_${m[1]}` : undefined;
  }

  /** The headers of one outgoing message of a request (RequestsService.mail calls this). */
  async headersFor(req: ThreadedRequest, key: string): Promise<RequestMailThreading> {
    const inbound = req.channel === 'email' ? await this.repo.inboundIds(req._id) : [];
    const headers: Record<string, string> = {};
    // RFC 3834: the acknowledgement answers a message; other notices are generated; an agent's reply is neither
    if (!key.startsWith('reply:')) headers['Auto-Submitted'] = key === 'verify' && req.channel === 'email' ? 'auto-replied' : 'auto-generated';
    if (this.config.mailbox.supportAddress) headers['Reply-To'] = this.config.mailbox.supportAddress;
    if (inbound.length) {
      headers['In-Reply-To'] = inbound[inbound.length - 1];
      headers.References = inbound.join(' ');
    }
    return { subjectPrefix: `[${this.reference(req._id)}]`, messageId: this.messageId(req._id, key), headers };
  }
}
