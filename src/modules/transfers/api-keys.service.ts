import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '../../core/clock/clock';
import { KeyedHash } from '../../core/crypto/keyed-hash';
import { InvalidInputError } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { ApiKey, ApiKeysRepository } from './api-keys.repository';
import { ApiKeyNotFoundError, InvalidApiKeyError } from './transfers.errors';

const KEY_FORMAT = /^rdk_([A-Za-z0-9]{8})_[A-Za-z0-9_-]{43}$/;
/** lastUsedAt is written at most this often per key (a busy system does not write on every call) */
const TOUCH_EVERY_MS = 60_000;
export const SYSTEM_NAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/**
 * API keys of internal systems (billing, support tooling): `rdk_<prefix>_<secret>`, shown once at
 * creation and stored as a keyed hash (purpose transfers:api-key); revocable; last-used time kept.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly hashes: KeyedHash,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(system: string, actor: string): Promise<{ key: string; apiKey: ApiKey }> {
    if (!SYSTEM_NAME.test(system))
      throw new InvalidInputError('INVALID_SYSTEM_NAME', 'The system name must be 2-63 lower-case letters, digits, dots, dashes or underscores.');
    const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
    const key = `rdk_${prefix}_${randomBytes(32).toString('base64url')}`;
    const apiKey = await this.repo.insert({ system, prefix: `rdk_${prefix}`, hash: this.hashes.hex('transfers:api-key', key), createdAt: this.clock.now() });
    await this.audit.record({ actor, action: 'transfers.apikey.create', target: `apikey:${apiKey.id}`, outcome: 'success', details: { system } });
    return { key, apiKey };
  }

  /** The system a presented key belongs to; unknown, malformed or revoked keys are refused alike. */
  async authenticate(key: string | undefined): Promise<ApiKey> {
    if (!key || !KEY_FORMAT.test(key)) throw new InvalidApiKeyError();
    const found = await this.repo.findByHash(this.hashes.hex('transfers:api-key', key));
    if (!found || found.revokedAt) throw new InvalidApiKeyError();
    const now = this.clock.now();
    if (!found.lastUsedAt || now.getTime() - new Date(found.lastUsedAt).getTime() >= TOUCH_EVERY_MS) await this.repo.touch(found.id, now);
    return found;
  }

  async revoke(ref: string, actor: string): Promise<ApiKey> {
    const found = await this.repo.findByIdOrPrefix(ref);
    if (!found) throw new ApiKeyNotFoundError();
    if (await this.repo.revoke(found.id, this.clock.now()))
      await this.audit.record({
        actor,
        action: 'transfers.apikey.revoke',
        target: `apikey:${found.id}`,
        outcome: 'success',
        details: { system: found.system },
      });
    return (await this.repo.findByIdOrPrefix(found.id))!;
  }

  list(): Promise<ApiKey[]> {
    return this.repo.list();
  }
}
