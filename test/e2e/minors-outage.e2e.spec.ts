import { ManualClock } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { MinorsJobsService } from '../../src/modules/minors/minors-jobs.service';
import { MinorsService } from '../../src/modules/minors/minors.service';
import { controlledRedis, ControlledServer, waitUntil } from '../support/processes';
import { startApi, startWorker } from '../support/test-app';

describe('Removing a child while the queue is down', () => {
  it('suspends the account at once, and the erasure follows by the resume job once Redis is back', async () => {
    const redis: ControlledServer = await controlledRedis();
    const clock = new ManualClock(new Date());
    const api = await startApi({ clock, env: { REDIS_URL: redis.url } });
    const worker = await startWorker(api.config, { clock });
    const accounts = api.app.get(AccountsService);
    const resume = () => worker.app.get(MinorsJobsService).resumeRemovals();
    try {
      const child = await accounts.create({ email: `outage.child.${Date.now()}@example.test`, emailVerified: true });
      const adult = await accounts.create({ email: `outage.adult.${Date.now()}@example.test`, emailVerified: true });
      await redis.stop('SIGKILL');
      const decision = { signal: 'report' as const, rule: 'under-threshold:default', ruleSource: 'policy default', threshold: 13 };
      // the queue is down: the removal still happens (suspended, decided), the erasure waits
      expect(await api.app.get(MinorsService).remove(child.id, decision, { actor: 'system:minors' })).toBe(true);
      expect((await accounts.findById(child.id))?.status).toBe('suspended');
      await redis.start();
      // a fresh decision is left to the job its removal enqueued
      expect(await resume()).toEqual({ resumed: 0 });
      clock.advance(6 * 60_000);
      // the first runs may still find the worker's Redis connections reconnecting; the job fails and is retried
      await waitUntil(async () => (await resume().catch(() => null))?.resumed === 1, 'the removal resumed');
      await waitUntil(async () => (await accounts.findById(child.id)) === null, 'the child erased');
      expect(await api.connection.collection('erasure_runs').countDocuments({ reason: 'minor' })).toBe(1);
      // nothing left to resume, and nobody else was touched
      expect(await resume()).toEqual({ resumed: 0 });
      expect((await accounts.findById(adult.id))?.status).toBe('active');
    } finally {
      await worker.close();
      await api.close();
      await redis.dispose();
    }
  });
});
