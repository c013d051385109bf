/** Polls `check` until it returns true (tests wait for conditions, never for a fixed time). */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20000, everyMs = 100): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not so after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
