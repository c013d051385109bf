import type { RequestType } from '../requests/requests.types';

/** Headers as postal-mime gives them: lower-case keys, in order. */
export type MailHeaders = { key: string; value: string }[];

const header = (headers: MailHeaders, name: string): string | undefined => headers.find((h) => h.key === name)?.value?.trim();

/**
 * Why we must not answer a message automatically (RFC 3834 and common practice), or null when we may:
 * `Auto-Submitted` anything but `no`, `Precedence: bulk|list|junk`, a mailing list (`List-Id`), a bounce.
 * `automatic` marks mail written by a machine, which never makes a request of its own.
 */
export function noAutoReply(headers: MailHeaders, from?: string): { reason: string; automatic: boolean } | null {
  const auto = header(headers, 'auto-submitted')?.toLowerCase();
  if (auto && auto.split(';')[0].trim() !== 'no') return { reason: `Auto-Submitted: ${auto.split(';')[0].trim()}`, automatic: true };
  if (from && /^(mailer-daemon|postmaster)@/i.test(from)) return { reason: 'a delivery report (bounce)', automatic: true };
  if (/multipart\/report/i.test(header(headers, 'content-type') ?? '')) return { reason: 'a delivery report (bounce)', automatic: true };
  if (header(headers, 'x-autoreply') || header(headers, 'x-autorespond')) return { reason: 'an automatic answer (X-Autoreply)', automatic: true };
  const precedence = header(headers, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'list', 'junk'].includes(precedence)) return { reason: `Precedence: ${precedence}`, automatic: false };
  if (header(headers, 'list-id')) return { reason: 'mailing-list mail (List-Id)', automatic: false };
  return null;
}

const INTENTS: { type: RequestType; patterns: RegExp[] }[] = [
  {
    type: 'erasure',
    patterns: [
      /\b(delete|erase|remove|wipe)\b[^.!?\n]{0,40}\b(my|all)\b[^.!?\n]{0,25}\b(data|account|information|details|personal)/i,
      /\bright to (be forgotten|erasure)\b/i,
      /\bslett\w*\b[^.!?\n]{0,40}\b(data\w*|opplysning\w*|konto\w*|informasjon\w*|personopplysning\w*)/i,
      /\bslett(e|er)? meg\b/i,
    ],
  },
  {
    type: 'access',
    patterns: [
      /\bwhat (personal )?(data|information) (do )?you (hold|have|store|keep|process)\b[^.!?\n]{0,20}\babout me\b/i,
      /\b(a copy of|access to) (all )?(my|the) (personal )?(data|information)\b/i,
      /\bsubject access request\b/i,
      /\bhvilke (person)?(opplysninger|data)\b[^.!?\n]{0,30}\b((har|lagrer|behandler) dere|dere (har|lagrer|behandler))\b/i,
      /\binnsyn\b/i,
    ],
  },
  {
    type: 'confirmation',
    patterns: [
      /\bdo you (hold|have|store|keep) (any )?(personal )?(data|information) (about|on) me\b/i,
      /\bhar dere (noen )?(person)?(opplysninger|data) om meg\b/i,
    ],
  },
  {
    type: 'rectification',
    patterns: [
      /\b(correct|update|fix|rectify)\b[^.!?\n]{0,20}\bmy (personal )?(data|details|information|name|address)\b/i,
      /\brett\w*\b[^.!?\n]{0,30}\bopplysning/i,
    ],
  },
  {
    type: 'objection',
    patterns: [
      /\bunsubscribe\b/i,
      /\bstop (sending|emailing)\b/i,
      /\b(no more|stop) (marketing|newsletters?)\b/i,
      /\bmeld(e)? meg av\b/i,
      /\bavmeld\w*\b/i,
      /\bikke (lenger )?(motta|ha) (nyhetsbrev|markedsføring|reklame)\b/i,
    ],
  },
];

/** The types the wording suggests (a suggestion for the agent, never acted on by itself). */
export function suggestTypes(text: string): RequestType[] {
  const sample = text.slice(0, 5000);
  return INTENTS.filter((i) => i.patterns.some((p) => p.test(sample))).map((i) => i.type);
}

/** Norwegian when the text has Norwegian words or letters; English otherwise. */
export function guessLocale(text: string): 'en' | 'nb' {
  return /[æøå]|\b(jeg|meg|dere|mine|hei|takk|slett|opplysninger)\b/i.test(text.slice(0, 2000)) ? 'nb' : 'en';
}

/** Angle-bracketed Message-IDs in In-Reply-To / References values. */
export function messageIdsIn(...values: (string | undefined)[]): string[] {
  return values.flatMap((v) => (v ? (v.match(/<[^<>\s]+>/g) ?? []) : []));
}

/** The request reference quoted in a subject: `[RD-1A2B3C4D]` → `1a2b3c4d`. */
export function referenceIn(subject: string | undefined): string | undefined {
  return /\[RD-([0-9A-F]{8})\]/i.exec(subject ?? '')?.[1]?.toLowerCase();
}

/** Cuts text to `max` characters, saying so. */
export function limitText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[… cut: ${text.length - max} more characters are in the mailbox]`;
}

/** Plain text of an HTML body (for mail with no text part). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
