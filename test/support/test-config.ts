import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { AppConfig, loadConfig } from '../../src/config/app-config';

/** The MongoDB and Redis that `npm test` brought up (scripts/test.js). */
export function testServices(): { mongoUri: string; redisUrl: string } {
  const mongoUri = process.env.RIGHTSDESK_TEST_MONGODB_URI;
  const redisUrl = process.env.RIGHTSDESK_TEST_REDIS_URL;
  if (!mongoUri || !redisUrl) throw new Error('Run the tests with `npm test`: it starts the database and Redis they need.');
  return { mongoUri, redisUrl };
}

/** A MongoDB URI for a database of its own (one per test file, or per call). */
export function isolatedMongoUri(label = 'test'): string {
  const base = new URL(testServices().mongoUri);
  base.pathname = `/t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  return base.toString();
}

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef0123456789';
export const TEST_HASH_SECRET = 'test-hash-secret-0123456789abcdef0123456789abcd';
/** The Ed25519 seed (base64) that signs the tests' chain checkpoints. */
export const TEST_CHECKPOINT_KEY = Buffer.alloc(32, 7).toString('base64');

/** A checkpoint directory of its own (created on first write). */
export function isolatedCheckpointDir(): string {
  return path.join(os.tmpdir(), 'rightsdesk-test-checkpoints', randomBytes(6).toString('hex'));
}

/**
 * Configuration for one test: its own database and queue prefix, short database timeouts, quiet logs.
 * `env` adds or overrides variables exactly as the environment would.
 */
export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  const { redisUrl } = testServices();
  return loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: isolatedMongoUri(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    SESSION_SECRET: TEST_SESSION_SECRET,
    HASH_SECRET: TEST_HASH_SECRET,
    LOG_LEVEL: 'silent',
    DB_RETRY_ATTEMPTS: '1',
    DB_SERVER_SELECTION_TIMEOUT_MS: '2000',
    SMTP_URL: 'smtp://127.0.0.1:1',
    CHECKPOINT_SIGNING_KEY: TEST_CHECKPOINT_KEY,
    CHECKPOINT_DIR: isolatedCheckpointDir(),
    ...env,
  });
}
