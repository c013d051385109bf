import type { Role } from './schemas/account.schema';

/** Emitted (awaited) after a role was granted or revoked; identity tells the person. */
export const ACCOUNT_ROLE_CHANGED_EVENT = 'accounts.role-changed';
export interface AccountRoleChangedEvent {
  accountId: string;
  role: Role;
  change: 'granted' | 'revoked';
}
