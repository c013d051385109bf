import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import request from 'supertest';
import { QUEUE_NAME } from '../../src/core/queue/job-catalogue';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { signedInCustomer, SignedInClient } from '../support/session-cookie';
import { startApi, TestApi } from '../support/test-app';

/** The Bull dashboard (bull-board) at /admin/queues: admins only, read-only unless the admin confirms a retry. */
describe('Queue dashboard', () => {
  let api: TestApi;
  let admin: SignedInClient;
  let customer: SignedInClient;
  let queue: Queue;

  beforeAll(async () => {
    api = await startApi();
    queue = api.app.get<Queue>(getQueueToken(QUEUE_NAME));
    admin = await signedInCustomer(api);
    await api.app.get(AccountsService).grantRole(admin.account.id, 'admin', 'test');
    customer = await signedInCustomer(api);
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await api?.close();
  });

  /** A job that failed, as a worker leaves it (the job is taken, then fails). */
  async function failedJob() {
    const job = await queue.add('dashboard-test', { accountId: 'a1' }, { attempts: 1 });
    // (jobs retried earlier are waiting too: they fail again on the way)
    for (let i = 0; i < 10 && (await job.getState()) !== 'failed'; i++) {
      const taken = (await queue.getNextJob()) as Job | undefined;
      await taken?.moveToFailed({ message: 'boom (test)' });
    }
    expect(await job.getState()).toBe('failed');
    return job;
  }

  it('sends someone signed out to sign in, and refuses a customer', async () => {
    const anon = await request(api.url).get('/admin/queues').expect(303);
    expect(anon.headers.location).toBe('/signin?next=%2Fadmin%2Fqueues');
    expect((await request(api.url).get('/admin/queues/api/queues').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await customer.get('/admin/queues').expect(403)).body.code).toBe('ROLE_REQUIRED');
    expect((await customer.get('/admin/queues/api/queues').expect(403)).body.code).toBe('ROLE_REQUIRED');
    expect((await customer.get('/admin/queue-retries').expect(403)).body.code).toBe('ROLE_REQUIRED');
  });

  it('shows an admin the queue, read-only: retrying is refused until confirmed', async () => {
    const job = await failedJob();
    const page = await admin.get('/admin/queues').expect(200);
    expect(page.headers['content-type']).toMatch(/html/);
    expect(page.text).toContain('RightsDesk queues (read-only)');
    const queues = await admin.get('/admin/queues/api/queues?activeQueue=rightsdesk&status=failed').expect(200);
    const q = queues.body.queues.find((x: { name: string }) => x.name === QUEUE_NAME);
    expect(q).toMatchObject({ readOnlyMode: true, allowRetries: false });
    expect(q.counts.failed).toBeGreaterThanOrEqual(1);
    expect((await admin.put(`/admin/queues/api/queues/${QUEUE_NAME}/retry/failed`).expect(405)).body.code).toBe('READ_ONLY');
    expect((await admin.put(`/admin/queues/api/queues/${QUEUE_NAME}/${job.id}/retry`).expect(405)).body.code).toBe('READ_ONLY');
    // the retry dashboard first asks for the confirmation
    expect((await admin.get('/admin/queues/retry').expect(303)).headers.location).toBe('/admin/queue-retries');
    expect((await admin.put(`/admin/queues/retry/api/queues/${QUEUE_NAME}/retry/failed`).expect(403)).body.code).toBe('RETRY_NOT_CONFIRMED');
    expect(await job.getState()).toBe('failed');
  });

  it('after the admin confirms, retries a failed job (and only retries)', async () => {
    const job = await failedJob();
    const form = await admin.get('/admin/queue-retries').expect(200);
    expect(form.text).toContain('Retry jobs in the queue dashboard');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    await admin.post('/admin/queue-retries').type('form').send({ _csrf: csrf }).expect(400);
    const ok = await admin.post('/admin/queue-retries').type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    expect(ok.headers.location).toBe('/admin/queues/retry');
    const board = await admin.get('/admin/queues/retry').expect(200);
    expect(board.text).toContain('RightsDesk queues (retries allowed)');
    // cleaning, removing or pausing stays refused
    expect((await admin.put(`/admin/queues/retry/api/queues/${QUEUE_NAME}/clean/failed`).expect(405)).body.code).toBe('RETRY_ONLY');
    expect((await admin.put(`/admin/queues/retry/api/queues/${QUEUE_NAME}/pause`).expect(405)).body.code).toBe('RETRY_ONLY');
    // a request from another site is refused
    await request(api.url)
      .put(`/admin/queues/retry/api/queues/${QUEUE_NAME}/${job.id}/retry`)
      .set('Cookie', admin.cookie)
      .set('Origin', 'https://evil.example')
      .expect(403);
    await admin.put(`/admin/queues/retry/api/queues/${QUEUE_NAME}/${job.id}/retry`).expect(204);
    expect(['waiting', 'active', 'completed']).toContain(await job.getState());
    // and every failed job at once
    const more = await failedJob();
    await admin.put(`/admin/queues/retry/api/queues/${QUEUE_NAME}/retry/failed`).expect(200);
    expect(['waiting', 'active', 'completed']).toContain(await more.getState());
  });
});
