import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const MAILBOX_MESSAGE_MODEL = 'MailboxMessage';
export const MAILBOX_MESSAGES_COLLECTION = 'mailbox_messages';

export type MailboxMessageState = 'received' | 'done';
/** new: made a request; reply: joined its request's timeline; auto: an automatic answer put on a timeline; ignored: loop safety */
export type MailboxOutcome = 'new' | 'reply' | 'auto' | 'ignored';

export interface AttachmentMeta {
  name: string;
  type: string;
  size: number;
}

export interface AuthSignal {
  dkim: string;
  spf: string;
  dmarc: string;
}

/**
 * One message read from the support mailbox. `_id` is the exactly-once key, `<mailbox>:<UIDVALIDITY>:<UID>`:
 * the unique index decides which reader owns a message. Personal: the sender's address and what they wrote.
 */
@Schema({ collection: MAILBOX_MESSAGES_COLLECTION, versionKey: false })
export class MailboxMessageDoc {
  @Prop({ type: String }) _id!: string;
  @Prop({ type: String, required: true }) state!: MailboxMessageState;
  @Prop({ type: String }) outcome?: MailboxOutcome;
  @Prop({ type: String, index: true }) requestId?: string;
  /** The sender's address (From:, lower-cased; not trusted, a signal) */
  @Prop({ type: String, index: true }) from?: string;
  @Prop({ type: String }) messageId?: string;
  @Prop({ type: String }) subject?: string;
  /** The text, size-limited (MAILBOX_MAX_TEXT_CHARS) */
  @Prop({ type: String }) text?: string;
  /** Attachments as metadata only; their content stays in the mailbox */
  @Prop({ type: [Object], default: [] }) attachments!: AttachmentMeta[];
  @Prop({ type: Number, required: true }) size!: number;
  @Prop({ type: Object }) auth?: AuthSignal;
  /** Why it was ignored, kept for an agent, or not joined to a thread */
  @Prop({ type: String }) reason?: string;
  @Prop({ type: Date, required: true }) receivedAt!: Date;
  @Prop({ type: Date }) doneAt?: Date;
}

export const MailboxMessageSchema = SchemaFactory.createForClass(MailboxMessageDoc);
MailboxMessageSchema.index({ requestId: 1, receivedAt: 1 });
export type MailboxMessage = MailboxMessageDoc;
