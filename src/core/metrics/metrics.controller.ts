import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { Public } from '../auth/auth.decorators';
import { NotFoundError, UnauthenticatedError } from '../errors/domain-error';
import { MetricsService } from './metrics.service';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics for Prometheus, only with `Authorization: Bearer <METRICS_TOKEN>`. Without a configured
 * token the route does not exist (404): metrics name counts and timings an outsider has no need of.
 */
@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Prometheus metrics (erasures, failures, held purges, oldest overdue purge); needs Authorization: Bearer <METRICS_TOKEN>' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong bearer token (METRICS_TOKEN_REQUIRED)' })
  @ApiNotFoundResponse({ description: 'METRICS_TOKEN is not configured: metrics are not served' })
  async get(@Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const token = this.config.metricsToken;
    if (!token) throw new NotFoundError('NOT_FOUND', 'Cannot GET /metrics');
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthenticatedError('METRICS_TOKEN_REQUIRED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.');
    }
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
