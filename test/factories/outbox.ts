import type { INestApplicationContext } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { OutboxMessageDoc } from '../../src/modules/notifications/schemas/outbox-message.schema';

let n = 0;

/** A pending service message in the outbox (nothing sends it: no worker runs in a context). @returns its id */
export async function aPendingMessage(app: INestApplicationContext, email = `to-${process.pid}-${++n}@example.com`): Promise<string> {
  const { messageId } = await app.get(NotificationsService).send({
    to: { email },
    template: 'erasure.receipt',
    category: 'service',
    idempotencyKey: `factory:${process.pid}:${n}:${Date.now()}`,
    data: { erasedAt: '2027-01-01 00:00', receipt: '1-abc', deleted: 1, kept: 'nothing' },
  });
  const doc = await app.get<Model<OutboxMessageDoc>>(getModelToken(OutboxMessageDoc.name)).findOne({ messageId }, { _id: 1 }).lean();
  return String(doc!._id);
}
