import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../core/metrics/metrics.service';

/** The minors module's metrics, on the process's registry (counts only, nobody named). */
@Injectable()
export class MinorsMetrics {
  readonly decisions: Counter<'signal' | 'outcome'>;
  readonly removals: Counter<'signal'>;
  readonly refusals: Counter;

  constructor(metrics: MetricsService) {
    this.decisions = new Counter({
      name: 'rightsdesk_minor_age_decisions_total',
      help: 'Age decisions by signal and outcome',
      labelNames: ['signal', 'outcome'],
      registers: [metrics.registry],
    });
    this.removals = new Counter({
      name: 'rightsdesk_minor_removals_total',
      help: 'Accounts removed as a child’s, by signal',
      labelNames: ['signal'],
      registers: [metrics.registry],
    });
    this.refusals = new Counter({
      name: 'rightsdesk_minor_sign_in_refusals_total',
      help: 'Sign-ins refused by the re-registration block',
      registers: [metrics.registry],
    });
  }
}
