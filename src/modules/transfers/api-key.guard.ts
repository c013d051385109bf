import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiKeysService } from './api-keys.service';
import { InvalidApiKeyError } from './transfers.errors';

export type ApiKeyRequest = Request & { apiSystem?: { keyId: string; system: string } };

/** An internal system's route: `Authorization: Bearer <api key>`; a session cookie counts for nothing here. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ApiKeyRequest>();
    const m = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
    if (!m) throw new InvalidApiKeyError();
    const key = await this.keys.authenticate(m[1]);
    req.apiSystem = { keyId: key.id, system: key.system };
    return true;
  }
}
