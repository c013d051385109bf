import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** Where Debian and Ubuntu put Chromium (apt), in the order tried after CHROMIUM_PATH. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags for a headless Chromium in a container or CI runner. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set (it must exist), else the first of
 * CHROMIUM_CANDIDATES that exists; undefined when there is none. scripts/preflight.js uses the same rule.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return fs.existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
}

/** findChromium, or an error naming what to install or set. */
export function chromiumPath(): string {
  const found = findChromium();
  if (found) return found;
  throw new Error(
    process.env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`
      : `No Chromium found at ${CHROMIUM_CANDIDATES.join(' or ')}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

/**
 * Saves a full-page screenshot for a person to look at (test/artifacts). It is evidence, not an
 * assertion: when Chromium cannot capture one (it happens on a loaded machine), that is reported on
 * stderr and the test goes on.
 */
export async function saveScreenshot(page: Page, file: string, opts: { fullPage?: boolean; timeout?: number } = {}): Promise<void> {
  try {
    await page.screenshot({ path: file, fullPage: opts.fullPage ?? true, timeout: opts.timeout });
  } catch (err) {
    process.stderr.write(`screenshot ${file} not taken: ${(err as Error).message.split('\n')[0]}\n`);
  }
}
