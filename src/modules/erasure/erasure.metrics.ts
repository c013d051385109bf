import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../core/metrics/metrics.service';

/** The erasure engine's metrics, on the process's registry. */
@Injectable()
export class ErasureMetrics {
  readonly erased: Counter;
  readonly erasureFailures: Counter<'stage'>;
  readonly residueAudits: Counter<'outcome'>;
  readonly residueAuditHits: Counter<'collection'>;

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
    this.residueAudits = new Counter({
      name: 'rightsdesk_residue_audits_total',
      help: 'Full residue audits finished, by outcome (clean, residue)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.residueAuditHits = new Counter({
      name: 'rightsdesk_residue_audit_hits_total',
      help: 'Identifiers of erased people the full residue audit found, by collection',
      labelNames: ['collection'],
      registers: [metrics.registry],
    });
  }
}
