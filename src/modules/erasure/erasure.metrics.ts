import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../core/metrics/metrics.service';

/** The erasure engine's metrics, on the process's registry. */
@Injectable()
export class ErasureMetrics {
  readonly erased: Counter;
  readonly erasureFailures: Counter<'stage'>;

  constructor(metrics: MetricsService) {
    this.erased = new Counter({
      name: 'rightsdesk_erasures_total',
      help: 'Erasures completed (all handlers ran, receipt written)',
      registers: [metrics.registry],
    });
    this.erasureFailures = new Counter({
      name: 'rightsdesk_erasure_failures_total',
      help: 'Erasure runs that failed or left residue',
      labelNames: ['stage'],
      registers: [metrics.registry],
    });
  }
}
