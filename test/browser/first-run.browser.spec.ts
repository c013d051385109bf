import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, saveScreenshot } from '../support/chromium';
import { DevRun, startDev } from '../support/dev-run';
import { runNode } from '../support/spawn';
import { WAIT_MS, waitFor } from '../support/wait';
import { ROOT } from '../support/processes';
import { spawnSync } from 'node:child_process';
import { isolatedMongoUri, testServices, TEST_HASH_SECRET, TEST_SESSION_SECRET } from '../support/test-config';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts', 'first-run');

/** What a newcomer gets from `npm run dev`: development sign-in, the dev mailbox, every journey clickable. */
describe('npm run dev (first run)', () => {
  let dev: DevRun;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const mongoUri = isolatedMongoUri('firstrun');

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dev = await startDev({
      MONGODB_URI: mongoUri,
      REDIS_URL: testServices().redisUrl,
      QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
      SESSION_SECRET: TEST_SESSION_SECRET,
      HASH_SECRET: TEST_HASH_SECRET,
      LOG_LEVEL: 'warn',
    });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'en-GB',
      viewport: { width: 1100, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 150_000);

  afterAll(async () => {
    await context?.close();
    await dev?.stop();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => saveScreenshot(page, path.join(ARTIFACTS, `${name}.png`));
  const text = (selector: string) => page.locator(selector).first().textContent({ timeout: 30_000 });

  it('prints the URLs; signs in as a new person, edits the profile, confirms a new email from the dev mailbox, closes the account', async () => {
    expect(dev.output()).toContain(`development mailbox: ${dev.mailboxUrl}`);
    const email = `newcomer.${randomBytes(3).toString('hex')}@example.test`;
    const newEmail = `moved.${randomBytes(3).toString('hex')}@example.test`;

    // The printed URL -> Sign in -> development sign-in, plainly labelled
    await page.goto(`${dev.apiUrl}/`);
    await shot('01-home');
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.waitForURL(/\/signin/);
    expect(await text('#dev-sign-in')).toContain('Development sign-in');
    await shot('02-sign-in');
    await page.locator('a[data-provider="google"]').click();
    await page.waitForURL(new RegExp(`^${dev.signInUrl}/interaction/`));
    expect(await text('.banner')).toContain('Development sign-in');
    expect(await text('h1')).toContain('Development sign-in (Google stand-in)');
    await page.fill('#name', 'Nora Newcomer');
    await page.fill('#email', email);
    await shot('03-dev-sign-in');
    await page.click('#sign-in-as');
    await page.waitForURL(`${dev.apiUrl}/profile`, { timeout: 60_000 }).catch(async (e) => {
      throw new Error(`${e.message}\n${page.url()}\n${(await page.content()).slice(0, 3000)}\n${dev.output().slice(-3000)}`);
    });
    expect(await text('h1')).toBe('My Profile');
    expect(await page.inputValue('#name')).toBe('Nora Newcomer');
    expect(await text('#current-email')).toContain(email);
    await shot('04-profile');

    /** The development provider's page asks who you are again (step-up); answer as the same person. */
    const stepUpAs = async (name: string, address: string) => {
      await page.waitForURL(new RegExp(`^${dev.signInUrl}/interaction/`));
      await page.fill('#name', name);
      await page.fill('#email', address);
      await page.click('#sign-in-as');
      await page.waitForURL(new RegExp(`^${dev.apiUrl}/profile`));
    };

    // Edit the profile
    await page.fill('#name', 'Nora Nordmann');
    await page.fill('#phone', '+47 912 34 567');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.waitForURL(/notice=saved/);
    expect(await page.inputValue('#name')).toBe('Nora Nordmann');

    // Ask for an email change: a security change, so the provider is asked to sign the person in again
    // (step-up), then the form is sent again; the confirmation arrives in the dev mailbox
    await page.fill('#newEmail', newEmail);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await stepUpAs('Nora Nordmann', email);
    await page.fill('#newEmail', newEmail);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page.waitForURL(/notice=emailSent/);
    await shot('05-email-change-sent');
    await page.goto(dev.mailboxUrl);
    const row = page.locator('tr', { hasText: newEmail }).filter({ hasText: 'Confirm your new email address' });
    await waitFor(
      async () => {
        if ((await row.count()) > 0) return true;
        await page.reload();
        return false;
      },
      'the confirmation in the development mailbox',
      WAIT_MS,
      200,
    );
    expect(await text('.banner')).toContain('Development mailbox');
    await shot('06-mailbox');
    await row.getByRole('link').click();
    expect(await text('h1')).toBe('Confirm your new email address');
    expect(await text('#text-body')).toContain('/profile/email/confirm?token=');
    await shot('07-mail');
    // The link in the HTML body opens the confirmation page
    await page.frameLocator('iframe').locator('a[href*="/profile/email/confirm?token="]').first().click();
    await page.waitForURL(new RegExp(`^${dev.apiUrl}/profile/email/confirm`));
    await page.getByRole('button', { name: 'Confirm the new email address' }).click();
    expect(await text('h1')).toBe('Email address changed');
    await shot('08-email-confirmed');
    await page.goto(`${dev.apiUrl}/profile`);
    expect(await text('#current-email')).toContain(newEmail);

    // Close the account (a step-up again: the last one is more than a few minutes old only in real life,
    // so this passes straight through when it is still fresh)
    await page.check('#confirm-close');
    await page.getByRole('button', { name: 'Close my account' }).click();
    await page.waitForURL(/notice=closed/);
    expect(await text('h1')).toBe('Your account is closed');
    await shot('09-closed');
  });

  it('demo:seed from another terminal fills the running database; the seeded admin signs in and sees the queue dashboard', async () => {
    // `npm run cli -- demo:seed` without MONGODB_URI: it uses the running `npm run dev`'s database
    const seed = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'cli.js'), 'demo:seed'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, RIGHTSDESK_CACHE: dev.cacheDir },
    });
    expect(seed.stderr).toContain('using the database of the running `npm run dev`');
    expect(seed.status).toBe(0);
    expect(seed.stdout).toMatch(/created ada\.admin@example\.test .* roles: customer, admin/);
    await context.clearCookies();
    await page.goto(`${dev.apiUrl}/admin/queues`);
    await page.waitForURL(/\/signin\?next=/);
    await page.locator('a[data-provider="linkedin"]').click();
    await page.waitForURL(new RegExp(`^${dev.signInUrl}/interaction/`));
    expect(await text('h1')).toContain('Development sign-in (LinkedIn stand-in)');
    await page.getByRole('button', { name: /Ada Admin/ }).click();
    await page.waitForURL(`${dev.apiUrl}/admin/queues`);
    await page.getByText('RightsDesk queues (read-only)').first().waitFor({ timeout: 60_000 });
    await page.getByText('rightsdesk', { exact: true }).first().click();
    await page.getByText('Failed', { exact: false }).first().waitFor({ timeout: 60_000 });
    await page.getByText('Loading', { exact: false }).first().waitFor({ state: 'hidden', timeout: 60_000 });
    await shot('10-queue-dashboard');
  });

  it('refuses a production boot with development sign-in enabled, naming DEV_SIGN_IN', async () => {
    // dist/ was built by scripts/dev.js above
    const r = await runNode('main.js', [], {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DEV_SIGN_IN: 'true',
      MONGODB_URI: mongoUri,
      REDIS_URL: testServices().redisUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      HASH_SECRET: TEST_HASH_SECRET,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/DEV_SIGN_IN: development sign-in cannot be enabled when NODE_ENV=production/);
  });
});
