import { ManualClock } from '../../src/core/clock/clock';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { finishFlow, signIn, startFlow, stepUp } from '../support/sign-in';
import { startApi, TestApi } from '../support/test-app';

const HTML = 'text/html';

describe('Linked sign-in accounts on My Profile', () => {
  let idp: FakeOAuthProvider;
  let api: TestApi;
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    idp.now = () => clock.now();
    api = await startApi({ clock, env: idp.envFor(['google', 'linkedin']) });
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });

  const linkedSection = (page: string) => page.slice(page.indexOf('id="linked-accounts"'), page.indexOf('id="data-title"'));

  it('lists linked providers, links another, unlinks one but never the last, and sends re-authentication to the provider used last', async () => {
    const { agent } = await signIn(api, idp, 'google', { sub: 'g-link', email: 'link@example.test', email_verified: true, name: 'Link Person' });
    let section = linkedSection((await agent.get('/profile').set('Accept', HTML).expect(200)).text);
    expect(section).toContain('<strong>Google</strong>');
    expect(section).toContain('href="/auth/linkedin?link&#x3D;1"'); // Handlebars escapes = as &#x3D;
    expect(section).not.toContain('/unlink"');

    clock.advance(60_000);
    // linking needs a step-up first
    expect((await agent.get('/auth/linkedin?link=1').expect(302)).headers.location).toBe('/auth/reauth?next=%2Fauth%2Flinkedin%3Flink%3D1');
    await stepUp(api, idp, { sub: 'g-link', email: 'link@example.test', email_verified: true, name: 'Link Person' }, agent);
    clock.advance(1000);
    const flow = await startFlow(
      api,
      idp,
      'linkedin',
      { sub: 'l-link', email: 'link@example.test', email_verified: true, name: 'Link Person' },
      agent,
      '?link=1',
    );
    const back = await finishFlow(flow);
    expect(back.headers.location).toBe('/profile#linked-accounts');
    section = linkedSection((await agent.get('/profile').set('Accept', HTML).expect(200)).text);
    expect(section).toContain('<strong>Google</strong>');
    expect(section).toContain('<strong>LinkedIn</strong>');
    expect(section).toContain('action="/profile/identities/google/unlink"');
    expect(section).toContain('action="/profile/identities/linkedin/unlink"');

    // a stale sign-in is sent back to the provider used last (LinkedIn)
    clock.advance(6 * 60_000);
    const reauth = await agent.post('/profile/email').set('Accept', HTML).type('form').send({ newEmail: 'other@example.test' }).expect(303);
    expect(reauth.headers.location).toBe('/auth/reauth?next=%2Fprofile');
    expect((await agent.get(reauth.headers.location).expect(302)).headers.location).toBe('/auth/linkedin?reauth=1&next=%2Fprofile');
    const api401 = await agent.post('/api/profile/email').send({ email: 'other@example.test' }).expect(401);
    expect(api401.body.message).toContain('/auth/reauth?next=%2Fprofile');

    // unlinking needs the step-up too
    expect((await agent.post('/profile/identities/google/unlink').set('Accept', HTML).type('form').send({}).expect(303)).headers.location).toBe(
      '/auth/reauth?next=%2Fprofile',
    );
    await stepUp(api, idp, { sub: 'l-link', email: 'link@example.test', email_verified: true, name: 'Link Person' }, agent);
    await agent.post('/profile/identities/google/unlink').set('Accept', HTML).type('form').send({}).expect(303);
    const page = (await agent.get('/profile?notice=unlinked').set('Accept', HTML).expect(200)).text;
    expect(page).toContain('The sign-in account is unlinked.');
    section = linkedSection(page);
    expect(section).not.toContain('<strong>Google</strong>');
    expect(section).toContain('<strong>LinkedIn</strong>');
    expect(section).not.toContain('/unlink"');

    // the last way in stays
    const last = await agent.post('/profile/identities/linkedin/unlink').set('Accept', 'application/json').type('form').send({}).expect(409);
    expect(last.body.code).toBe('LAST_SIGN_IN_METHOD');
    await agent.post('/profile/identities/myspace/unlink').set('Accept', 'application/json').type('form').send({}).expect(400);
  });
});
