import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { SubjectExportService } from '../../../core/personal-data/subject-export.service';
import { AccountsService } from '../../accounts/accounts.service';

@Command({ name: 'subjects:export', description: 'Print the access export of one person (an account, or someone known only by email) as JSON' })
export class SubjectsExportCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly exporter: SubjectExportService,
  ) {
    super();
  }

  async run(_: string[], opts: { email?: string }): Promise<void> {
    const email = opts.email?.trim().toLowerCase();
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new CliError('--email must be an email address', 2);
    const matches = await this.accounts.findByEmail(email);
    if (matches.length > 1) throw new CliError('more than one account has that email address', 1);
    const account = matches[0];
    // The exporter resolves every identifier of the person (the same subject builder as My Profile's export).
    const subject = account ? { accountId: account.id, emails: [email] } : { emails: [email] };
    process.stdout.write(`${JSON.stringify(await this.exporter.exportSubject(subject), null, 2)}\n`);
  }

  @Option({ flags: '--email <email>', description: 'the person’s email address' })
  parseEmail(v: string) {
    return v;
  }
}
