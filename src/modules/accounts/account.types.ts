/** What other modules may know of an account: its plain shape and the enumerations (never the schema). */
export type { Account, AccountStatus, Locale, Role } from './schemas/account.schema';
export { ACCOUNT_STATUSES, LOCALES, ROLES } from './schemas/account.schema';
