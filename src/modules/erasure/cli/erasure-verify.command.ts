import { Command, CommandRunner } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { Checkpoints } from '../../../core/checkpoints/checkpoints.service';
import { ErasureReceiptsRepository } from '../erasure-receipts.repository';

@Command({
  name: 'erasure:verify',
  description: 'Check the erasure receipts’ hash chain against its latest signed checkpoint, then checkpoint it; exit 0 when intact',
})
export class ErasureVerifyCommand extends CommandRunner {
  constructor(
    private readonly receipts: ErasureReceiptsRepository,
    private readonly checkpoints: Checkpoints,
  ) {
    super();
  }

  async run(): Promise<void> {
    const r = await this.receipts.verify();
    if (!r.ok) throw new CliError(`erasure receipts BROKEN at entry ${r.firstBad.seq}: ${r.firstBad.reason} (${r.count} receipts intact before it)`, 1);
    const checkpoint = await this.checkpoints.latestFile('erasure-receipts');
    process.stdout.write(`erasure receipts intact: ${r.count} receipts${checkpoint ? `; signed checkpoint ${checkpoint}` : ''}\n`);
  }
}
