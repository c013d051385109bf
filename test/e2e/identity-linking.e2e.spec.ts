import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { FakeOAuthProvider, FakeUser } from '../support/fake-oauth-provider';
import { browserAgent } from '../support/http';
import { BrowserAgent, signIn, stepUp } from '../support/sign-in';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

/**
 * Pre-account hijacking (Sudhodanan & Paverd, "Pre-hijacked accounts", 2022): an attacker prepares an
 * account with the victim's address before the victim signs up. None of it may capture anything.
 */
describe('Linking rules: no account is captured through an email address', () => {
  let idp: FakeOAuthProvider;
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  const accounts = () => api.app.get(AccountsService);
  const providersOf = async (accountId: string) => (await api.app.get(IdentityService).list(accountId)).map((i) => i.provider).sort();
  const me = async (agent: BrowserAgent) => (await agent.get('/api/me').expect(200)).body as { id: string; email: string | null; roles: string[] };
  const accountOf = async (agent: BrowserAgent) => (await accounts().findBySubjectId((await me(agent)).id))!;

  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    sink = await SmtpSink.start();
    api = await startApi({
      env: { ...idp.envFor(), SMTP_URL: sink.url, ADMIN_EMAILS: 'chief@example.com,second.chief@example.com', AUTH_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    idp.now = () => api.clock.now();
    worker = await startWorker(api.config, { clock: api.clock });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await sink.stop();
    await idp.stop();
  });

  it('pre-registration: the attacker signs up with Facebook using the victim’s address; the victim’s Google sign-in gets an account of its own and the attacker sees nothing of it', async () => {
    const victim = 'victim.one@example.com';
    const attackerUser: FakeUser = { sub: 'fb-attacker-1', email: victim, name: 'Attacker' };
    const attacker = await signIn(api, idp, 'facebook', attackerUser);
    expect(attacker.response.headers.location).toBe('/profile');
    const planted = await accountOf(attacker.agent);
    expect([planted.email, planted.emailVerified]).toEqual([victim, false]);

    const owner = await signIn(api, idp, 'google', { sub: 'g-victim-1', email: victim, email_verified: true, name: 'Victim One' });
    expect(owner.response.headers.location).toBe('/profile');
    const mine = await accountOf(owner.agent);
    expect(mine.id).not.toBe(planted.id);
    expect([mine.email, mine.emailVerified]).toEqual([victim, true]);
    await owner.agent.patch('/api/profile').send({ name: 'Victim One', phone: '+47 912 34 567' }).expect(200);
    const ownerProfile = (await owner.agent.get('/api/profile').expect(200)).body;
    expect(ownerProfile.phone).toBe('+4791234567');

    // the attacker comes back with Facebook
    const again = await signIn(api, idp, 'facebook', attackerUser);
    expect(again.response.headers.location).toBe('/profile');
    const seen = await me(again.agent);
    expect(seen.id).toBe(planted.subjectId);
    expect(seen.email).toBeNull(); // the planted account lost the address the victim verified
    const theirProfile = (await again.agent.get('/api/profile').expect(200)).body;
    expect(JSON.stringify(theirProfile)).not.toMatch(/912|Victim One|victim\.one/);
    expect(await providersOf(planted.id)).toEqual(['facebook']);
    expect(await providersOf(mine.id)).toEqual(['google']);
    const exported = JSON.stringify((await again.agent.get('/api/profile/export').expect(200)).body);
    expect(exported).not.toMatch(/912|Victim One|g-victim-1/);
  });

  it('email-change variant: the victim confirms a link sent from the attacker’s account; the victim’s later Google sign-in is not merged into it', async () => {
    const victim = 'victim.two@example.com';
    const attackerUser: FakeUser = { sub: 'fb-attacker-2', email: 'attacker.two@example.com', name: 'Attacker Two' };
    const attacker = await signIn(api, idp, 'facebook', attackerUser);
    const planted = await accountOf(attacker.agent);
    await stepUp(api, idp, attackerUser, attacker.agent);
    await attacker.agent.post('/api/profile/email').send({ email: victim }).expect(202);
    const link = await sink.waitFor((m) => m.to.includes(victim) && /confirm/i.test(m.subject));
    const token = /token=([A-Za-z0-9_-]+)/.exec(link.body)![1];

    // the victim, signed in elsewhere to an account of their own, is refused: the link is for another account
    const bystander = await signIn(api, idp, 'linkedin', {
      sub: 'li-bystander-2',
      email: 'bystander.two@example.com',
      email_verified: true,
      name: 'Bystander',
    });
    const refused = await bystander.agent.post('/api/profile/email/confirm').send({ token }).expect(409);
    expect(refused.body.code).toBe('EMAIL_CHANGE_OTHER_ACCOUNT');

    // the victim, not signed in, confirms it: the attacker's account now holds the victim's address
    await request(api.url).post('/api/profile/email/confirm').set('Origin', api.url).send({ token }).expect(200);
    expect((await accounts().findById(planted.id))!.email).toBe(victim);

    // the victim signs up with Google: nothing is linked, no session; the page says an account exists
    const owner = await signIn(api, idp, 'google', { sub: 'g-victim-2', email: victim, email_verified: true, name: 'Victim Two' });
    expect(owner.response.status).toBe(409);
    expect(owner.response.text).toContain('data-code="ACCOUNT_EXISTS"');
    await owner.agent.get('/api/me').expect(401);
    expect(await providersOf(planted.id)).toEqual(['facebook']);
    expect(await api.app.get(IdentityService).findIdentity('google', 'g-victim-2')).toBeNull();
    // the attacker, signing in with Facebook, has no link to the victim's Google identity
    const again = await signIn(api, idp, 'facebook', attackerUser);
    expect((await again.agent.get('/api/identities').expect(200)).body.items.map((i: { provider: string }) => i.provider)).toEqual(['facebook']);
  });

  it('links a new provider after “account already exists” only once the person signs in with the account’s own method, and tells them', async () => {
    const owner: FakeUser = { sub: 'g-owner-3', email: 'owner.three@example.com', email_verified: true, name: 'Owner Three' };
    const first = await signIn(api, idp, 'google', owner);
    const account = await accountOf(first.agent);
    const browser = browserAgent(api);
    const viaLinkedIn = await signIn(api, idp, 'linkedin', { sub: 'li-owner-3', email: owner.email, email_verified: true, name: 'Owner Three' }, browser);
    expect(viaLinkedIn.response.status).toBe(409);
    expect(viaLinkedIn.response.text).toContain('href="/auth/google"');
    await browser.get('/api/me').expect(401);
    expect(await providersOf(account.id)).toEqual(['google']);

    // a different account's method does not complete it
    const other = await signIn(api, idp, 'google', { sub: 'g-other-3', email: 'other.three@example.com', email_verified: true, name: 'Other' }, browser);
    expect(other.response.headers.location).toBe('/profile');
    expect(await api.app.get(IdentityService).findIdentity('linkedin', 'li-owner-3')).toBeNull();

    // again, then the owner's own Google sign-in in the same browser links it
    await signIn(api, idp, 'linkedin', { sub: 'li-owner-3', email: owner.email, email_verified: true, name: 'Owner Three' }, browser);
    const proved = await signIn(api, idp, 'google', owner, browser);
    expect(proved.response.headers.location).toBe('/profile#linked-accounts');
    expect((await me(browser)).id).toBe(account.subjectId);
    expect(await providersOf(account.id)).toEqual(['google', 'linkedin']);
    const notice = await sink.waitFor((m) => m.to.includes(owner.email!) && m.subject === 'A sign-in method was added to your account');
    expect(notice.body).toContain('LinkedIn was linked');
    // the first browser's session ended with the change
    await first.agent.get('/api/me').expect(401);
  });

  it('grants admin from ADMIN_EMAILS only to a provider-verified address at the first sign-in, and never grants a revoked role back', async () => {
    const unverified = await signIn(api, idp, 'facebook', { sub: 'fb-chief', email: 'chief@example.com', name: 'Not the chief' });
    expect((await me(unverified.agent)).roles).toEqual(['customer']);
    await expect(accounts().grantRoleByEmail('chief@example.com', 'agent', 'test')).rejects.toMatchObject({ code: 'EMAIL_UNVERIFIED' });

    const chief: FakeUser = { sub: 'g-chief', email: 'chief@example.com', email_verified: true, name: 'Chief' };
    const real = await signIn(api, idp, 'google', chief);
    const chiefAccount = await accountOf(real.agent);
    expect(chiefAccount.roles).toEqual(['customer', 'admin']);
    expect((await me(unverified.agent)).roles).toEqual(['customer']);

    await accounts().revokeRole(chiefAccount.id, 'admin', 'test');
    const back = await signIn(api, idp, 'google', chief);
    expect((await me(back.agent)).roles).toEqual(['customer']);

    // an existing account whose address is on the list later on gains nothing at sign-in either
    const later: FakeUser = { sub: 'g-second', email: 'second.chief@example.com', email_verified: false, name: 'Second' };
    const s = await signIn(api, idp, 'google', later);
    expect((await me(s.agent)).roles).toEqual(['customer']);
    const s2 = await signIn(api, idp, 'google', { ...later, email_verified: true });
    expect((await me(s2.agent)).roles).toEqual(['customer']);
  });

  it('sends nothing but the verification message to an address nobody verified', async () => {
    const address = 'unverified.five@example.com';
    const fb: FakeUser = { sub: 'fb-five', email: address, name: 'Five' };
    const { agent } = await signIn(api, idp, 'facebook', fb);
    await stepUp(api, idp, fb, agent);
    // closing the account sends a confirmation, but not to an unverified address
    await agent.post('/api/account/termination').expect(200);
    await agent.delete('/api/account/termination').expect(204);
    // verifying the address the account holds: the confirmation link is the one message that goes there
    await agent.post('/api/profile/email').send({ email: address }).expect(202);
    const link = await sink.waitFor((m) => m.to.includes(address));
    expect(link.subject).toBe('Confirm your new email address');
    await agent
      .post('/api/profile/email/confirm')
      .send({ token: /token=([A-Za-z0-9_-]+)/.exec(link.body)![1] })
      .expect(200);
    await sink.waitFor((m) => m.to.includes(address) && m.subject === 'Your email address was changed');
    expect(sink.to(address).map((m) => m.subject)).toEqual(['Confirm your new email address', 'Your email address was changed']);
    expect((await accountOf(agent)).emailVerified).toBe(true);
  });
});
