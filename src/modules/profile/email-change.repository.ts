import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { takeMatching } from '../../core/database/batch-delete';
import { EMAIL_CHANGE_REQUEST_MODEL, EmailChangeRequest } from './schemas/email-change-request.schema';

type RequestDoc = Omit<EmailChangeRequest, 'id'> & { _id: Types.ObjectId };

const toRequest = ({ _id, ...rest }: RequestDoc): EmailChangeRequest => ({ id: _id.toHexString(), ...rest });

/** The only code that touches email_change_requests. */
@Injectable()
export class EmailChangeRepository {
  constructor(@InjectModel(EMAIL_CHANGE_REQUEST_MODEL) private readonly model: Model<RequestDoc>) {}

  /** Replaces any earlier pending request of the account: only the newest link works. */
  async replace(entry: Omit<EmailChangeRequest, 'id'>): Promise<EmailChangeRequest> {
    await this.model.deleteMany({ accountId: entry.accountId });
    const doc = await this.model.create(entry);
    return toRequest(doc.toObject() as RequestDoc);
  }

  async findByTokenHash(tokenHash: string): Promise<EmailChangeRequest | null> {
    const doc = await this.model.findOne({ tokenHash }).lean<RequestDoc>();
    return doc ? toRequest(doc) : null;
  }

  async findByAccountId(accountId: string): Promise<EmailChangeRequest[]> {
    const docs = await this.model.find({ accountId }).sort({ _id: 1 }).lean<RequestDoc[]>();
    return docs.map(toRequest);
  }

  /** Removes the request and reports whether this call was the one that removed it (one use only). */
  async consume(id: string, accountId: string): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: new Types.ObjectId(id), accountId });
    return (res.deletedCount ?? 0) === 1;
  }

  async findByNewEmail(emails: string[]): Promise<EmailChangeRequest[]> {
    if (!emails.length) return [];
    const docs = await this.model.find({ newEmail: { $in: emails } }).lean<RequestDoc[]>();
    return docs.map(toRequest);
  }

  /** Deletes the requests of these accounts or naming these addresses; returns their account and new address. */
  async takeByAccountIdsOrNewEmails(accountIds: string[], emails: string[]): Promise<{ accountId: string; newEmail: string }[]> {
    const or: Record<string, unknown>[] = [];
    if (accountIds.length) or.push({ accountId: { $in: accountIds } });
    if (emails.length) or.push({ newEmail: { $in: emails } });
    if (!or.length) return [];
    return takeMatching<{ _id: unknown; accountId: string; newEmail: string }>(this.model, or.length === 1 ? or[0] : { $or: or }, ['accountId', 'newEmail']);
  }
}
