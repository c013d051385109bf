import { MailboxIntakeService } from '../../src/modules/mailbox/mailbox-intake.service';
import { rawEmail } from '../support/imap-server';
import request from 'supertest';
import { PersonalDataRegistry } from '../../src/core/personal-data/personal-data.registry';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { RecipientsService } from '../../src/modules/transfers/recipients.service';
import type { CreateRecipientDto } from '../../src/modules/transfers/dto/recipient.dto';
import { aRecipient, anApiKey, aTransfer } from '../factories/transfers';
import { FakeOAuthProvider } from '../support/fake-oauth-provider';
import { signedInCustomer } from '../support/session-cookie';
import { signIn, stepUp } from '../support/sign-in';
import { startApi, TestApi } from '../support/test-app';

/** Modules that by design hold nothing about a living account (only keyed hashes or receipts after an erasure). */
const HOLDS_NOTHING_BY_DESIGN = new Set(['erasure']);
const BILLING_KEY = 'billing-system-key-0123456789abcdef';
const address = { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' };

describe('GET /api/profile/export (access export, Art. 15/20)', () => {
  let idp: FakeOAuthProvider;
  let api: TestApi;
  beforeAll(async () => {
    idp = await FakeOAuthProvider.start();
    api = await startApi({ env: { ...idp.envFor(['google']), BILLING_API_KEYS: `erp:${BILLING_KEY}` } });
  });
  afterAll(async () => {
    await api.close();
    await idp.stop();
  });

  it('lists everything every module holds about a person with data in all of them, with purposes, legal bases, retention, sources and recipients', async () => {
    // accounts, identity (identity + session), profile (name from the provider)
    const person = { sub: 'g-export', email: 'export@example.test', email_verified: true, name: 'Eksport Person' };
    const { agent } = await signIn(api, idp, 'google', person);
    await stepUp(api, idp, person, agent); // the email change below needs it
    const me = (await api.app.get(AccountsService).findByEmail('export@example.test'))[0];
    // profile: corrections, history and a pending email change; notifications: the outbox and the consent
    await agent
      .patch('/api/profile')
      .send({ phone: '+4791234567', postalAddress: address, company: { name: 'Eksport AS' } })
      .expect(200);
    await agent.post('/api/profile/email').send({ email: 'export.new@example.test' }).expect(202);
    await agent.post('/profile/marketing').type('form').send({ marketing: 'yes' }).expect(303);
    // retention: a legal hold placed by an agent
    const staff = await signedInCustomer(api);
    await api.app.get(AccountsService).grantRole(staff.account.id, 'agent', 'test');
    await staff.post('/api/agent/legal-holds').send({ subjectId: me.subjectId, reason: 'case 2026-17: bookkeeping audit' }).expect(201);
    // requests: a data-rights request the person filed from My Profile
    await agent.post('/api/requests').send({ type: 'access', email: person.email, details: 'what do you hold about me?' }).expect(202);
    // mailbox: an email the person sent to the support address, as the mailbox reader takes it
    const sent = rawEmail({ from: person.email, subject: 'My data', text: 'What data do you hold about me?' });
    await api.app.get(MailboxIntakeService).handle({ key: 'INBOX:1:1', size: sent.length, source: Buffer.from(sent) });
    // testimonials: a quote an agent drafted for this person
    await staff
      .post('/api/agent/testimonials')
      .send({ subjectId: me.subjectId, quote: 'The export works.', display: { name: 'Eksport Person' } })
      .expect(201);
    // billing: an order from the billing system
    await request(api.url)
      .post('/api/internal/billing/orders')
      .set('X-Api-Key', BILLING_KEY)
      .send({
        externalId: 'INV-1',
        subjectId: me.subjectId,
        billingCompany: 'Eksport AS',
        billingAddress: address,
        product: 'Helpdesk Pro',
        amountMinor: 49900,
        currency: 'NOK',
        invoiceDate: '2026-01-31',
      })
      .expect(201);
    // transfers: a disclosure to a subcontractor, recorded by an internal system
    const recipient = await api.app.get(RecipientsService).create(aRecipient({ name: 'Export Hosting Ltd' }) as unknown as CreateRecipientDto, 'test');
    await request(api.url)
      .post('/api/transfers')
      .set('Authorization', `Bearer ${await anApiKey(api.app)}`)
      .send(aTransfer(recipient.id, [me.subjectId], { purpose: 'hosting' }))
      .expect(201);
    // someone else's data must not show up
    const other = await signedInCustomer(api, { email: 'someone.else@example.test' });
    await other.patch('/api/profile').send({ name: 'Somebody Else', phone: '+4798765432' }).expect(200);

    const res = await agent.get('/api/profile/export').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="rightsdesk-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = res.body as {
      subjectId: string;
      modules: {
        module: string;
        holdsNothing: boolean;
        data: Record<string, unknown[]>;
        describes: { collection: string; recipients?: string[]; fields: Record<string, string>[] }[];
      }[];
    };
    expect(doc.subjectId).toBe(me.subjectId);

    // every registered module is there, each describing what it may hold and why
    const registered = api.app
      .get(PersonalDataRegistry)
      .describeAll()
      .map((d) => d.module);
    expect(doc.modules.map((m) => m.module).sort()).toEqual([...registered].sort());
    for (const m of doc.modules) {
      expect(m.describes.length).toBeGreaterThan(0);
      for (const c of m.describes) {
        expect(Array.isArray(c.recipients ?? [])).toBe(true);
        for (const f of c.fields)
          for (const key of ['field', 'category', 'purpose', 'legalBasis', 'retention', 'source']) expect(f[key]).toEqual(expect.any(String));
      }
      if (HOLDS_NOTHING_BY_DESIGN.has(m.module)) expect(m).toMatchObject({ holdsNothing: true, data: {} });
      else expect({ module: m.module, holdsNothing: m.holdsNothing }).toEqual({ module: m.module, holdsNothing: false });
    }

    const data = Object.fromEntries(doc.modules.map((m) => [m.module, m.data]));
    expect(data.accounts.accounts).toEqual([expect.objectContaining({ subjectId: me.subjectId, email: 'export@example.test' })]);
    expect(data.identity.identities).toEqual([expect.objectContaining({ provider: 'google', providerSubject: 'g-export' })]);
    expect(data.identity.sessions.length).toBeGreaterThan(0);
    expect(data.profile.profiles).toEqual([
      expect.objectContaining({ name: 'Eksport Person', phone: '+4791234567', postalAddress: address, company: { name: 'Eksport AS' } }),
    ]);
    expect(data.profile.profile_changes.map((c) => (c as { source: string }).source)).toEqual(expect.arrayContaining(['self', 'provider:google']));
    expect(data.profile.email_change_requests).toEqual([expect.objectContaining({ newEmail: 'export.new@example.test' })]);
    expect(data.notifications.outbox_messages.length).toBeGreaterThan(0);
    expect(data.notifications.notification_preferences).toHaveLength(1);
    expect(data.testimonials.testimonials).toEqual([expect.objectContaining({ quote: 'The export works.', status: 'draft' })]);
    expect(data.retention.legal_holds).toEqual([expect.objectContaining({ reason: 'case 2026-17: bookkeeping audit' })]);
    expect(data.billing.billing_orders).toEqual([expect.objectContaining({ externalId: 'INV-1', billingCompany: 'Eksport AS' })]);
    expect(data.transfers.recipients).toEqual([expect.objectContaining({ name: 'Export Hosting Ltd', kind: 'subcontractor', country: 'IE', why: 'hosting' })]);

    const text = JSON.stringify(doc);
    expect(text).not.toContain('Somebody Else');
    expect(text).not.toContain('someone.else@example.test');
    expect(text).not.toContain('+4798765432');
    expect(JSON.stringify(data.profile)).not.toMatch(/tokenHash|token/);

    // the readable page shows the same, module by module, and says plainly where nothing is held
    const page = await agent.get('/profile/export').set('Accept', 'text/html').expect(200);
    for (const m of doc.modules) expect(page.text).toContain(`data-module="${m.module}"`);
    expect(page.text).toContain('Eksport Person');
    expect(page.text).toContain('case 2026-17: bookkeeping audit');
    expect(page.text).toContain('This part of the service holds no data about you.');
    expect(page.text).toContain(`${doc.modules.filter((m) => !m.holdsNothing).length} of ${doc.modules.length} parts of the service hold data about you.`);
    expect(page.text).not.toContain('Somebody Else');
  });

  it('says plainly when a module holds nothing about a new account', async () => {
    const fresh = await signedInCustomer(api);
    const doc = (await fresh.get('/api/profile/export').expect(200)).body as { modules: { module: string; holdsNothing: boolean }[] };
    expect(doc.modules.find((m) => m.module === 'accounts')?.holdsNothing).toBe(false);
    expect(doc.modules.find((m) => m.module === 'profile')?.holdsNothing).toBe(true);
    expect(doc.modules.find((m) => m.module === 'billing')?.holdsNothing).toBe(true);
  });
});
