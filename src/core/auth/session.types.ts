import 'express-session';
import type { Principal } from './principal';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in account */
    accountId?: string;
    /** When the person last proved who they are at a provider (ms since epoch) */
    authAt?: number;
    /**
     * When the person last re-authenticated for a sensitive change (a sign-in started with ?reauth=1,
     * sent to the provider with prompt=login / max_age=0). Linking a new provider never sets it.
     */
    reauthAt?: number;
    /** When the session started (ms since epoch); the absolute lifetime counts from here */
    createdAt?: number;
    /** When the session was last used, to within SESSION_TOUCH_INTERVAL_S (ms since epoch) */
    lastSeenAt?: number;
    /** The browser and system, summarised from the User-Agent at sign-in (e.g. "Firefox on Linux") */
    device?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in account, loaded by AuthGuard */
    account?: Principal;
  }
}
