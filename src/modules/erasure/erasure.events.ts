/**
 * Emitted (awaited) by a module that learned a person wants their data erased now, e.g. identity on
 * Facebook's data deletion callback. The erasure module suspends the account at once (nobody signs in
 * while it is erased) and erases it in the background through the one entry point.
 */
export const ERASURE_REQUESTED_EVENT = 'erasure.requested';
export interface ErasureRequestedEvent {
  accountId?: string;
  subjectId?: string;
  /** Who asked: a sign-in provider's callback */
  source: 'facebook';
  confirmationCode: string;
}

/**
 * Emitted (awaited, errors logged) once a batch of people is erased and their receipts written: e.g. the
 * transfers module tells each recipient that received their data (GDPR Art. 19). Opaque ids only.
 */
export const ERASURE_COMPLETED_EVENT = 'erasure.completed';
export interface ErasureCompletedEvent {
  reason: 'retention' | 'request' | 'minor' | 'provider';
  /** Subject ids of the erased people who had an account (people known only by email have none) */
  subjectIds: string[];
  /** Run ids of everyone erased (the receipts' keys) */
  runs: string[];
}
