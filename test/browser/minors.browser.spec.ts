import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { CHROMIUM_ARGS, chromiumPath, saveScreenshot } from '../support/chromium';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts', 'minors');

/** The age screen at first sign-in in a real Chromium, in English and in Norwegian. */
describe('Age screen in a real browser', () => {
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  let idp: FakeOAuthProvider;
  let api: TestApi;
  let worker: TestWorker;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    idp = await FakeOAuthProvider.start();
    idp.now = () => clock.now();
    api = await startApi({ clock, env: { ...idp.envFor(['google']), AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
    worker = await startWorker(api.config, { clock });
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await idp?.stop();
  });

  jest.setTimeout(120000);

  async function firstSignIn(locale: string, sub: string) {
    const context = await browser.newContext({ locale, viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    return { context, page, signIn: () => signInOn(page, sub) };
  }

  async function signInOn(page: import('playwright-core').Page, sub: string) {
    idp.nextUser = { sub, email: `${sub}@example.com`, email_verified: true, name: `Person ${sub}` };
    await page.goto(`${api.url}/signin`);
    await page.locator('a[data-provider="google"]').click();
    await page.waitForURL(new RegExp(`${api.url}/age-check\\?next=`));
  }

  it('English: a neutral date-of-birth form before the account is usable; an adult date opens My Profile with the date in it', async () => {
    const { context, page, signIn } = await firstSignIn('en-GB', 'browser-en');
    await signIn();
    expect(await page.locator('h1').textContent()).toBe('Your date of birth');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const input = page.locator('input#dateOfBirth');
    expect(await input.getAttribute('type')).toBe('date');
    expect(await input.inputValue()).toBe('');
    expect(await page.locator('form[data-age-check]').innerText()).not.toMatch(/\d/);
    expect(await page.locator('footer a[href^="/children-privacy"]').count()).toBe(1);
    await saveScreenshot(page, path.join(ARTIFACTS, 'age-check-en.png'));
    // the rest of the site waits for the answer
    await page.goto(`${api.url}/profile`);
    await page.waitForURL(/\/age-check/);
    await page.fill('#dateOfBirth', '1990-05-17');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${api.url}/profile`);
    expect(await page.locator('h1').textContent()).toBe('My Profile');
    expect(await page.inputValue('#dateOfBirth')).toBe('1990-05-17');
    await context.close();
  });

  it('Norwegian: a date under 13 ends in a neutral refusal, signed out; another date in the same browser is refused too', async () => {
    const { context, page, signIn } = await firstSignIn('nb-NO', 'browser-nb');
    await signIn();
    expect(await page.locator('h1').textContent()).toBe('Fødselsdatoen din');
    expect(await page.locator('html').getAttribute('lang')).toBe('nb');
    await saveScreenshot(page, path.join(ARTIFACTS, 'age-check-nb.png'));
    await page.fill('#dateOfBirth', '2014-01-01');
    await page.getByRole('button', { name: 'Fortsett' }).click();
    await page.locator('[data-refused]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Vi kan ikke opprette en konto for deg');
    await saveScreenshot(page, path.join(ARTIFACTS, 'refused-nb.png'));
    const accounts = api.app.get(AccountsService);
    const first = (await accounts.findByEmail('browser-nb@example.com'))[0];
    expect(first?.status ?? 'erased').not.toBe('active');

    // the same browser, another account, another date
    await signInOn(page, 'browser-nb-2');
    await page.fill('#dateOfBirth', '1980-01-01');
    await page.getByRole('button', { name: 'Fortsett' }).click();
    await page.locator('[data-refused]').waitFor();
    const second = (await accounts.findByEmail('browser-nb-2@example.com'))[0];
    expect(second?.status ?? 'erased').not.toBe('active');
    await context.close();
  });
});
