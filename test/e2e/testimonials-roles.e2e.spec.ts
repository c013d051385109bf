import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { Role } from '../../src/modules/accounts/schemas/account.schema';
import { aTestimonialDraft } from '../factories/testimonials';
import { sessionCookie } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

type Who = 'anonymous' | 'customer' | 'agent' | 'admin';
const WHO: Who[] = ['anonymous', 'customer', 'agent', 'admin'];

describe('Testimonials role matrix', () => {
  let api: TestApi;
  const cookies: Partial<Record<Who, string>> = {};
  let ownerCookie: string;
  let ownerSubject: string;

  beforeAll(async () => {
    api = await startApi({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_MINUTE: '10000' } });
    const accounts = api.app.get(AccountsService);
    const make = async (roles: Role[]) =>
      accounts.create({ email: `${roles.join('-')}-${Math.random().toString(36).slice(2)}@example.test`, emailVerified: true, roles });
    cookies.customer = await sessionCookie(api, (await make(['customer'])).id);
    cookies.agent = await sessionCookie(api, (await make(['customer', 'agent'])).id);
    cookies.admin = await sessionCookie(api, (await make(['customer', 'admin'])).id);
    const owner = await make(['customer']);
    ownerCookie = await sessionCookie(api, owner.id);
    ownerSubject = owner.subjectId;
  });
  afterAll(() => api.close());

  const call = (who: Who, method: 'get' | 'post' | 'patch', path: string, opts: { html?: boolean; cookie?: string } = {}) => {
    let r = request(api.url)[method](path).set('Origin', new URL(api.url).origin);
    const cookie = opts.cookie ?? cookies[who];
    if (cookie) r = r.set('Cookie', cookie);
    if (opts.html) r = r.set('Accept', 'text/html');
    return r;
  };
  const newId = async () => (await call('agent', 'post', '/api/agent/testimonials').send(aTestimonialDraft(ownerSubject)).expect(201)).body.id as string;

  it('agent API routes: anonymous 401, customer and admin 403, agent allowed', async () => {
    const id = await newId();
    const routes: { method: 'get' | 'post' | 'patch'; path: string; body?: object; agent: number }[] = [
      { method: 'post', path: '/api/agent/testimonials', body: aTestimonialDraft(ownerSubject), agent: 201 },
      { method: 'get', path: '/api/agent/testimonials', agent: 200 },
      { method: 'get', path: `/api/agent/testimonials/${id}`, agent: 200 },
      { method: 'patch', path: `/api/agent/testimonials/${id}`, body: { quote: 'Changed.' }, agent: 200 },
      { method: 'post', path: `/api/agent/testimonials/${id}/consent-request`, agent: 202 },
      { method: 'post', path: `/api/agent/testimonials/${id}/publish`, agent: 409 },
      { method: 'post', path: `/api/agent/testimonials/${id}/consent`, body: { show: ['name'], callReference: 'CALL-1' }, agent: 201 },
      { method: 'post', path: `/api/agent/testimonials/${id}/remove`, agent: 200 },
      { method: 'post', path: `/api/agent/testimonials/${id}/withdraw`, body: {}, agent: 200 },
    ];
    for (const r of routes) {
      const got: Record<string, number> = {};
      for (const who of WHO) got[who] = (await call(who, r.method, r.path).send(r.body ?? {})).status;
      expect({ route: `${r.method} ${r.path}`, ...got }).toEqual({ route: `${r.method} ${r.path}`, anonymous: 401, customer: 403, agent: r.agent, admin: 403 });
    }
  });

  it('agent pages: anonymous sent to sign in, customer and admin 403, agent 200', async () => {
    const id = await newId();
    for (const path of ['/agent/testimonials', `/agent/testimonials/${id}`]) {
      const got = Object.fromEntries(await Promise.all(WHO.map(async (w) => [w, (await call(w, 'get', path, { html: true })).status])));
      expect({ path, ...got }).toEqual({ path, anonymous: 302, customer: 403, agent: 200, admin: 403 });
    }
    for (const path of ['/agent/testimonials', `/agent/testimonials/${id}/remove`]) {
      const got = Object.fromEntries(
        await Promise.all(
          WHO.map(async (w) => [w, (await call(w, 'post', path, { html: true }).type('form').send({ subjectId: ownerSubject, quote: 'Q', name: 'N' })).status]),
        ),
      );
      expect({ path, ...got }).toEqual({ path, anonymous: 401, customer: 403, agent: 303, admin: 403 });
    }
  });

  it('customer decisions: only the person quoted (or the link holder); everyone else refused', async () => {
    const id = await newId();
    await call('agent', 'post', `/api/agent/testimonials/${id}/consent-request`).expect(202);
    for (const path of [`/api/testimonials/${id}/consent`, `/api/testimonials/${id}/withdraw`]) {
      const got = Object.fromEntries(
        await Promise.all(
          WHO.map(async (w) => [w, (await call(w, 'post', path).send(path.endsWith('consent') ? { decision: 'grant', show: ['name'] } : {})).status]),
        ),
      );
      expect({ path, ...got }).toEqual({ path, anonymous: 401, customer: 403, agent: 403, admin: 403 });
    }
    const pagePosts = [`/profile/testimonials/${id}/consent`, `/profile/testimonials/${id}/withdraw`];
    for (const path of pagePosts) {
      const got = Object.fromEntries(
        await Promise.all(WHO.map(async (w) => [w, (await call(w, 'post', path, { html: true }).type('form').send({ decision: 'grant' })).status])),
      );
      expect({ path, ...got }).toEqual({ path, anonymous: 401, customer: 403, agent: 403, admin: 403 });
    }
    await call('customer', 'post', `/api/testimonials/${id}/consent`, { cookie: ownerCookie })
      .send({ decision: 'grant', show: ['name'] })
      .expect(200);
    await call('customer', 'post', `/api/testimonials/${id}/withdraw`, { cookie: ownerCookie }).send({}).expect(200);
  });

  it('public and signed-in pages: the feed and the embed for everyone, My testimonials for anyone signed in, link pages need the token', async () => {
    const id = await newId();
    for (const path of ['/api/public/testimonials', '/testimonials/embed']) {
      const got = Object.fromEntries(await Promise.all(WHO.map(async (w) => [w, (await call(w, 'get', path)).status])));
      expect({ path, ...got }).toEqual({ path, anonymous: 200, customer: 200, agent: 200, admin: 200 });
    }
    const mine = Object.fromEntries(await Promise.all(WHO.map(async (w) => [w, (await call(w, 'get', '/profile/testimonials', { html: true })).status])));
    expect(mine).toEqual({ anonymous: 302, customer: 200, agent: 200, admin: 200 });
    for (const path of [`/testimonials/${id}/consent?token=x`, `/testimonials/${id}/withdraw?token=x`]) {
      const got = Object.fromEntries(await Promise.all(WHO.map(async (w) => [w, (await call(w, 'get', path, { html: true })).status])));
      expect({ path, ...got }).toEqual({ path, anonymous: 404, customer: 404, agent: 404, admin: 404 });
    }
    const nb = await call('anonymous', 'get', '/profile/testimonials', { cookie: ownerCookie, html: true }).query({ lang: 'nb' }).expect(200);
    expect(nb.text).toContain('Mine uttalelser');
  });
});
