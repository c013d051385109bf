/**
 * Polls `check` until it returns true (tests wait for conditions, never for a fixed time). The default
 * bound is generous: the whole suite on two cores can make a step several times slower than alone, and
 * a bound only costs time when the condition never comes.
 */
export const WAIT_MS = 60_000;

export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = WAIT_MS, everyMs = 100): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not so after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
