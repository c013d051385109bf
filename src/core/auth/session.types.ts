import 'express-session';
import type { Principal } from './principal';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in account */
    accountId?: string;
    /** When the person last proved who they are at a provider (ms since epoch) */
    authAt?: number;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in account, loaded by AuthGuard */
    account?: Principal;
  }
}
