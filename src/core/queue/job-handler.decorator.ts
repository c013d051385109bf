import { SetMetadata } from '@nestjs/common';
import { JobName } from './job-catalogue';

export const JOB_HANDLER = 'rightsdesk:job-handler';

/**
 * Marks a provider method as the handler of one job. The handler reloads state from the database
 * and re-checks preconditions, so a retried or duplicated job is harmless.
 */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);
