import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { SchedulerService } from '../../src/core/queue/scheduler.service';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { ErasureReceiptsRepository } from '../../src/modules/erasure/erasure-receipts.repository';
import { ErasureService } from '../../src/modules/erasure/erasure.service';
import { RetentionService } from '../../src/modules/retention/retention.service';
import { buildDist, waitUntil } from '../support/processes';
import { envFor, runNode } from '../support/spawn';
import { startApi, startWorker, TestApi, TestWorker } from '../support/test-app';
import { RetentionJobs } from '../../src/modules/retention/retention.jobs';

describe('Retention across several instances', () => {
  const clock = new ManualClock(new Date('2027-05-01T08:00:00.000Z'));
  let apis: TestApi[];
  let workers: TestWorker[];

  beforeAll(async () => {
    // Batches of 5, so the 12 due accounts make three erase-batch jobs
    const first = await startApi({ clock, env: { ERASURE_BATCH_SIZE: '5' } });
    apis = [first, await startApi({ config: first.config, clock }), await startApi({ config: first.config, clock })];
    workers = [await startWorker(first.config, { clock }), await startWorker(first.config, { clock })];
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    for (const a of apis.slice(1)) await a.close({ dropDatabase: false });
    await apis[0].close({ dropDatabase: true });
  });

  it('runs one scan per slot and one erasure per account with three APIs and two workers', async () => {
    const accounts = apis[0].app.get(AccountsService);
    const created = [];
    for (let i = 0; i < 12; i++) {
      const a = await accounts.create({ email: `multi${i}@example.com`, emailVerified: true });
      // terminations arrive through any API instance
      await apis[i % 3].app.get(RetentionService).terminate(a.id, a.subjectId);
      created.push(a);
    }
    clock.advance(14 * DAY_MS + 60_000);
    // every worker's scheduler ticks the same slot, twice
    await Promise.all(
      workers.flatMap((w) => [w.app.get(SchedulerService).tick(RetentionJobs.RetentionScan), w.app.get(SchedulerService).tick(RetentionJobs.RetentionScan)]),
    );
    const receipts = apis[0].app.get(ErasureReceiptsRepository);
    await waitUntil(async () => (await receipts.count()) === 12, 'twelve erasures', 60000);
    // a late tick in the same slot, and a scan in the next slot, change nothing
    await workers[1].app.get(SchedulerService).tick(RetentionJobs.RetentionScan);
    clock.advance(60 * 60_000);
    await workers[0].app.get(SchedulerService).tick(RetentionJobs.RetentionScan);
    const queue = apis[0].app.get(JobQueue).raw;
    // the next slot's scan ran to the end (the late tick in the first slot added no job)
    await waitUntil(async () => !!(await queue.getJob('retention-scan:2027-05-15T09:01:00.000Z'))?.finishedOn, 'the next slot scanned');
    // a batch writes its receipts before it finishes (residue verification, unscheduling): wait for all three
    await waitUntil(
      async () => (await queue.getJobs(['active', 'waiting', 'delayed'])).every((j) => j.name !== RetentionJobs.EraseBatch),
      'the erase batches finished',
      30000,
    );
    const done = await queue.getCompleted(0, 10000);
    const scans = done.filter((j) => j.name === RetentionJobs.RetentionScan);
    expect(scans.map((j) => j.id).sort()).toEqual(['retention-scan:2027-05-15T08:01:00.000Z', 'retention-scan:2027-05-15T09:01:00.000Z']);
    const batches = done.filter((j) => j.name === RetentionJobs.EraseBatch);
    expect(batches.map((j) => String(j.id).split(':').slice(0, 4).join(':'))).toEqual(Array(3).fill('erase-batch:2027-05-15T08:01:00.000Z'));
    expect(batches.map((j) => (j.data as { accountIds: string[] }).accountIds.length).sort()).toEqual([2, 5, 5]);
    expect(batches.flatMap((j) => (j.data as { accountIds: string[] }).accountIds).sort()).toEqual(created.map((a) => a.id).sort());
    expect(batches.reduce((n, j) => n + (j.returnvalue as { erased: number }).erased, 0)).toBe(12);
    expect(await receipts.count()).toBe(12);
    const receiptRuns = await Promise.all(created.map(async (a) => (await receipts.findByRun(apis[0].app.get(ErasureService).runIdOf(a.id)))?.body.run));
    expect(new Set(receiptRuns).size).toBe(12);
    for (const a of created) expect(await accounts.findById(a.id)).toBeNull();
  });
});

describe('retention:purge and erasure:verify on the command line', () => {
  it('reports what a purge would erase and keep, then purges as of --now, and verifies the receipts', async () => {
    buildDist();
    const clock = new ManualClock(new Date('2027-06-01T00:00:00.000Z'));
    const api = await startApi({ clock });
    try {
      const accounts = api.app.get(AccountsService);
      const a = await accounts.create({ email: 'cli-purge@example.com', emailVerified: true });
      await api.app.get(RetentionService).terminate(a.id, a.subjectId);
      const env = envFor(api.config);
      const early = await runNode('cli.js', ['retention:purge', '--dry-run', '--now', '2027-06-10T00:00:00Z'], env);
      expect(early.code).toBe(0);
      expect(early.stdout).toContain('0 account(s) due');
      const dry = await runNode('cli.js', ['retention:purge', '--dry-run', '--now', '2027-06-16T00:00:00Z'], env);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('1 account(s) due');
      expect(dry.stdout).toContain(a.subjectId);
      expect(dry.stdout).toMatch(/erase\s+accounts\/accounts: 1/);
      expect(dry.stdout).not.toContain('cli-purge@example.com');
      expect(await accounts.findById(a.id)).not.toBeNull();
      const bad = await runNode('cli.js', ['retention:purge', '--now', 'next tuesday'], env);
      expect(bad.code).toBe(2);
      const run = await runNode('cli.js', ['retention:purge', '--now', '2027-06-16T00:00:00Z'], env, 60000);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('erased 1, held 0, failed 0; residue sweep: 1 verified, 0 with residue');
      expect(await accounts.findById(a.id)).toBeNull();
      const verify = await runNode('cli.js', ['erasure:verify'], env);
      expect(verify.code).toBe(0);
      expect(verify.stdout.trim()).toMatch(/^erasure receipts intact: 1 receipts; signed checkpoint \S+0001\.checkpoint$/);
    } finally {
      await api.close();
    }
  });
});
