import request from 'supertest';
import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { PoliciesService } from '../../src/modules/notifications/policies.service';
import { signedInCustomer, SignedInClient } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

const HTML = 'text/html,application/xhtml+xml';

/** The form fields the page posts, as a browser would send them. */
const form = (fields: Record<string, string>) => ({
  name: '',
  phone: '',
  dateOfBirth: '',
  'company.name': '',
  'company.size': '',
  'company.type': '',
  'postalAddress.line1': '',
  'postalAddress.line2': '',
  'postalAddress.postalCode': '',
  'postalAddress.city': '',
  'postalAddress.region': '',
  'postalAddress.country': '',
  'billingAddress.companyName': '',
  'billingAddress.line1': '',
  'billingAddress.line2': '',
  'billingAddress.postalCode': '',
  'billingAddress.city': '',
  'billingAddress.region': '',
  'billingAddress.country': '',
  ...fields,
});

/** The markup of one labelled field: label, error and input. */
function fieldHtml(page: string, id: string): string {
  const start = page.lastIndexOf('<div class="field', page.indexOf(`id="${id}"`));
  return page.slice(start, page.indexOf('</div>', page.indexOf(`id="${id}"`)));
}

describe('My Profile pages', () => {
  let api: TestApi;
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  beforeAll(async () => {
    api = await startApi({ clock });
  });
  afterAll(() => api.close());

  let me: SignedInClient;
  beforeEach(async () => {
    me = await signedInCustomer(api);
  });

  it('sends a visitor without a session to sign in, and back to My Profile afterwards', async () => {
    const res = await request(api.url).get('/profile').set('Accept', HTML).expect(302);
    expect(res.headers.location).toBe('/signin?next=%2Fprofile');
  });

  it('shows every section with labelled fields and a CSRF token in each form', async () => {
    const res = await me.get('/profile').set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const page = res.text;
    expect(page).toContain('<html lang="en">');
    for (const id of [
      'name',
      'phone',
      'dateOfBirth',
      'company-name',
      'company-size',
      'company-type',
      'postalAddress-line1',
      'postalAddress-country',
      'billingAddress-companyName',
      'billingAddress-line1',
      'newEmail',
    ]) {
      expect(page).toContain(`<label for="${id}">`);
      expect(page).toContain(`id="${id}"`);
    }
    for (const heading of [
      'Your details',
      'Email address',
      'Newsletters and offers',
      'Linked sign-in accounts',
      'Your data',
      'Change history',
      'Close my account',
    ])
      expect(page).toContain(heading);
    expect(page).toContain(me.account.email!);
    expect(page).toContain('href="/api/profile/export"');
    expect(page).toContain('14 days');
    const forms = page.match(/<form[^>]* method="post"/g)!.length;
    expect(page.match(/name="_csrf" value="[^"]+"/g)!.length).toBe(forms);
  });

  it('shows a field error next to a bad phone number, keeps what was typed, and saves nothing', async () => {
    const res = await me
      .post('/profile')
      .set('Accept', HTML)
      .type('form')
      .send(form({ version: '0', name: 'Kari Nordmann', phone: '12', 'postalAddress.city': 'Oslo' }))
      .expect(400);
    const phone = fieldHtml(res.text, 'phone');
    expect(phone).toContain('class="error"');
    expect(phone).toContain('Enter a valid phone number with the country code');
    expect(phone).toContain('aria-invalid="true"');
    expect(phone).toContain('value="12"');
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('href="#phone"');
    // an address started but not finished names its missing parts
    expect(fieldHtml(res.text, 'postalAddress-line1')).toContain('Enter a value');
    expect(fieldHtml(res.text, 'postalAddress-postalCode')).toContain('Enter a value');
    expect(fieldHtml(res.text, 'postalAddress-country')).toContain('Choose a country');
    expect(fieldHtml(res.text, 'name')).not.toContain('class="error"');
    expect(fieldHtml(res.text, 'name')).toContain('value="Kari Nordmann"');
    expect((await me.get('/api/profile')).body).toMatchObject({ name: null, version: 0 });
  });

  it('saves the form, redirects, and shows the saved values and the change in the history', async () => {
    const res = await me
      .post('/profile')
      .set('Accept', HTML)
      .type('form')
      .send(
        form({
          version: '0',
          name: 'Kari Nordmann',
          phone: '+47 912 34 567',
          dateOfBirth: '1990-05-17',
          'company.name': 'Nordmann AS',
          'company.size': '2-10',
          'company.type': 'private_limited',
          'postalAddress.line1': 'Storgata 1',
          'postalAddress.postalCode': '0155',
          'postalAddress.city': 'Oslo',
          'postalAddress.country': 'NO',
        }),
      )
      .expect(303);
    expect(res.headers.location).toBe('/profile?notice=saved');
    expect((await me.get('/api/profile')).body).toMatchObject({
      name: 'Kari Nordmann',
      phone: '+4791234567',
      billingAddress: null,
      company: { name: 'Nordmann AS', size: '2-10', type: 'private_limited' },
      version: 1,
    });
    const page = (await me.get('/profile?notice=saved').set('Accept', HTML).expect(200)).text;
    expect(page).toContain('Your changes are saved.');
    expect(fieldHtml(page, 'phone')).toContain('value="+47 91 23 45 67"');
    expect(page).toMatch(/<option value="NO" selected>Norway<\/option>/);
    expect(page).toMatch(/<td>name, phone number, company, postal address, date of birth<\/td><td>you<\/td>/);
  });

  it('answers a stale form with 409, saves nothing and shows the current details', async () => {
    await me.patch('/api/profile').send({ name: 'From another tab' }).expect(200);
    const res = await me
      .post('/profile')
      .set('Accept', HTML)
      .type('form')
      .send(form({ version: '0', name: 'From a stale tab' }))
      .expect(409);
    expect(res.text).toContain('changed elsewhere');
    expect(fieldHtml(res.text, 'name')).toContain('value="From another tab"');
    expect((await me.get('/api/profile')).body.name).toBe('From another tab');
  });

  it('accepts a form with the CSRF token and no Origin header, and refuses one with neither', async () => {
    const page = await request(api.url).get('/profile').set('Cookie', me.cookie).set('Accept', HTML).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).find((c) => c.startsWith('rd.csrf='))!;
    const cookies = `${me.cookie}; ${csrfCookie}`;
    await request(api.url)
      .post('/profile')
      .set('Cookie', cookies)
      .set('Accept', HTML)
      .type('form')
      .send(form({ _csrf: token, version: '0', name: 'With token' }))
      .expect(303);
    expect((await me.get('/api/profile')).body.name).toBe('With token');
    await request(api.url)
      .post('/profile')
      .set('Cookie', cookies)
      .set('Accept', HTML)
      .type('form')
      .send(form({ version: '1', name: 'No token' }))
      .expect(403);
    await request(api.url)
      .post('/profile')
      .set('Cookie', cookies)
      .set('Accept', HTML)
      .type('form')
      .send(form({ _csrf: 'forged', version: '1', name: 'Forged' }))
      .expect(403);
    expect((await me.get('/api/profile')).body.name).toBe('With token');
  });

  it('speaks Norwegian to an account that prefers it, and saves a language switch', async () => {
    const nb = await signedInCustomer(api, { locale: 'nb' });
    const page = (await nb.get('/profile').set('Accept', HTML).expect(200)).text;
    expect(page).toContain('<html lang="nb">');
    expect(page).toContain('Min profil');
    expect(page).toContain('<label for="phone">Telefonnummer</label>');

    const bad = await nb
      .post('/profile')
      .set('Accept', HTML)
      .type('form')
      .send(form({ version: '0', phone: 'abc' }))
      .expect(400);
    expect(fieldHtml(bad.text, 'phone')).toContain('Skriv et gyldig telefonnummer');

    await me.post('/profile/language').set('Accept', HTML).type('form').send({ locale: 'nb', next: '/profile' }).expect(303);
    expect((await me.get('/profile').set('Accept', HTML)).text).toContain('Min profil');
    const history = (await me.get('/api/profile/history')).body;
    expect(history[0]).toMatchObject({ fields: ['locale'], source: 'self' });
  });

  it('chooses the language of public pages from Accept-Language, and ?lang= switches it', async () => {
    const nb = await request(api.url).get('/cookies').set('Accept', HTML).set('Accept-Language', 'nb-NO,nb;q=0.9,en;q=0.5').expect(200);
    expect(nb.text).toContain('<html lang="nb">');
    expect(nb.text).toContain('Informasjonskapsler');
    const en = await request(api.url).get('/cookies?lang=en').set('Accept', HTML).set('Accept-Language', 'nb').expect(200);
    expect(en.text).toContain('<html lang="en">');
    const fallback = await request(api.url).get('/cookies').set('Accept', HTML).set('Accept-Language', 'de-DE').expect(200);
    expect(fallback.text).toContain('<html lang="en">');
  });

  it('saves the newsletter preference and records it', async () => {
    await me.post('/profile/marketing').set('Accept', HTML).type('form').send('marketing=no&marketing=yes').expect(303);
    expect((await me.get('/profile').set('Accept', HTML)).text).toMatch(/id="marketing" name="marketing" value="yes" checked/);
    await me.post('/profile/marketing').set('Accept', HTML).type('form').send('marketing=no').expect(303);
    expect((await me.get('/profile').set('Accept', HTML)).text).not.toMatch(/id="marketing" name="marketing" value="yes" checked/);
    const history = (await me.get('/api/profile/history')).body;
    expect(history.map((h: { fields: string[] }) => h.fields[0])).toEqual(['marketingConsent', 'marketingConsent']);
  });

  it('lists every cookie the pages set, with its purpose and lifetime', async () => {
    const list = (await request(api.url).get('/cookies').set('Accept', HTML).expect(200)).text;
    expect(list).toContain('<code>rd.sid</code>');
    expect(list).toContain('<code>rd.csrf</code>');
    expect(list).toContain('30 minutes without use, at most 12 hours after you signed in');
    expect(list).toContain('Until you close the browser');

    const seen = new Set<string>();
    const collect = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).forEach((c) => seen.add(c.split('=')[0]));
    for (const path of ['/', '/cookies', '/profile', '/profile/export']) collect(await me.get(path).set('Accept', HTML));
    collect(
      await me
        .post('/profile')
        .set('Accept', HTML)
        .type('form')
        .send(form({ version: '0', name: 'Kari' })),
    );
    collect(await request(api.url).get('/').set('Accept', HTML));
    expect(seen.size).toBeGreaterThan(0);
    for (const name of seen) expect(list).toContain(`<code>${name}</code>`);
  });

  // Publishes a material change, so every later profile page in this file shows its banner: kept near the end.
  it('shows a material privacy policy change as a banner until the person acknowledges it; a minor one shows nothing', async () => {
    const admin = await signedInCustomer(api);
    const policies = api.app.get(PoliciesService);
    await policies.publish({ version: '2026-cookies', effectiveAt: clock.now(), material: false, summary: 'Updated the cookie list.' }, admin.account);
    await policies.publish(
      { version: '2026-04', effectiveAt: new Date(clock.now().getTime() + 31 * DAY_MS), material: true, summary: 'We add a subcontractor for support email.' },
      admin.account,
    );
    const page = (await me.get('/profile').set('Accept', HTML).expect(200)).text;
    expect(page).toContain('Our privacy policy changes on');
    expect(page).toContain('We add a subcontractor for support email.');
    expect(page).not.toContain('Updated the cookie list.');
    expect(page).toContain('action="/profile/policies/2026-04/acknowledge"');

    const done = await me.post('/profile/policies/2026-04/acknowledge').set('Accept', HTML).type('form').send({}).expect(303);
    expect(done.headers.location).toBe('/profile?notice=policyAcknowledged');
    const after = (await me.get('/profile?notice=policyAcknowledged').set('Accept', HTML).expect(200)).text;
    expect(after).not.toContain('We add a subcontractor for support email.');
    expect(after).toContain('we have noted that you read the policy change');
    const pending = await me.get('/api/policies/pending-acknowledgement').expect(200);
    expect(pending.body.items).toEqual([]);
    // Someone else still sees it, in their language.
    const nb = await signedInCustomer(api, { locale: 'nb' });
    expect((await nb.get('/profile').set('Accept', HTML).expect(200)).text).toContain('Personvernerklæringen vår endres');
    // An unknown version is a clear 404 and records nothing.
    const unknown = await nb.post('/profile/policies/1999-01/acknowledge').type('form').send({}).expect(404);
    expect(unknown.body.code).toBe('POLICY_VERSION_NOT_FOUND');
  });

  it('offers a start page that links to sign-in and My Profile', async () => {
    const page = (await request(api.url).get('/').set('Accept', HTML).expect(200)).text;
    expect(page).toContain('href="/signin"');
    expect(page).toContain('href="/profile"');
    expect(page).toContain('href="/cookies"');
  });
});
