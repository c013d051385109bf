import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { saveScreenshot } from '../support/chromium';
import request from 'supertest';
import { SESSION_COOKIE } from '../../src/core/http/configure-http';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { aTestimonialDraft, asAgent } from '../factories/testimonials';
import { sessionCookie } from '../support/session-cookie';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts', 'testimonials');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** The customer's consent page and My testimonials in a real Chromium. */
describe('Testimonial consent in a real browser', () => {
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    sink = await SmtpSink.start();
    api = await startApi({ env: { SMTP_URL: sink.url } });
    worker = await startWorker(api.config);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'en-GB',
      viewport: { width: 1000, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
    await worker?.close();
    await api?.close();
    await sink?.stop();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => saveScreenshot(page, path.join(ARTIFACTS, `${name}.png`));

  it('grants with a limited scope from the emailed link, shows in the embed, and is withdrawn from My testimonials', async () => {
    const accounts = api.app.get(AccountsService);
    const customer = await accounts.create({ email: 'browser.quote@example.test', emailVerified: true });
    const a = await accounts.create({ email: 'browser.agent@example.test', emailVerified: true, roles: ['customer', 'agent'] });
    const agent = asAgent(api, await sessionCookie(api, a.id));
    const id = (
      await agent
        .post('/api/agent/testimonials')
        .send(
          aTestimonialDraft(customer.subjectId, {
            quote: 'Access requests used to take weeks.',
            display: { name: 'Berit Browser', jobTitle: 'DPO', company: 'Nordlys AS' },
            materialConnection: 'Received a free licence',
          }),
        )
        .expect(201)
    ).body.id;
    await agent.post(`/api/agent/testimonials/${id}/consent-request`).expect(202);
    await sink.waitFor((m) => m.to.includes('browser.quote@example.test'));
    const link = /http:\/\/127\.0\.0\.1:\d+\/testimonials\/[0-9a-f]{24}\/consent\?token=[A-Za-z0-9_-]+/.exec(
      sink.to('browser.quote@example.test')[0].body.replace(/=\r?\n/g, ''),
    )![0];

    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('May we publish your testimonial?');
    await shot('01-consent-page');
    await page.getByLabel(/Name: Berit Browser/).uncheck();
    await page.getByRole('button', { name: 'Yes, publish it' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Your consent is recorded');
    await shot('02-granted');

    await agent.post(`/api/agent/testimonials/${id}/publish`).expect(200);
    await page.goto(`${api.url}/testimonials/embed`);
    expect(await page.locator('body').textContent()).toContain('DPO, Nordlys AS');
    expect(await page.locator('body').textContent()).not.toContain('Berit Browser');
    expect(await page.locator('body').textContent()).toContain('Received a free licence');
    await shot('03-embed');

    const cookie = (await sessionCookie(api, customer.id)).slice(SESSION_COOKIE.length + 1);
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: api.url }]);
    await page.goto(`${api.url}/profile/testimonials`);
    await shot('04-my-testimonials');
    await page.getByRole('button', { name: 'Withdraw my consent' }).click();
    await page.waitForURL(/notice=withdrawn/);
    expect(await page.locator(`[data-testimonial="${id}"] [data-status]`).getAttribute('data-status')).toBe('withdrawn');
    await shot('05-withdrawn');
    expect((await request(api.url).get('/api/public/testimonials').expect(200)).body.map((t: { id: string }) => t.id)).not.toContain(id);
  });
});
