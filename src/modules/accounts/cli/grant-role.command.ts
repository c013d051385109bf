import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { DomainError } from '../../../core/errors/domain-error';
import { AccountsService } from '../accounts.service';

@Command({ name: 'accounts:grant-role', description: 'Grant the agent or admin role to the account with this email' })
export class GrantRoleCommand extends CommandRunner {
  constructor(private readonly accounts: AccountsService) {
    super();
  }

  async run(_: string[], opts: { email?: string; role?: string }): Promise<void> {
    if (!opts.email) throw new CliError('--email is required', 2);
    if (opts.role !== 'agent' && opts.role !== 'admin') throw new CliError('--role must be agent or admin', 2);
    try {
      const account = await this.accounts.grantRoleByEmail(opts.email, opts.role, 'cli');
      process.stdout.write(`Granted ${opts.role} to ${account.subjectId}; roles now: ${account.roles.join(', ')}\n`);
    } catch (err) {
      if (err instanceof DomainError) throw new CliError(err.message, 1);
      throw err;
    }
  }

  @Option({ flags: '--email <email>', description: 'the account’s email address' })
  parseEmail(v: string) {
    return v;
  }

  @Option({ flags: '--role <role>', description: 'agent or admin' })
  parseRole(v: string) {
    return v;
  }
}
