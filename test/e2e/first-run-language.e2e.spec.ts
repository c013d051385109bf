import { randomBytes } from 'node:crypto';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { browserAgent } from '../support/http';
import { finishFlow, passAgeCheck, startFlow, stepUp } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

const NORWEGIAN = 'nb-NO,nb;q=0.9,no;q=0.8,en;q=0.5';
const BRITISH = 'en-GB,en;q=0.9';

/** A new account speaks its browser's language until the person chooses one in My Profile. */
describe('Language of pages and mail (Accept-Language at sign-up, the choice in My Profile)', () => {
  let idp: FakeOAuthProvider;
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    sink = await SmtpSink.start();
    api = await startApi({ env: { ...idp.envFor(['google']), SMTP_URL: sink.url, OUTBOX_SWEEP_CRON: '*/2 * * * * *' } });
    worker = await startWorker(api.config);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sink?.stop();
    await idp?.stop();
  });

  /** A first (or later) sign-in from a browser that asks for `language`. */
  async function signInWith(language: string, email: string, agent = browserAgent(api)) {
    const flow = await startFlow(api, idp, 'google', { sub: `g-${email}`, email, email_verified: true, name: 'Språk Person' }, agent);
    const res = await finishFlow(flow).set('Accept-Language', language);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/profile');
    await passAgeCheck(agent);
    return agent;
  }
  const profilePage = (agent: ReturnType<typeof browserAgent>, language: string) =>
    agent.get('/profile').set('Accept', 'text/html').set('Accept-Language', language).expect(200);
  const h1 = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
  /** Closing the account sends mail in the person's language (the worker sends it through SMTP). */
  async function closingMail(agent: ReturnType<typeof browserAgent>, email: string) {
    // closing needs a fresh sign-in made for it (step-up), as in My Profile
    await stepUp(api, idp, { sub: `g-${email}`, email, email_verified: true, name: 'Språk Person' }, agent);
    await agent.post('/api/account/termination').set('Accept-Language', BRITISH).expect(200);
    const mail = await sink.waitFor((m) => m.to.includes(email) && /closed|avsluttet/.test(m.subject));
    await agent.delete('/api/account/termination').expect(204);
    return mail;
  }
  const accountOf = async (email: string) => (await api.app.get(AccountsService).findByEmail(email))[0];

  it('a first sign-in from a Norwegian browser gives Norwegian pages and Norwegian mail', async () => {
    const email = `nora.${randomBytes(3).toString('hex')}@example.test`;
    const agent = await signInWith(NORWEGIAN, email);
    expect(await accountOf(email)).toMatchObject({ locale: 'nb', localeChosen: false });
    const page = await profilePage(agent, NORWEGIAN);
    expect(h1(page.text)).toBe('Min profil');
    expect(page.text).toContain('<html lang="nb"');
    const mail = await closingMail(agent, email);
    expect(mail.subject).toBe('Kontoen din er avsluttet');
    expect(mail.body).toContain('<html lang="nb">');
  });

  it('a first sign-in from an English browser gives English pages and English mail', async () => {
    const email = `emma.${randomBytes(3).toString('hex')}@example.test`;
    const agent = await signInWith(BRITISH, email);
    expect(await accountOf(email)).toMatchObject({ locale: 'en', localeChosen: false });
    expect(h1((await profilePage(agent, BRITISH)).text)).toBe('My Profile');
    const mail = await closingMail(agent, email);
    expect(mail.subject).toBe('Your account is closed');
  });

  it('someone who never chose follows their browser; after choosing English in My Profile a Norwegian browser still gets English', async () => {
    const email = `ola.${randomBytes(3).toString('hex')}@example.test`;
    const agent = await signInWith(NORWEGIAN, email);
    // never chose: the browser decides, page by page and at the next sign-in (for mail)
    expect(h1((await profilePage(agent, BRITISH)).text)).toBe('My Profile');
    await signInWith(BRITISH, email, agent);
    expect(await accountOf(email)).toMatchObject({ locale: 'en', localeChosen: false });
    await signInWith(NORWEGIAN, email, agent);
    expect(await accountOf(email)).toMatchObject({ locale: 'nb', localeChosen: false });

    // chooses English in My Profile (the language form): it sticks
    await agent.post('/profile/language').type('form').send({ locale: 'en' }).expect(303);
    expect(await accountOf(email)).toMatchObject({ locale: 'en', localeChosen: true });
    expect(h1((await profilePage(agent, NORWEGIAN)).text)).toBe('My Profile');
    await signInWith(NORWEGIAN, email, agent);
    expect(await accountOf(email)).toMatchObject({ locale: 'en', localeChosen: true });
    expect(h1((await profilePage(agent, NORWEGIAN)).text)).toBe('My Profile');
    const mail = await closingMail(agent, email);
    expect(mail.subject).toBe('Your account is closed');
    // ?lang= still switches one page
    expect(h1((await agent.get('/profile?lang=nb').set('Accept', 'text/html').expect(200)).text)).toBe('Min profil');
  });
});
