import { Command, CommandRunner } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { Checkpoints } from '../../../core/checkpoints/checkpoints.service';
import { AuditService } from '../audit.service';

@Command({
  name: 'audit:verify',
  description: 'Check the audit trail’s hash chain against its latest signed checkpoint, then checkpoint it; exit 0 when intact',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: Checkpoints,
  ) {
    super();
  }

  async run(): Promise<void> {
    const r = await this.audit.verify();
    if (!r.ok) throw new CliError(`audit trail BROKEN at entry ${r.firstBad.seq}: ${r.firstBad.reason} (${r.count} entries intact before it)`, 1);
    const checkpoint = await this.checkpoints.latestFile('audit');
    process.stdout.write(`audit trail intact: ${r.count} entries${checkpoint ? `; signed checkpoint ${checkpoint}` : ''}\n`);
  }
}
