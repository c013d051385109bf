import { Injectable } from '@nestjs/common';

/** A correction of personal data made by its owner (GDPR Art. 16), passed on for Art. 19. */
export interface Rectification {
  accountId: string;
  subjectId: string;
  /** Names of the corrected fields; the values are read from the profile by whoever needs them */
  fields: string[];
  at: Date;
}

/**
 * Art. 19 hook: tells recipients of the data (group companies, subcontractors) about corrections.
 * The transfers module provides the real one by overriding this token; until then it is a no-op.
 */
export interface RectificationNotifier {
  rectified(change: Rectification): Promise<void>;
}

export const RECTIFICATION_NOTIFIER = Symbol('RectificationNotifier');

@Injectable()
export class NoopRectificationNotifier implements RectificationNotifier {
  async rectified(): Promise<void> {
    /* no recipients to notify until the transfers module exists */
  }
}
