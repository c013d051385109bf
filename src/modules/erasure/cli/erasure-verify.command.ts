import { Command, CommandRunner } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { ErasureReceiptsRepository } from '../erasure-receipts.repository';

@Command({ name: 'erasure:verify', description: 'Check the erasure receipts’ hash chain; exit 0 when intact' })
export class ErasureVerifyCommand extends CommandRunner {
  constructor(private readonly receipts: ErasureReceiptsRepository) {
    super();
  }

  async run(): Promise<void> {
    const r = await this.receipts.verify();
    if (!r.ok) throw new CliError(`erasure receipts BROKEN at entry ${r.firstBad.seq}: ${r.firstBad.reason} (${r.count} receipts intact before it)`, 1);
    process.stdout.write(`erasure receipts intact: ${r.count} receipts\n`);
  }
}
