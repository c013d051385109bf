/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it accepts, for assertions.
 * STARTTLS is disabled: smtp-server's built-in certificate has expired.
 *
 *   const sink = await SmtpSink.start();
 *   const api = await startApi({ env: { SMTP_URL: sink.url } });
 *   await sink.waitFor((m) => m.to.includes('kari@example.com'));
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { WAIT_MS, waitFor } from './wait';

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  messageId: string;
  subject: string;
  raw: string;
  /** decoded text and html parts, concatenated */
  body: string;
}

function decodePart(headers: string, body: string): string {
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function parse(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const rest = raw.slice(split + 4);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  let body = decodePart(head, rest);
  if (boundary) {
    body = rest
      .split(`--${boundary}`)
      .map((part) => {
        const s = part.indexOf('\r\n\r\n');
        return s < 0 ? '' : decodePart(part.slice(0, s), part.slice(s + 4));
      })
      .join('\n');
  }
  const subject = (headers.subject ?? '').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodePart('content-transfer-encoding: quoted-printable', text.replace(/_/g, ' ')),
  );
  return { from: envelope.from, to: envelope.to, headers, messageId: headers['message-id'] ?? '', subject, raw, body };
}

export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** socket errors of clients that went away (e.g. ECONNRESET from a killed worker) */
  readonly connectionErrors: Error[] = [];
  /** When set, the next N messages are refused with a temporary error (tests of retries). */
  refuseNext = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(port = 0): Promise<SmtpSink> {
    let sink: SmtpSink | undefined;
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (sink!.refuseNext > 0) {
            sink!.refuseNext--;
            const err = new Error('try again later') as Error & { responseCode: number };
            err.responseCode = 451;
            return callback(err);
          }
          const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
          sink!.messages.push(parse(Buffer.concat(chunks).toString('utf8'), envelope));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    sink = new SmtpSink(server, (server.server.address() as AddressInfo).port);
    // A client that dies mid-conversation (a worker killed by a fault test) resets its socket; smtp-server
    // reports that as an 'error' event, which must not crash the test process. Kept for inspection.
    server.on('error', (err: Error) => sink!.connectionErrors.push(err));
    return sink;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  async waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs = WAIT_MS): Promise<ReceivedMail> {
    let found: ReceivedMail | undefined;
    await waitFor(() => !!(found = this.messages.find(predicate)), 'a matching mail', timeoutMs, 50).catch(this.withCount);
    return found!;
  }

  async waitForCount(n: number, timeoutMs = WAIT_MS): Promise<void> {
    await waitFor(() => this.messages.length >= n, `${n} mails`, timeoutMs, 50).catch(this.withCount);
  }

  private readonly withCount = (err: Error): never => {
    throw new Error(`${err.message} (received ${this.messages.length})`);
  };

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
