import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Queue } from 'bull';
import type { Connection } from 'mongoose';
import { QUEUE_NAME } from '../queue/job-catalogue';

type Check = 'up' | 'down';

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectQueue(QUEUE_NAME) private readonly queue: Queue,
  ) {}

  async check(): Promise<{ status: 'ok' | 'unavailable'; checks: { mongodb: Check; redis: Check } }> {
    const [mongodb, redis] = await Promise.all([this.mongo(), this.redis()]);
    return { status: mongodb === 'up' && redis === 'up' ? 'ok' : 'unavailable', checks: { mongodb, redis } };
  }

  private async mongo(): Promise<Check> {
    try {
      if (!this.connection.db) return 'down';
      await withTimeout(this.connection.db.admin().command({ ping: 1 }), 1500);
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async redis(): Promise<Check> {
    try {
      // A client still connecting (just after boot) or reconnecting gets the same bounded chance.
      return (await withTimeout(this.queue.client.ping(), 1500)) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
