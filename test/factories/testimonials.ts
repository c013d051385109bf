import request from 'supertest';
import type { TestApi } from '../support/test-app';

let n = 0;

/** The body of POST /api/agent/testimonials for a customer, unique text unless given. */
export function aTestimonialDraft(
  subjectId: string,
  overrides: Partial<{ quote: string; display: { name: string; jobTitle?: string; company?: string }; materialConnection: string }> = {},
) {
  n++;
  return {
    subjectId,
    quote: overrides.quote ?? `RightsDesk answered our access requests within a day (${process.pid}-${n}).`,
    display: overrides.display ?? { name: `Kari Nordmann ${n}`, jobTitle: 'CTO', company: 'Fjord AS' },
    ...(overrides.materialConnection !== undefined ? { materialConnection: overrides.materialConnection } : {}),
  };
}

/** An agent's request helper: the agent's session cookie and our Origin. */
export function asAgent(api: TestApi, cookie: string) {
  const origin = new URL(api.url).origin;
  return {
    get: (p: string) => request(api.url).get(p).set('Cookie', cookie),
    post: (p: string) => request(api.url).post(p).set('Cookie', cookie).set('Origin', origin),
    patch: (p: string) => request(api.url).patch(p).set('Cookie', cookie).set('Origin', origin),
  };
}
