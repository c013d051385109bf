/**
 * Recognises the errors a dependency outage produces, so the one filter answers 503 with Retry-After
 * and a clear code instead of a 500: the database (MongoDB/FerretDB unreachable, server selection or
 * command buffering timed out) or Redis (sessions, rate limits, queue: no connection, command timeout).
 */
export type Dependency = 'database' | 'redis';

const MONGO_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'PoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoWaitQueueTimeoutError',
  'WaitQueueTimeoutError',
  'DisconnectedError',
]);

const REDIS_MESSAGES = [/enableOfflineQueue/, /Command timed out/, /^Connection is closed/, /Reached the max retries per request/, /Redis connection/i];

export function dependencyOf(err: unknown, depth = 0): Dependency | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as {
    name?: string;
    message?: string;
    cause?: unknown;
    errorLabels?: string[];
    errorLabelSet?: Set<string>;
    code?: string;
    syscall?: string;
    address?: string;
  };
  const name = e.name ?? '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (MONGO_NAMES.has(name)) return 'database';
  if (name === 'MongooseError' && /buffering timed out|Client must be connected|initial connection/i.test(message)) return 'database';
  if (e.errorLabelSet?.has?.('ResetPool') || e.errorLabelSet?.has?.('RetryableWriteError') || e.errorLabels?.includes('RetryableWriteError')) {
    if (/^Mongo/.test(name)) return 'database';
  }
  if (name === 'MaxRetriesPerRequestError' || (/^(ReplyError|Error|AbortError)$/.test(name) && REDIS_MESSAGES.some((re) => re.test(message)))) return 'redis';
  return e.cause ? dependencyOf(e.cause, depth + 1) : undefined;
}

export const DEPENDENCY_UNAVAILABLE: Record<Dependency, { code: string; message: string; retryAfterS: number }> = {
  database: { code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable right now; nothing was changed. Try again shortly.', retryAfterS: 5 },
  redis: {
    code: 'REDIS_UNAVAILABLE',
    message: 'Sessions and queues (Redis) are unavailable right now; nothing was changed. Try again shortly.',
    retryAfterS: 5,
  },
};
