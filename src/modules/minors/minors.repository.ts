import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { guardedUpdate } from '../../core/database/guarded-update';
import { isDuplicateKeyError } from '../../core/database/mongo-errors';
import {
  AGE_CHECK_MODEL,
  AgeCheckDoc,
  AgeCheckStatus,
  MINOR_BLOCK_MODEL,
  MINOR_REPORT_MODEL,
  MinorBlockDoc,
  MinorReportDoc,
  ReportStatus,
} from './schemas/minors.schemas';

export type AgeCheck = AgeCheckDoc & { _id: Types.ObjectId };
export type MinorReport = MinorReportDoc;

const oid = (id: string): Types.ObjectId | null => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);
/** FerretDB refuses a deleteMany over ~30k documents: delete in bounded batches. */
const BATCH = 1000;

/** The only code that touches the minors collections. */
@Injectable()
export class MinorsRepository {
  constructor(
    @InjectModel(AGE_CHECK_MODEL) private readonly checks: Model<AgeCheckDoc>,
    @InjectModel(MINOR_BLOCK_MODEL) private readonly blocks: Model<MinorBlockDoc>,
    @InjectModel(MINOR_REPORT_MODEL) private readonly reports: Model<MinorReportDoc>,
  ) {}

  // ---- age checks

  /** Records a pending age check (a repeat finds the existing one). */
  async addPending(accountId: string, subjectId: string): Promise<void> {
    try {
      await this.checks.create({ accountId, subjectId, status: 'pending' });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  findCheck(accountId: string): Promise<AgeCheck | null> {
    return this.checks.findOne({ accountId }).lean<AgeCheck>().exec();
  }

  /** Upserts the check's outcome (an account without a pending check gets one too). */
  async decide(accountId: string, subjectId: string, status: AgeCheckStatus, decision: NonNullable<AgeCheckDoc['decision']>): Promise<void> {
    await this.checks.updateOne({ accountId }, { $set: { status, decision, subjectId } }, { upsert: true }).exec();
  }

  /** Moves a pending check to `passed` once (guarded: two answers racing, one wins). */
  async pass(check: AgeCheck, decision: NonNullable<AgeCheckDoc['decision']>): Promise<boolean> {
    const moved = await guardedUpdate(
      this.checks.collection as never,
      check._id,
      { status: 'pending' } as never,
      { $set: { status: 'passed', decision } } as never,
      {
        versionField: 'rev',
      },
    );
    return !!moved;
  }

  /** Accounts removed as a child before `before` whose erasure has not happened (erasure deletes the check). */
  async removalsDecidedBefore(before: Date, limit: number): Promise<string[]> {
    const rows = await this.checks
      .find({ status: 'minor', 'decision.at': { $lte: before } }, { accountId: 1 })
      .limit(limit)
      .lean<{ accountId: string }[]>()
      .exec();
    return rows.map((r) => r.accountId);
  }

  async checksOf(accountIds: string[]): Promise<AgeCheck[]> {
    return accountIds.length
      ? this.checks
          .find({ accountId: { $in: accountIds } })
          .lean<AgeCheck[]>()
          .exec()
      : [];
  }

  async deleteChecks(accountIds: string[]): Promise<void> {
    if (accountIds.length) await this.checks.deleteMany({ accountId: { $in: accountIds } }).exec();
  }

  // ---- blocklist

  async block(entries: { hash: string; kind: MinorBlockDoc['kind'] }[], createdAt: Date, expiresAt: Date): Promise<void> {
    if (!entries.length) return;
    await this.blocks.bulkWrite(
      entries.map((e) => ({
        updateOne: { filter: { hash: e.hash }, update: { $set: { kind: e.kind, expiresAt }, $setOnInsert: { createdAt } }, upsert: true },
      })),
      { ordered: false },
    );
  }

  /** Whether any of these hashes is blocked at `now`. */
  async isBlocked(hashes: string[], now: Date): Promise<boolean> {
    if (!hashes.length) return false;
    return (await this.blocks.countDocuments({ hash: { $in: hashes }, expiresAt: { $gt: now } }).exec()) > 0;
  }

  /** Deletes expired entries, in batches; returns how many. */
  async pruneBlocks(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = (
        await this.blocks
          .find({ expiresAt: { $lte: now } }, { _id: 1 })
          .limit(BATCH)
          .lean()
          .exec()
      ).map((d) => d._id);
      if (!ids.length) return total;
      total += (await this.blocks.deleteMany({ _id: { $in: ids } }).exec()).deletedCount ?? 0;
    }
  }

  countBlocks(): Promise<number> {
    return this.blocks.countDocuments({}).exec();
  }

  // ---- reports

  /** Creates the report; a repeat of the same key returns the existing one. */
  async addReport(doc: Omit<MinorReportDoc, '_id' | 'createdAt' | 'updatedAt' | 'version'>): Promise<{ report: MinorReport; created: boolean }> {
    try {
      return { report: (await this.reports.create({ ...doc, version: 0 })).toObject() as MinorReport, created: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return { report: (await this.reports.findOne({ key: doc.key }).lean<MinorReport>().exec())!, created: false };
    }
  }

  findReport(id: string): Promise<MinorReport | null> {
    const _id = oid(id);
    return _id ? this.reports.findById(_id).lean<MinorReport>().exec() : Promise.resolve(null);
  }

  listReports(opts: { status?: ReportStatus; before?: string; limit: number }): Promise<MinorReport[]> {
    const filter: Record<string, unknown> = {};
    if (opts.status) filter.status = opts.status;
    const before = opts.before ? oid(opts.before) : null;
    if (before) filter._id = { $lt: before };
    return this.reports.find(filter).sort({ _id: -1 }).limit(opts.limit).lean<MinorReport[]>().exec();
  }

  /** Decides an open report, once among racing agents. */
  async decideReport(id: Types.ObjectId, set: Partial<MinorReportDoc>): Promise<MinorReport | null> {
    return (await guardedUpdate(this.reports.collection as never, id, { status: 'open' } as never, { $set: set } as never)) as unknown as MinorReport | null;
  }

  /** Reports that name these people (as the child, by account or address, or as the reporter). */
  reportsNaming(accountIds: string[], emails: string[]): Promise<MinorReport[]> {
    const or: Record<string, unknown>[] = [];
    if (accountIds.length) or.push({ accountId: { $in: accountIds } });
    if (emails.length) or.push({ childEmail: { $in: emails } }, { reporterEmail: { $in: emails } });
    return or.length ? this.reports.find({ $or: or }).lean<MinorReport[]>().exec() : Promise.resolve([]);
  }

  async unsetReportFields(ids: Types.ObjectId[], fields: string[]): Promise<void> {
    if (ids.length) await this.reports.updateMany({ _id: { $in: ids } }, { $unset: Object.fromEntries(fields.map((f) => [f, 1])) }).exec();
  }

  async pruneReports(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = (
        await this.reports
          .find({ pruneAt: { $lte: now } }, { _id: 1 })
          .limit(BATCH)
          .lean()
          .exec()
      ).map((d) => d._id);
      if (!ids.length) return total;
      total += (await this.reports.deleteMany({ _id: { $in: ids } }).exec()).deletedCount ?? 0;
    }
  }
}
