import { Command, CommandRunner } from 'nest-commander';
import { Checkpoints } from '../../../core/checkpoints/checkpoints.service';
import { rawPublicKey } from '../../../core/checkpoints/signed-note';

/** Prints the checkpoints' public key and each chain's verifier key, to give an auditor. */
@Command({ name: 'checkpoints:key', description: 'Print the public key that checks the signed checkpoints, and each log’s verifier key' })
export class CheckpointsKeyCommand extends CommandRunner {
  constructor(private readonly checkpoints: Checkpoints) {
    super();
  }

  async run(): Promise<void> {
    const key = await this.checkpoints.load();
    const lines = [`public key (Ed25519, base64): ${rawPublicKey(key).toString('base64')}`];
    for (const chain of this.checkpoints
      .chains()
      .map((c) => c.chainName)
      .sort())
      lines.push(`${chain}: origin ${this.checkpoints.originOf(chain)}, verifier key ${this.checkpoints.verifierKeyOf(chain)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
