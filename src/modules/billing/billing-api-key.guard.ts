import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config';
import { UnauthenticatedError } from '../../core/errors/domain-error';

/** The billing system authenticates with its own key (X-Api-Key); the key's name is the source. */
@Injectable()
export class BillingApiKeyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { billingSource?: string }>();
    const given = Buffer.from(String(req.headers['x-api-key'] ?? ''));
    const match = this.config.billing.apiKeys.find((k) => {
      const key = Buffer.from(k.key);
      return key.length === given.length && timingSafeEqual(key, given);
    });
    if (!match) throw new UnauthenticatedError('INVALID_API_KEY', 'A valid X-Api-Key header is required.');
    req.billingSource = match.name;
    return true;
  }
}
