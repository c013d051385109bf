import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

export const CATEGORIES = ['service', 'marketing', 'legal'] as const;
export type MailCategory = (typeof CATEGORIES)[number];
export type OutboxStatus = 'pending' | 'sent' | 'suppressed' | 'failed';

/** One email, stored before anything is sent (the outbox); a job sends it and records the outcome. */
@Schema({ collection: 'outbox_messages', versionKey: false })
export class OutboxMessageDoc {
  /** The sender's key: a second send with the same key is the same message */
  @Prop({ type: String, required: true, unique: true })
  idempotencyKey: string;

  /** Recipient address (personal data; removed once sent when `scrubAfterSend`) */
  @Prop({ type: String, index: true })
  to?: string;

  @Prop({ type: String, index: true })
  accountId?: string;

  @Prop({ type: String, required: true })
  template: string;

  @Prop({ type: String, required: true })
  category: MailCategory;

  @Prop({ type: String, required: true })
  locale: 'en' | 'nb';

  @Prop({ type: String })
  subject?: string;

  @Prop({ type: String })
  html?: string;

  @Prop({ type: String })
  text?: string;

  /** Extra headers (List-Unsubscribe ...) */
  @Prop({ type: Object })
  headers?: Record<string, string>;

  /** Message-ID, derived from the idempotency key so a resend after a crash carries the same one */
  @Prop({ type: String, required: true })
  messageId: string;

  @Prop({ type: String, required: true, index: true })
  status: OutboxStatus;

  @Prop({ type: Number, default: 0 })
  attempts: number;

  @Prop({ type: String })
  lastError?: string;

  /** The message keeps no address or content once sent (e.g. the erasure receipt) */
  @Prop({ type: Boolean, default: false })
  scrubAfterSend: boolean;

  @Prop({ type: Date, required: true })
  createdAt: Date;

  @Prop({ type: Date })
  sentAt?: Date;
}

export const OutboxMessageSchema = SchemaFactory.createForClass(OutboxMessageDoc);
// The minute's sweep (pending, oldest first) and the nightly prune (finished, older than the retention).
OutboxMessageSchema.index({ status: 1, _id: 1 });
OutboxMessageSchema.index({ status: 1, createdAt: 1 });

export interface OutboxMessage extends OutboxMessageDoc {
  id: string;
}

export function toOutboxMessage(doc: OutboxMessageDoc & { _id: Types.ObjectId }): OutboxMessage {
  const { _id, ...rest } = doc;
  return { id: _id.toHexString(), ...rest };
}
