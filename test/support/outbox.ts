import type { Connection } from 'mongoose';
import { waitUntil } from './processes';
import { WAIT_MS } from './wait';

/**
 * Waits until the outbox has nothing left to send (every message sent, suppressed or failed), so a test
 * that then asserts "no second copy arrived" has first seen the delivery work finish.
 */
export async function outboxSettled(connection: Connection, timeoutMs = WAIT_MS): Promise<void> {
  await waitUntil(async () => (await connection.collection('outbox_messages').countDocuments({ status: 'pending' })) === 0, 'outbox settled', timeoutMs);
}
