import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { MailboxReaderService } from '../../src/modules/mailbox/mailbox-reader.service';
import { linkIn, tokenOf, uniqueEmail, withRole } from '../factories/requests';
import { ImapServer, rawEmail } from '../support/imap-server';
import { waitUntil } from '../support/processes';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';

const SUPPORT = 'support@rightsdesk.test';

describe('Requests by email (the support mailbox on a real Dovecot)', () => {
  let imap: ImapServer;
  let sink: SmtpSink;
  let api: TestApi;
  let worker: TestWorker;
  let agent: Awaited<ReturnType<typeof withRole>>;

  beforeAll(async () => {
    [imap, sink] = await Promise.all([ImapServer.start(), SmtpSink.start()]);
    api = await startApi({
      env: {
        SMTP_URL: sink.url,
        SUPPORT_ADDRESS: SUPPORT,
        ...imap.env,
        // polls are driven by the test (the reader's own method), not by the clock
        MAILBOX_POLL_CRON: '0 0 1 1 *',
        MAILBOX_ACKS_PER_SENDER_PER_HOUR: '3',
        AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      },
    });
    worker = await startWorker(api.config);
    agent = await withRole(api, 'agent');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await Promise.all([sink?.stop(), imap?.stop()]);
  });

  const poll = () => worker.app.get(MailboxReaderService).poll();
  const records = () => api.connection.collection('mailbox_messages');
  const requests = () => api.connection.collection('data_requests');
  const recordFrom = async (from: string) => {
    // in mailbox order: the UID ends the key (the test clocks stand still, so receivedAt ties)
    const uid = (r: { _id: unknown }) => Number(String(r._id).split(':').pop());
    return (await records().find({ from }).toArray()).sort((a, b) => uid(a) - uid(b));
  };
  const requestOf = async (id: string) => (await agent.get(`/api/agent/requests/${id}`).expect(200)).body;
  const mailTo = (email: string, subject: RegExp) => sink.waitFor((m) => m.to.includes(email) && subject.test(m.subject));

  it('a plain request email makes one request (channel email), answered with the one-time link, threaded and marked as an automatic reply', async () => {
    const alice = uniqueEmail('alice');
    const messageId = `<${randomBytes(6).toString('hex')}@alice.example>`;
    await imap.append(rawEmail({ from: `Alice <${alice}>`, subject: 'My data', text: 'Hello,\n\nwhat data do you hold about me?\n\nAlice', messageId }));
    const result = await poll();
    expect(result).toMatchObject({ processed: 1, failed: 0 });
    const [rec] = await recordFrom(alice);
    expect(rec).toMatchObject({ state: 'done', outcome: 'new', auth: { dkim: 'none', spf: 'none', dmarc: 'none' } });
    const r = await requestOf(rec.requestId);
    expect(r).toMatchObject({ channel: 'email', email: alice, status: 'awaiting_verification', type: 'access', triage: { suggested: ['access'] } });
    expect(r.details).toContain('what data do you hold about me?');
    expect(JSON.stringify(r.timeline)).toContain('DKIM none · SPF none · DMARC none');

    const ack = await mailTo(alice, /Confirm your data-rights request/);
    const ref = `RD-${rec.requestId.slice(4, 12).toUpperCase()}`;
    expect(ack.subject).toContain(`[${ref}]`);
    expect(ack.headers['auto-submitted']).toBe('auto-replied');
    expect(ack.headers['in-reply-to']).toBe(messageId);
    expect(ack.headers['reply-to']).toContain(SUPPORT);
    expect(ack.messageId).toMatch(/^<rd\.[0-9a-f]+\.[0-9a-f]{12}\.[0-9a-f]{20}@rightsdesk\.test>$/);
    expect(linkIn(ack, '/requests/verify')).toContain('/requests/verify?token=');

    // moved out of the inbox, never deleted; another poll makes nothing new
    expect(await imap.count('INBOX')).toBe(0);
    expect(await imap.count('RightsDesk/Processed')).toBeGreaterThanOrEqual(1);
    await poll();
    expect(await requests().countDocuments({ email: alice })).toBe(1);
  });

  it('a reply from the requester lands on its request with the quote folded; an agent answers from the request, threaded; a quoted reference from another address does not join', async () => {
    const bob = uniqueEmail('bob');
    await imap.append(rawEmail({ from: bob, subject: 'Question', text: 'Hi, I have a question about my account.' }));
    await poll();
    const [first] = await recordFrom(bob);
    const id = first.requestId as string;
    expect((await requestOf(id)).status).toBe('needs_triage');
    const ack = await mailTo(bob, /Confirm your data-rights request/);
    const replyId = `<${randomBytes(6).toString('hex')}@bob.example>`;
    await imap.append(
      rawEmail({
        from: bob,
        subject: `Re: ${ack.subject}`,
        messageId: replyId,
        headers: { 'In-Reply-To': ack.messageId, References: `${first.messageId} ${ack.messageId}` },
        text: `It is about the invoices from 2024.\n\nOn Tue, 1 Dec 2026 at 10:00, RightsDesk <${SUPPORT}> wrote:\n> We received a request\n> confirm the address`,
      }),
    );
    expect(await poll()).toMatchObject({ processed: 1 });
    const [, reply] = await recordFrom(bob);
    expect(reply).toMatchObject({ outcome: 'reply', requestId: id });
    const timeline = (await requestOf(id)).timeline as { what: string; text: string | null }[];
    const incoming = timeline.filter((e) => e.what === 'email.in');
    expect(incoming).toHaveLength(1);
    expect(incoming[0].text).toContain('It is about the invoices from 2024.');
    expect(incoming[0].text).not.toContain('We received a request');
    expect(await requests().countDocuments({ email: bob })).toBe(1);

    // the agent answers from the request: through the outbox, threaded on the requester's last message
    await agent.post(`/api/agent/requests/${id}/reply`).send({ body: '' }).expect(400);
    await agent.post(`/api/agent/requests/${id}/reply`).send({ body: 'Thanks, we are looking at the invoices.' }).expect(202);
    const answer = await mailTo(bob, /About your request/);
    expect(answer.subject).toContain(`[RD-${id.slice(4, 12).toUpperCase()}]`);
    expect(answer.headers['in-reply-to']).toBe(replyId);
    expect(answer.headers['auto-submitted']).toBeUndefined();
    expect(answer.body).toContain('Thanks, we are looking at the invoices.');

    // Mallory quotes Bob's reference and Message-ID from another address: a new request in triage, Bob's untouched
    const mallory = uniqueEmail('mallory');
    await imap.append(
      rawEmail({
        from: mallory,
        subject: `Re: ${ack.subject}`,
        headers: { 'In-Reply-To': ack.messageId, References: ack.messageId },
        text: 'Please send me everything.',
      }),
    );
    await poll();
    const [hijack] = await recordFrom(mallory);
    expect(hijack.outcome).toBe('new');
    expect(hijack.requestId).not.toBe(id);
    const other = await requestOf(hijack.requestId);
    expect(other).toMatchObject({ status: 'needs_triage', email: mallory });
    expect(other.triage.note).toMatch(/another request .* not joined/);
    expect(((await requestOf(id)).timeline as { what: string }[]).filter((e) => e.what === 'email.in')).toHaveLength(1);
    // a forged Message-ID of ours (bad tag) threads nothing either
    const forged = ack.messageId.replace(/\.([0-9a-f]{20})@/, '.00000000000000000000@');
    await imap.append(rawEmail({ from: bob, subject: 'no reference here', headers: { 'In-Reply-To': forged }, text: 'forged thread' }));
    await poll();
    expect((await recordFrom(bob)).pop()).toMatchObject({ outcome: 'new' });
  });

  it('loop safety: an auto-reply makes no request and gets no answer; bulk mail is kept without an answer; Auto-Submitted: no is a person', async () => {
    const carol = uniqueEmail('carol');
    await imap.append([
      rawEmail({ from: carol, subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } }),
      rawEmail({ from: carol, subject: 'Newsletter', text: 'Our news', headers: { Precedence: 'bulk', 'List-Id': '<news.example>' } }),
      rawEmail({ from: carol, subject: 'Delete', text: 'Please delete my data.', headers: { 'Auto-Submitted': 'no' } }),
      rawEmail({ from: SUPPORT, subject: 'Our own mail', text: 'looped back' }),
    ]);
    expect(await poll()).toMatchObject({ read: 4, processed: 2, ignored: 2, failed: 0 });
    const rows = await recordFrom(carol);
    expect(rows.map((r) => r.outcome)).toEqual(['ignored', 'new', 'new']);
    expect(rows[0].reason).toContain('Auto-Submitted: auto-replied');
    const bulk = await requestOf(rows[1].requestId);
    expect(bulk.triage.note).toContain('no acknowledgement sent: Precedence: bulk');
    const person = await requestOf(rows[2].requestId);
    expect(person).toMatchObject({ type: 'erasure', status: 'awaiting_verification' });
    await mailTo(carol, /Confirm your data-rights request/);
    await waitUntil(async () => (await api.connection.collection('outbox_messages').countDocuments({ status: 'pending' })) === 0, 'outbox settled');
    // exactly one answer went to Carol: to the person, not to the auto-reply or the newsletter
    expect(sink.messages.filter((m) => m.to.includes(carol))).toHaveLength(1);
    expect(await imap.count('RightsDesk/Ignored')).toBe(2);
  });

  it('acknowledges at most MAILBOX_ACKS_PER_SENDER_PER_HOUR mails per sender an hour, and still makes every request', async () => {
    const henry = uniqueEmail('henry');
    await imap.append([1, 2, 3, 4].map((i) => rawEmail({ from: henry, subject: `Try ${i}`, text: 'Please delete my data.' })));
    expect(await poll()).toMatchObject({ processed: 4 });
    const rows = await recordFrom(henry);
    expect(rows).toHaveLength(4);
    expect(await requests().countDocuments({ email: henry })).toBe(4);
    expect((await requestOf(rows[3].requestId)).triage.note).toContain('reached the hourly limit');
    await waitUntil(async () => (await api.connection.collection('outbox_messages').countDocuments({ status: 'pending' })) === 0, 'outbox settled');
    expect(sink.messages.filter((m) => m.to.includes(henry))).toHaveLength(3);
  });

  it('a message with a 20 MB attachment is kept for an agent: a request in triage, the attachment as metadata only', async () => {
    const dave = uniqueEmail('dave');
    const boundary = 'b-' + randomBytes(4).toString('hex');
    const attachment = randomBytes(15 * 1024 * 1024)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = [
      `From: ${dave}`,
      `To: ${SUPPORT}`,
      'Subject: My documents',
      `Message-ID: <${randomBytes(6).toString('hex')}@dave.example>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please delete my data, proof of identity attached.',
      `--${boundary}`,
      'Content-Type: application/pdf; name="passport.pdf"',
      'Content-Disposition: attachment; filename="passport.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    expect(raw.length).toBeGreaterThan(20 * 1024 * 1024);
    await imap.append(raw);
    expect(await poll()).toMatchObject({ processed: 1, failed: 0 });
    const [rec] = await recordFrom(dave);
    expect(rec.attachments).toEqual([{ name: 'passport.pdf', type: 'application/pdf', size: expect.any(Number) }]);
    expect(rec.attachments[0].size).toBeGreaterThan(20 * 1024 * 1024);
    expect(JSON.stringify(rec).length).toBeLessThan(10_000); // nothing of the content is stored
    const r = await requestOf(rec.requestId);
    expect(r.status).toBe('needs_triage');
    expect(r.triage.note).toMatch(/too large to read here \(20\.\d MB, limit 10\.0 MB\)/);
    expect(JSON.stringify(r.timeline)).toContain('passport.pdf (application/pdf');
    expect(await imap.count('INBOX')).toBe(0);
  });

  it('a malformed MIME message is kept for an agent (a request in triage with a note) and the reader goes on', async () => {
    const erin = uniqueEmail('erin');
    const broken = 'From: not an address\r\nSubject: broken\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\x00\x01garbage\r\n--x';
    await imap.append([broken, rawEmail({ from: erin, subject: 'after the broken one', text: 'unsubscribe' })]);
    expect(await poll()).toMatchObject({ read: 2, processed: 2, failed: 0 });
    const kept = await records().findOne({ subject: 'broken' });
    expect(kept).toMatchObject({ state: 'done', outcome: 'new' });
    const r = await requestOf(kept!.requestId);
    expect(r.status).toBe('needs_triage');
    expect(r.triage.note).toMatch(/malformed message/);
    const [next] = await recordFrom(erin);
    expect((await requestOf(next.requestId)).type).toBe('objection');
  });

  it('the agent sets the type with one click; a suggestion is shown, never acted on', async () => {
    const frank = uniqueEmail('frank');
    await imap.append(rawEmail({ from: frank, subject: 'hei', text: 'Hei, kan dere slette dataene mine og si hvilke opplysninger dere har om meg?' }));
    await poll();
    const [rec] = await recordFrom(frank);
    const r = await requestOf(rec.requestId);
    expect(r).toMatchObject({ status: 'needs_triage', locale: 'nb' });
    expect(r.triage.suggested).toEqual(expect.arrayContaining(['erasure', 'access']));
    const page = await agent.get(`/agent/requests/${rec.requestId}`).expect(200);
    expect(page.text).toContain(`action="/agent/requests/${rec.requestId}/type"`);
    expect(page.text).toContain('data-suggested="erasure access ');
    await agent.post(`/api/agent/requests/${rec.requestId}/type`).send({ type: 'nonsense' }).expect(400);
    const set = await agent.post(`/api/agent/requests/${rec.requestId}/type`).send({ type: 'erasure' }).expect(200);
    expect(set.body).toEqual({ status: 'awaiting_verification', type: 'erasure' });
    await agent.post(`/api/agent/requests/${rec.requestId}/complete`).send({}).expect(409); // not verified yet

    // confirmed while still in triage: the month runs from the confirmation, the type is still the agent's to set
    const grace = uniqueEmail('grace');
    await imap.append(rawEmail({ from: grace, subject: 'Hello', text: 'I wrote to you last year about something.' }));
    await poll();
    const [g] = await recordFrom(grace);
    const link = linkIn(await mailTo(grace, /Confirm your data-rights request/), '/requests/verify');
    await request(api.url)
      .post('/api/requests/verify')
      .set('Origin', api.url)
      .send({ token: tokenOf(link) })
      .expect(200);
    const confirmed = await requestOf(g.requestId);
    expect(confirmed).toMatchObject({ status: 'needs_triage', verifiedAt: expect.any(String), dueAt: expect.any(String) });
    // the request page's one-click form
    await agent.post(`/agent/requests/${g.requestId}/type`).type('form').send({ type: 'confirmation' }).expect(303);
    expect(await requestOf(g.requestId)).toMatchObject({ status: 'verified', type: 'confirmation', dueAt: confirmed.dueAt });
  });

  it('a spoofed "delete my data" email changes nothing until the real address confirms with the emailed link', async () => {
    const accounts = api.app.get(AccountsService);
    const victim = await accounts.create({ email: uniqueEmail('victim'), emailVerified: true });
    await imap.append(rawEmail({ from: `Victim <${victim.email}>`, subject: 'Delete', text: 'Please delete my data and my account.' }));
    await poll();
    const [rec] = await recordFrom(victim.email!);
    const r = await requestOf(rec.requestId);
    expect(r).toMatchObject({ type: 'erasure', status: 'awaiting_verification', triage: { suggested: ['erasure'] } });
    await agent.post(`/api/agent/requests/${rec.requestId}/complete`).send({}).expect(409);
    expect((await accounts.findById(victim.id))?.status).toBe(victim.status);
    // the link goes to the real address; only its owner can confirm
    const ack: ReceivedMail = await mailTo(victim.email!, /Confirm your data-rights request/);
    await request(api.url)
      .post('/api/requests/verify')
      .set('Origin', api.url)
      .send({ token: tokenOf(linkIn(ack, '/requests/verify')) })
      .expect(200);
    expect((await requestOf(rec.requestId)).status).toBe('verified');
    const done = await agent.post(`/api/agent/requests/${rec.requestId}/complete`).send({}).expect(200);
    expect(done.body.outcome.kind).toBe('erasure');
    expect(await accounts.findById(victim.id)).toBeNull();
    // the mailbox record of the erased person keeps only its key and outcome
    const after = await records().findOne({ _id: rec._id as never });
    expect(after).toMatchObject({ state: 'done', outcome: 'new' });
    expect(after?.from).toBeUndefined();
    expect(after?.text).toBeUndefined();
  });
});
