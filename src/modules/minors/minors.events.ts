/**
 * The contract between the requests desk and the minors module (neither imports the other's services):
 * a verified `child_report` request is handed to the minors review queue, and the agent's decision on it
 * comes back so the desk can close the request and tell the reporter (without revealing the account).
 */

/** Emitted (awaited) by the requests desk when a `child_report` request is verified (or entered by an agent). */
export const CHILD_REPORT_EVENT = 'minors.child-report';
export interface ChildReportEvent {
  /** The request on the desk this report came from */
  requestId: string;
  /** The reporter's verified address (a parent or guardian) */
  reporterEmail: string;
  /** What the reporter says identifies the child's account: an address, free text */
  childEmail?: string;
  details: string;
  /** When an agent entered it: their subject id */
  enteredBy?: string;
}

/** Emitted (awaited) by the minors module when an agent confirms or dismisses a report that came from a request. */
export const CHILD_REPORT_DECIDED_EVENT = 'minors.child-report-decided';
export interface ChildReportDecidedEvent {
  requestId: string;
  outcome: 'confirmed' | 'dismissed';
  /** The agent's reason (shown to agents; the reporter is told only the outcome) */
  reason: string;
  decidedBy: string;
}
