import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../../core/metrics/metrics.service';

/** The retention purge's metrics, on the process's registry. */
@Injectable()
export class RetentionMetrics {
  readonly held: Gauge;
  readonly oldestOverdue: Gauge;

  constructor(metrics: MetricsService) {
    this.held = new Gauge({ name: 'rightsdesk_purges_held', help: 'Due purges postponed by a legal hold (at the last scan)', registers: [metrics.registry] });
    this.oldestOverdue = new Gauge({
      name: 'rightsdesk_purge_oldest_overdue_seconds',
      help: 'How long the oldest due, unheld purge has waited (at the last scan)',
      registers: [metrics.registry],
    });
  }
}
