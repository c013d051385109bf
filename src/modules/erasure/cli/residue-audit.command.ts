import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { ResidueAuditService } from '../residue-audit.service';

interface Options {
  pause?: number;
}

@Command({
  name: 'residue:audit',
  description: 'Run the full residue audit now (every document, against keyed hashes of everyone erased since the last audit); resumes an interrupted one',
})
export class ResidueAuditCommand extends CommandRunner {
  constructor(private readonly audit: ResidueAuditService) {
    super();
  }

  @Option({ flags: '--pause <ms>', description: 'pause between pages in milliseconds (default RESIDUE_AUDIT_PAUSE_MS)' })
  parsePause(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new CliError(`--pause must be a whole number of milliseconds, got "${v}"`, 2);
    return n;
  }

  async run(_args: string[], opts: Options = {}): Promise<void> {
    const r = await this.audit.run({ pauseMs: opts.pause });
    process.stdout.write(`residue audit ${r.audit}: ${r.scanned} documents read, ${r.hashes} identifiers looked for, ${r.hits.length} hit(s)\n`);
    for (const h of r.hits) process.stdout.write(`RESIDUE ${h.collection} ${h.field} ${h.documentId}\n`);
    if (r.hits.length) throw new CliError(`${r.hits.length} identifier(s) of erased people found where no handler declared them: see the lines above`, 1);
  }
}
