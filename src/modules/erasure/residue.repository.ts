import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

/** Reads every collection of the database, for the residue sweep (read-only, batched cursors). */
@Injectable()
export class ResidueRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async collectionNames(): Promise<string[]> {
    const list = await this.connection.db!.listCollections({}, { nameOnly: true }).toArray();
    return list.map((c) => c.name).filter((n) => !n.startsWith('system.'));
  }

  stream(collection: string): AsyncIterable<Record<string, unknown>> {
    return this.connection.db!.collection(collection).find({}, { batchSize: 1000 });
  }
}
