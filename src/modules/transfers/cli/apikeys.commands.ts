import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { DomainError } from '../../../core/errors/domain-error';
import { ApiKeysService, SYSTEM_NAME } from '../api-keys.service';

@Command({ name: 'apikeys:create', description: 'Create an API key for an internal system (billing, support tooling); prints it once' })
export class ApiKeysCreateCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async run(_: string[], opts: { system?: string }): Promise<void> {
    if (!opts.system) throw new CliError('--system <name> is required', 2);
    if (!SYSTEM_NAME.test(opts.system)) throw new CliError('--system must be 2-63 lower-case letters, digits, dots, dashes or underscores', 2);
    try {
      const { key, apiKey } = await this.keys.create(opts.system, 'cli');
      process.stderr.write(`API key ${apiKey.prefix} for ${apiKey.system} (id ${apiKey.id}). It is shown only now; store it in the system's secret store.\n`);
      process.stdout.write(`${key}\n`);
    } catch (err) {
      if (err instanceof DomainError) throw new CliError(err.message, 1);
      throw err;
    }
  }

  @Option({ flags: '--system <name>', description: 'the internal system the key is for, e.g. billing' })
  parseSystem(v: string) {
    return v;
  }
}

@Command({ name: 'apikeys:revoke', description: 'Revoke an API key, named by --key <id or rdk_ prefix>' })
export class ApiKeysRevokeCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async run(_: string[], opts: { key?: string }): Promise<void> {
    if (!opts.key) throw new CliError('--key <id or prefix> is required', 2);
    try {
      const k = await this.keys.revoke(opts.key, 'cli');
      process.stdout.write(`Revoked ${k.prefix} (${k.system}) at ${new Date(k.revokedAt!).toISOString()}\n`);
    } catch (err) {
      if (err instanceof DomainError) throw new CliError(err.message, 1);
      throw err;
    }
  }

  @Option({ flags: '--key <ref>', description: 'the key’s id or its rdk_ prefix (apikeys:list shows both)' })
  parseKey(v: string) {
    return v;
  }
}

@Command({ name: 'apikeys:list', description: 'List API keys: system, prefix, created, last used, revoked' })
export class ApiKeysListCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  async run(): Promise<void> {
    const iso = (d?: Date) => (d ? new Date(d).toISOString() : '-');
    for (const k of await this.keys.list())
      process.stdout.write(
        `${k.id}  ${k.prefix}  ${k.system}  created ${iso(k.createdAt)}  last used ${iso(k.lastUsedAt)}  ${k.revokedAt ? `REVOKED ${iso(k.revokedAt)}` : 'active'}\n`,
      );
  }
}
