import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestApi } from '../support/test-app';
import type { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { sessionCookie } from '../support/session-cookie';

export const uniqueEmail = (prefix = 'req') => `${prefix}${randomBytes(4).toString('hex')}@example.test`;

/** The first link in a mail to `path` (…/requests/verify?token=…). */
export function linkIn(mail: ReceivedMail, path: string): string {
  const m = new RegExp(`https?://[^\\s"<>]+${path.replace(/[/?]/g, (c) => `\\${c}`)}\\?token=[A-Za-z0-9_-]+`).exec(mail.body);
  if (!m) throw new Error(`no ${path} link in mail "${mail.subject}"`);
  return m[0];
}
export const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

/** A signed-in account holding `role` (agent, admin), with requests carrying its cookie and our Origin. */
export async function withRole(api: TestApi, role: 'agent' | 'admin' | null) {
  const accounts = api.app.get(AccountsService);
  let account = await accounts.create({ email: uniqueEmail(role ?? 'customer'), emailVerified: true });
  if (role) account = await accounts.grantRole(account.id, role, 'system:test');
  const cookie = await sessionCookie(api, account.id);
  const origin = new URL(api.url).origin;
  return {
    account,
    get: (p: string) => request(api.url).get(p).set('Cookie', cookie),
    post: (p: string) => request(api.url).post(p).set('Cookie', cookie).set('Origin', origin),
  };
}

/** Sends a request through the public API and verifies it with the emailed link; returns its id. */
export async function verifiedRequest(api: TestApi, sink: SmtpSink, body: Record<string, unknown>): Promise<{ id: string; email: string }> {
  const email = String(body.email);
  const isVerify = (m: ReceivedMail) => m.to.includes(email) && /Confirm your data-rights request/.test(m.subject);
  const before = sink.messages.filter(isVerify).length;
  const res = await request(api.url).post('/api/requests').set('Origin', api.url).send(body).expect(202);
  // the newest verification mail to this address (an earlier request may have had one)
  await sink.waitFor((m) => isVerify(m) && sink.messages.filter(isVerify).length > before);
  const mail = sink.messages.filter(isVerify)[before];
  await request(api.url)
    .post('/api/requests/verify')
    .set('Origin', api.url)
    .send({ token: tokenOf(linkIn(mail, '/requests/verify')) })
    .expect(200);
  return { id: res.body.id, email };
}
