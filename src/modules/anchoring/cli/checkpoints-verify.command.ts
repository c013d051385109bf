import { existsSync, readFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { Checkpoints } from '../../../core/checkpoints/checkpoints.service';
import { NoteError, publicKeyFrom } from '../../../core/checkpoints/signed-note';

interface Options {
  file?: string;
  key?: string;
}

/** For an auditor: checks a saved checkpoint (signed note) with the deployment's public key, or one given. */
@Command({ name: 'checkpoints:verify', description: 'Check a signed checkpoint file: --file <note> [--key <base64 public key | PEM file>]' })
export class CheckpointsVerifyCommand extends CommandRunner {
  constructor(private readonly checkpoints: Checkpoints) {
    super();
  }

  @Option({ flags: '--file <path>', description: 'the saved checkpoint (signed note)' })
  parseFile(v: string): string {
    return v;
  }

  @Option({ flags: '--key <key>', description: 'the Ed25519 public key: base64 of its 32 bytes, or a PEM file (default: this deployment’s)' })
  parseKey(v: string): string {
    return v;
  }

  async run(_args: string[], opts: Options): Promise<void> {
    if (!opts.file) throw new CliError('--file <path> is required (the saved checkpoint)', 2);
    let note: string;
    try {
      note = readFileSync(opts.file, 'utf8');
    } catch {
      throw new CliError(`cannot read ${opts.file}`, 2);
    }
    let key;
    if (opts.key) {
      try {
        key = publicKeyFrom(existsSync(opts.key) ? readFileSync(opts.key, 'utf8') : opts.key);
      } catch (err) {
        throw new CliError(`--key: ${err instanceof NoteError ? err.message : 'cannot read the key'}`, 2);
      }
    } else await this.checkpoints.load();
    try {
      const cp = this.checkpoints.open(note, key);
      process.stdout.write(
        `checkpoint valid: ${cp.origin} has ${cp.size} entries, head hash ${cp.rootHash.toString('hex')}\n` +
          'the log must still hold this entry with this hash: `audit:verify` / `erasure:verify` check it\n',
      );
    } catch (err) {
      if (err instanceof NoteError) throw new CliError(`checkpoint INVALID: ${err.message}`, 1);
      throw err;
    }
  }
}
