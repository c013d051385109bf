import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { DomainError } from '../../../core/errors/domain-error';
import { AccountsService } from '../accounts.service';

@Command({
  name: 'accounts:grant-role',
  description: 'Grant the agent or admin role to one account, named by --subject <subjectId> or by its verified --email',
})
export class GrantRoleCommand extends CommandRunner {
  constructor(private readonly accounts: AccountsService) {
    super();
  }

  async run(_: string[], opts: { email?: string; subject?: string; role?: string }): Promise<void> {
    if (!opts.email && !opts.subject) throw new CliError('--email or --subject is required', 2);
    if (opts.email && opts.subject) throw new CliError('give --email or --subject, not both', 2);
    if (opts.subject && !/^sub_[A-Za-z0-9_-]{10,64}$/.test(opts.subject)) throw new CliError('--subject must be a subject id (sub_...)', 2);
    if (opts.role !== 'agent' && opts.role !== 'admin') throw new CliError('--role must be agent or admin', 2);
    try {
      const account = opts.subject
        ? await this.accounts.grantRoleBySubjectId(opts.subject, opts.role, 'cli')
        : await this.accounts.grantRoleByEmail(opts.email!, opts.role, 'cli');
      process.stdout.write(`Granted ${opts.role} to ${account.subjectId}; roles now: ${account.roles.join(', ')}\n`);
    } catch (err) {
      if (err instanceof DomainError) throw new CliError(err.message, 1);
      throw err;
    }
  }

  @Option({ flags: '--email <email>', description: 'the account’s verified email address' })
  parseEmail(v: string) {
    return v;
  }

  @Option({ flags: '--subject <subjectId>', description: 'the account’s subject id (sub_...)' })
  parseSubject(v: string) {
    return v;
  }

  @Option({ flags: '--role <role>', description: 'agent or admin' })
  parseRole(v: string) {
    return v;
  }
}
