import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of this process (one registry per application instance). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly erased = new Counter({ name: 'rightsdesk_erasures_total', help: 'Erasures completed (all handlers ran, receipt written)', registers: [this.registry] });
  readonly erasureFailures = new Counter({ name: 'rightsdesk_erasure_failures_total', help: 'Erasure runs that failed or left residue', labelNames: ['stage'], registers: [this.registry] });
  readonly held = new Gauge({ name: 'rightsdesk_purges_held', help: 'Due purges postponed by a legal hold (at the last scan)', registers: [this.registry] });
  readonly oldestOverdue = new Gauge({ name: 'rightsdesk_purge_oldest_overdue_seconds', help: 'How long the oldest due, unheld purge has waited (at the last scan)', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'rightsdesk_' });
  }
}
