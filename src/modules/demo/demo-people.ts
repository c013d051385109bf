import type { Locale, Role } from '../accounts/account.types';
import type { ProfileInput } from '../profile/profile-diff';

/** Someone `demo:seed` creates; development sign-in offers the same emails (scripts/dev-oidc). */
export interface DemoPerson {
  key: string;
  email: string;
  locale: Locale;
  roles: Role[];
  profile: ProfileInput;
  /** closed during the grace period: a pending termination to look at */
  terminated?: boolean;
}

const oslo = { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' };

export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'agent', email: 'sam.support@example.test', locale: 'en', roles: ['agent'], profile: { name: 'Sam Support' } },
  { key: 'admin', email: 'ada.admin@example.test', locale: 'en', roles: ['admin'], profile: { name: 'Ada Admin' } },
  {
    key: 'kari',
    email: 'kari.nordmann@example.test',
    locale: 'nb',
    roles: [],
    profile: {
      name: 'Kari Nordmann',
      phone: '+4791234567',
      dateOfBirth: '1990-05-17',
      company: { name: 'Nordmann AS', size: '2-10', type: 'private_limited' },
      postalAddress: oslo,
      billingAddress: { ...oslo, companyName: 'Nordmann AS' },
    },
  },
  {
    key: 'alex',
    email: 'alex.smith@example.test',
    locale: 'en',
    roles: [],
    profile: { name: 'Alex Smith', phone: '+447700900123', postalAddress: { line1: '1 High Street', postalCode: 'SW1A 1AA', city: 'London', country: 'GB' } },
  },
  {
    key: 'ola',
    email: 'ola.nordmann@example.test',
    locale: 'nb',
    roles: [],
    profile: { name: 'Ola Nordmann', postalAddress: { ...oslo, line1: 'Kirkegata 5' } },
    terminated: true,
  },
];
