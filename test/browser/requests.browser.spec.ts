import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { saveScreenshot } from '../support/chromium';
import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { linkIn, uniqueEmail, verifiedRequest } from '../factories/requests';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { IdentityService } from '../../src/modules/identity/identity.service';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts', 'requests');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** The agent console in a real Chromium: sign in, queue, request page, complete an access request; the requester's link works. */
describe('Requests desk in a real browser', () => {
  let idp: FakeOAuthProvider;
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    idp = await FakeOAuthProvider.start();
    sink = await SmtpSink.start();
    api = await startApi({ clock, env: { ...idp.envFor(['google']), SMTP_URL: sink.url, AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
    worker = await startWorker(api.config, { clock });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'en-GB',
      viewport: { width: 1100, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await worker?.close();
    await api?.close();
    await sink?.stop();
    await idp?.stop();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  // The export page can be long: its screenshot is the viewport (a full-page capture of it times out on a busy host).
  const shot = (name: string, fullPage = true) => saveScreenshot(page, path.join(ARTIFACTS, `${name}.png`), { fullPage, timeout: 60000 });

  jest.setTimeout(240000);

  it('an agent signs in, opens the queue and a request, completes an access request, and the requester’s emailed link shows the data', async () => {
    const requester = uniqueEmail('browser');
    const { id } = await verifiedRequest(api, sink, { type: 'access', email: requester, details: 'everything please' });

    const accounts = api.app.get(AccountsService);
    // the agent's account with its Google sign-in (an address alone never links a sign-in to an account)
    const agentAccount = await api.app
      .get(IdentityService)
      .signIn({ provider: 'google', subject: 'g-agent', email: 'agent.ola@example.test', emailVerified: true, name: 'Ola Agent' });
    await accounts.grantRole(agentAccount.id, 'agent', 'system:test');
    await page.goto(`${api.url}/signin`);
    idp.nextUser = { sub: 'g-agent', email: 'agent.ola@example.test', email_verified: true, name: 'Ola Agent' };
    await page.locator('a[data-provider="google"]').click();
    // a first sign-in answers the age screen before anything else
    await page.waitForURL(/\/age-check/);
    await page.fill('#dateOfBirth', '1985-04-02');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${api.url}/profile`);

    await page.getByRole('link', { name: 'Requests desk' }).click();
    await page.waitForURL(`${api.url}/agent/requests`);
    await page.locator(`tr[data-request="${id}"]`).waitFor();
    await shot('01-queue');
    await page.locator(`tr[data-request="${id}"] a`).click();
    await page.waitForURL(`${api.url}/agent/requests/${id}`);
    expect(await page.locator('[data-due-banner]').textContent()).toContain('Due 1 April 2026');
    await shot('02-request');
    await page.locator('button[data-action="complete"]').click();
    await page.waitForURL(`${api.url}/agent/requests/${id}?notice=done`);
    expect(await page.locator('[data-status]').getAttribute('data-status')).toBe('completed');
    await shot('03-completed');

    const mail = await sink.waitFor((m) => m.to.includes(requester) && /copy of your data is ready/.test(m.subject));
    await page.goto(linkIn(mail, '/requests/access'));
    await page.getByRole('button', { name: 'Show my data' }).click();
    await page.locator('pre[data-export]').waitFor();
    expect(await page.locator('pre[data-export]').textContent()).toContain(requester);
    await shot('04-requester-export', false);
  });
});
