import type { DataCategory } from '../../core/personal-data/personal-data.types';

/** What other modules may know of transfers: the enumerations and the plain shapes (never the schemas). */
export const RECIPIENT_KINDS = ['group_company', 'subcontractor', 'successor', 'authority'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * How a transfer outside the EEA is lawful (GDPR Chapter V): `eea` (no third-country transfer), an
 * adequacy decision (Art. 45), standard contractual clauses (Art. 46(2)(c)), binding corporate rules
 * (Art. 47), a derogation (Art. 49, e.g. a disclosure required by law).
 */
export const TRANSFER_MECHANISMS = ['eea', 'adequacy', 'scc', 'bcr', 'derogation'] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

/** The data categories of the personal-data registry. */
export const TRANSFER_CATEGORIES: readonly DataCategory[] = ['contact', 'billing', 'identity', 'content', 'technical'];

export interface Recipient {
  id: string;
  name: string;
  kind: RecipientKind;
  /** ISO 3166-1 alpha-2 */
  country: string;
  mechanism: TransferMechanism;
  purposes: string[];
  categories: DataCategory[];
  agreementRef?: string;
  /** For an authority: the law that requires the disclosure */
  legalReference?: string;
  noticeEmail: string;
  locale: 'en' | 'nb';
  activeFrom: Date;
  activeUntil?: Date;
  deactivatedAt?: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One disclosure to one recipient as a person's export shows it. */
export interface ReceivedBy {
  name: string;
  kind: RecipientKind;
  country: string;
  categories: string[];
  when: string;
  why: string;
  legalBasis: string;
}
