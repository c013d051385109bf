/** The read-only dashboard, the one that allows retries (after a confirmation), and that confirmation. */
export const DASHBOARD_PATH = '/admin/queues';
export const RETRY_DASHBOARD_PATH = '/admin/queues/retry';
export const RETRY_CONFIRM_PATH = '/admin/queue-retries';
/** How long a confirmation allows retries */
export const RETRY_WINDOW_MINUTES = 10;

/** The only writes the retry dashboard passes on: retry one job, or every job of a status. */
export const RETRY_API = /^\/admin\/queues\/retry\/api\/queues\/[^/]+\/(?:retry\/[a-z]+|[^/]+\/retry)$/;
