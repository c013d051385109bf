/**
 * The one job catalogue: every background job's name and payload type. Payloads carry opaque ids only,
 * never personal data (DESIGN conventions 8-10). Core declares no business job: each module declares
 * its own in its `<module>.jobs.ts`, in two parts that live side by side:
 *
 *   export const BillingJobs = defineJobs({ BillingPrune: 'billing-prune' });
 *   declare module '../../core/queue/job-catalogue' {
 *     interface JobPayloads { 'billing-prune': SlotPayload }
 *   }
 *
 * `defineJobs` records the names at load time, so the worker's boot check (JobRegistry) finds every job
 * declared anywhere and insists on exactly one @JobHandler for each.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each module's augmentation
export interface JobPayloads {}

export type JobName = keyof JobPayloads & string;

/** A cron-enqueued job's payload: the slot it was enqueued for (ISO minute). */
export interface SlotPayload {
  slot: string;
}

const declared = new Set<string>();

/** Declares a module's jobs (name constants); returns them as given. */
export function defineJobs<T extends Record<string, JobName>>(names: T): T {
  for (const n of Object.values(names)) declared.add(n);
  return names;
}

/** Every job name some module declared. */
export function declaredJobs(): string[] {
  return [...declared].sort();
}

export const QUEUE_NAME = 'rightsdesk';
