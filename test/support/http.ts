import request from 'supertest';
import type { TestApi } from './test-app';

/**
 * A supertest agent that keeps cookies and sends our Origin on every request, as a browser on our
 * pages would.
 */
export function browserAgent(api: Pick<TestApi, 'url'>) {
  const agent = request.agent(api.url);
  const origin = new URL(api.url).origin;
  return {
    agent,
    get: (path: string) => agent.get(path).set('Origin', origin),
    post: (path: string) => agent.post(path).set('Origin', origin),
    patch: (path: string) => agent.patch(path).set('Origin', origin),
    put: (path: string) => agent.put(path).set('Origin', origin),
    delete: (path: string) => agent.delete(path).set('Origin', origin),
  };
}
