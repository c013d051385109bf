import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { CHROMIUM_ARGS, chromiumPath, saveScreenshot } from '../support/chromium';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { startApi, TestApi } from '../support/test-app';
import { waitFor } from '../support/wait';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts', 'profile');

/** My Profile in a real Chromium: sign in through the (fake) provider, edit, download, close. */
describe('My Profile in a real browser', () => {
  let idp: FakeOAuthProvider;
  let api: TestApi;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    idp = await FakeOAuthProvider.start();
    idp.now = () => clock.now();
    api = await startApi({ clock, env: idp.envFor(['google', 'linkedin']) });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      locale: 'en-GB',
      viewport: { width: 1100, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await api?.close();
    await idp?.stop();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => saveScreenshot(page, path.join(ARTIFACTS, `${name}.png`));
  const fieldError = (id: string) => page.locator(`#${id}-error`);

  it('signs in through the provider, edits, sees a field error, saves, downloads the export, and closes the account', async () => {
    // Start page -> sign-in page -> the provider -> My Profile
    await page.goto(`${api.url}/`);
    await shot('01-home');
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.waitForURL(/\/signin/);
    idp.nextUser = { sub: 'g-kari', email: 'kari@example.test', email_verified: true, name: 'Kari From Google' };
    await page.locator('a[data-provider="google"]').click();
    // a first sign-in answers the age screen before anything else
    await page.waitForURL(/\/age-check/);
    await page.fill('#dateOfBirth', '1988-09-12');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${api.url}/profile`);
    await expect(page.locator('h1')).toHaveText('My Profile');
    // the name came from the provider
    expect(await page.inputValue('#name')).toBe('Kari From Google');
    expect(await page.locator('#current-email').textContent()).toContain('kari@example.test');
    await shot('02-profile-after-sign-in');

    // The keyboard reaches the skip link first, and it leads to the main content
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Skip to main content');

    // A bad phone number: the error is shown next to the field, nothing is saved, what was typed stays
    await page.fill('#name', 'Kari Nordmann');
    await page.fill('#phone', '12345');
    await page.fill('#postalAddress-line1', 'Storgata 1');
    await page.fill('#postalAddress-postalCode', '0155');
    await page.fill('#postalAddress-city', 'Oslo');
    await page.selectOption('#postalAddress-country', 'NO');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await expect(fieldError('phone')).toContainText('Enter a valid phone number with the country code');
    expect(await page.getAttribute('#phone', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#phone')).toBe('12345');
    expect(await page.inputValue('#name')).toBe('Kari Nordmann');
    await expect(page.locator('#error-summary')).toContainText('Phone number');
    await shot('03-profile-field-error');
    const account = (await api.app.get(AccountsService).findByEmail('kari@example.test'))[0];
    expect(account).toBeDefined();

    // Correct it and save: redirected back with a notice
    await page.fill('#phone', '+47 912 34 567');
    await page.fill('#dateOfBirth', '1990-05-17');
    await page.fill('#company-name', 'Nordmann AS');
    await page.selectOption('#company-size', '2-10');
    await page.selectOption('#company-type', 'private_limited');
    await page.fill('#billingAddress-companyName', 'Nordmann Holding AS');
    await page.fill('#billingAddress-line1', 'Postboks 12');
    await page.fill('#billingAddress-postalCode', '0101');
    await page.fill('#billingAddress-city', 'Oslo');
    await page.selectOption('#billingAddress-country', 'NO');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.waitForURL(/notice=saved/);
    await expect(page.locator('.notice').first()).toHaveText('Your changes are saved.');

    // Reload: the changes are there, and the history says who changed what
    await page.goto(`${api.url}/profile`);
    expect(await page.inputValue('#name')).toBe('Kari Nordmann');
    expect(await page.inputValue('#phone')).toBe('+47 91 23 45 67');
    expect(await page.inputValue('#dateOfBirth')).toBe('1990-05-17');
    expect(await page.inputValue('#postalAddress-city')).toBe('Oslo');
    expect(await page.inputValue('#billingAddress-companyName')).toBe('Nordmann Holding AS');
    expect(await page.inputValue('#company-type')).toBe('private_limited');
    const history = page.locator('#history-title ~ table tbody tr');
    await expect(history.first()).toContainText('you');
    await expect(history.last()).toContainText('sign-in with Google');
    await shot('04-profile-saved');

    // Linked accounts: Google is linked, LinkedIn can be linked
    await expect(page.locator('#linked-accounts')).toContainText('Google');
    await expect(page.locator('#linked-accounts')).toContainText('Link LinkedIn');

    // Norwegian, saved as the account's preference
    await page.locator('header button[lang="nb"]').click();
    await expect(page.locator('h1')).toHaveText('Min profil');
    expect(await page.getAttribute('html', 'lang')).toBe('nb');
    await shot('05-profile-norwegian');
    await page.locator('header button[lang="en"]').click();
    await expect(page.locator('h1')).toHaveText('My Profile');

    // Download my data (JSON): every module, with what it holds about Kari
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    expect(download.suggestedFilename()).toMatch(/^rightsdesk-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = path.join(ARTIFACTS, 'export.json');
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    const profileModule = exported.modules.find((m: { module: string }) => m.module === 'profile');
    expect(profileModule.data.profiles[0]).toMatchObject({ name: 'Kari Nordmann', phone: '+4791234567' });
    expect(exported.modules.find((m: { module: string }) => m.module === 'identity').data.identities[0]).toMatchObject({ provider: 'google' });

    // The readable export
    await page.getByRole('link', { name: 'View my data' }).click();
    await expect(page.locator('h1')).toHaveText('Your data');
    await expect(page.locator('[data-module="profile"]')).toContainText('Kari Nordmann');
    await shot('06-export');

    // The cookie list names every cookie the browser holds for us
    await page.goto(`${api.url}/cookies`);
    const listed = await page.locator('td code').allTextContents();
    const held = (await context.cookies(api.url)).map((c) => c.name);
    expect(held.length).toBeGreaterThan(0);
    for (const name of held) expect(listed).toContain(name);
    await shot('07-cookies');

    // Closing needs a recent sign-in: after 10 minutes the browser goes back to the provider first
    await page.goto(`${api.url}/profile`);
    clock.advance(10 * 60_000);
    await page.check('#confirm-close');
    await page.getByRole('button', { name: 'Close my account' }).click();
    const authorizations = () => idp.seen.filter((r) => r.path === '/authorize').length;
    await waitFor(() => authorizations() >= 2, 'the browser sent back to the provider');
    expect(authorizations()).toBe(2);
    await page.waitForURL(`${api.url}/profile`);
    expect((await api.app.get(AccountsService).findById(account.id))?.status).toBe('active');

    // Now the sign-in is fresh: close the account
    await page.check('#confirm-close');
    await page.getByRole('button', { name: 'Close my account' }).click();
    await page.waitForURL(/notice=closed/);
    await expect(page.locator('h1')).toHaveText('Your account is closed');
    await expect(page.locator('main')).toContainText('15 March 2026');
    expect((await api.app.get(AccountsService).findById(account.id))?.status).toBe('terminated');
    await shot('08-closed');

    // ... and change your mind during the grace period
    await page.getByRole('button', { name: 'Cancel closing and reopen my account' }).click();
    await page.waitForURL(/notice=restored/);
    await expect(page.locator('.notice').first()).toHaveText('Your account is open again. Welcome back.');
    expect((await api.app.get(AccountsService).findById(account.id))?.status).toBe('active');
    await shot('09-reopened');
  });
});

/** A small stand-in for @playwright/test's web-first assertions: waits until the condition holds. */
function expect<T>(actual: T) {
  const base = (globalThis as unknown as { expect: jest.Expect }).expect(actual);
  const locator = actual as unknown as { textContent(): Promise<string | null>; waitFor(o: object): Promise<void> };
  const eventually = async (check: (text: string) => boolean, describe: string) => {
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline) {
      text = ((await locator.textContent().catch(() => '')) ?? '').trim();
      if (check(text)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`expected ${describe}, got "${text}"`);
  };
  return Object.assign(base, {
    toHaveText: (s: string) => eventually((t) => t === s, `text "${s}"`),
    toContainText: (s: string) => eventually((t) => t.includes(s), `text containing "${s}"`),
  });
}
