import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityModule } from '../identity/identity.module';
import { ProfileModule } from '../profile/profile.module';
import { RetentionModule } from '../retention/retention.module';
import { DemoSeedCommand, DemoSeedRefusedCommand } from './cli/demo-seed.command';
import { DemoSeedService } from './demo-seed.service';

/**
 * Demo data for development (`npm run cli -- demo:seed`). Composed into the CLI only; in production only
 * a command that refuses is registered, and nothing of the seeding is wired.
 */
@Module({})
export class DemoModule {
  static forRoot(nodeEnv: string | undefined): DynamicModule {
    if (nodeEnv === 'production') return { module: DemoModule, providers: [DemoSeedRefusedCommand] };
    return { module: DemoModule, imports: [AccountsModule, IdentityModule, ProfileModule, RetentionModule], providers: [DemoSeedService, DemoSeedCommand] };
  }
}
