/** Account statuses and roles, shared by the auth layer and the accounts module (which owns accounts). */
export const ACCOUNT_STATUSES = ['active', 'suspended', 'terminated', 'erased'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const ROLES = ['customer', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ['en', 'nb'] as const;
export type Locale = (typeof LOCALES)[number];

/** The signed-in person as the auth layer sees them; the accounts module's Account satisfies it. */
export interface Principal {
  id: string;
  subjectId: string;
  email?: string;
  emailVerified: boolean;
  status: AccountStatus;
  roles: Role[];
  locale: Locale;
  /** true once the person chose the language in My Profile; until then the browser decides */
  localeChosen: boolean;
  version: number;
}

/**
 * Loads the principal a session names. Core knows no module: the accounts module provides this
 * (DESIGN convention 15), so the guard reads accounts without importing them.
 */
export abstract class PrincipalLoader {
  abstract findPrincipal(accountId: string): Promise<Principal | null>;
}
