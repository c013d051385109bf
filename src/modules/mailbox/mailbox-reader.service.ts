import { Injectable, Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { AppConfig } from '../../config/app-config';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { MailboxJobs } from './mailbox.jobs';
import { BodyPart, MailboxIntakeService } from './mailbox-intake.service';

export interface PollResult {
  read: number;
  processed: number;
  ignored: number;
  skipped: number;
  failed: number;
}

/**
 * The worker's reader of the support mailbox (SUPPORT_IMAP_URL): on each scheduled poll it takes the
 * oldest messages of the mailbox (a bounded batch), hands each to the intake, then moves it to the
 * processed (or ignored) folder. It never deletes mail. A message whose handling fails stays where it
 * is for the next poll; one bad message never stops the others. Logs name message keys and request ids only.
 */
@Injectable()
export class MailboxReaderService {
  private readonly logger = new Logger('Mailbox');
  private running?: Promise<PollResult>;

  constructor(
    private readonly intake: MailboxIntakeService,
    private readonly config: AppConfig,
  ) {}

  @JobHandler(MailboxJobs.Poll, { cron: (c) => c.mailbox.pollCron })
  async onPoll(): Promise<PollResult> {
    return this.poll();
  }

  /** One poll (a second call while one runs in this process waits for it). */
  poll(): Promise<PollResult> {
    if (!this.running) this.running = this.read().finally(() => (this.running = undefined));
    return this.running;
  }

  private client(): ImapFlow {
    const imap = this.config.mailbox.imap!;
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      // plain IMAP only to loopback (checked at boot); never upgrade-or-not guessing
      ...(imap.secure ? { tls: { rejectUnauthorized: true } } : { doSTARTTLS: false }),
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      disableAutoIdle: true,
    });
    client.on('error', (err: Error) => this.logger.warn({ err: { message: err.message } }, 'IMAP connection error'));
    return client;
  }

  private async read(): Promise<PollResult> {
    const result: PollResult = { read: 0, processed: 0, ignored: 0, skipped: 0, failed: 0 };
    const imap = this.config.mailbox.imap;
    if (!imap) return result;
    const { processedFolder, ignoredFolder, maxMessageBytes, batchSize } = this.config.mailbox;
    const client = this.client();
    await client.connect();
    try {
      for (const folder of [processedFolder, ignoredFolder]) await client.mailboxCreate(folder).catch(() => undefined);
      const lock = await client.getMailboxLock(imap.path);
      try {
        const box = client.mailbox;
        const uidValidity = box ? String(box.uidValidity) : '0';
        const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b).slice(0, batchSize);
        for (const uid of uids) {
          const key = `${imap.path}:${uidValidity}:${uid}`;
          result.read++;
          try {
            const meta = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
            if (!meta) continue;
            const size = meta.size ?? 0;
            let fetched: { source?: Buffer; head?: Buffer; bodyStructure?: BodyPart };
            if (size > maxMessageBytes) {
              const m = await client.fetchOne(String(uid), { headers: true, bodyStructure: true }, { uid: true });
              fetched = { head: m ? m.headers : undefined, bodyStructure: m ? (m.bodyStructure as BodyPart) : undefined };
            } else {
              const m = await client.fetchOne(String(uid), { source: true }, { uid: true });
              fetched = { source: m ? m.source : undefined };
            }
            const outcome = await this.intake.handle({ key, size, ...fetched });
            if (outcome === 'skip') {
              result.skipped++;
              continue;
            }
            if (outcome === 'ignored') result.ignored++;
            else result.processed++;
            const moved = await client.messageMove(String(uid), outcome === 'ignored' ? ignoredFolder : processedFolder, { uid: true });
            // A server that cannot move: flag it (a flagged message found again is recognised by its key)
            if (!moved) await client.messageFlagsAdd(String(uid), ['\\Seen', '$RightsDeskProcessed'], { uid: true });
          } catch (err) {
            result.failed++;
            this.logger.warn({ message: key, err: { message: (err as Error).message } }, 'mailbox message not taken; it stays for the next poll');
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    if (result.read) this.logger.log({ ...result }, 'mailbox polled');
    return result;
  }
}
