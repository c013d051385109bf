import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { CliError } from './cli-support/cli-error';

/**
 * Admin command line (`npm run cli -- <command>`). Commands live beside their modules (`<module>/cli/`).
 * Exit codes: 0 success, 1 failure, 2 usage error; messages on stderr, results on stdout.
 */
process.env.RIGHTSDESK_LOG_FD = '2';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
// An operator at a terminal wants a quick, clear failure when the database is unreachable.
process.env.DB_RETRY_ATTEMPTS = process.env.DB_RETRY_ATTEMPTS ?? '0';
process.env.DB_SERVER_SELECTION_TIMEOUT_MS = process.env.DB_SERVER_SELECTION_TIMEOUT_MS ?? '5000';

function exitWith(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  if (err instanceof CliError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  const e = err as { code?: string; exitCode?: number; message?: string; name?: string };
  if (e?.name === 'MongooseServerSelectionError' || e?.name === 'MongoServerSelectionError') {
    process.stderr.write('error: cannot reach the database (MONGODB_URI)\n');
    process.exit(1);
  }
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
    process.exit(2); // commander already printed the usage problem
  }
  process.stderr.write(`error: ${e?.message ?? String(err)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (process.argv.length <= 2) {
    process.stderr.write('usage: npm run cli -- <command> [options]   (npm run cli -- --help lists the commands)\n');
    process.exit(2);
  }
  const config = loadConfig();
  await CommandFactory.run(AppModule.forRoot({ role: 'cli', config }), {
    logger: false,
    cliName: 'rightsdesk',
    errorHandler: exitWith,
    serviceErrorHandler: exitWith,
  });
  process.exit(0);
}

main().catch(exitWith);
