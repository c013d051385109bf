declare module 'express-session' {
  interface SessionData {
    /** Until when (ms since epoch) this admin may retry jobs in the queue dashboard */
    queueRetriesUntil?: number;
  }
}
export {};
