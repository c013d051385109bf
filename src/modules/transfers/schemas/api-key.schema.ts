import { Schema, Types } from 'mongoose';

/** An internal system's API key, stored as a keyed hash only (the key is shown once, at creation). */
export interface ApiKeyDoc {
  _id: Types.ObjectId;
  system: string;
  /** The key's visible start (`rdk_xxxxxxxx`), to tell keys apart in a list */
  prefix: string;
  /** KeyedHash (purpose transfers:api-key) of the whole key */
  hash: string;
  createdAt: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
}

export const API_KEY_MODEL = 'ApiKey';
export const ApiKeySchema = new Schema<ApiKeyDoc>(
  {
    system: { type: String, required: true, index: true },
    prefix: { type: String, required: true, unique: true },
    hash: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { collection: 'api_keys', versionKey: false },
);
