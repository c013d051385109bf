import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { InvalidInputError } from '../../core/errors/domain-error';
import { SlotPayload } from '../../core/queue/job-catalogue';
import { JobHandler } from '../../core/queue/job-handler.decorator';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService } from '../audit/audit.service';
import type { RecordTransferDto } from './dto/transfer.dto';
import { RecipientsService } from './recipients.service';
import { TransferEntry, TransferLogRepository } from './transfer-log.repository';
import { CategoriesNotAgreedError, IdempotencyKeyReusedError, RecipientInactiveError, UnknownSubjectsError } from './transfers.errors';
import { TransferJobs } from './transfers.jobs';
import type { ReceivedBy, Recipient } from './transfers.types';
import type { TransferBody } from './schemas/transfer-entry.schema';

/** The transfer log: every disclosure to a recipient, append-only and hash-chained, opaque subject ids only. */
@Injectable()
export class TransfersService {
  private readonly logger = new Logger(TransfersService.name);

  constructor(
    private readonly log: TransferLogRepository,
    private readonly recipients: RecipientsService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a disclosure by an internal system. The same idempotency key again records nothing new
   * and answers the same id; the same key with another body is a 409. A retry after a crash half-way
   * finishes what the first call began (the chain entry and the rows are keyed).
   */
  async record(system: string, input: RecordTransferDto): Promise<{ id: string; replayed: boolean }> {
    const max = this.config.transfers.maxSubjectsPerTransfer;
    if (input.subjectIds.length > max)
      throw new InvalidInputError('TOO_MANY_SUBJECTS', `At most ${max} subjects per call; split the batch.`, [
        { field: 'subjectIds', message: `at most ${max} per call` },
      ]);
    const now = this.clock.now();
    const bodyHash = hashOf(input);
    const requestId = `${system}:${input.idempotencyKey}`;
    // A first call is checked before anything is stored, so a refused one leaves its key free for the corrected call.
    let recipient: Recipient | undefined;
    if (!(await this.log.findRequest(requestId))) {
      recipient = await this.checkedRecipient(input, now);
      await this.assertSubjectsKnown(input.subjectIds);
    }
    const claim = await this.log.claimRequest({
      _id: requestId,
      bodyHash,
      transferId: new Types.ObjectId().toHexString(),
      createdAt: now,
    });
    if (!claim.created && claim.request.bodyHash !== bodyHash) throw new IdempotencyKeyReusedError();
    const transferId = claim.request.transferId;
    const existing = await this.log.findByKey(`t:${transferId}`);
    if (existing) {
      await this.index(transferId, existing);
      return { id: transferId, replayed: true };
    }
    recipient ??= await this.checkedRecipient(input, now);
    const body: TransferBody = {
      type: 'disclosure',
      recipientId: recipient.id,
      subjectIds: input.subjectIds,
      subjectCount: input.subjectIds.length,
      categories: input.categories,
      purpose: input.purpose,
      legalBasis: input.legalBasis,
      ...(recipient.legalReference ? { legalReference: recipient.legalReference } : {}),
      initiatedBy: `system:${system}`,
    };
    const entry = await this.log.append(body, now, `t:${transferId}`);
    await this.index(transferId, entry);
    await this.audit.record({
      actor: `system:${system}`,
      action: 'transfers.record',
      target: `transfer:${transferId}`,
      outcome: 'success',
      details: { recipientId: recipient.id, subjects: input.subjectIds.length, seq: entry.seq },
    });
    return { id: transferId, replayed: !claim.created };
  }

  /** Writes the per-person rows of an entry (idempotent). */
  async index(transferId: string, entry: TransferEntry, subjectIds = entry.body.subjectIds ?? []): Promise<number> {
    return this.log.addSubjects(
      subjectIds.map((subjectId) => ({
        transferId,
        seq: entry.seq,
        subjectId,
        recipientId: entry.body.recipientId,
        categories: entry.body.categories,
        purpose: entry.body.purpose,
        legalBasis: entry.body.legalBasis,
        at: new Date(entry.at),
      })),
    );
  }

  /** Appends a bulk entry (a successor's transfer) under its key. */
  appendBulk(body: TransferBody, key: string): Promise<TransferEntry> {
    return this.log.append(body, this.clock.now(), key);
  }

  addSubjectRows(rows: Parameters<TransferLogRepository['addSubjects']>[0]): Promise<number> {
    return this.log.addSubjects(rows);
  }

  verify() {
    return this.log.verify();
  }

  list(opts: Parameters<TransferLogRepository['list']>[0]) {
    return this.log.list(opts);
  }

  /** The disclosures of these people (per-person index rows). */
  forSubjects(subjectIds: string[]) {
    return this.log.forSubjects(subjectIds);
  }

  /** Who received a person's data, when, what and why: for the export and My Profile. */
  async receivedBy(subjectId: string): Promise<ReceivedBy[]> {
    const rows = await this.log.forSubjects([subjectId]);
    const recipients = new Map((await this.recipients.findByIds(rows.map((r) => r.recipientId))).map((r) => [r.id, r]));
    return rows.flatMap((row) => {
      const r = recipients.get(row.recipientId);
      if (!r) return [];
      return [
        {
          name: r.name,
          kind: r.kind,
          country: r.country,
          categories: row.categories,
          when: new Date(row.at).toISOString(),
          why: row.purpose,
          legalBasis: row.legalBasis,
        },
      ];
    });
  }

  /** The recipient of a transfer, active now and agreed to receive its categories. */
  private async checkedRecipient(input: RecordTransferDto, now: Date): Promise<Recipient> {
    const recipient = await this.recipients.get(input.recipientId);
    if (!this.recipients.isActive(recipient, now)) throw new RecipientInactiveError();
    const notAgreed = input.categories.filter((c) => !(recipient.categories as string[]).includes(c));
    if (notAgreed.length) throw new CategoriesNotAgreedError(notAgreed);
    return recipient;
  }

  /** Every subject id names an account we hold: a typo or an erased person is refused, not logged as a disclosure. */
  private async assertSubjectsKnown(subjectIds: string[]): Promise<void> {
    const known = await this.accounts.existingSubjectIds(subjectIds);
    const unknown = subjectIds.filter((id) => !known.has(id));
    if (unknown.length) throw new UnknownSubjectsError(unknown);
  }

  /** Scheduled check of the chain; a broken chain is logged as an error for alerting. */
  @JobHandler(TransferJobs.Verify, { cron: (c) => c.cron.transfersVerify })
  async verifyOnSchedule(payload: SlotPayload): Promise<{ ok: boolean; count: number }> {
    const result = await this.log.verify();
    if (result.ok) this.logger.log({ slot: payload.slot, entries: result.count }, 'transfer log intact');
    else this.logger.error({ slot: payload.slot, firstBad: result.firstBad }, 'transfer log BROKEN');
    return { ok: result.ok, count: result.count };
  }
}

/** SHA-256 of the request body in a canonical form (order of ids and categories does not matter). */
function hashOf(input: RecordTransferDto): string {
  const canonical = JSON.stringify([
    input.recipientId,
    [...input.subjectIds].sort(),
    [...input.categories].sort(),
    input.purpose,
    input.legalBasis,
    input.idempotencyKey,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
