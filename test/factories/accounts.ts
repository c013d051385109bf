import type { INestApplicationContext } from '@nestjs/common';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { Account, Locale, Role } from '../../src/modules/accounts/schemas/account.schema';

let n = 0;

/** A new account (no sign-in identity): a unique verified address unless given. */
export async function anAccount(
  app: INestApplicationContext,
  overrides: { email?: string; emailVerified?: boolean; locale?: Locale; roles?: Role[] } = {},
): Promise<Account> {
  n++;
  return app.get(AccountsService).create({
    email: overrides.email ?? `person-${process.pid}-${n}-${Date.now() % 100000}@example.com`,
    emailVerified: overrides.emailVerified ?? true,
    locale: overrides.locale,
    roles: overrides.roles,
  });
}
