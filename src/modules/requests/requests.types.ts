export const REQUEST_TYPES = ['access', 'confirmation', 'erasure', 'rectification', 'objection', 'child_report'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** needs_triage: came by email and its type is not clear yet; an agent sets it (verification runs alongside) */
export const REQUEST_STATUSES = ['needs_triage', 'awaiting_verification', 'verified', 'in_progress', 'completed', 'rejected', 'expired', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_STATUSES: RequestStatus[] = ['needs_triage', 'awaiting_verification', 'verified', 'in_progress'];
export const CLOSED_STATUSES: RequestStatus[] = ['completed', 'rejected', 'expired', 'cancelled'];

export const AGENT_CHANNELS = ['email', 'chat', 'phone', 'ticket'] as const;
export type RequestChannel = 'web' | 'profile' | (typeof AGENT_CHANNELS)[number];

export interface TimelineEntry {
  at: Date;
  /** status: a state change; message: an email sent; note: an agent's internal note; event: anything else */
  kind: 'status' | 'message' | 'note' | 'event';
  /** The new status (kind status), the template (message), or what happened (event) */
  what: string;
  /** Who did it: a subject id, `requester` or `system:requests` */
  by: string;
  text?: string;
  /** An idempotency key (e.g. the mailbox message it came from): one entry per key */
  ref?: string;
}

/** What the email intake found about a request's intent, for the agent (never acted on by itself) */
export interface RequestTriage {
  /** Types the text suggests ("please delete my data" → erasure); a suggestion only */
  suggested: RequestType[];
  /** Why it needs an agent (unclear intent, oversized or unreadable message ...) */
  note?: string;
}

/** Headers that thread a request's outgoing mail (the mailbox module provides them) */
export interface RequestMailThreading {
  subjectPrefix?: string;
  messageId?: string;
  headers?: Record<string, string>;
}

export interface RequestOutcome {
  kind: 'access' | 'confirmation' | 'erasure' | 'rectification' | 'objection' | 'child_report' | 'refer_to_controller' | 'rejected';
  summary: string;
  /** What was kept under law (erasure) */
  kept?: { module: string; collection: string; basis?: string; keptUntil?: string }[];
  /** confirmation: do we hold data, and which categories */
  holds?: boolean;
  categories?: string[];
  controller?: string;
}
