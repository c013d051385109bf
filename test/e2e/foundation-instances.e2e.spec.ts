import request from 'supertest';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { SchedulerService } from '../../src/core/queue/scheduler.service';
import { waitUntil } from '../support/processes';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { AuditJobs } from '../../src/modules/audit/audit.jobs';

describe('Several instances on one database and Redis', () => {
  let apiA: TestApi;
  let apiB: TestApi;
  let workers: TestWorker[];

  beforeAll(async () => {
    apiA = await startApi();
    apiB = await startApi({ config: apiA.config });
    workers = [await startWorker(apiA.config), await startWorker(apiA.config)];
  });

  afterAll(async () => {
    for (const w of workers ?? []) await w.close();
    await apiB?.close({ dropDatabase: false });
    await apiA?.close({ dropDatabase: true });
  });

  it('start cleanly and both APIs are ready', async () => {
    await request(apiA.url).get('/health/ready').expect(200);
    await request(apiB.url).get('/health/ready').expect(200);
  });

  it('run a cron-enqueued job once per slot, however many schedulers tick', async () => {
    const queue = apiA.app.get(JobQueue).raw;
    const slot = new Date('2026-03-01T03:00:10.000Z');
    const schedulers = workers.map((w) => w.app.get(SchedulerService));
    // every scheduler ticks the same slot, several times, concurrently
    await Promise.all(schedulers.flatMap((s) => [s.tick(AuditJobs.AuditVerify, slot), s.tick(AuditJobs.AuditVerify, new Date(slot.getTime() + 15_000))]));
    await waitUntil(async () => (await queue.getCompleted()).some((j) => j.id === `audit-verify:2026-03-01T03:00:00.000Z`), 'slot job completed');
    // the next slot runs again
    await schedulers[1].tick(AuditJobs.AuditVerify, new Date('2026-03-02T03:00:00.000Z'));
    await schedulers[0].tick(AuditJobs.AuditVerify, new Date('2026-03-02T03:00:00.000Z'));
    await waitUntil(async () => (await queue.getCompleted()).some((j) => j.id === `audit-verify:2026-03-02T03:00:00.000Z`), 'next slot completed');
    const ran = (await queue.getCompleted()).filter((j) => j.name === AuditJobs.AuditVerify).map((j) => j.id);
    expect(ran.sort()).toEqual(['audit-verify:2026-03-01T03:00:00.000Z', 'audit-verify:2026-03-02T03:00:00.000Z']);
    expect(await queue.getFailedCount()).toBe(0);
  });
});
