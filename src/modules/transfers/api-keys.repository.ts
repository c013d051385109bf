import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { API_KEY_MODEL, ApiKeyDoc } from './schemas/api-key.schema';

export interface ApiKey {
  id: string;
  system: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt?: Date;
  revokedAt?: Date;
}

const toApiKey = ({ _id, hash: _hash, ...rest }: ApiKeyDoc): ApiKey => ({ id: _id.toHexString(), ...rest });

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectModel(API_KEY_MODEL) private readonly model: Model<ApiKeyDoc>) {}

  async insert(doc: Omit<ApiKeyDoc, '_id'>): Promise<ApiKey> {
    const created = await this.model.create(doc);
    return toApiKey(created.toObject() as ApiKeyDoc);
  }

  /** The key with this hash (equality on a unique index). */
  async findByHash(hash: string): Promise<ApiKey | null> {
    const doc = await this.model.findOne({ hash }).lean<ApiKeyDoc>();
    return doc ? toApiKey(doc) : null;
  }

  async findByIdOrPrefix(ref: string): Promise<ApiKey | null> {
    const doc = /^[0-9a-f]{24}$/i.test(ref) ? await this.model.findById(ref).lean<ApiKeyDoc>() : await this.model.findOne({ prefix: ref }).lean<ApiKeyDoc>();
    return doc ? toApiKey(doc) : null;
  }

  async list(): Promise<ApiKey[]> {
    return (await this.model.find({}).sort({ _id: 1 }).limit(1000).lean<ApiKeyDoc[]>()).map(toApiKey);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { lastUsedAt: at } });
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const res = await this.model.updateOne({ _id: new Types.ObjectId(id), revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
    return res.modifiedCount === 1;
  }
}
