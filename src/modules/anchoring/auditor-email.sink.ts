import { Injectable } from '@nestjs/common';
import type { CheckpointNote, CheckpointSink } from '../../core/checkpoints/checkpoints.service';
import { AppConfig } from '../../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { CHECKPOINT_TEMPLATE } from './anchoring.templates';

/** Emails each new checkpoint to the auditors (CHECKPOINT_AUDITOR_EMAIL) through the outbox, once per checkpoint and address. */
@Injectable()
export class AuditorEmailSink implements CheckpointSink {
  readonly name = 'auditor-email';

  constructor(
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  async write(cp: CheckpointNote): Promise<void> {
    for (const email of this.config.checkpoints.auditorEmails)
      await this.notifications.send({
        to: { email },
        template: CHECKPOINT_TEMPLATE,
        data: { chain: cp.chain, size: cp.size, note: cp.note },
        category: 'service',
        idempotencyKey: `checkpoint:${cp.origin}:${cp.size}:${email}`,
      });
  }
}
