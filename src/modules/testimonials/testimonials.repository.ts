import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../../core/clock/clock';
import { guardedUpdate } from '../../core/database/guarded-update';
import { TESTIMONIAL_MODEL, TestimonialDoc, TestimonialStatus } from './schemas/testimonial.schema';

export type Testimonial = TestimonialDoc;

const oid = (id: string): Types.ObjectId | null => (Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

/** The only writer of testimonials; every status move goes through guardedUpdate. */
@Injectable()
export class TestimonialsRepository {
  constructor(
    @InjectModel(TESTIMONIAL_MODEL) private readonly model: Model<TestimonialDoc>,
    private readonly clock: Clock,
  ) {}

  async create(doc: Omit<TestimonialDoc, '_id' | 'version'>): Promise<Testimonial> {
    const created = await this.model.create({ ...doc, version: 0 });
    return created.toObject() as Testimonial;
  }

  findById(id: string): Promise<Testimonial | null> {
    const _id = oid(id);
    return _id ? this.model.findById(_id).lean<Testimonial>().exec() : Promise.resolve(null);
  }

  /** One testimonial of this account (owner-scoped). */
  findOwned(id: string, accountId: string): Promise<Testimonial | null> {
    const _id = oid(id);
    return _id ? this.model.findOne({ _id, accountId }).lean<Testimonial>().exec() : Promise.resolve(null);
  }

  listByAccount(accountId: string): Promise<Testimonial[]> {
    return this.model.find({ accountId }).sort({ _id: -1 }).limit(200).lean<Testimonial[]>().exec();
  }

  list(opts: { status?: TestimonialStatus; after?: string; limit: number }): Promise<Testimonial[]> {
    const filter: Record<string, unknown> = {};
    if (opts.status) filter.status = opts.status;
    const after = opts.after ? oid(opts.after) : null;
    if (after) filter._id = { $lt: after };
    return this.model.find(filter).sort({ _id: -1 }).limit(opts.limit).lean<Testimonial[]>().exec();
  }

  /** What the public feed may show: published, newest first. */
  published(limit: number): Promise<Testimonial[]> {
    return this.model.find({ status: 'published' }).sort({ publishedAt: -1, _id: -1 }).limit(limit).lean<Testimonial[]>().exec();
  }

  /**
   * Applies the change only if the testimonial still matches `where` (status, revision ...), once among
   * racing writers. @returns the updated testimonial, or null when it did not match
   */
  async move(id: Types.ObjectId, where: Record<string, unknown>, set: Record<string, unknown>, unset: string[] = []): Promise<Testimonial | null> {
    const update: Record<string, unknown> = { $set: { ...set, updatedAt: this.clock.now() } };
    if (unset.length) update.$unset = Object.fromEntries(unset.map((f) => [f, 1]));
    return (await guardedUpdate(this.model.collection as never, id, where as never, update as never)) as unknown as Testimonial | null;
  }

  /** Published quotes whose author is due to be asked again. */
  dueForReconfirmation(now: Date, limit: number): Promise<Testimonial[]> {
    return this.model
      .find({ reconfirmDueAt: { $lte: now } })
      .sort({ reconfirmDueAt: 1 })
      .limit(limit)
      .lean<Testimonial[]>()
      .exec();
  }

  /** Quotes whose author was asked again and did not answer within the grace. */
  dueForTakedown(now: Date, limit: number): Promise<Testimonial[]> {
    return this.model
      .find({ takedownDueAt: { $lte: now } })
      .sort({ takedownDueAt: 1 })
      .limit(limit)
      .lean<Testimonial[]>()
      .exec();
  }

  findByAccountIds(accountIds: string[]): Promise<Pick<Testimonial, '_id' | 'accountId'>[]> {
    return accountIds.length
      ? this.model
          .find({ accountId: { $in: accountIds } }, { _id: 1, accountId: 1 })
          .lean<Pick<Testimonial, '_id' | 'accountId'>[]>()
          .exec()
      : Promise.resolve([]);
  }

  async deleteIds(ids: Types.ObjectId[]): Promise<number> {
    return ids.length ? ((await this.model.deleteMany({ _id: { $in: ids } })).deletedCount ?? 0) : 0;
  }
}
