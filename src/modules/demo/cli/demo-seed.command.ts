import { Command, CommandRunner } from 'nest-commander';
import { CliError } from '../../../cli-support/cli-error';
import { AppConfig } from '../../../config/app-config';
import { DEMO_PEOPLE } from '../demo-people';
import { DemoSeedService } from '../demo-seed.service';

const DESCRIPTION = 'Development only: a demo agent and admin, customers with profiles, a pending termination (sign in as them with development sign-in)';

@Command({ name: 'demo:seed', description: DESCRIPTION })
export class DemoSeedCommand extends CommandRunner {
  constructor(
    private readonly seeder: DemoSeedService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async run(): Promise<void> {
    if (this.config.nodeEnv === 'production') throw new CliError(REFUSAL, 1);
    const seeded = await this.seeder.seed();
    for (const s of seeded) {
      const email = DEMO_PEOPLE.find((p) => p.key === s.key)!.email;
      process.stdout.write(`${s.created ? 'created' : 'kept   '} ${email.padEnd(30)} ${s.subjectId}  roles: ${s.roles.join(', ')}  status: ${s.status}\n`);
    }
    process.stdout.write('Sign in as any of them with development sign-in (npm run dev): same email, "verified".\n');
  }
}

export const REFUSAL = 'demo:seed refuses to run when NODE_ENV=production: it creates demo people with known emails';

/** In production the command exists only to say no (the seeding code is not even wired). */
@Command({ name: 'demo:seed', description: DESCRIPTION })
export class DemoSeedRefusedCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new CliError(REFUSAL, 1);
  }
}
