import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /**
     * Set when the account was closed from this session: the one session kept (restricted to
     * cancelling) while every other session of the account is revoked.
     */
    accountClosedAt?: number;
  }
}
