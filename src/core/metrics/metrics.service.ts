import { Injectable } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus registry of this process (one per application instance). Core defines no business
 * metric: each module creates its own on this registry (e.g. erasure.metrics.ts), in its own folder.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'rightsdesk_' });
  }
}
