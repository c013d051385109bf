import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Checkpoints } from '../../core/checkpoints/checkpoints.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { AnchoringService } from './anchoring.service';
import { ANCHORING_TEMPLATES } from './anchoring.templates';
import { AuditorEmailSink } from './auditor-email.sink';
import { CheckpointsKeyCommand } from './cli/checkpoints-key.command';
import { CheckpointsVerifyCommand } from './cli/checkpoints-verify.command';

/**
 * Anchoring of the hash-chained logs (audit, erasure receipts, transfers): the scheduled checkpoint
 * job, the auditor's copy by email, and the auditor's commands. Signing and the checkpoint directory
 * are core's (core/checkpoints), so every chain is checked against its checkpoints whoever verifies it.
 */
@Module({
  imports: [NotificationsModule],
  providers: [AnchoringService, AuditorEmailSink, CheckpointsVerifyCommand, CheckpointsKeyCommand],
})
export class AnchoringModule implements OnModuleInit {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly checkpoints: Checkpoints,
    private readonly emailSink: AuditorEmailSink,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    for (const [name, template] of Object.entries(ANCHORING_TEMPLATES)) this.notifications.registerTemplate(name, template);
    if (this.config.checkpoints.auditorEmails.length) this.checkpoints.addSink(this.emailSink);
  }
}
