import type { Request } from 'express';

/** What the authorization request carried, read back at the callback (from the sign-in attempt in the session). */
export interface AuthorizeOptions {
  nonce?: string;
  /** A step-up sign-in: ask the provider to authenticate the person again (prompt=login, max_age=0) */
  reauth?: boolean;
}

/** The nonce of the attempt in progress (SignInFlowService keeps it in the session until the callback). */
export function attemptNonce(req: Request): string | undefined {
  return req.session?.signInIntent?.nonce;
}
