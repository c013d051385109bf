import request from 'supertest';
import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { ErasureService } from '../../src/modules/erasure/erasure.service';
import { ResidueSweepService } from '../../src/modules/erasure/residue-sweep.service';
import { ApiKeysService } from '../../src/modules/transfers/api-keys.service';
import { RecipientNoticesService } from '../../src/modules/transfers/recipient-notices.service';
import { SuccessorEventsService } from '../../src/modules/transfers/successor-events.service';
import { TransfersService } from '../../src/modules/transfers/transfers.service';
import { aRecipient, anApiKey, aTransfer } from '../factories/transfers';
import { outboxSettled } from '../support/outbox';
import { sessionCookie, signedInCustomer, SignedInClient } from '../support/session-cookie';
import { SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { waitFor } from '../support/wait';

const ACK_LINK = /http:\/\/127\.0\.0\.1:\d+\/transfers\/notices\/([0-9a-f]{24})\/ack\?token=([A-Za-z0-9_-]+)/;

describe('Transfers: recipients, the transfer log, Art. 19 notices and successor events', () => {
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  let admin: { post(p: string): request.Test; get(p: string): request.Test; patch(p: string): request.Test };
  let apiKey: string;
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');

  beforeAll(async () => {
    sink = await SmtpSink.start();
    api = await startApi({ clock, env: { SMTP_URL: sink.url, RATE_LIMIT_PER_MINUTE: '10000', AUTH_RATE_LIMIT_PER_MINUTE: '1000' } });
    worker = await startWorker(api.config, { clock });
    const a = await api.app.get(AccountsService).create({ email: 'admin@example.test', emailVerified: true, roles: ['admin'] });
    const cookie = await sessionCookie(api, a.id);
    const origin = new URL(api.url).origin;
    admin = {
      post: (p) => request(api.url).post(p).set('Cookie', cookie).set('Origin', origin),
      get: (p) => request(api.url).get(p).set('Cookie', cookie),
      patch: (p) => request(api.url).patch(p).set('Cookie', cookie).set('Origin', origin),
    };
    apiKey = await anApiKey(api.app, 'billing');
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await sink.stop();
  });

  const record = (body: Record<string, unknown>, key = apiKey) => request(api.url).post('/api/transfers').set('Authorization', `Bearer ${key}`).send(body);
  const newRecipient = async (overrides: Record<string, unknown> = {}) => {
    const body = aRecipient(overrides);
    const res = await admin.post('/api/admin/recipients').send(body).expect(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    return { id: res.body.id as string, ...body } as { id: string; name: string; noticeEmail: string; [k: string]: unknown };
  };

  describe('recipients registry', () => {
    it('registers a recipient and reads it back; an authority needs its legal reference', async () => {
      const r = await newRecipient({ kind: 'group_company', country: 'se', mechanism: 'bcr', purposes: 'support, hosting' });
      const got = await admin.get(`/api/admin/recipients/${r.id}`).expect(200);
      expect(got.body).toMatchObject({
        id: r.id,
        kind: 'group_company',
        country: 'SE',
        mechanism: 'bcr',
        purposes: ['support', 'hosting'],
        active: true,
        version: 0,
      });
      const missing = await admin
        .post('/api/admin/recipients')
        .send(aRecipient({ kind: 'authority' }))
        .expect(400);
      expect(JSON.stringify(missing.body)).toMatch(/legalReference/);
      const authority = await newRecipient({ kind: 'authority', legalReference: 'Skatteforvaltningsloven § 10-1', country: 'NO', mechanism: 'eea' });
      expect((await admin.get(`/api/admin/recipients/${authority.id}`).expect(200)).body.legalReference).toBe('Skatteforvaltningsloven § 10-1');
      const list = await admin.get('/api/admin/recipients?kind=authority').expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(authority.id);
      expect(list.body.items.every((i: { kind: string }) => i.kind === 'authority')).toBe(true);
    });

    it('refuses bad input with a 4xx naming the field, and stores nothing', async () => {
      const before = await api.connection.collection('transfer_recipients').countDocuments();
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ country: 'XX' }, /country/],
        [{ country: 'Norway' }, /country/],
        [{ kind: 'friend' }, /kind/],
        [{ mechanism: 'handshake' }, /mechanism/],
        [{ categories: ['health'] }, /categor/],
        [{ categories: [] }, /categories/],
        [{ noticeEmail: 'not-an-address' }, /noticeEmail/],
        [{ purposes: [] }, /purposes/],
        [{ activeFrom: '2027-01-01T00:00:00Z', activeUntil: '2026-01-01T00:00:00Z' }, /activeUntil/],
        [{ extra: 'field' }, /extra/],
      ];
      for (const [overrides, field] of cases) {
        const res = await admin.post('/api/admin/recipients').send(aRecipient(overrides));
        expect([res.status, field.test(JSON.stringify(res.body))]).toEqual([400, true]);
      }
      expect(await api.connection.collection('transfer_recipients').countDocuments()).toBe(before);
      await admin.get('/api/admin/recipients/000000000000000000000000').expect(404);
      await admin.get('/api/admin/recipients/nope').expect(400);
    });

    it('updates with a version guard and deactivates; a deactivated recipient receives no new transfers', async () => {
      const r = await newRecipient();
      const updated = await admin.patch(`/api/admin/recipients/${r.id}`).send({ version: 0, name: 'Renamed Ltd' }).expect(200);
      expect(updated.body).toMatchObject({ name: 'Renamed Ltd', version: 1 });
      expect((await admin.patch(`/api/admin/recipients/${r.id}`).send({ version: 0, name: 'Lost update' }).expect(409)).body.code).toBe('RECIPIENT_CHANGED');
      const customer = await signedInCustomer(api);
      await record(aTransfer(r.id, [customer.account.subjectId])).expect(201);
      expect((await admin.post(`/api/admin/recipients/${r.id}/deactivate`).expect(200)).body.active).toBe(false);
      expect((await record(aTransfer(r.id, [customer.account.subjectId])).expect(409)).body.code).toBe('RECIPIENT_INACTIVE');
    });
  });

  describe('API keys and the transfer API', () => {
    it('refuses a missing, malformed, unknown or revoked key, and a browser session, with 401', async () => {
      const r = await newRecipient();
      const body = aTransfer(r.id, ['sub_abcdefghijklmnop']);
      await request(api.url).post('/api/transfers').send(body).expect(401);
      await record(body, 'rdk_nope').expect(401);
      await record(body, `rdk_abcdefgh_${'x'.repeat(43)}`).expect(401);
      const customer = await signedInCustomer(api);
      expect((await customer.post('/api/transfers').send(body).expect(401)).body.code).toBe('INVALID_API_KEY');
      const keys = api.app.get(ApiKeysService);
      const { key, apiKey: stored } = await keys.create('support-tool', 'test');
      await record(aTransfer(r.id, [customer.account.subjectId]), key).expect(201);
      expect((await keys.list()).find((k) => k.id === stored.id)!.lastUsedAt).toBeDefined();
      await keys.revoke(stored.prefix, 'test');
      await record(aTransfer(r.id, [customer.account.subjectId]), key).expect(401);
      // the key itself is stored nowhere: only its keyed hash
      expect(JSON.stringify(await api.connection.collection('api_keys').find({}).toArray())).not.toContain(key.slice(13));
    });

    it('records a disclosure once per idempotency key; the same key with another body is a 409', async () => {
      const r = await newRecipient();
      const people = await Promise.all([signedInCustomer(api), signedInCustomer(api)]);
      const body = aTransfer(
        r.id,
        people.map((p) => p.account.subjectId),
      );
      const first = await record(body).expect(201);
      expect(first.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/) });
      const again = await record(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await api.connection.collection('transfer_log').countDocuments({ key: `t:${first.body.id}` })).toBe(1);
      expect(await api.connection.collection('transfer_subjects').countDocuments({ transferId: first.body.id })).toBe(2);
      const conflict = await record({ ...body, purpose: 'something else' }).expect(409);
      expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      // concurrent retries of one call still record one entry
      const racing = aTransfer(r.id, [people[0].account.subjectId]);
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => record(racing)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await api.connection.collection('transfer_log').countDocuments({ key: `t:${answers[0].body.id}` })).toBe(1);
      // the entry holds opaque ids only
      const entry = await api.connection.collection('transfer_log').findOne({ key: `t:${first.body.id}` });
      expect(entry!.body).toMatchObject({
        type: 'disclosure',
        recipientId: r.id,
        subjectIds: people.map((p) => p.account.subjectId),
        initiatedBy: 'system:billing',
      });
      expect(JSON.stringify(entry)).not.toMatch(/@example\.test/);
      expect((await api.app.get(TransfersService).verify()).ok).toBe(true);
    });

    it('refuses bad transfers with a 4xx naming the problem, and records nothing', async () => {
      const r = await newRecipient({ categories: ['contact'] });
      const before = await api.connection.collection('transfer_log').countDocuments();
      const subject = 'sub_abcdefghijklmnop';
      const cases: [Record<string, unknown>, number, RegExp][] = [
        [aTransfer(r.id, [subject], { categories: ['billing'] }), 400, /CATEGORIES_NOT_AGREED/],
        [aTransfer('000000000000000000000000', [subject]), 404, /RECIPIENT_NOT_FOUND/],
        [aTransfer('nope', [subject]), 400, /recipientId/],
        [aTransfer(r.id, []), 400, /subjectIds/],
        [aTransfer(r.id, ['alice@example.com']), 400, /subjectId/],
        [aTransfer(r.id, [subject, subject]), 400, /subjectIds/],
        [aTransfer(r.id, [subject], { idempotencyKey: 'x' }), 400, /idempotencyKey/],
        [aTransfer(r.id, [subject], { purpose: '' }), 400, /purpose/],
        [aTransfer(r.id, [subject], { legalBasis: undefined }), 400, /legalBasis/],
      ];
      for (const [body, status, problem] of cases) {
        const res = await record(body);
        expect([res.status, problem.test(JSON.stringify(res.body))]).toEqual([status, true]);
      }
      // a subject id that names no account (a typo, someone never here or erased) is refused by name
      const known = await signedInCustomer(api);
      const typo = aTransfer(r.id, [known.account.subjectId, subject]);
      const refused = await record(typo).expect(400);
      expect(refused.body).toMatchObject({ code: 'UNKNOWN_SUBJECTS', errors: [{ field: 'subjectIds' }] });
      expect(refused.body.message).toContain(subject);
      expect(refused.body.message).not.toContain(known.account.subjectId);
      expect(await api.connection.collection('transfer_log').countDocuments()).toBe(before);
      expect(await api.connection.collection('transfer_requests').countDocuments({ _id: { $regex: `:${typo.idempotencyKey}$` } } as never)).toBe(0);
      // the refused call stored nothing, so its corrected retry may reuse the key
      await record({ ...typo, subjectIds: [known.account.subjectId] }).expect(201);
    });
  });

  describe('per person: export, My Profile and Art. 19 notices', () => {
    let kari: SignedInClient;
    let ola: SignedInClient;
    let onlyKari: Awaited<ReturnType<typeof newRecipient>>;
    let onlyOla: Awaited<ReturnType<typeof newRecipient>>;
    let both: Awaited<ReturnType<typeof newRecipient>>;

    beforeAll(async () => {
      kari = await signedInCustomer(api, { email: 'kari.transfer@example.test' });
      ola = await signedInCustomer(api, { email: 'ola.transfer@example.test', locale: 'nb' });
      onlyKari = await newRecipient({ name: 'Kari Only Billing AB', country: 'SE' });
      onlyOla = await newRecipient({ name: 'Ola Only Support AS', kind: 'group_company', country: 'NO', mechanism: 'eea', purposes: ['customer support'] });
      both = await newRecipient({ name: 'Both Hosting Inc', country: 'US', mechanism: 'scc', categories: ['contact', 'technical'] });
      await record(aTransfer(onlyKari.id, [kari.account.subjectId], { categories: ['billing'], purpose: 'payment processing' })).expect(201);
      await record(aTransfer(onlyOla.id, [ola.account.subjectId], { purpose: 'customer support' })).expect(201);
      await record(aTransfer(both.id, [kari.account.subjectId, ola.account.subjectId], { categories: ['technical'], purpose: 'hosting' })).expect(201);
    });

    it('the access export lists every recipient of the person’s data: name, kind, country, categories, when, why', async () => {
      const doc = (await ola.get('/api/profile/export').expect(200)).body;
      const transfers = doc.modules.find((m: { module: string }) => m.module === 'transfers');
      // two transfers recorded in the same instant: the order between them is not the point
      const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
      expect([...transfers.data.recipients].sort(byName)).toEqual([
        {
          name: 'Both Hosting Inc',
          kind: 'subcontractor',
          country: 'US',
          categories: ['technical'],
          when: expect.any(String),
          why: 'hosting',
          legalBasis: expect.any(String),
        },
        {
          name: 'Ola Only Support AS',
          kind: 'group_company',
          country: 'NO',
          categories: ['contact'],
          when: expect.any(String),
          why: 'customer support',
          legalBasis: expect.any(String),
        },
      ]);
      expect(JSON.stringify(transfers.data)).not.toContain('Kari Only');
      const page = await ola.get('/profile/recipients').expect(200);
      expect(page.text).toContain('Ola Only Support AS');
      expect(page.text).toContain('Both Hosting Inc');
      expect(page.text).not.toContain('Kari Only');
      expect(page.text).toContain('Hvem har opplysningene mine'); // her language
      const exportPage = await ola.get('/profile/export').expect(200);
      expect(exportPage.text).toContain('Both Hosting Inc');
    });

    it('erasing one person notifies exactly the recipients that got that person’s data; the other’s export still lists theirs', async () => {
      const result = await api.app.get(ErasureService).eraseSubjects([{ accountId: kari.account.id }], 'request');
      expect(result.erased).toContain(kari.account.id);
      const toKari = await sink.waitFor((m) => m.to.includes(onlyKari.noticeEmail));
      const toBoth = await sink.waitFor((m) => m.to.includes(both.noticeEmail));
      await outboxSettled(api.connection);
      expect(sink.to(onlyOla.noticeEmail)).toEqual([]);
      expect(sink.to(onlyKari.noticeEmail)).toHaveLength(1);
      expect(sink.to(both.noticeEmail)).toHaveLength(1);
      for (const m of [toKari, toBoth]) {
        expect(m.subject).toMatch(/^Erasure of personal data/);
        expect(m.body).toContain(kari.account.subjectId);
        expect(m.body).not.toContain('kari.transfer@example.test');
      }
      // the chain is intact and anonymous; nothing else holds Kari
      expect((await api.app.get(TransfersService).verify()).ok).toBe(true);
      expect(await api.app.get(ResidueSweepService).sweep()).toMatchObject({ residue: 0 });
      // Ola's export is untouched
      const doc = (await ola.get('/api/profile/export').expect(200)).body;
      expect(
        doc.modules
          .find((m: { module: string }) => m.module === 'transfers')
          .data.recipients.map((r: { name: string }) => r.name)
          .sort(),
      ).toEqual(['Both Hosting Inc', 'Ola Only Support AS']);
      // the recipient acknowledges through the link: GET shows the page, only the POST acknowledges
      const [, noticeId, token] = ACK_LINK.exec(toBoth.body.replace(/=\r?\n/g, ''))!;
      const form = await request(api.url).get(`/transfers/notices/${noticeId}/ack?token=${token}`).expect(200);
      expect(form.text).toContain(kari.account.subjectId);
      expect(
        (await api.connection.collection('transfer_recipient_notices').findOne({ key: { $regex: `:${both.id}$` }, subjectId: kari.account.subjectId }))!.status,
      ).toBe('open');
      await request(api.url).get(`/transfers/notices/${noticeId}/ack?token=${token}x`).expect(404);
      await request(api.url).post(`/transfers/notices/${noticeId}/ack`).set('Origin', new URL(api.url).origin).type('form').send({ token }).expect(200);
      const notice = await api.connection.collection('transfer_recipient_notices').findOne({ subjectId: kari.account.subjectId, recipientId: both.id });
      expect(notice).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(Date) });
      // a replay of the erasure event sends nothing twice
      await api.app.get(RecipientNoticesService).onErasureCompleted({ reason: 'request', subjectIds: [kari.account.subjectId], runs: [] });
      await outboxSettled(api.connection);
      expect(sink.to(onlyKari.noticeEmail)).toHaveLength(1);
      // reminders: only the unacknowledged notice is reminded
      clock.advance(8 * DAY_MS);
      expect(await worker.app.get(RecipientNoticesService).remind()).toBe(1);
      await sink.waitFor((m) => m.to.includes(onlyKari.noticeEmail) && /^Reminder:/.test(m.subject));
      await outboxSettled(api.connection);
      expect(sink.to(both.noticeEmail)).toHaveLength(1);
    });

    it('a correction the person makes is passed to the recipients of their data only, and they see who was told', async () => {
      await ola.patch('/api/profile').send({ name: 'Ola Nordmann' }).expect(200);
      const toOla = await sink.waitFor((m) => m.to.includes(onlyOla.noticeEmail) && /^Correction/.test(m.subject)); // in the recipient's language
      expect(toOla.body).toContain('name');
      await sink.waitFor((m) => m.to.includes(both.noticeEmail) && /Correction/.test(m.subject));
      await outboxSettled(api.connection);
      expect(sink.to(onlyKari.noticeEmail).filter((m) => /Correction|Retting/.test(m.subject))).toEqual([]);
      const doc = (await ola.get('/api/profile/export').expect(200)).body;
      const told = doc.modules.find((m: { module: string }) => m.module === 'transfers').data.recipients_told;
      expect(told.map((t: { recipient: string; cause: string }) => `${t.recipient}:${t.cause}`).sort()).toEqual([
        'Both Hosting Inc:rectification',
        'Ola Only Support AS:rectification',
      ]);
      const page = await ola.get('/profile/recipients').expect(200);
      expect(page.text).toContain('retting');
      // audited by subject id only
      const audit = await api.app.get(AuditService).list({ target: ola.account.subjectId, limit: 20 });
      expect(audit.map((a) => a.body.action)).toContain('transfers.art19.rectification');
      expect(JSON.stringify(audit)).not.toContain('ola.transfer@example.test');
    });

    it('a confirmed change of email is a correction the recipients are told of; a change of language or marketing consent is not', async () => {
      const before = sink.messages.length;
      await ola.post('/profile/language').type('form').send({ locale: 'en' }).expect(303);
      await ola.post('/profile/marketing').type('form').send({ marketing: 'yes' }).expect(303);
      expect((await api.connection.collection('profile_changes').find({ accountId: ola.account.id }).toArray()).flatMap((c) => c.fields)).toEqual(
        expect.arrayContaining(['locale', 'marketingConsent']),
      );
      // a change of address needs a recent sign-in: Ola signs in again (the clock has moved on since)
      const fresh = await sessionCookie(api, ola.account.id);
      await request(api.url)
        .post('/api/profile/email')
        .set('Cookie', fresh)
        .set('Origin', new URL(api.url).origin)
        .send({ email: 'ola.moved@example.test' })
        .expect(202);
      const confirm = await sink.waitFor((m) => m.to.includes('ola.moved@example.test'));
      const token = /\/profile\/email\/confirm\?token=([A-Za-z0-9_%-]+)/.exec(confirm.body)![1];
      // nothing is passed on before the person confirms the new address
      await outboxSettled(api.connection);
      expect(sink.messages.slice(before).filter((m) => m.to.includes(onlyOla.noticeEmail))).toEqual([]);
      await request(api.url)
        .post('/api/profile/email/confirm')
        .set('Origin', new URL(api.url).origin)
        .send({ token: decodeURIComponent(token) })
        .expect(200);
      await sink.waitFor((m) => m.to.includes(onlyOla.noticeEmail) && /email/.test(m.body) && sink.messages.indexOf(m) >= before);
      await sink.waitFor((m) => m.to.includes(both.noticeEmail) && /email/.test(m.body) && sink.messages.indexOf(m) >= before);
      await outboxSettled(api.connection);
      const told = await api.connection
        .collection('transfer_recipient_notices')
        .find({ subjectId: ola.account.subjectId, cause: 'rectification', fields: 'email' })
        .toArray();
      expect(told.map((n) => n.recipientId).sort()).toEqual([onlyOla.id, both.id].sort());
      // the settings changed on the way are not corrections: no notice names them, Kari's recipient hears nothing
      expect(await api.connection.collection('transfer_recipient_notices').countDocuments({ fields: { $in: ['locale', 'marketingConsent'] } })).toBe(0);
      expect(sink.messages.slice(before).filter((m) => m.to.includes(onlyKari.noticeEmail))).toEqual([]);
    });
  });

  describe('successor events', () => {
    it('every active account is told once, sees a banner until it acknowledges, and the bulk transfer is logged on the date', async () => {
      const successor = await newRecipient({
        name: 'NewCo Holdings BV',
        kind: 'successor',
        country: 'NL',
        mechanism: 'eea',
        categories: ['contact', 'billing', 'identity'],
      });
      const notSuccessor = await newRecipient();
      const effectiveAt = new Date(clock.now().getTime() + 30 * DAY_MS).toISOString();
      expect(
        (
          await admin
            .post('/api/admin/successor-events')
            .send({ recipientId: notSuccessor.id, effectiveAt, categories: ['contact'] })
            .expect(400)
        ).body.code,
      ).toBe('NOT_A_SUCCESSOR');
      await admin
        .post('/api/admin/successor-events')
        .send({ recipientId: successor.id, effectiveAt: '2020-01-01T00:00:00Z', categories: ['contact'] })
        .expect(400);
      await admin
        .post('/api/admin/successor-events')
        .send({ recipientId: successor.id, effectiveAt, categories: ['content'] })
        .expect(400);
      const customer = await signedInCustomer(api, { email: 'successor.me@example.test' });
      const res = await admin
        .post('/api/admin/successor-events')
        .send({ recipientId: successor.id, effectiveAt, categories: ['contact', 'billing'] })
        .expect(201);
      const eventId = res.body.id as string;
      const mail = await sink.waitFor((m) => m.to.includes('successor.me@example.test') && /NewCo Holdings BV/.test(m.subject));
      expect(mail.body).toMatch(/\/profile#close-title/);
      await waitFor(async () => (await admin.get(`/api/admin/successor-events/${eventId}`)).body.status === 'announced', 'announced');
      const active = await api.connection.collection('accounts').countDocuments({ status: 'active' });
      expect((await admin.get(`/api/admin/successor-events/${eventId}`)).body.notified).toBe(active);
      expect((await customer.get('/api/successor-notices').expect(200)).body.items).toEqual([
        { eventId, successor: 'NewCo Holdings BV', country: 'NL', effectiveAt, categories: ['contact', 'billing'] },
      ]);
      const page = await customer.get('/profile/recipients').expect(200);
      expect(page.text).toContain(`data-successor-banner="${eventId}"`);
      const profile = await customer.get('/profile').expect(200);
      expect(profile.text).toContain('data-successor-banner');
      expect(profile.text).toContain('Your data moves to NewCo Holdings BV');
      expect(profile.text).toContain(`/profile/recipients/successor/${eventId}/acknowledge`);
      await customer.post(`/api/successor-notices/${eventId}/acknowledge`).expect(204);
      expect((await customer.get('/api/successor-notices').expect(200)).body.items).toEqual([]);
      expect((await customer.get('/profile/recipients').expect(200)).text).not.toContain('data-successor-banner');
      expect((await customer.get('/profile').expect(200)).text).not.toContain('data-successor-banner');
      await customer.post('/api/successor-notices/000000000000000000000000/acknowledge').expect(404);
      // a rerun of the fan-out tells nobody twice
      await worker.app.get(SuccessorEventsService).fanOut({ eventId });
      await outboxSettled(api.connection);
      expect(sink.to('successor.me@example.test').filter((m) => /NewCo/.test(m.subject))).toHaveLength(1);
      // before the date nothing moves; on the date the bulk transfer is logged once
      expect(await worker.app.get(SuccessorEventsService).onSchedule()).toBe(0);
      clock.set(new Date(new Date(effectiveAt).getTime() + 60_000));
      expect(await worker.app.get(SuccessorEventsService).onSchedule()).toBe(1);
      expect(await worker.app.get(SuccessorEventsService).onSchedule()).toBe(0);
      const entry = await api.connection.collection('transfer_log').findOne({ key: `s:${eventId}` });
      expect(entry!.body).toMatchObject({
        type: 'successor',
        recipientId: successor.id,
        subjectCount: active,
        subjectsDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const doc = (await customer.get('/api/profile/export').expect(200)).body;
      expect(doc.modules.find((m: { module: string }) => m.module === 'transfers').data.recipients).toContainEqual(
        expect.objectContaining({ name: 'NewCo Holdings BV', kind: 'successor', country: 'NL', categories: ['contact', 'billing'] }),
      );
      expect((await api.app.get(TransfersService).verify()).ok).toBe(true);
    });
  });

  describe('admin pages', () => {
    it('show recipients, the log filtered by recipient, category and date, and successor events, in en and nb; forms create', async () => {
      const r = await newRecipient({ name: 'Paged Recipient GmbH', country: 'DE' });
      const customer = await signedInCustomer(api);
      await record(aTransfer(r.id, [customer.account.subjectId], { categories: ['billing'] })).expect(201);
      expect((await admin.get('/admin/recipients').expect(200)).text).toContain('Paged Recipient GmbH');
      expect((await admin.get('/admin/recipients?lang=nb').expect(200)).text).toContain('Mottakere');
      const log = await admin.get(`/admin/transfers?recipientId=${r.id}&category=billing`).expect(200);
      expect(log.text.match(/data-seq=/g)).toHaveLength(1);
      expect((await admin.get(`/admin/transfers?recipientId=${r.id}&category=identity`).expect(200)).text).not.toContain('data-seq=');
      const day = clock.now().toISOString().slice(0, 10);
      expect((await admin.get(`/admin/transfers?recipientId=${r.id}&from=${day}&to=${day}`).expect(200)).text).toContain('data-seq=');
      expect((await admin.get(`/admin/transfers?recipientId=${r.id}&from=2000-01-01&to=2000-01-02`).expect(200)).text).not.toContain('data-seq=');
      await admin.get('/admin/transfers?from=yesterday').expect(400);
      expect((await admin.get('/admin/successor-events?lang=nb').expect(200)).text).toContain('Etterfølgerhendelser');
      await admin
        .post('/admin/recipients')
        .type('form')
        .send('name=Form+Made+Oy&kind=subcontractor&country=FI&mechanism=eea&purposes=analytics,+support&categories=technical&noticeEmail=dpo%40form.example')
        .expect(303);
      const list = (await admin.get('/api/admin/recipients').expect(200)).body.items;
      expect(list.find((i: { name: string }) => i.name === 'Form Made Oy')).toMatchObject({
        purposes: ['analytics', 'support'],
        categories: ['technical'],
        country: 'FI',
      });
      // customers see none of it
      await customer.get('/admin/transfers').expect(403);
      await customer.get('/api/admin/transfers').expect(403);
      const apiLog = await admin.get(`/api/admin/transfers?recipientId=${r.id}`).expect(200);
      expect(apiLog.body.items).toHaveLength(1);
      expect(apiLog.body.items[0]).toMatchObject({ recipientId: r.id, subjectIds: [customer.account.subjectId], categories: ['billing'] });
    });
  });
});
