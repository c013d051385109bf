import type { Connection } from 'mongoose';
import { waitUntil } from './processes';

/**
 * Waits until the outbox has nothing left to send (every message sent, suppressed or failed), so a test
 * that then asserts "no second copy arrived" has first seen the delivery work finish.
 */
export async function outboxSettled(connection: Connection, timeoutMs = 30000): Promise<void> {
  await waitUntil(async () => (await connection.collection('outbox_messages').countDocuments({ status: 'pending' })) === 0, 'outbox settled', timeoutMs);
}
