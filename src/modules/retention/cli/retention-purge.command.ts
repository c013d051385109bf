import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { AppConfig } from '../../../config/app-config';
import { Clock } from '../../../core/clock/clock';
import { PersonalDataRegistry } from '../../../core/personal-data/personal-data.registry';
import { AccountsService } from '../../accounts/accounts.service';
import { SubjectResolver } from '../../../core/personal-data/subject-resolver.service';
import { ResidueSweepService } from '../../erasure/residue-sweep.service';
import { RetentionService } from '../retention.service';

interface Opts {
  dryRun?: boolean;
  now?: string;
}

@Command({
  name: 'retention:purge',
  description: 'Purge every account whose grace period has ended (as of --now); --dry-run shows what would be erased and kept, and why',
})
export class RetentionPurgeCommand extends CommandRunner {
  constructor(
    private readonly retention: RetentionService,
    private readonly subjects: SubjectResolver,
    private readonly sweep: ResidueSweepService,
    private readonly accounts: AccountsService,
    private readonly registry: PersonalDataRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  async run(_: string[], opts: Opts): Promise<void> {
    let now = this.clock.now();
    if (opts.now !== undefined) {
      now = new Date(opts.now);
      if (!/^\d{4}-\d{2}-\d{2}/.test(opts.now) || Number.isNaN(now.getTime()))
        throw new CliError('--now must be an ISO-8601 date, e.g. 2027-01-31T12:00:00Z', 2);
    }
    const due = await this.retention.due(now);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    out(
      `${due.length} account(s) due for purge as of ${now.toISOString()}${due.filter((d) => d.held).length ? `, ${due.filter((d) => d.held).length} held` : ''}`,
    );
    const bar =
      due.length > 20 && process.stderr.isTTY ? new SingleBar({ format: 'purge [{bar}] {value}/{total} accounts', stream: process.stderr }) : undefined;
    bar?.start(due.length, 0);
    if (opts.dryRun) {
      for (const d of due) {
        out(await this.plan(d.accountId, d.subjectId, d.dueAt, d.held));
        bar?.increment();
      }
      bar?.stop();
      return;
    }
    let erased = 0;
    let held = 0;
    let busy = 0;
    const failed: string[] = [];
    // In erasure batches, as the scheduled purge does: one read and one write per collection per batch.
    const size = this.config.erasureBatchSize;
    for (let i = 0; i < due.length; i += size) {
      const chunk = due.slice(i, i + size);
      try {
        const t = await this.retention.purgeBatch(
          chunk.map((d) => d.accountId),
          now,
        );
        erased += t.erased + t.alreadyDone;
        held += t.held;
        busy += t.busy;
      } catch {
        failed.push(...chunk.map((d) => d.subjectId));
      }
      bar?.increment(chunk.length);
    }
    bar?.stop();
    const swept = await this.sweep.sweep();
    out(
      `erased ${erased}, held ${held}, failed ${failed.length}${busy ? `, ${busy} being erased by a worker` : ''}; residue sweep: ${swept.verified} verified, ${swept.residue} with residue`,
    );
    if (failed.length) throw new CliError(`erasure failed for ${failed.join(', ')} (it resumes on the next run)`, 1);
    if (swept.residue) throw new CliError(`${swept.residue} erasure(s) left residue: see erasure_runs with status "residue"`, 1);
  }

  private async plan(accountId: string, subjectId: string, dueAt: Date, held: boolean): Promise<string> {
    const account = await this.accounts.findById(accountId);
    const lines = [`${subjectId}  due ${dueAt.toISOString()}${held ? '  HELD by a legal hold: not purged now' : ''}`];
    if (!account) return `${lines[0]}\n  (account already erased; the schedule entry will be removed)`;
    const subject = await this.subjects.resolve({ accountId: account.id, emails: [] });
    for (const handler of this.registry.all()) {
      const d = handler.describe();
      const { data } = await handler.export(subject);
      for (const c of d.collections) {
        const n = data[c.collection]?.length ?? 0;
        if (!n) continue;
        const action = c.onErasure?.action ?? 'deleted';
        const how = action === 'kept' ? `keep (${c.onErasure?.basis}; ${c.onErasure?.period})` : action === 'anonymised' ? 'anonymise' : 'erase';
        lines.push(`  ${how.padEnd(8)} ${d.module}/${c.collection}: ${n}`);
      }
    }
    return lines.join('\n');
  }

  @Option({ flags: '--dry-run', description: 'only report what would be erased and kept' })
  parseDryRun() {
    return true;
  }

  @Option({ flags: '--now <iso>', description: 'the time to purge as of (default: now)' })
  parseNow(v: string) {
    return v;
  }
}
