import { defineJobs, SlotPayload } from '../../core/queue/job-catalogue';

export const TestimonialJobs = defineJobs({
  /** Asks the authors of published quotes that are due again, and takes down the unanswered; cron-enqueued. */
  Reconfirm: 'testimonials-reconfirm',
});

declare module '../../core/queue/job-catalogue' {
  interface JobPayloads {
    'testimonials-reconfirm': SlotPayload;
  }
}
