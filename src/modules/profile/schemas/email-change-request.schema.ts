import { Schema } from 'mongoose';

/** A pending change of the sign-in email, waiting for the link sent to the new address. */
export interface EmailChangeRequest {
  id: string;
  accountId: string;
  newEmail: string;
  /** HMAC of the token in the link; the token itself is never stored */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** The session that asked for it (stays signed in when the change is confirmed elsewhere) */
  sessionId?: string;
}

export const EMAIL_CHANGE_REQUEST_MODEL = 'EmailChangeRequest';
export const EmailChangeRequestSchema = new Schema(
  {
    accountId: { type: String, required: true, index: true },
    newEmail: { type: String, required: true },
    tokenHash: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    sessionId: { type: String },
  },
  { collection: 'email_change_requests', versionKey: false },
);
