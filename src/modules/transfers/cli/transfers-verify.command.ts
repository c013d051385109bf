import { Command, CommandRunner } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { Checkpoints } from '../../../core/checkpoints/checkpoints.service';
import { TransfersService } from '../transfers.service';

@Command({
  name: 'transfers:verify',
  description: 'Check the transfer log’s hash chain against its latest signed checkpoint, then checkpoint it; exit 0 when intact',
})
export class TransfersVerifyCommand extends CommandRunner {
  constructor(
    private readonly transfers: TransfersService,
    private readonly checkpoints: Checkpoints,
  ) {
    super();
  }

  async run(): Promise<void> {
    const r = await this.transfers.verify();
    if (!r.ok) throw new CliError(`transfer log BROKEN at entry ${r.firstBad.seq}: ${r.firstBad.reason} (${r.count} entries intact before it)`, 1);
    const checkpoint = await this.checkpoints.latestFile('transfers');
    process.stdout.write(`transfer log intact: ${r.count} entries${checkpoint ? `; signed checkpoint ${checkpoint}` : ''}\n`);
  }
}
